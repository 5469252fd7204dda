/*
 * sqlite_fkedges.c - the foreign keys of "main", child -> parent, kept on
 * the connection between checks (issue 19), and the tables a narrowed
 * check looks at.
 *
 * Read whole the first time (the tables whose SQL says REFERENCES: every
 * foreign key is written so, in CREATE TABLE or ALTER TABLE ADD COLUMN),
 * then only for the tables a transaction created or dropped.  ALTER
 * TABLE makes the check whole (sqlite_writes.c), and a whole check reads
 * the keys whole again, as after a rollback (the keys read may be of the
 * rolled back schema): another connection, or a RENAME, which rewrites
 * the REFERENCES of the tables that point to the table, may have changed
 * them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sqlite_driver.h"

static const char all_sql[] =
	"SELECT m.name, f.\"table\" FROM main.sqlite_master AS m"
	" JOIN pragma_foreign_key_list(m.name, 'main') AS f"
	" WHERE m.type = 'table' AND m.sql LIKE '%references%'";

static int add_edge(struct sq_writes *w, const char *child,
		    const char *parent, struct migrator_diag *d)
{
	struct sq_edge *e;

	if (w->ne == w->cape) {
		size_t cap = w->cape ? 2 * w->cape : 16;

		e = realloc(w->e, cap * sizeof(*e));
		if (!e)
			return sq_nomem(d);
		w->e = e;
		w->cape = cap;
	}
	e = &w->e[w->ne];
	e->child = strdup(child);
	e->parent = strdup(parent);
	if (!e->child || !e->parent) {
		free(e->child);
		free(e->parent);
		return sq_nomem(d);
	}
	w->ne++;
	return 0;
}

static void drop_child(struct sq_writes *w, const char *table)
{
	size_t k = 0;

	for (size_t i = 0; i < w->ne; i++) {
		if (sqlite3_stricmp(w->e[i].child, table) == 0) {
			free(w->e[i].child);
			free(w->e[i].parent);
		} else {
			w->e[k++] = w->e[i];
		}
	}
	w->ne = k;
}

/* Adds the foreign keys of table (NULL: of every table).  One table's
 * through the pragma itself: a third of the cost of its table-valued
 * function (which prepares the pragma and the query around it), and this
 * runs after each migration that creates a table. */
static int load(struct migrator_conn *c, const char *table,
		struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	int rc;

	if (table) {
		/* rows: id, seq, table, from, to, ... */
		sql = sqlite3_mprintf("PRAGMA main.foreign_key_list(\"%w\")",
				      table);
		if (!sql)
			return sq_nomem(d);
	}
	rc = sqlite3_prepare_v2(c->db, sql ? sql : all_sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return sq_db_error(c, rc, d);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *child =
			table ? table : (const char *)sqlite3_column_text(st, 0);
		const char *parent =
			(const char *)sqlite3_column_text(st, table ? 2 : 1);

		if (child && parent && add_edge(&c->writes, child, parent, d)) {
			sqlite3_finalize(st);
			return MIGRATOR_DRIVER_ENOMEM;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

int sq_edges_update(struct migrator_conn *c, struct migrator_diag *d)
{
	struct sq_writes *w = &c->writes;
	int rc = 0;

	if (!w->have_edges) {
		sq_edges_clear(w);
		rc = load(c, NULL, d);
	} else {
		for (size_t i = 0; i < w->n && rc == 0; i++) {
			if (!(w->v[i].ddl & SQ_WRITE_DDL))
				continue;
			drop_child(w, w->v[i].table);
			rc = load(c, w->v[i].table, d);
		}
	}
	if (rc < 0)
		sq_edges_clear(w);
	else
		w->have_edges = 1;
	return rc;
}

static int written(const struct sq_writes *w, const char *table)
{
	for (size_t i = 0; i < w->n; i++)
		if (sqlite3_stricmp(w->v[i].table, table) == 0)
			return 1;
	return 0;
}

/* The children to check: written ones (they may have gained an orphan) and
 * those of a written parent (it may have lost rows, its key or itself). */
int sq_edges_to_check(const struct sq_writes *w, struct sq_list *out,
		      struct migrator_diag *d)
{
	for (size_t i = 0; i < w->ne; i++) {
		const struct sq_edge *e = &w->e[i];
		size_t k;

		if (!written(w, e->child) && !written(w, e->parent))
			continue;
		for (k = 0; k < out->n; k++)
			if (sqlite3_stricmp(out->v[k], e->child) == 0)
				break;
		if (k < out->n)
			continue;
		if (out->n == out->cap) {
			size_t cap = out->cap ? 2 * out->cap : 8;
			const char **v = realloc(out->v, cap * sizeof(*v));

			if (!v)
				return sq_nomem(d);
			out->v = v;
			out->cap = cap;
		}
		out->v[out->n++] = e->child;
	}
	return 0;
}
