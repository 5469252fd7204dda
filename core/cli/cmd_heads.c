/*
 * cmd_heads.c - `heads` and `branches`.
 *
 * heads, text: "id (label, label) (head)" per head; -v: a block per head.
 * heads --format json: {"heads":[<revision object as in current>]}
 * branches, text: each branch point, then its children:
 *   1975ea83b712 (branchpoint), add budgets
 *       -> 3f2a9c1b7d4e (head), add slack webhook
 *       -> 9a8b7c6d5e4f, add usage
 * branches --format json: {"branches":[<revision object>]} (with children)
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

int cmd_heads(struct cli *cli, mg_diag *d)
{
	size_t n;
	const struct migrator_revision *const *h =
		mg_graph_heads(cli->graph, &n);

	if (cli->args.json)
		fputs("{\"heads\":[", stdout);
	for (size_t i = 0; i < n; i++) {
		if (cli->args.json) {
			if (i)
				fputc(',', stdout);
			cli_json_rev(stdout, h[i]);
		} else if (cli->verbose) {
			if (i)
				fputc('\n', stdout);
			cli_print_rev_block(stdout, h[i]);
		} else {
			fputs(h[i]->id, stdout);
			cli_print_labels(stdout, h[i]);
			fputs(" (head)\n", stdout);
		}
	}
	if (cli->args.json)
		puts("]}");
	return 0;
}

static void print_short(const struct migrator_revision *r)
{
	fputs(r->id, stdout);
	cli_print_labels(stdout, r);
	cli_print_marks(stdout, r);
	if (r->script->message[0])
		cli_put_textf(stdout, ", %s", r->script->message);
	fputc('\n', stdout);
}

int cmd_branches(struct cli *cli, mg_diag *d)
{
	size_t n = mg_graph_size(cli->graph), shown = 0;

	if (cli->args.json)
		fputs("{\"branches\":[", stdout);
	for (size_t i = 0; i < n; i++) {
		const struct migrator_revision *r = mg_graph_at(cli->graph, i);

		if (!mg_rev_is_branchpoint(r))
			continue;
		if (cli->args.json) {
			fputs(shown ? "," : "", stdout);
			cli_json_rev(stdout, r);
		} else if (cli->verbose) {
			if (shown)
				fputc('\n', stdout);
			cli_print_rev_block(stdout, r);
			for (size_t k = 0; k < r->n_children; k++) {
				fputs("    -> ", stdout);
				print_short(r->children[k]);
			}
		} else {
			print_short(r);
			for (size_t k = 0; k < r->n_children; k++) {
				fputs("    -> ", stdout);
				print_short(r->children[k]);
			}
		}
		shown++;
	}
	if (cli->args.json)
		puts("]}");
	return 0;
}
