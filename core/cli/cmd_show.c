/*
 * cmd_show.c - `show REV`: one revision, its links and its SQL sections.
 *
 *   Rev: 3f2a9c1b7d4e (head)
 *   Parent: 1975ea83b712
 *   Branch names: billing
 *   Depends on: 9a8b7c6d5e4f
 *   Path: migrations/3f2a9c1b7d4e_add_slack.sql
 *   Message: add slack_webhook to budget_alerts
 *   Transactional: true
 *
 *   -- migrator:upgrade
 *   ALTER TABLE ...
 *
 * The sections (upgrade, downgrade and verify) come in file order.
 *
 * REV is anything migrator_revision_lookup takes (ID, prefix, label,
 * head).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

static void print_section(const struct migrator_section *sec, int verify)
{
	printf("\n-- migrator:%s%s%s\n",
	       verify ? "verify"
	       : sec->direction == MIGRATOR_UPGRADE ? "upgrade"
						     : "downgrade",
	       sec->dialect ? " " : "", sec->dialect ? sec->dialect : "");
	fwrite(sec->sql, 1, sec->len, stdout);
	if (sec->len && sec->sql[sec->len - 1] != '\n')
		fputc('\n', stdout);
}

int cmd_show(struct cli *cli, struct cli_err *d)
{
	const migrator_revision *r = NULL;
	const struct migrator_section *sec, *vsec;
	size_t i = 0, k = 0;
	int rc;

	rc = cli_err_take(d, cli->ctx,
		      migrator_revision_lookup(cli->ctx, cli->args.pos.v[0],
					       &r));
	if (rc)
		return rc;
	cli_print_rev_block(stdout, r);
	/* two lists, each in file order: merged by line */
	sec = migrator_revision_section(r, i);
	vsec = migrator_revision_verify_section(r, k);
	while (sec || vsec) {
		if (sec && (!vsec || sec->line < vsec->line)) {
			print_section(sec, 0);
			sec = migrator_revision_section(r, ++i);
		} else {
			print_section(vsec, 1);
			vsec = migrator_revision_verify_section(r, ++k);
		}
	}
	return 0;
}
