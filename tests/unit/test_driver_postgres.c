/*
 * test_driver_postgres.c - the PostgreSQL driver against a real server.
 *
 * The server comes from MIGRATOR_TEST_PG_URL (tests/pg_cluster.sh prints
 * it; tests/run-suite.sh starts a cluster and exports it).  Without it the
 * test fails: it never skips.  The driver is loaded through the core's
 * loader, as migrator loads it; the test's own libpq connection (the
 * "observer") checks what the driver did from outside.  Everything happens
 * in a database of its own, created and dropped here, so the e2e suites
 * can share the server.
 */
#include "config.h"

#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plugin.h"
#include "strvec.h"
#include "tap.h"

#define TABLE "migrator_version"
#define CLASSID "1835495028"
/* FNV-1a of "migrator_version": the documented lock key (pg_lock.c). */
#define OBJID_MIGRATOR_VERSION "1595259269"

static const struct migrator_driver *drv;
static char *test_url; /* the test's own database */
static PGconn *obs;    /* the observer */

static char *xprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!s) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* url with one more URI query parameter. */
static char *url_with(const char *url, const char *param)
{
	return xprintf("%s%c%s", url, strchr(url, '?') ? '&' : '?', param);
}

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000u +
	       (unsigned long long)ts.tv_nsec / 1000000u;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000u, (long)(ms % 1000u) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The observer's answer to a one-value query (malloc'd), or NULL. */
static char *obs_value(const char *sql, const char *param)
{
	const char *values[] = {param};
	PGresult *res = PQexecParams(obs, sql, param ? 1 : 0, NULL, values,
				     NULL, NULL, 0);
	char *v = NULL;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		printf("# observer: %s: %s", sql, PQerrorMessage(obs));
	else if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		v = xprintf("%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

/* Checks the observer's answer to sql against want (NULL: no row). */
#define check_obs(sql, param, want) \
	do { \
		char *v_ = obs_value((sql), (param)); \
		check_str(v_, (want)); \
		free(v_); \
	} while (0)

/* The backend pid of the connection with this application_name. */
static char *pid_of(const char *app)
{
	return obs_value("SELECT pid::text FROM pg_stat_activity"
			 " WHERE application_name = $1",
			 app);
}

/* Notices a connection received, one string per call. */
static void collect(void *payload, const char *text)
{
	mg_strvec_push(payload, text);
}

/* Connects to url, collecting notices into notices if not NULL. */
static struct migrator_conn *open_url(const char *url,
				      mg_strvec *notices)
{
	struct migrator_connect_params params = {
		.size = sizeof(params),
		.url = url,
		.notice = notices ? collect : NULL,
		.payload = notices,
	};
	mg_diag d = MG_DIAG_INIT;
	struct migrator_conn *c = NULL;

	if (!check_int(drv->connect(&c, &params, &d), ==, 0))
		printf("# connect: %s\n", d.message ? d.message : "?");
	mg_diag_clear(&d);
	return c;
}

/* A connection known to the observer by application_name app. */
static struct migrator_conn *open_named(const char *app,
					mg_strvec *notices)
{
	char *param = xprintf("application_name=%s", app);
	char *url = url_with(test_url, param);
	struct migrator_conn *c = open_url(url, notices);

	free(url);
	free(param);
	return c;
}

static int exec_sql(struct migrator_conn *c, const char *sql,
		    mg_diag *d)
{
	return drv->exec(c, sql, strlen(sql), d);
}

/* Expects a begin/commit/rollback to have succeeded. */
static void txn_ok(int rc, mg_diag *d)
{
	if (!check_int(rc, ==, 0))
		printf("# %s\n", d->message ? d->message : "?");
	mg_diag_clear(d);
}

/* Runs sql and expects success. */
static void ok_sql(struct migrator_conn *c, const char *sql)
{
	mg_diag d = MG_DIAG_INIT;

	if (!check_int(exec_sql(c, sql, &d), ==, 0))
		printf("# %s: %s\n", sql, d.message ? d.message : "?");
	mg_diag_clear(&d);
}

static void test_connect_errors(void)
{
	static const char secret[] = "s3cretpw";
	struct migrator_connect_params params = {.size = sizeof(params)};
	mg_diag d = MG_DIAG_INIT;
	struct migrator_conn *c = (struct migrator_conn *)1;

	/* Nothing listens on port 1. */
	params.url = "postgresql://bob:s3cretpw@localhost:1/app";
	check_int(drv->connect(&c, &params, &d), ==, MIGRATOR_DRIVER_EDB);
	check(c == NULL);
	if (check(d.message != NULL)) {
		check(strstr(d.message, "port 1 failed") != NULL);
		check(strchr(d.message, '\n') == NULL);
		check(strstr(d.message, secret) == NULL);
		printf("# message: %s\n", d.message);
	}
	check(!d.detail || strstr(d.detail, secret) == NULL);
	mg_diag_clear(&d);

	/* libpq would quote the whole URI, password included. */
	params.url = "postgresql://bob:s3cretpw%zz@localhost/app";
	check_int(drv->connect(&c, &params, &d), ==, MIGRATOR_DRIVER_ECONFIG);
	check_str(d.message, "invalid PostgreSQL connection URL: invalid "
			     "percent-encoded token");
	check(!d.detail || strstr(d.detail, secret) == NULL);
	mg_diag_clear(&d);

	/* A password among the query parameters stays out of it too. */
	params.url = "postgresql:///app?host=/nonexistent&port=5&"
		     "password=s3cretpw";
	check_int(drv->connect(&c, &params, &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "connection to server on socket "
			     "\"/nonexistent/.s.PGSQL.5\" failed: No such "
			     "file or directory");
	check(!d.detail || strstr(d.detail, secret) == NULL);
	mg_diag_clear(&d);

	params.url = "postgresql://localhost/app?sslmode=x&frobnicate=1";
	check_int(drv->connect(&c, &params, &d), ==, MIGRATOR_DRIVER_ECONFIG);
	check(d.message && strstr(d.message, "invalid URI query parameter"));
	mg_diag_clear(&d);

	drv->close(NULL); /* accepted */
}

static void test_session(void)
{
	struct migrator_conn *a = open_url(test_url, NULL);
	struct migrator_conn *b = open_named("mgtest_custom_app", NULL);

	if (!a || !b)
		goto out;
	ok_sql(a, "CREATE TABLE session_a AS SELECT"
		  " current_setting('application_name') AS app,"
		  " current_setting('client_encoding') AS enc");
	ok_sql(b, "CREATE TABLE session_b AS SELECT"
		  " current_setting('application_name') AS app");
	/* The default name, unless the URL sets one. */
	check_obs("SELECT app FROM session_a", NULL, "migrator");
	check_obs("SELECT enc FROM session_a", NULL, "UTF8");
	check_obs("SELECT app FROM session_b", NULL, "mgtest_custom_app");
out:
	drv->close(a);
	drv->close(b);
}

static void test_exec_errors(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	mg_diag d = MG_DIAG_INIT;

	if (!c)
		return;
	check_int(exec_sql(c, "SELECT 1/0", &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "division by zero");
	check_str(d.sqlstate, "22012");
	check(d.detail == NULL && d.hint == NULL);
	mg_diag_clear(&d);

	check_int(exec_sql(c, "DO $$BEGIN RAISE EXCEPTION 'boom %', 7"
			      " USING DETAIL = 'The detail.',"
			      " HINT = 'The hint.', ERRCODE = '22023'; END$$",
			   &d),
		  ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "boom 7");
	check_str(d.detail, "The detail.");
	check_str(d.hint, "The hint.");
	check_str(d.sqlstate, "22023");
	mg_diag_clear(&d);

	/* The message stays one line. */
	check_int(exec_sql(c, "DO $$BEGIN RAISE EXCEPTION E'first\\nsecond';"
			      " END$$",
			   &d),
		  ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "first");
	check_str(d.detail, "second");
	mg_diag_clear(&d);

	ok_sql(c, "CREATE TABLE dup (id int PRIMARY KEY)");
	ok_sql(c, "INSERT INTO dup VALUES (1)");
	check_int(exec_sql(c, "INSERT INTO dup VALUES (1)", &d), ==,
		  MIGRATOR_DRIVER_EDB);
	check_str(d.message,
		  "duplicate key value violates unique constraint \"dup_pkey\"");
	check_str(d.detail, "Key (id)=(1) already exists.");
	check_str(d.sqlstate, "23505");
	mg_diag_clear(&d);

	check_int(exec_sql(c, "SELEC 1", &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "syntax error at or near \"SELEC\"");
	check_str(d.sqlstate, "42601");
	mg_diag_clear(&d);

	/* One statement per call: two are refused, and neither runs. */
	check_int(exec_sql(c, "INSERT INTO dup VALUES (2); "
			      "INSERT INTO dup VALUES (3)",
			   &d),
		  ==, MIGRATOR_DRIVER_EDB);
	check(d.message && strstr(d.message, "multiple commands"));
	mg_diag_clear(&d);
	check_obs("SELECT count(*) FROM dup", NULL, "1");

	/* len bounds the statement; comments alone are a no-op. */
	check_int(drv->exec(c, "SELECT 1; garbage", 8, &d), ==, 0);
	ok_sql(c, "-- nothing but a comment");
	ok_sql(c, "SELECT 1;");
	/* COPY needs data a migration does not have. */
	check_int(exec_sql(c, "COPY dup FROM STDIN", &d), ==,
		  MIGRATOR_DRIVER_EDB);
	check_str(d.message, "COPY FROM STDIN is not supported in migrations");
	mg_diag_clear(&d);
	ok_sql(c, "COPY dup TO STDOUT");
	ok_sql(c, "SELECT 1"); /* the connection is still in step */
	drv->close(c);
}

/* verify_exec of sql: *ok as want, and when it fails the value shown. */
static void verify_is(struct migrator_conn *c, const char *sql, int want,
		      const char *shown)
{
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	int ok = -1;

	if (!check_int(drv->verify_exec(c, sql, strlen(sql), &ok, &v, &d), ==,
		       0))
		printf("# %s: %s\n", sql, d.message ? d.message : "?");
	if (!check_int(ok, ==, want))
		printf("# %s\n", sql);
	check_int(v.n, ==, want ? 0 : 1);
	if (!want && v.n == 1)
		check_str(v.v[0], shown);
	mg_strvec_clear(&v);
	mg_diag_clear(&d);
}

/* ABI 2.1: a verify section's statement, judged by its first row's first
 * column: NULL, false and numeric zero fail, anything else passes. */
static void test_verify_exec(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	int ok = -1;

	if (!c)
		return;
	/* verify_exec 2.1, dump 2.2, host->schema_object, data_fill and
	 * data_count 2.3, begin_timeouts, foreign_read, schemas_list,
	 * schema_use and diff_render 2.4 */
	check_int(drv->abi_minor, ==, 6);
	check(drv->begin_timeouts != NULL);
	check(drv->foreign_read != NULL);
	check(drv->schemas_list != NULL && drv->schema_use != NULL);
	check(drv->diff_render != NULL);
	check(drv->data_fill != NULL && drv->data_count != NULL);
	check(!(drv->caps & MIGRATOR_CAP_SCRATCH_ALONE));
	ok_sql(c, "CREATE TABLE vq (id int, name text)");
	ok_sql(c, "INSERT INTO vq VALUES (1, 'a'), (2, NULL)");
	verify_is(c, "SELECT count(*) = 2 FROM vq", 1, NULL);
	verify_is(c, "SELECT count(*) = 3 FROM vq", 0, "false");
	verify_is(c, "SELECT count(*) - 2 FROM vq", 0, "0");
	verify_is(c, "SELECT 0::numeric(5,2)", 0, "0.00");
	verify_is(c, "SELECT 0.0::float8", 0, "0");
	verify_is(c, "SELECT 'NaN'::numeric", 1, NULL);
	verify_is(c, "SELECT name FROM vq ORDER BY id DESC", 0, "NULL");
	verify_is(c, "SELECT id = 1 FROM vq ORDER BY id", 1, NULL);
	/* text passes, whatever it says */
	verify_is(c, "SELECT 'f'::text", 1, NULL);
	verify_is(c, "SELECT '0'", 1, NULL);
	/* no row: the columns exist (Sqitch's idiom) */
	verify_is(c, "SELECT id, name FROM vq WHERE false", 1, NULL);
	verify_is(c, "UPDATE vq SET name = 'b' WHERE id = 2", 1, NULL);
	verify_is(c, "-- only a comment", 1, NULL);
	/* an error is exec's */
	check_int(drv->verify_exec(c, "SELECT nope FROM vq", 19, &ok, &v, &d),
		  ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "column \"nope\" does not exist");
	check_str(d.sqlstate, "42703");
	check_int(v.n, ==, 0);
	mg_diag_clear(&d);
	ok_sql(c, "DROP TABLE vq");
	drv->close(c);
}

static void test_transactions(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	const char *const r1[] = {"r1"};

	if (!c)
		return;
	/* DDL and the stamp roll back together. */
	check_int(drv->stamp_ensure(c, "tx_version", &d), ==, 0);
	check_int(drv->begin(c, &d), ==, 0);
	ok_sql(c, "CREATE TABLE tx_rolled (a int)");
	ok_sql(c, "INSERT INTO tx_rolled VALUES (1)");
	check_int(drv->stamp_write(c, "tx_version", NULL, 0, r1, 1, &d), ==, 0);
	check_int(drv->rollback(c, &d), ==, 0);
	check_obs("SELECT to_regclass('tx_rolled')::text", NULL, NULL);
	check_int(drv->stamp_read(c, "tx_version", &v, &d), ==, 0);
	check_int(v.n, ==, 0);

	check_int(drv->begin(c, &d), ==, 0);
	ok_sql(c, "CREATE TABLE tx_kept (a int)");
	check_int(drv->stamp_write(c, "tx_version", NULL, 0, r1, 1, &d), ==, 0);
	check_int(drv->begin(c, &d), ==, MIGRATOR_DRIVER_EDB); /* nested */
	check_str(d.message, "cannot begin: a transaction is already open");
	mg_diag_clear(&d);
	check_int(drv->commit(c, &d), ==, 0);
	check_obs("SELECT to_regclass('tx_kept')::text", NULL, "tx_kept");
	check_obs("SELECT string_agg(version_num, ',') FROM tx_version", NULL,
		  "r1");

	/* COMMIT of a failed transaction rolls back: that is a failure. */
	check_int(drv->begin(c, &d), ==, 0);
	ok_sql(c, "CREATE TABLE tx_failed (a int)");
	check_int(exec_sql(c, "SELECT 1/0", &d), ==, MIGRATOR_DRIVER_EDB);
	mg_diag_clear(&d);
	check_int(drv->commit(c, &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "the transaction was rolled back instead of "
			     "committed");
	mg_diag_clear(&d);
	check_int(drv->rollback(c, &d), ==, 0);
	check_obs("SELECT to_regclass('tx_failed')::text", NULL, NULL);
	check_int(drv->commit(c, &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "cannot commit: no transaction is open");
	mg_diag_clear(&d);
	ok_sql(c, "SELECT 1");

	/* close() rolls back what is open. */
	check_int(drv->begin(c, &d), ==, 0);
	ok_sql(c, "CREATE TABLE tx_closed (a int)");
	drv->close(c);
	check_obs("SELECT to_regclass('tx_closed')::text", NULL, NULL);
	mg_strvec_clear(&v);
	mg_diag_clear(&d);
}

static void test_concurrently(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	mg_diag d = MG_DIAG_INIT;

	if (!c)
		return;
	ok_sql(c, "CREATE TABLE cic (a int)");
	ok_sql(c, "CREATE INDEX CONCURRENTLY cic_a ON cic (a)");
	check_obs("SELECT indisvalid::text FROM pg_index"
		  " WHERE indexrelid = to_regclass('cic_a')",
		  NULL, "true");
	check_int(drv->begin(c, &d), ==, 0);
	check_int(exec_sql(c, "CREATE INDEX CONCURRENTLY cic_b ON cic (a)", &d),
		  ==, MIGRATOR_DRIVER_EDB);
	check_str(d.sqlstate, "25001");
	mg_diag_clear(&d);
	check_int(drv->rollback(c, &d), ==, 0);
	drv->close(c);
}

/* ABI 2.3 on a direct connection: the run lock is a session lock (caps
 * keep MIGRATOR_CAP_RUN_LOCK, statements outside a transaction may run);
 * invalid_indexes names the index a failed CONCURRENTLY build left, with
 * the statement that drops it. */
static void test_direct_and_invalid(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;

	if (!c)
		return;
	check(drv->conn_caps && drv->outside_tx_check && drv->invalid_indexes);
	/* The suite's other tests take advisory locks on the same server at
	 * the same time: count this session's alone. */
	ok_sql(c, "SET application_name = 'mgtest_abi23'");
	check_int(drv->lock(c, "abi23_version", 1000, &d), ==, 0);
	check(drv->conn_caps(c) & MIGRATOR_CAP_RUN_LOCK);
	check_int(drv->outside_tx_check(c, &d), ==, 0);
	check_obs("SELECT count(*)::text FROM pg_locks l"
		  " JOIN pg_stat_activity a USING (pid)"
		  " WHERE l.locktype = 'advisory' AND l.objsubid = 2"
		  " AND l.granted AND a.application_name = 'mgtest_abi23'",
		  NULL, "1");
	check_int(drv->unlock(c, "abi23_version", &d), ==, 0);
	check_int(drv->invalid_indexes(c, &v, &d), ==, 0);
	check_int(v.n, ==, 0);
	ok_sql(c, "CREATE TABLE \"In\"\"v\" (a int)");
	ok_sql(c, "INSERT INTO \"In\"\"v\" VALUES (1), (1)");
	check_int(exec_sql(c, "CREATE UNIQUE INDEX CONCURRENTLY \"In\"\"v_a\""
			      " ON \"In\"\"v\" (a)", &d),
		  ==, MIGRATOR_DRIVER_EDB);
	mg_diag_clear(&d);
	check_int(drv->invalid_indexes(c, &v, &d), ==, 0);
	check_int(v.n, ==, 1);
	if (v.n == 1)
		check_str(v.v[0], "DROP INDEX CONCURRENTLY \"public\".\"In\"\"v_a\"");
	ok_sql(c, v.n == 1 ? v.v[0] : "SELECT 1");
	mg_strvec_clear(&v);
	check_int(drv->invalid_indexes(c, &v, &d), ==, 0);
	check_int(v.n, ==, 0);
	mg_diag_clear(&d);
	drv->close(c);
}

static void test_lost_connection(void)
{
	struct migrator_conn *c = open_named("mgtest_lost", NULL);
	mg_diag d = MG_DIAG_INIT;
	char *pid = pid_of("mgtest_lost");

	if (!c || !check(pid != NULL))
		goto out;
	check_obs("SELECT pg_terminate_backend($1::int)::text", pid, "true");
	for (int i = 0; i < 100; i++) {
		char *gone = pid_of("mgtest_lost");

		free(gone);
		if (!gone)
			break;
		sleep_ms(20);
	}
	check_int(exec_sql(c, "SELECT 1", &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "connection to the server was lost");
	if (d.detail)
		printf("# detail: %s\n", d.detail);
	mg_diag_clear(&d);
	check_int(drv->begin(c, &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "connection to the server was lost");
out:
	mg_diag_clear(&d);
	free(pid);
	drv->close(c);
}

struct sleeper {
	struct migrator_conn *c;
	int rc;
	mg_diag d;
};

static void *sleep_in_server(void *arg)
{
	struct sleeper *s = arg;

	s->rc = exec_sql(s->c, "SELECT pg_sleep(30)", &s->d);
	return NULL;
}

/* Killed in the middle of a statement: the server's last words. */
static void test_killed_statement(void)
{
	struct sleeper s = {.c = open_named("mgtest_killed", NULL),
			    .d = MG_DIAG_INIT};
	unsigned long long t0 = now_ms();
	char *pid = NULL, *active = NULL;
	pthread_t t;

	if (!s.c || !check_int(pthread_create(&t, NULL, sleep_in_server, &s),
			       ==, 0))
		goto out;
	for (int i = 0; i < 250 && !active; i++) {
		sleep_ms(20);
		active = obs_value("SELECT pid::text FROM pg_stat_activity"
				   " WHERE application_name = 'mgtest_killed'"
				   " AND state = 'active'",
				   NULL);
	}
	pid = active;
	if (check(pid != NULL))
		check_obs("SELECT pg_terminate_backend($1::int)::text", pid,
			  "true");
	pthread_join(t, NULL);
	check_int(now_ms() - t0, <, 20000);
	check_int(s.rc, ==, MIGRATOR_DRIVER_EDB);
	check_str(s.d.message, "connection to the server was lost");
	check_str(s.d.detail,
		  "terminating connection due to administrator command");
	check_str(s.d.sqlstate, "57P01");
out:
	free(pid);
	mg_diag_clear(&s.d);
	drv->close(s.c);
}

static void test_notices(void)
{
	mg_strvec notices = MG_STRVEC_INIT;
	struct migrator_conn *c = open_url(test_url, &notices);
	mg_diag d = MG_DIAG_INIT;

	if (!c)
		return;
	ok_sql(c, "DO $$BEGIN RAISE NOTICE 'hello %', 42; END$$");
	if (check_int(notices.n, ==, 1))
		check_str(notices.v[0], "NOTICE:  hello 42");
	ok_sql(c, "DO $$BEGIN RAISE WARNING 'careful'"
		  " USING DETAIL = 'Some detail.'; END$$");
	if (check_int(notices.n, ==, 3)) {
		check_str(notices.v[1], "WARNING:  careful");
		check_str(notices.v[2], "DETAIL:  Some detail.");
	}
	/* The stamp table is created without IF NOT EXISTS chatter. */
	check_int(drv->stamp_ensure(c, "quiet.version", &d), ==, 0);
	check_int(drv->stamp_ensure(c, "quiet.version", &d), ==, 0);
	check_int(notices.n, ==, 3);
	for (size_t i = 0; i < notices.n; i++)
		check(strchr(notices.v[i], '\n') == NULL);
	drv->close(c);
	mg_strvec_clear(&notices);
	mg_diag_clear(&d);
}

static void test_lock_timeout(void)
{
	struct migrator_conn *a = open_named("mgtest_holder", NULL);
	struct migrator_conn *b = open_named("mgtest_waiter", NULL);
	mg_diag d = MG_DIAG_INIT;
	char *pid = pid_of("mgtest_holder");
	unsigned long long t0, took;

	if (!a || !b || !check(pid != NULL))
		goto out;
	check_int(drv->lock(a, TABLE, 1000, &d), ==, 0);
	/* The documented key, as operators will look for it. */
	check_obs("SELECT a.application_name FROM pg_locks l"
		  " JOIN pg_stat_activity a USING (pid)"
		  " WHERE l.locktype = 'advisory' AND l.granted"
		  " AND l.database = (SELECT oid FROM pg_database"
		  "                   WHERE datname = current_database())"
		  " AND l.classid = " CLASSID " AND l.objsubid = 2"
		  " AND l.objid = $1::oid",
		  OBJID_MIGRATOR_VERSION, "mgtest_holder");

	t0 = now_ms();
	check_int(drv->lock(b, TABLE, 700, &d), ==, MIGRATOR_DRIVER_ELOCK);
	took = now_ms() - t0;
	check_int(took, >=, 700);
	check_int(took, <, 700 + 2000);
	check_str(d.message, "timed out after 700 ms waiting for the migration "
			     "lock (pg_advisory_lock(" CLASSID ", "
			     OBJID_MIGRATOR_VERSION ")) held by another "
			     "migrator");
	if (check(d.detail != NULL)) {
		char *want = xprintf("server process %s (application_name "
				     "\"mgtest_holder\")",
				     pid);

		check(strstr(d.detail, want) != NULL);
		printf("# detail: %s\n", d.detail);
		free(want);
	}
	check(d.hint && strstr(d.hint, "--lock-timeout"));
	mg_diag_clear(&d);

	/* A zero timeout tries once. */
	check_int(drv->lock(b, TABLE, 0, &d), ==, MIGRATOR_DRIVER_ELOCK);
	mg_diag_clear(&d);
	/* Another version table is another lock. */
	check_int(drv->lock(b, "other.version", 0, &d), ==, 0);
	check_int(drv->unlock(b, "other.version", &d), ==, 0);

	check_int(drv->unlock(a, TABLE, &d), ==, 0);
	t0 = now_ms();
	check_int(drv->lock(b, TABLE, 5000, &d), ==, 0);
	check_int(now_ms() - t0, <, 1000);
	check_int(drv->unlock(b, TABLE, &d), ==, 0);
	check_int(drv->unlock(b, TABLE, &d), ==, MIGRATOR_DRIVER_EDB);
	check(d.message && strstr(d.message, "does not hold it"));
	mg_diag_clear(&d);

	/* Waiting inside a transaction would hold a snapshot. */
	check_int(drv->begin(b, &d), ==, 0);
	check_int(drv->lock(b, TABLE, 100, &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "cannot wait for the migration lock inside a "
			     "transaction");
	mg_diag_clear(&d);
	check_int(drv->rollback(b, &d), ==, 0);
out:
	mg_diag_clear(&d);
	free(pid);
	drv->close(a);
	drv->close(b);
}

struct waiter {
	struct migrator_conn *c;
	unsigned timeout_ms;
	int rc;
	int done;
	unsigned long long finished_ms;
	pthread_mutex_t mu;
	mg_diag d;
};

static void *wait_for_lock(void *arg)
{
	struct waiter *w = arg;
	int rc = drv->lock(w->c, TABLE, w->timeout_ms, &w->d);

	pthread_mutex_lock(&w->mu);
	w->rc = rc;
	w->done = 1;
	w->finished_ms = now_ms();
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int waiter_done(struct waiter *w)
{
	int done;

	pthread_mutex_lock(&w->mu);
	done = w->done;
	pthread_mutex_unlock(&w->mu);
	return done;
}

/* DESIGN 6: while B waits for the lock, A's CREATE INDEX CONCURRENTLY
 * completes; a waiter blocked in pg_advisory_lock would hold a virtual
 * transaction that the index build waits for until B gives up. */
static void test_waiter_holds_nothing(void)
{
	struct migrator_conn *a = open_named("mgtest_cic_holder", NULL);
	struct waiter w = {.timeout_ms = 15000, .mu = PTHREAD_MUTEX_INITIALIZER,
			   .d = MG_DIAG_INIT};
	mg_diag d = MG_DIAG_INIT;
	unsigned long long unlocked;
	int clean = 0;
	pthread_t t;
	char *wpid;

	w.c = open_named("mgtest_cic_waiter", NULL);
	if (!a || !w.c)
		goto out;
	ok_sql(a, "CREATE TABLE cic_wait (a int)");
	ok_sql(a, "INSERT INTO cic_wait SELECT generate_series(1, 1000)");
	check_int(drv->lock(a, TABLE, 1000, &d), ==, 0);
	if (!check_int(pthread_create(&t, NULL, wait_for_lock, &w), ==, 0))
		goto out;
	sleep_ms(300);
	wpid = pid_of("mgtest_cic_waiter");
	check(wpid != NULL);
	/* Not blocked on a lock and holding no snapshot.  A poll in flight
	 * holds one for a few microseconds, so most samples must be clean;
	 * a waiter blocked in pg_advisory_lock would fail every one. */
	for (int i = 0; i < 5 && wpid; i++) {
		char *v = obs_value("SELECT (wait_event_type IS DISTINCT FROM"
				    " 'Lock' AND backend_xmin IS NULL)::text"
				    " FROM pg_stat_activity WHERE pid = $1::int",
				    wpid);

		clean += v && strcmp(v, "true") == 0;
		free(v);
		sleep_ms(40);
	}
	check_int(clean, >=, 3);
	free(wpid);
	ok_sql(a, "CREATE INDEX CONCURRENTLY cic_wait_a ON cic_wait (a)");
	check(!waiter_done(&w)); /* the index did not wait for B to give up */
	check_obs("SELECT indisvalid::text FROM pg_index"
		  " WHERE indexrelid = to_regclass('cic_wait_a')",
		  NULL, "true");
	unlocked = now_ms();
	check_int(drv->unlock(a, TABLE, &d), ==, 0);
	pthread_join(t, NULL);
	if (!check_int(w.rc, ==, 0))
		printf("# waiter: %s\n", w.d.message ? w.d.message : "?");
	check_int(w.finished_ms - unlocked, <, 2000);
	check_int(drv->unlock(w.c, TABLE, &d), ==, 0);
out:
	mg_diag_clear(&d);
	mg_diag_clear(&w.d);
	drv->close(a);
	drv->close(w.c);
}

/* Reads the stamp as one comma-separated string for comparing. */
static char *stamp_of(struct migrator_conn *c, const char *table)
{
	mg_strvec v = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	char *s = xprintf("%s", "");

	if (!check_int(drv->stamp_read(c, table, &v, &d), ==, 0))
		printf("# stamp_read: %s\n", d.message ? d.message : "?");
	for (size_t i = 0; i < v.n; i++) {
		char *t = xprintf("%s%s%s", s, i ? "," : "", v.v[i]);

		free(s);
		s = t;
	}
	mg_strvec_clear(&v);
	mg_diag_clear(&d);
	return s;
}

#define check_stamp(c, table, want) \
	do { \
		char *s_ = stamp_of((c), (table)); \
		check_str(s_, (want)); \
		free(s_); \
	} while (0)

static void stamp_cycle(struct migrator_conn *c, const char *table)
{
	const char *const ab[] = {"b", "a"}, *const a[] = {"a"},
			  *const cc[] = {"c"}, *const zzz[] = {"zzz"},
			  *const bc[] = {"b", "c"}, *const m[] = {"m"},
			  *const m_nope[] = {"m", "nope"},
			  *const toolong[] = {"0123456789abcdef0123456789abcdef0"};
	mg_diag d = MG_DIAG_INIT;

	check_stamp(c, table, ""); /* missing table: empty */
	check_int(drv->stamp_ensure(c, table, &d), ==, 0);
	check_int(drv->stamp_ensure(c, table, &d), ==, 0);
	check_stamp(c, table, "");
	check_int(drv->stamp_write(c, table, NULL, 0, ab, 2, &d), ==, 0);
	check_stamp(c, table, "a,b"); /* sorted */
	check_int(drv->stamp_write(c, table, a, 1, cc, 1, &d), ==, 0);
	check_stamp(c, table, "b,c");

	/* Someone else moved it: the UPDATE finds no row. */
	check_int(drv->stamp_write(c, table, zzz, 1, a, 1, &d), ==,
		  MIGRATOR_DRIVER_EDB);
	check_str(d.message, "the stamp changed underneath");
	check(d.detail && strstr(d.detail, "zzz"));
	mg_diag_clear(&d);
	check_stamp(c, table, "b,c");

	check_int(drv->stamp_write(c, table, bc, 2, m, 1, &d), ==, 0);
	check_stamp(c, table, "m");
	/* Several statements outside a transaction: all or nothing. */
	check_int(drv->stamp_write(c, table, m_nope, 2, NULL, 0, &d), ==,
		  MIGRATOR_DRIVER_EDB);
	check_str(d.message, "the stamp changed underneath");
	mg_diag_clear(&d);
	check_stamp(c, table, "m");
	check_int(drv->stamp_write(c, table, m, 1, toolong, 1, &d), ==,
		  MIGRATOR_DRIVER_EDB);
	check_str(d.message, "value too long for type character varying(32)");
	mg_diag_clear(&d);
	check_int(drv->stamp_write(c, table, m, 1, NULL, 0, &d), ==, 0);
	check_stamp(c, table, "");
	mg_diag_clear(&d);
}

static void test_stamp_plain(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);

	if (!c)
		return;
	stamp_cycle(c, TABLE);
	/* Alembic's layout, so --version-table alembic_version adopts. */
	check_obs("SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull"
		  " FROM pg_attribute WHERE attrelid = '" TABLE "'::regclass"
		  " AND attname = 'version_num'",
		  NULL, "character varying(32) true");
	check_obs("SELECT contype::text FROM pg_constraint"
		  " WHERE conname = $1",
		  TABLE "_pkc", "p");
	drv->close(c);
}

/* Issue 19: in a transaction, the history row and the stamp update go with
 * the COMMIT in one round trip (pg_pipe.c), and a stamp moved underneath
 * still aborts the transaction before COMMIT; MIGRATOR_PG_NO_PIPELINE=1
 * sends each at once, as before. */
#define PIPE_STAMP "mg_pipe_version"
#define PIPE_HIST "mg_pipe_history"
#define PIPE_SUM "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Another session moves the stamp (the kept update must then find none). */
static void move_stamp_underneath(void)
{
	char *v = obs_value("WITH m AS (UPDATE " PIPE_STAMP
			    " SET version_num = 'moved' RETURNING 1)"
			    " SELECT count(*)::text FROM m",
			    NULL);

	check_str(v, "1");
	free(v);
}

static int pipe_step(struct migrator_conn *c, const char *from,
		     const char *to, int move_first, mg_diag *d)
{
	const char *const del[] = {from}, *const add[] = {to};
	int rc;

	txn_ok(drv->begin(c, d), d);
	rc = drv->history_write(c, PIPE_HIST, to, "upgrade", PIPE_SUM,
				"2026-12-05 04:00:00+00", 5, d);
	if (move_first)
		move_stamp_underneath();
	if (rc == 0)
		rc = drv->stamp_write(c, PIPE_STAMP, del, 1, add, 1, d);
	if (rc == 0)
		rc = drv->commit(c, d);
	return rc;
}

static void stamp_pipelined(int pipelined)
{
	const char *const a[] = {"a"};
	struct migrator_conn *c;
	mg_diag d = MG_DIAG_INIT;

	if (pipelined)
		unsetenv("MIGRATOR_PG_NO_PIPELINE");
	else
		setenv("MIGRATOR_PG_NO_PIPELINE", "1", 1);
	c = open_url(test_url, NULL);
	if (!c)
		return;
	ok_sql(c, "DROP TABLE IF EXISTS " PIPE_STAMP ", " PIPE_HIST);
	check_int(drv->stamp_ensure(c, PIPE_STAMP, &d), ==, 0);
	check_int(drv->history_ensure(c, PIPE_HIST, &d), ==, 0);
	check_int(drv->stamp_write(c, PIPE_STAMP, NULL, 0, a, 1, &d), ==, 0);

	check_int(pipe_step(c, "a", "b", 0, &d), ==, 0);
	check_obs("SELECT string_agg(version_num, ',') FROM " PIPE_STAMP, NULL,
		  "b");
	check_obs("SELECT count(*)::text FROM " PIPE_HIST, NULL, "1");

	/* Moved underneath: nothing of the step is committed. */
	check_int(pipe_step(c, "b", "c", 1, &d), ==, MIGRATOR_DRIVER_EDB);
	check_str(d.message, "the stamp changed underneath");
	check(d.detail && strstr(d.detail, "Revision b is no longer in"));
	mg_diag_clear(&d);
	check_int(drv->rollback(c, &d), ==, 0);
	check_obs("SELECT string_agg(version_num, ',') FROM " PIPE_STAMP, NULL,
		  "moved");
	check_obs("SELECT count(*)::text FROM " PIPE_HIST, NULL, "1");

	/* A statement after a kept one sees it: the order holds. */
	txn_ok(drv->begin(c, &d), &d);
	check_int(drv->history_write(c, PIPE_HIST, "d", "upgrade", PIPE_SUM,
				     "2026-12-05 04:00:00+00", 5, &d),
		  ==, 0);
	ok_sql(c, "DO $$ BEGIN IF (SELECT count(*) FROM " PIPE_HIST ") <> 2"
		  " THEN RAISE EXCEPTION 'the history row is not there'; END IF;"
		  " END $$");
	check_int(drv->commit(c, &d), ==, 0);
	check_obs("SELECT count(*)::text FROM " PIPE_HIST, NULL, "2");
	/* A rollback drops what was kept. */
	txn_ok(drv->begin(c, &d), &d);
	check_int(drv->history_write(c, PIPE_HIST, "e", "upgrade", PIPE_SUM,
				     "2026-12-05 04:00:00+00", 5, &d),
		  ==, 0);
	check_int(drv->rollback(c, &d), ==, 0);
	check_obs("SELECT count(*)::text FROM " PIPE_HIST, NULL, "2");
	ok_sql(c, "DROP TABLE " PIPE_STAMP ", " PIPE_HIST);
	drv->close(c);
	unsetenv("MIGRATOR_PG_NO_PIPELINE");
}

static void test_stamp_pipelined(void)
{
	stamp_pipelined(1);
	stamp_pipelined(0);
}

/* ABI 2.6: exec_defer keeps a revision's statements for the COMMIT's
 * round trip, after BEGIN and before the history row and stamp update; a
 * failure names the statement through *failed, and nothing commits. */
#define DEFER_LOCKS "SELECT count(*)::text FROM pg_locks" \
		    " WHERE locktype = 'advisory' AND objid = 4242"

static const size_t *len_of(const char *const *sql, size_t n)
{
	static size_t len[8];

	for (size_t i = 0; i < n && i < 8; i++)
		len[i] = strlen(sql[i]);
	return len;
}

static int defer_step(struct migrator_conn *c, const char *const *sql,
		      size_t n, const char *from, const char *to,
		      size_t *failed, int move_first, mg_diag *d)
{
	const char *const del[] = {from}, *const add[] = {to};
	size_t len[8];
	int rc;

	for (size_t i = 0; i < n; i++)
		len[i] = strlen(sql[i]);
	txn_ok(drv->begin(c, d), d);
	rc = drv->exec_defer(c, sql, len, n, failed, d);
	check_int(rc, ==, 0);
	check_int((int)*failed, ==, (int)n);
	/* kept, not sent: the advisory lock of the first is not taken */
	check_obs(DEFER_LOCKS, NULL, "0");
	if (move_first)
		move_stamp_underneath();
	rc = drv->history_write(c, PIPE_HIST, to, "upgrade", PIPE_SUM,
				"2026-12-05 04:00:00+00", -1, d);
	if (rc == 0)
		rc = drv->stamp_write(c, PIPE_STAMP, del, 1, add, 1, d);
	if (rc == 0)
		rc = drv->commit(c, d);
	return rc;
}

static void test_exec_defer(void)
{
	const char *const a[] = {"a"};
	const char *const good[] = {"SELECT pg_advisory_xact_lock(4242)",
				    "CREATE TABLE mg_defer_t (x int)",
				    "INSERT INTO mg_defer_t VALUES (1)",
				    "SELECT pg_sleep(0.05)"};
	const char *const bad[] = {"SELECT pg_advisory_xact_lock(4242)",
				   "INSERT INTO mg_defer_t VALUES (2)",
				   "SELECT 1 / 0",
				   "INSERT INTO mg_defer_t VALUES (3)"};
	const char *const copy[] = {"SELECT 1", "COPY mg_defer_t FROM STDIN"};
	const char *const one[] = {"SELECT 1"};
	const char *const txctl[] = {"INSERT INTO mg_defer_t VALUES (4)",
				     "/* done */ rollback"};
	const size_t copy_len[] = {strlen(copy[0]), strlen(copy[1])};
	struct migrator_conn *c;
	mg_diag d = MG_DIAG_INIT;
	size_t failed = 99;

	unsetenv("MIGRATOR_PG_NO_PIPELINE");
	c = open_url(test_url, NULL);
	if (!c)
		return;
	ok_sql(c, "DROP TABLE IF EXISTS " PIPE_STAMP ", " PIPE_HIST
		  ", mg_defer_t");
	check_int(drv->stamp_ensure(c, PIPE_STAMP, &d), ==, 0);
	check_int(drv->history_ensure(c, PIPE_HIST, &d), ==, 0);
	check_int(drv->stamp_write(c, PIPE_STAMP, NULL, 0, a, 1, &d), ==, 0);

	/* all of it in the COMMIT's round trip, the time measured there */
	check_int(defer_step(c, good, 4, "a", "b", &failed, 0, &d), ==, 0);
	check_int((int)failed, ==, 4);
	check_obs("SELECT version_num FROM " PIPE_STAMP, NULL, "b");
	check_obs("SELECT count(*)::text FROM mg_defer_t", NULL, "1");
	check_obs("SELECT (duration_ms >= 50 AND duration_ms < 60000)::text"
		  " FROM " PIPE_HIST,
		  NULL, "true");
	check_obs(DEFER_LOCKS, NULL, "0");

	/* the third fails: *failed says so, nothing of the step commits */
	check_int(defer_step(c, bad, 4, "b", "c", &failed, 0, &d), ==,
		  MIGRATOR_DRIVER_EDB);
	check_int((int)failed, ==, 2);
	check(d.message && strstr(d.message, "division by zero"));
	mg_diag_clear(&d);
	check_int(drv->rollback(c, &d), ==, 0);
	check_obs("SELECT version_num FROM " PIPE_STAMP, NULL, "b");
	check_obs("SELECT count(*)::text FROM mg_defer_t", NULL, "1");
	check_obs("SELECT count(*)::text FROM " PIPE_HIST, NULL, "1");

	/* the stamp moved underneath: none of the statements failed */
	check_int(defer_step(c, one, 1, "b", "c", &failed, 1, &d), ==,
		  MIGRATOR_DRIVER_EDB);
	check_int((int)failed, ==, 1);
	check_str(d.message, "the stamp changed underneath");
	mg_diag_clear(&d);
	check_int(drv->rollback(c, &d), ==, 0);
	check_obs("SELECT version_num FROM " PIPE_STAMP, NULL, "moved");

	/* after BEGIN and its timeouts kept by begin_timeouts: the index
	 * still counts from the first statement */
	txn_ok(drv->begin_timeouts(c, 5000, 0, &d), &d);
	check_int(drv->exec_defer(c, bad + 1, len_of(bad + 1, 3), 3, &failed,
				  &d),
		  ==, 0);
	check_int(drv->commit(c, &d), ==, MIGRATOR_DRIVER_EDB);
	check_int((int)failed, ==, 1);
	mg_diag_clear(&d);
	check_int(drv->rollback(c, &d), ==, 0);
	check_obs("SELECT count(*)::text FROM mg_defer_t", NULL, "1");

	/* a COPY, a statement that ends the transaction, or no pipeline
	 * mode: not kept (1), the host runs them */
	txn_ok(drv->begin(c, &d), &d);
	check_int(drv->exec_defer(c, copy, copy_len, 2, &failed, &d), ==, 1);
	check_int(drv->exec_defer(c, txctl, len_of(txctl, 2), 2, &failed, &d),
		  ==, 1);
	check_int(drv->exec_defer(c, txctl + 1, len_of(txctl + 1, 1), 1,
				  &failed, &d),
		  ==, 1);
	check_int(drv->rollback(c, &d), ==, 0);
	setenv("MIGRATOR_PG_NO_PIPELINE", "1", 1);
	txn_ok(drv->begin(c, &d), &d);
	check_int(drv->exec_defer(c, one, copy_len, 1, &failed, &d), ==, 1);
	check_int(drv->rollback(c, &d), ==, 0);
	unsetenv("MIGRATOR_PG_NO_PIPELINE");
	/* outside a transaction: not kept */
	check_int(drv->exec_defer(c, one, copy_len, 1, &failed, &d), ==, 1);
	ok_sql(c, "DROP TABLE " PIPE_STAMP ", " PIPE_HIST ", mg_defer_t");
	drv->close(c);
}

/* Run by pg_pipe_send.sh with tests/fault/pq_fail_send.c preloaded: the
 * pipelined COMMIT fails to send, the connection still good.  The pipeline
 * is ended: the ROLLBACK that follows is not sent inside it (where libpq
 * refuses it), and the connection goes on working. */
static void test_pipe_send_fails(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	const char *const a[] = {"a"};
	mg_diag d = MG_DIAG_INIT;

	if (!c)
		return;
	unsetenv("MIGRATOR_PG_NO_PIPELINE");
	ok_sql(c, "DROP TABLE IF EXISTS " PIPE_STAMP ", " PIPE_HIST);
	check_int(drv->stamp_ensure(c, PIPE_STAMP, &d), ==, 0);
	check_int(drv->history_ensure(c, PIPE_HIST, &d), ==, 0);
	check_int(drv->stamp_write(c, PIPE_STAMP, NULL, 0, a, 1, &d), ==, 0);
	/* the shim fails the first COMMIT sent with PQsendQueryParams */
	check(pipe_step(c, "a", "b", 0, &d) != 0);
	mg_diag_clear(&d);
	if (!check_int(drv->rollback(c, &d), ==, 0))
		printf("# rollback: %s\n", d.message ? d.message : "?");
	mg_diag_clear(&d);
	/* each statement gets its own answer (inside a pipeline left open,
	 * the answers of the statements sent before it came first) */
	check_int(exec_sql(c, "SELECT 1/0", &d), ==, MIGRATOR_DRIVER_EDB);
	check(d.message && strstr(d.message, "division by zero"));
	mg_diag_clear(&d);
	check_obs("SELECT string_agg(version_num, ',') FROM " PIPE_STAMP, NULL,
		  "a");
	check_obs("SELECT count(*)::text FROM " PIPE_HIST, NULL, "0");
	/* the next step works on the same connection */
	if (!check_int(pipe_step(c, "a", "b", 0, &d), ==, 0))
		printf("# next step: %s\n", d.message ? d.message : "?");
	mg_diag_clear(&d);
	check_obs("SELECT string_agg(version_num, ',') FROM " PIPE_STAMP, NULL,
		  "b");
	ok_sql(c, "DROP TABLE " PIPE_STAMP ", " PIPE_HIST);
	drv->close(c);
}

/* ABI 2.4: BEGIN and SET LOCAL in one round trip; they end with it. */
static void test_begin_timeouts(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	mg_diag d = MG_DIAG_INIT;

	if (!c)
		return;
	txn_ok(drv->begin_timeouts(c, 1234, 0, &d), &d);
	ok_sql(c, "DO $$ BEGIN IF current_setting('lock_timeout') <> '1234ms'"
		  " OR current_setting('statement_timeout') <> '0'"
		  " THEN RAISE EXCEPTION 'not set'; END IF; END $$");
	txn_ok(drv->commit(c, &d), &d);
	txn_ok(drv->begin_timeouts(c, 0, 5000, &d), &d);
	ok_sql(c, "DO $$ BEGIN IF current_setting('lock_timeout') <> '0'"
		  " OR current_setting('statement_timeout') <> '5s'"
		  " THEN RAISE EXCEPTION 'not set'; END IF; END $$");
	txn_ok(drv->rollback(c, &d), &d);
	ok_sql(c, "DO $$ BEGIN IF current_setting('statement_timeout') <> '0'"
		  " THEN RAISE EXCEPTION 'still set'; END IF; END $$");
	/* a transaction already open: refused, none left open after */
	txn_ok(drv->begin(c, &d), &d);
	check_int(drv->begin_timeouts(c, 1000, 0, &d), ==, MIGRATOR_DRIVER_EDB);
	mg_diag_clear(&d);
	txn_ok(drv->begin(c, &d), &d);
	txn_ok(drv->rollback(c, &d), &d);
	drv->close(c);
}

static void test_stamp_odd_names(void)
{
	struct migrator_conn *c = open_url(test_url, NULL);
	mg_diag d = MG_DIAG_INIT;
	const char *const one[] = {"one"};

	if (!c)
		return;
	stamp_cycle(c, "my schema.odd\"name");
	check_obs("SELECT to_regclass('\"my schema\".\"odd\"\"name\"')::text",
		  NULL, "\"my schema\".\"odd\"\"name\"");
	check_obs("SELECT n.nspname FROM pg_constraint k"
		  " JOIN pg_namespace n ON n.oid = k.connamespace"
		  " WHERE k.conname = $1",
		  "odd\"name_pkc", "my schema");

	/* Case is kept, and SQL in a name stays a name. */
	ok_sql(c, "CREATE TABLE sentinel (a int)");
	check_int(drv->stamp_ensure(c, "Evil; DROP TABLE sentinel; --", &d), ==,
		  0);
	check_int(drv->stamp_write(c, "Evil; DROP TABLE sentinel; --", NULL, 0,
				   one, 1, &d),
		  ==, 0);
	check_stamp(c, "Evil; DROP TABLE sentinel; --", "one");
	check_obs("SELECT to_regclass('sentinel')::text", NULL, "sentinel");
	check_obs("SELECT count(*) FROM \"Evil; DROP TABLE sentinel; --\"",
		  NULL, "1");

	check_int(drv->stamp_ensure(c, ".x", &d), ==, MIGRATOR_DRIVER_ECONFIG);
	check_str(d.message, "invalid version table name \".x\"");
	mg_diag_clear(&d);
	check_int(drv->stamp_read(c, "x.", NULL, &d), ==,
		  MIGRATOR_DRIVER_ECONFIG);
	mg_diag_clear(&d);
	drv->close(c);
}

static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message;
}

/* The test's own libpq connections, for setup and for observing. */
static PGconn *admin_connect(const char *url)
{
	PGconn *pg = PQconnectdb(url);

	if (PQstatus(pg) != CONNECTION_OK) {
		printf("Bail out! cannot connect to MIGRATOR_TEST_PG_URL: %s",
		       PQerrorMessage(pg));
		exit(1);
	}
	PQsetNoticeProcessor(pg, quiet, NULL); /* DROP ... IF EXISTS */
	return pg;
}

static void admin_run(PGconn *pg, const char *sql)
{
	PGresult *res = PQexec(pg, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		printf("Bail out! %s: %s", sql, PQerrorMessage(pg));
		exit(1);
	}
	PQclear(res);
}

int main(void)
{
	const char *url = getenv("MIGRATOR_TEST_PG_URL");
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *plugin = NULL;
	char *db, *sql, *param;
	PGconn *admin;
	int rc;

	if (!url || !*url) {
		printf("Bail out! MIGRATOR_TEST_PG_URL is not set: this test "
		       "needs a PostgreSQL server.  Start one with "
		       "tests/pg_cluster.sh (or run tests/run-suite.sh).\n");
		return 1;
	}
	if (mg_plugin_load(&plugin, url, NULL, &d) < 0) {
		printf("Bail out! cannot load the postgres driver: %s\n",
		       d.message ? d.message : "?");
		return 1;
	}
	drv = mg_plugin_driver(plugin);
	/* The defaults under test, whatever the caller's environment says. */
	unsetenv("PGAPPNAME");
	unsetenv("PGCLIENTENCODING");

	admin = admin_connect(url);
	db = xprintf("mgtest_driver_%ld", (long)getpid());
	sql = xprintf("DROP DATABASE IF EXISTS %s", db);
	admin_run(admin, sql);
	free(sql);
	sql = xprintf("CREATE DATABASE %s", db);
	admin_run(admin, sql);
	free(sql);
	param = xprintf("dbname=%s", db);
	test_url = url_with(url, param);
	free(param);
	obs = admin_connect(test_url);

	if (getenv("PQ_FAIL_SEND")) { /* pg_pipe_send.sh's run only */
		TEST(test_pipe_send_fails(), "a COMMIT that fails to send: the "
					     "pipeline is ended");
		goto done;
	}
	TEST(test_connect_errors(), "connect errors are one line, no password");
	TEST(test_session(), "application_name and client_encoding");
	TEST(test_exec_errors(), "exec reports message, detail, hint, sqlstate");
	TEST(test_verify_exec(), "verify_exec: the first row's first column");
	TEST(test_transactions(), "transactional DDL commits and rolls back");
	TEST(test_concurrently(), "CREATE INDEX CONCURRENTLY outside a transaction");
	TEST(test_direct_and_invalid(), "ABI 2.3: a direct connection; "
					 "invalid indexes and their DROP");
	TEST(test_lost_connection(), "a lost connection is named");
	TEST(test_killed_statement(), "a statement killed by the server");
	TEST(test_notices(), "server notices reach the host, one line each");
	TEST(test_lock_timeout(), "the run lock times out with ELOCK, then works");
	TEST(test_waiter_holds_nothing(),
	     "a lock waiter does not block CREATE INDEX CONCURRENTLY");
	TEST(test_stamp_plain(), "stamp table in Alembic's layout");
	TEST(test_stamp_odd_names(), "stamp table names are quoted");
	TEST(test_stamp_pipelined(), "history row, stamp and COMMIT in one "
				     "round trip; a moved stamp aborts it");
	TEST(test_exec_defer(), "ABI 2.6 exec_defer: statements, history, "
				"stamp and COMMIT in one round trip");
	TEST(test_begin_timeouts(), "ABI 2.4: BEGIN and its timeouts at once");
done:
	rc = test_done();

	PQfinish(obs);
	sql = xprintf("DROP DATABASE %s WITH (FORCE)", db);
	admin_run(admin, sql);
	free(sql);
	PQfinish(admin);
	free(db);
	free(test_url);
	mg_plugin_free(plugin);
	mg_diag_clear(&d);
	return rc;
}
