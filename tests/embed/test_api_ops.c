/*
 * test_api_ops.c - the operations of the public C API
 * (<migrator/migrator.h>) beside upgrade and downgrade: plans, offline
 * SQL, stamp, edited files, check's strict rule, lint, authoring,
 * interrupting, option versions.  Linked to libmigrator.so alone, against
 * real databases through the real driver plugins.
 *
 * SQLite by default, on files in a temporary directory.  On PostgreSQL
 * (tests/embed/api-ops-pg.sh) the databases come from the environment:
 * OPS_URL_PLAN, OPS_URL_STAMP, OPS_URL_EDIT, three empty databases.  The
 * lint hook plugin comes from the build tree (next to $MIGRATOR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <migrator/migrator.h>

#include "embed_util.h"
#include "tap.h"

static char *migs, *migs_three, *migs_touched, *migs_changed, *migs_lint;
static char *url_plan, *url_stamp, *url_edit, *url_offline;
static int on_sqlite;
static const char *dialect;

#define REV1 "d4d4d4d4d4d4"
#define REV2 "e5e5e5e5e5e5"
#define REV3 "f6f6f6f6f6f6"

/* Each revision is a header, then its two sections. */
#define HEAD(id, parent, msg) \
	"-- migrator:revision " id "\n" parent "-- migrator:message " msg "\n\n"
#define SECTIONS(up, down) \
	"-- migrator:upgrade\n" up "-- migrator:downgrade\n" down
#define AFTER(id) "-- migrator:down_revision " id "\n"

static const char notes[] =
	HEAD(REV1, "", "create notes")
	SECTIONS("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n",
		 "DROP TABLE notes;\n");
/* REV2: adds column col of type (after the line pre, "" for none). */
#define ADD_COLUMN(msg, pre, col, type) \
	HEAD(REV2, AFTER(REV1), msg) \
	SECTIONS(pre "ALTER TABLE notes ADD COLUMN " col " " type ";\n", \
		 "ALTER TABLE notes DROP COLUMN " col ";\n")

static const char author[] = ADD_COLUMN("add author", "", "author", "TEXT");
/* The same revision after it ran, with a comment added: another checksum,
 * the same schema; and edited to build another column: drift. */
static const char author_touched[] =
	ADD_COLUMN("add author", "-- reviewed\n", "author", "TEXT");
static const char author_changed[] =
	ADD_COLUMN("add author", "", "writer", "TEXT");
/* lint flags it on both backends: NOT NULL without a default. */
static const char code[] =
	ADD_COLUMN("add code", "", "code", "INTEGER NOT NULL");
static const char tags[] =
	HEAD(REV3, AFTER(REV2), "add tags")
	SECTIONS("CREATE TABLE tags (id INTEGER PRIMARY KEY);\n",
		 "DROP TABLE tags;\n");

/* ------------------------------------------------------------------ */

/* A context on url and dir; lazy: no URL needed.  strict as given. */
static migrator_ctx *open_ctx(const char *url, const char *dir, int lazy,
			      int strict)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;

	o.url = url;
	o.migrations = dir;
	o.flags = lazy ? MIGRATOR_OPEN_LAZY : 0;
	o.strict = strict;
	if (migrator_open_ext(&ctx, &o) != 0)
		printf("# open %s: %s\n", dir, migrator_errmsg(ctx));
	return ctx;
}

/* What the events of a call said. */
struct seen {
	int warnings, other;
	char last[512];
	char plugin[32];
};

static void on_event(const struct migrator_event *ev, void *payload)
{
	struct seen *s = payload;

	if (ev->kind != MIGRATOR_EVENT_WARNING) {
		s->other++;
		return;
	}
	s->warnings++;
	snprintf(s->last, sizeof(s->last), "%s", ev->text);
	snprintf(s->plugin, sizeof(s->plugin), "%s",
		 ev->plugin ? ev->plugin : "");
}

/* The SQLite file behind url: its size, or -1 when there is none (and
 * on PostgreSQL). */
static long long file_size(const char *url)
{
	struct stat st;

	if (!on_sqlite || strncmp(url, "sqlite:///", 10) != 0)
		return -1;
	return stat(url + 9, &st) == 0 ? (long long)st.st_size : -1;
}

/* ------------------------------------------------------------------ */

static void check_step(const migrator_plan *p, size_t i,
		       enum migrator_direction dir, const char *text)
{
	const migrator_step *st = migrator_plan_get(p, i);

	check(st != NULL);
	check_str(migrator_step_text(st), text);
	check_int(migrator_step_direction(st), ==, dir);
	check(migrator_step_revision(st) != NULL);
}

static void test_plans(void)
{
	migrator_ctx *ctx = open_ctx(url_plan, migs, 0, 0);
	migrator_plan *p = NULL;
	long long size = file_size(url_plan);

	/* an empty database: both revisions, and nothing written */
	check_int(migrator_plan_new(ctx, MIGRATOR_UPGRADE, "head", &p), ==, 0);
	check_int(migrator_plan_count(p), ==, 2);
	check_step(p, 0, MIGRATOR_UPGRADE,
		   "upgrade <base> -> " REV1 "  create notes");
	check_step(p, 1, MIGRATOR_UPGRADE,
		   "upgrade " REV1 " -> " REV2 "  add author");
	check(migrator_plan_get(p, 2) == NULL);
	check(migrator_step_revision(migrator_plan_get(p, 0)) !=
	      migrator_step_revision(migrator_plan_get(p, 1)));
	migrator_plan_free(p);
	check_str(current(ctx), "");
	check_int(file_size(url_plan), ==, size);
	check_int(migrator_plan_new(ctx, MIGRATOR_DOWNGRADE, "base", &p), ==,
		  0);
	check_int(migrator_plan_count(p), ==, 0);
	migrator_plan_free(p);

	/* pending: what is left, either way; the stamp stays */
	check_int(migrator_upgrade(ctx, REV1, NULL), ==, 0);
	check_int(migrator_plan_new(ctx, MIGRATOR_UPGRADE, "head", &p), ==, 0);
	check_int(migrator_plan_count(p), ==, 1);
	check_step(p, 0, MIGRATOR_UPGRADE,
		   "upgrade " REV1 " -> " REV2 "  add author");
	migrator_plan_free(p);
	check_int(migrator_plan_new(ctx, MIGRATOR_DOWNGRADE, "base", &p), ==,
		  0);
	check_int(migrator_plan_count(p), ==, 1);
	check_step(p, 0, MIGRATOR_DOWNGRADE,
		   "downgrade " REV1 " -> <base>  create notes");
	migrator_plan_free(p);
	check_str(current(ctx), REV1);

	/* a missing SQLite file is an error, and stays missing */
	if (on_sqlite) {
		migrator_ctx *none = open_ctx(url_offline, migs, 0, 0);

		check_int(migrator_plan_new(none, MIGRATOR_UPGRADE, "head",
					    &p),
			  ==, MIGRATOR_EDB);
		check_int(migrator_edited(none, NULL), ==, MIGRATOR_EDB);
		check_int(file_size(url_offline), ==, -1);
		migrator_close(none);
	}

	/* errors: *out NULL, the error in the context */
	p = (migrator_plan *)ctx; /* not NULL: the call must clear it */
	check_int(migrator_plan_new(ctx, MIGRATOR_UPGRADE, "nosuchrev", &p),
		  ==, MIGRATOR_EUSAGE);
	check(p == NULL);
	check(contains(migrator_errmsg(ctx), "nosuchrev"));
	check_int(migrator_plan_new(ctx, (enum migrator_direction)7, "head",
				    &p),
		  ==, MIGRATOR_EUSAGE);
	check_int(migrator_plan_new(ctx, MIGRATOR_UPGRADE, "", &p), ==,
		  MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "no target given");
	check_int(migrator_plan_new(ctx, MIGRATOR_UPGRADE, "head", NULL), ==,
		  MIGRATOR_EUSAGE);
	migrator_close(ctx);

	/* NULL is safe */
	check_int(migrator_plan_count(NULL), ==, 0);
	check(migrator_plan_get(NULL, 0) == NULL);
	check(migrator_step_text(NULL) == NULL);
	check(migrator_step_revision(NULL) == NULL);
	migrator_plan_free(NULL);
	check_int(migrator_plan_new(NULL, MIGRATOR_UPGRADE, "head", &p), ==,
		  MIGRATOR_ENOMEM);
}

static void test_offline_sql(void)
{
	migrator_ctx *ctx = open_ctx(url_offline, migs, 1, 0);
	char *sql = (char *)"x";

	check_int(migrator_offline_sql(ctx, MIGRATOR_UPGRADE, "head", &sql),
		  ==, 0);
	/* the migrations, the stamp table, the stamp with literal IDs */
	check(contains(sql, "CREATE TABLE notes"));
	check(contains(sql, "ADD COLUMN author"));
	check(contains(sql, "migrator_version"));
	check(contains(sql, "INSERT INTO"));
	check(contains(sql, "'" REV1 "'"));
	check(contains(sql, "'" REV2 "'"));
	migrator_free(sql);
	check_int(migrator_offline_sql(ctx, MIGRATOR_DOWNGRADE, REV2 ":base",
				       &sql),
		  ==, 0);
	check(contains(sql, "DROP TABLE notes"));
	check(contains(sql, "DELETE FROM"));
	check(!contains(sql, "CREATE TABLE notes"));
	migrator_free(sql);
	/* it connected to nothing */
	if (on_sqlite)
		check_int(file_size(url_offline), ==, -1);
	sql = (char *)"x";
	check_int(migrator_offline_sql(ctx, MIGRATOR_UPGRADE, "nosuchrev",
				       &sql),
		  ==, MIGRATOR_EUSAGE);
	check(sql == NULL);
	check_int(migrator_offline_sql(ctx, MIGRATOR_UPGRADE, "head", NULL),
		  ==, MIGRATOR_EUSAGE);
	migrator_free(NULL);
	migrator_close(ctx);

	/* no URL: no dialect to write */
	ctx = open_ctx(NULL, migs, 1, 0);
	check_int(migrator_offline_sql(ctx, MIGRATOR_UPGRADE, "head", &sql),
		  ==, MIGRATOR_ECONFIG);
	check(contains(migrator_errmsg(ctx), "needs a database URL"));
	migrator_close(ctx);
}

static void test_stamp(void)
{
	migrator_ctx *ctx = open_ctx(url_stamp, migs_three, 0, 0);

	check_int(migrator_stamp(ctx, REV2, 0), ==, 0);
	check_str(current(ctx), REV2);
	check_int(migrator_stamp(ctx, "base", 0), ==, 0);
	check_str(current(ctx), "");
	check_int(migrator_stamp(ctx, REV3, 0), ==, 0);
	check_str(current(ctx), REV3);
	check_int(migrator_stamp(ctx, NULL, 0), ==, MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "no target given");
	check_int(migrator_stamp(ctx, REV1, 0x4), ==, MIGRATOR_EUSAGE);
	check(contains(migrator_errmsg(ctx), "flags"));
	check_str(current(ctx), REV3);
	migrator_close(ctx);

	/* the stamp names a revision these migrations lack: only PURGE
	 * gets out of it */
	ctx = open_ctx(url_stamp, migs, 0, 0);
	check_str(current(ctx), "ERROR");
	check_int(migrator_errcode(ctx), ==, MIGRATOR_ESTAMP);
	check_int(migrator_stamp(ctx, REV1, 0), ==, MIGRATOR_ESTAMP);
	check(contains(migrator_errmsg(ctx), REV3));
	check_int(migrator_stamp(ctx, REV1, MIGRATOR_STAMP_PURGE), ==, 0);
	check_str(current(ctx), REV1);
	migrator_close(ctx);

	/* a lazy context without URL has no database to stamp */
	ctx = open_ctx(NULL, migs, 1, 0);
	check_int(migrator_stamp(ctx, REV1, 0), ==, MIGRATOR_ECONFIG);
	migrator_close(ctx);
}

#define EDITED_TEXT \
	"_add_author.sql was edited after revision " REV2 " was applied " \
	"(its checksum differs from the run history)"

static void test_edited(void)
{
	migrator_ctx *ctx = open_ctx(url_edit, migs, 0, 0);
	migrator_revlist *l = NULL;
	migrator_driftlist *drift = NULL;
	struct seen s;
	char *path = join(migs_touched, "/" REV2 "_add_author.sql", (char *)NULL);

	/* nothing applied, nothing edited */
	memset(&s, 0, sizeof(s));
	migrator_set_event_callback(ctx, on_event, &s);
	check_int(migrator_edited(ctx, &l), ==, 0);
	check_int(migrator_revlist_count(l), ==, 0);
	migrator_revlist_free(l);
	check_int(migrator_upgrade(ctx, "head", NULL), ==, 0);
	check_int(migrator_edited(ctx, &l), ==, 0);
	check_int(migrator_revlist_count(l), ==, 0);
	migrator_revlist_free(l);
	check_int(s.warnings, ==, 0);
	migrator_close(ctx);

	/* REV2's file got a comment: edited, one warning each time */
	ctx = open_ctx(url_edit, migs_touched, 0, 0);
	migrator_set_event_callback(ctx, on_event, &s);
	check_int(migrator_edited(ctx, &l), ==, 0);
	check_str(list_text(l), REV2);
	migrator_revlist_free(l);
	check_int(s.warnings, ==, 1);
	check(strncmp(s.last, path, strlen(path)) == 0);
	check(contains(s.last, EDITED_TEXT));
	check_str(s.plugin, "");
	check_int(migrator_edited(ctx, NULL), ==, 0);
	check_int(s.warnings, ==, 2);
	/* not strict: the schema matches, no drift, no events */
	check_int(migrator_check_schema(ctx, &drift), ==, 0);
	check_int(migrator_driftlist_count(drift), ==, 0);
	migrator_driftlist_free(drift);
	check_int(s.warnings, ==, 2);
	migrator_close(ctx);

	/* strict: EDRIFT, with the list all the same; check counts it as
	 * drift without differences and without events */
	memset(&s, 0, sizeof(s));
	ctx = open_ctx(url_edit, migs_touched, 0, 1);
	migrator_set_event_callback(ctx, on_event, &s);
	check_int(migrator_edited(ctx, &l), ==, MIGRATOR_EDRIFT);
	check_str(list_text(l), REV2);
	migrator_revlist_free(l);
	check_str(migrator_errmsg(ctx),
		  "1 applied migration file was edited (--strict)");
	check_int(s.warnings, ==, 1);
	drift = NULL;
	check_int(migrator_check_schema(ctx, &drift), ==, MIGRATOR_EDRIFT);
	check(drift != NULL);
	check_int(migrator_driftlist_count(drift), ==, 0);
	migrator_driftlist_free(drift);
	check_str(migrator_errmsg(ctx),
		  "1 applied migration file was edited (--strict)");
	check_int(s.warnings, ==, 1);
	migrator_close(ctx);

	/* strict, and the edit changed the schema: the differences win */
	ctx = open_ctx(url_edit, migs_changed, 0, 1);
	check_int(migrator_check_schema(ctx, &drift), ==, MIGRATOR_EDRIFT);
	check_int(migrator_driftlist_count(drift), >=, 2);
	migrator_driftlist_free(drift);
	check_str(migrator_errmsg(ctx),
		  "the database schema differs from what the migrations build");
	migrator_close(ctx);
	free(path);
}

static void test_lint(void)
{
	migrator_ctx *ctx = open_ctx(NULL, migs_lint, 1, 0);
	unsigned long w = 99;
	char *sql = NULL;
	struct seen s;

	memset(&s, 0, sizeof(s));
	migrator_set_event_callback(ctx, on_event, &s);
	check_int(migrator_lint(ctx, dialect, NULL, &w), ==, 0);
	check_int(w, ==, 1);
	check_int(s.warnings, ==, 1);
	check_str(s.plugin, "lint");
	check(contains(s.last, REV2 "_add_code.sql:6: lint: "));
	/* ranges: REV1 alone is fine; after REV1 is REV2 */
	check_int(migrator_lint(ctx, dialect, REV1, &w), ==, 0);
	check_int(w, ==, 0);
	check_int(migrator_lint(ctx, dialect, REV1 ":", &w), ==, 0);
	check_int(w, ==, 1);
	check_int(migrator_lint(ctx, dialect, NULL, NULL), ==, 0);
	/* no dialect and no URL to take one from */
	w = 99;
	check_int(migrator_lint(ctx, NULL, NULL, &w), ==, MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "lint needs a dialect");
	check_int(w, ==, 0);
	check_int(migrator_lint(ctx, "", NULL, &w), ==, MIGRATOR_EUSAGE);
	check_int(migrator_lint(ctx, dialect, "nosuchrev", &w), ==,
		  MIGRATOR_EUSAGE);
	check_int(w, ==, 0);
	migrator_close(ctx);

	/* strict: the findings fail, and are counted */
	ctx = open_ctx(NULL, migs_lint, 1, 1);
	check_int(migrator_lint(ctx, dialect, NULL, &w), ==, MIGRATOR_EPLUGIN);
	check_int(w, ==, 1);
	check_str(migrator_errmsg(ctx), "lint found 1 risky statement");
	migrator_close(ctx);

	/* the URL's dialect, without connecting, after a call that loaded
	 * the hook plugins without lint */
	ctx = open_ctx(url_offline, migs_lint, 0, 0);
	check_int(migrator_offline_sql(ctx, MIGRATOR_UPGRADE, "head", &sql),
		  ==, 0);
	migrator_free(sql);
	check_int(migrator_lint(ctx, NULL, NULL, &w), ==, 0);
	check_int(w, ==, 1);
	if (on_sqlite)
		check_int(file_size(url_offline), ==, -1);
	migrator_close(ctx);
}

/* The revision ID of a path ".../ID_slug.sql", copied into id[13]. */
static void id_of(char id[13], const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;

	snprintf(id, 13, "%s", base ? base + 1 : "");
}

/* The heads of dir, read by a new context, as "A,B". */
static const char *heads_of(const char *dir)
{
	migrator_ctx *ctx = open_ctx(NULL, dir, 1, 0);
	migrator_revlist *l = NULL;
	const char *s = "ERROR";

	if (migrator_heads(ctx, &l) == 0)
		s = list_text(l);
	migrator_revlist_free(l);
	migrator_close(ctx);
	return s;
}

static int is_file(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* issue 17: import converts a dbmate directory into the context's (or
 * the given) directory and says what it did; bad input writes nothing;
 * adopt checks its arguments before it connects. */
static void test_import(void)
{
	char *src = new_dir("dbmate_src");
	char *dir = join(tmpdir, "/imported", (char *)NULL);
	char *second = join(tmpdir, "/second", (char *)NULL);
	migrator_ctx *ctx = open_ctx(NULL, dir, 1, 0);
	char *summary = (char *)"x";
	struct stat st;

	write_file(src, "20240101000000_create_notes.sql",
		   "-- migrate:up\nCREATE TABLE notes (id INTEGER);\n\n"
		   "-- migrate:down\nDROP TABLE notes;\n");
	write_file(src, "20240102000000_index_notes.sql",
		   "-- migrate:up transaction:false\n"
		   "CREATE INDEX notes_id ON notes (id);\n");
	check_int(migrator_import(ctx, "dbmate", src, NULL, &summary), ==, 0);
	check(contains(summary, "imported 2 revisions from dbmate"));
	check(contains(summary, "20240102000000 <- "
				"20240102000000_index_notes.sql"));
	migrator_free(summary);
	check_str(heads_of(dir), "20240102000000");
	/* again: the revisions exist, nothing more is written */
	summary = (char *)"x";
	check_int(migrator_import(ctx, "dbmate", src, NULL, &summary), ==,
		  MIGRATOR_EUSAGE);
	check(summary == NULL);
	check(contains(migrator_errmsg(ctx), "exists already"));
	/* a file of no known pattern: nothing written into a new directory */
	write_file(src, "notes.txt", "x\n");
	check_int(migrator_import(ctx, "dbmate", src, second, NULL), ==,
		  MIGRATOR_ESCRIPT);
	check(contains(migrator_errmsg(ctx), "is not a dbmate migration"));
	check(stat(second, &st) != 0);
	check_int(migrator_import(ctx, "liquibase", src, NULL, NULL), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_import(ctx, "dbmate", NULL, NULL, NULL), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_adopt(ctx, "dbmate", NULL, 0x80, NULL), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_adopt(ctx, NULL, NULL, 0, NULL), ==, MIGRATOR_EUSAGE);
	migrator_close(ctx);
	free(src);
	free(dir);
	free(second);
}

static void test_authoring(void)
{
	char *proj = new_dir("proj");
	char *dir = join(proj, "/migrations", (char *)NULL);
	char *ini = join(proj, "/migrator.ini", (char *)NULL);
	struct migrator_revision_spec spec = MIGRATOR_REVISION_SPEC_INIT;
	const char *both[] = {"heads"};
	migrator_ctx *ctx = open_ctx(NULL, dir, 1, 0);
	char *a = NULL, *b = NULL, *c = NULL, *m = NULL, *none = (char *)"x";
	char ida[13], idb[13], idc[13], idm[13], two[40];
	unsigned made = 99;
	struct stat st;

	/* a project: the directory and the config file */
	check_int(migrator_project_init(ctx, ini, &made), ==, 0);
	check_int(made, ==, MIGRATOR_INIT_MADE_DIR);
	check(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
	check(is_file(ini));
	check_int(migrator_project_init(ctx, ini, &made), ==,
		  MIGRATOR_EUSAGE);
	check_int(made, ==, 0);
	check_int(migrator_project_init(ctx, NULL, NULL), ==,
		  MIGRATOR_EUSAGE);

	/* two revisions in a row: the second builds on the first */
	spec.message = "create users";
	check_int(migrator_revision_create(ctx, &spec, &a), ==, 0);
	check(is_file(a));
	check(a && strncmp(a, dir, strlen(dir)) == 0);
	check(contains(a, "_create_users.sql"));
	id_of(ida, a);
	spec.message = "add email";
	check_int(migrator_revision_create(ctx, &spec, &b), ==, 0);
	id_of(idb, b);
	check_str(heads_of(dir), idb);
	/* a branch from the first: two heads, in this context too */
	spec.message = "add phone";
	spec.head = ida;
	check_int(migrator_revision_create(ctx, &spec, &c), ==, 0);
	id_of(idc, c);
	snprintf(two, sizeof(two), "%s,%s", strcmp(idb, idc) < 0 ? idb : idc,
		 strcmp(idb, idc) < 0 ? idc : idb);
	check_str(heads_of(dir), two);
	{
		migrator_revlist *l = NULL;

		check_int(migrator_heads(ctx, &l), ==, 0);
		check_str(list_text(l), two);
		migrator_revlist_free(l);
	}
	/* two heads: a new revision must say which one */
	spec.head = NULL;
	check_int(migrator_revision_create(ctx, &spec, &none), ==,
		  MIGRATOR_EUSAGE);
	check(none == NULL);
	/* merge them */
	check_int(migrator_merge(ctx, "join", both, 1, &m), ==, 0);
	id_of(idm, m);
	check_str(heads_of(dir), idm);

	/* bad specs */
	spec.message = NULL;
	check_int(migrator_revision_create(ctx, &spec, NULL), ==,
		  MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "revision needs a message");
	spec.message = "later";
	spec.version = MIGRATOR_REVISION_SPEC_VERSION + 1;
	check_int(migrator_revision_create(ctx, &spec, NULL), ==,
		  MIGRATOR_EUSAGE);
	check(contains(migrator_errmsg(ctx), "revision spec version 2"));
	spec.version = 0;
	check_int(migrator_revision_create(ctx, &spec, NULL), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_revision_create(ctx, NULL, NULL), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_merge(ctx, NULL, both, 1, NULL), ==,
		  MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "merge needs a message");
	check_int(migrator_merge(ctx, "again", both, 1, NULL), ==,
		  MIGRATOR_EUSAGE);
	check(contains(migrator_errmsg(ctx), "nothing to merge"));
	check_str(heads_of(dir), idm);
	migrator_close(ctx);
	migrator_free(a);
	migrator_free(b);
	migrator_free(c);
	migrator_free(m);
	free(ini);
	free(dir);
	free(proj);
}

static void test_interrupt(void)
{
	migrator_ctx *ctx = open_ctx(NULL, migs, 1, 0);

	check_int(migrator_interrupt(NULL), ==, 0);
	check_int(migrator_stamp(ctx, NULL, 0), ==, MIGRATOR_EUSAGE);
	/* no run: nothing to do; the last error stays */
	check_int(migrator_interrupt(ctx), ==, 0);
	check_int(migrator_errcode(ctx), ==, MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "no target given");
	migrator_close(ctx);
}

static void test_options_versions(void)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;
	migrator_revlist *l = NULL;
	char unknown[64];

	/* version 1: its members only (0 lock timeout: the default) */
	o.version = 1;
	o.migrations = migs;
	o.lock_timeout_ms = 0;
	o.flags = MIGRATOR_OPEN_LAZY; /* version 2: not read, a URL needed */
	check_int(migrator_open_ext(&ctx, &o), ==, MIGRATOR_ECONFIG);
	migrator_close(ctx);
	o.url = url_plan;
	check_int(migrator_open_ext(&ctx, &o), ==, 0);
	check_int(migrator_heads(ctx, &l), ==, 0);
	check_str(list_text(l), REV2);
	migrator_revlist_free(l);
	migrator_close(ctx);
	/* a version this library does not know */
	o.version = MIGRATOR_OPEN_OPTIONS_VERSION + 1;
	check_int(migrator_open_ext(&ctx, &o), ==, MIGRATOR_EUSAGE);
	snprintf(unknown, sizeof(unknown), "options version %u",
		 MIGRATOR_OPEN_OPTIONS_VERSION + 1);
	check(contains(migrator_errmsg(ctx), unknown));
	check_int(migrator_plan_new(ctx, MIGRATOR_UPGRADE, "head", NULL), ==,
		  MIGRATOR_EUSAGE);
	check(contains(migrator_errmsg(ctx), "failed to open"));
	migrator_close(ctx);
	o.version = 0;
	check_int(migrator_open_ext(&ctx, &o), ==, MIGRATOR_EUSAGE);
	migrator_close(ctx);
}

/* ------------------------------------------------------------------ */

static char *migrations(const char *name, const char *r1, const char *r2,
			const char *r3)
{
	char *dir = new_dir(name);

	write_file(dir, REV1 "_create_notes.sql", r1);
	write_file(dir, REV2 "_add_author.sql", r2);
	if (r3)
		write_file(dir, REV3 "_add_tags.sql", r3);
	return dir;
}

int main(int argc, char **argv)
{
	static const char *const vars[] = {"OPS_URL_PLAN", "OPS_URL_STAMP",
					   "OPS_URL_EDIT", NULL};
	int rc;

	on_sqlite = embed_setup(argc, argv, vars, "tests/embed/api-ops-pg.sh");
	dialect = on_sqlite ? "sqlite" : "postgresql";
	url_plan = url_or_sqlite("OPS_URL_PLAN", "plan");
	url_stamp = url_or_sqlite("OPS_URL_STAMP", "stamp");
	url_edit = url_or_sqlite("OPS_URL_EDIT", "edit");
	/* never connected to: on PostgreSQL any database will do */
	url_offline = on_sqlite ? join("sqlite:///", tmpdir, "/never.db",
				       (char *)NULL)
				: join(url_plan, (char *)NULL);
	if (on_sqlite) { /* empty databases, as PostgreSQL's are */
		write_file(tmpdir, "plan.db", "");
		write_file(tmpdir, "edit.db", "");
	}

	migs = migrations("migs", notes, author, NULL);
	migs_three = migrations("migs_three", notes, author, tags);
	migs_touched = migrations("migs_touched", notes, author_touched, NULL);
	migs_changed = migrations("migs_changed", notes, author_changed, NULL);
	migs_lint = new_dir("migs_lint");
	write_file(migs_lint, REV1 "_create_notes.sql", notes);
	write_file(migs_lint, REV2 "_add_code.sql", code);

	TEST(test_plans(),
	     "plans on an empty and a pending database: steps, text, "
	     "direction; nothing changes");
	TEST(test_offline_sql(),
	     "offline SQL: migrations and stamp statements, no connection");
	TEST(test_stamp(), "stamp, base, and PURGE past an unknown revision");
	TEST(test_edited(),
	     "edited files: warnings, the list, strict EDRIFT; check's strict "
	     "rule");
	TEST(test_lint(), "lint: warnings counted, strict fails, dialects");
	TEST(test_authoring(),
	     "project init, revisions in a row, a branch, a merge; bad specs");
	TEST(test_import(), "import: a dbmate directory, its summary; bad "
			    "input writes nothing; adopt's arguments");
	TEST(test_interrupt(), "interrupt without a run: 0, the error stays");
	TEST(test_options_versions(),
	     "options version 1 accepted, the next one refused");
	rc = test_done();
	cleanup();
	free(migs);
	free(migs_three);
	free(migs_touched);
	free(migs_changed);
	free(migs_lint);
	free(url_plan);
	free(url_stamp);
	free(url_edit);
	free(url_offline);
	return rc;
}
