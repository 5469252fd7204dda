/*
 * pg_timeout.c - timeouts: connecting, and a statement's lock and run time.
 *
 * The connect timeout (issue 21): libpq waits forever for a
 * server that accepts the connection and never answers, unless
 * connect_timeout is set.  migrator sets it: --connect-timeout (or
 * connect_timeout in migrator.ini) when the user chose one, else 10 s
 * unless PGCONNECT_TIMEOUT does.  The keyword goes before the URL (which
 * is expanded as the dbname), so a connect_timeout in the URL still wins.
 *
 * Lock timeouts (issue 16, the set_timeouts member of driver ABI 2.3):
 * lock_timeout and statement_timeout are set with set_config(), values
 * bound: inside the revision's transaction as SET LOCAL does (they end with
 * it, and a PgBouncer in transaction pooling mode hands no setting on to
 * another client), outside one for the session until the host asks for
 * the session's own settings back (RESET); never for the session behind a
 * connection pooler (refused: the setting and its RESET could reach
 * different server connections).  The same call arms the watch
 * of pg_lockwait.c, with the session's server process (asked in the same
 * round trip, since behind a pooler it is known only inside the
 * transaction).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

#define DEFAULT_CONNECT_TIMEOUT_S 10u

#define PARAMS_TIMEOUT_SIZE \
	(offsetof(struct migrator_connect_params, connect_timeout_ms) + \
	 sizeof(((struct migrator_connect_params *)0)->connect_timeout_ms))

int pg_connect_timeout(const struct migrator_connect_params *params,
		       char *buf, size_t n)
{
	unsigned ms = params->size >= PARAMS_TIMEOUT_SIZE
			      ? params->connect_timeout_ms
			      : 0;
	const char *env = getenv("PGCONNECT_TIMEOUT");
	unsigned s;

	if (ms)
		s = ms / 1000u + (ms % 1000u != 0); /* whole seconds, up */
	else if (env && *env)
		return 0; /* libpq reads it */
	else
		s = DEFAULT_CONNECT_TIMEOUT_S;
	snprintf(buf, n, "%u", s);
	return 1;
}

/* The connect_timeout libpq used (URL, keyword or environment). */
static char *timeout_used(PGconn *pg)
{
	PQconninfoOption *opts = PQconninfo(pg), *o;
	char *out = NULL;

	for (o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "connect_timeout") == 0 && o->val &&
		    *o->val) {
			/* libpq waits at least 2 s (it raises 1 to 2) */
			out = strdup(strcmp(o->val, "1") == 0 ? "2" : o->val);
			break;
		}
	PQconninfoFree(opts);
	return out;
}

int pg_connect_timed_out(PGconn *pg, struct migrator_diag *d)
{
	const char *err = PQerrorMessage(pg);
	const char *host, *port;
	char *secs;

	/* libpq's words when connect_timeout expires (its messages are not
	 * translated: migrator never calls setlocale) */
	if (!err || !strstr(err, "timeout expired"))
		return 0;
	host = PQhost(pg);
	port = PQport(pg);
	secs = timeout_used(pg);
	pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
			  "could not connect to the server at %s, port %s: "
			  "no answer within %s s",
			  host && *host ? host : "(default host)",
			  port && *port ? port : "(default port)",
			  secs ? secs : "the connect timeout's");
	free(secs);
	pg_host->diag_detail(d, "%.*s", (int)strcspn(err, "\r\n"), err);
	pg_host->diag_hint(d, "The server did not answer: it may be starting, "
			      "overloaded, not PostgreSQL, or behind a "
			      "firewall that drops packets.  Allow a longer "
			      "wait with --connect-timeout SECONDS "
			      "(connect_timeout in migrator.ini or the URL).");
	return MIGRATOR_DRIVER_EDB;
}

static int reset_session(struct migrator_conn *c, struct migrator_diag *d)
{
	int rc = 0;

	if (c->session_set & PG_SET_LOCK)
		rc = pg_command(c, "RESET lock_timeout", d);
	if (!rc && (c->session_set & PG_SET_STATEMENT))
		rc = pg_command(c, "RESET statement_timeout", d);
	c->session_set = 0;
	c->watch_ms = 0;
	return rc;
}

/*
 * ABI 2.4: BEGIN and the SET LOCAL of pg_set_timeouts in one round trip,
 * one simple-protocol message: its only values are numbers printed here,
 * no text from anywhere else.  Behind a pooler begin() also takes the run
 * lock, polling: the two calls then.
 */
int pg_begin_timeouts(struct migrator_conn *c, unsigned lock_timeout_ms,
		      unsigned statement_timeout_ms, struct migrator_diag *d)
{
	char lock[64] = "NULL", stmt[64] = "NULL", sql[256];
	PGresult *res;
	int rc;

	if (c->xlock || c->npipe || PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		rc = pg_lock_begin(c, d);
		if (rc == 0)
			rc = pg_set_timeouts(c, lock_timeout_ms,
					     statement_timeout_ms, d);
		if (rc < 0)
			pg_rollback(c, d); /* d keeps the first error */
		return rc;
	}
	if (lock_timeout_ms)
		snprintf(lock, sizeof(lock),
			 "set_config('lock_timeout', '%ums', true)",
			 lock_timeout_ms);
	if (statement_timeout_ms)
		snprintf(stmt, sizeof(stmt),
			 "set_config('statement_timeout', '%ums', true)",
			 statement_timeout_ms);
	/* with pipeline mode, kept for the round trip of the migration's
	 * first statement, or of its COMMIT (pg_pipe.c) */
	if (pg_pipe_on()) {
		snprintf(sql, sizeof(sql), "SELECT %s, %s, pg_backend_pid()",
			 lock, stmt);
		rc = pg_pipe_keep_begin(c, sql, lock_timeout_ms,
					statement_timeout_ms, d);
		/* the lock watch, armed now: it looks while the first
		 * statement waits, before any answer comes back; without a
		 * pooler (never on this path: c->xlock) libpq's server
		 * process is the session's */
		if (rc == 0) {
			snprintf(c->backend_pid, sizeof(c->backend_pid), "%d",
				 PQbackendPID(c->pg));
			c->watch_ms = lock_timeout_ms;
			c->watch_local = 1;
		}
		return rc;
	}
	snprintf(sql, sizeof(sql), PG_SQL_BEGIN "; SELECT %s, %s, "
		 "pg_backend_pid()", lock, stmt);
	free(c->blockers);
	c->blockers = NULL;
	res = PQexec(c->pg, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = pg_report(c, res, d);
		PQclear(res);
		if (PQstatus(c->pg) == CONNECTION_OK &&
		    PQtransactionStatus(c->pg) != PQTRANS_IDLE)
			pg_rollback(c, d); /* d keeps the first error */
		return rc;
	}
	pg_timeouts_armed(c, res, lock_timeout_ms, statement_timeout_ms, 1);
	PQclear(res);
	return 0;
}

int pg_set_timeouts(struct migrator_conn *c, unsigned lock_timeout_ms,
		    unsigned statement_timeout_ms, struct migrator_diag *d)
{
	static const char sql[] =
		"SELECT CASE WHEN $1 <> '' THEN"
		" set_config('lock_timeout', $1, $3::boolean) END,"
		" CASE WHEN $2 <> '' THEN"
		" set_config('statement_timeout', $2, $3::boolean) END,"
		" pg_backend_pid()";
	int in_tx = pg_tx_status(c) != PQTRANS_IDLE;
	char lock[24] = "", stmt[24] = "";
	const char *values[] = {lock, stmt, in_tx ? "true" : "false"};
	PGresult *res;

	if (!lock_timeout_ms && !statement_timeout_ms)
		return in_tx ? 0 : reset_session(c, d);
	/* a session setting behind a pooler would stay on a server connection
	 * for its next client (the host runs nothing outside a transaction
	 * there: pg_pooler.c) */
	if (!in_tx && c->pooled)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot set lock_timeout or "
					 "statement_timeout for the session "
					 "behind a connection pooler");
	if (lock_timeout_ms)
		snprintf(lock, sizeof(lock), "%ums", lock_timeout_ms);
	if (statement_timeout_ms)
		snprintf(stmt, sizeof(stmt), "%ums", statement_timeout_ms);
	res = pg_query(c, sql, 3, values, d);
	if (!res)
		return MIGRATOR_DRIVER_EDB;
	pg_timeouts_armed(c, res, lock_timeout_ms, statement_timeout_ms,
			  in_tx);
	PQclear(res);
	return 0;
}
