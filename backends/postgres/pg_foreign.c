/*
 * pg_foreign.c - the foreign_read member (driver ABI 2.4, `migrator
 * adopt`): another migration tool's table, read as text.  Every name is
 * a quoted identifier; the table is looked up with to_regclass and a
 * bound value.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* SELECT coalesce("a"::text, ''), ... FROM "s"."t" [ORDER BY "o"]:
 * booleans as t/f, numbers and times as PostgreSQL prints them, NULL as
 * "" (malloc'd; NULL: out of memory). */
static char *select_text(const struct pg_names *n, const char *const *cols,
			 size_t ncols, const char *order_by)
{
	char *list = pg_format("%s", ""), *order = NULL, *sql = NULL;

	for (size_t i = 0; list && i < ncols; i++) {
		char *q = pg_quote_ident(cols[i], strlen(cols[i])), *next;

		next = q ? pg_format("%s%scoalesce(%s::text, '')", list,
				     i ? ", " : "", q)
			 : NULL;
		free(q);
		free(list);
		list = next;
	}
	if (list && order_by) {
		char *q = pg_quote_ident(order_by, strlen(order_by));

		order = q ? pg_format(" ORDER BY %s", q) : NULL;
		free(q);
	}
	if (list && (order || !order_by))
		sql = pg_format("SELECT %s FROM %s%s", list, n->qualified,
				order ? order : "");
	free(list);
	free(order);
	return sql;
}

int pg_foreign_read(struct migrator_conn *c, const char *table,
		    const char *const *columns, size_t ncols,
		    const char *order_by, const char *attach, int *found,
		    struct migrator_strvec *out, struct migrator_diag *d)
{
	struct pg_names n;
	const char *values[1];
	PGresult *res;
	char *sql = NULL;
	int rc;

	(void)attach; /* a registry on PostgreSQL is a schema */
	*found = 0;
	rc = pg_names_make(&n, table, "foreign", 0, d);
	if (rc < 0)
		return rc;
	values[0] = n.qualified;
	res = pg_query(c, "SELECT to_regclass($1) IS NOT NULL", 1, values, d);
	if (!res) {
		rc = MIGRATOR_DRIVER_EDB;
		goto out;
	}
	*found = PQntuples(res) == 1 &&
		 strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!*found)
		goto out;
	sql = select_text(&n, columns, ncols, order_by);
	if (!sql) {
		rc = pg_nomem(d);
		goto out;
	}
	res = pg_query(c, sql, 0, NULL, d);
	if (!res) {
		rc = MIGRATOR_DRIVER_EDB;
		goto out;
	}
	for (int i = 0; rc == 0 && i < PQntuples(res); i++)
		for (int k = 0; rc == 0 && k < (int)ncols; k++)
			if (pg_host->strvec_push(out, PQgetvalue(res, i, k)) < 0)
				rc = pg_nomem(d);
	PQclear(res);
out:
	free(sql);
	pg_names_free(&n);
	return rc;
}
