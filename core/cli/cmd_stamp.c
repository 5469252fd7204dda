/*
 * cmd_stamp.c - `stamp [--purge] TARGET`: writes the stamp table without
 * running any migration.  `stamp base` empties it; --purge first deletes
 * every row, even rows naming no revision (the way out of "stamp names an
 * unknown revision").  Prints nothing unless -v.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

int cmd_stamp(struct cli *cli, struct cli_err *d)
{
	int rc = cli_err_take(d, cli->ctx,
			  migrator_stamp(cli->ctx, cli->args.pos.v[0],
					 cli->args.purge ? MIGRATOR_STAMP_PURGE
							 : 0));

	if (!rc && cli->verbose)
		fprintf(stderr, "migrator: stamped %s\n", cli->args.pos.v[0]);
	return rc;
}
