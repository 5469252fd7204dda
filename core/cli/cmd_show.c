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
 * REV is anything mg_target_resolve_one takes (ID, prefix, label,
 * head).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

int cmd_show(struct cli *cli, mg_diag *d)
{
	const struct migrator_revision *r = NULL;
	const struct mg_script *s;
	int rc;

	rc = mg_target_resolve_one(&r, cli->graph, cli->args.pos.v[0],
					 NULL, d);
	if (rc)
		return rc;
	s = r->script;
	cli_print_rev_block(stdout, r);
	for (size_t i = 0; i < s->n_sections; i++) {
		const struct mg_section *sec = &s->sections[i];

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
