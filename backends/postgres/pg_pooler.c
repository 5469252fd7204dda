/*
 * pg_pooler.c - what changes behind a connection pooler (driver ABI 2.3):
 * the connection's caps, and the refusal of statements outside a
 * transaction.
 *
 * pg_lock.c finds out that the connection goes through a pooler (the
 * server process that answers is not the one libpq was told it opened)
 * and then locks inside each transaction only.  Statements that run
 * outside a transaction (a revision marked transactional false, for
 * CREATE INDEX CONCURRENTLY) cannot be covered by such a lock, and no lock
 * that outlives a transaction is safe there (transaction pooling hands
 * each transaction to any server connection; the client cannot tell
 * session pooling apart).  So a run that would execute them is refused
 * before anything of it runs, with the URL of the server itself as the
 * server reports it: its TCP address and port, or, when the pooler
 * reaches it through a Unix socket, its socket directory (readable by
 * superusers and members of pg_read_all_settings) and port.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

unsigned pg_conn_caps(struct migrator_conn *c)
{
	return c->pooled ? PG_CAPS & ~MIGRATOR_CAP_RUN_LOCK : PG_CAPS;
}

/* s percent-encoded into out (room for 3 * strlen(s) + 1), keeping '/'
 * when slash: a URI's parts as libpq decodes them. */
static void url_part(char *out, const char *s, int slash)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) ||
		    (slash && *p == '/')) {
			*out++ = (char)*p;
		} else {
			*out++ = '%';
			*out++ = hex[*p >> 4];
			*out++ = hex[*p & 15];
		}
	}
	*out = '\0';
}

static const char server_sql[] =
	"SELECT host(inet_server_addr()), inet_server_port(), "
	"current_setting('port'), "
	"CASE WHEN pg_has_role('pg_read_all_settings', 'MEMBER') "
	"THEN split_part(current_setting('unix_socket_directories'), ',', 1) "
	"END, current_database(), current_user";

/* The server's own URL as it reports itself (no password), malloc'd;
 * NULL when it cannot say (or out of memory). */
static char *server_url(struct migrator_conn *c)
{
	PGresult *res = PQexec(c->pg, server_sql);
	char *url = NULL;

	if (res && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) == 1) {
		const char *addr = PQgetvalue(res, 0, 0);
		const char *sock = PQgetvalue(res, 0, 3);
		const char *db = PQgetvalue(res, 0, 4);
		const char *user = PQgetvalue(res, 0, 5);
		size_t n = 3 * (strlen(addr) + strlen(sock) + strlen(db) +
				strlen(user)) + 96;
		char *e_db = malloc(3 * strlen(db) + 1);
		char *e_user = malloc(3 * strlen(user) + 1);
		char *e_sock = malloc(3 * strlen(sock) + 1);

		url = e_db && e_user && e_sock ? malloc(n) : NULL;
		if (url) {
			url_part(e_db, db, 0);
			url_part(e_user, user, 0);
			url_part(e_sock, sock, 1);
			if (!PQgetisnull(res, 0, 0))
				snprintf(url, n, "postgresql://%s@%s%s%s:%s/%s",
					 e_user, strchr(addr, ':') ? "[" : "",
					 addr, strchr(addr, ':') ? "]" : "",
					 PQgetvalue(res, 0, 1), e_db);
			else if (*sock)
				snprintf(url, n,
					 "postgresql:///%s?host=%s&port=%s"
					 "&user=%s",
					 e_db, e_sock, PQgetvalue(res, 0, 2),
					 e_user);
			else
				*url = '\0';
		}
		free(e_db);
		free(e_user);
		free(e_sock);
		if (url && !*url) {
			free(url);
			url = NULL;
		}
	}
	PQclear(res);
	return url;
}

int pg_outside_tx_check(struct migrator_conn *c, struct migrator_diag *d)
{
	char *url;

	if (!c->pooled)
		return 0;
	url = server_url(c);
	pg_host->diag_set(d, MIGRATOR_DRIVER_EDB,
			  "the connection goes through a connection pooler "
			  "(such as PgBouncer)");
	pg_host->diag_detail(
		d, "The server process that answers (pg_backend_pid()) is not "
		   "the one the connection was opened with. Behind a pooler "
		   "migrator holds its lock only inside each transaction, "
		   "since a transaction pooler hands every transaction to any "
		   "server connection and a session lock there may never be "
		   "released; statements outside a transaction "
		   "(transactional false) would run unprotected from other "
		   "runners, so nothing was run.");
	if (url)
		pg_host->diag_hint(
			d, "Run it with a URL that connects to the PostgreSQL "
			   "server directly, not through the pooler; the "
			   "server reports itself as %s (add the password if "
			   "it needs one).",
			url);
	else
		pg_host->diag_hint(d, "Run it with a URL that connects to the "
				      "PostgreSQL server directly (the host "
				      "and port your pooler's configuration "
				      "names), not through the pooler.");
	free(url);
	return MIGRATOR_DRIVER_EDB;
}
