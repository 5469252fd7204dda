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
 * extra_fkey; name is null for tables; field is null except for changed_*
 * ("type", "nullable", "default"; "columns", "unique"); expected / found
 * may be null (no default; the side that lacks the object): missing_*
 * describe the object in expected, extra_* in found.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

static const char *const kind_text[] = {
	"missing table", "extra table",   "missing column", "extra column",
	"changed column", "missing index", "extra index",   "changed index",
	"missing foreign key", "extra foreign key",
};

static void print_text(const struct mg_drift *x)
{
	const char *what = (size_t)x->kind < sizeof(kind_text) /
						     sizeof(kind_text[0])
				   ? kind_text[x->kind]
				   : "difference";

	/* names come from the database: escaped like file names */
	if (x->kind == MG_DRIFT_MISSING_TABLE ||
	    x->kind == MG_DRIFT_EXTRA_TABLE) {
		cli_put_textf(stdout, "%s %s", what, x->table);
	} else if (x->kind == MG_DRIFT_MISSING_FKEY ||
		   x->kind == MG_DRIFT_EXTRA_FKEY) {
		cli_put_textf(stdout, "%s %s: %s", what, x->table, x->name);
	} else if (x->field) {
		cli_put_textf(stdout, "%s %s.%s: %s %s expected, %s found",
			      what, x->table, x->name, x->field,
			      x->expected ? x->expected : "none",
			      x->found ? x->found : "none");
	} else {
		const char *desc = x->expected ? x->expected : x->found;

		cli_put_textf(stdout, "%s %s.%s%s%s", what, x->table, x->name,
			      desc ? ": " : "", desc ? desc : "");
	}
	putchar('\n');
}

static void json_str_or_null(const char *s)
{
	if (s)
		cli_json_str(stdout, s);
	else
		fputs("null", stdout);
}

static void print_json(const mg_check *c, const mg_revset *cur,
		       const mg_strvec *edited, const mg_graph *g,
		       int drift)
{
	fputs("{\"revisions\":[", stdout);
	for (size_t i = 0; i < cur->n; i++) {
		if (i)
			fputc(',', stdout);
		cli_json_str(stdout, cur->v[i]->id);
	}
	printf("],\"drift\":%s,\"differences\":[", drift ? "true" : "false");
	for (size_t i = 0; i < mg_check_size(c); i++) {
		const struct mg_drift *x = mg_check_at(c, i);

		fputs(i ? ",{\"kind\":" : "{\"kind\":", stdout);
		cli_json_str(stdout, mg_drift_kind_name(x->kind));
		fputs(",\"table\":", stdout);
		json_str_or_null(x->table);
		fputs(",\"name\":", stdout);
		json_str_or_null(x->name);
		fputs(",\"field\":", stdout);
		json_str_or_null(x->field);
		fputs(",\"expected\":", stdout);
		json_str_or_null(x->expected);
		fputs(",\"found\":", stdout);
		json_str_or_null(x->found);
		fputc('}', stdout);
	}
	fputs("],\"edited\":[", stdout);
	for (size_t i = 0; i < edited->n; i++) {
		const struct migrator_revision *rev =
			mg_graph_get(g, edited->v[i]);

		fputs(i ? ",{\"revision\":" : "{\"revision\":", stdout);
		cli_json_str(stdout, edited->v[i]);
		fputs(",\"file\":", stdout);
		json_str_or_null(rev ? rev->script->path : NULL);
		fputc('}', stdout);
	}
	puts("]}");
}

/* "migrator: warning: FILE was edited after revision X was applied ..."
 * (the wording upgrade's warnings have too). */
int cli_warn_edited(struct cli *cli, const mg_strvec *edited,
		    mg_diag *d)
{
	for (size_t i = 0; i < edited->n && !cli->quiet; i++) {
		char *text =
			mg_runner_edited_warning(cli->runner, edited->v[i]);

		if (!text)
			return mg_diag_set(d, MIGRATOR_ENOMEM,
						 "out of memory");
		cli_warn("%s", text);
		free(text);
	}
	return 0;
}

int cmd_check(struct cli *cli, mg_diag *d)
{
	mg_revset cur = MG_REVSET_INIT;
	mg_strvec edited = MG_STRVEC_INIT;
	mg_check *c = NULL;
	size_t n;
	int rc, drift;

	rc = mg_runner_check(&c, cli->runner, d);
	if (!rc)
		rc = mg_runner_current(&cur, cli->runner, d);
	if (!rc)
		rc = mg_runner_edited(&edited, cli->runner, d);
	if (rc)
		goto out;
	rc = cli_warn_edited(cli, &edited, d);
	if (rc)
		goto out;
	n = mg_check_size(c);
	drift = n > 0 || (cli->args.strict && edited.n > 0);
	if (cli->args.json) {
		print_json(c, &cur, &edited, cli->graph, drift);
	} else {
		for (size_t i = 0; i < n; i++)
			print_text(mg_check_at(c, i));
		if (!cli->quiet) {
			if (n)
				printf("%zu difference%s\n", n,
				       n == 1 ? "" : "s");
			else
				puts("no drift");
		}
	}
	if (drift) {
		if (n)
			mg_diag_set(d, MIGRATOR_EDRIFT,
					  "the database schema differs from "
					  "what the migrations build");
		else
			mg_runner_edited_error(edited.n, d);
		rc = MIGRATOR_EDRIFT;
	}
out:
	mg_check_free(c);
	mg_strvec_clear(&edited);
	mg_revset_clear(&cur);
	return rc;
}
