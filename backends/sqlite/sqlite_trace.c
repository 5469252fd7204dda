/*
 * sqlite_trace.c - MIGRATOR_SQLITE_TRACE=FILE: a debugging aid that
 * appends every statement the driver runs to FILE, one per line, with its
 * bound values expanded as literals (sqlite3_expanded_sql).  PostgreSQL
 * has its server log (log_statement); SQLite runs in this process, and its
 * trace hook is not reachable from outside, so the driver offers it.  The
 * tests compare this log with `upgrade --sql` output.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_driver.h"

static int on_trace(unsigned type, void *arg, void *p, void *x)
{
	struct migrator_conn *c = arg;
	const char *text = x;
	char *sql;

	/* a trigger's subprogram is announced as a "--" comment */
	if (type != SQLITE_TRACE_STMT || !c->trace || (text && text[0] == '-'))
		return 0;
	sql = sqlite3_expanded_sql(p);
	fprintf(c->trace, "%s\n", sql ? sql : text ? text : "");
	fflush(c->trace);
	sqlite3_free(sql);
	return 0;
}

int sq_trace_start(struct migrator_conn *c, struct migrator_diag *d)
{
	const char *file = getenv("MIGRATOR_SQLITE_TRACE");

	if (!file || !*file)
		return 0;
	c->trace = fopen(file, "ae");
	if (!c->trace)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					 "cannot open MIGRATOR_SQLITE_TRACE "
					 "file %s: %s",
					 file, strerror(errno));
	if (sqlite3_trace_v2(c->db, SQLITE_TRACE_STMT, on_trace, c) !=
	    SQLITE_OK)
		return sq_db_error(c, sqlite3_errcode(c->db), d);
	return 0;
}

void sq_trace_stop(struct migrator_conn *c)
{
	if (c->trace)
		fclose(c->trace);
	c->trace = NULL;
}
