/*
 * sqlite_exec.c - running statements: the driver's exec member and fixed
 * SQL text for the driver's other files.
 */
#include "config.h"

#include <limits.h>

#include "sqlite_driver.h"

int sq_exec_simple(struct migrator_conn *c, const char *sql,
		   struct migrator_diag *d)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

/* SQLite opens a file it may not write read-only, and says so only when a
 * statement writes: say it before a migration's first statement, naming
 * the file.  (Not at begin(): "upgrade head" with nothing to run must still
 * succeed on a read-only database, e.g. replicas starting up.) */
static int refuse_readonly(struct migrator_conn *c, struct migrator_diag *d)
{
	sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
			  "database file %s is read-only", c->path);
	sq_host->diag_detail(d, "SQLite could open it only for reading: this "
				"process may not write the file, or its file "
				"system is mounted read-only.");
	sq_host->diag_hint(d, "Commands that only read (current, history, "
			      "check) still work; to change the database, "
			      "make the file writable or run as a user who "
			      "may write it.");
	return MIGRATOR_DRIVER_EDB;
}

int sq_exec_rows(struct migrator_conn *c, const char *sql, size_t len,
		 sq_first_row_fn on_row, void *arg, struct migrator_diag *d)
{
	const char *p = sql, *end = sql + len;

	if (len > INT_MAX)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "SQL text too long (%zu bytes)", len);
	while (p < end) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		int rc, first = 1;

		rc = sqlite3_prepare_v2(c->db, p, (int)(end - p), &st, &tail);
		if (rc != SQLITE_OK)
			return sq_db_error(c, rc, d);
		if (!tail || tail <= p)
			tail = end; /* no progress: nothing left to run */
		p = tail;
		if (!st)
			continue; /* only a comment, white space or ";" */
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int frc = on_row && first ? on_row(st, arg, d) : 0;

			first = 0;
			if (frc) {
				sqlite3_finalize(st);
				return frc;
			}
		}
		if (rc != SQLITE_DONE) {
			rc = sq_db_error(c, rc, d);
			sqlite3_finalize(st);
			return rc;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* All of the text, one statement after another (prepare_v2 hands back
 * the tail), so several statements or a trigger's BEGIN ... END body work.
 * Rows a statement returns are read and dropped. */
int sq_exec(struct migrator_conn *c, const char *sql, size_t len,
	    struct migrator_diag *d)
{
	if (c->path && sqlite3_db_readonly(c->db, "main") == 1)
		return refuse_readonly(c, d);
	return sq_exec_rows(c, sql, len, NULL, NULL, d);
}
