/*
 * test_api_dump.c - the schema file in the public C API
 * (<migrator/migrator.h>): migrator_dump, migrator_dump_file,
 * migrator_dump_expected, migrator_load, and the options' schema_file.
 * Linked to libmigrator.so alone, against real databases through the real
 * driver plugins.
 *
 * SQLite by default, on files in a temporary directory.  On PostgreSQL
 * (tests/embed/api-dump-pg.sh) the databases come from the environment:
 * DUMP_URL_A, DUMP_URL_B, DUMP_URL_C, DUMP_URL_D, four empty databases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <migrator/migrator.h>

#include "embed_util.h"
#include "tap.h"

#define REV1 "a1a1a1a1a1a1"
#define REV2 "b2b2b2b2b2b2"

static const char notes[] =
	"-- migrator:revision " REV1 "\n"
	"-- migrator:message create notes\n\n"
	"-- migrator:upgrade\n"
	"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n"
	"CREATE INDEX notes_body_idx ON notes (body);\n"
	"-- migrator:downgrade\n"
	"DROP TABLE notes;\n";
static const char tags[] =
	"-- migrator:revision " REV2 "\n"
	"-- migrator:down_revision " REV1 "\n"
	"-- migrator:message create tags\n\n"
	"-- migrator:upgrade\n"
	"CREATE TABLE tags (note_id INTEGER REFERENCES notes (id), "
	"tag TEXT);\n"
	"CREATE VIEW tagged AS SELECT n.body, t.tag FROM notes n "
	"JOIN tags t ON t.note_id = n.id;\n"
	"-- migrator:downgrade\n"
	"DROP VIEW tagged;\nDROP TABLE tags;\n";

static char *migs, *url_a, *url_b, *url_c, *url_d;
static int on_sqlite;

/* A context on url and migs; schema_file (options version 3) or NULL;
 * version: the options version to claim. */
static migrator_ctx *open_v(const char *url, const char *schema_file,
			    unsigned version)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;

	o.version = version;
	o.url = url;
	o.migrations = migs;
	o.schema_file = schema_file;
	if (migrator_open_ext(&ctx, &o) != 0)
		printf("# open %s: %s\n", url, migrator_errmsg(ctx));
	return ctx;
}

static migrator_ctx *open_ctx(const char *url, const char *schema_file)
{
	return open_v(url, schema_file, MIGRATOR_OPEN_OPTIONS_VERSION);
}

/* The whole file, malloc'd; NULL when it cannot be read. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (s = calloc((size_t)n + 1, 1)) &&
	    fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* ------------------------------------------------------------------ */

static char *dumped_a; /* the dump of database A at head */

static void test_dump(void)
{
	migrator_ctx *ctx = open_ctx(url_a, NULL);
	char *again = NULL, *path = join(tmpdir, "/a.sql", (char *)NULL);
	char *file;

	check_int(migrator_upgrade(ctx, "head", NULL), ==, 0);
	check_int(migrator_dump(ctx, &dumped_a), ==, 0);
	check(contains(dumped_a, "-- migrator dump of a "));
	check(contains(dumped_a, "notes_body_idx"));
	check(contains(dumped_a, "VIEW"));
	check(contains(dumped_a, "VALUES ('" REV2 "')"));
	/* the version and history tables' own text is not there */
	check(!contains(dumped_a, "migrator_history"));
	/* the same text again, and in a file */
	check_int(migrator_dump(ctx, &again), ==, 0);
	check_str(again, dumped_a);
	check_int(migrator_dump_file(ctx, path), ==, 0);
	file = slurp(path);
	check_str(file, dumped_a);
	/* what the migrations build is the same text */
	migrator_free(again);
	again = NULL;
	check_int(migrator_dump_expected(ctx, &again), ==, 0);
	check_str(again, dumped_a);
	/* bad arguments: the error is in the context */
	check_int(migrator_dump(ctx, NULL), ==, MIGRATOR_EUSAGE);
	check_int(migrator_dump_file(ctx, NULL), ==, MIGRATOR_EUSAGE);
	check_int(migrator_load(ctx, ""), ==, MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "no file given");
	migrator_free(again);
	again = file; /* not NULL: the call must clear it */
	check_int(migrator_dump(NULL, &again), ==, MIGRATOR_ENOMEM);
	check(again == NULL);
	migrator_free(file);
	migrator_close(ctx);
	free(path);
}

static void test_load(void)
{
	migrator_ctx *ctx = open_ctx(url_b, NULL);
	migrator_ctx *full = open_ctx(url_a, NULL);
	char *path = join(tmpdir, "/a.sql", (char *)NULL);
	char *text = NULL;
	const struct migrator_errinfo *e;

	check_int(migrator_load(ctx, path), ==, 0);
	check_str(current(ctx), REV2);
	check_int(migrator_dump(ctx, &text), ==, 0);
	check_str(text, dumped_a);
	/* a database with tables is refused, and stays as it was */
	check_int(migrator_load(full, path), ==, MIGRATOR_EDB);
	check(contains(migrator_errmsg(full), "not empty"));
	check(contains(migrator_errmsg(full), "notes"));
	check_str(current(full), REV2);
	/* a missing file: nothing connects */
	check_int(migrator_load(ctx, "/nonexistent/x.sql"), ==, MIGRATOR_EIO);
	e = migrator_errinfo(ctx);
	check(contains(e->message, "cannot read /nonexistent/x.sql"));
	migrator_free(text);
	migrator_close(ctx);
	migrator_close(full);
	free(path);
}

static void test_load_fails(void)
{
	migrator_ctx *ctx = open_ctx(url_c, NULL);
	char *path = join(tmpdir, "/bad.sql", (char *)NULL);
	const struct migrator_errinfo *e;
	char *text = NULL;

	write_file(tmpdir, "bad.sql",
		   "CREATE TABLE one (id INTEGER);\n\n"
		   "CREATE TABLE two (id INTEGER);\n"
		   "CREATE TABLE one (id INTEGER);\n");
	check_int(migrator_load(ctx, path), ==, MIGRATOR_EDB);
	e = migrator_errinfo(ctx);
	check_str(e->file, path);
	check_int(e->line, ==, 4);
	check(contains(e->message, "nothing was loaded"));
	check(e->detail != NULL);
	/* one transaction: nothing stays; the database loads afterwards */
	write_file(tmpdir, "bad.sql", "CREATE TABLE one (id INTEGER);\n");
	check_int(migrator_load(ctx, path), ==, 0);
	check_int(migrator_dump(ctx, &text), ==, 0);
	check(contains(text, "one"));
	check(!contains(text, "two"));
	migrator_free(text);
	migrator_close(ctx);
	free(path);
}

static void test_schema_file(void)
{
	char *path = join(tmpdir, "/schema.sql", (char *)NULL);
	migrator_ctx *old = open_v(url_d, path, 2);
	migrator_ctx *ctx = open_ctx(url_d, path);
	char *file = NULL;

	/* options version 2 has no schema_file: nothing is written */
	check_int(migrator_upgrade(old, REV1, NULL), ==, 0);
	check(!exists(path));
	check_int(migrator_upgrade(ctx, "head", NULL), ==, 0);
	file = slurp(path);
	check_str(file, dumped_a);
	free(file);
	/* nothing to do: the file is not written */
	check_int(unlink(path), ==, 0);
	check_int(migrator_upgrade(ctx, "head", NULL), ==, 0);
	check(!exists(path));
	check_int(migrator_stamp(ctx, "head", 0), ==, 0);
	check(!exists(path));
	/* downgrade and stamp that change the database write it */
	check_int(migrator_downgrade(ctx, "-1", NULL), ==, 0);
	file = slurp(path);
	check(contains(file, "VALUES ('" REV1 "')"));
	check(!contains(file, "tags"));
	free(file);
	check_int(migrator_stamp(ctx, "head", 0), ==, 0);
	file = slurp(path);
	check(contains(file, "VALUES ('" REV2 "')"));
	free(file);
	migrator_close(old);
	migrator_close(ctx);
	free(path);
}

int main(int argc, char **argv)
{
	static const char *const vars[] = {"DUMP_URL_A", "DUMP_URL_B",
					   "DUMP_URL_C", "DUMP_URL_D", NULL};
	int rc;

	on_sqlite = embed_setup(argc, argv, vars, "tests/embed/api-dump-pg.sh");
	url_a = url_or_sqlite("DUMP_URL_A", "a");
	url_b = url_or_sqlite("DUMP_URL_B", "b");
	url_c = url_or_sqlite("DUMP_URL_C", "c");
	url_d = url_or_sqlite("DUMP_URL_D", "d");
	migs = new_dir("migs");
	write_file(migs, REV1 "_create_notes.sql", notes);
	write_file(migs, REV2 "_create_tags.sql", tags);
	printf("# on %s\n", on_sqlite ? "SQLite" : "PostgreSQL");

	TEST(test_dump(),
	     "dump: the schema and stamp, the same text twice, in a file, "
	     "and from the migrations");
	TEST(test_load(),
	     "load: builds the same database; a full one is refused");
	TEST(test_load_fails(),
	     "load: a failing statement names file and line, loads nothing");
	TEST(test_schema_file(),
	     "schema_file: written after runs and stamps that change the "
	     "database, not after others");
	rc = test_done();
	cleanup();
	migrator_free(dumped_a);
	free(migs);
	free(url_a);
	free(url_b);
	free(url_c);
	free(url_d);
	return rc;
}
