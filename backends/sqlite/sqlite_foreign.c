/*
 * sqlite_foreign.c - the foreign_read member (driver ABI 2.4, `migrator
 * adopt`): another migration tool's table, read as text.  The table's
 * and the columns' names are quoted with %w; the file attached for
 * Sqitch's registry is a bound value.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sqlite_driver.h"

/* dir of c's file + name + its extension ("sqitch" + ".db"), or NULL for
 * an in-memory database (sqlite3_malloc'd). */
static char *sibling(const struct migrator_conn *c, const char *name)
{
	const char *slash, *base, *dot;

	if (!c->path)
		return NULL;
	slash = strrchr(c->path, '/');
	base = slash ? slash + 1 : c->path;
	dot = strchr(base, '.');
	return sqlite3_mprintf("%.*s%s%s", (int)(base - c->path), c->path,
			       name, dot ? dot : "");
}

static int exists_file(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	fclose(f);
	return 1;
}

static int attach(struct migrator_conn *c, const char *schema,
		  const char *name, int *found, struct migrator_diag *d)
{
	char *file = sibling(c, name), *sql;
	sqlite3_stmt *st = NULL;
	int rc;

	*found = file && exists_file(file);
	if (!*found) {
		sqlite3_free(file);
		return 0;
	}
	/* only SELECTs run on it while it is attached: adopt never writes
	 * the other tool's record */
	sql = sqlite3_mprintf("ATTACH DATABASE ?1 AS \"%w\"", schema);
	if (!sql) {
		sqlite3_free(file);
		return sq_nomem(d);
	}
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, file, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	sqlite3_free(file);
	sqlite3_free(sql);
	return rc;
}

static void detach(struct migrator_conn *c, const char *schema)
{
	char *sql = sqlite3_mprintf("DETACH DATABASE \"%w\"", schema);

	if (sql)
		sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
}

static int table_found(struct migrator_conn *c, const struct sq_name *n,
		       int *found, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	char *sql = sqlite3_mprintf(
		"SELECT 1 FROM pragma_database_list AS l, \"%w\".sqlite_master "
		"AS m WHERE l.name = ?1 AND m.type = 'table' AND m.name = ?2",
		n->schema);
	int rc;

	*found = 0;
	/* a schema that is not attached: no such table, said once */
	rc = sqlite3_prepare_v2(c->db, "SELECT 1 FROM pragma_database_list "
				       "WHERE name = ?1",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, n->schema, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE || !sql) {
		sqlite3_free(sql);
		return sql ? 0 : sq_nomem(d);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_free(sql);
		return sq_db_error(c, rc, d);
	}
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, n->schema, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, n->table, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

/* SELECT "a", "b" FROM "s"."t" [ORDER BY "o"] (sqlite3_malloc'd). */
static char *select_text(const struct sq_name *n, const char *const *cols,
			 size_t ncols, const char *order_by)
{
	char *sql = sqlite3_mprintf("SELECT");

	for (size_t i = 0; sql && i < ncols; i++) {
		char *next = sqlite3_mprintf("%s%s \"%w\"", sql,
					     i ? "," : "", cols[i]);

		sqlite3_free(sql);
		sql = next;
	}
	if (sql) {
		char *next = order_by ? sqlite3_mprintf("%s FROM %s ORDER BY "
							"\"%w\"",
							sql, n->quoted,
							order_by)
				      : sqlite3_mprintf("%s FROM %s", sql,
							n->quoted);

		sqlite3_free(sql);
		sql = next;
	}
	return sql;
}

static int read_rows(struct migrator_conn *c, const struct sq_name *n,
		     const char *const *cols, size_t ncols,
		     const char *order_by, struct migrator_strvec *out,
		     struct migrator_diag *d)
{
	char *sql = select_text(n, cols, ncols, order_by);
	sqlite3_stmt *st = NULL;
	int rc = sql ? sqlite3_prepare_v2(c->db, sql, -1, &st, NULL)
		     : SQLITE_NOMEM;

	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return rc == SQLITE_NOMEM ? sq_nomem(d) : sq_db_error(c, rc, d);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (size_t i = 0; i < ncols; i++) {
			const unsigned char *v =
				sqlite3_column_text(st, (int)i);

			if (sq_host->strvec_push(out, v ? (const char *)v
							: "") < 0) {
				sqlite3_finalize(st);
				return sq_nomem(d);
			}
		}
	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

int sq_foreign_read(struct migrator_conn *c, const char *table,
		    const char *const *columns, size_t ncols,
		    const char *order_by, const char *attach_name,
		    int *found, struct migrator_strvec *out,
		    struct migrator_diag *d)
{
	struct sq_name n;
	int attached = 0, rc;

	*found = 0;
	rc = sq_name_parse(&n, table, "foreign", d);
	if (rc < 0)
		return rc;
	if (attach_name) {
		rc = attach(c, n.schema, attach_name, &attached, d);
		if (rc < 0 || !attached)
			goto out;
	}
	rc = table_found(c, &n, found, d);
	if (rc == 0 && *found)
		rc = read_rows(c, &n, columns, ncols, order_by, out, d);
out:
	if (attached)
		detach(c, n.schema);
	sq_name_free(&n);
	return rc;
}
