/*
 * cmd.h - the command table: what each command needs is declared here,
 * not repeated in each command (git's RUN_SETUP | NEED_WORK_TREE).
 */
#ifndef CLI_CMD_H
#define CLI_CMD_H

#include <stdarg.h>
#include <stdint.h>

#include "cli.h"

#define NEED_GRAPH 0x1u /* the graph is loaded (and its warnings shown) */
#define NEED_DB 0x2u    /* talks to a database (or, --sql, its dialect) */
#define JSON_RUN 0x4u   /* --format json: a failure is a JSON object on
			 * stdout too (cli_json_failed) */

/* which command options a command accepts, one bit per OPT_* (there are
 * more than 32 of them) */
#define ACCEPT(id) ((uint64_t)1 << (id))

struct cli_cmd {
	const char *name;
	int (*fn)(struct cli *cli, struct cli_err *d);
	unsigned flags;
	uint64_t accepts;
	size_t min_args, max_args;
	const char *usage;
};

const struct cli_cmd *cli_find_cmd(const char *name);
/* Parses the command's own options and arguments into cli->args. */
int cli_parse_cmd(struct cli *cli, const struct cli_cmd *cmd, int argc,
		  char **argv, int i, struct cli_err *d);
/* Opens the (lazy) context, loads the graph if the command needs it. */
int cli_setup(struct cli *cli, const struct cli_cmd *cmd, struct cli_err *d);

int cmd_upgrade(struct cli *cli, struct cli_err *d);
int cmd_downgrade(struct cli *cli, struct cli_err *d);
int cmd_current(struct cli *cli, struct cli_err *d);
int cmd_heads(struct cli *cli, struct cli_err *d);
int cmd_branches(struct cli *cli, struct cli_err *d);
int cmd_history(struct cli *cli, struct cli_err *d);
int cmd_show(struct cli *cli, struct cli_err *d);
int cmd_stamp(struct cli *cli, struct cli_err *d);
int cmd_init(struct cli *cli, struct cli_err *d);
int cmd_revision(struct cli *cli, struct cli_err *d);
int cmd_merge(struct cli *cli, struct cli_err *d);
int cmd_check(struct cli *cli, struct cli_err *d);
int cmd_lint(struct cli *cli, struct cli_err *d);
int cmd_verify(struct cli *cli, struct cli_err *d);
int cmd_diff(struct cli *cli, struct cli_err *d); /* issue 15 */
/* cmd_verify.c: a revision's progress line (MIGRATOR_EVENT_VERIFY_*). */
void cli_verify_event(struct cli *cli, const struct migrator_event *ev);
int cmd_dump(struct cli *cli, struct cli_err *d);
int cmd_load(struct cli *cli, struct cli_err *d);
/* issue 17: switching from another tool */
int cmd_import(struct cli *cli, struct cli_err *d);
int cmd_adopt(struct cli *cli, struct cli_err *d);
/* cmd_import_alembic.c: runs the Alembic converter (Python) and returns
 * its exit status. */
int cli_import_alembic(struct cli *cli, const char *src, const char *dir,
		       struct cli_err *d);

/* output.c: terminals and colour.  Colour only on a terminal, never with
 * NO_COLOR set or TERM=dumb. */
int cli_is_tty(FILE *f);
int cli_colour(FILE *f);
/* A progress line left open on f (a terminal) until its step ends; take
 * returns 1 (and forgets it) when the open line is f's; break ends an open
 * line with a newline before other output (cli_warn, cli_print_err). */
void cli_progress_open(FILE *f);
/* Text from outside (file names and paths, revision messages, database,
 * server and plugin messages) as the terminal may see it: control
 * characters, C1 controls and bytes that are not UTF-8 are written as
 * \\n, \\t, \\r or \\xNN, so a file named with an escape sequence cannot
 * drive the terminal.  The one place that does it, for every human-
 * readable output (JSON has its own escaping, cli_json_str). */
void cli_put_text(FILE *f, const char *s);
void cli_put_textf(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_vput_textf(FILE *f, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Length of the valid UTF-8 sequence at s (2 to 4), or 0. */
size_t cli_utf8_len(const unsigned char *s);
int cli_progress_take(FILE *f);
void cli_progress_break(void);

/* progress.c (issue 20): a run's count and times, and on a terminal the
 * "[n/N] " before a step's line (cli_progress_counter), " (about 9 s
 * left)" on its open line once a few ran, the "N migrations in T s"
 * line at the end. */
void cli_progress_started(struct cli_progress *p);
void cli_progress_ran(struct cli_progress *p, unsigned long ms);
void cli_progress_counter(FILE *f, size_t number, size_t count);
/* Also keeps the step in p->open_text etc. (cli_progress_ran forgets
 * it), and whether the line shows an estimate. */
void cli_progress_eta(FILE *f, struct cli_progress *p,
		      const struct migrator_event *ev);
void cli_progress_free(struct cli_progress *p);
void cli_progress_summary(FILE *f, const struct cli_progress *p);

/* cmd_upgrade.c: progress and notices from the library (its events). */
void cli_on_event(const struct migrator_event *ev, void *payload);
void cli_ran_free(struct cli *cli);
/* cmd_upgrade.c: a JSON_RUN command with --format json failed: its object
 * on stdout, with what ran and the error (d holds it). */
void cli_json_failed(struct cli *cli, const struct cli_cmd *cmd,
		     const struct cli_err *d);

/* fleets (issue 18).  fleet_opts.c: a fleet option into a; the fleet
 * options' rules once all are parsed (-j without targets, --sql). */
int cli_fleet_opt(struct cli_args *a, enum cli_opt_id id, const char *arg,
		  struct cli_err *d);
int cli_fleet_check_args(const struct cli_args *a, struct cli_err *d);
/* fleet_run.c: runs cmd once per target of the fleet, each in a child
 * process of its own, and prints the summary. */
int cli_fleet_run(struct cli *cli, const struct cli_cmd *cmd,
		  struct cli_err *d);

#endif
