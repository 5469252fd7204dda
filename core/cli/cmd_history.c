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
 * The range is the library's (mg_graph_range, as migrator_history()).
 * -i (--indicate-current) marks the stamped revisions " (current)"; it and
 * `current` need the database, the rest of history none.
 * --format json: {"history":[<revision object as in current>, ...]}, each
 * with "current": true/false under -i.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "graph_range.h"

int cmd_history(struct cli *cli, mg_diag *d)
{
	const struct migrator_revision **v = NULL;
	size_t n = 0;
	mg_revset cur = MG_REVSET_INIT;
	int rc = 0;

	if (cli->args.indicate_current ||
	    mg_graph_range_needs_current(cli->args.range))
		rc = mg_runner_current(&cur, cli->runner, d);
	if (!rc)
		rc = mg_graph_range(&v, &n, cli->graph, cli->args.range, &cur,
				    d);
	if (rc)
		goto out;
	if (cli->args.json)
		fputs("{\"history\":[", stdout);
	for (size_t i = 0; i < n; i++) {
		const struct migrator_revision *r = v[i];
		int at = mg_revset_has(&cur, r);

		if (cli->args.json) {
			fputs(i ? "," : "", stdout);
			cli_json_rev_at(stdout, r,
					cli->args.indicate_current ? at : -1);
		} else if (cli->verbose) {
			if (i)
				fputc('\n', stdout);
			cli_print_rev_block_at(stdout, r,
					       cli->args.indicate_current && at);
		} else {
			cli_print_arrow(stdout, r);
			cli_print_labels(stdout, r);
			cli_print_marks_current(stdout, r,
						cli->args.indicate_current &&
							at);
			if (r->script->message[0])
				cli_put_textf(stdout, ", %s", r->script->message);
			fputc('\n', stdout);
		}
	}
	if (cli->args.json)
		puts("]}");
out:
	mg_revset_clear(&cur);
	free(v);
	return rc;
}
