/*
 * pg_lock.c - the run lock: a session-level advisory lock (DESIGN 6).
 *
 * The key is fixed and documented, so that operators can find the lock and
 * other tools can take it too:
 *
 *     pg_advisory_lock(1835495028, objid)
 *
 *   classid 1835495028 = 0x6d677274, the bytes "mgrt";
 *   objid   the 32-bit FNV-1a hash (offset basis 2166136261, prime
 *           16777619) of the version table's name exactly as given
 *           ("migrator_version", "app.migrator_version"), read as a signed
 *           int4.  For "migrator_version" that is 1595259269.
 *
 * pg_locks shows it as locktype 'advisory', classid 1835495028, objid the
 * hash as an unsigned oid, objsubid 2.  Runs against different version
 * tables of one database do not exclude each other.
 *
 * Waiting polls pg_try_advisory_lock from autocommit every POLL_MS instead
 * of calling pg_advisory_lock: a blocked pg_advisory_lock call holds a
 * snapshot and a virtual transaction ID, and the lock holder's CREATE INDEX
 * CONCURRENTLY waits for every such transaction to end: a deadlock no one
 * detects.  Between polls this session holds nothing but its connection.
 *
 * Behind a connection pooler (PgBouncer, ABI 2.3) a session lock is
 * wrong: in transaction pooling each transaction may run on another
 * server connection, so the unlock can reach a session that does not hold
 * the lock, and the lock stays on a pooled server connection for the
 * next client that gets it (golang-migrate#992, atlas#2447).  A pooler
 * answers the client's startup with a cancel key of its own, so libpq's
 * PQbackendPID() is not the pg_backend_pid() of the server process that
 * runs the query: the first lock query compares the two and takes the
 * session lock only when they agree, in one round trip.  When they do not
 * (session or transaction pooling alike: the client cannot tell which),
 * lock() holds nothing and remembers the key; begin() then takes it with
 * pg_try_advisory_xact_lock inside each transaction, polled the same way
 * (a failed attempt rolls back, waits and begins again), and the host
 * re-reads the stamp in that transaction (conn_caps drops
 * MIGRATOR_CAP_RUN_LOCK).  The transaction's end releases the lock, on
 * whichever server connection it ran, also when the client dies.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pg_internal.h"

#define LOCK_CLASSID 1835495028L /* 0x6d677274, "mgrt" */
#define POLL_MS 50u

/* Both keys as decimal text, ready to bind as int4 parameters. */
#define lock_key pg_lock_key

static void make_key(struct lock_key *k, const char *table)
{
	uint32_t h = 2166136261u;
	long long objid;

	for (const unsigned char *p = (const unsigned char *)table; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	objid = h > INT32_MAX ? (long long)h - 4294967296LL : (long long)h;
	snprintf(k->classid, sizeof(k->classid), "%ld", LOCK_CLASSID);
	snprintf(k->objid, sizeof(k->objid), "%lld", objid);
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

#define ANSWER_NULL 2

/* Runs a one-value boolean query on the two keys (and pid, when not NULL,
 * as $3): 1 true, 0 false, ANSWER_NULL, <0. */
static int ask(struct migrator_conn *c, const char *sql,
	       const struct lock_key *k, const char *pid,
	       struct migrator_diag *d)
{
	const char *values[] = {k->classid, k->objid, pid};
	PGresult *res = pg_query(c, sql, pid ? 3 : 2, values, d);
	int yes;

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	if (PQntuples(res) != 1 || PQnfields(res) != 1) {
		PQclear(res);
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "unexpected answer to an advisory "
					 "lock query");
	}
	yes = PQgetisnull(res, 0, 0) ? ANSWER_NULL
				      : strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return yes;
}

/* Best effort: who holds the lock, for the detail.  A failure here only
 * means a less helpful message, so it reports nothing. */
static void describe_holder(struct migrator_conn *c, const struct lock_key *k,
			    struct migrator_diag *d)
{
	static const char sql[] =
		"SELECT l.pid, coalesce(a.application_name, ''),"
		" coalesce(a.client_addr::text, ''),"
		" coalesce(a.backend_start::text, '')"
		" FROM pg_locks l LEFT JOIN pg_stat_activity a USING (pid)"
		" WHERE l.locktype = 'advisory' AND l.granted"
		" AND l.database = (SELECT oid FROM pg_database"
		"                   WHERE datname = current_database())"
		" AND l.classid = $1::int4::oid AND l.objid = $2::int4::oid"
		" AND l.objsubid = 2 LIMIT 1";
	const char *values[] = {k->classid, k->objid};
	PGresult *res = PQexecParams(c->pg, sql, 2, NULL, values, NULL, NULL,
				     0);

	if (res && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) == 1) {
		const char *app = PQgetvalue(res, 0, 1);
		const char *addr = PQgetvalue(res, 0, 2);
		const char *since = PQgetvalue(res, 0, 3);

		pg_host->diag_detail(
			d, "The lock is held by server process %s%s%s%s%s%s%s%s.",
			PQgetvalue(res, 0, 0), *app ? " (application_name \"" : "",
			app, *app ? "\")" : "", *addr ? " from " : "", addr,
			*since ? ", connected since " : "", since);
	}
	PQclear(res);
}

static int timed_out(struct migrator_conn *c, const struct lock_key *k,
		     unsigned timeout_ms, struct migrator_diag *d)
{
	char span[32];

	if (timeout_ms % 1000u == 0)
		snprintf(span, sizeof(span), "%u s", timeout_ms / 1000u);
	else
		snprintf(span, sizeof(span), "%u ms", timeout_ms);
	pg_host->diag_set(d, MIGRATOR_DRIVER_ELOCK,
			  "timed out after %s waiting for the migration lock "
			  "(pg_advisory_lock(%s, %s)) held by another migrator",
			  span, k->classid, k->objid);
	describe_holder(c, k, d);
	pg_host->diag_hint(d, "Another migrator is running against this "
			      "database: wait for it to finish, or raise "
			      "--lock-timeout.");
	return MIGRATOR_DRIVER_ELOCK;
}

int pg_lock(struct migrator_conn *c, const char *table, unsigned timeout_ms,
	    struct migrator_diag *d)
{
	unsigned long long start = now_ms();
	struct lock_key k;
	char pid[16];

	/* Waiting inside a transaction would hold its snapshot: the very
	 * deadlock the polling avoids. */
	if (PQstatus(c->pg) == CONNECTION_OK &&
	    pg_tx_status(c) != PQTRANS_IDLE)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot wait for the migration lock "
					 "inside a transaction");
	make_key(&k, table);
	snprintf(pid, sizeof(pid), "%d", PQbackendPID(c->pg));
	c->pooled = c->xlock = 0;
	for (;;) {
		unsigned long long waited;
		/* a session lock only on the server process libpq opened */
		int got = ask(c,
			      "SELECT CASE WHEN pg_backend_pid() = $3::int4 "
			      "THEN pg_try_advisory_lock($1::int4, $2::int4) "
			      "END",
			      &k, pid, d);

		if (got == ANSWER_NULL) {
			c->pooled = c->xlock = 1;
			c->xlock_ms = timeout_ms;
			c->xlock_key = k;
			return 0;
		}
		if (got != 0)
			return got < 0 ? got : 0;
		waited = now_ms() - start;
		if (waited >= timeout_ms)
			return timed_out(c, &k, timeout_ms, d);
		sleep_ms(timeout_ms - waited < POLL_MS
				 ? (unsigned)(timeout_ms - waited)
				 : POLL_MS);
	}
}

int pg_unlock(struct migrator_conn *c, const char *table,
	      struct migrator_diag *d)
{
	struct lock_key k;
	int held;

	if (c->xlock) {
		/* nothing outlives the transactions behind a pooler */
		c->xlock = 0;
		return 0;
	}
	make_key(&k, table);
	held = ask(c, "SELECT pg_advisory_unlock($1::int4, $2::int4)", &k,
		   NULL, d);
	if (held < 0)
		return held;
	if (!held)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot release the migration lock "
					 "(pg_advisory_lock(%s, %s)): this "
					 "session does not hold it",
					 k.classid, k.objid);
	return 0;
}

int pg_lock_begin(struct migrator_conn *c, struct migrator_diag *d)
{
	unsigned long long start = now_ms();
	const struct lock_key *k = &c->xlock_key;

	if (pg_begin(c, d) < 0)
		return MIGRATOR_DRIVER_EDB;
	if (!c->xlock)
		return 0;

	for (;;) {
		unsigned long long waited;
		int got = ask(c,
			      "SELECT pg_try_advisory_xact_lock($1::int4, "
			      "$2::int4)",
			      k, NULL, d);

		if (got == 1)
			return 0;
		/* failed, or not granted: no snapshot held while waiting;
		 * d keeps the first error */
		if (got < 0) {
			pg_rollback(c, d);
			return got;
		}
		if (pg_rollback(c, d) < 0)
			return MIGRATOR_DRIVER_EDB;
		waited = now_ms() - start;
		if (waited >= c->xlock_ms)
			return timed_out(c, k, c->xlock_ms, d);
		sleep_ms(c->xlock_ms - waited < POLL_MS
				 ? (unsigned)(c->xlock_ms - waited)
				 : POLL_MS);
		if (pg_begin(c, d) < 0)
			return MIGRATOR_DRIVER_EDB;
	}
}
