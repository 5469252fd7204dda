/*
 * sqlite_fkcheck.c - PRAGMA foreign_key_check before each commit.
 *
 * Migrations run with enforcement off (sqlite_txn.c explains why), so this
 * check is what stops a migration from committing rows whose parent is
 * missing.  It looks at the tables of "main" written since the last check
 * and at those that reference them (sqlite_writes.c, sqlite_fkedges.c):
 * nothing else can have gained an orphan.  Where that cannot be told it
 * looks at everything: without a schema name the pragma looks at "main"
 * only, so it is then run for every schema PRAGMA database_list names
 * (attached ones too).
 */
#include "config.h"

#include <stdlib.h>

#include "sqlite_driver.h"

struct violation {
	long long count;   /* rows reported over all schemas */
	char *schema;      /* of the first one; sqlite3_malloc'd */
	char *table;
	char *parent;
};

static void violation_free(struct violation *v)
{
	sqlite3_free(v->schema);
	sqlite3_free(v->table);
	sqlite3_free(v->parent);
}

/* Runs PRAGMA "schema".foreign_key_check, of one table unless it is NULL;
 * rows: table, rowid, parent, fkid. */
static int check_schema(struct migrator_conn *c, const char *schema,
			const char *table, struct violation *v,
			struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	sql = table ? sqlite3_mprintf("PRAGMA \"%w\".foreign_key_check(\"%w\")",
				      schema, table)
		    : sqlite3_mprintf("PRAGMA \"%w\".foreign_key_check", schema);
	if (!sql)
		return sq_nomem(d);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return sq_db_error(c, rc, d);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (v->count++ > 0)
			continue;
		v->schema = sqlite3_mprintf("%s", schema);
		v->table = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		v->parent = sqlite3_mprintf("%s", sqlite3_column_text(st, 2));
		if (!v->schema || !v->table || !v->parent) {
			sqlite3_finalize(st);
			return sq_nomem(d);
		}
	}
	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

/* Every table of every schema. */
static int check_whole(struct migrator_conn *c, struct violation *v,
		       struct migrator_diag *d)
{
	sqlite3_stmt *list = NULL;
	int rc;

	/* another connection may have changed the schema too */
	sq_edges_clear(&c->writes);
	rc = sqlite3_prepare_v2(c->db, "PRAGMA database_list", -1, &list,
				NULL);
	if (rc != SQLITE_OK)
		return sq_db_error(c, rc, d);
	/* Rows: seq, name, file. */
	while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
		const char *schema = (const char *)sqlite3_column_text(list, 1);

		if (!schema)
			continue;
		rc = check_schema(c, schema, NULL, v, d);
		if (rc < 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc >= 0)
		rc = sq_db_error(c, rc, d);
	sqlite3_finalize(list);
	return rc;
}

/* The tables written since the last check and their children. */
static int check_written(struct migrator_conn *c, struct violation *v,
			 struct migrator_diag *d)
{
	struct sq_list l = {NULL, 0, 0};
	int rc = sq_edges_update(c, d);

	if (rc == 0)
		rc = sq_edges_to_check(&c->writes, &l, d);
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = check_schema(c, "main", l.v[i], v, d);
	free(l.v);
	return rc;
}

int sq_fk_check(struct migrator_conn *c, struct migrator_diag *d)
{
	struct violation v = {0, NULL, NULL, NULL};
	int rc;

	rc = c->writes.all ? check_whole(c, &v, d) : check_written(c, &v, d);
	if (rc < 0)
		goto out;
	if (v.count > 0) {
		int qualify = sqlite3_stricmp(v.schema, "main") != 0;

		sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				  "foreign key check failed: table \"%s%s%s\" "
				  "has rows whose parent is missing in \"%s\"",
				  qualify ? v.schema : "", qualify ? "." : "",
				  v.table, v.parent);
		sq_host->diag_detail(d, "PRAGMA foreign_key_check reported "
					"%lld violating row%s.",
				     v.count, v.count == 1 ? "" : "s");
		sq_host->diag_hint(d, "Migrations run with foreign key "
				      "enforcement off; make the migration "
				      "leave every row with its parent.");
		rc = MIGRATOR_DRIVER_EDB;
	}
out:
	violation_free(&v);
	return rc;
}
