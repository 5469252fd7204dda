/*
 * test_api.c - the public C API (<migrator/migrator.h>) as an application
 * sees it: linked to libmigrator.so alone, against real databases through
 * the real driver plugins (MIGRATOR_PLUGIN_PATH, set by make check).
 *
 * SQLite by default, on files in a temporary directory.  On PostgreSQL
 * (tests/embed/api-pg.sh) the databases come from the environment:
 * API_URL_MAIN, API_URL_FAIL, API_URL_T1, API_URL_T2, API_URL_LINT, five
 * empty databases.  The lint hook plugin comes from the build tree (next
 * to $MIGRATOR).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <migrator/migrator.h>

#include "embed_util.h"
#include "tap.h"

static char *migs, *migs_edited, *migs_fail, *migs_bad, *migs_lint;
static char *url_main, *url_fail, *url_t1, *url_t2, *url_lint;
static int on_sqlite;
static char sqlite_main_path[512];

#define REV1 "a1a1a1a1a1a1"
#define REV2 "b2b2b2b2b2b2"
#define REV3 "c3c3c3c3c3c3"

static const char rev1[] =
	"-- migrator:revision " REV1 "\n"
	"-- migrator:message create items\n"
	"\n"
	"-- migrator:upgrade\n"
	"CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
	"-- migrator:downgrade\n"
	"DROP TABLE items;\n";
static const char rev2[] =
	"-- migrator:revision " REV2 "\n"
	"-- migrator:down_revision " REV1 "\n"
	"-- migrator:message add price\n"
	"\n"
	"-- migrator:upgrade\n"
	"ALTER TABLE items ADD COLUMN price INTEGER;\n"
	"-- migrator:downgrade\n"
	"ALTER TABLE items DROP COLUMN price;\n";
/* The same revision, edited after it ran: it builds another column. */
static const char rev2_edited[] =
	"-- migrator:revision " REV2 "\n"
	"-- migrator:down_revision " REV1 "\n"
	"-- migrator:message add price\n"
	"\n"
	"-- migrator:upgrade\n"
	"ALTER TABLE items ADD COLUMN cost INTEGER;\n"
	"-- migrator:downgrade\n"
	"ALTER TABLE items DROP COLUMN cost;\n";
/* Line 7 fails: the table does not exist. */
static const char rev2_fails[] =
	"-- migrator:revision " REV2 "\n"
	"-- migrator:down_revision " REV1 "\n"
	"-- migrator:message a statement that fails\n"
	"\n"
	"-- migrator:upgrade\n"
	"CREATE TABLE fine (id INTEGER);\n"
	"INSERT INTO no_such_table VALUES (1);\n"
	"-- migrator:downgrade\n"
	"DROP TABLE fine;\n";
static const char rev3[] =
	"-- migrator:revision " REV3 "\n"
	"-- migrator:down_revision " REV2 "\n"
	"-- migrator:message never runs\n"
	"\n"
	"-- migrator:upgrade\n"
	"CREATE TABLE later (id INTEGER);\n"
	"-- migrator:downgrade\n"
	"DROP TABLE later;\n";
/* lint flags it on both backends: NOT NULL without a default. */
static const char rev2_lint[] =
	"-- migrator:revision " REV2 "\n"
	"-- migrator:down_revision " REV1 "\n"
	"-- migrator:message add code\n"
	"\n"
	"-- migrator:upgrade\n"
	"ALTER TABLE items ADD COLUMN code INTEGER NOT NULL;\n"
	"-- migrator:downgrade\n"
	"ALTER TABLE items DROP COLUMN code;\n";
/* Line 2: a header key that does not exist. */
static const char rev_bad[] =
	"-- migrator:revision " REV1 "\n"
	"-- migrator:down_revison nothing\n"
	"-- migrator:upgrade\n"
	"SELECT 1;\n";

static int ends_with(const char *s, const char *tail)
{
	size_t n = s ? strlen(s) : 0, m = strlen(tail);

	return s && n >= m && strcmp(s + n - m, tail) == 0;
}

/* ------------------------------------------------------------------ */

static void test_version(void)
{
	const char *v = migrator_version();

	check(v != NULL && v[0] >= '0' && v[0] <= '9');
	check(strchr(v, '.') != NULL);
}

static void test_exit_status(void)
{
	check_int(migrator_exit_status(0), ==, 0);
	check_int(migrator_exit_status(MIGRATOR_EUSAGE), ==, 2);
	check_int(migrator_exit_status(MIGRATOR_ECONFIG), ==, 2);
	check_int(migrator_exit_status(MIGRATOR_ESCRIPT), ==, 3);
	check_int(migrator_exit_status(MIGRATOR_EDB), ==, 1);
	check_int(migrator_exit_status(MIGRATOR_EPLUGIN), ==, 1);
	check_int(migrator_exit_status(MIGRATOR_EDRIFT), ==, 1);
}

static void test_null_safety(void)
{
	migrator_close(NULL);
	migrator_revlist_free(NULL);
	migrator_driftlist_free(NULL);
	check_int(migrator_errcode(NULL), ==, MIGRATOR_ENOMEM);
	check_str(migrator_errmsg(NULL), "out of memory");
	check_int(migrator_revlist_count(NULL), ==, 0);
	check(migrator_revlist_get(NULL, 0) == NULL);
	check(migrator_driftlist_get(NULL, 0) == NULL);
	check_int(migrator_upgrade(NULL, "head", NULL), ==, MIGRATOR_ENOMEM);
}

static void test_bad_scheme(void)
{
	migrator_ctx *ctx = NULL;
	int rc = migrator_open(&ctx, "nosuch://somewhere/x", migs);

	check_int(rc, ==, MIGRATOR_EPLUGIN);
	check(ctx != NULL);
	check_int(migrator_errcode(ctx), ==, MIGRATOR_EPLUGIN);
	check(strstr(migrator_errmsg(ctx), "nosuch") != NULL);
	check_int(migrator_exit_status(migrator_errcode(ctx)), ==, 1);
	/* A context that failed to open refuses work, with its own error. */
	check_int(migrator_upgrade(ctx, "head", NULL), ==, MIGRATOR_EUSAGE);
	check(strstr(migrator_errmsg(ctx), "failed to open") != NULL);
	migrator_close(ctx);
}

static void test_no_url(void)
{
	migrator_ctx *ctx = NULL;
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;

	check_int(migrator_open(&ctx, NULL, migs), ==, MIGRATOR_ECONFIG);
	check_str(migrator_errmsg(ctx), "no database url given");
	migrator_close(ctx);
	ctx = NULL;
	o.version = 99;
	o.url = url_main;
	check_int(migrator_open_ext(&ctx, &o), ==, MIGRATOR_EUSAGE);
	check(strstr(migrator_errmsg(ctx), "options version 99") != NULL);
	migrator_close(ctx);
	check_int(migrator_open_ext(NULL, &o), ==, MIGRATOR_EUSAGE);
}

static void test_bad_script(void)
{
	migrator_ctx *ctx = NULL;
	const char *msg, *file;
	int rc = migrator_open(&ctx, url_main, migs_bad);

	check_int(rc, ==, MIGRATOR_ESCRIPT);
	check_int(migrator_exit_status(rc), ==, 3);
	file = migrator_errinfo(ctx)->file;
	check(ends_with(file, "/" REV1 "_bad.sql"));
	check_int(migrator_errinfo(ctx)->line, ==, 2);
	msg = migrator_errmsg(ctx);
	/* "FILE:2: ..." naming the unknown key */
	check(file && strncmp(msg, file, strlen(file)) == 0);
	check(strstr(msg, ":2: ") != NULL);
	check(strstr(msg, "down_revison") != NULL);
	migrator_close(ctx);
}

static void test_missing_dir(void)
{
	migrator_ctx *ctx = NULL;
	char *dir = join(tmpdir, "/no-such-dir", (char *)NULL);
	int rc = migrator_open(&ctx, url_main, dir);

	check_int(rc, <, 0);
	check_int(migrator_errcode(ctx), ==, rc);
	check(strstr(migrator_errmsg(ctx), "no-such-dir") != NULL);
	migrator_close(ctx);
	free(dir);
}

static int lint_warned;

static void on_lint_log(const struct migrator_event *rec, void *user)
{
	(void)user;
	/* "FILE:LINE: lint: new column code is NOT NULL ..." */
	if (rec->kind == MIGRATOR_EVENT_WARNING && rec->plugin &&
	    strcmp(rec->plugin, "lint") == 0 &&
	    strstr(rec->text, "_add_code.sql:6: lint: ") &&
	    strstr(rec->text, "code"))
		lint_warned++;
}

static void test_hook_plugins(void)
{
	static const char *const missing[] = {"nosuchplugin"};
	static const char *const lint[] = {"lint"};
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;
	migrator_revlist *l = NULL;
	int rc;

	/* A hook plugin that is not there stops the run before anything. */
	o.url = url_lint;
	o.migrations = migs_lint;
	o.plugins = missing;
	o.n_plugins = 1;
	check_int(migrator_open_ext(&ctx, &o), ==, 0);
	rc = migrator_upgrade(ctx, "head", NULL);
	check_int(rc, ==, MIGRATOR_EPLUGIN);
	check(strstr(migrator_errmsg(ctx), "nosuchplugin") != NULL);
	migrator_close(ctx);

	/* lint, strict: its finding fails the upgrade before anything runs */
	o.plugins = lint;
	o.strict = 1;
	check_int(migrator_open_ext(&ctx, &o), ==, 0);
	migrator_set_event_callback(ctx, on_lint_log, NULL);
	rc = migrator_upgrade(ctx, "head", &l);
	check_int(rc, ==, MIGRATOR_EPLUGIN);
	check_int(migrator_revlist_count(l), ==, 0);
	migrator_revlist_free(l);
	migrator_close(ctx);

	/* lint, not strict: a warning record, and the upgrade runs */
	lint_warned = 0;
	o.strict = 0;
	check_int(migrator_open_ext(&ctx, &o), ==, 0);
	migrator_set_event_callback(ctx, on_lint_log, NULL);
	check_int(migrator_upgrade(ctx, "head", &l), ==, 0);
	check_str(list_text(l), REV1 "," REV2);
	migrator_revlist_free(l);
	check_int(lint_warned, ==, 1);
	migrator_close(ctx);
}

static void test_heads(void)
{
	migrator_ctx *ctx = NULL;
	migrator_revlist *l = NULL;

	check_int(migrator_open(&ctx, url_main, migs), ==, 0);
	check_int(migrator_errcode(ctx), ==, 0);
	check_str(migrator_errmsg(ctx), "not an error");
	check_int(migrator_heads(ctx, &l), ==, 0);
	check_str(list_text(l), REV2);
	check(migrator_revlist_get(l, 1) == NULL);
	migrator_revlist_free(l);
	check_int(migrator_heads(ctx, NULL), ==, MIGRATOR_EUSAGE);
	migrator_close(ctx);
}

static void test_bad_target(void)
{
	migrator_ctx *ctx = NULL;
	migrator_revlist *ran = NULL;
	struct stat st;
	int rc;

	check_int(migrator_open(&ctx, url_main, migs), ==, 0);
	rc = migrator_upgrade(ctx, "nosuchrev", &ran);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check_int(migrator_exit_status(rc), ==, 2);
	check(strstr(migrator_errmsg(ctx), "nosuchrev") != NULL);
	check(ran != NULL);
	check_int(migrator_revlist_count(ran), ==, 0);
	migrator_revlist_free(ran);
	check_int(migrator_upgrade(ctx, "", NULL), ==, MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(ctx), "no target given");
	if (on_sqlite)
		check(stat(sqlite_main_path, &st) != 0); /* nothing created */
	migrator_close(ctx);
}

struct log_count {
	int start, done, other;
	char last_done[256];
	char first_rev[64];
	char steps[64]; /* "n/N," of each STEP_DONE (issue 20) */
	int bad; /* a record that breaks the header's promises */
};

static void on_log(const struct migrator_event *rec, void *user)
{
	struct log_count *c = user;

	if (!rec->text)
		c->bad++;
	/* a step's number in its run, from 1, and the run's step count */
	if ((rec->kind == MIGRATOR_EVENT_STEP_START ||
	     rec->kind == MIGRATOR_EVENT_STEP_DONE)
		    ? rec->step_number < 1 || rec->step_number > rec->step_count
		    : rec->step_number || rec->step_count)
		c->bad++;
	switch (rec->kind) {
	case MIGRATOR_EVENT_STEP_START:
		if (!rec->step || rec->elapsed_ms)
			c->bad++;
		if (c->start++ == 0)
			snprintf(c->first_rev, sizeof(c->first_rev), "%s",
				 rec->text);
		break;
	case MIGRATOR_EVENT_STEP_DONE:
		if (!rec->step || strstr(rec->text, " ms)"))
			c->bad++;
		c->done++;
		snprintf(c->last_done, sizeof(c->last_done), "%s", rec->text);
		if (strlen(c->steps) + 24 < sizeof(c->steps))
			snprintf(c->steps + strlen(c->steps), 24, "%zu/%zu,",
				 rec->step_number, rec->step_count);
		break;
	default:
		if (rec->step)
			c->bad++;
		c->other++;
		break;
	}
}

static void test_upgrade_current_check_downgrade(void)
{
	migrator_ctx *ctx = NULL, *edited = NULL;
	migrator_revlist *l = NULL;
	migrator_driftlist *drift = NULL;
	struct log_count c;
	const struct migrator_drift_item *it;
	int rc, saw_cost = 0;

	memset(&c, 0, sizeof(c));
	check_int(migrator_open(&ctx, url_main, migs), ==, 0);
	migrator_set_event_callback(ctx, on_log, &c);

	/* upgrade head: both revisions, in order, with progress records */
	check_int(migrator_upgrade(ctx, "head", &l), ==, 0);
	check_str(list_text(l), REV1 "," REV2);
	migrator_revlist_free(l);
	check_int(c.start, ==, 2);
	check_int(c.done, ==, 2);
	check_int(c.bad, ==, 0);
	check(strncmp(c.first_rev, "upgrade <base> -> " REV1,
		      strlen("upgrade <base> -> " REV1)) == 0);
	check_str(c.last_done, "upgrade " REV1 " -> " REV2 "  add price");
	check_str(c.steps, "1/2,2/2,");

	check_int(migrator_current(ctx, &l), ==, 0);
	check_str(list_text(l), REV2);
	migrator_revlist_free(l);

	/* already there: nothing runs */
	check_int(migrator_upgrade(ctx, "head", &l), ==, 0);
	check_int(migrator_revlist_count(l), ==, 0);
	migrator_revlist_free(l);
	check_int(c.start, ==, 2);

	/* the live schema is what the migrations build */
	rc = migrator_check_schema(ctx, &drift);
	check_int(rc, ==, 0);
	check(drift != NULL);
	check_int(migrator_driftlist_count(drift), ==, 0);
	migrator_driftlist_free(drift);
	drift = NULL;

	/* the same database seen through an edited file: drift */
	check_int(migrator_open(&edited, url_main, migs_edited), ==, 0);
	rc = migrator_check_schema(edited, &drift);
	check_int(rc, ==, MIGRATOR_EDRIFT);
	check_int(migrator_errcode(edited), ==, MIGRATOR_EDRIFT);
	check_int(migrator_driftlist_count(drift), >=, 2);
	check_str(migrator_errmsg(edited),
		  "the database schema differs from what the migrations build");
	for (size_t i = 0; i < migrator_driftlist_count(drift); i++) {
		it = migrator_driftlist_get(drift, i);
		if (strcmp(it->kind, "missing_column") == 0 &&
		    strcmp(it->table, "items") == 0 &&
		    strcmp(it->name, "cost") == 0 &&
		    strncmp(it->text, "missing column items.cost", 25) == 0)
			saw_cost = 1;
	}
	check(saw_cost);
	check(migrator_driftlist_get(drift, 99) == NULL);
	migrator_driftlist_free(drift);
	check_int(migrator_check_schema(edited, NULL), ==, MIGRATOR_EDRIFT);
	migrator_close(edited);

	/* downgrade -1, then base */
	check_int(migrator_downgrade(ctx, "-1", &l), ==, 0);
	check_str(list_text(l), REV2);
	migrator_revlist_free(l);
	check(strncmp(c.last_done, "downgrade " REV2 " -> " REV1, 35) == 0);
	check_int(migrator_current(ctx, &l), ==, 0);
	check_str(list_text(l), REV1);
	migrator_revlist_free(l);
	check_int(migrator_downgrade(ctx, "base", NULL), ==, 0);
	check_int(migrator_current(ctx, &l), ==, 0);
	check_int(migrator_revlist_count(l), ==, 0);
	migrator_revlist_free(l);

	/* a success after a failure forgets the failure */
	check_int(migrator_downgrade(ctx, "nosuchrev", NULL), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_errcode(ctx), ==, MIGRATOR_EUSAGE);
	check_int(migrator_upgrade(ctx, REV1, NULL), ==, 0);
	check_int(migrator_errcode(ctx), ==, 0);
	check_str(migrator_errmsg(ctx), "not an error");
	check_int(migrator_errinfo(ctx)->code, ==, 0);
	check_str(migrator_errinfo(ctx)->message, "not an error");
	check(migrator_errinfo(ctx)->file == NULL);
	check(migrator_errinfo(ctx)->sqlstate == NULL);
	migrator_close(ctx);
}

static void test_failing_migration(void)
{
	migrator_ctx *ctx = NULL;
	migrator_revlist *ran = NULL, *cur = NULL;
	const char *file, *msg;
	int rc;

	check_int(migrator_open(&ctx, url_fail, migs_fail), ==, 0);
	rc = migrator_upgrade(ctx, "head", &ran);
	check_int(rc, ==, MIGRATOR_EDB);
	check_int(migrator_errcode(ctx), ==, MIGRATOR_EDB);
	check_int(migrator_exit_status(rc), ==, 1);
	/* what ran before the failure stays, and is reported */
	check_str(list_text(ran), REV1);
	migrator_revlist_free(ran);
	file = migrator_errinfo(ctx)->file;
	msg = migrator_errmsg(ctx);
	check(ends_with(file, "/" REV2 "_fails.sql"));
	check_int(migrator_errinfo(ctx)->line, ==, 7);
	check(file && strncmp(msg, file, strlen(file)) == 0 &&
	      strncmp(msg + strlen(file), ":7: ", 4) == 0);
	check(strstr(msg, REV2) != NULL);
	check_str(migrator_errinfo(ctx)->revision, REV2);
	check(migrator_errinfo(ctx)->detail != NULL &&
	      strstr(migrator_errinfo(ctx)->detail, "no_such_table") != NULL);
	/* PostgreSQL names the failure (undefined_table); SQLite has none */
	if (on_sqlite)
		check(migrator_errinfo(ctx)->sqlstate == NULL);
	else
		check_str(migrator_errinfo(ctx)->sqlstate, "42P01");
	if (migrator_errcode(ctx) != MIGRATOR_EDB)
		printf("# errmsg: %s\n", msg);
	check_int(migrator_current(ctx, &cur), ==, 0);
	check_str(list_text(cur), REV1);
	migrator_revlist_free(cur);
	migrator_close(ctx);
}

/* Two threads, each with its own context and database, at once. */
struct worker {
	const char *url;
	int rounds_ok;
	struct log_count log;
	char err[512];
};

static void *work(void *arg)
{
	struct worker *w = arg;
	migrator_ctx *ctx = NULL;
	migrator_revlist *l = NULL;

	if (migrator_open(&ctx, w->url, migs) != 0)
		goto out;
	migrator_set_event_callback(ctx, on_log, &w->log);
	for (int i = 0; i < 5; i++) {
		if (migrator_upgrade(ctx, "head", NULL) != 0 ||
		    migrator_current(ctx, &l) != 0)
			goto out;
		if (migrator_revlist_count(l) != 1 ||
		    strcmp(migrator_revlist_get(l, 0), REV2) != 0) {
			snprintf(w->err, sizeof(w->err), "current is not %s",
				 REV2);
			migrator_revlist_free(l);
			migrator_close(ctx);
			return NULL;
		}
		migrator_revlist_free(l);
		l = NULL;
		if (migrator_downgrade(ctx, "base", NULL) != 0)
			goto out;
		w->rounds_ok++;
	}
out:
	if (migrator_errcode(ctx))
		snprintf(w->err, sizeof(w->err), "%s", migrator_errmsg(ctx));
	migrator_close(ctx);
	return NULL;
}

static void test_two_threads(void)
{
	struct worker w[2];
	pthread_t t[2];

	memset(w, 0, sizeof(w));
	w[0].url = url_t1;
	w[1].url = url_t2;
	for (int i = 0; i < 2; i++)
		check_int(pthread_create(&t[i], NULL, work, &w[i]), ==, 0);
	for (int i = 0; i < 2; i++) {
		check_int(pthread_join(t[i], NULL), ==, 0);
		if (w[i].err[0])
			printf("# thread %d: %s\n", i, w[i].err);
		check_int(w[i].rounds_ok, ==, 5);
		/* 5 rounds of 2 upgrades and 2 downgrades */
		check_int(w[i].log.start, ==, 20);
		check_int(w[i].log.done, ==, 20);
		check_int(w[i].log.bad, ==, 0);
	}
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	static const char *const vars[] = {"API_URL_MAIN", "API_URL_FAIL",
					   "API_URL_T1", "API_URL_T2",
					   "API_URL_LINT", NULL};
	int rc;

	on_sqlite = embed_setup(argc, argv, vars, "tests/embed/api-pg.sh");
	url_main = url_or_sqlite("API_URL_MAIN", "main");
	url_fail = url_or_sqlite("API_URL_FAIL", "fail");
	url_t1 = url_or_sqlite("API_URL_T1", "t1");
	url_t2 = url_or_sqlite("API_URL_T2", "t2");
	url_lint = url_or_sqlite("API_URL_LINT", "lint");
	snprintf(sqlite_main_path, sizeof(sqlite_main_path), "%s/main.db",
		 tmpdir);

	migs = new_dir("migs");
	write_file(migs, REV1 "_create_items.sql", rev1);
	write_file(migs, REV2 "_add_price.sql", rev2);
	migs_edited = new_dir("migs_edited");
	write_file(migs_edited, REV1 "_create_items.sql", rev1);
	write_file(migs_edited, REV2 "_add_price.sql", rev2_edited);
	migs_fail = new_dir("migs_fail");
	write_file(migs_fail, REV1 "_create_items.sql", rev1);
	write_file(migs_fail, REV2 "_fails.sql", rev2_fails);
	write_file(migs_fail, REV3 "_later.sql", rev3);
	migs_lint = new_dir("migs_lint");
	write_file(migs_lint, REV1 "_create_items.sql", rev1);
	write_file(migs_lint, REV2 "_add_code.sql", rev2_lint);
	migs_bad = new_dir("migs_bad");
	write_file(migs_bad, REV1 "_bad.sql", rev_bad);

	TEST(test_version(), "migrator_version is a version number");
	TEST(test_exit_status(), "error codes map to DESIGN's exit statuses");
	TEST(test_null_safety(), "NULL contexts and lists are safe");
	TEST(test_bad_scheme(), "an unknown URL scheme fails open with EPLUGIN");
	TEST(test_no_url(), "no URL, a bad options version: usage errors");
	TEST(test_bad_script(),
	     "a bad migration file fails open with ESCRIPT and FILE:LINE");
	TEST(test_missing_dir(), "a missing migrations directory is named");
	TEST(test_heads(), "heads needs no database");
	TEST(test_hook_plugins(),
	     "hook plugins: a missing one stops an upgrade; lint warns, or "
	     "fails when strict");
	TEST(test_bad_target(),
	     "a bad target is EUSAGE and creates no database");
	TEST(test_upgrade_current_check_downgrade(),
	     "upgrade, progress records, current, check, drift, downgrade");
	TEST(test_failing_migration(),
	     "a failing statement: EDB naming FILE:LINE and the revision");
	TEST(test_two_threads(), "two threads, two contexts, at once");
	rc = test_done();
	cleanup();
	free(migs);
	free(migs_edited);
	free(migs_fail);
	free(migs_bad);
	free(migs_lint);
	free(url_lint);
	free(url_main);
	free(url_fail);
	free(url_t1);
	free(url_t2);
	return rc;
}
