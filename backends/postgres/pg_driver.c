/*
 * pg_driver.c - the PostgreSQL driver: its struct, the entry point, and
 * connecting, running statements and transactions.  The run lock is in
 * pg_lock.c, the stamp table in pg_stamp.c, error reporting in pg_error.c.
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

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

const struct migrator_host *pg_host;

/* Forwards server notices (NOTICE, WARNING, ...) to the host, one call per
 * line without the newline; with no host callback they are dropped, since
 * libpq's default would print to stderr. */
static void on_notice(void *arg, const char *message)
{
	struct migrator_conn *c = arg;

	if (!c->notice)
		return;
	while (*message) {
		size_t n = strcspn(message, "\r\n");

		if (n) {
			char *line = malloc(n + 1);

			if (!line)
				return;
			memcpy(line, message, n);
			line[n] = '\0';
			c->notice(c->payload, line);
			free(line);
		}
		message += n;
		message += strspn(message, "\r\n");
	}
}

/* libpq may quote the whole URI in a syntax error ("unexpected character
 * ... in URI: \"postgresql://bob:secret@...\""), password included: keep
 * only the text before the quoted part. */
static int bad_url(const char *err, struct migrator_diag *d)
{
	const char *msg = err ? err : "cannot parse it";
	const char *q = strstr(msg, ": \"");
	int n = q ? (int)(q - msg) : (int)strcspn(msg, "\r\n");

	pg_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
			  "invalid PostgreSQL connection URL: %.*s", n, msg);
	pg_host->diag_hint(d, "See \"Connection URIs\" in the libpq "
			      "documentation for the syntax.");
	return MIGRATOR_DRIVER_ECONFIG;
}

/* Migration files are UTF-8 text; unless the user chose a client encoding
 * (client_encoding in the URL, PGCLIENTENCODING), say so to the server, so
 * that a database in another encoding converts them instead of storing
 * their bytes as they are.  It goes in the start-up packet, which costs no
 * round trip: the keyword comes before dbname, so a client_encoding in the
 * URL (expanded from dbname) overrides it. */
static int encoding_chosen(void)
{
	const char *env = getenv("PGCLIENTENCODING");

	return env && *env;
}

#define PARAMS_V1_SIZE \
	(offsetof(struct migrator_connect_params, payload) + \
	 sizeof(((struct migrator_connect_params *)0)->payload))

static int pg_connect(struct migrator_conn **out,
		      const struct migrator_connect_params *params,
		      struct migrator_diag *d)
{
	/* The URL is expanded as the dbname (expand_dbname=1), exactly as
	 * PQconnectdb would, and overrides the keywords before it;
	 * fallback_application_name yields to an application_name in the URL
	 * or PGAPPNAME. */
	const char *keys[5], *values[5];
	char timeout[24];
	int k = 0;
	struct migrator_conn *c;
	PQconninfoOption *parsed;
	char *err = NULL;
	int rc = 0;

	*out = NULL;
	parsed = PQconninfoParse(params->url, &err);
	if (!parsed) {
		rc = bad_url(err, d);
		PQfreemem(err);
		return rc;
	}
	PQconninfoFree(parsed);
	if (!encoding_chosen())
		keys[k] = "client_encoding", values[k++] = "UTF8";
	if (pg_connect_timeout(params, timeout, sizeof(timeout)))
		keys[k] = "connect_timeout", values[k++] = timeout;
	keys[k] = "dbname", values[k++] = params->url;
	keys[k] = "fallback_application_name", values[k++] = "migrator";
	keys[k] = values[k] = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return pg_nomem(d);
	/* The params struct only grows; notice and payload are in v1, but
	 * read nothing the host's struct does not have. */
	if (params->size >= PARAMS_V1_SIZE) {
		c->notice = params->notice;
		c->payload = params->payload;
	}
	c->pg = PQconnectdbParams(keys, values, 1);
	if (!c->pg) {
		rc = pg_nomem(d);
		goto out;
	}
	/* Notices the server sends during start-up reach libpq's default
	 * processor (PQconnectdb offers no earlier hook without giving up
	 * its connect_timeout and multi-host logic); none are expected. */
	PQsetNoticeProcessor(c->pg, on_notice, c);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		/* libpq's text names host and port, never the password. */
		rc = pg_connect_timed_out(c->pg, d);
		if (!rc)
			rc = pg_report_text(d, "could not connect to the "
					       "server",
					    PQerrorMessage(c->pg));
		goto out;
	}
out:
	if (rc < 0) {
		PQfinish(c->pg);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static void pg_close(struct migrator_conn *c)
{
	if (!c)
		return;
	if (c->cancel)
		PQfreeCancel(c->cancel);
	PQfinish(c->pg); /* the server rolls back an open transaction */
	pg_scratch_drop(c); /* a scratch database, if this was one */
	free(c->stamp_seen);
	free(c->history_seen);
	free(c);
}

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
	       const char *const *values, PGresult **keep,
	       struct migrator_diag *d)
{
	PGresult *res, *err = NULL, *good = NULL;
	int copy_in = 0, rc = 0;

	if (keep)
		*keep = NULL;
	if (!PQsendQueryParams(c->pg, sql, nparams, NULL, values, NULL, NULL,
			       0))
		return pg_report(c, NULL, d);
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

	if (run(c, sql, nparams, values, &res, d) < 0)
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

static int pg_exec(struct migrator_conn *c, const char *sql, size_t len,
		   struct migrator_diag *d)
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
	rc = run(c, text, 0, NULL, NULL, d);
	free(text);
	return rc;
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
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE &&
	    PQstatus(c->pg) == CONNECTION_OK)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot begin: a transaction is "
					 "already open");
	return pg_command(c, "BEGIN", d);
}

int pg_commit(struct migrator_conn *c, struct migrator_diag *d)
{
	PGresult *res;
	int rc = 0;

	if (PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
					 "cannot commit: no transaction is "
					 "open");
	res = pg_query(c, "COMMIT", 0, NULL, d);
	if (!res)
		return MIGRATOR_DRIVER_EDB;
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
	if (PQstatus(c->pg) == CONNECTION_OK &&
	    PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return 0;
	return pg_command(c, "ROLLBACK", d);
}

static const char *const schemes[] = {"postgresql", "postgres", NULL};

static const struct migrator_driver driver = {
	.abi_major = MIGRATOR_DRIVER_ABI_MAJOR,
	.abi_minor = MIGRATOR_DRIVER_ABI_MINOR,
	.size = sizeof(struct migrator_driver),
	.name = "postgres",
	.dialect = "postgresql",
	.schemes = schemes,
	.caps = MIGRATOR_CAP_TRANSACTIONAL_DDL | MIGRATOR_CAP_RUN_LOCK |
		MIGRATOR_CAP_NO_CREATE,
	.connect = pg_connect,
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.lock = pg_lock,
	.unlock = pg_unlock,
	.stamp_ensure = pg_stamp_ensure,
	.stamp_read = pg_stamp_read,
	.stamp_write = pg_stamp_write,
	/* ABI 1.1 */
	.introspect = pg_introspect,
	.scratch_connect = pg_scratch_connect,
	.history_ensure = pg_history_ensure,
	.history_write = pg_history_write,
	.history_read = pg_history_read,
	/* ABI 1.2 */
	.cancel = pg_cancel,
	.scratch_sweep = pg_scratch_sweep,
};

/* The host members this driver calls; a host struct ending earlier is too
 * old (or not a migrator host at all) and cannot even take a diag. */
#define HOST_V1_SIZE \
	(offsetof(struct migrator_host, strvec_push) + \
	 sizeof(((struct migrator_host *)0)->strvec_push))

const struct migrator_driver *migrator_driver_init(
	const struct migrator_host *host, struct migrator_diag *d)
{
	(void)d;
	if (!host || host->abi_major != MIGRATOR_DRIVER_ABI_MAJOR ||
	    host->size < HOST_V1_SIZE)
		return NULL;
	pg_host = host;
	return &driver;
}
