/*
 * cmd_diff.c - `diff -m MESSAGE --to SOURCE [--rename X]... [--sql]
 * [--strict] [--head REV] [--dialects LIST [--dialect-url D=URL]...]`
 * (issue 15): writes the revision that turns the
 * migrations' head schema into SOURCE's and prints its path, as
 * `revision` does; --sql prints the revision's sections instead.  No
 * difference: "no difference" on stderr, nothing on stdout, exit 0.
 * Destructive changes are warnings on stderr (events); the work is
 * libmigrator's (migrator_diff).
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

int cmd_diff(struct cli *cli, struct cli_err *d)
{
	struct migrator_revision_spec rev = MIGRATOR_REVISION_SPEC_INIT;
	struct migrator_diff_spec spec = MIGRATOR_DIFF_SPEC_INIT;
	char *text = NULL, *path = NULL;
	int rc;

	if (!cli->args.message || !cli->args.to) {
		cli_err_set(d, MIGRATOR_EUSAGE, "diff needs %s",
			    cli->args.message ? "--to SOURCE" : "a message");
		cli_err_hint(d, "usage: migrator diff -m MESSAGE --to SOURCE "
				"(a database URL or a .sql file)");
		return MIGRATOR_EUSAGE;
	}
	rev.message = cli->args.message;
	rev.head = cli->args.head;
	spec.revision = &rev;
	spec.to = cli->args.to;
	spec.renames = (const char *const *)cli->args.renames.v;
	spec.nrenames = cli->args.renames.n;
	spec.dialects = cli->args.dialects;
	spec.dialect_urls = (const char *const *)cli->args.dialect_urls.v;
	spec.ndialect_urls = cli->args.dialect_urls.n;
	spec.flags = (cli->args.sql ? MIGRATOR_DIFF_PRINT : 0) |
		     (cli->args.strict ? MIGRATOR_DIFF_STRICT : 0);
	rc = cli_err_take(d, cli->ctx,
			  migrator_diff(cli->ctx, &spec, &text, &path));
	if (!rc && !text) {
		if (!cli->quiet)
			fputs("migrator: no difference\n", stderr);
	} else if (!rc && cli->args.sql) {
		fputs(text, stdout);
	} else if (!rc) {
		cli_put_text(stdout, path);
		putchar('\n');
	}
	migrator_free(text);
	migrator_free(path);
	return rc;
}
