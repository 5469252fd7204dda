/*
 * cmd_merge.c - `merge -m MESSAGE heads|REV...`: writes a merge revision
 * whose parents are the given revisions and prints its path.  The work is
 * libmigrator's (author.h).
 */
#include "config.h"

#include <stdio.h>


#include "cmd.h"

int cmd_merge(struct cli *cli, struct cli_err *d)
{
	char *path = NULL;
	int rc;

	if (!cli->args.message) {
		cli_err_set(d, MIGRATOR_EUSAGE, "merge needs a message");
		cli_err_hint(d, "usage: migrator merge -m MESSAGE "
				      "heads|REV...");
		return MIGRATOR_EUSAGE;
	}
	rc = cli_err_take(d, cli->ctx,
		      migrator_merge(cli->ctx, cli->args.message,
				     (const char *const *)cli->args.pos.v,
				     cli->args.pos.n, &path));
	if (!rc) {
		cli_put_text(stdout, path);
		putchar('\n');
	}
	migrator_free(path);
	return rc;
}
