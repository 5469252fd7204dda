/*
 * pg_invalid.c - the invalid indexes of current_schema() (driver ABI 2.3).
 *
 * A CREATE INDEX CONCURRENTLY that fails (a duplicate key for a UNIQUE
 * index, a deadlock, a cancel) leaves its index behind, marked invalid
 * (pg_index.indisvalid false): the table pays for its upkeep, queries
 * never use it, and a rerun of CREATE INDEX CONCURRENTLY IF NOT EXISTS
 * skips it without a word.  After a statement outside a transaction fails,
 * the host lists them with the statement that drops each one, both names
 * always quoted (a quote doubled), so the text can be pasted as it is.
 * An index another session is building right now is invalid too until its
 * build ends: it is left out (PG_INVALID_INDEX), never to be dropped.
 */
#include "config.h"

#include "pg_internal.h"

static const char invalid_sql[] =
	"SELECT format('DROP INDEX CONCURRENTLY \"%s\".\"%s\"', "
	"replace(n.nspname, '\"', '\"\"'), replace(i.relname, '\"', '\"\"')) "
	"FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
	"JOIN pg_namespace n ON n.oid = i.relnamespace "
	"WHERE n.nspname = current_schema() AND " PG_INVALID_INDEX " "
	"ORDER BY i.relname";

int pg_invalid_indexes(struct migrator_conn *c, struct migrator_strvec *out,
		       struct migrator_diag *d)
{
	PGresult *res = pg_query(c, invalid_sql, 0, NULL, d);
	int rc = 0;

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	for (int i = 0; rc == 0 && i < PQntuples(res); i++)
		if (pg_host->strvec_push(out, PQgetvalue(res, i, 0)) < 0)
			rc = pg_nomem(d);
	PQclear(res);
	return rc;
}
