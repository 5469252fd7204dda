/*
 * sqlite_error.c - SQLite's errors, reported through the host's callbacks:
 * SQLite's own message, and for a failed write the file and the operating
 * system's cause.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "sqlite_driver.h"

/* Every file reports through these; kept by sq_create (sqlite_driver.c). */
const struct migrator_host *sq_host;

int sq_nomem(struct migrator_diag *d)
{
	return sq_host->diag_set(d, MIGRATOR_DRIVER_ENOMEM, "out of memory");
}

/* The operating system's reason, where it is one worth showing (errno may
 * be stale by the time SQLite reports: then it is left out). */
static const char *os_reason(int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
	case EROFS:
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
	case EIO:
		return strerror(e);
	default:
		return NULL;
	}
}

/* A write can also fail at the file size limit (ulimit -f). */
static int fsize_limited(void)
{
	struct rlimit rl;

	return getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
}

static void journal_detail(const char *file, const char *why,
			   struct migrator_diag *d)
{
	sq_host->diag_detail(d, "SQLite cannot create its journal file "
				"beside %s%s%s.",
			     file, why ? ": " : "", why ? why : "");
	sq_host->diag_hint(d, "SQLite writes a journal in the database's "
			      "directory during every change: that directory "
			      "must be writable.");
}

/*
 * SQLite's words for a failed write ("disk I/O error", "unable to open
 * database file") name neither the file nor the cause; the detail adds
 * them, the hint what to do.  A failed write leaves the database as it
 * was: SQLite's journal undoes it, and the runner rolls back.
 */
static void os_error_detail(struct migrator_conn *c, int rc,
			    struct migrator_diag *d)
{
	const char *file = c->path ? c->path : ":memory:";
	const char *why = os_reason(sqlite3_system_errno(c->db));

	switch (rc & 0xff) {
	case SQLITE_BUSY:
		sq_host->diag_detail(d, "Another connection holds a lock on "
					"%s; this one waited %u ms.",
				     file, c->timeout_ms);
		sq_host->diag_hint(d, "Try again when the other connection "
				      "is done, or allow a longer wait "
				      "(--lock-timeout).");
		break;
	case SQLITE_READONLY:
		/* Not the file but its directory: no room for the journal. */
		if (sqlite3_extended_errcode(c->db) ==
		    SQLITE_READONLY_DIRECTORY) {
			journal_detail(file, why, d);
			break;
		}
		sq_host->diag_detail(d, "This process may not write to %s.",
				     file);
		sq_host->diag_hint(d, "Make the file and its directory "
				      "writable, or run as a user who may "
				      "write them.");
		break;
	case SQLITE_CANTOPEN:
		journal_detail(file, why, d);
		break;
	case SQLITE_FULL:
		sq_host->diag_detail(d, "No space is left for %s.", file);
		sq_host->diag_hint(d, "Free some space and run the command "
				      "again; the change that failed was "
				      "rolled back.");
		break;
	case SQLITE_IOERR:
		sq_host->diag_detail(d, "Reading or writing %s failed%s%s.",
				     file, why ? ": " : "", why ? why : "");
		if (fsize_limited())
			sq_host->diag_hint(d, "This process has a file size "
					      "limit (ulimit -f), which the "
					      "database may have reached; the "
					      "change that failed was rolled "
					      "back.");
		else
			sq_host->diag_hint(d, "Check the disk and the free "
					      "space; the change that failed "
					      "was rolled back.");
		break;
	default:
		break;
	}
}

int sq_db_error(struct migrator_conn *c, int rc, struct migrator_diag *d)
{
	int code = MIGRATOR_DRIVER_EDB;

	if ((rc & 0xff) == SQLITE_BUSY)
		code = MIGRATOR_DRIVER_ELOCK;
	else if ((rc & 0xff) == SQLITE_NOMEM)
		code = MIGRATOR_DRIVER_ENOMEM;
	sq_host->diag_set(d, code, "%s",
			  c && c->db ? sqlite3_errmsg(c->db)
				     : sqlite3_errstr(rc));
	if (c && c->db)
		os_error_detail(c, rc, d);
	return code;
}
