/*
 * runner_offline.c - `upgrade --sql` / `downgrade --sql`: the SQL a run
 * would execute, as a script for sqlite3 or psql.  Loads the plugin only to
 * learn its dialect; connects to nothing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <migrator/driver.h>

#include "buf.h"
#include "runner_int.h"

/* s[0..n) and then suffix as one quoted identifier, doubling embedded
 * quotes. */
static int put_ident(struct mg_buf *b, const char *s, size_t n,
		     const char *suffix)
{
	int rc = mg_buf_putc(b, '"');

	for (size_t i = 0; !rc && i < n; i++)
		rc = s[i] == '"' ? mg_buf_puts(b, "\"\"") : mg_buf_putc(b, s[i]);
	rc = rc ? rc : mg_buf_puts(b, suffix);
	return rc ? rc : mg_buf_putc(b, '"');
}

/* "schema.table" -> "schema"."table" (migrator_runner_new checked the
 * name against migrator_table_name_split, the drivers' rule). */
static int put_table(struct mg_buf *b, const char *table)
{
	const char *name;
	long schema_len = migrator_table_name_split(table, &name);
	int rc = 0;

	if (schema_len > 0) {
		rc = put_ident(b, table, (size_t)schema_len, "");
		rc = rc ? rc : mg_buf_putc(b, '.');
	}
	return rc ? rc : put_ident(b, name, strlen(name), "");
}

/* The stamp table as the drivers create it (pg_stamp.c, sqlite_stamp.c):
 * Alembic's layout with its primary key named <table>_pkc, so that --sql
 * and an online run leave the same schema.  PostgreSQL: the schema of a
 * qualified name is created too, as an online run does. */
static int put_create_stamp(struct mg_buf *b, const char *table,
			    const char *dialect)
{
	const char *name;
	long schema_len = migrator_table_name_split(table, &name);
	int rc = 0;

	if (schema_len > 0 && strcmp(dialect, "postgresql") == 0) {
		rc = mg_buf_puts(b, "CREATE SCHEMA IF NOT EXISTS ");
		rc = rc ? rc : put_ident(b, table, (size_t)schema_len, "");
		rc = rc ? rc : mg_buf_puts(b, ";\n");
	}
	rc = rc ? rc : mg_buf_puts(b, "CREATE TABLE IF NOT EXISTS ");
	rc = rc ? rc : put_table(b, table);
	rc = rc ? rc
		: mg_buf_puts(b, " (version_num VARCHAR(32) NOT NULL, "
				 "CONSTRAINT ");
	rc = rc ? rc : put_ident(b, name, strlen(name), "_pkc");
	return rc ? rc : mg_buf_puts(b, " PRIMARY KEY (version_num));\n");
}

/* Revision IDs are [A-Za-z0-9_] (checked when the graph loads), so they
 * are safe as literals. */
static int put_stamp(struct mg_buf *b, const char *table,
		     const struct migrator_step *st)
{
	int rc = 0;

	if (st->ndel == 1 && st->nadd == 1) {
		rc = mg_buf_puts(b, "UPDATE ");
		rc = rc ? rc : put_table(b, table);
		return rc ? rc
			  : mg_buf_printf(b,
					  " SET version_num = '%s' "
					  "WHERE version_num = '%s';\n",
					  st->add[0], st->del[0]);
	}
	for (size_t i = 0; !rc && i < st->ndel; i++) {
		rc = mg_buf_puts(b, "DELETE FROM ");
		rc = rc ? rc : put_table(b, table);
		rc = rc ? rc
			: mg_buf_printf(b, " WHERE version_num = '%s';\n",
					st->del[i]);
	}
	for (size_t i = 0; !rc && i < st->nadd; i++) {
		rc = mg_buf_puts(b, "INSERT INTO ");
		rc = rc ? rc : put_table(b, table);
		rc = rc ? rc
			: mg_buf_printf(b, " (version_num) VALUES ('%s');\n",
					st->add[i]);
	}
	return rc;
}

/* A statement and its ';'.  When its last line holds "--" the ';' goes on
 * a line of its own so a trailing comment cannot swallow it. */
static int put_stmt(struct mg_buf *b, const char *s, size_t len)
{
	size_t last = len;
	int rc;

	while (last > 0 && s[last - 1] != '\n')
		last--;
	rc = mg_buf_add(b, s, len);
	if (rc)
		return rc;
	for (size_t i = last; i + 1 < len; i++)
		if (s[i] == '-' && s[i + 1] == '-')
			return mg_buf_puts(b, "\n;\n");
	return mg_buf_puts(b, ";\n");
}

static int put_revs(struct mg_buf *b, struct migrator_rev *const *v, size_t n)
{
	int rc = 0;

	if (n == 0)
		return mg_buf_puts(b, "<base>");
	for (size_t i = 0; !rc && i < n; i++)
		rc = mg_buf_printf(b, "%s%s", i ? ", " : "", v[i]->id);
	return rc;
}

static int put_step(struct mg_buf *b, const struct mg_prepared *p, size_t i,
		    const char *table)
{
	const struct migrator_step *st = migrator_plan_step(p->plan, i);
	const struct migrator_section *sec = p->sec[i];
	int tx = st->rev->script->transactional;
	int rc;

	rc = mg_buf_printf(b, "\n-- Running %s ",
			   st->direction == MIGRATOR_UPGRADE ? "upgrade"
							     : "downgrade");
	if (st->direction == MIGRATOR_UPGRADE) {
		rc = rc ? rc : put_revs(b, st->rev->parents, st->rev->n_parents);
		rc = rc ? rc : mg_buf_printf(b, " -> %s", st->rev->id);
	} else {
		rc = rc ? rc : mg_buf_printf(b, "%s -> ", st->rev->id);
		rc = rc ? rc : put_revs(b, st->rev->parents, st->rev->n_parents);
	}
	if (!rc && st->rev->script->message[0])
		rc = mg_buf_printf(b, ", %s", st->rev->script->message);
	rc = rc ? rc : mg_buf_putc(b, '\n');
	if (!rc && tx)
		rc = mg_buf_puts(b, "BEGIN;\n\n");
	for (size_t k = 0; !rc && sec && k < p->stmts[i].n; k++) {
		const struct mg_stmt *s = &p->stmts[i].v[k];

		rc = put_stmt(b, sec->sql + s->off, s->len);
		rc = rc ? rc : mg_buf_putc(b, '\n');
	}
	if (!rc && !tx)
		rc = mg_buf_puts(b, "BEGIN;\n");
	rc = rc ? rc : put_stamp(b, table, st);
	rc = rc ? rc : mg_buf_puts(b, "COMMIT;\n");
	return rc;
}

/* Splits "A:B" into start and target; no ':' means no start. */
static int split_range(char **start, const char **target, const char *range,
		       migrator_diag *d)
{
	const char *colon = strchr(range, ':');

	*start = NULL;
	*target = range;
	if (!colon)
		return 0;
	if (colon == range || !colon[1] || strchr(colon + 1, ':'))
		return migrator_diag_set(d, MIGRATOR_EUSAGE,
					 "bad range \"%s\": expected "
					 "START:TARGET",
					 range);
	*start = strndup(range, (size_t)(colon - range));
	if (!*start)
		return migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	*target = colon + 1;
	return 0;
}

int migrator_runner_offline_sql(char **out, migrator_runner *r,
				enum migrator_direction direction,
				const char *range, migrator_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	migrator_revset from = MIGRATOR_REVSET_INIT;
	migrator_revset tgt = MIGRATOR_REVSET_INIT;
	struct mg_hook_view hv;
	struct mg_prepared p;
	const char *target = NULL;
	char *start = NULL;
	int drop = 0, rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	memset(&hv, 0, sizeof(hv));
	rc = split_range(&start, &target, range, d);
	if (!rc)
		rc = mg_runner_load_graph(r, d);
	if (!rc && (!r->url || !*r->url)) {
		rc = migrator_diag_set(d, MIGRATOR_ECONFIG,
				       "--sql needs a database URL to pick "
				       "the SQL dialect");
		migrator_diag_hint(d, "Nothing connects: -d sqlite: or "
				      "-d postgresql: is enough.");
	}
	if (!rc)
		rc = mg_runner_load_plugin(r, d);
	if (rc)
		goto out;
	if (start)
		rc = migrator_target_resolve(&from, r->graph, start, NULL, d);
	else if (direction == MIGRATOR_DOWNGRADE)
		rc = migrator_target_resolve(&from, r->graph, "heads", NULL, d);
	if (!rc)
		rc = mg_resolve_target(&tgt, &drop, r->graph, direction, target,
				       &from, d);
	if (!rc)
		rc = mg_prepare(&p, r->graph, direction, &from, &tgt, drop,
				r->drv->dialect, d);
	/* hook plugins see the SQL as for a dry run (lint checks it) */
	if (!rc)
		rc = mg_hooks_start(&hv, r, &p, direction,
				    MIGRATOR_HOOK_RUN_DRY, &from, d);
	if (rc)
		goto out;
	rc = mg_buf_printf(&b, "-- migrator %s for %s\n\n",
			   direction == MIGRATOR_UPGRADE ? "upgrade"
							 : "downgrade",
			   r->drv->dialect);
	rc = rc ? rc
		: put_create_stamp(&b, r->version_table, r->drv->dialect);
	for (size_t i = 0; !rc && i < p.n; i++)
		rc = put_step(&b, &p, i, r->version_table);
	if (rc) {
		rc = migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	*out = mg_buf_detach(&b);
out:
	mg_hook_view_free(&hv);
	mg_buf_free(&b);
	mg_prepared_free(&p);
	migrator_revset_clear(&from);
	migrator_revset_clear(&tgt);
	free(start);
	return rc;
}
