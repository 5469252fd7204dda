/*
 * sqlite_writes.c - which tables the connection wrote since the last
 * foreign key check (issue 19).
 *
 * PRAGMA foreign_key_check over the whole database reads every row of
 * every table that has a foreign key, before every commit: the cost of a
 * migration then grows with the size of the database.  Only a table that
 * was written can have gained a row whose parent is missing, and only a
 * table that references a written one can have lost a parent; so the
 * authorizer (called by SQLite for every statement it compiles, including
 * the statements of triggers the statement fires) notes the tables written,
 * and sqlite_fkcheck.c checks those and the tables that reference them.
 *
 * Whatever the authorizer cannot place turns the narrowing off until the
 * next check, which is then the whole database's: ATTACH and DETACH,
 * virtual tables, a pragma outside a short list of harmless ones
 * (writable_schema, legacy_alter_table ...), ALTER TABLE, an action code it
 * does not know, a missing name, a table outside "main", or no memory to
 * note the name.  ALTER TABLE because SQLite names the table by its name
 * before a RENAME: the rows written under the old name would be checked
 * under a name that is gone (a child renamed, a parent emptied and then
 * renamed, a staging table renamed into place).  ALTER is rare enough in a
 * migration for the whole check to cost little.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sqlite_driver.h"

/* Pragmas that cannot leave a row without its parent: reads, and settings
 * that change no row and no foreign key definition. */
static const char *const harmless_pragmas[] = {
	"application_id", "busy_timeout",    "cache_size",
	"collation_list", "compile_options", "data_version",
	"database_list",  "encoding",        "foreign_key_check",
	"foreign_key_list", "foreign_keys",  "freelist_count",
	"function_list",  "index_info",      "index_list",
	"index_xinfo",    "integrity_check", "journal_mode",
	"module_list",    "optimize",        "page_count",
	"page_size",      "pragma_list",     "quick_check",
	"synchronous",    "table_info",      "table_list",
	"table_xinfo",    "temp_store",      "user_version",
	NULL,
};

static int harmless_pragma(const char *name)
{
	for (size_t i = 0; name && harmless_pragmas[i]; i++)
		if (sqlite3_stricmp(name, harmless_pragmas[i]) == 0)
			return 1;
	return 0;
}

static int is_schema_table(const char *table)
{
	return sqlite3_stricmp(table, "sqlite_master") == 0 ||
	       sqlite3_stricmp(table, "sqlite_schema") == 0 ||
	       sqlite3_stricmp(table, "sqlite_temp_master") == 0 ||
	       sqlite3_stricmp(table, "sqlite_temp_schema") == 0;
}

/* ddl: the table's definition may have changed (its foreign keys too). */
static void note(struct sq_writes *w, const char *schema, const char *table,
		 unsigned ddl)
{
	struct sq_written *v;

	if (w->all || (table && is_schema_table(table)))
		return; /* SQLite's own row of a CREATE, DROP or ALTER: the
			 * schema table is written directly only with
			 * writable_schema, a pragma that checks all */
	/* only "main" is narrowed: temp and attached schemas are checked
	 * whole (sq_fk_check) */
	if (!schema || !table || sqlite3_stricmp(schema, "main") != 0) {
		w->all = 1;
		return;
	}
	for (size_t i = 0; i < w->n; i++)
		if (sqlite3_stricmp(w->v[i].table, table) == 0) {
			w->v[i].ddl |= ddl;
			return;
		}
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 8;

		v = realloc(w->v, cap * sizeof(*v));
		if (!v) {
			w->all = 1;
			return;
		}
		w->v = v;
		w->cap = cap;
	}
	v = &w->v[w->n];
	v->table = strdup(table);
	v->ddl = ddl;
	if (!v->table) {
		w->all = 1;
		return;
	}
	w->n++;
}

/* SQLite's authorizer: never denies, only takes note.  The meaning of a1 ..
 * a3 depends on the code (sqlite3.h, "Authorizer Action Codes"). */
static int on_auth(void *arg, int code, const char *a1, const char *a2,
		   const char *a3, const char *a4)
{
	struct sq_writes *w = arg;

	(void)a4; /* the trigger or view: its writes are reported as any */
	switch (code) {
	case SQLITE_INSERT: /* OR REPLACE deletes rows too */
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
		note(w, a3, a1, 0);
		break;
	case SQLITE_CREATE_TABLE:
	case SQLITE_CREATE_TEMP_TABLE:
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_TEMP_TABLE:
		note(w, a3, a1, SQ_WRITE_DDL);
		break;
	case SQLITE_ALTER_TABLE: /* a1: the name before a RENAME */
		w->all = 1;
		break;
	case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_DROP_INDEX: /* a parent key's unique index */
	case SQLITE_DROP_TEMP_INDEX:
		note(w, a3, a2, 0);
		break;
	case SQLITE_PRAGMA:
		if (!harmless_pragma(a1))
			w->all = 1;
		break;
	case SQLITE_ATTACH: /* and checked whole for good */
		w->attached = 1;
		w->all = 1;
		break;
	case SQLITE_READ:
	case SQLITE_SELECT:
	case SQLITE_FUNCTION:
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
	case SQLITE_RECURSIVE:
	case SQLITE_ANALYZE:
	case SQLITE_REINDEX:
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_CREATE_TEMP_TRIGGER:
	case SQLITE_DROP_TRIGGER:
	case SQLITE_DROP_TEMP_TRIGGER:
	case SQLITE_CREATE_VIEW:
	case SQLITE_CREATE_TEMP_VIEW:
	case SQLITE_DROP_VIEW:
	case SQLITE_DROP_TEMP_VIEW:
		break; /* no row of a table changes */
	default: /* ATTACH, DETACH, virtual tables, codes of later SQLites */
		w->all = 1;
		break;
	}
	return SQLITE_OK;
}

int sq_writes_start(struct migrator_conn *c, struct migrator_diag *d)
{
	int rc = sqlite3_set_authorizer(c->db, on_auth, &c->writes);

	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

/* Inside BEGIN IMMEDIATE: another connection that committed since our
 * last commit may have written anything, so the next check is whole.  So
 * is a connection's first. */
void sq_writes_begin(struct migrator_conn *c)
{
	struct sq_writes *w = &c->writes;
	unsigned v = 0;

	if (w->attached || !w->have_version ||
	    sqlite3_file_control(c->db, "main", SQLITE_FCNTL_DATA_VERSION,
				 &v) != SQLITE_OK ||
	    v != w->version)
		w->all = 1;
}

/* After a commit whose check passed: nothing is left to check. */
void sq_writes_committed(struct migrator_conn *c)
{
	struct sq_writes *w = &c->writes;
	unsigned v = 0;

	sq_writes_reset(w);
	w->have_version = sqlite3_file_control(c->db, "main",
					       SQLITE_FCNTL_DATA_VERSION,
					       &v) == SQLITE_OK;
	w->version = v;
}

void sq_writes_reset(struct sq_writes *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].table);
	w->n = 0;
	w->all = 0;
}

void sq_edges_clear(struct sq_writes *w)
{
	for (size_t i = 0; i < w->ne; i++) {
		free(w->e[i].child);
		free(w->e[i].parent);
	}
	w->ne = 0;
	w->have_edges = 0;
}

void sq_writes_free(struct sq_writes *w)
{
	sq_writes_reset(w);
	sq_edges_clear(w);
	free(w->v);
	free(w->e);
	memset(w, 0, sizeof(*w));
}
