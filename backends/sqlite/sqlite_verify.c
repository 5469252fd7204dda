/*
 * sqlite_verify.c - a statement of a "-- migrator:verify" section (driver
 * ABI 2.1 verify_exec): run like exec, and judged by its first row's
 * first column.
 *
 * SQLite has no boolean type: a comparison gives the integer 0 or 1.  So
 * a first value fails when it is NULL or a number (integer or real) equal
 * to 0; text and blobs pass, whatever they hold, as the ABI says for
 * every driver.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include "sqlite_driver.h"

/* The first column of the row st stands on: 1 if it holds, else 0 with
 * its text pushed to shown. */
static int judge(sqlite3_stmt *st, int *ok, struct migrator_strvec *shown,
		 struct migrator_diag *d)
{
	const unsigned char *t;
	char text[64];

	switch (sqlite3_column_type(st, 0)) {
	case SQLITE_NULL:
		snprintf(text, sizeof(text), "NULL");
		break;
	case SQLITE_INTEGER:
		if (sqlite3_column_int64(st, 0) != 0)
			return 0;
		snprintf(text, sizeof(text), "0");
		break;
	case SQLITE_FLOAT:
		if (sqlite3_column_double(st, 0) != 0.0)
			return 0;
		t = sqlite3_column_text(st, 0);
		snprintf(text, sizeof(text), "%s", t ? (const char *)t : "0");
		break;
	default:
		return 0; /* text, blob */
	}
	*ok = 0;
	return sq_host->strvec_push(shown, text) ? sq_nomem(d) : 0;
}

/* As sq_exec, statement after statement of the text; the first row of
 * each is judged, the rest read and dropped, and the first that fails
 * decides. */
int sq_verify_exec(struct migrator_conn *c, const char *sql, size_t len,
		   int *ok, struct migrator_strvec *shown,
		   struct migrator_diag *d)
{
	const char *p = sql, *end = sql + len;

	*ok = 1;
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
			if (first && *ok && sqlite3_column_count(st) > 0 &&
			    judge(st, ok, shown, d) < 0) {
				sqlite3_finalize(st);
				return MIGRATOR_DRIVER_ENOMEM;
			}
			first = 0;
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
