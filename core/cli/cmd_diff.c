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
#include <string.h>

#include "cmd.h"

/* Whether the list "a,b" names the n bytes at name. */
static int listed(const char *list, const char *name, size_t n)
{
	while (list) {
		size_t k = strcspn(list, ",");

		if (k == n && strncmp(list, name, n) == 0)
			return 1;
		list = list[k] ? list + k + 1 : NULL;
	}
	return 0;
}

/* --dialect-url's, then the config file's [dialect.NAME] url of each
 * other dialect of --dialects (those of dialects not asked are unused). */
static int dialect_urls(struct cli_strs *out, const struct cli *cli,
			struct cli_err *d)
{
	const struct cli_strs *file = &cli->set.dialect_urls;
	const struct cli_strs *given = &cli->args.dialect_urls;
	int rc = 0;

	for (size_t i = 0; !rc && i < given->n; i++)
		rc = cli_strs_push(out, given->v[i]);
	for (size_t i = 0; !rc && cli->args.dialects && i < file->n; i++) {
		size_t n = strcspn(file->v[i], "=");
		int dup = 0;

		for (size_t k = 0; k < given->n; k++)
			dup |= strncmp(given->v[k], file->v[i], n + 1) == 0;
		if (!dup && listed(cli->args.dialects, file->v[i], n))
			rc = cli_strs_push(out, file->v[i]);
	}
	return rc ? cli_err_set(d, MIGRATOR_ENOMEM, "out of memory") : 0;
}

int cmd_diff(struct cli *cli, struct cli_err *d)
{
	struct migrator_revision_spec rev = MIGRATOR_REVISION_SPEC_INIT;
	struct migrator_diff_spec spec = MIGRATOR_DIFF_SPEC_INIT;
	struct cli_strs urls = CLI_STRS_INIT;
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
	spec.flags = (cli->args.sql ? MIGRATOR_DIFF_PRINT : 0) |
		     (cli->args.strict ? MIGRATOR_DIFF_STRICT : 0);
	rc = dialect_urls(&urls, cli, d);
	spec.dialect_urls = (const char *const *)urls.v;
	spec.ndialect_urls = urls.n;
	if (!rc)
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
	cli_strs_free(&urls);
	return rc;
}
