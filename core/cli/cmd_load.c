/*
 * cmd_load.c - `load FILE`: builds an empty database from a dump, in one
 * transaction.  Prints nothing unless -v.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

int cmd_load(struct cli *cli, struct cli_err *d)
{
	const char *path = cli->args.pos.v[0];
	int rc = cli_err_take(d, cli->ctx, migrator_load(cli->ctx, path));

	if (!rc && cli->verbose) {
		fputs("migrator: loaded ", stderr);
		cli_put_text(stderr, path);
		fputc('\n', stderr);
	}
	return rc;
}
