/*
 * app.c - what an application that embeds libmigrator looks like: it
 * migrates its database on start-up, then uses the table the migrations
 * created.  tests/embed/installed.sh builds it against the installed tree
 * with nothing but
 *
 *     cc app.c $(pkg-config --cflags --libs libmigrator) (+ its own
 *        database library: sqlite3 or libpq)
 *
 * Usage: app URL MIGRATIONS_DIR.  Prints one line per migration that ran
 * (through the event callback), then "notes: N, last by AUTHOR: BODY".
 * Exit status: migrator_exit_status() of the failure, else 0.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>
#include <migrator/migrator.h>
#include <sqlite3.h>

static void on_event(const struct migrator_event *ev, void *payload)
{
	FILE *out = payload;

	if (ev->kind == MIGRATOR_EVENT_STEP_DONE)
		fprintf(out, "migrated: %s  (%lu ms)\n", ev->text,
			ev->elapsed_ms);
	else if (ev->kind == MIGRATOR_EVENT_WARNING)
		fprintf(stderr, "app: warning: %s\n", ev->text);
}

/* Start-up: bring the schema to head, or say why not. */
static int migrate(const char *url, const char *dir)
{
	migrator_ctx *ctx = NULL;
	int rc = migrator_open(&ctx, url, dir);

	if (rc == 0) {
		migrator_set_event_callback(ctx, on_event, stdout);
		rc = migrator_upgrade(ctx, "head", NULL);
	}
	if (rc != 0) {
		fprintf(stderr, "app: cannot migrate: %s\n",
			migrator_errmsg(ctx));
		if (migrator_errinfo(ctx)->detail)
			fprintf(stderr, "app: detail: %s\n",
				migrator_errinfo(ctx)->detail);
		rc = migrator_exit_status(migrator_errcode(ctx));
	}
	migrator_close(ctx);
	return rc;
}

static int use_sqlite(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = 1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_exec(db, "INSERT INTO notes (body) VALUES ('hello')",
			 NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(db,
			       "SELECT (SELECT count(*) FROM notes), author, "
			       "body FROM notes ORDER BY id DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto out;
	printf("notes: %d, last by %s: %s\n", sqlite3_column_int(st, 0),
	       (const char *)sqlite3_column_text(st, 1),
	       (const char *)sqlite3_column_text(st, 2));
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "app: sqlite: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static int use_postgres(const char *url)
{
	PGconn *pg = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = 1;

	if (PQstatus(pg) != CONNECTION_OK)
		goto out;
	res = PQexec(pg, "INSERT INTO notes (id, body) SELECT "
			 "coalesce(max(id), 0) + 1, 'hello' FROM notes");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto out;
	PQclear(res);
	res = PQexec(pg, "SELECT (SELECT count(*) FROM notes), author, body "
			 "FROM notes ORDER BY id DESC LIMIT 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		goto out;
	printf("notes: %s, last by %s: %s\n", PQgetvalue(res, 0, 0),
	       PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "app: postgresql: %s", PQerrorMessage(pg));
	PQclear(res);
	PQfinish(pg);
	return rc;
}

int main(int argc, char **argv)
{
	const char *url;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: app URL MIGRATIONS_DIR\n");
		return 2;
	}
	url = argv[1];
	rc = migrate(url, argv[2]);
	if (rc != 0)
		return rc;
	if (strncmp(url, "sqlite:///", 10) == 0)
		return use_sqlite(url + 10);
	return use_postgres(url);
}
