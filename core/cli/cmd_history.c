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
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

/* Is r among the revisions of cur? (Stamps are a few rows.) */
static int is_current(const migrator_revlist *cur, const migrator_revision *r)
{
	for (size_t i = 0; i < migrator_revlist_count(cur); i++)
		if (migrator_revlist_revision(cur, i) == r)
			return 1;
	return 0;
}

int cmd_history(struct cli *cli, struct cli_err *d)
{
	migrator_revlist *cur = NULL, *l = NULL;
	int mark = cli->args.indicate_current;
	size_t n;
	int rc = 0;

	if (mark)
		rc = cli_err_take(d, cli->ctx, migrator_current(cli->ctx, &cur));
	if (!rc)
		rc = cli_err_take(d, cli->ctx, migrator_history(cli->ctx,
							    cli->args.range,
							    &l));
	if (rc)
		goto out;
	n = migrator_revlist_count(l);
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
out:
	migrator_revlist_free(l);
	migrator_revlist_free(cur);
	return rc;
}
