/*
 * pg_scratch.c - scratch databases (driver ABI 1.1 scratch_connect, 1.2
 * cancel and scratch_sweep).
 *
 * check and verify (and later diff) build a schema in a database of their
 * own, CREATE DATABASE migrator_scratch_<epoch>_<pid>_<random> TEMPLATE
 * template0 (the role needs CREATEDB), so that revisions marked
 * "transactional false" (CREATE INDEX CONCURRENTLY) run as they do for
 * real and nothing touches the live database.  The name says when (the
 * client's clock, seconds since the Epoch) and by which process it was
 * made.  Closing the scratch connection drops the database through its
 * parent, or through a fresh connection if the parent is lost.
 *
 * A run killed outright cannot drop anything; scratch_sweep finds what
 * such runs left: names of this shape that the current role owns, that no
 * session in pg_stat_activity uses and that are old enough.  The sweep's
 * DROP has no FORCE: a session that connected meanwhile makes it fail,
 * and that database is left alone.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pg_internal.h"

#define PREFIX "migrator_scratch_"

/* Server notices while the scratch schema is built are nobody's news. */
static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message;
}

static unsigned long scratch_random(void)
{
	unsigned long x = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f) {
		if (fread(&x, sizeof(x), 1, f) != 1)
			x = 0;
		fclose(f);
	}
	return x ^ (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
}

/* One DROP on pg, out of any transaction; 1 if it ran. */
static int drop_on(PGconn *pg, const char *name, int force)
{
	char sql[128];
	PGresult *res;
	int ok;

	if (PQstatus(pg) != CONNECTION_OK)
		return 0;
	if (PQtransactionStatus(pg) != PQTRANS_IDLE)
		PQclear(PQexec(pg, "ROLLBACK"));
	/* WITH (FORCE) (PostgreSQL 13+) ends any session still going. */
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s%s", name,
		 force && PQserverVersion(pg) >= 130000 ? " WITH (FORCE)" : "");
	res = PQexec(pg, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok;
}

/* Best effort, twice through the parent (a cancel meant for the statement
 * before may still hit the first DROP), then through a connection of its
 * own; what still fails is left to a later run's sweep. */
static void drop_db(struct migrator_conn *parent, const char *url,
		    const char *timeout, const char *name)
{
	/* an empty connect_timeout is libpq's default (PGCONNECT_TIMEOUT);
	 * the URL's own, expanded after it, wins */
	const char *keys[] = {"connect_timeout", "dbname",
			      "fallback_application_name", NULL};
	const char *values[] = {timeout, url, "migrator", NULL};
	PGconn *pg;

	if (drop_on(parent->pg, name, 1) || drop_on(parent->pg, name, 1))
		return;
	if (!url)
		return;
	pg = PQconnectdbParams(keys, values, 1);
	if (pg) {
		PQsetNoticeProcessor(pg, quiet, NULL);
		drop_on(pg, name, 1);
	}
	PQfinish(pg);
}

int pg_scratch_connect(struct migrator_conn **out, struct migrator_conn *c,
		       const struct migrator_connect_params *params,
		       struct migrator_diag *d)
{
	const char *keys[] = {"connect_timeout", "dbname", "dbname",
			      "fallback_application_name", NULL};
	const char *values[5];
	char timeout[24] = "";
	struct migrator_conn *sc;
	char name[64], sql[128];
	int rc;

	*out = NULL;
	/* the same connect timeout as the user's own connection (issue 21) */
	if (!pg_connect_timeout(params, timeout, sizeof(timeout)))
		timeout[0] = '\0';
	/* ready before the CREATE, which a signal may want to cancel */
	if (!c->cancel)
		c->cancel = PQgetCancel(c->pg);
	/* lower-case letters, digits and '_': no quoting needed */
	snprintf(name, sizeof(name), PREFIX "%lld_%ld_%08lx",
		 (long long)time(NULL), (long)getpid(),
		 scratch_random() & 0xffffffffUL);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE template0",
		 name);
	rc = pg_command(c, sql, d);
	if (rc) {
		pg_host->diag_hint(d, "check and verify build schemas in a "
				      "scratch database: grant CREATEDB to "
				      "this role (ALTER ROLE name CREATEDB).");
		/* a CREATE cancelled late may have finished on the server */
		drop_db(c, params->url, timeout, name);
		return rc;
	}
	sc = calloc(1, sizeof(*sc));
	if (!sc) {
		rc = pg_nomem(d);
		goto fail;
	}
	sc->scratch_of = c;
	sc->scratch_db = strdup(name);
	sc->scratch_url = strdup(params->url);
	memcpy(sc->scratch_timeout, timeout, sizeof(timeout));
	if (!sc->scratch_db || !sc->scratch_url) {
		rc = pg_nomem(d);
		goto fail;
	}
	/* The first dbname is the user's URL, expanded; the second
	 * overrides only the database name (libpq's rule). */
	values[0] = timeout;
	values[1] = params->url;
	values[2] = name;
	values[3] = "migrator";
	values[4] = NULL;
	sc->pg = PQconnectdbParams(keys, values, 1);
	if (!sc->pg) {
		rc = pg_nomem(d);
		goto fail;
	}
	PQsetNoticeProcessor(sc->pg, quiet, NULL);
	if (PQstatus(sc->pg) != CONNECTION_OK) {
		rc = pg_report_text(d, "could not connect to the scratch "
				       "database",
				    PQerrorMessage(sc->pg));
		goto fail;
	}
	if (PQsetClientEncoding(sc->pg, pg_encoding_to_char(
						PQclientEncoding(c->pg))) != 0) {
		rc = pg_report(sc, NULL, d);
		goto fail;
	}
	sc->cancel = PQgetCancel(sc->pg);
	*out = sc;
	return 0;
fail:
	if (sc) {
		PQfinish(sc->pg);
		free(sc->scratch_db);
		free(sc->scratch_url);
		free(sc);
	}
	drop_db(c, params->url, timeout, name);
	return rc;
}

void pg_scratch_drop(struct migrator_conn *sc)
{
	if (!sc->scratch_of || !sc->scratch_db)
		return;
	drop_db(sc->scratch_of, sc->scratch_url, sc->scratch_timeout,
		sc->scratch_db);
	free(sc->scratch_db);
	free(sc->scratch_url);
	sc->scratch_db = NULL;
	sc->scratch_url = NULL;
}

/* Async-signal-safe: PQcancel with a PGcancel made beforehand and an
 * error buffer on the stack is (libpq's documentation says so). */
void pg_cancel(struct migrator_conn *c)
{
	PGcancel *k = c ? c->cancel : NULL;
	char err[256];

	if (k)
		(void)PQcancel(k, err, sizeof(err));
}

/* Ours: our name shape, owned by the current role, no session in it. */
static const char stale_sql[] =
	"SELECT d.datname FROM pg_catalog.pg_database d "
	"WHERE d.datname ~ '^" PREFIX "[0-9]{1,19}_[0-9]{1,10}_[0-9a-f]{8}$' "
	"AND d.datdba = (SELECT r.oid FROM pg_catalog.pg_roles r "
	"WHERE r.rolname = current_user) "
	"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a "
	"WHERE a.datname = d.datname) ORDER BY 1";

int pg_scratch_sweep(struct migrator_conn *c, unsigned long max_age_s,
		     struct migrator_strvec *dropped, struct migrator_diag *d)
{
	long long now = (long long)time(NULL);
	PGresult *res;
	int rc = 0;

	if (pg_tx_status(c) != PQTRANS_IDLE)
		return 0; /* DROP DATABASE cannot run in a transaction */
	res = pg_query(c, stale_sql, 0, NULL, d);
	if (!res)
		return MIGRATOR_DRIVER_EDB;
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		const char *name = PQgetvalue(res, i, 0);
		long long made = strtoll(name + strlen(PREFIX), NULL, 10);
		char when[24];

		if (made > now || (unsigned long long)(now - made) < max_age_s)
			continue;
		if (!drop_on(c->pg, name, 0))
			continue;
		snprintf(when, sizeof(when), "%lld", made);
		if (pg_host->strvec_push(dropped, name) ||
		    pg_host->strvec_push(dropped, when))
			rc = pg_nomem(d);
	}
	PQclear(res);
	return rc;
}
