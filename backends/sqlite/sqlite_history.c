/*
 * sqlite_history.c - the run history table (ABI 1.1):
 *
 *   CREATE TABLE "t" (id INTEGER PRIMARY KEY,
 *     revision VARCHAR(32) NOT NULL, direction VARCHAR(9) NOT NULL,
 *     checksum CHAR(64) NOT NULL, started_at TEXT NOT NULL,
 *     duration_ms INTEGER NOT NULL, applied_by TEXT NOT NULL)
 *
 * id is the rowid, so it grows with each row (no AUTOINCREMENT: that would
 * add SQLite's sqlite_sequence table to the user's schema; rows are never
 * deleted, so ids are never reused).  started_at is the host's ISO 8601
 * UTC text; applied_by is the OS user
 * (SQLite has no users): the name of the effective uid, else $USER, else
 * the uid as a number.  A "schema.table" name is split by
 * migrator_table_name_split, as for the stamp table; values are always
 * bound.
 */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite_driver.h"

/* "schema"."table" (schema "main" when none), sqlite3_malloc'd, quoted as
 * the stamp table's (sqlite_sql.c); NULL after filling d. */
static char *qname(const char *name, struct migrator_diag *d, int *rc)
{
	struct sq_name n;
	char *q;

	*rc = sq_name_parse(&n, name, "history", d);
	if (*rc < 0)
		return NULL;
	q = n.quoted;
	n.quoted = NULL;
	sq_name_free(&n);
	return q;
}

int sq_history_ensure(struct migrator_conn *c, const char *table,
		      struct migrator_diag *d)
{
	int rc;
	char *q = qname(table, d, &rc), *sql;

	if (!q)
		return rc;
	sql = sqlite3_mprintf("CREATE TABLE IF NOT EXISTS %s ("
			      "id INTEGER PRIMARY KEY, "
			      "revision VARCHAR(32) NOT NULL, "
			      "direction VARCHAR(9) NOT NULL, "
			      "checksum CHAR(64) NOT NULL, "
			      "started_at TEXT NOT NULL, "
			      "duration_ms INTEGER NOT NULL, "
			      "applied_by TEXT NOT NULL)",
			      q);
	rc = sql ? sq_exec_simple(c, sql, d) : sq_nomem(d);
	sqlite3_free(sql);
	sqlite3_free(q);
	return rc;
}

/* The OS user's name, asked once per connection (getpwuid reads
 * /etc/passwd: three system calls and a parse per migration otherwise);
 * NULL when out of memory. */
static const char *os_user(struct migrator_conn *c)
{
	struct passwd *pw;
	const char *env = getenv("USER");
	char buf[32];

	if (c->os_user)
		return c->os_user;
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		c->os_user = strdup(pw->pw_name);
	else if (env && *env)
		c->os_user = strdup(env);
	else {
		snprintf(buf, sizeof(buf), "%lu", (unsigned long)geteuid());
		c->os_user = strdup(buf);
	}
	return c->os_user;
}

int sq_history_write(struct migrator_conn *c, const char *table,
		     const char *revision, const char *direction,
		     const char *checksum, const char *started_at,
		     long long duration_ms, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	const char *user = os_user(c);
	char *sql;
	int rc;
	char *q = user ? qname(table, d, &rc) : NULL;

	if (!user)
		return sq_nomem(d);
	if (!q)
		return rc;
	sql = sqlite3_mprintf("INSERT INTO %s (revision, direction, checksum, "
			      "started_at, duration_ms, applied_by) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			      q);
	sqlite3_free(q);
	if (!sql)
		return sq_nomem(d);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, revision, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, direction, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 3, checksum, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 4, started_at, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, duration_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 6, user, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

int sq_history_read(struct migrator_conn *c, const char *table,
		    struct migrator_history *out, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	const char *name;
	long schema_len = migrator_table_name_split(table, &name);
	char *schema, *sql, *q;
	int rc, exists = 0;

	q = qname(table, d, &rc);
	if (!q)
		return rc;
	/* a missing table (no run since history began) reads as empty */
	schema = schema_len > 0
			 ? sqlite3_mprintf("%.*s", (int)schema_len, table)
			 : sqlite3_mprintf("main");
	sql = schema ? sqlite3_mprintf("SELECT 1 FROM \"%w\".sqlite_master "
				       "WHERE type = 'table' AND name = %Q "
				       "COLLATE NOCASE",
				       schema, name)
		     : NULL;
	sqlite3_free(schema);
	rc = sql ? sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		exists = rc == SQLITE_ROW;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_OK || !exists)
		goto out;
	/* One pass: with max(), SQLite takes the bare columns from the row
	 * that has the max (documented in "SELECT", "bare columns"); a
	 * correlated max(id) per row would scan the table once per row. */
	sql = sqlite3_mprintf("SELECT revision, checksum, max(id) FROM %s "
			      "WHERE direction = 'upgrade' GROUP BY revision",
			      q);
	rc = sql ? sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *rev = (const char *)sqlite3_column_text(st, 0);
		const char *sum = (const char *)sqlite3_column_text(st, 1);

		if (sq_host->history_row(out, rev ? rev : "", sum) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		rc = SQLITE_OK;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
out:
	sqlite3_finalize(st);
	sqlite3_free(q);
	if (rc == SQLITE_NOMEM)
		return sq_nomem(d);
	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}
