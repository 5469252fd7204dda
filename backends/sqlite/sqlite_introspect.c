/*
 * sqlite_introspect.c - the schema of "main" for `check` (ABI 1.1):
 * tables from sqlite_master, then per table its columns (table_info),
 * indexes (index_list, index_info) and foreign keys (foreign_key_list).
 *
 * Declared types are upper-cased and runs of white space made one space
 * ("varchar(200)" reads VARCHAR(200)): SQLite keeps the declared text, so
 * two databases built from the same migrations hold the same text.  An index over an expression has no
 * column name; it is listed as "<expr>".  SQLite's internal tables
 * (sqlite_*) are left out.  Views and triggers follow (host ABI 2.3),
 * their text as sqlite_master keeps it; each table's definition too
 * (kind "table", compared by `migrator diff` only), in the normal form of
 * sqlite_sqltext.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_sqltext.h"

static const char *text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Prepares sql and, unless arg is NULL, binds it as ?1. */
static int prepare(struct migrator_conn *c, const char *sql, const char *arg,
		   sqlite3_stmt **st, struct migrator_diag *d)
{
	int rc = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);

	if (rc == SQLITE_OK && arg)
		rc = sqlite3_bind_text(*st, 1, arg, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

/* Ends a step loop: SQLITE_DONE is success, another SQLite code an error,
 * 0 or a negative code stays; the statement is finalised. */
static int finish(struct migrator_conn *c, sqlite3_stmt *st, int rc,
		  struct migrator_diag *d)
{
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

static int sink(int rc, struct migrator_diag *d)
{
	return rc < 0 ? sq_nomem(d) : 0;
}

/* Upper case, white space runs as one space, none at either end. */
static char *norm_type(const char *t)
{
	size_t n = t ? strlen(t) : 0, k = 0;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)t[i];

		if (isspace(ch)) {
			if (k && out[k - 1] != ' ')
				out[k++] = ' ';
			continue;
		}
		out[k++] = (char)toupper(ch);
	}
	if (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return out;
}

static int columns(struct migrator_conn *c, const char *table,
		   struct migrator_schema *out, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c,
			 "SELECT name, type, \"notnull\", dflt_value "
			 "FROM pragma_table_info(?1, 'main') ORDER BY cid",
			 table, &st, d);

	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *type = norm_type(text(st, 1));

		rc = type ? sink(sq_host->schema_column(
					 out, table, text(st, 0), type,
					 sqlite3_column_int(st, 2) != 0,
					 text(st, 3)),
				 d)
			  : sq_nomem(d);
		free(type);
	}
	return finish(c, st, rc, d);
}

/* "a, b" for the index's key columns. */
static int index_columns(struct migrator_conn *c, const char *index,
			 char **out, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	char *list = NULL;
	int rc = prepare(c,
			 "SELECT group_concat(coalesce(name, '<expr>'), ', ') "
			 "FROM (SELECT name FROM pragma_index_info(?1, 'main') "
			 "ORDER BY seqno)",
			 index, &st, d);

	*out = NULL;
	if (rc == 0) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			list = strdup(text(st, 0) ? text(st, 0) : "");
			rc = list ? 0 : sq_nomem(d);
		} else {
			rc = sq_db_error(c, rc, d);
		}
	}
	sqlite3_finalize(st);
	*out = list;
	return rc;
}

static int indexes(struct migrator_conn *c, const char *table,
		   struct migrator_schema *out, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c,
			 "SELECT name, \"unique\" FROM "
			 "pragma_index_list(?1, 'main') ORDER BY name",
			 table, &st, d);

	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *cols = NULL;

		rc = index_columns(c, text(st, 0), &cols, d);
		if (rc == 0)
			rc = sink(sq_host->schema_index(
					  out, table, text(st, 0),
					  sqlite3_column_int(st, 1) != 0, cols),
				  d);
		free(cols);
	}
	return finish(c, st, rc, d);
}

static int fkeys(struct migrator_conn *c, const char *table,
		 struct migrator_schema *out, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c,
			 "SELECT group_concat(\"from\", ', '), \"table\", "
			 "group_concat(coalesce(\"to\", ''), ', ') FROM "
			 "(SELECT * FROM pragma_foreign_key_list(?1, 'main') "
			 "ORDER BY id, seq) GROUP BY id ORDER BY id",
			 table, &st, d);

	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = sink(sq_host->schema_fkey(out, table, text(st, 0),
					       text(st, 1), text(st, 2)),
			  d);
	return finish(c, st, rc, d);
}

/* Views and triggers, with their sqlite_master text (host ABI 2.3; an
 * older host compares tables only).  A trigger's table is its tbl_name. */
static int objects(struct migrator_conn *c, struct migrator_schema *out,
		   struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!MIGRATOR_HOST_HAS(sq_host, 3, schema_object))
		return 0;
	rc = prepare(c,
		     "SELECT type, CASE WHEN type IN ('trigger', 'table') "
		     "THEN tbl_name END, "
		     "name, sql FROM main.sqlite_master "
		     "WHERE type IN ('view', 'trigger', 'table') "
		     "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
		     "ORDER BY type, name",
		     NULL, &st, d);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *norm = NULL;
		const char *def = text(st, 3);

		if (strcmp(text(st, 0), "table") == 0) {
			norm = sq_sql_norm(def ? def : "", NULL, NULL, 0);
			if (!norm) {
				rc = sq_nomem(d);
				break;
			}
			def = norm;
		}
		rc = sink(sq_host->schema_object(out, text(st, 0), text(st, 1),
						 text(st, 2), def),
			  d);
		free(norm);
	}
	return finish(c, st, rc, d);
}

int sq_introspect(struct migrator_conn *c, struct migrator_schema *out,
		  struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	/* the host's schema_* sink: create() checked that the host has it */
	rc = prepare(c,
		     "SELECT name FROM main.sqlite_master WHERE type = 'table' "
		     "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
		     NULL, &st, d);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = text(st, 0);

		rc = sink(sq_host->schema_table(out, t), d);
		if (rc == 0)
			rc = columns(c, t, out, d);
		if (rc == 0)
			rc = indexes(c, t, out, d);
		if (rc == 0)
			rc = fkeys(c, t, out, d);
	}
	rc = finish(c, st, rc, d);
	return rc ? rc : objects(c, out, d);
}
