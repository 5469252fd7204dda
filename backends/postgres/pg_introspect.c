/*
 * pg_introspect.c - `check` support (driver ABI 1.1): the schema of
 * current_schema() from the catalogs (the scratch database is in
 * pg_scratch.c).
 *
 * Types are format_type()'s spelling ("character varying(200)",
 * "timestamp with time zone"), defaults pg_get_expr()'s, index columns
 * pg_get_indexdef()'s (expressions included; a partial index adds
 * " WHERE predicate"): the server's canonical text, so the same DDL reads
 * the same in both databases.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

static int sink(int rc, struct migrator_diag *d)
{
	return rc < 0 ? pg_nomem(d) : 0;
}

static const char *val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

#define IN_SCHEMA \
	"JOIN pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "

static const char tables_sql[] =
	"SELECT c.relname FROM pg_class c " IN_SCHEMA "ORDER BY 1";

static const char columns_sql[] =
	"SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
	"a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid) "
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
	"LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid "
	"AND ad.adnum = a.attnum " IN_SCHEMA
	"AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum";

static const char indexes_sql[] =
	"SELECT c.relname, i.relname, ix.indisunique, "
	"(SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), ', ' "
	"ORDER BY k) FROM generate_series(1, ix.indnkeyatts) k) || "
	"coalesce(' WHERE ' || pg_get_expr(ix.indpred, ix.indrelid, true), '') "
	"FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
	"JOIN pg_class c ON c.oid = ix.indrelid " IN_SCHEMA "ORDER BY 1, 2";

#define KEY_COLUMNS(keys, rel) \
	"(SELECT string_agg(a.attname, ', ' ORDER BY k.i) " \
	"FROM unnest(con." keys ") WITH ORDINALITY k(num, i) " \
	"JOIN pg_attribute a ON a.attrelid = con." rel " AND a.attnum = k.num)"

static const char fkeys_sql[] =
	"SELECT c.relname, " KEY_COLUMNS("conkey", "conrelid") ", r.relname, "
	KEY_COLUMNS("confkey", "confrelid") " "
	"FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
	"JOIN pg_class r ON r.oid = con.confrelid " IN_SCHEMA
	"AND con.contype = 'f' ORDER BY 1, 2, 3, 4";

enum what { TABLES, COLUMNS, INDEXES, FKEYS };

static int push_rows(struct migrator_conn *c, enum what w, const char *sql,
		     struct migrator_schema *out, struct migrator_diag *d)
{
	const struct migrator_host *h = pg_host;
	PGresult *res = pg_query(c, sql, 0, NULL, d);
	int rc = 0;

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		const char *t = val(res, i, 0);

		switch (w) {
		case TABLES: rc = h->schema_table(out, t); break;
		case COLUMNS:
			rc = h->schema_column(out, t, val(res, i, 1),
					      val(res, i, 2),
					      strcmp(PQgetvalue(res, i, 3),
						     "t") == 0,
					      val(res, i, 4));
			break;
		case INDEXES:
			rc = h->schema_index(out, t, val(res, i, 1),
					     strcmp(PQgetvalue(res, i, 2),
						    "t") == 0,
					     val(res, i, 3));
			break;
		case FKEYS:
			rc = h->schema_fkey(out, t, val(res, i, 1),
					    val(res, i, 2), val(res, i, 3));
			break;
		}
		rc = sink(rc, d);
	}
	PQclear(res);
	return rc;
}

int pg_introspect(struct migrator_conn *c, struct migrator_schema *out,
		  struct migrator_diag *d)
{
	int rc;

	/* the host's schema_* sink: create() checked that the host has it */
	rc = push_rows(c, TABLES, tables_sql, out, d);
	if (rc == 0)
		rc = push_rows(c, COLUMNS, columns_sql, out, d);
	if (rc == 0)
		rc = push_rows(c, INDEXES, indexes_sql, out, d);
	if (rc == 0)
		rc = push_rows(c, FKEYS, fkeys_sql, out, d);
	return rc;
}
