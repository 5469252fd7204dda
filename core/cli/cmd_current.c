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
#include <stdlib.h>

#include "cmd.h"

int cmd_current(struct cli *cli, mg_diag *d)
{
	mg_revset cur = MG_REVSET_INIT;
	int rc;

	if (cli->verbose) {
		char *safe = mg_url_redact(cli->set.url ? cli->set.url
							      : "");

		if (safe && cli->set.url)
			fprintf(stderr, "migrator: current revision(s) for "
					"%s:\n",
				safe);
		free(safe);
	}
	rc = mg_runner_current(&cur, cli->runner, d);
	if (rc)
		goto out;
	/* -v and --strict: applied files edited since they ran (history) */
	if (cli->verbose || cli->args.strict) {
		mg_strvec edited = MG_STRVEC_INIT;

		rc = mg_runner_edited(&edited, cli->runner, d);
		if (!rc)
			rc = cli_warn_edited(cli, &edited, d);
		if (!rc && edited.n && cli->args.strict)
			rc = mg_runner_edited_error(edited.n, d);
		mg_strvec_clear(&edited);
		if (rc)
			goto out;
	}
	if (cli->args.json) {
		fputs("{\"current\":[", stdout);
		for (size_t i = 0; i < cur.n; i++) {
			if (i)
				fputc(',', stdout);
			cli_json_rev(stdout, cur.v[i]);
		}
		puts("]}");
		goto out;
	}
	for (size_t i = 0; i < cur.n; i++) {
		if (cli->verbose) {
			cli_print_rev_block(stdout, cur.v[i]);
			continue;
		}
		fputs(cur.v[i]->id, stdout);
		if (mg_rev_is_head(cur.v[i]))
			fputs(" (head)", stdout);
		fputc('\n', stdout);
	}
out:
	mg_revset_clear(&cur);
	return rc;
}
