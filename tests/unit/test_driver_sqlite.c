/*
 * test_driver_sqlite.c - the SQLite driver plugin, loaded through the core's
 * loader and driven through struct migrator_driver against real database
 * files in a fresh mkdtemp() directory.  Results are cross-checked with the
 * sqlite3 command-line shell (SQLITE3_CLI from the test environment), so
 * the driver is never the only witness of its own work.
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host.h"
#include "plugin.h"
#include "strvec.h"
#include "tap.h"

#define check_eq(a, b) check_int(a, ==, b)

static const struct migrator_driver *drv;
static char tmp[PATH_MAX];
static const char *cli_prog;

/* A path in the temp dir; four rotating buffers. */
static const char *tpath(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static const char *tpath(const char *fmt, ...)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 4];
	char name[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(name) ||
	    (size_t)snprintf(b, PATH_MAX, "%s/%s", tmp, name) >= PATH_MAX) {
		printf("Bail out! path too long\n");
		exit(1);
	}
	return b;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int conn_rc(struct migrator_conn **c, const char *url, unsigned flags,
		   unsigned timeout_ms, mg_diag *d)
{
	struct migrator_connect_params p = {sizeof(p), url, flags,
					     timeout_ms, NULL, NULL, 0};

	*c = (struct migrator_conn *)1; /* must become NULL on failure */
	return drv->connect(c, &p, d);
}

static struct migrator_conn *conn_t(const char *url, unsigned flags,
				    unsigned timeout_ms)
{
	mg_diag d = MG_DIAG_INIT;
	struct migrator_conn *c;
	int rc = conn_rc(&c, url, flags, timeout_ms, &d);

	if (!check_eq(rc, 0)) {
		printf("# connect %s: %s\n", url, d.message ? d.message : "?");
		c = NULL;
	}
	mg_diag_clear(&d);
	return c;
}

static struct migrator_conn *conn(const char *url, unsigned flags)
{
	return conn_t(url, flags, 2000);
}

/* Expects connect to fail with code and a message containing needle. */
static void conn_fails(const char *url, unsigned flags, int code,
		       const char *needle)
{
	mg_diag d = MG_DIAG_INIT;
	struct migrator_conn *c;
	int rc = conn_rc(&c, url, flags, 100, &d);

	if (!check_eq(rc, code))
		printf("# %s\n", url);
	check(c == NULL);
	if (!check(d.message && strstr(d.message, needle)))
		printf("# %s: message: %s\n", url, d.message ? d.message : "-");
	if (rc == 0)
		drv->close(c);
	mg_diag_clear(&d);
}

static int exec_ok(struct migrator_conn *c, const char *sql)
{
	mg_diag d = MG_DIAG_INIT;
	int rc = c ? drv->exec(c, sql, strlen(sql), &d) : -1;

	if (!check_eq(rc, 0))
		printf("# exec %s: %s\n", sql, d.message ? d.message : "?");
	mg_diag_clear(&d);
	return rc;
}

/* Expects exec to fail with exactly message msg. */
static void exec_fails(struct migrator_conn *c, const char *sql,
		       const char *msg)
{
	mg_diag d = MG_DIAG_INIT;
	int rc = c ? drv->exec(c, sql, strlen(sql), &d) : 0;

	check_eq(rc, MIGRATOR_EDB);
	check_str(d.message, msg);
	mg_diag_clear(&d);
}

/* Calls a begin/commit/rollback member and expects rc. */
static void txn(int (*fn)(struct migrator_conn *, struct migrator_diag *),
		struct migrator_conn *c, int want)
{
	mg_diag d = MG_DIAG_INIT;
	int rc = c ? fn(c, &d) : -1;

	if (!check_eq(rc, want))
		printf("# %s\n", d.message ? d.message : "no message");
	mg_diag_clear(&d);
}

/* Runs the sqlite3 shell on db; returns its output without the final
 * newline (malloc'd), or NULL if it failed. */
static char *cli(const char *db, const char *sql)
{
	int fds[2], status;
	char *out = NULL;
	size_t len = 0, cap = 0;
	pid_t pid;

	fflush(stdout);
	if (pipe(fds) != 0)
		return NULL;
	pid = fork();
	if (pid < 0)
		return NULL;
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(cli_prog, "sqlite3", "-batch", db, sql, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n;

		if (len + 256 > cap) {
			char *p = realloc(out, cap = cap * 2 + 256);

			if (!p)
				break;
			out = p;
		}
		n = read(fds[0], out + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || !out) {
		free(out);
		return NULL;
	}
	while (len && out[len - 1] == '\n')
		len--;
	out[len] = '\0';
	return out;
}

static void check_cli(const char *db, const char *sql, const char *want)
{
	char *got = cli(db, sql);

	if (!check_str(got, want))
		printf("# sqlite3 %s \"%s\"\n", db, sql);
	free(got);
}

/* --- URLs ------------------------------------------------------------ */

static void test_driver_struct(void)
{
	mg_diag d = MG_DIAG_INIT;

	check_str(drv->name, "sqlite");
	check_str(drv->dialect, "sqlite");
	check_str(drv->schemes[0], "sqlite");
	check(drv->schemes[1] == NULL);
	check_eq(drv->caps, MIGRATOR_CAP_TRANSACTIONAL_DDL |
				    MIGRATOR_CAP_SCRATCH_ALONE);
	/* verify_exec (2.1), dump (2.2), host->schema_object, data_fill and
	 * data_count (2.3), foreign_read and diff_render (2.4; begin_timeouts is PostgreSQL's
	 * only) */
	check_eq(drv->abi_minor, 6);
	check(drv->foreign_read != NULL);
	check(drv->diff_render != NULL);
	check(drv->verify_exec != NULL);
	check(drv->data_fill != NULL && drv->data_count != NULL);
	/* 2.4 (fleets): SQLite has no schemas */
	check(drv->schemas_list == NULL && drv->schema_use == NULL);
	check_eq(drv->size, sizeof(struct migrator_driver));
	/* No run lock: lock/unlock succeed and do nothing. */
	check_eq(drv->lock(NULL, "migrator_version", 10, &d), 0);
	check_eq(drv->unlock(NULL, "migrator_version", &d), 0);
	check(d.message == NULL);
	drv->close(NULL);
}

/* Connects with CREATE, makes table t, and checks with the shell that the
 * expected file got it. */
static void url_makes(const char *url, const char *file)
{
	struct migrator_conn *c = conn(url, MIGRATOR_CONNECT_CREATE);

	exec_ok(c, "CREATE TABLE t (x)");
	drv->close(c);
	if (!check(exists(file)))
		printf("# %s did not make %s\n", url, file);
	check_cli(file, "SELECT name FROM sqlite_master", "t");
}

static void test_url_forms(void)
{
	char url[PATH_MAX + 64];

	check_eq(mkdir(tpath("rel"), 0755), 0);
	check_eq(chdir(tmp), 0);
	url_makes("sqlite:///rel/three.db", tpath("rel/three.db"));
	snprintf(url, sizeof(url), "sqlite:///%s", tpath("four.db"));
	url_makes(url, tpath("four.db"));
	url_makes("sqlite:short.db", tpath("short.db"));
	snprintf(url, sizeof(url), "sqlite:%s", tpath("shortabs.db"));
	url_makes(url, tpath("shortabs.db"));
	url_makes("SQLite:///caps.db", tpath("caps.db"));
	url_makes("sqlite:///sp%20ace%25.db", tpath("sp ace%%.db"));
	/* Not a URI, even though this SQLite has SQLITE_USE_URI. */
	url_makes("sqlite:///file:odd.db", tpath("file:odd.db"));
}

/* Entries of dir other than . and .., or -1. */
static long dir_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	long n = 0;

	if (!dp)
		return -1;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

static void test_memory(void)
{
	static const char *const urls[] = {"sqlite://", "sqlite::memory:",
					   "sqlite:///:memory:"};

	check_eq(mkdir(tpath("mem"), 0755), 0);
	check_eq(chdir(tpath("mem")), 0);
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		/* In-memory needs no CREATE flag. */
		struct migrator_conn *c = conn(urls[i], 0);

		exec_ok(c, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
		drv->close(c);
		/* A fresh connection is a fresh database. */
		c = conn(urls[i], 0);
		exec_fails(c, "SELECT * FROM t", "no such table: t");
		drv->close(c);
	}
	check_eq(dir_entries(tpath("mem")), 0);
	check_eq(chdir(tmp), 0);
}

static void test_url_errors(void)
{
	check_eq(mkdir(tpath("err"), 0755), 0);
	check_eq(chdir(tpath("err")), 0);
	conn_fails("sqlite:", MIGRATOR_CONNECT_CREATE, MIGRATOR_ECONFIG,
		   "names no database file");
	conn_fails("sqlite:///", MIGRATOR_CONNECT_CREATE, MIGRATOR_ECONFIG,
		   "names no database file");
	conn_fails("sqlite://user:secret@host/x.db", MIGRATOR_CONNECT_CREATE,
		   MIGRATOR_ECONFIG, "must not name a host");
	conn_fails("sqlite:///x.db?mode=ro", MIGRATOR_CONNECT_CREATE,
		   MIGRATOR_ECONFIG, "query strings and fragments");
	conn_fails("sqlite:///x.db#frag", MIGRATOR_CONNECT_CREATE,
		   MIGRATOR_ECONFIG, "query strings and fragments");
	conn_fails("sqlite:///x%zz.db", MIGRATOR_CONNECT_CREATE,
		   MIGRATOR_ECONFIG, "invalid percent-escape");
	conn_fails("sqlite:///x%2", MIGRATOR_CONNECT_CREATE, MIGRATOR_ECONFIG,
		   "invalid percent-escape");
	conn_fails("sqlite:///x%00.db", MIGRATOR_CONNECT_CREATE,
		   MIGRATOR_ECONFIG, "NUL byte");
	/* The host part could hold a password: it is never echoed. */
	{
		mg_diag d = MG_DIAG_INIT;
		struct migrator_conn *c;

		conn_rc(&c, "sqlite://u:secret@h/x.db", 0, 0, &d);
		check(d.message && !strstr(d.message, "secret"));
		check(!d.hint || !strstr(d.hint, "secret"));
		mg_diag_clear(&d);
	}
	check_eq(dir_entries(tpath("err")), 0);
	check_eq(chdir(tmp), 0);
}

/* --- files ----------------------------------------------------------- */

static void test_missing_file(void)
{
	mg_diag d = MG_DIAG_INIT;
	struct migrator_conn *c;
	char url[PATH_MAX + 64], msg[PATH_MAX + 64];

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("missing.db"));
	check_eq(conn_rc(&c, url, 0, 0, &d), MIGRATOR_EDB);
	check(c == NULL);
	snprintf(msg, sizeof(msg), "database file %s does not exist",
		 tpath("missing.db"));
	check_str(d.message, msg);
	check(d.hint != NULL);
	check(!exists(tpath("missing.db")));
	check(!exists(tpath("missing.db-journal")));
	mg_diag_clear(&d);

	/* With CREATE but no such directory: fails, creates nothing. */
	snprintf(url, sizeof(url), "sqlite:///%s", tpath("nodir/x.db"));
	conn_fails(url, MIGRATOR_CONNECT_CREATE, MIGRATOR_EDB,
		   "cannot create database file");
	check(!exists(tpath("nodir")));

	/* Relative: resolved against the current directory. */
	conn_fails("sqlite:///missing2.db", 0, MIGRATOR_EDB,
		   "database file missing2.db does not exist");
	check(!exists(tpath("missing2.db")));
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void test_created_mode(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c;
	mode_t old = umask(0);

	/* umask 0: still 0644, never group- or world-writable. */
	snprintf(url, sizeof(url), "sqlite:///%s", tpath("mode0.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	exec_ok(c, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	drv->close(c);
	check_eq(mode_of(tpath("mode0.db")), 0644);

	/* A stricter umask is honoured. */
	umask(027);
	snprintf(url, sizeof(url), "sqlite:///%s", tpath("mode027.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	exec_ok(c, "CREATE TABLE t (x)");
	drv->close(c);
	check_eq(mode_of(tpath("mode027.db")), 0640);

	/* An existing file's mode is left alone. */
	umask(0);
	check_eq(chmod(tpath("mode0.db"), 0600), 0);
	snprintf(url, sizeof(url), "sqlite:///%s", tpath("mode0.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	exec_ok(c, "INSERT INTO t VALUES (2)");
	drv->close(c);
	check_eq(mode_of(tpath("mode0.db")), 0600);
	umask(old);
}

static void test_not_a_database(void)
{
	char url[PATH_MAX + 64];
	FILE *f = fopen(tpath("text.db"), "w");

	if (!check(f != NULL))
		return;
	fputs("this is not a database, just some text long enough to "
	      "fill a header of one hundred bytes or so.................\n",
	      f);
	fclose(f);
	snprintf(url, sizeof(url), "sqlite:///%s", tpath("text.db"));
	conn_fails(url, MIGRATOR_CONNECT_CREATE, MIGRATOR_EDB,
		   "file is not a database");
	/* Not ours to delete: it existed before. */
	check(exists(tpath("text.db")));
}

/* --- exec ------------------------------------------------------------ */

static void test_exec(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c;
	mg_diag d = MG_DIAG_INIT;
	static const char partial[] = "CREATE TABLE p (x); this is garbage";

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("exec.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	exec_fails(c, "SELECT * FROM foo", "no such table: foo");
	exec_fails(c, "SELEKT 1", "near \"SELEKT\": syntax error");
	/* Several statements and a trigger body with its own semicolons. */
	exec_ok(c, "CREATE TABLE a (x);\n"
		   "-- a comment\n"
		   "CREATE TABLE b (y);\n"
		   "CREATE TRIGGER a_ins AFTER INSERT ON a BEGIN\n"
		   "  INSERT INTO b VALUES (new.x);\n"
		   "  INSERT INTO b VALUES (new.x * 10);\n"
		   "END;\n"
		   "INSERT INTO a VALUES (4)");
	/* Rows returned are read and dropped. */
	exec_ok(c, "SELECT * FROM b");
	/* Nothing but comments and white space. */
	exec_ok(c, "  -- nothing\n ; ");
	exec_ok(c, "");
	/* Exactly len bytes run: the garbage after them is never seen. */
	check_eq(drv->exec(c, partial, strlen("CREATE TABLE p (x);"), &d),
		  0);
	check(d.message == NULL);
	/* The first statement's effect stays when a later one fails (the
	 * caller's transaction decides). */
	exec_fails(c, "INSERT INTO a VALUES (5); INSERT INTO nope VALUES (1)",
		   "no such table: nope");
	/* Constraint errors carry SQLite's message too. */
	exec_ok(c, "CREATE TABLE u (k TEXT PRIMARY KEY); "
		   "INSERT INTO u VALUES ('k')");
	exec_fails(c, "INSERT INTO u VALUES ('k')",
		   "UNIQUE constraint failed: u.k");
	drv->close(c);
	check_cli(tpath("exec.db"), "SELECT group_concat(y) FROM b",
		  "4,40,5,50");
	check_cli(tpath("exec.db"),
		  "SELECT count(*) FROM sqlite_master WHERE name = 'p'", "1");
}

/* --- verify sections (ABI 2.1) --------------------------------------- */

/* verify_exec of sql: *ok as want, and when it fails the value shown. */
static void verify_is(struct migrator_conn *c, const char *sql, int want,
		      const char *shown)
{
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	int ok = -1;

	if (!check_eq(drv->verify_exec(c, sql, strlen(sql), &ok, &v, &d), 0))
		printf("# %s: %s\n", sql, d.message ? d.message : "?");
	if (!check_eq(ok, want))
		printf("# %s\n", sql);
	check_eq(v.n, want ? 0 : 1);
	if (!want && v.n == 1)
		check_str(v.v[0], shown);
	mg_strvec_clear(&v);
	mg_diag_clear(&d);
}

/* data_fill's and data_count's strings, joined with '|'. */
static char *joined(const mg_strvec *v)
{
	size_t n = 1;
	char *s;

	for (size_t i = 0; i < v->n; i++)
		n += strlen(v->v[i]) + 1;
	s = calloc(1, n);
	for (size_t i = 0; s && i < v->n; i++) {
		if (i)
			strcat(s, "|");
		strcat(s, v->v[i]);
	}
	return s;
}

static const char data_schema[] =
	"CREATE TABLE migrator_version (version_num TEXT PRIMARY KEY);"
	"CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE c (id INTEGER PRIMARY KEY,"
	" p_id INTEGER NOT NULL REFERENCES p (id),"
	" kind TEXT NOT NULL CHECK (kind IN ('a', 'b')),"
	" n INTEGER NOT NULL CHECK (n > 0 AND n <= 2),"
	" note varchar(4), made DATETIME NOT NULL);"
	"CREATE TABLE s (id INT PRIMARY KEY, x REAL NOT NULL, b BLOB,"
	" t TEXT NOT NULL DEFAULT 'z') STRICT;"
	"CREATE TABLE bad (id INTEGER PRIMARY KEY,"
	" v TEXT NOT NULL CHECK (length(v) > 50));"
	"CREATE TABLE orphan (id INTEGER PRIMARY KEY,"
	" gone_id INTEGER NOT NULL REFERENCES gone (id))";

/* data_fill on a new file db: its strings. */
static char *fill(const char *db, uint64_t seed, unsigned rows)
{
	char url[PATH_MAX + 16];
	struct migrator_conn *c;
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	char *s = NULL;

	snprintf(url, sizeof(url), "sqlite:///%s", db);
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	if (!c || exec_ok(c, data_schema) != 0) {
		drv->close(c);
		return NULL;
	}
	if (check_eq(drv->data_fill(c, "migrator_version", "migrator_history",
				    seed, rows, &v, &d), 0))
		s = joined(&v);
	else
		printf("# %s\n", d.message ? d.message : "no message");
	mg_strvec_clear(&v);
	mg_diag_clear(&d);
	drv->close(c);
	return s;
}

/* ABI 2.3: rows for every table, parents first, constraints met where
 * the driver can; the same seed, the same rows. */
static void test_data_fill(void)
{
	const char *db = tpath("fill.db"), *db2 = tpath("fill2.db");
	static const char rows_sql[] =
		"SELECT group_concat(quote(p_id) || quote(kind) || quote(n) ||"
		" quote(note) || quote(made), ',') FROM c";
	char *got = fill(db, 42, 3), *a, *b;
	struct migrator_conn *c;
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	char url[PATH_MAX + 16];

	check_str(got, "bad|0|CHECK constraint failed: length(v) > 50|c|3||"
		       "orphan|0|parent table gone does not exist|p|3||s|3|");
	free(got);
	/* the version table is left alone; every key has its parent; the
	 * CHECKs' values; the default is the database's */
	check_cli(db, "SELECT count(*) FROM migrator_version", "0");
	check_cli(db, "SELECT count(*) FROM c WHERE p_id NOT IN "
		      "(SELECT id FROM p) OR kind NOT IN ('a', 'b') OR n < 1 "
		      "OR n > 2", "0");
	check_cli(db, "SELECT count(DISTINCT name) FROM p", "3");
	check_cli(db, "SELECT count(*) FROM s WHERE t = 'z' AND "
		      "typeof(x) = 'real'", "3");
	/* the same seed: the same rows; another: others */
	got = fill(db2, 42, 3);
	free(got);
	a = cli(db, rows_sql);
	b = cli(db2, rows_sql);
	check_str(a, b);
	free(b);
	remove(db2);
	got = fill(db2, 43, 3);
	free(got);
	b = cli(db2, rows_sql);
	check(a && b && strcmp(a, b) != 0);
	free(a);
	free(b);
	/* a table that has rows is topped up, not refilled; the counts */
	snprintf(url, sizeof(url), "sqlite:///%s", db);
	c = conn(url, 0);
	check_eq(drv->data_fill(c, "migrator_version", NULL, 7, 5, &v, &d), 0);
	mg_strvec_clear(&v);
	check_eq(drv->data_count(c, "migrator_version", "migrator_history", &v,
				 &d), 0);
	got = joined(&v);
	check_str(got, "bad|0|c|5|orphan|0|p|5|s|5");
	free(got);
	mg_strvec_clear(&v);
	mg_diag_clear(&d);
	drv->close(c);
}

static void test_verify_exec(void)
{
	struct migrator_conn *c = conn("sqlite::memory:", 0);
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	int ok = -1;

	exec_ok(c, "CREATE TABLE t (id INTEGER, name TEXT);"
		   "INSERT INTO t VALUES (1, 'a'), (2, NULL)");
	verify_is(c, "SELECT count(*) = 2 FROM t", 1, NULL);
	verify_is(c, "SELECT count(*) = 3 FROM t", 0, "0");
	verify_is(c, "SELECT count(*) FROM t", 1, NULL);
	verify_is(c, "SELECT name FROM t ORDER BY id DESC", 0, "NULL");
	verify_is(c, "SELECT 0.0", 0, "0.0");
	verify_is(c, "SELECT 0.5", 1, NULL);
	/* only the first row counts; text passes, whatever it says */
	verify_is(c, "SELECT id = 1 FROM t ORDER BY id", 1, NULL);
	verify_is(c, "SELECT 'false'", 1, NULL);
	verify_is(c, "SELECT x'00'", 1, NULL);
	/* no row: Sqitch's way of checking that columns exist */
	verify_is(c, "SELECT id, name FROM t WHERE 0", 1, NULL);
	verify_is(c, "UPDATE t SET name = 'b' WHERE id = 2", 1, NULL);
	verify_is(c, "-- nothing", 1, NULL);
	/* several statements: the first that fails decides */
	verify_is(c, "SELECT 1; SELECT NULL; SELECT 0", 0, "NULL");
	/* an error is exec's */
	check_eq(drv->verify_exec(c, "SELECT nope FROM t", 18, &ok, &v, &d),
		 MIGRATOR_EDB);
	check_str(d.message, "no such column: nope");
	check_eq(v.n, 0);
	mg_diag_clear(&d);
	drv->close(c);
}

/* --- transactions ---------------------------------------------------- */

static void test_transactional_ddl(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("txn.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	txn(drv->begin, c, 0);
	txn(drv->begin, c, MIGRATOR_EDB); /* already open */
	exec_ok(c, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	txn(drv->rollback, c, 0);
	exec_fails(c, "SELECT * FROM t", "no such table: t");

	txn(drv->commit, c, MIGRATOR_EDB); /* nothing open */
	txn(drv->begin, c, 0);
	exec_ok(c, "CREATE TABLE kept (x); INSERT INTO kept VALUES (7)");
	txn(drv->commit, c, 0);
	/* rollback with nothing open is harmless */
	txn(drv->rollback, c, 0);

	/* close() rolls back an open transaction. */
	txn(drv->begin, c, 0);
	exec_ok(c, "CREATE TABLE lost (x); DELETE FROM kept");
	drv->close(c);
	check_cli(tpath("txn.db"),
		  "SELECT name FROM sqlite_master ORDER BY name", "kept");
	check_cli(tpath("txn.db"), "SELECT x FROM kept", "7");
}

static const char fk_schema[] =
	"PRAGMA foreign_keys = ON;"
	"CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);"
	"CREATE TABLE child (id INTEGER PRIMARY KEY,"
	" pid INTEGER REFERENCES parent (id) ON DELETE CASCADE);"
	"INSERT INTO parent VALUES (1, 'one');"
	"INSERT INTO child VALUES (10, 1);";

static void test_foreign_keys(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c;
	mg_diag d = MG_DIAG_INIT;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("fk.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	exec_ok(c, fk_schema);
	/* Enforcement is on here. */
	exec_fails(c, "INSERT INTO child VALUES (11, 99)",
		   "FOREIGN KEY constraint failed");

	/* SQLite's table rebuild: with enforcement on, DROP TABLE parent
	 * would cascade and delete the child row. */
	txn(drv->begin, c, 0);
	exec_ok(c, "CREATE TABLE parent_new (id INTEGER PRIMARY KEY,"
		   " name TEXT NOT NULL DEFAULT '');"
		   "INSERT INTO parent_new SELECT id, name FROM parent;"
		   "DROP TABLE parent;"
		   "ALTER TABLE parent_new RENAME TO parent;");
	txn(drv->commit, c, 0);
	check_cli(tpath("fk.db"), "SELECT count(*) FROM child", "1");

	/* A violation made inside the migration fails the commit, names the
	 * tables and leaves the transaction open for rollback. */
	txn(drv->begin, c, 0);
	exec_ok(c, "INSERT INTO child VALUES (12, 42)");
	check_eq(drv->commit(c, &d), MIGRATOR_EDB);
	check_str(d.message, "foreign key check failed: table \"child\" has "
			     "rows whose parent is missing in \"parent\"");
	check(d.detail && strstr(d.detail, "1 violating row"));
	mg_diag_clear(&d);
	exec_ok(c, "INSERT INTO parent VALUES (2, 'two')"); /* still open */
	txn(drv->rollback, c, 0);
	check_cli(tpath("fk.db"), "SELECT count(*) FROM child WHERE id = 12",
		  "0");
	check_cli(tpath("fk.db"), "SELECT count(*) FROM parent", "1");

	/* foreign_keys is back on after rollback ... */
	exec_fails(c, "INSERT INTO child VALUES (13, 99)",
		   "FOREIGN KEY constraint failed");
	/* ... and after commit. */
	txn(drv->begin, c, 0);
	exec_ok(c, "INSERT INTO parent VALUES (3, 'three')");
	txn(drv->commit, c, 0);
	exec_fails(c, "INSERT INTO child VALUES (14, 99)",
		   "FOREIGN KEY constraint failed");
	drv->close(c);

	/* A connection that had enforcement off keeps it off. */
	c = conn(url, 0);
	txn(drv->begin, c, 0);
	txn(drv->commit, c, 0);
	exec_ok(c, "INSERT INTO child VALUES (15, 99)");
	/* ... and the pre-commit check still runs for it. */
	txn(drv->begin, c, 0);
	check_eq(drv->commit(c, &d), MIGRATOR_EDB);
	mg_diag_clear(&d);
	txn(drv->rollback, c, 0);
	drv->close(c);
}

/* A violation in an attached schema is found too. */
static void test_foreign_keys_attached(void)
{
	char url[PATH_MAX + 64], sql[PATH_MAX + 64];
	struct migrator_conn *c;
	mg_diag d = MG_DIAG_INIT;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("fkmain.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	snprintf(sql, sizeof(sql), "ATTACH '%s' AS other",
		 tpath("fkother.db"));
	exec_ok(c, sql);
	exec_ok(c, "CREATE TABLE other.p (id INTEGER PRIMARY KEY);"
		   "CREATE TABLE other.c (pid INTEGER REFERENCES p (id))");
	txn(drv->begin, c, 0);
	exec_ok(c, "INSERT INTO other.c VALUES (5)");
	check_eq(drv->commit(c, &d), MIGRATOR_EDB);
	check_str(d.message, "foreign key check failed: table \"other.c\" has "
			     "rows whose parent is missing in \"p\"");
	mg_diag_clear(&d);
	txn(drv->rollback, c, 0);
	drv->close(c);
}

/* --- the narrowed foreign key check (issue 19) ----------------------- */

static const char fkn_schema[] =
	"CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);"
	"CREATE UNIQUE INDEX p_code ON p (code);"
	"CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p (id));"
	"CREATE TABLE k (id INTEGER PRIMARY KEY,"
	" pcode TEXT REFERENCES p (code));"
	"CREATE TABLE u (id INTEGER PRIMARY KEY);"
	"CREATE TABLE x (v INTEGER);"
	"CREATE TRIGGER x_del AFTER INSERT ON x"
	" BEGIN DELETE FROM p WHERE id = NEW.v; END;"
	"INSERT INTO p VALUES (1, 'a'), (2, 'b');"
	"INSERT INTO c VALUES (10, 1), (11, 2);"
	"INSERT INTO k VALUES (20, 'a');"
	"INSERT INTO u VALUES (1);";

/* sql, run in a migration's transaction, must fail its commit. */
static void fk_caught(struct migrator_conn *c, const char *sql)
{
	mg_diag d = MG_DIAG_INIT;

	txn(drv->begin, c, 0);
	exec_ok(c, sql);
	if (!check_eq(drv->commit(c, &d), MIGRATOR_EDB))
		printf("# not caught: %s\n", sql);
	else if (!check(d.message && (strstr(d.message, "foreign key check "
							 "failed") ||
				      strstr(d.message, "foreign key "
							"mismatch"))))
		printf("# %s: %s\n", sql, d.message);
	mg_diag_clear(&d);
	txn(drv->rollback, c, 0);
}

/* fk_caught right after a commit whose check passed: the check of sql's
 * transaction is narrowed unless sql itself makes it whole. */
static void fk_caught_settled(struct migrator_conn *c, const char *sql)
{
	txn(drv->begin, c, 0);
	exec_ok(c, "DELETE FROM u WHERE id = -1");
	txn(drv->commit, c, 0);
	fk_caught(c, sql);
}

/* Counts the lines of the trace file that contain needle. */
static int trace_count(const char *file, const char *needle)
{
	FILE *f = fopen(file, "r");
	char line[4096];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

static void trace_clear(const char *file)
{
	FILE *f = fopen(file, "w");

	if (check(f != NULL))
		fclose(f);
}

static void test_foreign_keys_narrowed(void)
{
	char url[PATH_MAX + 64];
	const char *trace = tpath("fkn.trace");
	struct migrator_conn *c, *other;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("fkn.db"));
	setenv("MIGRATOR_SQLITE_TRACE", trace, 1);
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	unsetenv("MIGRATOR_SQLITE_TRACE");
	txn(drv->begin, c, 0);
	exec_ok(c, fkn_schema);
	txn(drv->commit, c, 0);
	/* a connection's first check is the whole database's */
	check_eq(trace_count(trace, "PRAGMA database_list"), 1);
	trace_clear(trace);

	/* Narrowed: a table nothing references, and no foreign key of its
	 * own, is checked not at all; a parent's children are. */
	txn(drv->begin, c, 0);
	exec_ok(c, "INSERT INTO u VALUES (2)");
	txn(drv->commit, c, 0);
	check_eq(trace_count(trace, "foreign_key_check"), 0);
	txn(drv->begin, c, 0);
	exec_ok(c, "DELETE FROM p WHERE id = 99");
	txn(drv->commit, c, 0);
	check_eq(trace_count(trace, "foreign_key_check(\"c\")"), 1);
	check_eq(trace_count(trace, "foreign_key_check(\"k\")"), 1);
	check_eq(trace_count(trace, "foreign_key_check"), 2);
	check_eq(trace_count(trace, "PRAGMA database_list"), 0);

	/* Every way to leave a row without its parent is still caught. */
	fk_caught(c, "INSERT INTO c VALUES (12, 99)");   /* a child row */
	fk_caught(c, "UPDATE c SET pid = 42 WHERE id = 10");
	fk_caught(c, "DELETE FROM p WHERE id = 1");      /* a parent row */
	fk_caught(c, "UPDATE p SET id = 5 WHERE id = 2"); /* a parent key */
	fk_caught(c, "UPDATE p SET code = 'z' WHERE id = 1");
	fk_caught(c, "INSERT OR REPLACE INTO p VALUES (3, 'a')");
	fk_caught(c, "DROP TABLE p");                    /* the parent */
	fk_caught(c, "INSERT INTO x VALUES (1)");        /* by a trigger */
	fk_caught(c, "DROP INDEX p_code"); /* the parent key's index */
	fk_caught(c, "ALTER TABLE u ADD COLUMN pid INTEGER"
		     " REFERENCES p (id) DEFAULT 99");   /* a new key */
	fk_caught(c, "CREATE TABLE n (pid INTEGER REFERENCES p (id));"
		     "INSERT INTO n VALUES (7)");        /* a new table */
	/* The authorizer names a renamed table by its old name: a rename
	 * makes the check whole.  (settled: a commit first, or the rollback
	 * before would make the check whole anyway.) */
	fk_caught_settled(c, "INSERT INTO c VALUES (12, 99);"
			     "ALTER TABLE c RENAME TO c2"); /* the child */
	fk_caught_settled(c, "DELETE FROM p WHERE id = 2;"
			     "ALTER TABLE p RENAME TO q"); /* the parent */
	fk_caught_settled(c, "CREATE TABLE c_new (id INTEGER PRIMARY KEY,"
			     " pid INTEGER REFERENCES p (id));"
			     "INSERT INTO c_new VALUES (1, 99);"
			     "ALTER TABLE c_new RENAME TO c_final"); /* staging */
	fk_caught(c, "PRAGMA legacy_alter_table = ON;"
		     "ALTER TABLE p RENAME TO p_old");   /* a pragma: whole */
	exec_ok(c, "PRAGMA legacy_alter_table = OFF");
	/* a rename rewrites the children's keys: they are read again */
	txn(drv->begin, c, 0);
	exec_ok(c, "ALTER TABLE p RENAME TO p2");
	txn(drv->commit, c, 0);
	fk_caught(c, "DELETE FROM p2 WHERE id = 2");

	/* Written outside any transaction: the next commit checks it. */
	exec_ok(c, "INSERT INTO c VALUES (13, 77)");
	fk_caught(c, "INSERT INTO u VALUES (3)");
	exec_ok(c, "DELETE FROM c WHERE id = 13");

	/* Written by another connection between two of ours: whole. */
	other = conn(url, 0);
	exec_ok(other, "INSERT INTO c VALUES (14, 66)");
	drv->close(other);
	fk_caught(c, "INSERT INTO u VALUES (4)");
	exec_ok(c, "DELETE FROM c WHERE id = 14");
	txn(drv->begin, c, 0);
	exec_ok(c, "INSERT INTO u VALUES (5)");
	txn(drv->commit, c, 0);
	drv->close(c);
	unlink(trace);
}

/* journal_mode and synchronous are the user's: WAL stays WAL. */
static void test_journal_mode_kept(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c;
	char *mode = cli(tpath("wal.db"), "PRAGMA journal_mode = WAL");

	check_str(mode, "wal");
	free(mode);
	snprintf(url, sizeof(url), "sqlite:///%s", tpath("wal.db"));
	c = conn(url, 0);
	txn(drv->begin, c, 0);
	exec_ok(c, "CREATE TABLE t (x)");
	txn(drv->commit, c, 0);
	drv->close(c);
	check_cli(tpath("wal.db"), "PRAGMA journal_mode", "wal");
	check_cli(tpath("wal.db"), "SELECT count(*) FROM t", "0");
}

/* --- stamp table ----------------------------------------------------- */

static void stamp_is(struct migrator_conn *c, const char *table,
		     const char *want)
{
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	char got[512] = "";

	if (!check_eq(drv->stamp_read(c, table, &v, &d), 0))
		printf("# %s\n", d.message ? d.message : "?");
	for (size_t i = 0; i < v.n; i++) {
		size_t len = strlen(got);

		snprintf(got + len, sizeof(got) - len, "%s%s", i ? "," : "",
			 v.v[i]);
	}
	check_str(got, want);
	mg_strvec_clear(&v);
	mg_diag_clear(&d);
}

static int stamp_write(struct migrator_conn *c, const char *table,
		       const char *const *del, size_t ndel,
		       const char *const *add, size_t nadd, mg_diag *d)
{
	return drv->stamp_write(c, table, del, ndel, add, nadd, d);
}

static void stamp_ok(struct migrator_conn *c, const char *table,
		     const char *const *del, size_t ndel,
		     const char *const *add, size_t nadd)
{
	mg_diag d = MG_DIAG_INIT;

	if (!check_eq(stamp_write(c, table, del, ndel, add, nadd, &d), 0))
		printf("# %s\n", d.message ? d.message : "?");
	mg_diag_clear(&d);
}

static void ensure_ok(struct migrator_conn *c, const char *table)
{
	mg_diag d = MG_DIAG_INIT;

	if (!check_eq(drv->stamp_ensure(c, table, &d), 0))
		printf("# %s\n", d.message ? d.message : "?");
	mg_diag_clear(&d);
}

/* The stamp life cycle on one table name. */
static void stamp_cycle(struct migrator_conn *c, const char *table)
{
	static const char *const a1[] = {"a1"}, *const b2[] = {"b2"},
				  *const zz[] = {"zz"},
				  *const cd[] = {"d4", "c3"},
				  *const d4nope[] = {"d4", "nope"};
	mg_diag d = MG_DIAG_INIT;

	/* Missing table: an empty result, and nothing is created. */
	stamp_is(c, table, "");
	ensure_ok(c, table);
	ensure_ok(c, table); /* idempotent */
	stamp_is(c, table, "");
	stamp_ok(c, table, NULL, 0, a1, 1);
	stamp_is(c, table, "a1");
	stamp_ok(c, table, a1, 1, b2, 1); /* the UPDATE path */
	stamp_is(c, table, "b2");

	/* A del row that is not there: someone moved the stamp. */
	check_eq(stamp_write(c, table, zz, 1, a1, 1, &d), MIGRATOR_EDB);
	check(d.message && strncmp(d.message, "the stamp changed underneath",
				   28) == 0);
	mg_diag_clear(&d);
	stamp_is(c, table, "b2");

	stamp_ok(c, table, b2, 1, cd, 2); /* branch point */
	stamp_is(c, table, "c3,d4");      /* sorted */

	/* All or nothing: d4 is deleted, then "nope" is not there. */
	check_eq(stamp_write(c, table, d4nope, 2, NULL, 0, &d),
		  MIGRATOR_EDB);
	check(d.message && strstr(d.message, "\"nope\""));
	mg_diag_clear(&d);
	stamp_is(c, table, "c3,d4");

	/* A duplicate row is the database's error. */
	check_eq(stamp_write(c, table, NULL, 0, cd, 1, &d), MIGRATOR_EDB);
	check(d.message && strstr(d.message, "UNIQUE constraint failed"));
	mg_diag_clear(&d);

	stamp_ok(c, table, cd, 2, NULL, 0); /* stamp base */
	stamp_is(c, table, "");
	stamp_ok(c, table, NULL, 0, b2, 1);
}

static void test_stamp(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c;
	mg_diag d = MG_DIAG_INIT;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("stamp.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	stamp_is(c, "migrator_version", "");
	exec_fails(c, "SELECT * FROM migrator_version",
		   "no such table: migrator_version");
	txn(drv->begin, c, 0);
	stamp_cycle(c, "migrator_version");
	txn(drv->commit, c, 0);
	drv->close(c);
	check_cli(tpath("stamp.db"), "SELECT * FROM migrator_version", "b2");
	/* Alembic's layout, constraint name included. */
	check_cli(tpath("stamp.db"),
		  "SELECT sql FROM sqlite_master "
		  "WHERE name = 'migrator_version'",
		  "CREATE TABLE \"migrator_version\" ("
		  "version_num VARCHAR(32) NOT NULL, CONSTRAINT "
		  "\"migrator_version_pkc\" PRIMARY KEY (version_num))");

	/* Outside a transaction (a "transactional false" revision). */
	c = conn(url, 0);
	stamp_cycle(c, "alembic_version");
	/* Rolled back with the migration's transaction. */
	txn(drv->begin, c, 0);
	{
		static const char *const b2[] = {"b2"}, *const x[] = {"x9"};

		stamp_ok(c, "alembic_version", b2, 1, x, 1);
		stamp_is(c, "alembic_version", "x9");
	}
	txn(drv->rollback, c, 0);
	stamp_is(c, "alembic_version", "b2");

	/* Bad names. */
	check_eq(drv->stamp_read(c, "", NULL, &d), MIGRATOR_ECONFIG);
	mg_diag_clear(&d);
	check_eq(drv->stamp_ensure(c, "s.", &d), MIGRATOR_ECONFIG);
	mg_diag_clear(&d);
	drv->close(c);
}

static void test_stamp_quoted(void)
{
	static const char name[] = "we\"ird tab";
	char url[PATH_MAX + 64];
	struct migrator_conn *c;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("quoted.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	stamp_cycle(c, name);
	drv->close(c);
	check_cli(tpath("quoted.db"),
		  "SELECT name FROM sqlite_master WHERE type = 'table'",
		  "we\"ird tab");
	check_cli(tpath("quoted.db"), "SELECT * FROM \"we\"\"ird tab\"", "b2");
	check_cli(tpath("quoted.db"),
		  "SELECT count(*) FROM sqlite_master "
		  "WHERE sql LIKE '%CONSTRAINT \"we\"\"ird tab_pkc\"%'",
		  "1");
}

static void test_stamp_schema(void)
{
	char url[PATH_MAX + 64], sql[PATH_MAX + 64];
	struct migrator_conn *c;
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("schema.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	snprintf(sql, sizeof(sql), "ATTACH '%s' AS \"aux db\"",
		 tpath("aux.db"));
	exec_ok(c, sql);
	stamp_cycle(c, "aux db.my \"v\"");
	/* A same-named table in main is a different table. */
	stamp_is(c, "my \"v\"", "");

	/* An unknown schema is an error, not an empty stamp. */
	check_eq(drv->stamp_read(c, "nope.migrator_version", &v, &d),
		  MIGRATOR_EDB);
	check_str(d.message, "unknown database \"nope\"");
	check_eq(v.n, 0);
	mg_diag_clear(&d);
	/* A read after one that found the table asks again when the table
	 * (or its schema) is gone since (issue 19: it is not asked first). */
	stamp_is(c, "aux db.my \"v\"", "b2");
	exec_ok(c, "DROP TABLE \"aux db\".\"my \"\"v\"\"\"");
	stamp_is(c, "aux db.my \"v\"", "");
	exec_ok(c, "CREATE TABLE \"aux db\".\"my \"\"v\"\"\" (version_num"
		   " VARCHAR(32) NOT NULL PRIMARY KEY);"
		   "INSERT INTO \"aux db\".\"my \"\"v\"\"\" VALUES ('b2')");
	stamp_is(c, "aux db.my \"v\"", "b2");
	exec_ok(c, "DETACH \"aux db\"");
	check_eq(drv->stamp_read(c, "aux db.my \"v\"", &v, &d), MIGRATOR_EDB);
	check_str(d.message, "unknown database \"aux db\"");
	mg_diag_clear(&d);
	drv->close(c);
	check_cli(tpath("aux.db"), "SELECT * FROM \"my \"\"v\"\"\"", "b2");
	check_cli(tpath("schema.db"),
		  "SELECT count(*) FROM sqlite_master", "0");
}

/* --- adopt: another tool's table (ABI 2.4) --------------------------- */

static void test_foreign_read(void)
{
	static const char *const cols[] = {"version", "dirty"};
	static const char *const ccols[] = {"change"};
	char url[PATH_MAX + 64], sql[PATH_MAX + 64];
	struct migrator_conn *c;
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	int found = -1;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("app.db"));
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	/* missing: no error, found 0 */
	check_eq(drv->foreign_read(c, "schema_migrations", cols, 2, NULL, NULL,
				   &found, &v, &d), 0);
	check_eq(found, 0);
	check_eq(v.n, 0);
	exec_ok(c, "CREATE TABLE \"schema_migrations\" (version uint64, "
		   "dirty bool); INSERT INTO schema_migrations VALUES (2, 1), "
		   "(1, NULL)");
	check_eq(drv->foreign_read(c, "schema_migrations", cols, 2, "version",
				   NULL, &found, &v, &d), 0);
	check_eq(found, 1);
	check_eq(v.n, 4);
	if (v.n == 4) {
		check_str(v.v[0], "1");
		check_str(v.v[1], ""); /* NULL */
		check_str(v.v[2], "2");
		check_str(v.v[3], "1");
	}
	mg_strvec_clear(&v);
	/* Sqitch's registry: sqitch.db beside app.db, attached for the call */
	check_eq(drv->foreign_read(c, "sqitch.changes", ccols, 1, NULL, "sqitch",
				   &found, &v, &d), 0);
	check_eq(found, 0);
	snprintf(sql, sizeof(sql), "ATTACH '%s' AS reg; CREATE TABLE "
		 "reg.changes (change text); INSERT INTO reg.changes VALUES "
		 "('users'); DETACH reg", tpath("sqitch.db"));
	exec_ok(c, sql);
	check_eq(drv->foreign_read(c, "sqitch.changes", ccols, 1, NULL, "sqitch",
				   &found, &v, &d), 0);
	check_eq(found, 1);
	check_eq(v.n, 1);
	if (v.n == 1)
		check_str(v.v[0], "users");
	mg_strvec_clear(&v);
	/* detached again: the schema is unknown to a plain read */
	check_eq(drv->foreign_read(c, "sqitch.changes", ccols, 1, NULL, NULL,
				   &found, &v, &d), 0);
	check_eq(found, 0);
	check(d.message == NULL);
	mg_diag_clear(&d);
	drv->close(c);
}

/* --- concurrency ----------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_busy(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c1, *c2;
	mg_diag d = MG_DIAG_INIT;
	double t0, waited;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("busy.db"));
	c1 = conn_t(url, MIGRATOR_CONNECT_CREATE, 5000);
	c2 = conn_t(url, 0, 300);
	if (!c1 || !c2)
		goto out;
	txn(drv->begin, c1, 0);
	t0 = now();
	check_eq(drv->begin(c2, &d), MIGRATOR_ELOCK);
	waited = now() - t0;
	check_str(d.message, "database is locked: no write lock after "
			     "waiting 300 ms");
	if (!check(waited >= 0.25 && waited < 3.0))
		printf("# waited %.3f s\n", waited);
	mg_diag_clear(&d);
	/* Readers are not blocked by the write lock. */
	stamp_is(c2, "migrator_version", "");
	txn(drv->commit, c1, 0);
	txn(drv->begin, c2, 0);
	txn(drv->rollback, c2, 0);
out:
	drv->close(c1);
	drv->close(c2);
}

/* A runner that waits gets the lock once the holder commits. */
static void test_busy_waits(void)
{
	char url[PATH_MAX + 64];
	struct migrator_conn *c;
	int ready[2], status = -1;
	char ch;
	pid_t pid = -1;
	double t0, waited;

	snprintf(url, sizeof(url), "sqlite:///%s", tpath("wait.db"));
	/* Create the file, then fork with no SQLite connection open: an open
	 * connection must not cross a fork. */
	c = conn(url, MIGRATOR_CONNECT_CREATE);
	drv->close(c);
	c = NULL;
	if (!check_eq(pipe(ready), 0))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct migrator_conn *h = NULL;
		mg_diag d = MG_DIAG_INIT;
		struct migrator_connect_params p = {sizeof(p), url, 0, 1000,
						     NULL, NULL, 0};
		static const char *const r[] = {"r1"};
		int rc;

		close(ready[0]);
		rc = drv->connect(&h, &p, &d);
		if (rc == 0)
			rc = drv->begin(h, &d);
		if (rc == 0)
			rc = drv->stamp_ensure(h, "migrator_version", &d);
		if (rc == 0)
			rc = drv->stamp_write(h, "migrator_version", NULL, 0,
					      r, 1, &d);
		ch = rc == 0 ? 'y' : 'n';
		if (write(ready[1], &ch, 1) != 1)
			rc = -1;
		close(ready[1]);
		usleep(1000 * 1000);
		if (rc == 0)
			rc = drv->commit(h, &d);
		drv->close(h);
		mg_diag_clear(&d);
		_exit(rc == 0 ? 0 : 1);
	}
	close(ready[1]);
	if (!check(pid > 0) || !check_eq(read(ready[0], &ch, 1), 1) ||
	    !check_eq(ch, 'y')) {
		close(ready[0]);
		goto out;
	}
	close(ready[0]);
	c = conn_t(url, 0, 10000);
	t0 = now();
	txn(drv->begin, c, 0);
	waited = now() - t0;
	/* The holder keeps the lock for a second after it said so; a loaded
	 * machine may have used some of that second before begin(). */
	if (!check(waited >= 0.1))
		printf("# waited only %.3f s\n", waited);
	/* The waiter sees the holder's stamp (committed only at the end of
	 * that second) once it has the lock. */
	stamp_is(c, "migrator_version", "r1");
	txn(drv->rollback, c, 0);
	check_eq(waitpid(pid, &status, 0), pid);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
out:
	if (pid > 0 && status == -1)
		waitpid(pid, &status, 0);
	drv->close(c);
}

/* --- introspection and the host's ABI ------------------------------- */

/* What the fake sink saw; passed to introspect as its schema. */
struct seen {
	int tables, objects;
	char last[200]; /* "kind table name: definition" of the last object */
};

static int seen_table(struct migrator_schema *s, const char *table)
{
	(void)table;
	((struct seen *)(void *)s)->tables++;
	return 0;
}

static int seen_column(struct migrator_schema *s, const char *table,
		       const char *column, const char *type, int notnull,
		       const char *dflt)
{
	(void)s, (void)table, (void)column, (void)type, (void)notnull,
		(void)dflt;
	return 0;
}

static int seen_object(struct migrator_schema *s, const char *kind,
		       const char *table, const char *name,
		       const char *definition)
{
	struct seen *x = (struct seen *)(void *)s;

	x->objects++;
	snprintf(x->last, sizeof(x->last), "%s %s %s: %s", kind,
		 table ? table : "-", name, definition);
	return 0;
}

/* Introspects a database with a view and a trigger through a host of
 * minor minor that ends size bytes in: create() again with it, then with
 * the real host. */
static void introspect_with(const struct migrator_driver_module *mod,
			    uint16_t minor, size_t size, struct seen *x)
{
	struct migrator_host h = *mg_host();
	mg_diag d = MG_DIAG_INIT;
	struct migrator_conn *c;

	h.abi_minor = minor;
	h.size = (uint32_t)size;
	h.schema_table = seen_table;
	h.schema_column = seen_column;
	h.schema_object = seen_object;
	memset(x, 0, sizeof(*x));
	if (!check(mod->create(&h, &d) == drv))
		return;
	c = conn("sqlite::memory:", 0);
	exec_ok(c, "CREATE TABLE t (x); CREATE VIEW v AS SELECT x FROM t; "
		   "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END");
	check_eq(drv->introspect(c, (struct migrator_schema *)(void *)x, &d),
		 0);
	drv->close(c);
	check(mod->create(mg_host(), &d) == drv);
	mg_diag_clear(&d);
}

static void test_introspect_objects(const char *so)
{
	void *handle = dlopen(so, RTLD_NOW | RTLD_NOLOAD);
	const struct migrator_driver_module *mod =
		handle ? dlsym(handle, "migrator_module") : NULL;
	struct seen x;

	if (!check(mod != NULL))
		goto out;
	/* ABI 2.3: views and triggers too, each with its sqlite_master
	 * text, a trigger with its table; and (diff, ABI 2.4) the table's
	 * definition in its normal form */
	introspect_with(mod, 3, sizeof(struct migrator_host), &x);
	check_eq(x.tables, 1);
	check_eq(x.objects, 3);
	check_str(x.last, "view - v: CREATE VIEW v AS SELECT x FROM t");
	/* an ABI 2.2 host, or one whose struct ends before schema_object:
	 * tables only, and nothing read past its end */
	introspect_with(mod, 2, sizeof(struct migrator_host), &x);
	check_eq(x.tables, 1);
	check_eq(x.objects, 0);
	introspect_with(mod, 3, offsetof(struct migrator_host, schema_object),
			&x);
	check_eq(x.tables, 1);
	check_eq(x.objects, 0);
out:
	if (handle)
		dlclose(handle);
}

/* --- driver ---------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

int main(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *plugin = NULL;
	const char *base = getenv("TMPDIR");

	cli_prog = getenv("SQLITE3_CLI");
	if (!cli_prog || !*cli_prog || strcmp(cli_prog, "no") == 0) {
		printf("Bail out! SQLITE3_CLI is not set: run through make "
		       "check with the sqlite3 shell installed\n");
		return 1;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/mg-sqlite-XXXXXX",
			     base && *base ? base : "/tmp") >= sizeof(tmp) ||
	    !mkdtemp(tmp)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	/* NULL: the plugin comes from MIGRATOR_PLUGIN_PATH. */
	if (mg_plugin_load(&plugin, "sqlite::memory:", NULL, &d) < 0) {
		printf("Bail out! cannot load the sqlite driver: %s\n",
		       d.message ? d.message : "?");
		mg_diag_clear(&d);
		rmdir(tmp);
		return 1;
	}
	drv = mg_plugin_driver(plugin);

	TEST(test_driver_struct(), "driver struct: names, caps, no run lock");
	TEST(test_url_forms(), "every file URL form opens the right file");
	TEST(test_memory(), "sqlite://, sqlite::memory: are in-memory");
	TEST(test_url_errors(), "bad URLs are refused and create nothing");
	TEST(test_missing_file(), "a missing file without CREATE fails");
	TEST(test_created_mode(), "a created file is not world-writable");
	TEST(test_not_a_database(), "a file that is not a database fails");
	TEST(test_exec(), "exec runs all statements; errors are SQLite's");
	TEST(test_verify_exec(), "verify_exec: the first row's first column");
	TEST(test_data_fill(), "data_fill, data_count: rows for every table, "
			       "parents first, the same seed the same rows");
	TEST(test_transactional_ddl(), "DDL rolls back; close rolls back");
	TEST(test_foreign_keys(), "foreign keys: off in, checked, restored");
	TEST(test_foreign_keys_attached(), "foreign_key_check: attached dbs");
	TEST(test_foreign_keys_narrowed(),
	     "foreign_key_check: written tables and their children");
	TEST(test_journal_mode_kept(), "journal_mode is left as it was");
	TEST(test_stamp(), "stamp table: ensure, read, write, all-or-nothing");
	TEST(test_stamp_quoted(), "stamp table name with a quote and space");
	TEST(test_stamp_schema(), "stamp table in an attached schema");
	TEST(test_foreign_read(), "foreign_read: rows as text, a missing "
				  "table, Sqitch's registry file");
	TEST(test_busy(), "begin fails with ELOCK after the busy timeout");
	TEST(test_busy_waits(), "begin waits for the write lock holder");
	TEST(test_introspect_objects(mg_plugin_path(plugin)),
	     "introspect: views and triggers through an ABI 2.3 host only");

	mg_plugin_free(plugin);
	if (chdir("/") != 0 ||
	    nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		printf("# could not remove %s\n", tmp);
	return test_done();
}
