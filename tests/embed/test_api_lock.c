/*
 * test_api_lock.c - lock timeouts with retries through the public C API
 * (issue 16): the options' ddl_lock_timeout_ms and lock_retries, and the
 * MIGRATOR_EVENT_LOCK_RETRY events an application receives.  Linked to
 * libmigrator.so alone.
 *
 * On PostgreSQL (tests/embed/api-lock-pg.sh, LOCK_URL an empty database):
 * a child process holds a lock on lk_things in an open transaction (an
 * upgrade of its own against another version table, whose revision locks
 * the table and sleeps), while the parent's ALTER TABLE times out, is
 * retried with growing waits and succeeds once the child commits; then,
 * with no retries left, fails with MIGRATOR_ELOCK.  On SQLite: the options
 * and the file's lock_timeout are accepted and ignored, an INFO event says
 * so.  On both: a ddl_lock_timeout_ms past INT_MAX is refused at open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <migrator/migrator.h>

#include "embed_util.h"
#include "tap.h"

static char *url, *migs, *blocker;
static int on_sqlite;

static const char things[] =
	"-- migrator:revision 10c000000001\n\n"
	"-- migrator:upgrade\nCREATE TABLE lk_things (id INTEGER);\n"
	"-- migrator:downgrade\nDROP TABLE lk_things;\n";
static const char colour[] =
	"-- migrator:revision 10c000000002\n"
	"-- migrator:down_revision 10c000000001\n"
	"-- migrator:statement_timeout 30s\n\n"
	"-- migrator:upgrade\nALTER TABLE lk_things ADD COLUMN colour TEXT;\n"
	"-- migrator:downgrade\nALTER TABLE lk_things DROP COLUMN colour;\n";
/* the blocker: ACCESS SHARE on lk_things for 6 s, in its transaction */
static const char hold[] =
	"-- migrator:revision b10c00000001\n\n"
	"-- migrator:upgrade\n"
	"LOCK TABLE lk_things IN ACCESS SHARE MODE;\n"
	"SELECT pg_sleep(6);\n"
	"-- migrator:downgrade\n";

/* What the event callback saw. */
struct seen {
	unsigned retries_events, infos;
	unsigned first_retry, first_of;
	unsigned long first_delay_ms;
	int named_blocker, all_steps;
	char info[512];
};

static void on_event(const struct migrator_event *ev, void *payload)
{
	struct seen *s = payload;

	if (ev->kind == MIGRATOR_EVENT_INFO) {
		s->infos++;
		snprintf(s->info, sizeof(s->info), "%s", ev->text);
		return;
	}
	if (ev->kind != MIGRATOR_EVENT_LOCK_RETRY)
		return;
	if (s->retries_events++ == 0) {
		s->first_retry = ev->retry;
		s->first_of = ev->retries;
		s->first_delay_ms = ev->delay_ms;
		s->named_blocker =
			contains(ev->text, "Blocked by server process") &&
			/* its query now: the statement after its LOCK */
			contains(ev->text, "SELECT pg_sleep(6)");
	}
	s->all_steps = ev->step != NULL &&
		       strcmp(migrator_revision_id(
				      migrator_step_revision(ev->step)),
			      "10c000000002") == 0;
}

static migrator_ctx *open_ctx(const char *dir, const char *table,
			      unsigned lock_ms, unsigned retries,
			      struct seen *s)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;

	o.url = url;
	o.migrations = dir;
	o.version_table = table;
	o.ddl_lock_timeout_ms = lock_ms;
	o.lock_retries = retries;
	if (migrator_open_ext(&ctx, &o) != 0)
		printf("# open %s: %s\n", dir, migrator_errmsg(ctx));
	if (s)
		migrator_set_event_callback(ctx, on_event, s);
	return ctx;
}

/* The child: holds the lock through its own upgrade, then exits. */
static pid_t start_blocker(int ready_fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		migrator_ctx *ctx = open_ctx(blocker, "lk_blocker_version", 0,
					     0, NULL);
		int rc;

		(void)!write(ready_fd, "x", 1);
		rc = ctx ? migrator_upgrade(ctx, "head", NULL) : -1;
		if (rc)
			fprintf(stderr, "blocker: %s\n", migrator_errmsg(ctx));
		migrator_close(ctx);
		_exit(rc ? 1 : 0);
	}
	return pid;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Runs the blocker and, once it started, upgrade head with lock_ms and
 * retries; returns the upgrade's code. */
static int upgrade_blocked(unsigned lock_ms, unsigned retries, struct seen *s,
			   migrator_ctx **out)
{
	int fds[2], status = 0, rc;
	char c;
	pid_t pid;
	migrator_ctx *ctx;

	if (pipe(fds) != 0) {
		printf("Bail out! pipe\n");
		exit(1);
	}
	pid = start_blocker(fds[1]);
	close(fds[1]);
	(void)!read(fds[0], &c, 1);
	close(fds[0]);
	sleep_ms(1500); /* it connects, locks and sleeps 6 s */
	ctx = open_ctx(migs, NULL, lock_ms, retries, s);
	rc = ctx ? migrator_upgrade(ctx, "head", NULL) : -1;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	*out = ctx;
	return rc;
}

static void test_retries_then_success(void)
{
	struct seen s;
	migrator_ctx *ctx = open_ctx(migs, NULL, 300, 20, NULL);

	memset(&s, 0, sizeof(s));
	check_int(migrator_upgrade(ctx, "10c000000001", NULL), ==, 0);
	migrator_close(ctx);
	check_int(upgrade_blocked(300, 20, &s, &ctx), ==, 0);
	printf("# %u retries, first after %lu ms\n", s.retries_events,
	       s.first_delay_ms);
	check_int(s.retries_events, >=, 1);
	check_int(s.first_retry, ==, 1);
	check_int(s.first_of, ==, 20);
	check_int(s.first_delay_ms, >=, 250);
	check_int(s.first_delay_ms, <=, 500);
	check(s.named_blocker);
	check(s.all_steps);
	check_str(current(ctx), "10c000000002");
	migrator_close(ctx);
}

static void test_retries_run_out(void)
{
	struct seen s;
	const struct migrator_errinfo *e;
	migrator_ctx *ctx = open_ctx(migs, NULL, 300, 20, NULL);

	memset(&s, 0, sizeof(s));
	check_int(migrator_downgrade(ctx, "10c000000001", NULL), ==, 0);
	migrator_close(ctx);
	/* the blocker's revision runs again on a fresh version table */
	ctx = open_ctx(blocker, "lk_blocker_version", 0, 0, NULL);
	check_int(migrator_stamp(ctx, "base", 0), ==, 0);
	migrator_close(ctx);
	check_int(upgrade_blocked(200, 1, &s, &ctx), ==, MIGRATOR_ELOCK);
	e = migrator_errinfo(ctx);
	check_int(s.retries_events, ==, 1);
	check_str(e->sqlstate, "55P03");
	check_str(e->revision, "10c000000002");
	check(contains(e->detail, "Blocked by server process"));
	check(contains(e->hint, "ran 2 times"));
	check_int(migrator_exit_status(e->code), ==, 1);
	check_str(current(ctx), "10c000000001");
	migrator_close(ctx);
}

/* ddl_lock_timeout_ms past PostgreSQL's int of ms is refused at open, on
 * every backend (the CLI and the file headers cap it alike). */
static void test_range(void)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;

	o.url = url;
	o.migrations = migs;
	o.ddl_lock_timeout_ms = 2147483648u;
	check_int(migrator_open_ext(&ctx, &o), ==, MIGRATOR_ECONFIG);
	check(contains(migrator_errmsg(ctx), "ddl_lock_timeout_ms 2147483648 "
					     "is out of range"));
	migrator_close(ctx);
	ctx = NULL;
	o.ddl_lock_timeout_ms = 2147483647u;
	check_int(migrator_open_ext(&ctx, &o), ==, 0);
	migrator_close(ctx);
}

static void test_sqlite_ignores(void)
{
	struct seen s;
	migrator_ctx *ctx = open_ctx(migs, NULL, 300, 3, NULL);

	memset(&s, 0, sizeof(s));
	migrator_set_event_callback(ctx, on_event, &s);
	check_int(migrator_upgrade(ctx, "head", NULL), ==, 0);
	check_int(s.retries_events, ==, 0);
	check_int(s.infos, ==, 1);
	check(contains(s.info, "revision 10c000000002: lock_timeout and "
			       "statement_timeout are ignored"));
	check_str(current(ctx), "10c000000002");
	migrator_close(ctx);
}

int main(int argc, char **argv)
{
	static const char *const vars[] = {"LOCK_URL", NULL};

	on_sqlite = embed_setup(argc, argv, vars, "api-lock-pg.sh");
	url = url_or_sqlite("LOCK_URL", "lock");
	migs = new_dir("m");
	blocker = new_dir("blocker");
	write_file(migs, "10c000000001_things.sql", things);
	write_file(migs, "10c000000002_colour.sql", colour);
	write_file(blocker, "b10c00000001_hold.sql", hold);
	fflush(stdout); /* the child inherits the buffer */
	TEST(test_range(), "ddl_lock_timeout_ms past 2147483647 is refused");
	if (on_sqlite) {
		TEST(test_sqlite_ignores(),
		     "sqlite: the options and the file's timeouts are ignored");
	} else {
		TEST(test_retries_then_success(),
		     "retry events (retry, retries, delay_ms, the blocker), "
		     "then success");
		TEST(test_retries_run_out(),
		     "retries run out: MIGRATOR_ELOCK, 55P03, the blocker named");
	}
	free(url);
	free(migs);
	free(blocker);
	cleanup();
	return test_done();
}
