/*
 * cmd_merge.c - `merge -m MESSAGE heads|REV...`: writes a merge revision
 * whose parents are the given revisions and prints its path.  The work is
 * libmigrator's (author.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "author.h"

#include "cmd.h"

int cmd_merge(struct cli *cli, mg_diag *d)
{
	char *path = NULL;
	int rc;

	if (!cli->args.message) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "merge needs a message");
		mg_diag_hint(d, "usage: migrator merge -m MESSAGE "
				      "heads|REV...");
		return MIGRATOR_EUSAGE;
	}
	rc = mg_author_merge(&path, cli->graph, cli->args.message,
				   (const char *const *)cli->args.pos.v,
				   cli->args.pos.n, d);
	if (!rc) {
		cli_put_text(stdout, path);
		putchar('\n');
	}
	free(path);
	return rc;
}
