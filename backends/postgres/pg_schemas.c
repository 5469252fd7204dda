/*
 * pg_schemas.c - tenant schemas (driver ABI 2.4, fleets): the schemas
 * whose names match a pattern, and a connection that works in one of
 * them.
 *
 * The pattern is a shell glob (`tenant_*`): '*' any run of characters,
 * '?' one character, '\' takes the next character as it is.  It becomes
 * a LIKE pattern here and is bound as a value; the server matches it.
 * The system schemas (pg_*, information_schema) are never listed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The glob as a LIKE pattern with '\' as its escape: malloc'd, or NULL
 * when out of memory. */
static char *glob_to_like(const char *glob)
{
	char *out = malloc(2 * strlen(glob) + 1), *o = out;

	if (!out)
		return NULL;
	for (const char *p = glob; *p; p++) {
		if (*p == '*') {
			*o++ = '%';
		} else if (*p == '?') {
			*o++ = '_';
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p == '%' || *p == '_' || *p == '\\')
				*o++ = '\\';
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

int pg_schemas_list(struct migrator_conn *c, const char *pattern,
		    struct migrator_strvec *out, struct migrator_diag *d)
{
	char *like = glob_to_like(pattern);
	const char *values[1];
	PGresult *res;
	int rc = 0;

	if (!like)
		return pg_nomem(d);
	values[0] = like;
	res = pg_query(c,
		       "SELECT nspname FROM pg_catalog.pg_namespace"
		       " WHERE nspname LIKE $1 ESCAPE '\\'"
		       " AND nspname NOT LIKE 'pg\\_%' ESCAPE '\\'"
		       " AND nspname <> 'information_schema'"
		       " ORDER BY nspname COLLATE \"C\"",
		       1, values, d);
	free(like);
	if (!res)
		return MIGRATOR_DRIVER_EDB;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++)
		if (pg_host->strvec_push(out, PQgetvalue(res, i, 0)) < 0)
			rc = pg_nomem(d);
	PQclear(res);
	return rc;
}

int pg_schema_use(struct migrator_conn *c, const char *schema,
		  struct migrator_diag *d)
{
	const char *values[] = {schema};
	PGresult *res = pg_query(c,
				 "SELECT pg_catalog.set_config('search_path',"
				 " pg_catalog.quote_ident($1), false)",
				 1, values, d);

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	PQclear(res);
	return 0;
}
