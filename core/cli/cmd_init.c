/*
 * cmd_init.c - `init [DIR]`: a migrations directory (default: -m, else
 * "migrations") and ./migrator.ini pointing at it.  Prints what it made:
 *
 *   created directory migrations
 *   created migrator.ini
 *
 * It refuses, exit 2, when migrator.ini exists or DIR is not empty.
 */
#include "config.h"

#include <stdio.h>


#include "cmd.h"

#define INI_NAME "migrator.ini"

int cmd_init(struct cli *cli, struct cli_err *d)
{
	const char *dir = cli->args.pos.n ? cli->args.pos.v[0]
			  : cli->set.migrations ? cli->set.migrations
						 : MIGRATOR_DEFAULT_MIGRATIONS;
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;
	unsigned made = 0;
	int rc;

	/* a context of its own: DIR may not be the configured directory */
	o.flags = MIGRATOR_OPEN_LAZY;
	o.migrations = dir;
	rc = migrator_open_ext(&ctx, &o); /* then ctx exists */
	rc = cli_err_take(d, ctx, rc);
	if (rc == 0)
		rc = cli_err_take(d, ctx, migrator_project_init(ctx, INI_NAME,
							    &made));
	migrator_close(ctx);
	if (rc)
		return rc;
	printf("%s directory %s\n",
	       made & MIGRATOR_INIT_MADE_DIR ? "created" : "using empty",
	       dir);
	printf("created %s\n", INI_NAME);
	if (!cli->quiet)
		printf("next: set url in %s, then run "
		       "\"migrator revision -m MESSAGE\"\n",
		       INI_NAME);
	return 0;
}
