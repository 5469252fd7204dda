/*
 * cmd_check.c - `check`: schema drift and edited migration files.
 *
 * Text: one line per difference on stdout, e.g.
 *   missing table progress_tracking
 *   extra column budget_alerts.total_tokens: INTEGER
 *   changed column users.email: type VARCHAR(200) expected, TEXT found
 *   missing index users.ix_users_email: UNIQUE (email)
 *   missing foreign key posts: user_id -> users(id)
 * then "no drift" or "N differences" (-q drops that last line).  Edited
 * applied files are warnings on stderr ("migrator: warning: ..."); with
 * --strict they count as drift.  Exit 0 when the schemas match, 1 on
 * drift.
 *
 * --format json, one object on stdout (also on drift):
 *   {"revisions":["3f2a9c1b7d4e"],"drift":true,
 *    "differences":[{"kind":"changed_column","table":"users",
 *      "name":"email","field":"type","expected":"VARCHAR(200)",
 *      "found":"TEXT"}],
 *    "edited":[{"revision":"1975ea83b712","file":"migrations/..."}]}
 * kind is one of missing_table, extra_table, missing_column, extra_column,
 * changed_column, missing_index, extra_index, changed_index, missing_fkey,
 * extra_fkey, and missing_, extra_ or changed_ followed by view, trigger,
 * sequence, function or type (table null but for a trigger); name is null
 * for tables; field is null except for changed_* ("type", "nullable",
 * "default"; "columns", "unique"; "definition"); expected / found may be
 * null (no default; the side that lacks the object): missing_* describe
 * the object in expected, extra_* in found.  Objects' lines read
 *   changed view people_names: definition SELECT ... expected, ... found
 *   missing trigger people.people_audit: CREATE TRIGGER ...
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

static void print_json(const migrator_driftlist *drift,
		       const migrator_revlist *cur,
		       const migrator_revlist *edited, int is_drift)
{
	fputs("{\"revisions\":[", stdout);
	for (size_t i = 0; i < migrator_revlist_count(cur); i++) {
		if (i)
			fputc(',', stdout);
		cli_json_str(stdout, migrator_revlist_get(cur, i));
	}
	printf("],\"drift\":%s,\"differences\":[",
	       is_drift ? "true" : "false");
	for (size_t i = 0; i < migrator_driftlist_count(drift); i++) {
		if (i)
			fputc(',', stdout);
		cli_json_drift(stdout, migrator_driftlist_get(drift, i));
	}
	fputs("],\"edited\":[", stdout);
	for (size_t i = 0; i < migrator_revlist_count(edited); i++) {
		const migrator_revision *rev =
			migrator_revlist_revision(edited, i);

		fputs(i ? ",{\"revision\":" : "{\"revision\":", stdout);
		cli_json_str(stdout, migrator_revlist_get(edited, i));
		fputs(",\"file\":", stdout);
		cli_json_str_or_null(stdout,
				     rev ? migrator_revision_path(rev) : NULL);
		fputc('}', stdout);
	}
	puts("]}");
}

int cmd_check(struct cli *cli, struct cli_err *d)
{
	migrator_driftlist *drift = NULL;
	migrator_revlist *cur = NULL, *edited = NULL;
	struct cli_err drift_err = CLI_ERR_INIT;
	size_t n;
	int rc, crc;

	/* 0, or MIGRATOR_EDRIFT worded for differences or (--strict)
	 * edited files; its error is kept while the next calls run */
	crc = migrator_check_schema(cli->ctx, &drift);
	rc = cli_err_take(crc == MIGRATOR_EDRIFT ? &drift_err : d, cli->ctx, crc);
	if (rc && rc != MIGRATOR_EDRIFT)
		goto out;
	rc = cli_err_take(d, cli->ctx, migrator_current(cli->ctx, &cur));
	/* its warnings are events (cli_on_event); its --strict error is
	 * check's already */
	if (!rc) {
		rc = migrator_edited(cli->ctx, &edited);
		if (rc != MIGRATOR_EDRIFT)
			rc = cli_err_take(d, cli->ctx, rc);
		else
			rc = 0;
	}
	if (rc)
		goto out;
	n = migrator_driftlist_count(drift);
	if (cli->args.json) {
		print_json(drift, cur, edited, crc != 0);
	} else {
		/* names come from the database: escaped like file names */
		for (size_t i = 0; i < n; i++) {
			cli_put_text(stdout,
				     migrator_driftlist_get(drift, i)->text);
			putchar('\n');
		}
		if (!cli->quiet) {
			if (n)
				printf("%zu difference%s\n", n,
				       n == 1 ? "" : "s");
			else
				puts("no drift");
		}
	}
	if (crc) {
		/* d is empty: every other call succeeded; d takes the
		 * strings */
		*d = drift_err;
		drift_err = (struct cli_err)CLI_ERR_INIT;
		rc = crc;
	}
out:
	cli_err_clear(&drift_err);
	migrator_driftlist_free(drift);
	migrator_revlist_free(edited);
	migrator_revlist_free(cur);
	return rc;
}
