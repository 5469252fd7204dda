/*
 * pg_stamp.c - the stamp table (DESIGN 5), in Alembic's layout:
 *
 *     CREATE TABLE <table> (version_num VARCHAR(32) NOT NULL,
 *                           CONSTRAINT <table>_pkc PRIMARY KEY (version_num))
 *
 * The name "schema.table" (split by migrator_table_name_split) is
 * schema-qualified; each part is quoted with PQescapeIdentifier, so any
 * characters are safe and case is kept.  A name without a dot lives where search_path puts it, as
 * in Alembic.  Values are always bound parameters.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The version table's quoted names; each NULL until made. */
struct names {
	char *schema;    /* quoted schema, or NULL without one */
	char *schema_raw; /* the schema as given, for the catalog lookup */
	char *qualified; /* "schema"."table" or "table" */
	char *pkc;       /* "table_pkc" */
};

static void names_free(struct names *n)
{
	PQfreemem(n->schema);
	free(n->schema_raw);
	free(n->qualified);
	PQfreemem(n->pkc);
}

/* A malloc'd string from a format; NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
static char *vformat(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

static char *quote(struct migrator_conn *c, const char *s, size_t len,
		   struct migrator_diag *d)
{
	char *q = PQescapeIdentifier(c->pg, s, len);

	/* Fails on an invalid multibyte sequence, or out of memory. */
	if (!q)
		pg_report_text(d, "cannot quote the version table name",
			       PQerrorMessage(c->pg));
	return q;
}

#define PG_MAX_NAME 63                      /* NAMEDATALEN - 1 */
#define PG_MAX_TABLE_NAME (PG_MAX_NAME - 8) /* room for "_history" */

static int make_names(struct names *n, struct migrator_conn *c,
		      const char *table, struct migrator_diag *d)
{
	const char *name;
	long schema_len = migrator_table_name_split(table, &name);
	char *quoted = NULL;
	char *pkc = NULL;
	int rc = MIGRATOR_DRIVER_EDB;

	memset(n, 0, sizeof(*n));
	if (schema_len < 0)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					 "invalid version table name \"%s\"",
					 table);
	/* PostgreSQL silently cuts names at 63 bytes (NAMEDATALEN - 1): a
	 * longer name would create a table of another name, and its _pkc key
	 * and _history table would collide with it. */
	if (strlen(name) > PG_MAX_TABLE_NAME ||
	    schema_len > PG_MAX_NAME) {
		pg_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
				  "version table name \"%s\" is too long",
				  table);
		pg_host->diag_detail(d, "PostgreSQL cuts names at %d bytes; "
					"the version table's name may have at "
					"most %d, so that its _pkc key and "
					"_history table keep names of their "
					"own.",
				     PG_MAX_NAME, PG_MAX_TABLE_NAME);
		return MIGRATOR_DRIVER_ECONFIG;
	}
	if (schema_len > 0) {
		n->schema_raw = format("%.*s", (int)schema_len, table);
		if (!n->schema_raw) {
			rc = pg_nomem(d);
			goto out;
		}
		n->schema = quote(c, table, (size_t)schema_len, d);
		if (!n->schema)
			goto out;
	}
	quoted = quote(c, name, strlen(name), d);
	if (!quoted)
		goto out;
	pkc = format("%s_pkc", name);
	if (!pkc) {
		rc = pg_nomem(d);
		goto out;
	}
	n->pkc = quote(c, pkc, strlen(pkc), d);
	if (!n->pkc)
		goto out;
	n->qualified = n->schema ? format("%s.%s", n->schema, quoted)
				 : format("%s", quoted);
	if (!n->qualified) {
		rc = pg_nomem(d);
		goto out;
	}
	rc = 0;
out:
	PQfreemem(quoted);
	free(pkc);
	if (rc < 0)
		names_free(n);
	return rc;
}

/* 1 if the query's single value is true, 0 if false, <0 on error. */
static int ask(struct migrator_conn *c, const char *sql, const char *param,
	       struct migrator_diag *d)
{
	const char *values[] = {param};
	PGresult *res = pg_query(c, sql, 1, values, d);
	int yes;

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	yes = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return yes;
}

static int table_exists(struct migrator_conn *c, const struct names *n,
			struct migrator_diag *d)
{
	return ask(c, "SELECT to_regclass($1) IS NOT NULL", n->qualified, d);
}

/* Runs sql (built from quoted names only) with params bound; on success
 * *rows is the number of rows it changed, if rows is not NULL. */
static int run(struct migrator_conn *c, const char *sql, int nparams,
	       const char *const *values, long *rows, struct migrator_diag *d)
{
	PGresult *res = pg_query(c, sql, nparams, values, d);

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	if (rows)
		*rows = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

/* Runs a statement built from a format of quoted names. */
static int run_fmt(struct migrator_conn *c, int nparams,
		   const char *const *values, long *rows,
		   struct migrator_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static int run_fmt(struct migrator_conn *c, int nparams,
		   const char *const *values, long *rows,
		   struct migrator_diag *d, const char *fmt, ...)
{
	va_list ap;
	char *sql;
	int rc;

	va_start(ap, fmt);
	sql = vformat(fmt, ap);
	va_end(ap);
	if (!sql)
		return pg_nomem(d);
	rc = run(c, sql, nparams, values, rows, d);
	free(sql);
	return rc;
}

int pg_stamp_ensure(struct migrator_conn *c, const char *table,
		    struct migrator_diag *d)
{
	struct names n;
	int rc = make_names(&n, c, table, d);

	if (rc < 0)
		return rc;
	/* Look first: the IF NOT EXISTS forms would send a notice on every
	 * run once the table is there.  A run reads the stamp (under its
	 * lock) just before: if that read found the table, it is there. */
	if (c->stamp_seen && strcmp(c->stamp_seen, table) == 0)
		rc = 1;
	else
		rc = table_exists(c, &n, d);
	free(c->stamp_seen);
	c->stamp_seen = NULL;
	if (rc != 0)
		goto out;
	if (n.schema) {
		rc = ask(c, "SELECT EXISTS (SELECT 1 FROM pg_namespace"
			    " WHERE nspname = $1)",
			 n.schema_raw, d);
		if (rc == 0)
			rc = run_fmt(c, 0, NULL, NULL, d,
				     "CREATE SCHEMA IF NOT EXISTS %s",
				     n.schema);
		if (rc < 0)
			goto out;
	}
	rc = run_fmt(c, 0, NULL, NULL, d,
		     "CREATE TABLE IF NOT EXISTS %s (version_num VARCHAR(32) "
		     "NOT NULL, CONSTRAINT %s PRIMARY KEY (version_num))",
		     n.qualified, n.pkc);
out:
	names_free(&n);
	return rc < 0 ? rc : 0;
}

int pg_stamp_read(struct migrator_conn *c, const char *table,
		  struct migrator_strvec *out, struct migrator_diag *d)
{
	PGresult *res = NULL;
	struct names n;
	char *sql = NULL;
	int rc = make_names(&n, c, table, d);

	if (rc < 0)
		return rc;
	free(c->stamp_seen);
	c->stamp_seen = NULL;
	rc = table_exists(c, &n, d);
	if (rc <= 0)
		goto out; /* missing: no rows */
	/* Only a hint for the next stamp_ensure: without memory, it asks. */
	c->stamp_seen = strdup(table);
	/* COLLATE "C": byte order, whatever the database's collation. */
	sql = format("SELECT version_num FROM %s ORDER BY version_num "
		     "COLLATE \"C\"",
		     n.qualified);
	if (!sql) {
		rc = pg_nomem(d);
		goto out;
	}
	res = pg_query(c, sql, 0, NULL, d);
	if (!res) {
		rc = MIGRATOR_DRIVER_EDB;
		goto out;
	}
	rc = 0;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++)
		if (pg_host->strvec_push(out, PQgetvalue(res, i, 0)) < 0)
			rc = pg_nomem(d);
out:
	PQclear(res);
	free(sql);
	names_free(&n);
	return rc < 0 ? rc : 0;
}

static int changed(const char *table, const char *rev,
		   struct migrator_diag *d)
{
	pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
			  "the stamp changed underneath");
	pg_host->diag_detail(d, "Revision %s is no longer in %s; another "
				"migrator may have moved the stamp.",
			     rev, table);
	return MIGRATOR_DRIVER_EDB;
}

static int write_rows(struct migrator_conn *c, const char *table,
		      const struct names *n, const char *const *del,
		      size_t ndel, const char *const *add, size_t nadd,
		      struct migrator_diag *d)
{
	long rows = 0;
	int rc;

	/* The common step (one revision replaced by the next) is one
	 * statement, as in Alembic. */
	if (ndel == 1 && nadd == 1) {
		const char *values[] = {add[0], del[0]};

		rc = run_fmt(c, 2, values, &rows, d,
			     "UPDATE %s SET version_num = $1 "
			     "WHERE version_num = $2",
			     n->qualified);
		if (rc == 0 && rows != 1)
			rc = changed(table, del[0], d);
		return rc;
	}
	for (size_t i = 0; i < ndel; i++) {
		rc = run_fmt(c, 1, &del[i], &rows, d,
			     "DELETE FROM %s WHERE version_num = $1",
			     n->qualified);
		if (rc == 0 && rows != 1)
			rc = changed(table, del[i], d);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < nadd; i++) {
		rc = run_fmt(c, 1, &add[i], NULL, d,
			     "INSERT INTO %s (version_num) VALUES ($1)",
			     n->qualified);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int pg_stamp_write(struct migrator_conn *c, const char *table,
		   const char *const *del, size_t ndel,
		   const char *const *add, size_t nadd,
		   struct migrator_diag *d)
{
	struct names n;
	int own_tx, rc = make_names(&n, c, table, d);

	if (rc < 0)
		return rc;
	/* Several statements outside the caller's transaction (a
	 * non-transactional revision, "stamp") still move the stamp all at
	 * once. */
	own_tx = ndel + nadd > 1 && !(ndel == 1 && nadd == 1) &&
		 PQtransactionStatus(c->pg) == PQTRANS_IDLE;
	if (own_tx) {
		rc = pg_begin(c, d);
		if (rc < 0)
			goto out;
	}
	rc = write_rows(c, table, &n, del, ndel, add, nadd, d);
	if (own_tx) {
		if (rc == 0)
			rc = pg_commit(c, d);
		if (rc < 0)
			pg_rollback(c, d); /* d keeps the first error */
	}
out:
	names_free(&n);
	return rc;
}
