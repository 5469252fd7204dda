/*
 * cmd_lint.c - `migrator lint [--strict] [--dialect D] [RANGE]`: the lint
 * hook plugin (and any other hook plugin configured) over the upgrade
 * steps of RANGE, without connecting to a database.
 *
 * The dialect is --dialect, else the driver's for the URL (-d, the
 * environment or the config file; the driver is loaded, nothing is
 * connected).  Warnings go to stderr as "migrator: warning:
 * FILE:LINE: lint: REASON"; the last line on stdout says how many.  Exit 0
 * (also with warnings), 1 with --strict and any warning, 3 when the
 * scripts themselves are invalid.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

int cmd_lint(struct cli *cli, struct cli_err *d)
{
	const char *range = cli->args.pos.n ? cli->args.pos.v[0] : NULL;
	const char *dialect = cli->args.dialect;
	unsigned long warnings = 0;
	int rc;

	/* strict: the library fails a lint with findings (EPLUGIN), and
	 * still counts them */
	rc = migrator_lint(cli->ctx, dialect, range, &warnings);
	if (rc && rc != MIGRATOR_EPLUGIN)
		return cli_err_take(d, cli->ctx, rc);
	if (!cli->quiet && (rc == 0 || warnings))
		printf("%lu warning%s\n", warnings, warnings == 1 ? "" : "s");
	if (rc)
		return cli_err_take(d, cli->ctx, rc);
	return cli_flush(d);
}
