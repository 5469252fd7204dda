/*
 * pg_driver.c - the PostgreSQL driver: its struct, the entry point,
 * connecting and closing.  Statements and transactions are in pg_exec.c,
 * the run lock in pg_lock.c, the stamp table in pg_stamp.c, error
 * reporting (and the host's callbacks) in pg_error.c.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pg_data.h"
#include "pg_internal.h"

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
	c->url = strdup(params->url); /* for the lock watch */
	c->pg = c->url ? PQconnectdbParams(keys, values, 1) : NULL;
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
		free(c->url);
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
	pg_pipe_drop(c);
	PQfinish(c->pg); /* the server rolls back an open transaction */
	pg_scratch_drop(c); /* a scratch database, if this was one */
	free(c->stamp_seen);
	free(c->history_seen);
	pg_watch_free(c);
	free(c);
}

static const char *const schemes[] = {"postgresql", "postgres", NULL};
/* "-- migrator:upgrade postgres" is a PostgreSQL section too */
static const char *const dialect_aliases[] = {"postgres", NULL};

static const struct migrator_driver driver = {
	.abi_major = MIGRATOR_DRIVER_ABI_MAJOR,
	.abi_minor = MIGRATOR_DRIVER_ABI_MINOR,
	.size = sizeof(struct migrator_driver),
	.name = "postgres",
	.dialect = "postgresql",
	.schemes = schemes,
	.caps = PG_CAPS,
	.connect = pg_connect,
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_lock_begin,
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
	/* ABI 1.3 */
	.sql_begin = pg_sql_begin,
	.sql_commit = pg_sql_commit,
	.sql_stamp_ensure = pg_sql_ensure,
	.sql_stamp_write = pg_sql_write,
	.dialect_aliases = dialect_aliases,
	/* ABI 2.1 */
	.verify_exec = pg_verify_exec,
	/* ABI 2.2 */
	.dump = pg_dump,
	/* ABI 2.3 (connection poolers and invalid indexes) */
	.conn_caps = pg_conn_caps,
	.outside_tx_check = pg_outside_tx_check,
	.invalid_indexes = pg_invalid_indexes,
	/* ABI 2.3 (lock timeouts) */
	.set_timeouts = pg_set_timeouts,
	/* ABI 2.3 (verify --with-data) */
	.data_fill = pg_data_fill,
	.data_count = pg_data_count,
	/* ABI 2.4 (performance) */
	.begin_timeouts = pg_begin_timeouts,
	/* ABI 2.4 (import/adopt) */
	.foreign_read = pg_foreign_read,
	/* ABI 2.4 (fleets) */
	.schemas_list = pg_schemas_list,
	.schema_use = pg_schema_use,
	/* ABI 2.4 (diff) */
	.diff_render = pg_diff_render,
	/* ABI 2.5 (pipelined statements) */
	.exec_list = pg_exec_list,
	.exec_defer = pg_exec_defer,
};

/* The host members this driver calls; a host struct ending earlier is too
 * old (or not a migrator host at all) and cannot even take a diag. */
#define HOST_MIN_SIZE \
	(offsetof(struct migrator_host, history_row) + \
	 sizeof(((struct migrator_host *)0)->history_row))

static const struct migrator_driver *pg_create(
	const struct migrator_host *host, struct migrator_diag *d)
{
	(void)d;
	if (!host || host->abi_major != MIGRATOR_DRIVER_ABI_MAJOR ||
	    host->size < HOST_MIN_SIZE)
		return NULL;
	pg_host = host;
	return &driver;
}

/* The one exported symbol: checked by the host before pg_create runs. */
MIGRATOR_DRIVER_MODULE("postgres", pg_create, NULL);
