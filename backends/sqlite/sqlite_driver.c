/*
 * sqlite_driver.c - the SQLite driver plugin: its struct and entry point,
 * connect and close.  Statements are run in sqlite_exec.c, errors reported
 * in sqlite_error.c, transactions in sqlite_txn.c, the stamp table in
 * sqlite_stamp.c, URL forms in sqlite_url.c.
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
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite_data.h"
#include "sqlite_driver.h"

/* The v1.0 host ends with strvec_push; a newer host may be larger. */
#define HOST_MIN_SIZE \
	(offsetof(struct migrator_host, history_row) + \
	 sizeof(((struct migrator_host *)0)->history_row))

/* The connect parameters this driver reads end with timeout_ms. */
#define PARAMS_MIN_SIZE \
	(offsetof(struct migrator_connect_params, timeout_ms) + \
	 sizeof(((struct migrator_connect_params *)0)->timeout_ms))

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
	rc = sq_trace_start(c, d);
	if (rc == 0)
		rc = sq_writes_start(c, d);
	if (rc == 0)
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
		if (!sqlite3_get_autocommit(c->db))
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		/* Statements are finalised where they are used; this only
		 * guards against any that escaped.  Not before the first
		 * close: a virtual table's module (fts5) holds statements of
		 * its own, which it finalises when close disconnects it. */
		if (sqlite3_close(c->db) == SQLITE_BUSY) {
			while ((st = sqlite3_next_stmt(c->db, NULL)) != NULL)
				sqlite3_finalize(st);
			sqlite3_close(c->db);
		}
	}
	sq_trace_stop(c);
	sq_writes_free(&c->writes);
	free(c->stamp_known);
	free(c->os_user);
	free(c->path);
	free(c);
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

/* check's scratch database (ABI 1.1): a fresh one in memory, which needs
 * nothing of c (MIGRATOR_CAP_SCRATCH_ALONE: c may be NULL). */
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
	/* ABI 2.1: the scratch database is in memory */
	.caps = MIGRATOR_CAP_TRANSACTIONAL_DDL | MIGRATOR_CAP_SCRATCH_ALONE,
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
	/* ABI 1.3 */
	.sql_begin = sq_sql_begin,
	.sql_commit = sq_sql_commit,
	.sql_stamp_ensure = sq_sql_ensure,
	.sql_stamp_write = sq_sql_write,
	/* ABI 2.1 */
	.verify_exec = sq_verify_exec,
	/* ABI 2.2 */
	.dump = sq_dump,
	/* ABI 2.3 (verify --with-data) */
	.data_fill = sq_data_fill,
	.data_count = sq_data_count,
	/* ABI 2.4 (import/adopt) */
	.foreign_read = sq_foreign_read,
	/* ABI 2.4 (diff) */
	.diff_render = sq_diff_render,
};

static const struct migrator_driver *sq_create(
	const struct migrator_host *host, struct migrator_diag *d)
{
	/* A host of another major may have moved diag_set: refuse silently
	 * (the loader then says the plugin refused to initialise). */
	if (!host || host->abi_major != MIGRATOR_DRIVER_ABI_MAJOR ||
	    host->size < HOST_MIN_SIZE)
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

/* The one exported symbol: checked by the host before sq_create runs. */
MIGRATOR_DRIVER_MODULE("sqlite", sq_create, NULL);
