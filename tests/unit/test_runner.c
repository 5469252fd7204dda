/*
 * test_runner.c - the runner against real SQLite files through the real
 * driver plugin (found through MIGRATOR_PLUGIN_PATH, set by make check).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "author.h"
#include "check.h"
#include "diag.h"
#include "graph.h"
#include "migrator/migrator.h"
#include "plan.h"
#include "plugin.h"
#include "runner.h"
#include "script.h"
#include "strvec.h"
#include "target.h"
#include "url.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_runner.XXXXXX";
static char migs[64], dbpath[64], url[128];
static int n_started, n_done;

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", migs, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("# cannot write %s\n", path);
		exit(1);
	}
}

static void on_event(const struct migrator_event *ev, void *payload)
{
	(void)payload;
	if (ev->kind == MIGRATOR_EVENT_STEP_START)
		n_started++;
	else if (ev->kind == MIGRATOR_EVENT_STEP_DONE)
		n_done++;
}

static mg_runner *runner(const char *u)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	mg_diag d = MG_DIAG_INIT;
	mg_runner *r = NULL;

	o.url = u;
	o.migrations = migs;
	o.lock_timeout_ms = 5000;
	if (mg_runner_new(&r, &o, &d)) {
		printf("# runner_new: %s\n", d.message ? d.message : "?");
		exit(1);
	}
	mg_runner_set_event(r, on_event, NULL);
	return r;
}

/* The stamp as "a,b" ("" for base), read through a fresh runner. */
static char *stamp_of(void)
{
	mg_runner *r = runner(url);
	mg_revset cur = MG_REVSET_INIT;
	mg_diag d = MG_DIAG_INIT;
	char *out = calloc(1, 512);

	if (!out)
		exit(1);
	if (mg_runner_current(&cur, r, &d))
		snprintf(out, 512, "error: %s", d.message ? d.message : "?");
	for (size_t i = 0; i < cur.n; i++) {
		if (i)
			strcat(out, ",");
		strncat(out, cur.v[i]->id, 64);
	}
	mg_revset_clear(&cur);
	mg_diag_clear(&d);
	mg_runner_free(r);
	return out;
}

static void check_stamp(const char *want)
{
	char *got = stamp_of();

	check_str(got, want);
	free(got);
}

static void test_upgrade_and_back(void)
{
	mg_runner *r = runner(url);
	mg_strvec ran = MG_STRVEC_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct stat st;

	n_started = n_done = 0;
	check_int(mg_runner_upgrade(r, "b2", &ran, &d), ==, 0);
	check_int(ran.n, ==, 2);
	if (ran.n == 2) {
		check_str(ran.v[0], "a1");
		check_str(ran.v[1], "b2");
	}
	check_int(n_started, ==, 2);
	check_int(n_done, ==, 2);
	check(stat(dbpath, &st) == 0);
	mg_strvec_clear(&ran);
	/* already there: nothing runs, exit 0 */
	check_int(mg_runner_upgrade(r, "b2", &ran, &d), ==, 0);
	check_int(ran.n, ==, 0);
	mg_runner_free(r);
	check_stamp("b2");

	r = runner(url);
	check_int(mg_runner_downgrade(r, "-1", &ran, &d), ==, 0);
	check_int(ran.n, ==, 1);
	mg_runner_free(r);
	mg_strvec_clear(&ran);
	check_stamp("a1");
	mg_diag_clear(&d);
}

static void test_failure(void)
{
	mg_runner *r = runner(url);
	mg_diag d = MG_DIAG_INIT;
	char want[512];

	check_int(mg_runner_upgrade(r, "c3", NULL, &d), ==, MIGRATOR_EDB);
	check_str(d.message, "statement failed in revision c3");
	snprintf(want, sizeof(want), "%s/c3_fails.sql", migs);
	check_str(d.file, want);
	check_int(d.line, ==, 9); /* the INSERT, second statement */
	check(d.detail && strstr(d.detail, "nosuch"));
	check_str(d.revision, "c3");
	mg_diag_clear(&d);
	mg_runner_free(r);
	/* b2 ran and stays; c3 rolled back, its table too */
	check_stamp("b2");
}

static void test_bad_target_creates_nothing(void)
{
	char u[400];
	mg_runner *r;
	mg_diag d = MG_DIAG_INIT;
	struct stat st;

	snprintf(u, sizeof(u), "sqlite:///%s/never.db", tmpdir);
	r = runner(u);
	check_int(mg_runner_upgrade(r, "nosuchrev", NULL, &d), ==,
		  MIGRATOR_EUSAGE);
	snprintf(u, sizeof(u), "%s/never.db", tmpdir);
	check(stat(u, &st) != 0);
	mg_diag_clear(&d);
	mg_runner_free(r);
}

static void test_stamp(void)
{
	mg_runner *r = runner(url);
	mg_diag d = MG_DIAG_INIT;
	int changed = -1;

	check_int(mg_runner_stamp(r, "base", 0, &changed, &d), ==, 0);
	check_int(mg_runner_stamp(r, "base", 0, &changed, &d), ==, 0);
	check_int(changed, ==, 0); /* already at base: no row written */
	mg_runner_free(r);
	check_stamp("");
	r = runner(url);
	check_int(mg_runner_stamp(r, "c3", 0, &changed, &d), ==, 0);
	check_int(changed, ==, 1);
	mg_runner_free(r);
	check_stamp("c3");
	mg_diag_clear(&d);
}

static void test_dry_run(void)
{
	mg_runner *r = runner(url);
	mg_diag d = MG_DIAG_INIT;
	migrator_plan *p = NULL;

	check_int(mg_runner_plan(&p, r, MIGRATOR_DOWNGRADE, "base", &d),
		  ==, 0);
	check_int(mg_plan_size(p), ==, 3);
	if (mg_plan_size(p) == 3)
		check_str(mg_plan_step(p, 0)->rev->id, "c3");
	mg_plan_free(p);
	mg_runner_free(r);
	check_stamp("c3"); /* nothing changed */
	mg_diag_clear(&d);
}

static void test_offline(void)
{
	mg_runner *r = runner(url);
	mg_diag d = MG_DIAG_INIT;
	char *sql = NULL;

	check_int(mg_runner_offline_sql(&sql, r, MIGRATOR_UPGRADE,
					      "a1:b2", &d),
		  ==, 0);
	/* the SQLite driver's statements, as an online run sends them */
	check(sql && strstr(sql, "CREATE TABLE IF NOT EXISTS "
				 "\"main\".\"migrator_version\""));
	check(sql && strstr(sql, "BEGIN IMMEDIATE;"));
	check(sql && strstr(sql, "CREATE TABLE t2 (id integer);"));
	check(sql && strstr(sql, "UPDATE \"main\".\"migrator_version\" SET "
				 "version_num = 'b2' WHERE version_num = "
				 "'a1';"));
	check(sql && !strstr(sql, "t1 ("));
	free(sql);
	mg_runner_free(r);
	mg_diag_clear(&d);
}

static void test_no_url(void)
{
	mg_runner *r = runner(NULL);
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT;

	check_int(mg_runner_current(&cur, r, &d), ==, MIGRATOR_ECONFIG);
	check_str(d.message, "no database URL given");
	mg_diag_clear(&d);
	mg_runner_free(r);
}

int main(void)
{
	char cmd[1024];

	if (!getenv("MIGRATOR_PLUGIN_PATH")) {
		printf("# MIGRATOR_PLUGIN_PATH is not set: run through make "
		       "check\n");
		return 1;
	}
	if (!mkdtemp(tmpdir))
		return 1;
	snprintf(migs, sizeof(migs), "%s/m", tmpdir);
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", tmpdir);
	snprintf(url, sizeof(url), "sqlite:///%s", dbpath);
	if (mkdir(migs, 0700) != 0)
		return 1;
	write_file("a1_first.sql", "-- migrator:revision a1\n"
				   "-- migrator:message first\n\n"
				   "-- migrator:upgrade\n"
				   "CREATE TABLE t1 (id integer);\n"
				   "-- migrator:downgrade\n"
				   "DROP TABLE t1;\n");
	write_file("b2_second.sql", "-- migrator:revision b2\n"
				    "-- migrator:down_revision a1\n\n"
				    "-- migrator:upgrade\n"
				    "CREATE TABLE t2 (id integer);\n"
				    "-- migrator:downgrade\n"
				    "DROP TABLE t2;\n");
	write_file("c3_fails.sql", "-- migrator:revision c3\n"
				   "-- migrator:down_revision b2\n"
				   "-- migrator:message fails\n"
				   "\n"
				   "-- migrator:upgrade\n"
				   "CREATE TABLE t3 (id integer);\n"
				   "-- between\n"
				   "\n"
				   "INSERT INTO nosuch\n"
				   "  VALUES (1);\n"
				   "-- migrator:downgrade\n"
				   "DROP TABLE t3;\n");

	TEST(test_upgrade_and_back(), "upgrade to a revision, no-op, -1");
	TEST(test_failure(), "a failing statement: file, line, detail; "
			     "earlier migrations kept");
	TEST(test_bad_target_creates_nothing(),
	     "a bad target creates no SQLite file");
	TEST(test_stamp(), "stamp base empties, stamp REV sets");
	TEST(test_dry_run(), "a dry-run plan changes nothing");
	TEST(test_offline(), "offline SQL for a range");
	TEST(test_no_url(), "no URL is a config error");

	if ((size_t)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir) >=
		    sizeof(cmd) ||
	    system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return test_done();
}
