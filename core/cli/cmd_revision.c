/*
 * cmd_revision.c - `revision -m MESSAGE [--head REV] [--branch-label L]
 * [--depends-on REV]`: writes a new migration file and prints its path
 * (one line, so that `$EDITOR "$(migrator revision -m ...)"` works).  The
 * work is libmigrator's (author.h).
 */
#include "config.h"

#include <stdio.h>


#include "cmd.h"

int cmd_revision(struct cli *cli, struct cli_err *d)
{
	struct migrator_revision_spec spec = MIGRATOR_REVISION_SPEC_INIT;
	char *path = NULL;
	int rc;

	if (!cli->args.message) {
		cli_err_set(d, MIGRATOR_EUSAGE,
				  "revision needs a message");
		cli_err_hint(d, "usage: migrator revision -m MESSAGE "
				      "[--head REV] [--branch-label L] "
				      "[--depends-on REV]");
		return MIGRATOR_EUSAGE;
	}
	spec.message = cli->args.message;
	spec.head = cli->args.head;
	spec.branch_labels = cli->args.branch_label;
	spec.depends_on = cli->args.depends_on;
	rc = cli_err_take(d, cli->ctx,
		      migrator_revision_create(cli->ctx, &spec, &path));
	if (!rc) {
		cli_put_text(stdout, path);
		putchar('\n');
	}
	migrator_free(path);
	return rc;
}
