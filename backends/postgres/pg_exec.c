/*
 * pg_exec.c - running statements on a connection: the driver's exec
 * member, the helpers the driver's other files query through, and
 * transactions (begin, commit, rollback).
 *
 * Statements run with PQsendQueryParams (the extended query protocol) even
 * when they have no parameters: the server then refuses a text holding
 * several statements ("cannot insert multiple commands into a prepared
 * statement") instead of running them as one implicit transaction (what
 * PQexec's simple protocol would do).  One statement per exec() is the
 * ABI's contract, and the core relies on it for revisions marked
 * "transactional false": a CREATE INDEX CONCURRENTLY glued to another
 * statement by a bad split would otherwise fail inside that implicit
 * transaction, or two statements would run under one error location.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* COPY ... TO STDOUT: the rows are read and dropped. */
static void drain_copy_out(struct migrator_conn *c)
{
	char *buf;

	while (PQgetCopyData(c->pg, &buf, 0) > 0)
		PQfreemem(buf);
}

/*
 * Sends one statement and reads every result, as PQexecParams would, but
 * keeps the first error rather than the last: when the server ends the
 * session mid-statement, its own message and SQLSTATE ("terminating
 * connection due to administrator command", 57P01) come before libpq's
 * "server closed the connection unexpectedly".  The error is reported
 * after the last result, when PQstatus() knows whether the connection
 * survived.  With keep, *keep is the statement's result on success (for
 * the caller to PQclear), NULL on failure.
 */
static int run(struct migrator_conn *c, const char *sql, int nparams,
	       const char *const *values, PGresult **keep, int watch,
	       struct migrator_diag *d)
{
	PGresult *res, *err = NULL, *good = NULL;
	int copy_in = 0, rc = 0;

	if (keep)
		*keep = NULL;
	/* a migration's statement goes with what is kept (a BEGIN and its
	 * timeouts: pg_pipe.c), in the same round trip */
	if (watch && !keep) {
		rc = pg_pipe_exec(c, sql, d);
		if (rc <= 0)
			return rc;
	}
	/* what commit() was to send goes first */
	rc = pg_pipe_flush(c, d);
	if (rc < 0)
		return rc;
	free(c->blockers); /* who blocked an earlier statement */
	c->blockers = NULL;
	if (!PQsendQueryParams(c->pg, sql, nparams, NULL, values, NULL, NULL,
			       0))
		return pg_report(c, NULL, d);
	/* a migration's statement under a lock timeout: see who blocks it
	 * while it waits (pg_lockwait.c) */
	if (watch)
		pg_watch_wait(c);
	while ((res = PQgetResult(c->pg)) != NULL) {
		switch (PQresultStatus(res)) {
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_EMPTY_QUERY: /* only comments */
			if (keep) {
				PQclear(good);
				good = res;
				continue;
			}
			break;
		case PGRES_COPY_OUT:
			drain_copy_out(c);
			break;
		case PGRES_COPY_IN:
		case PGRES_COPY_BOTH:
			/* A migration file has no data to send: end the
			 * COPY with an error; the server's answer to that
			 * is not the news. */
			copy_in = !err;
			PQputCopyEnd(c->pg, "migrator sends no COPY data");
			break;
		default:
			if (!err && !copy_in) {
				err = res;
				continue;
			}
			break;
		}
		PQclear(res);
	}
	if (err) {
		rc = pg_report(c, err, d);
	} else if (copy_in && PQstatus(c->pg) == CONNECTION_BAD) {
		rc = pg_report(c, NULL, d);
	} else if (copy_in) {
		pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				  "COPY FROM STDIN is not supported in "
				  "migrations");
		pg_host->diag_hint(d, "Write the rows as INSERT statements.");
		rc = MIGRATOR_DRIVER_EDB;
	} else if (PQstatus(c->pg) == CONNECTION_BAD) {
		rc = pg_report(c, NULL, d);
	}
	PQclear(err);
	if (keep && rc == 0 && good)
		*keep = good;
	else
		PQclear(good);
	return rc;
}

PGresult *pg_query(struct migrator_conn *c, const char *sql, int nparams,
		   const char *const *values, struct migrator_diag *d)
{
	PGresult *res = NULL;

	if (run(c, sql, nparams, values, &res, 0, d) < 0)
		return NULL;
	if (!res || (PQresultStatus(res) != PGRES_COMMAND_OK &&
		     PQresultStatus(res) != PGRES_TUPLES_OK)) {
		PQclear(res);
		pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				  "the server sent no result");
		return NULL;
	}
	return res;
}

int pg_exec_keep(struct migrator_conn *c, const char *sql, size_t len,
		 PGresult **keep, struct migrator_diag *d)
{
	char *text;
	int rc;

	/* libpq takes a C string: a NUL inside would cut the statement. */
	if (memchr(sql, '\0', len))
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "the statement contains a NUL byte");
	text = malloc(len + 1);
	if (!text)
		return pg_nomem(d);
	memcpy(text, sql, len);
	text[len] = '\0';
	rc = run(c, text, 0, NULL, keep, 1, d);
	free(text);
	return rc;
}

int pg_exec(struct migrator_conn *c, const char *sql, size_t len,
	    struct migrator_diag *d)
{
	return pg_exec_keep(c, sql, len, NULL, d);
}

int pg_command(struct migrator_conn *c, const char *sql,
	       struct migrator_diag *d)
{
	PGresult *res = pg_query(c, sql, 0, NULL, d);

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	PQclear(res);
	return 0;
}

int pg_begin(struct migrator_conn *c, struct migrator_diag *d)
{
	if (pg_tx_status(c) != PQTRANS_IDLE &&
	    PQstatus(c->pg) == CONNECTION_OK)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot begin: a transaction is "
					 "already open");
	return pg_command(c, PG_SQL_BEGIN, d);
}

int pg_commit(struct migrator_conn *c, struct migrator_diag *d)
{
	PGresult *res;
	int rc = 0;

	if (pg_tx_status(c) == PQTRANS_IDLE)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot commit: no transaction is "
					 "open");
	/* with the statements kept for this round trip (pg_pipe.c); the
	 * lock watch ends with the transaction, after the statements
	 * exec_defer kept (they go in it, and may wait for a lock) */
	if (c->npipe || c->ndeferred)
		rc = pg_pipe_commit(c, &res, d);
	else if (!(res = pg_query(c, PG_SQL_COMMIT, 0, NULL, d)))
		rc = MIGRATOR_DRIVER_EDB;
	pg_watch_txn_end(c);
	if (rc < 0)
		return MIGRATOR_DRIVER_EDB;
	if (!res)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "the server sent no result");
	/* COMMIT of a transaction that already failed succeeds as a
	 * command but rolls back, and says so in its tag. */
	if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
				  "the transaction was rolled back instead "
				  "of committed");
		pg_host->diag_detail(d, "A statement in the transaction "
					"failed earlier, so COMMIT rolled "
					"it back.");
		rc = MIGRATOR_DRIVER_EDB;
	}
	PQclear(res);
	return rc;
}

int pg_rollback(struct migrator_conn *c, struct migrator_diag *d)
{
	/* A failed COMMIT has already ended the transaction: nothing to
	 * roll back, and ROLLBACK would only draw a warning. */
	pg_watch_txn_end(c);
	pg_pipe_drop(c); /* never sent */
	if (PQstatus(c->pg) == CONNECTION_OK &&
	    PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return 0;
	return pg_command(c, "ROLLBACK", d);
}
