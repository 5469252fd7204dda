/*
 * cmd_history.c - `history [-r A:B]`: the graph, newest first.
 *
 * Text, one line per revision (Alembic's format):
 *   1975ea83b712 -> 3f2a9c1b7d4e (billing) (head), add slack webhook
 *   <base> -> 1975ea83b712 (branchpoint), create budgets
 * -v: a block per revision as `show` prints it, without SQL.
 * -r A:B keeps the revisions that are descendants of A (or A itself) and
 * ancestors of B (or B itself); "A:" runs to the heads, ":B" from base.
 * Either end takes any target expression (base, heads, a prefix,
 * label@head), or `current`: the revisions stamped in the database.  A
 * relative start (-3:current, -2:) counts down from the end, as Alembic.
 * The range is the library's: migrator_history().
 * -i (--indicate-current) marks the stamped revisions " (current)"; it and
 * `current` need the database, the rest of history none.
 * --format json: {"history":[<revision object as in current>, ...]}, each
 * with "current": true/false under -i.
 *
 * --graph draws the same revisions as git log --graph does (graph_*.c),
 * --format dot and --format mermaid write them for Graphviz and Mermaid.
 * These three mark the stamped revisions whenever a database is given
 * (-d, the environment, the config file): with -i a stamp that cannot be
 * read is an error, without it a warning, and the picture has no marks.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "cli_graph.h"

/* Is r among the revisions of cur? (Stamps are a few rows.) */
static int is_current(const migrator_revlist *cur, const migrator_revision *r)
{
	for (size_t i = 0; i < migrator_revlist_count(cur); i++)
		if (migrator_revlist_revision(cur, i) == r)
			return 1;
	return 0;
}

static void print_list(struct cli *cli, const migrator_revlist *l,
		       const migrator_revlist *cur, int mark)
{
	size_t n = migrator_revlist_count(l);

	if (cli->args.json)
		fputs("{\"history\":[", stdout);
	for (size_t i = 0; i < n; i++) {
		const migrator_revision *r = migrator_revlist_revision(l, i);
		const char *msg = migrator_revision_message(r);
		int at = mark && is_current(cur, r);

		if (cli->args.json) {
			fputs(i ? "," : "", stdout);
			cli_json_rev_at(stdout, r, mark ? at : -1);
		} else if (cli->verbose) {
			if (i)
				fputc('\n', stdout);
			cli_print_rev_block_at(stdout, r, at);
		} else {
			cli_print_arrow(stdout, r);
			cli_print_labels(stdout, r);
			cli_print_marks_current(stdout, r, at);
			if (msg[0])
				cli_put_textf(stdout, ", %s", msg);
			fputc('\n', stdout);
		}
	}
	if (cli->args.json)
		puts("]}");
}

static int draw_row(const struct cli_graph_row *row, void *payload)
{
	cli_graph_draw_row(stdout, payload, row);
	return 0;
}

/* --graph, --format dot, --format mermaid. */
static int print_graph(struct cli *cli, const migrator_revlist *l,
		       const migrator_revlist *cur)
{
	struct cli_revset current;
	struct cli_graph_style st;
	int rc = cli_revset_init(&current, cur);

	if (rc)
		return rc;
	st.utf8 = cli_graph_utf8_locale();
	st.colour = cli_colour(stdout);
	st.current = &current;
	if (cli->args.export_fmt == CLI_FMT_DOT)
		rc = cli_graph_dot(stdout, l, &current);
	else if (cli->args.export_fmt == CLI_FMT_MERMAID)
		rc = cli_graph_mermaid(stdout, l, &current);
	else
		rc = cli_graph_layout(l, draw_row, &st);
	cli_revset_free(&current);
	return rc;
}

/* The stamped revisions for a picture: needed with -i, wanted whenever a
 * database is given. */
static int read_current(struct cli *cli, migrator_revlist **cur,
			struct cli_err *d)
{
	int rc;

	if (!cli->args.indicate_current && !cli->set.url)
		return 0;
	rc = migrator_current(cli->ctx, cur);
	if (!rc || cli->args.indicate_current)
		return cli_err_take(d, cli->ctx, rc);
	if (!cli->quiet)
		cli_warn("the graph marks no current revision: %s",
			 migrator_errinfo(cli->ctx)->message);
	return 0;
}

int cmd_history(struct cli *cli, struct cli_err *d)
{
	migrator_revlist *cur = NULL, *l = NULL;
	int picture = cli->args.graph || cli->args.export_fmt;
	int rc = 0;

	if (cli->args.graph && (cli->args.json || cli->args.export_fmt))
		return cli_err_set(d, MIGRATOR_EUSAGE,
				   "--graph draws text: it does not take "
				   "--format %s",
				   cli->args.json ? "json" : "dot or mermaid");
	if (picture)
		rc = read_current(cli, &cur, d);
	else if (cli->args.indicate_current)
		rc = cli_err_take(d, cli->ctx, migrator_current(cli->ctx, &cur));
	if (!rc)
		rc = cli_err_take(d, cli->ctx, migrator_history(cli->ctx,
							    cli->args.range,
							    &l));
	if (!rc && picture && print_graph(cli, l, cur))
		rc = cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	else if (!rc && !picture)
		print_list(cli, l, cur, cli->args.indicate_current);
	migrator_revlist_free(l);
	migrator_revlist_free(cur);
	return rc;
}
