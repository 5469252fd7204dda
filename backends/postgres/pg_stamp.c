/*
 * pg_stamp.c - the stamp table (DESIGN 5), in Alembic's layout:
 *
 *     CREATE TABLE <table> (version_num VARCHAR(32) NOT NULL,
 *                           CONSTRAINT <table>_pkc PRIMARY KEY (version_num))
 *
 * The name "schema.table" (split by migrator_table_name_split) is
 * schema-qualified; each part is a quoted identifier, so any characters
 * are safe and case is kept.  A name without a dot lives where search_path
 * puts it, as in Alembic.  The statements that change the table are built
 * by pg_sql.c, which renders them for --sql too; here their values are
 * bound parameters.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

static int make_names(struct pg_names *n, const char *table,
		      struct migrator_diag *d)
{
	/* room for "_history" */
	return pg_names_make(n, table, "version", 8, d);
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

static int table_exists(struct migrator_conn *c, const struct pg_names *n,
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

/* Online: runs each statement the builder makes (pg_sql.c).  A schema
 * is created only when missing (CREATE SCHEMA IF NOT EXISTS needs the
 * CREATE privilege even when it exists); an UPDATE or DELETE must hit its
 * row, else someone else moved the stamp. */
struct online {
	struct migrator_conn *c;
	const struct pg_names *n;
	const char *table;
};

static int changed(const char *table, const char *rev,
		   struct migrator_diag *d);

static int run_stmt(void *arg, const struct pg_stmt *st,
		    struct migrator_diag *d)
{
	struct online *o = arg;
	long rows = 0;
	int rc;

	if (st->kind == PG_STMT_CREATE_SCHEMA) {
		rc = ask(o->c, "SELECT EXISTS (SELECT 1 FROM pg_namespace"
			       " WHERE nspname = $1)",
			 o->n->schema_raw, d);
		if (rc != 0)
			return rc < 0 ? rc : 0;
	}
	/* one revision replaced by the next, in a migration's transaction:
	 * sent with the COMMIT, the row count checked on the server (a
	 * division by the rows changed: pg_pipe.c) */
	if (st->kind == PG_STMT_UPDATE && st->row && pg_pipe_can(o->c)) {
		char *sql = pg_format("WITH moved AS (%s RETURNING 1) SELECT "
				      "1 / count(*) FROM moved",
				      st->sql);

		if (!sql)
			return pg_nomem(d);
		rc = pg_pipe_keep(o->c, sql, st->nparams, st->values,
				  o->table, st->row, d);
		free(sql);
		return rc;
	}
	rc = run(o->c, st->sql, st->nparams, st->values, &rows, d);
	if (rc == 0 && st->row && rows != 1)
		rc = changed(o->table, st->row, d);
	return rc;
}

int pg_stamp_ensure(struct migrator_conn *c, const char *table,
		    struct migrator_diag *d)
{
	struct pg_names n;
	struct online o = {c, &n, table};
	int rc = make_names(&n, table, d);

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
	rc = pg_sql_stamp_ensure(&n, 0, run_stmt, &o, d);
out:
	pg_names_free(&n);
	return rc < 0 ? rc : 0;
}

int pg_stamp_rows(struct migrator_conn *c, const char *table, PGresult **res,
		  struct migrator_diag *d)
{
	struct pg_names n;
	char *sql = NULL;
	int rc = make_names(&n, table, d);

	*res = NULL;
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
	sql = pg_format("SELECT version_num FROM %s ORDER BY version_num "
		     "COLLATE \"C\"",
		     n.qualified);
	if (!sql) {
		rc = pg_nomem(d);
		goto out;
	}
	*res = pg_query(c, sql, 0, NULL, d);
	rc = *res ? 0 : MIGRATOR_DRIVER_EDB;
out:
	free(sql);
	pg_names_free(&n);
	return rc < 0 ? rc : 0;
}

int pg_stamp_read(struct migrator_conn *c, const char *table,
		  struct migrator_strvec *out, struct migrator_diag *d)
{
	PGresult *res = NULL;
	int rc = pg_stamp_rows(c, table, &res, d);

	for (int i = 0; res && i < PQntuples(res) && rc == 0; i++)
		if (pg_host->strvec_push(out, PQgetvalue(res, i, 0)) < 0)
			rc = pg_nomem(d);
	PQclear(res);
	return rc;
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

int pg_stamp_write(struct migrator_conn *c, const char *table,
		   const char *const *del, size_t ndel,
		   const char *const *add, size_t nadd,
		   struct migrator_diag *d)
{
	struct pg_names n;
	struct online o = {c, &n, table};
	int own_tx, rc = make_names(&n, table, d);

	if (rc < 0)
		return rc;
	/* Several statements outside the caller's transaction (a
	 * non-transactional revision, "stamp") still move the stamp all at
	 * once. */
	own_tx = ndel + nadd > 1 && !(ndel == 1 && nadd == 1) &&
		 pg_tx_status(c) == PQTRANS_IDLE;
	if (own_tx) {
		rc = pg_lock_begin(c, d);
		if (rc < 0)
			goto out;
	}
	rc = pg_sql_stamp_write(&n, del, ndel, add, nadd, 0, run_stmt, &o, d);
	if (own_tx) {
		if (rc == 0)
			rc = pg_commit(c, d);
		if (rc < 0)
			pg_rollback(c, d); /* d keeps the first error */
	}
out:
	pg_names_free(&n);
	return rc;
}
