/*
 * cmd_import.c - `import --from FORMAT [-m DIR] SRC` and `adopt --from
 * FORMAT [--dry-run]` (issue 17): another tool's migrations as migrator
 * files, and its database stamped where that tool left it.  Both print
 * the library's summary on stdout.  Alembic's scripts are Python, so
 * `import --from alembic` runs the converter that ships with migrator
 * (cmd_import_alembic.c) instead of the library.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

static int need_from(const struct cli *cli, const char *cmd,
		     struct cli_err *d)
{
	if (cli->args.from)
		return 0;
	cli_err_set(d, MIGRATOR_EUSAGE, "%s needs --from FORMAT", cmd);
	cli_err_hint(d, "The formats are dbmate, golang-migrate, flyway, "
			"sqitch and alembic.");
	return MIGRATOR_EUSAGE;
}

/* The library's lines, each as text from outside (file names). */
static void put_summary(const struct cli *cli, char *summary)
{
	for (char *l = summary, *nl; l && *l && !cli->quiet; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl)
			nl = l + strlen(l) - 1;
		else
			*nl = '\0';
		cli_put_text(stdout, l);
		putchar('\n');
	}
	migrator_free(summary);
}

int cmd_import(struct cli *cli, struct cli_err *d)
{
	/* after the command, -m is the directory (as the global -m) */
	const char *dir = cli->args.message ? cli->args.message
			  : cli->set.migrations ? cli->set.migrations
						 : MIGRATOR_DEFAULT_MIGRATIONS;
	const char *src = cli->args.pos.v[0];
	char *summary = NULL;
	int rc = need_from(cli, "import", d);

	if (rc)
		return rc;
	if (strcmp(cli->args.from, "alembic") == 0)
		return cli_import_alembic(cli, src, dir, d);
	if (cli->args.dialects) {
		cli_err_set(d, MIGRATOR_EUSAGE,
			    "--dialects is for --from alembic only");
		cli_err_hint(d, "The SQL of the other formats is written for "
				"one database already.");
		return MIGRATOR_EUSAGE;
	}
	rc = cli_err_take(d, cli->ctx,
			  migrator_import(cli->ctx, cli->args.from, src, dir,
					  &summary));
	put_summary(cli, summary);
	return rc;
}

int cmd_adopt(struct cli *cli, struct cli_err *d)
{
	char *summary = NULL;
	int rc = need_from(cli, "adopt", d);

	if (rc)
		return rc;
	rc = cli_err_take(d, cli->ctx,
			  migrator_adopt(cli->ctx, cli->args.from,
					 cli->args.table,
					 cli->args.dry_run
						 ? MIGRATOR_ADOPT_DRY_RUN
						 : 0,
					 &summary));
	put_summary(cli, summary);
	return rc;
}
