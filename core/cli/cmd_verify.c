/*
 * cmd_verify.c - `migrator verify [--allow-branches] [--with-data [--seed
 * N]] [--format json] [RANGE]`: every revision of RANGE up, down and up
 * again on a scratch database, its verify section run, the schema
 * compared after each move (migrator_verify_ext()).
 *
 * Text: one line per problem on stdout, the file (and line) first,
 *   migrations/3f2a_add.sql: 3f2a9c1b7d4e: downgrade does not restore
 *     the schema: extra column budget_alerts.slack_webhook: TEXT
 *   migrations/5e1f_x.sql:9: 5e1f00000003: verify section failed:
 *     verify query returned false in revision 5e1f00000003
 *     hint: ...
 *   the graph has 2 heads: 1a2b3c4d5e6f, 6f5e4d3c2b1a
 * (each problem on one line; a hint indented below it), then "N
 * revisions verified, no problems" or "..., M problems" (-q drops it).
 * Exit 0 with no problem, 1 with any ("migrator: error: verify found M
 * problems" on stderr).
 *
 * Progress: on a terminal a line per revision while it runs, "verify
 * 3f2a9c1b7d4e  add webhook ...", completed in place with its time (and
 * its problems); into a pipe only with -v (then on stderr with --format
 * json).
 *
 * --format json, one object on stdout (also with problems):
 *   {"planned":7,"verified":7,"stopped":null,
 *    "problems":[{"kind":"downgrade_drift","revision":"3f2a9c1b7d4e",
 *      "file":"migrations/...","line":null,"text":"...","detail":null,
 *      "hint":null,"sqlstate":null,
 *      "difference":{"kind":"extra_column","table":"budget_alerts",
 *        "name":"slack_webhook","field":null,"expected":null,
 *        "found":"TEXT"}}]}
 * "stopped": the revision whose upgrade failed, after which nothing was
 * verified; "difference" is null except for *_drift problems.  Besides
 * check's differences verify has column order: "column order of people:
 * id, name, email expected, id, email, name found", as
 * {"kind":"changed_table","table":"people","name":null,
 *  "field":"column_order","expected":"id, name, email",
 *  "found":"id, email, name"}.
 *
 * --with-data [--seed N] (migrator_verify_ext() with
 * MIGRATOR_VERIFY_WITH_DATA): generated rows in every table before each
 * upgrade; "rows_changed" problems, and "not_exercised" warnings printed
 * after the problems as "FILE: ID: warning: table T not exercised:
 * REASON".  The summary says "with data (seed N)" and counts the tables
 * not exercised; JSON adds "seed", "warnings" (items as "problems") and
 * in each item "table", "rows_before", "rows_after".
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

#define SGR_VERIFY "\033[36m" /* cyan: the verb */
#define SGR_DIM "\033[2m"     /* the time */
#define SGR_FAIL "\033[1;31m" /* problems */
#define SGR_OFF "\033[0m"

/* "verify ID  message" with the verb in colour. */
static void put_line(FILE *f, int colour, const char *text)
{
	if (colour)
		fputs(SGR_VERIFY "verify" SGR_OFF, f);
	else
		fputs("verify", f);
	cli_put_text(f, text + (sizeof("verify") - 1));
}

void cli_verify_event(struct cli *cli, const struct migrator_event *ev)
{
	FILE *f = cli->args.json ? stderr : stdout;
	int tty = !cli->args.json && cli_is_tty(f);
	int colour = tty && cli_colour(f);

	if (cli->quiet || (!tty && !cli->verbose))
		return;
	if (ev->kind == MIGRATOR_EVENT_VERIFY_START) {
		cli_progress_break();
		put_line(f, colour, ev->text);
		fputs(" ...", f);
		if (tty)
			cli_progress_open(f);
		else
			fputc('\n', f);
	} else {
		if (cli_progress_take(f))
			fputs("\r\033[K", f); /* rewrite the open line */
		else
			cli_progress_break();
		put_line(f, colour, ev->text);
		fprintf(f, "  %s(%lu ms)%s", colour ? SGR_DIM : "",
			ev->elapsed_ms, colour ? SGR_OFF : "");
		if (ev->findings)
			fprintf(f, "  %s%zu problem%s%s",
				colour ? SGR_FAIL : "", ev->findings,
				ev->findings == 1 ? "" : "s",
				colour ? SGR_OFF : "");
		fputc('\n', f);
	}
	fflush(f);
}

static void print_item(const struct migrator_verify_item *x, int warning)
{
	/* file names and database text go through cli_put_text */
	if (x->file && x->line)
		cli_put_textf(stdout, "%s:%u: ", x->file, x->line);
	else if (x->file)
		cli_put_textf(stdout, "%s: ", x->file);
	if (x->revision)
		printf("%s: ", x->revision);
	if (warning)
		fputs("warning: ", stdout);
	cli_put_text(stdout, x->text);
	putchar('\n');
	if (x->hint) {
		fputs("  hint: ", stdout);
		cli_put_text(stdout, x->hint);
		putchar('\n');
	}
}

static void print_text(const struct cli *cli, const migrator_verifylist *l)
{
	size_t n = migrator_verifylist_count(l), planned = 0;
	size_t walked = migrator_verifylist_walked(l, &planned);
	size_t nw = migrator_verifylist_warning_count(l);
	const char *stopped = migrator_verifylist_stopped(l);
	unsigned long long seed = 0;

	for (size_t i = 0; i < n; i++)
		print_item(migrator_verifylist_get(l, i), 0);
	for (size_t i = 0; i < nw; i++)
		print_item(migrator_verifylist_warning_get(l, i), 1);
	if (cli->quiet)
		return;
	if (stopped)
		printf("stopped at %s: the scratch database no longer holds "
		       "what the migrations build\n",
		       stopped);
	printf("%zu revision%s verified", walked, walked == 1 ? "" : "s");
	if (walked < planned)
		printf(" of %zu", planned);
	if (migrator_verifylist_seed(l, &seed))
		printf(" with data (seed %llu)", seed);
	if (n)
		printf(", %zu problem%s", n, n == 1 ? "" : "s");
	else
		fputs(", no problems", stdout);
	if (nw)
		printf(", %zu table%s not exercised", nw,
		       nw == 1 ? "" : "s");
	putchar('\n');
}

/* A count, or null for -1. */
static void json_count(const char *key, long long n)
{
	printf(",\"%s\":", key);
	if (n < 0)
		fputs("null", stdout);
	else
		printf("%lld", n);
}

/* One item; data: the walk ran with data (the table and its counts). */
static void json_item(const struct migrator_verify_item *x, int comma,
		      int data)
{
	fputs(comma ? ",{\"kind\":" : "{\"kind\":", stdout);
	cli_json_str(stdout, x->kind);
	cli_json_member(stdout, "revision", x->revision);
	cli_json_member(stdout, "file", x->file);
	cli_json_line(stdout, x->line);
	cli_json_member(stdout, "text", x->text);
	cli_json_member(stdout, "detail", x->detail);
	cli_json_member(stdout, "hint", x->hint);
	cli_json_member(stdout, "sqlstate", x->sqlstate);
	fputs(",\"difference\":", stdout);
	if (x->difference)
		cli_json_drift(stdout, x->difference);
	else
		fputs("null", stdout);
	if (data) {
		cli_json_member(stdout, "table", x->table);
		json_count("rows_before", x->rows_before);
		json_count("rows_after", x->rows_after);
	}
	fputc('}', stdout);
}

static void print_json(const migrator_verifylist *l)
{
	size_t planned = 0, walked = migrator_verifylist_walked(l, &planned);
	unsigned long long seed = 0;
	int data = migrator_verifylist_seed(l, &seed);

	printf("{\"planned\":%zu,\"verified\":%zu,\"stopped\":", planned,
	       walked);
	cli_json_str_or_null(stdout, migrator_verifylist_stopped(l));
	if (data)
		printf(",\"seed\":%llu", seed);
	fputs(",\"problems\":[", stdout);
	for (size_t i = 0; i < migrator_verifylist_count(l); i++)
		json_item(migrator_verifylist_get(l, i), i > 0, data);
	if (data) {
		fputs("],\"warnings\":[", stdout);
		for (size_t i = 0; i < migrator_verifylist_warning_count(l);
		     i++)
			json_item(migrator_verifylist_warning_get(l, i), i > 0,
				  1);
	}
	puts("]}");
}

int cmd_verify(struct cli *cli, struct cli_err *d)
{
	const char *range = cli->args.pos.n ? cli->args.pos.v[0] : NULL;
	struct migrator_verify_options o = MIGRATOR_VERIFY_OPTIONS_INIT;
	migrator_verifylist *l = NULL;
	int rc;

	if (cli->args.allow_branches)
		o.flags |= MIGRATOR_VERIFY_ALLOW_BRANCHES;
	if (cli->args.with_data)
		o.flags |= MIGRATOR_VERIFY_WITH_DATA;
	if (cli->args.seeded)
		o.seed = cli->args.seed;
	/* 0, or MIGRATOR_EDRIFT "verify found N problems" with the list */
	rc = migrator_verify_ext(cli->ctx, range, &o, &l);
	cli_progress_break(); /* a revision interrupted mid-line */
	if (rc && rc != MIGRATOR_EDRIFT)
		return cli_err_take(d, cli->ctx, rc);
	if (cli->args.json)
		print_json(l);
	else
		print_text(cli, l);
	migrator_verifylist_free(l);
	return cli_err_take(d, cli->ctx, rc);
}
