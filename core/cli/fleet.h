/*
 * fleet.h - what the fleet_*.c files share (issue 18): a fleet run is a
 * list of targets, each run by a child process of its own (the ordinary
 * single-target command, through the library); the parent schedules
 * them, prefixes their output lines with the target's name and prints
 * the summary.
 */
#ifndef CLI_FLEET_H
#define CLI_FLEET_H

#include <sys/types.h>

#include "cmd.h"

/* A child's stdout, stderr and report pipe, read line by line. */
enum { FLEET_OUT, FLEET_ERR, FLEET_REP, FLEET_NFD };
struct fleet_buf {
	char *p;
	size_t len, cap;
};

enum fleet_state { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_SKIPPED };

struct fleet_job {
	const struct cli_target *t;
	enum fleet_state state;
	pid_t pid;
	int fd[FLEET_NFD]; /* -1: closed */
	struct fleet_buf buf[FLEET_NFD];
	unsigned long started_ms, ms;
	int status; /* waitpid's */
	/* from the child's report (fleet_child.c); NULL: not reported */
	char *from, *to, *heads, *error;
	unsigned long ran;
	int code; /* the child's MIGRATOR_E* code; 0: success */
};

struct fleet {
	struct cli *cli;
	const struct cli_cmd *cmd;
	struct cli_targets targets;
	struct fleet_job *jobs;
	size_t n, done, running, failed;
	unsigned jobs_max;
	int progress; /* a progress line on stderr (a terminal) */
	int progress_shown;
	migrator_ctx **preloaded; /* fleet_preload.c */
	size_t n_preloaded;
};

/* fleet_targets.c: the targets the options pick, in order. */
int cli_fleet_targets(struct cli_targets *out, struct cli *cli,
		      struct cli_err *d);

/* fleet_preload.c: each URL scheme's driver loaded in the parent before
 * the children start (they then find it loaded), and closed after. */
void cli_fleet_preload(struct fleet *f);
void cli_fleet_unload(struct fleet *f);

/* fleet_child.c: in the child, after fork(): runs cmd on target t with
 * stdout and stderr on out and err, writes its report on rep, exits. */
void cli_fleet_child(struct cli *cli, const struct cli_cmd *cmd,
		     const struct cli_target *t, int out, int err, int rep)
	__attribute__((noreturn));

/* fleet_lines.c: a child's output. */
/* Reads what fd has into b; each whole line goes to on_line (without its
 * newline); at end of file (returns 1) a last unterminated line too.  0:
 * more to come; -1: a read error (the pipe is then done). */
int cli_fleet_read(int fd, struct fleet_buf *b,
		   void (*on_line)(void *arg, const char *line), void *arg);
void cli_fleet_buf_free(struct fleet_buf *b);
/* The line "NAME: text" on f, the progress line cleared first. */
void cli_fleet_print(struct fleet *f, FILE *out, const char *name,
		     const char *text);
/* The progress line "37/500 done, 2 running, 1 failed" on a terminal;
 * clear: takes it away (before the summary). */
void cli_fleet_progress(struct fleet *f);
void cli_fleet_progress_clear(struct fleet *f);

/* fleet_report.c: the summary table, the JSON objects, or current's
 * revisions with their targets. */
const char *cli_fleet_result(const struct fleet_job *j);
int cli_fleet_ok(const struct fleet_job *j);
void cli_fleet_report(const struct fleet *f);

#endif
