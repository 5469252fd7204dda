/*
 * pg_lockwait.c - lock timeouts (driver ABI 2.3): who blocks a statement
 * that waits for a lock (set_timeouts, which arms this, is in
 * pg_timeout.c).
 *
 * Once a statement has failed on lock_timeout, nothing blocks it any more:
 * pg_blocking_pids() must be asked while it still waits.  So while a lock
 * timeout is set, exec() sends the statement and waits for its answer on
 * the socket; every quarter of the lock timeout (at least 20 ms, at most
 * 1 s) without one, a second connection (opened then, without waiting,
 * and kept until close) asks whether this session waits for a lock and
 * who blocks it.  The last answer that named someone becomes the detail
 * of the statement's error if it fails for lack of a lock (SQLSTATE
 * 55P03).  The watch never delays that answer: it connects and asks
 * asynchronously while both sockets are polled; a connect or a look that
 * takes longer than 2 s (or the lock timeout, when shorter) gives it up
 * for the connection, and one still under way when the statement answers
 * is abandoned.  Behind a connection pooler there is no watch: it would
 * hold, or wait for, a server connection of the pool, and the statement's
 * server process is known only inside its transaction.  The watch only
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
/* The longest a connect of the watch or one look may take (the lock
 * timeout when shorter): past it the watch is given up. */
#define WATCH_BOUND_MS 2000u

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

/* The second connection, to the database c is connected to, started
 * without waiting (a connect_timeout in the URL does not apply: the
 * watch's own bound does). */
static int start_watch(struct migrator_conn *c)
{
	const char *keys[] = {"client_encoding", "dbname",
			      "fallback_application_name", NULL};
	const char *values[] = {"UTF8", c->url, "migrator lock watch", NULL};

	c->watch = PQconnectStartParams(keys, values, 1);
	if (!c->watch || PQstatus(c->watch) == CONNECTION_BAD) {
		PQfinish(c->watch);
		c->watch = NULL;
		return 0;
	}
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

static const char look_sql[] =
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

/* The answer to one look: keeps the description of who blocks c's
 * statement, when it waits for a lock. */
static void keep_answer(struct migrator_conn *c)
{
	PGresult *res;

	while ((res = PQgetResult(c->watch)) != NULL) {
		if (PQresultStatus(res) == PGRES_TUPLES_OK &&
		    PQntuples(res) > 0 && PQnfields(res) == 5) {
			char *text = describe(res);

			if (text) {
				free(c->blockers);
				c->blockers = text;
			}
		}
		PQclear(res);
	}
}

/* What the watch does while c's statement runs. */
enum watch_state {
	WATCH_IDLE,       /* connected (or not yet started), not asking */
	WATCH_CONNECTING, /* PQconnectPoll wants poll_events */
	WATCH_ASKING      /* the look query is out */
};

struct watch {
	enum watch_state state;
	short events;       /* what the watch's socket waits for */
	long long deadline; /* of the connect or the look under way */
};

/* Gives the watch up: it is closed, and when broken or too slow (not
 * just interrupted by the statement's answer) not tried again on c. */
static void drop_watch(struct migrator_conn *c, struct watch *w, int failed)
{
	PQfinish(c->watch);
	c->watch = NULL;
	w->state = WATCH_IDLE;
	if (failed)
		c->watch_failed = 1;
}

static void ask(struct migrator_conn *c, struct watch *w, unsigned bound)
{
	const char *values[] = {c->backend_pid};

	if (!PQsendQueryParams(c->watch, look_sql, 1, NULL, values, NULL,
			       NULL, 0)) {
		drop_watch(c, w, 1);
		return;
	}
	w->state = WATCH_ASKING;
	w->events = POLLIN;
	w->deadline = clock_ms() + bound;
}

/* The next step of a look: start connecting, or ask. */
static void look(struct migrator_conn *c, struct watch *w, unsigned bound)
{
	if (c->watch_failed || !c->url)
		return;
	if (c->watch) {
		ask(c, w, bound);
		return;
	}
	if (!start_watch(c)) {
		c->watch_failed = 1;
		return;
	}
	w->state = WATCH_CONNECTING;
	w->events = POLLOUT;
	w->deadline = clock_ms() + bound;
}

/* The watch's socket is ready (or its deadline passed: expired). */
static void watch_ready(struct migrator_conn *c, struct watch *w,
			int expired, unsigned bound)
{
	if (expired) {
		drop_watch(c, w, 1);
		return;
	}
	if (w->state == WATCH_CONNECTING) {
		switch (PQconnectPoll(c->watch)) {
		case PGRES_POLLING_OK:
			PQsetNoticeProcessor(c->watch, drop_notice, NULL);
			ask(c, w, bound);
			return;
		case PGRES_POLLING_READING:
			w->events = POLLIN;
			return;
		case PGRES_POLLING_WRITING:
			w->events = POLLOUT;
			return;
		default:
			drop_watch(c, w, 1);
			return;
		}
	}
	if (!PQconsumeInput(c->watch)) {
		drop_watch(c, w, 1);
		return;
	}
	if (PQisBusy(c->watch))
		return;
	keep_answer(c);
	w->state = WATCH_IDLE;
	if (PQstatus(c->watch) == CONNECTION_BAD)
		drop_watch(c, w, 0);
}

/* Waits for c's statement to answer, watching meanwhile: a look every
 * `every` ms; a connect or a look that takes longer than `bound` ms
 * gives the watch up, and one still under way when the statement
 * answers is abandoned (the connection closed), so the statement's
 * answer never waits for the watch. */
static void wait_watching(struct migrator_conn *c, int sock, unsigned every,
			  unsigned bound)
{
	struct watch w = {WATCH_IDLE, 0, 0};
	long long next = clock_ms() + every;

	while (PQisBusy(c->pg)) {
		struct pollfd p[2] = {{sock, POLLIN, 0}, {-1, 0, 0}};
		long long at = w.state == WATCH_IDLE ? next : w.deadline;
		long long left = at - clock_ms();
		int n;

		if (w.state != WATCH_IDLE) {
			p[1].fd = PQsocket(c->watch);
			p[1].events = w.events;
		}
		n = poll(p, p[1].fd >= 0 ? 2 : 1, left > 0 ? (int)left : 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break; /* PQgetResult waits as it would have */
		if (p[0].revents) {
			if (!PQconsumeInput(c->pg))
				break; /* PQgetResult reports it */
			continue;
		}
		if (w.state == WATCH_IDLE) {
			if (n == 0) {
				look(c, &w, bound);
				next = clock_ms() + every;
			}
			continue;
		}
		if (n > 0 || p[1].fd < 0)
			watch_ready(c, &w, 0, bound);
		else if (clock_ms() >= w.deadline)
			watch_ready(c, &w, 1, bound);
	}
	if (w.state != WATCH_IDLE)
		drop_watch(c, &w, 0);
}

void pg_watch_wait(struct migrator_conn *c)
{
	unsigned every = c->watch_ms / 4;
	unsigned bound = c->watch_ms < WATCH_BOUND_MS ? c->watch_ms
						      : WATCH_BOUND_MS;
	int sock = PQsocket(c->pg);

	/* Behind a pooler the watch would take a server connection of the
	 * pool (and wait for one when there is none free), and the server
	 * process that runs the statement is not known outside its
	 * transaction: no watch there (pg_error.c says so in the detail). */
	if (!c->watch_ms || !c->backend_pid[0] || sock < 0 || c->pooled)
		return;
	free(c->blockers);
	c->blockers = NULL;
	if (every < 20)
		every = 20;
	if (every > 1000)
		every = 1000;
	if (bound < 20)
		bound = 20;
	wait_watching(c, sock, every, bound);
}

/* What a query that set the timeouts leaves: the server process (its
 * third column), the lock watch's settings. */
void pg_timeouts_armed(struct migrator_conn *c, PGresult *res,
		       unsigned lock_ms, unsigned stmt_ms, int in_tx)
{
	snprintf(c->backend_pid, sizeof(c->backend_pid), "%s",
		 PQntuples(res) == 1 ? PQgetvalue(res, 0, 2) : "");
	if (!in_tx)
		c->session_set |= (lock_ms ? PG_SET_LOCK : 0) |
				  (stmt_ms ? PG_SET_STATEMENT : 0);
	c->watch_ms = lock_ms;
	c->watch_local = in_tx;
	free(c->blockers);
	c->blockers = NULL;
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
