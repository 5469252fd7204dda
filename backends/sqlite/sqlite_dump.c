/*
 * sqlite_dump.c - `migrator dump` (driver ABI 2.2): the schema of "main"
 * as the statements that build it, which are SQLite's own text of each
 * object (sqlite_master.sql, the CREATE statement as it ran, normalised
 * by SQLite: IF NOT EXISTS and a schema before the name dropped).
 *
 * Order: tables, then indexes, then views, then triggers, each kind by
 * name (byte order).  That is a dependency order without reading any
 * dependency: SQLite checks neither a foreign key's table nor a view's
 * tables when it creates the object (only when it is used), an index
 * needs its table, a trigger its table or view.  The order in which the
 * objects were made (rowid, rootpage) is not used: a table rebuilt by a
 * migration moves to the end, and the same schema must dump alike.
 *
 * Left out: SQLite's own objects (sqlite_*: sqlite_sequence, the
 * statistics of ANALYZE, the indexes SQLite makes for UNIQUE and
 * PRIMARY KEY constraints, which have no text), the shadow tables of
 * virtual tables, the version and history tables with their indexes and
 * triggers, and data.  The reads run in one
 * read transaction, a single snapshot.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sqlite_driver.h"

#define OBJECTS_SQL(more) \
	"SELECT sql FROM main.sqlite_master WHERE sql IS NOT NULL " \
	"AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " \
	"AND (?1 IS NULL OR tbl_name <> ?1 COLLATE NOCASE) " \
	"AND (?2 IS NULL OR tbl_name <> ?2 COLLATE NOCASE) " more \
	"ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 " \
	"WHEN 'view' THEN 2 ELSE 3 END, name"

/* A virtual table's shadow tables (fts5's docs_data, ...) are made by its
 * CREATE VIRTUAL TABLE: they are left out where SQLite can tell them
 * (3.37 and later: pragma table_list). */
static const char objects_sql[] = OBJECTS_SQL("");
static const char objects_sql_shadow[] = OBJECTS_SQL(
	"AND name NOT IN (SELECT name FROM pragma_table_list "
	"WHERE schema = 'main' AND type = 'shadow') ");

/* The table name of version or history table name, when it is in main
 * (sqlite3_malloc'd in *out), else NULL there. */
static int main_table(char **out, const char *name, const char *what,
		      struct migrator_diag *d)
{
	struct sq_name n;
	int rc;

	*out = NULL;
	if (!name)
		return 0;
	rc = sq_name_parse(&n, name, what, d);
	if (rc < 0)
		return rc;
	if (sqlite3_stricmp(n.schema, "main") == 0) {
		*out = n.table;
		n.table = NULL;
	}
	sq_name_free(&n);
	return 0;
}

static int push(struct migrator_strvec *out, const char *s,
		struct migrator_diag *d)
{
	return sq_host->strvec_push(out, s) < 0 ? sq_nomem(d) : 0;
}

static int push_objects(struct migrator_conn *c, const char *version_table,
			const char *history_table,
			struct migrator_strvec *out, struct migrator_diag *d)
{
	char *vt = NULL, *ht = NULL;
	sqlite3_stmt *st = NULL;
	int rc = main_table(&vt, version_table, "version", d);

	if (rc == 0)
		rc = main_table(&ht, history_table, "history", d);
	if (rc == 0) {
		rc = sqlite3_prepare_v2(c->db,
					sqlite3_libversion_number() >= 3037000
						? objects_sql_shadow
						: objects_sql,
					-1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(st, 1, vt, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(st, 2, ht, -1, SQLITE_STATIC);
		rc = rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
	}
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 0);

		/* not NULL (the query says so) unless memory ran out */
		rc = sql ? push(out, sql, d) : sq_nomem(d);
	}
	if (rc > 0)
		rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	sqlite3_free(vt);
	sqlite3_free(ht);
	return rc;
}

/* The stamp rows, collected for sql_stamp_write. */
struct rows {
	char **v;
	size_t n, cap;
};

static int keep_row(void *arg, const char *v, struct migrator_diag *d)
{
	struct rows *r = arg;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 4;
		char **grown = realloc(r->v, cap * sizeof(*grown));

		if (!grown)
			return sq_nomem(d);
		r->v = grown;
		r->cap = cap;
	}
	r->v[r->n] = strdup(v);
	if (!r->v[r->n])
		return sq_nomem(d);
	r->n++;
	return 0;
}

/* The stamp table as a run creates it, and INSERTs of its rows. */
static int push_stamp(struct migrator_conn *c, const char *table,
		      struct migrator_strvec *out, struct migrator_diag *d)
{
	struct rows rows = {NULL, 0, 0};
	int rc = sq_stamp_rows(c, table, keep_row, &rows, d);

	if (rc == 0)
		rc = sq_sql_ensure(table, out, d);
	if (rc == 0)
		rc = sq_sql_write(table, NULL, 0, (const char *const *)rows.v,
				  rows.n, out, d);
	for (size_t i = 0; i < rows.n; i++)
		free(rows.v[i]);
	free(rows.v);
	return rc;
}

int sq_dump(struct migrator_conn *c, const char *version_table,
	    const char *history_table, struct migrator_strvec *out,
	    struct migrator_diag *d)
{
	int rc;

	if (c->in_txn || !sqlite3_get_autocommit(c->db))
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot dump: a transaction is open");
	/* deferred: a read transaction, which a read-only file allows */
	rc = sq_exec_simple(c, "BEGIN", d);
	if (rc < 0)
		return rc;
	rc = push_objects(c, version_table, history_table, out, d);
	if (rc == 0)
		rc = push_stamp(c, version_table, out, d);
	/* nothing was written: ending it cannot lose anything */
	sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
