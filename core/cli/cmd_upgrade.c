/*
 * cmd_upgrade.c - `upgrade` and `downgrade`: online, --dry-run and --sql.
 *
 * Text output: one line per migration on stdout,
 *   upgrade <base> -> 3f2a9c1b7d4e  add budget alerts  (12 ms)
 *   upgrade 5a.., 6b.. -> 7c..  merge  (0 ms)           (a merge point)
 *   downgrade 3f2a9c1b7d4e -> <base>  add budget alerts  (3 ms)
 * the revision's own links (the stamp rows may differ on branchy graphs),
 * two spaces, the message, two spaces, the time it took.  Nothing when
 * already there; -q prints none.
 *
 * When the line appears: a long migration must show what is running, and a
 * log must keep one line per migration.  So on a terminal the line is
 * printed when the migration starts, ending in " ...", and completed in
 * place ("\r", erase the line) with the time when it is done, or with
 * "failed"; anything printed meanwhile ends it first (output.c).  Into a
 * pipe or a file the line is printed once, when the migration is done (the
 * error names a revision that fails); with -v also when it starts, ending
 * in " ...", so a log shows what is running.  Colour (the verb, the time,
 * "failed") only on a terminal, never with NO_COLOR.
 *
 * --dry-run prints the same lines with "(dry run)" in place of the time.
 *
 * upgrade --verify runs each revision's "-- migrator:verify" section after
 * its statements, in its transaction; one that fails rolls the revision
 * back like a failing statement (migrator_upgrade_ext()).  --dry-run
 * lists the same steps with it or without; --sql refuses it (cmd.c).
 *
 * --format json prints one object on stdout, also after a failure, and no
 * progress lines there (with -v they go to stderr, as into a file):
 *   {"direction":"upgrade","dry_run":false,
 *    "revisions":[{"revision":"3f2a9c1b7d4e","from":["1975ea83b712"],
 *                  "to":["3f2a9c1b7d4e"],"message":"...","elapsed_ms":12}],
 *    "error":null}
 * "from"/"to": upgrade from the revision's parents to it, downgrade from
 * it to its parents ([] is base); "elapsed_ms" is absent in a dry run.
 * "error" null and an empty "revisions" list: nothing to do.  After a
 * failure (any, from a bad target to a failed migration) "revisions" holds
 * what ran and committed before it, and "error" what stderr says:
 *   "error":{"exit_code":1,"message":"statement failed in revision ...",
 *            "file":"migrations/...sql","line":14,"revision":"...",
 *            "detail":"...","hint":null,"sqlstate":"42P01"}
 * (each member but exit_code and message may be null).
 *
 * Database notices and other -v chatter go to stderr.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* SGR colours of the line's parts. */
#define SGR_UP "\033[32m"     /* green: upgrade */
#define SGR_DOWN "\033[33m"   /* yellow: downgrade */
#define SGR_DIM "\033[2m"     /* the time */
#define SGR_FAIL "\033[1;31m" /* failed */
#define SGR_OFF "\033[0m"

/* The step's line ("upgrade A -> B  message"), the verb in colour,
 * without an end. */
static void print_step_text(FILE *f, int colour, const char *text, int down)
{
	size_t verb = strcspn(text, " ");

	if (colour)
		fprintf(f, "%s%.*s%s", down ? SGR_DOWN : SGR_UP, (int)verb,
			text, SGR_OFF);
	else
		fprintf(f, "%.*s", (int)verb, text);
	cli_put_text(f, text + verb);
}

static void print_step(FILE *f, int colour, const migrator_step *st)
{
	print_step_text(f, colour, migrator_step_text(st),
			migrator_step_direction(st) == MIGRATOR_DOWNGRADE);
}

/* The end of a line: "  (12 ms)", "  (dry run)", "  failed". */
static void print_end(FILE *f, int colour, const char *sgr, const char *text)
{
	if (colour)
		fprintf(f, "  %s%s%s\n", sgr, text, SGR_OFF);
	else
		fprintf(f, "  %s\n", text);
	fflush(f);
}

static void step_start(struct cli *cli, FILE *f,
		       const struct migrator_event *ev)
{
	int tty = !cli->args.json && cli_is_tty(f);

	if (!tty && !cli->verbose)
		return;
	cli_progress_break();
	if (tty)
		cli_progress_counter(f, ev->step_number, ev->step_count);
	print_step(f, tty && cli_colour(f), ev->step);
	fputs(" ...", f);
	if (tty) {
		cli_progress_eta(f, &cli->progress, ev);
		cli_progress_open(f);
	} else
		fputc('\n', f);
	fflush(f);
}

static void step_done(struct cli *cli, FILE *f,
		      const struct migrator_event *ev)
{
	int colour = cli_colour(f);
	char when[40];

	if (cli_progress_take(f))
		fputs("\r\033[K", f); /* rewrite the open line in full */
	else
		cli_progress_break();
	snprintf(when, sizeof(when), "(%lu ms)", ev->elapsed_ms);
	if (!cli->args.json && cli_is_tty(f))
		cli_progress_counter(f, ev->step_number, ev->step_count);
	print_step(f, colour, ev->step);
	print_end(f, colour, SGR_DIM, when);
}

/* A run that stopped in a step (on a terminal): "failed" ends its open
 * line; a line showing the time left is written again without it, and
 * one that a warning or notice ended is written again below them. */
static void step_failed(struct cli *cli, FILE *f)
{
	struct cli_progress *p = &cli->progress;
	int colour = cli_colour(f);
	int open = cli_progress_take(f);

	if (!open && !p->open_text)
		return;
	if (p->open_text && (p->open_eta || !open)) {
		if (open)
			fputs("\r\033[K", f);
		cli_progress_counter(f, p->open_number, p->open_count);
		print_step_text(f, colour, p->open_text, p->open_down);
		fputs(" ...", f);
	}
	print_end(f, colour, SGR_FAIL, "failed");
}

/* One step as a JSON object, kept as text until the run ends. */
static int keep_json(struct cli *cli, const migrator_step *st,
		     int with_ms, unsigned long ms)
{
	const migrator_revision *r, *const *parents;
	size_t n = 0;
	int up;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f)
		return MIGRATOR_ENOMEM;
	r = migrator_step_revision(st);
	up = migrator_step_direction(st) == MIGRATOR_UPGRADE;
	parents = migrator_revision_links(r, MIGRATOR_LINK_PARENTS, &n);
	fputs("{\"revision\":", f);
	cli_json_str(f, migrator_revision_id(r));
	fputs(",\"from\":", f);
	cli_json_revs(f, up ? parents : &r, up ? n : 1);
	fputs(",\"to\":", f);
	cli_json_revs(f, up ? &r : parents, up ? 1 : n);
	fputs(",\"message\":", f);
	cli_json_str(f, migrator_revision_message(r));
	if (with_ms)
		fprintf(f, ",\"elapsed_ms\":%lu", ms);
	fputc('}', f);
	if (fclose(f) != 0) {
		free(text);
		return MIGRATOR_ENOMEM;
	}
	rc = cli_strs_push(&cli->ran_json, text);
	free(text);
	return rc;
}

/* A -v line on stderr, after ending an open progress line. */
static void chatter(const char *kind, const char *text)
{
	cli_progress_break();
	fprintf(stderr, "migrator: %s", kind);
	cli_put_text(stderr, text);
	fputc('\n', stderr);
}

void cli_on_event(const struct migrator_event *ev, void *payload)
{
	struct cli *cli = payload;

	switch (ev->kind) {
	case MIGRATOR_EVENT_STEP_START:
		cli_progress_started(&cli->progress);
		if (cli->args.json ? cli->verbose : !cli->quiet)
			step_start(cli, cli->args.json ? stderr : stdout, ev);
		break;
	case MIGRATOR_EVENT_STEP_DONE:
		cli_progress_ran(&cli->progress, ev->elapsed_ms);
		if (cli->args.json ? cli->verbose : !cli->quiet)
			step_done(cli, cli->args.json ? stderr : stdout, ev);
		if (cli->args.json && keep_json(cli, ev->step, 1,
						ev->elapsed_ms))
			cli_warn("out of memory: the JSON report is "
				 "incomplete");
		break;
	case MIGRATOR_EVENT_NOTICE:
		if (cli->verbose)
			chatter("notice: ", ev->text);
		break;
	case MIGRATOR_EVENT_INFO:
		/* a hook plugin's line (backup: where the copy went) is
		 * shown unless -q; the library's own only with -v */
		if (cli->verbose || (ev->plugin && !cli->quiet))
			chatter("", ev->text);
		break;
	case MIGRATOR_EVENT_WARNING:
		if (!cli->quiet)
			cli_warn("%s", ev->text);
		break;
	case MIGRATOR_EVENT_VERIFY_START:
	case MIGRATOR_EVENT_VERIFY_DONE:
		cli_verify_event(cli, ev);
		break;
	case MIGRATOR_EVENT_LOCK_RETRY:
		if (!cli->quiet)
			cli_warn("%s", ev->text);
		break;
	}
}

void cli_ran_free(struct cli *cli)
{
	cli_strs_free(&cli->ran_json);
	cli_progress_free(&cli->progress);
}

/* d NULL: the run succeeded ("error":null). */
static void print_json(struct cli *cli, enum migrator_direction dir,
		       const struct cli_err *d)
{
	printf("{\"direction\":\"%s\",\"dry_run\":%s,\"revisions\":[",
	       dir == MIGRATOR_UPGRADE ? "upgrade" : "downgrade",
	       cli->args.dry_run ? "true" : "false");
	for (size_t i = 0; i < cli->ran_json.n; i++)
		printf("%s%s", i ? "," : "", cli->ran_json.v[i]);
	/* how many, and (not in a dry run) first start to last end */
	printf("],\"count\":%zu", cli->args.dry_run ? cli->ran_json.n
						    : cli->progress.done);
	if (!cli->args.dry_run)
		printf(",\"elapsed_ms\":%lu", cli->progress.total_ms);
	if (!d) {
		puts(",\"error\":null}");
		return;
	}
	printf(",\"error\":{\"exit_code\":%d", migrator_exit_status(d->code));
	cli_json_member(stdout, "message",
			d->message ? d->message : "unknown error");
	cli_json_member(stdout, "file", d->file);
	cli_json_line(stdout, d->file ? d->line : 0);
	cli_json_member(stdout, "revision", d->revision);
	cli_json_member(stdout, "detail", d->detail);
	cli_json_member(stdout, "hint", d->hint);
	cli_json_member(stdout, "sqlstate", d->sqlstate);
	puts("}}");
}

void cli_json_failed(struct cli *cli, const struct cli_cmd *cmd,
		     const struct cli_err *d)
{
	print_json(cli, cmd->fn == cmd_downgrade ? MIGRATOR_DOWNGRADE
						 : MIGRATOR_UPGRADE,
		   d);
}

static int dry_run(struct cli *cli, enum migrator_direction dir,
		   struct cli_err *d)
{
	migrator_plan *plan = NULL;
	int rc = cli_err_take(d, cli->ctx,
			  migrator_plan_new(cli->ctx, dir, cli->args.pos.v[0],
					    &plan));

	for (size_t i = 0; !rc && i < migrator_plan_count(plan); i++) {
		const migrator_step *st = migrator_plan_get(plan, i);

		if (cli->args.json) {
			if (keep_json(cli, st, 0, 0))
				rc = cli_err_set(d, MIGRATOR_ENOMEM,
						       "out of memory");
		} else if (!cli->quiet) {
			int colour = cli_colour(stdout);

			print_step(stdout, colour, st);
			print_end(stdout, colour, SGR_DIM, "(dry run)");
		}
	}
	if (!rc && cli->args.json)
		print_json(cli, dir, NULL); /* a failure: main.c */
	migrator_plan_free(plan);
	return rc;
}

static int offline(struct cli *cli, enum migrator_direction dir,
		   struct cli_err *d)
{
	char *sql = NULL;
	int rc;

	if (cli->args.json)
		return cli_err_set(d, MIGRATOR_EUSAGE,
					 "--sql prints SQL: it does not take "
					 "--format json");
	rc = cli_err_take(d, cli->ctx,
		      migrator_offline_sql(cli->ctx, dir, cli->args.pos.v[0],
					   &sql));
	if (!rc)
		fputs(sql, stdout);
	migrator_free(sql);
	return rc;
}

static int migrate(struct cli *cli, enum migrator_direction dir,
		   struct cli_err *d)
{
	const char *target = cli->args.pos.v[0];
	int rc;

	if (cli->args.sql)
		return offline(cli, dir, d);
	if (cli->args.dry_run)
		return dry_run(cli, dir, d);
	if (dir == MIGRATOR_UPGRADE)
		rc = migrator_upgrade_ext(cli->ctx, target,
					  cli->args.verify
						  ? MIGRATOR_UPGRADE_VERIFY
						  : 0,
					  NULL);
	else
		rc = migrator_downgrade(cli->ctx, target, NULL);
	rc = cli_err_take(d, cli->ctx, rc);
	if (rc)
		step_failed(cli, cli->args.json ? stderr : stdout);
	else if (cli->args.json)
		print_json(cli, dir, NULL); /* a failure: main.c */
	else if (!cli->quiet && cli->progress.done && cli_is_tty(stdout))
		cli_progress_summary(stdout, &cli->progress);
	return rc;
}

int cmd_upgrade(struct cli *cli, struct cli_err *d)
{
	return migrate(cli, MIGRATOR_UPGRADE, d);
}

int cmd_downgrade(struct cli *cli, struct cli_err *d)
{
	return migrate(cli, MIGRATOR_DOWNGRADE, d);
}
