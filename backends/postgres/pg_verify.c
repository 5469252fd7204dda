/*
 * pg_verify.c - a statement of a "-- migrator:verify" section (driver ABI
 * 2.1 verify_exec): run like exec, and judged by its first row's first
 * column.
 *
 * The value fails when it is NULL, boolean false, or of a numeric type
 * (smallint, integer, bigint, oid, real, double precision, numeric) and
 * equal to 0; any other value passes, text included (the ABI's rule for
 * every driver: 'f' as text is no boolean).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The built-in types' OIDs (catalog/pg_type_d.h, fixed since 7.x). */
enum {
	BOOL_OID = 16,
	INT8_OID = 20,
	INT2_OID = 21,
	INT4_OID = 23,
	OID_OID = 26,
	FLOAT4_OID = 700,
	FLOAT8_OID = 701,
	NUMERIC_OID = 1700
};

static int is_number(Oid type)
{
	switch (type) {
	case INT8_OID:
	case INT2_OID:
	case INT4_OID:
	case OID_OID:
	case FLOAT4_OID:
	case FLOAT8_OID:
	case NUMERIC_OID:
		return 1;
	default:
		return 0;
	}
}

/* The text that fails the statement, or NULL when the value holds. */
static const char *failing(const PGresult *res)
{
	const char *v;
	char *end;
	double x;

	if (PQgetisnull(res, 0, 0))
		return "NULL";
	v = PQgetvalue(res, 0, 0);
	if (PQftype(res, 0) == BOOL_OID)
		return strcmp(v, "f") == 0 ? "false" : NULL;
	if (!is_number(PQftype(res, 0)))
		return NULL;
	x = strtod(v, &end);
	return end != v && !*end && x == 0.0 ? v : NULL;
}

int pg_verify_exec(struct migrator_conn *c, const char *sql, size_t len,
		   int *ok, struct migrator_strvec *shown,
		   struct migrator_diag *d)
{
	PGresult *res = NULL;
	const char *bad = NULL;
	int rc;

	*ok = 1;
	rc = pg_exec_keep(c, sql, len, &res, d);
	if (rc)
		return rc;
	if (res && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) > 0 && PQnfields(res) > 0)
		bad = failing(res);
	if (bad) {
		*ok = 0;
		if (pg_host->strvec_push(shown, bad))
			rc = pg_nomem(d);
	}
	PQclear(res);
	return rc;
}
