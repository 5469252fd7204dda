/*
 * pg_introspect.c - `check` support (driver ABI 1.1): the schema of
 * current_schema() from the catalogs, and the scratch database.
 *
 * Types are format_type()'s spelling ("character varying(200)",
 * "timestamp with time zone"), defaults pg_get_expr()'s, index columns
 * pg_get_indexdef()'s (expressions included; a partial index adds
 * " WHERE predicate"): the server's canonical text, so the same DDL reads
 * the same in both databases.
 *
 * The scratch database: check runs the migrations in a database of its
 * own, CREATE DATABASE migrator_check_<pid>_<random> TEMPLATE template0
 * (the role needs CREATEDB), so that revisions marked "transactional
 * false" (CREATE INDEX CONCURRENTLY) run as they do for real, and nothing
 * touches the live database.  The scratch connection remembers its parent
 * and the name; closing it drops the database through the parent.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pg_internal.h"

static int sink(int rc, struct migrator_diag *d)
{
	return rc < 0 ? pg_nomem(d) : 0;
}

static const char *val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

#define IN_SCHEMA \
	"JOIN pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "

static const char tables_sql[] =
	"SELECT c.relname FROM pg_class c " IN_SCHEMA "ORDER BY 1";

static const char columns_sql[] =
	"SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
	"a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid) "
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
	"LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid "
	"AND ad.adnum = a.attnum " IN_SCHEMA
	"AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum";

static const char indexes_sql[] =
	"SELECT c.relname, i.relname, ix.indisunique, "
	"(SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), ', ' "
	"ORDER BY k) FROM generate_series(1, ix.indnkeyatts) k) || "
	"coalesce(' WHERE ' || pg_get_expr(ix.indpred, ix.indrelid, true), '') "
	"FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
	"JOIN pg_class c ON c.oid = ix.indrelid " IN_SCHEMA "ORDER BY 1, 2";

#define KEY_COLUMNS(keys, rel) \
	"(SELECT string_agg(a.attname, ', ' ORDER BY k.i) " \
	"FROM unnest(con." keys ") WITH ORDINALITY k(num, i) " \
	"JOIN pg_attribute a ON a.attrelid = con." rel " AND a.attnum = k.num)"

static const char fkeys_sql[] =
	"SELECT c.relname, " KEY_COLUMNS("conkey", "conrelid") ", r.relname, "
	KEY_COLUMNS("confkey", "confrelid") " "
	"FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
	"JOIN pg_class r ON r.oid = con.confrelid " IN_SCHEMA
	"AND con.contype = 'f' ORDER BY 1, 2, 3, 4";

enum what { TABLES, COLUMNS, INDEXES, FKEYS };

static int push_rows(struct migrator_conn *c, enum what w, const char *sql,
		     struct migrator_schema *out, struct migrator_diag *d)
{
	const struct migrator_host *h = pg_host;
	PGresult *res = pg_query(c, sql, 0, NULL, d);
	int rc = 0;

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		const char *t = val(res, i, 0);

		switch (w) {
		case TABLES: rc = h->schema_table(out, t); break;
		case COLUMNS:
			rc = h->schema_column(out, t, val(res, i, 1),
					      val(res, i, 2),
					      strcmp(PQgetvalue(res, i, 3),
						     "t") == 0,
					      val(res, i, 4));
			break;
		case INDEXES:
			rc = h->schema_index(out, t, val(res, i, 1),
					     strcmp(PQgetvalue(res, i, 2),
						    "t") == 0,
					     val(res, i, 3));
			break;
		case FKEYS:
			rc = h->schema_fkey(out, t, val(res, i, 1),
					    val(res, i, 2), val(res, i, 3));
			break;
		}
		rc = sink(rc, d);
	}
	PQclear(res);
	return rc;
}

int pg_introspect(struct migrator_conn *c, struct migrator_schema *out,
		  struct migrator_diag *d)
{
	int rc;

	if (pg_host->abi_minor < 1 ||
	    pg_host->size < offsetof(struct migrator_host, schema_fkey) +
				    sizeof(pg_host->schema_fkey))
		return pg_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					 "this migrator cannot take a schema "
					 "from the postgres driver");
	rc = push_rows(c, TABLES, tables_sql, out, d);
	if (rc == 0)
		rc = push_rows(c, COLUMNS, columns_sql, out, d);
	if (rc == 0)
		rc = push_rows(c, INDEXES, indexes_sql, out, d);
	if (rc == 0)
		rc = push_rows(c, FKEYS, fkeys_sql, out, d);
	return rc;
}

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

/* Best effort: a failure leaves a database whose name says what it was. */
static void drop_db(struct migrator_conn *parent, const char *name)
{
	char sql[128];

	/* WITH (FORCE) (PostgreSQL 13+) ends any session still going. */
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s%s", name,
		 PQserverVersion(parent->pg) >= 130000 ? " WITH (FORCE)" : "");
	PQclear(PQexec(parent->pg, sql));
}

static int run_sql(struct migrator_conn *c, const char *sql,
		   struct migrator_diag *d)
{
	PGresult *res = pg_query(c, sql, 0, NULL, d);

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	PQclear(res);
	return 0;
}

int pg_scratch_connect(struct migrator_conn **out, struct migrator_conn *c,
		       const struct migrator_connect_params *params,
		       struct migrator_diag *d)
{
	const char *keys[] = {"dbname", "dbname", "fallback_application_name",
			      NULL};
	const char *values[4];
	struct migrator_conn *sc;
	char name[64], sql[128];
	int rc;

	*out = NULL;
	/* lower-case letters, digits and '_': no quoting needed */
	snprintf(name, sizeof(name), "migrator_check_%ld_%08lx",
		 (long)getpid(), scratch_random() & 0xffffffffUL);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE template0",
		 name);
	rc = run_sql(c, sql, d);
	if (rc) {
		pg_host->diag_hint(d, "The check command builds the expected "
				      "schema in a scratch database: grant "
				      "CREATEDB to this role (ALTER ROLE name CREATEDB).");
		return rc;
	}
	sc = calloc(1, sizeof(*sc));
	if (!sc) {
		rc = pg_nomem(d);
		goto fail;
	}
	sc->scratch_of = c;
	sc->scratch_db = strdup(name);
	if (!sc->scratch_db) {
		rc = pg_nomem(d);
		goto fail;
	}
	/* The first dbname is the user's URL, expanded; the second
	 * overrides only the database name (libpq's rule). */
	values[0] = params->url;
	values[1] = name;
	values[2] = "migrator";
	values[3] = NULL;
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
	*out = sc;
	return 0;
fail:
	if (sc) {
		PQfinish(sc->pg);
		sc->pg = NULL;
		free(sc->scratch_db);
		free(sc);
	}
	drop_db(c, name);
	return rc;
}

void pg_scratch_drop(struct migrator_conn *sc)
{
	if (!sc->scratch_of || !sc->scratch_db)
		return;
	drop_db(sc->scratch_of, sc->scratch_db);
	free(sc->scratch_db);
	sc->scratch_db = NULL;
}
