/*
 * cmd_current.c - `current`: the revisions stamped in the database.
 *
 * Text: one line per stamped revision, "3f2a9c1b7d4e (head)"; with -v a
 * block per revision (as `show`, without SQL) and, on stderr, the
 * redacted URL.  Nothing stamped (or no stamp table yet): no output, exit
 * 0, as Alembic.  A missing SQLite file is an error (exit 1): `current`
 * never creates it, and a mistyped path should not read as an empty
 * database.
 *
 * --format json:
 *   {"current":[{"revision":"3f2a9c1b7d4e","parents":[...],"children":[],
 *     "depends_on":[],"branch_labels":[],"message":"...","file":"...",
 *     "head":true,"branchpoint":false,"mergepoint":false}]}
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

int cmd_current(struct cli *cli, struct cli_err *d)
{
	migrator_revlist *cur = NULL;
	size_t n;
	int rc;

	if (cli->verbose && cli->set.url) {
		fputs("migrator: current revision(s) for ", stderr);
		cli_put_text(stderr, migrator_url(cli->ctx));
		fputs(":\n", stderr);
	}
	rc = cli_err_take(d, cli->ctx, migrator_current(cli->ctx, &cur));
	if (rc)
		return rc;
	/* -v and --strict: applied files edited since they ran (history);
	 * the warnings are events, --strict makes them an error */
	if (cli->verbose || cli->args.strict) {
		migrator_revlist *edited = NULL;

		rc = cli_err_take(d, cli->ctx, migrator_edited(cli->ctx, &edited));
		migrator_revlist_free(edited);
		if (rc)
			goto out;
	}
	n = migrator_revlist_count(cur);
	if (cli->args.json) {
		fputs("{\"current\":[", stdout);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputc(',', stdout);
			cli_json_rev(stdout, migrator_revlist_revision(cur, i));
		}
		puts("]}");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const migrator_revision *r = migrator_revlist_revision(cur, i);

		if (cli->verbose) {
			cli_print_rev_block(stdout, r);
			continue;
		}
		fputs(migrator_revision_id(r), stdout);
		if (migrator_revision_flags(r) & MIGRATOR_REV_HEAD)
			fputs(" (head)", stdout);
		fputc('\n', stdout);
	}
out:
	migrator_revlist_free(cur);
	return rc;
}
