/*
 * sqlite_driver.c - the SQLite driver plugin: its struct and entry point,
 * connect, close and exec.  Transactions are in sqlite_txn.c, the stamp
 * table in sqlite_stamp.c, URL forms in sqlite_url.c.
 *
 * The driver never changes journal_mode or synchronous: the user's
 * database keeps the durability it was set up with.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite_driver.h"

const struct migrator_host *sq_host;

/* The v1.0 host ends with strvec_push; a newer host may be larger. */
#define HOST_V1_SIZE \
	(offsetof(struct migrator_host, strvec_push) + \
	 sizeof(((struct migrator_host *)0)->strvec_push))

/* The connect parameters this driver reads end with timeout_ms. */
#define PARAMS_MIN_SIZE \
	(offsetof(struct migrator_connect_params, timeout_ms) + \
	 sizeof(((struct migrator_connect_params *)0)->timeout_ms))

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

int sq_exec_simple(struct migrator_conn *c, const char *sql,
		   struct migrator_diag *d)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

/*
 * A missing file is an error unless the caller may create it.  migrator
 * creates the file itself, with open(O_CREAT | O_EXCL) and mode 0644, before
 * SQLite opens it (an empty file is an empty database).  The kernel applies
 * the umask to that mode, so the file is never group- or world-writable
 * whatever the umask, and a stricter umask (077) is still honoured.  SQLite
 * gives its journal and WAL files the database file's mode.
 */
static int prepare_file(const char *path, unsigned flags, int *created,
			struct migrator_diag *d)
{
	struct stat st;
	int fd;

	*created = 0;
	if (stat(path, &st) == 0 || errno != ENOENT)
		return 0; /* exists, or SQLite will report why not */
	if (!(flags & MIGRATOR_CONNECT_CREATE)) {
		sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				  "database file %s does not exist", path);
		sq_host->diag_hint(d, "Check the URL.  Commands that only read "
				      "the database never create it; upgrade "
				      "does.");
		return MIGRATOR_DRIVER_EDB;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0; /* someone else just created it */
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot create database file %s: %s",
					 path, strerror(errno));
	}
	*created = 1;
	if (close(fd) != 0)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot create database file %s: %s",
					 path, strerror(errno));
	return 0;
}

/* sqlite3_open_v2 defers reading the file; a first read proves that it is
 * a database (and not, say, a text file) while the file can be named. */
static int probe(struct migrator_conn *c, struct migrator_diag *d)
{
	int rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_master",
			      NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_BUSY)
		return sq_db_error(c, rc, d);
	return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				 "cannot open database file %s: %s",
				 c->path ? c->path : ":memory:",
				 sqlite3_errmsg(c->db));
}

static void sq_close(struct migrator_conn *c);

static int sq_connect(struct migrator_conn **out,
		      const struct migrator_connect_params *params,
		      struct migrator_diag *d)
{
	struct migrator_conn *c = NULL;
	int created = 0, oflags, rc;

	*out = NULL;
	if (!params || params->size < PARAMS_MIN_SIZE)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					 "connect parameters too small for the "
					 "sqlite driver");
	c = calloc(1, sizeof(*c));
	if (!c)
		return sq_nomem(d);
	c->timeout_ms = params->timeout_ms;
	rc = sq_url_parse(&c->path, params->url, d);
	if (rc < 0)
		goto out;
	oflags = SQLITE_OPEN_READWRITE;
	if (c->path) {
		rc = prepare_file(c->path, params->flags, &created, d);
		if (rc < 0)
			goto out;
		/* Without CREATE, SQLite must not create the file either. */
		if (params->flags & MIGRATOR_CONNECT_CREATE)
			oflags |= SQLITE_OPEN_CREATE;
	} else {
		oflags |= SQLITE_OPEN_CREATE; /* ":memory:" */
	}
	rc = sqlite3_open_v2(c->path ? c->path : ":memory:", &c->db, oflags,
			     NULL);
	if (rc != SQLITE_OK) {
		rc = sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				       "cannot open database file %s: %s",
				       c->path ? c->path : ":memory:",
				       c->db ? sqlite3_errmsg(c->db)
					     : sqlite3_errstr(rc));
		goto out;
	}
	rc = sqlite3_busy_timeout(c->db, c->timeout_ms > INT_MAX
						 ? INT_MAX
						 : (int)c->timeout_ms);
	if (rc != SQLITE_OK) {
		rc = sq_db_error(c, rc, d);
		goto out;
	}
	rc = probe(c, d);
out:
	if (rc < 0) {
		/* Leave nothing behind that this call created. */
		if (created)
			unlink(c->path);
		sq_close(c);
		return rc;
	}
	*out = c;
	return 0;
}

static void sq_close(struct migrator_conn *c)
{
	sqlite3_stmt *st;

	if (!c)
		return;
	if (c->db) {
		/* Statements are finalised where they are used; this only
		 * guards sqlite3_close against any that escaped. */
		while ((st = sqlite3_next_stmt(c->db, NULL)) != NULL)
			sqlite3_finalize(st);
		if (!sqlite3_get_autocommit(c->db))
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(c->db);
	}
	free(c->path);
	free(c);
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

/* Runs all of the text, one statement after another (prepare_v2 hands back
 * the tail), so several statements or a trigger's BEGIN ... END body work.
 * Rows a statement returns are read and dropped. */
static int sq_exec(struct migrator_conn *c, const char *sql, size_t len,
		   struct migrator_diag *d)
{
	const char *p = sql, *end = sql + len;

	if (c->path && sqlite3_db_readonly(c->db, "main") == 1)
		return refuse_readonly(c, d);
	if (len > INT_MAX)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "SQL text too long (%zu bytes)", len);
	while (p < end) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		int rc;

		rc = sqlite3_prepare_v2(c->db, p, (int)(end - p), &st, &tail);
		if (rc != SQLITE_OK)
			return sq_db_error(c, rc, d);
		if (!tail || tail <= p)
			tail = end; /* no progress: nothing left to run */
		p = tail;
		if (!st)
			continue; /* only a comment, white space or ";" */
		do
			rc = sqlite3_step(st);
		while (rc == SQLITE_ROW);
		if (rc != SQLITE_DONE) {
			rc = sq_db_error(c, rc, d);
			sqlite3_finalize(st);
			return rc;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* SQLite has no run lock: BEGIN IMMEDIATE in begin() serialises runners. */
static int sq_lock(struct migrator_conn *c, const char *table,
		   unsigned timeout_ms, struct migrator_diag *d)
{
	(void)c, (void)table, (void)timeout_ms, (void)d;
	return 0;
}

static int sq_unlock(struct migrator_conn *c, const char *table,
		     struct migrator_diag *d)
{
	(void)c, (void)table, (void)d;
	return 0;
}

/* check's scratch database (ABI 1.1): a fresh one in memory. */
static int sq_scratch_connect(struct migrator_conn **out,
			      struct migrator_conn *c,
			      const struct migrator_connect_params *params,
			      struct migrator_diag *d)
{
	struct migrator_connect_params mem = *params;

	(void)c;
	mem.url = "sqlite::memory:";
	mem.flags = 0;
	return sq_connect(out, &mem, d);
}

/* ABI 1.2: from a signal handler.  sqlite3_interrupt only sets a flag
 * that the running statement checks (the sqlite3 shell calls it from its
 * SIGINT handler too). */
static void sq_cancel(struct migrator_conn *c)
{
	if (c && c->db)
		sqlite3_interrupt(c->db);
}

static const char *const schemes[] = {"sqlite", NULL};

static const struct migrator_driver driver = {
	.abi_major = MIGRATOR_DRIVER_ABI_MAJOR,
	.abi_minor = MIGRATOR_DRIVER_ABI_MINOR,
	.size = sizeof(struct migrator_driver),
	.name = "sqlite",
	.dialect = "sqlite",
	.schemes = schemes,
	.caps = MIGRATOR_CAP_TRANSACTIONAL_DDL,
	.connect = sq_connect,
	.close = sq_close,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.lock = sq_lock,
	.unlock = sq_unlock,
	.stamp_ensure = sq_stamp_ensure,
	.stamp_read = sq_stamp_read,
	.stamp_write = sq_stamp_write,
	/* ABI 1.1 */
	.introspect = sq_introspect,
	.scratch_connect = sq_scratch_connect,
	.history_ensure = sq_history_ensure,
	.history_write = sq_history_write,
	.history_read = sq_history_read,
	/* ABI 1.2; no scratch_sweep: the scratch database is in memory and
	 * dies with the process */
	.cancel = sq_cancel,
};

const struct migrator_driver *migrator_driver_init(
	const struct migrator_host *host, struct migrator_diag *d)
{
	/* A host of another major may have moved diag_set: refuse silently
	 * (the loader then says the plugin refused to initialise). */
	if (!host || host->abi_major != MIGRATOR_DRIVER_ABI_MAJOR ||
	    host->size < HOST_V1_SIZE)
		return NULL;
	sq_host = host;
	if (sqlite3_libversion_number() < 3035000) {
		host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
			       "sqlite: the SQLite library is too old (%s; "
			       "3.35 or later is needed)",
			       sqlite3_libversion());
		return NULL;
	}
	return &driver;
}
