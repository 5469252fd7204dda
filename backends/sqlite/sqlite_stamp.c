/*
 * sqlite_stamp.c - the stamp table (DESIGN 5), in Alembic's layout:
 *
 *   CREATE TABLE "t" (version_num VARCHAR(32) NOT NULL,
 *                     CONSTRAINT "t_pkc" PRIMARY KEY (version_num))
 *
 * The table name may be "schema.table" (an attached database's table); it
 * is split by migrator_table_name_split and each part is quoted with
 * sqlite3_mprintf's %w, which doubles any '"'.  A name without a schema
 * means "main", so the existence check, CREATE TABLE and the queries all
 * look at one table (an unqualified name would find a same-named temp
 * table first).
 * The statements that change the table are built by sqlite_sql.c, which
 * renders them for --sql too; here their values are bound parameters.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sqlite_driver.h"

static int stamp_name_parse(struct sq_name *n, const char *name,
			    struct migrator_diag *d)
{
	return sq_name_parse(n, name, "version", d);
}

/* Prepares sql (sqlite3_mprintf'd, freed here; NULL means out of memory). */
static int prepare(struct migrator_conn *c, char *sql, sqlite3_stmt **st,
		   struct migrator_diag *d)
{
	int rc;

	*st = NULL;
	if (!sql)
		return sq_nomem(d);
	rc = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);
	sqlite3_free(sql);
	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

/* Steps a statement that returns no rows, then resets it for reuse. */
static int run(struct migrator_conn *c, sqlite3_stmt *st,
	       struct migrator_diag *d)
{
	int rc = sqlite3_step(st);

	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int bind_text(struct migrator_conn *c, sqlite3_stmt *st, int i,
		     const char *s, struct migrator_diag *d)
{
	int rc = sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);

	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

static int stamp_moved(const char *rev, const char *table,
			struct migrator_diag *d);

/* Online: runs each statement the builder makes (sqlite_sql.c) with its
 * values bound; an UPDATE or DELETE must hit its row, else someone else
 * moved the stamp. */
struct online {
	struct migrator_conn *c;
	const char *table;
};

static int run_stmt(void *arg, const struct sq_stmt *s,
		    struct migrator_diag *d)
{
	struct online *o = arg;
	sqlite3_stmt *st;
	int rc;

	rc = prepare(o->c, sqlite3_mprintf("%s", s->sql), &st, d);
	if (rc < 0)
		return rc;
	for (int i = 0; rc == 0 && i < s->nparams; i++)
		rc = bind_text(o->c, st, i + 1, s->values[i], d);
	if (rc == 0)
		rc = run(o->c, st, d);
	if (rc == 0 && s->row && sqlite3_changes(o->c->db) != 1)
		rc = stamp_moved(s->row, o->table, d);
	sqlite3_finalize(st);
	return rc;
}

int sq_stamp_ensure(struct migrator_conn *c, const char *table,
		    struct migrator_diag *d)
{
	struct online o = {c, table};
	struct sq_name n;
	int rc;

	rc = stamp_name_parse(&n, table, d);
	if (rc < 0)
		return rc;
	rc = sq_sql_stamp_ensure(&n, run_stmt, &o, d);
	sq_name_free(&n);
	return rc;
}

/* A schema that is not attached is an error, never "no stamp table":
 * SQLite's own message ("no such table: x.sqlite_master") would mislead. */
static int schema_known(struct migrator_conn *c, const struct sq_name *n,
			struct migrator_diag *d)
{
	sqlite3_stmt *st;
	int rc;

	rc = prepare(c,
		     sqlite3_mprintf("SELECT 1 FROM pragma_database_list "
				     "WHERE name = ?1 COLLATE NOCASE"),
		     &st, d);
	if (rc < 0)
		return rc;
	rc = bind_text(c, st, 1, n->schema, d);
	if (rc == 0) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					  "unknown database \"%s\"", n->schema);
			sq_host->diag_hint(d, "A version table named "
					      "schema.table must be in an "
					      "attached database.");
			rc = MIGRATOR_DRIVER_EDB;
		} else {
			rc = rc == SQLITE_ROW ? 0 : sq_db_error(c, rc, d);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Whether the table exists, asked of the schema's own catalogue: an unknown
 * schema or an unreadable file is an error here, never "no table". */
static int table_exists(struct migrator_conn *c, const struct sq_name *n,
			int *exists, struct migrator_diag *d)
{
	sqlite3_stmt *st;
	int rc;

	*exists = 0;
	/* "main" is always there: asking costs a statement per stamp read,
	 * and the runner reads the stamp before every migration. */
	rc = sqlite3_stricmp(n->schema, "main") == 0 ? 0
						       : schema_known(c, n, d);
	if (rc < 0)
		return rc;
	rc = prepare(c,
		     sqlite3_mprintf("SELECT 1 FROM \"%w\".sqlite_master "
				     "WHERE type = 'table' AND "
				     "name = ?1 COLLATE NOCASE",
				     n->schema),
		     &st, d);
	if (rc < 0)
		return rc;
	rc = bind_text(c, st, 1, n->table, d);
	if (rc == 0) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*exists = 1;
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE
			     ? 0
			     : sq_db_error(c, rc, d);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The stamp's SELECT, when the last read on c found table (issue 19: the
 * runner reads the stamp before every migration, and asking whether the
 * table is there cost a statement each time); NULL when that is not known
 * or the SELECT cannot be prepared (the table or its schema gone: the
 * caller asks). */
static sqlite3_stmt *known_select(struct migrator_conn *c, const char *table,
				  const struct sq_name *n)
{
	sqlite3_stmt *st = NULL;
	char *sql;

	if (!c->stamp_known || strcmp(c->stamp_known, table) != 0)
		return NULL;
	sql = sqlite3_mprintf("SELECT version_num FROM %s ORDER BY version_num",
			      n->quoted);
	if (sql && sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		st = NULL;
	}
	sqlite3_free(sql);
	return st;
}

int sq_stamp_rows(struct migrator_conn *c, const char *table, sq_row_fn fn,
		  void *arg, struct migrator_diag *d)
{
	struct sq_name n;
	sqlite3_stmt *st = NULL;
	int exists, rc;

	rc = stamp_name_parse(&n, table, d);
	if (rc < 0)
		return rc;
	st = known_select(c, table, &n);
	if (!st) {
		free(c->stamp_known);
		c->stamp_known = NULL;
		rc = table_exists(c, &n, &exists, d);
		if (rc < 0 || !exists)
			goto out;
		rc = prepare(c,
			     sqlite3_mprintf("SELECT version_num FROM %s "
					     "ORDER BY version_num",
					     n.quoted),
			     &st, d);
		if (rc < 0)
			goto out;
		c->stamp_known = strdup(table); /* a hint: NULL is fine */
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		if (!v) {
			rc = sqlite3_errcode(c->db) == SQLITE_NOMEM
				     ? sq_nomem(d)
				     : sq_host->diag_set(
					       d, MIGRATOR_DRIVER_EDB,
					       "version table %s holds a "
					       "NULL version_num",
					       table);
			goto out;
		}
		rc = fn(arg, v, d);
		if (rc < 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
out:
	sqlite3_finalize(st);
	sq_name_free(&n);
	return rc;
}

static int push_row(void *arg, const char *v, struct migrator_diag *d)
{
	return sq_host->strvec_push(arg, v) < 0 ? sq_nomem(d) : 0;
}

int sq_stamp_read(struct migrator_conn *c, const char *table,
		  struct migrator_strvec *out, struct migrator_diag *d)
{
	return sq_stamp_rows(c, table, push_row, out, d);
}

static int stamp_moved(const char *rev, const char *table,
		       struct migrator_diag *d)
{
	sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
			  "the stamp changed underneath: \"%s\" is not in "
			  "version table %s",
			  rev, table);
	sq_host->diag_hint(d, "Another run may have moved the database; see "
			      "where it is now with current.");
	return MIGRATOR_DRIVER_EDB;
}

/* A savepoint makes the write all-or-nothing even outside a transaction
 * (a "transactional false" revision moves the stamp on its own). */
int sq_stamp_write(struct migrator_conn *c, const char *table,
		   const char *const *del, size_t ndel,
		   const char *const *add, size_t nadd,
		   struct migrator_diag *d)
{
	struct online o = {c, table};
	struct sq_name n;
	int rc;

	rc = stamp_name_parse(&n, table, d);
	if (rc < 0)
		return rc;
	rc = sq_exec_simple(c, "SAVEPOINT migrator_stamp", d);
	if (rc < 0)
		goto out;
	rc = sq_sql_stamp_write(&n, del, ndel, add, nadd, 0, run_stmt, &o, d);
	if (rc == 0) {
		rc = sq_exec_simple(c, "RELEASE migrator_stamp", d);
		if (rc == 0)
			goto out;
	}
	/* The first error is already in d; undo this write only. */
	sqlite3_exec(c->db, "ROLLBACK TO migrator_stamp", NULL, NULL, NULL);
	sqlite3_exec(c->db, "RELEASE migrator_stamp", NULL, NULL, NULL);
out:
	sq_name_free(&n);
	return rc;
}
