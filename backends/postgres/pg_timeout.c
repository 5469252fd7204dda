/*
 * pg_timeout.c - the connect timeout (issue 21): libpq waits forever for a
 * server that accepts the connection and never answers, unless
 * connect_timeout is set.  migrator sets it: --connect-timeout (or
 * connect_timeout in migrator.ini) when the user chose one, else 10 s
 * unless PGCONNECT_TIMEOUT does.  The keyword goes before the URL (which
 * is expanded as the dbname), so a connect_timeout in the URL still wins.
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
