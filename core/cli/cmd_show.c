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
 * REV is anything migrator_revision_lookup takes (ID, prefix, label,
 * head).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

int cmd_show(struct cli *cli, struct cli_err *d)
{
	const migrator_revision *r = NULL;
	const struct migrator_section *sec;
	int rc;

	rc = cli_err_take(d, cli->ctx,
		      migrator_revision_lookup(cli->ctx, cli->args.pos.v[0],
					       &r));
	if (rc)
		return rc;
	cli_print_rev_block(stdout, r);
	for (size_t i = 0; (sec = migrator_revision_section(r, i)); i++) {
		printf("\n-- migrator:%s%s%s\n",
		       sec->direction == MIGRATOR_UPGRADE ? "upgrade"
							  : "downgrade",
		       sec->dialect ? " " : "", sec->dialect ? sec->dialect : "");
		fwrite(sec->sql, 1, sec->len, stdout);
		if (sec->len && sec->sql[sec->len - 1] != '\n')
			fputc('\n', stdout);
	}
	return 0;
}
