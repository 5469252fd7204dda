/*
 * pg_lockwait.c - lock timeouts (driver ABI 2.3): who blocks a statement
 * that waits for a lock (set_timeouts, which arms this, is in
 * pg_timeout.c).
 *
 * Once a statement has failed on lock_timeout, nothing blocks it any more:
 * pg_blocking_pids() must be asked while it still waits.  So while a lock
 * timeout is set, exec() sends the statement and waits for its answer on
 * the socket; every quarter of the lock timeout (at least 20 ms, at most
 * 1 s) without one, a second connection (opened then, once, and kept until
 * close) asks whether this session waits for a lock and who blocks it.  The
 * last answer that named someone becomes the detail of the statement's
 * error if it fails for lack of a lock (SQLSTATE 55P03).  The watch only
 * reads pg_stat_activity; pg_blocking_pids() is called only while the
 * session waits for a lock, as the documentation asks of a function that
 * briefly takes the lock manager's locks.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_internal.h"

/* How many blocking sessions the detail names, and how much of a query. */
#define SHOWN_BLOCKERS 3
#define SHOWN_QUERY 120

static long long clock_ms(void)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void pg_watch_txn_end(struct migrator_conn *c)
{
	if (c->watch_local)
		c->watch_ms = 0;
	c->watch_local = 0;
}

static void drop_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The second connection, to the database c is connected to.  It waits
 * at most 2 s for the server (libpq's least), unless the URL says
 * otherwise; failing once, it is not tried again on c. */
static int open_watch(struct migrator_conn *c)
{
	const char *keys[] = {"client_encoding", "connect_timeout", "dbname",
			      "fallback_application_name", NULL};
	const char *values[] = {"UTF8", "2", c->url, "migrator lock watch",
				NULL};

	if (c->watch)
		return 1;
	if (c->watch_failed || !c->url)
		return 0;
	c->watch = PQconnectdbParams(keys, values, 1);
	if (!c->watch || PQstatus(c->watch) != CONNECTION_OK) {
		PQfinish(c->watch);
		c->watch = NULL;
		c->watch_failed = 1;
		return 0;
	}
	PQsetNoticeProcessor(c->watch, drop_notice, NULL);
	return 1;
}

/* s[0..) cut to at most max bytes (not inside a UTF-8 character), each
 * control character as a space, "..." when cut. */
static void put_query(FILE *f, const char *s, size_t max)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' ||
		     s[n - 1] == '\r' || s[n - 1] == '\t' || s[n - 1] == ';'))
		n--;
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i],
		      f);
	if (n < strlen(s) && strspn(s + n, " \t\r\n;") != strlen(s + n))
		fputs(" ...", f);
}

/* "Blocked by server process 123 (idle in transaction, application_name
 * "psql", in a transaction for 4 s): LOCK TABLE t IN ACCESS SHARE MODE."
 * for the rows of the watch query; NULL when out of memory. */
static char *describe(const PGresult *res)
{
	int rows = PQntuples(res);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	fputs("Blocked by ", f);
	for (int i = 0; i < rows && i < SHOWN_BLOCKERS; i++) {
		const char *state = PQgetvalue(res, i, 1);
		const char *app = PQgetvalue(res, i, 2);
		const char *secs = PQgetvalue(res, i, 3);

		fprintf(f, "%sserver process %s (%s", i ? "; " : "",
			PQgetvalue(res, i, 0), *state ? state : "state unknown");
		if (*app) {
			fputs(", application_name \"", f);
			put_query(f, app, SHOWN_QUERY);
			fputc('"', f);
		}
		if (*secs)
			fprintf(f, ", in a transaction for %s s", secs);
		fputs("): ", f);
		put_query(f, PQgetvalue(res, i, 4), SHOWN_QUERY);
	}
	if (rows > SHOWN_BLOCKERS)
		fprintf(f, "; and %d more", rows - SHOWN_BLOCKERS);
	fputc('.', f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* One look from the watch connection: keeps the description of who
 * blocks c's statement, when it waits for a lock. */
static void look(struct migrator_conn *c)
{
	static const char sql[] =
		"SELECT b.pid, coalesce(b.state, ''),"
		" coalesce(b.application_name, ''),"
		" coalesce(extract(epoch FROM now() - b.xact_start)"
		"::bigint::text, ''),"
		" coalesce(b.query, '')"
		" FROM pg_stat_activity w"
		" CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS k(pid)"
		" JOIN pg_stat_activity b ON b.pid = k.pid"
		" WHERE w.pid = $1::int4 AND w.wait_event_type = 'Lock'"
		" ORDER BY b.pid";
	const char *values[] = {c->backend_pid};
	PGresult *res;

	if (!open_watch(c))
		return;
	res = PQexecParams(c->watch, sql, 1, NULL, values, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
	    PQnfields(res) == 5) {
		char *text = describe(res);

		if (text) {
			free(c->blockers);
			c->blockers = text;
		}
	}
	PQclear(res);
	if (PQstatus(c->watch) == CONNECTION_BAD) {
		PQfinish(c->watch);
		c->watch = NULL;
	}
}

void pg_watch_wait(struct migrator_conn *c)
{
	unsigned every = c->watch_ms / 4;
	int sock = PQsocket(c->pg);
	long long next;

	if (!c->watch_ms || !c->backend_pid[0] || sock < 0)
		return;
	free(c->blockers);
	c->blockers = NULL;
	if (every < 20)
		every = 20;
	if (every > 1000)
		every = 1000;
	next = clock_ms() + every;
	while (PQisBusy(c->pg)) {
		struct pollfd p = {sock, POLLIN, 0};
		long long left = next - clock_ms();
		int n = poll(&p, 1, left > 0 ? (int)left : 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return; /* PQgetResult waits as it would have */
		if (n > 0) {
			if (!PQconsumeInput(c->pg))
				return; /* PQgetResult reports it */
			continue;
		}
		look(c);
		next = clock_ms() + every;
	}
}

void pg_watch_free(struct migrator_conn *c)
{
	PQfinish(c->watch);
	c->watch = NULL;
	free(c->blockers);
	c->blockers = NULL;
	free(c->url);
	c->url = NULL;
}
