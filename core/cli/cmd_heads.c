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

int cmd_heads(struct cli *cli, struct cli_err *d)
{
	migrator_revlist *l = NULL;
	size_t n;
	int rc = cli_err_take(d, cli->ctx, migrator_heads(cli->ctx, &l));

	if (rc)
		return rc;
	n = migrator_revlist_count(l);
	if (cli->args.json)
		fputs("{\"heads\":[", stdout);
	for (size_t i = 0; i < n; i++) {
		const migrator_revision *h = migrator_revlist_revision(l, i);

		if (cli->args.json) {
			if (i)
				fputc(',', stdout);
			cli_json_rev(stdout, h);
		} else if (cli->verbose) {
			if (i)
				fputc('\n', stdout);
			cli_print_rev_block(stdout, h);
		} else {
			fputs(migrator_revision_id(h), stdout);
			cli_print_labels(stdout, h);
			fputs(" (head)\n", stdout);
		}
	}
	if (cli->args.json)
		puts("]}");
	migrator_revlist_free(l);
	return 0;
}

static void print_short(const migrator_revision *r)
{
	const char *msg = migrator_revision_message(r);

	fputs(migrator_revision_id(r), stdout);
	cli_print_labels(stdout, r);
	cli_print_marks(stdout, r);
	if (msg[0])
		cli_put_textf(stdout, ", %s", msg);
	fputc('\n', stdout);
}

static void print_children(const migrator_revision *r)
{
	size_t n = 0;
	const migrator_revision *const *kids =
		migrator_revision_links(r, MIGRATOR_LINK_CHILDREN, &n);

	for (size_t k = 0; k < n; k++) {
		fputs("    -> ", stdout);
		print_short(kids[k]);
	}
}

int cmd_branches(struct cli *cli, struct cli_err *d)
{
	migrator_revlist *all = NULL;
	size_t shown = 0;
	int rc = cli_err_take(d, cli->ctx, migrator_history(cli->ctx, NULL, &all));

	if (rc)
		return rc;
	if (cli->args.json)
		fputs("{\"branches\":[", stdout);
	/* oldest first: history lists the newest first */
	for (size_t i = migrator_revlist_count(all); i-- > 0;) {
		const migrator_revision *r = migrator_revlist_revision(all, i);

		if (!(migrator_revision_flags(r) & MIGRATOR_REV_BRANCHPOINT))
			continue;
		if (cli->args.json) {
			fputs(shown ? "," : "", stdout);
			cli_json_rev(stdout, r);
		} else if (cli->verbose) {
			if (shown)
				fputc('\n', stdout);
			cli_print_rev_block(stdout, r);
			print_children(r);
		} else {
			print_short(r);
			print_children(r);
		}
		shown++;
	}
	if (cli->args.json)
		puts("]}");
	migrator_revlist_free(all);
	return 0;
}
