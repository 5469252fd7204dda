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

int cmd_lint(struct cli *cli, mg_diag *d)
{
	const char *range = cli->args.pos.n ? cli->args.pos.v[0] : NULL;
	const char *dialect = cli->args.dialect;
	unsigned long warnings = 0;
	int rc;

	if (!dialect && !cli->set.url) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "lint needs a dialect");
		mg_diag_hint(d, "Pass --dialect sqlite or --dialect "
				      "postgresql, or a database URL (-d, "
				      "MIGRATOR_DATABASE_URL or url in "
				      "migrator.ini), which is not connected "
				      "to.");
		return MIGRATOR_EUSAGE;
	}
	rc = mg_runner_lint(cli->runner, dialect, range, &warnings, d);
	if (rc)
		return rc;
	if (!cli->quiet)
		printf("%lu warning%s\n", warnings, warnings == 1 ? "" : "s");
	if (cli->args.strict && warnings) {
		mg_diag_set(d, MIGRATOR_EPLUGIN,
				  "lint found %lu risky statement%s", warnings,
				  warnings == 1 ? "" : "s");
		mg_diag_hint(d, "Fix them, or run without --strict to "
				      "accept them.");
		return MIGRATOR_EPLUGIN;
	}
	return cli_flush(d);
}
