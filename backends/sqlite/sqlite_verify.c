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

#include <stdio.h>

#include "sqlite_driver.h"

struct verdict {
	int *ok;
	struct migrator_strvec *shown;
};

/* The first column of the row st stands on: holds, or *ok = 0 with its
 * text pushed to shown (only the first that fails). */
static int judge(sqlite3_stmt *st, void *arg, struct migrator_diag *d)
{
	struct verdict *v = arg;
	const unsigned char *t;
	char text[64];

	if (!*v->ok || sqlite3_column_count(st) < 1)
		return 0;
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
	*v->ok = 0;
	return sq_host->strvec_push(v->shown, text) ? sq_nomem(d) : 0;
}

/* As sq_exec, statement after statement of the text; the first row of
 * each is judged, the rest read and dropped, and the first that fails
 * decides. */
int sq_verify_exec(struct migrator_conn *c, const char *sql, size_t len,
		   int *ok, struct migrator_strvec *shown,
		   struct migrator_diag *d)
{
	struct verdict v = {ok, shown};

	*ok = 1;
	return sq_exec_rows(c, sql, len, judge, &v, d);
}
