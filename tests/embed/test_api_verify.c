/*
 * test_api_verify.c - `migrator verify` and verify sections through the
 * public C API (<migrator/migrator.h>): migrator_verify() and its list,
 * the progress events, migrator_revision_verify_section(),
 * migrator_upgrade_ext() with MIGRATOR_UPGRADE_VERIFY, and
 * migrator_verify_ext() with MIGRATOR_VERIFY_WITH_DATA.  Linked to
 * libmigrator.so alone, against real databases through the real driver
 * plugins.
 *
 * SQLite by default, on files in a temporary directory (verify never
 * creates the URL's file).  On PostgreSQL (tests/embed/api-verify-pg.sh)
 * the databases come from the environment: VERIFY_URL_LIVE, which verify
 * only creates its scratch database through, and VERIFY_URL_UP, for
 * upgrades, both empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <migrator/migrator.h>

#include "embed_util.h"
#include "tap.h"

static char *migs_good, *migs_bad, *migs_heads, *migs_data;
static char *url_live, *url_up;
static int on_sqlite;

#define REV1 "a1a1a1a1a1a1"
#define REV2 "b2b2b2b2b2b2"
#define REV3 "c3c3c3c3c3c3"

#define HEAD(id, parent, msg) \
	"-- migrator:revision " id "\n" parent "-- migrator:message " msg "\n\n"
#define AFTER(id) "-- migrator:down_revision " id "\n"

static const char notes[] =
	HEAD(REV1, "", "create notes")
	"-- migrator:upgrade\n"
	"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
	"-- migrator:verify\n"
	"SELECT id, body FROM notes WHERE 1 = 0;\n"
	"-- migrator:downgrade\n"
	"DROP TABLE notes;\n";
/* A verify section that holds, in the middle of the file. */
static const char author[] =
	HEAD(REV2, AFTER(REV1), "add author")
	"-- migrator:upgrade\n"
	"ALTER TABLE notes ADD COLUMN author TEXT;\n"
	"-- migrator:verify\n"
	"SELECT count(*) = 0 FROM notes;\n"
	"-- migrator:downgrade\n"
	"ALTER TABLE notes DROP COLUMN author;\n";
/* Its downgrade forgets the column; its verify section fails. */
static const char author_bad[] =
	HEAD(REV2, AFTER(REV1), "add author")
	"-- migrator:upgrade\n"
	"ALTER TABLE notes ADD COLUMN author TEXT;\n"
	"-- migrator:verify\n"
	"SELECT count(*) = 1 FROM notes;\n"
	"-- migrator:downgrade\n";
/* A second head beside REV2. */
static const char tags[] =
	HEAD(REV3, AFTER(REV1), "create tags")
	"-- migrator:upgrade\n"
	"CREATE TABLE tags (id INTEGER PRIMARY KEY);\n"
	"-- migrator:downgrade\n"
	"DROP TABLE tags;\n";

/* With data (migrator_verify_ext): a rename that forgets the rows, and
 * a table no generated row fits. */
static const char memos[] =
	HEAD(REV2, AFTER(REV1), "notes become memos, rows forgotten")
	"-- migrator:upgrade\n"
	"CREATE TABLE memos (id INTEGER PRIMARY KEY, body TEXT);\n"
	"DROP TABLE notes;\n"
	"CREATE TABLE locked (id INTEGER PRIMARY KEY,\n"
	"    code varchar(10) NOT NULL CHECK (length(code) > 20));\n"
	"-- migrator:downgrade\n"
	"DROP TABLE locked;\n"
	"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
	"INSERT INTO notes SELECT id, body FROM memos;\n"
	"DROP TABLE memos;\n";
static const char after_memos[] =
	HEAD(REV3, AFTER(REV2), "index memos")
	"-- migrator:upgrade\n"
	"CREATE INDEX memos_body_idx ON memos (body);\n"
	"-- migrator:downgrade\n"
	"DROP INDEX memos_body_idx;\n";

static migrator_ctx *open_ctx(const char *url, const char *dir)
{
	migrator_ctx *ctx = NULL;

	if (migrator_open(&ctx, url, dir) != 0)
		printf("# open %s: %s\n", dir, migrator_errmsg(ctx));
	return ctx;
}

/* What the events of a call said. */
struct seen {
	int starts, dones, other;
	size_t findings;
	char first[128];
	int step_ok; /* every VERIFY_* event had its revision's step */
};

static void on_event(const struct migrator_event *ev, void *payload)
{
	struct seen *s = payload;
	const migrator_revision *r;

	if (ev->kind != MIGRATOR_EVENT_VERIFY_START &&
	    ev->kind != MIGRATOR_EVENT_VERIFY_DONE) {
		s->other++;
		return;
	}
	r = migrator_step_revision(ev->step);
	if (!r || strncmp(ev->text + 7, migrator_revision_id(r), 12) != 0)
		s->step_ok = 0;
	if (ev->kind == MIGRATOR_EVENT_VERIFY_START) {
		if (!s->starts++)
			snprintf(s->first, sizeof(s->first), "%s", ev->text);
		return;
	}
	s->dones++;
	s->findings += ev->findings;
}

static int exists(const char *url)
{
	struct stat st;

	return strncmp(url, "sqlite:///", 10) == 0 && stat(url + 9, &st) == 0;
}

static void test_clean(void)
{
	migrator_ctx *ctx = open_ctx(url_live, migs_good);
	struct seen s = {0, 0, 0, 0, "", 1};
	migrator_verifylist *l = (migrator_verifylist *)1;
	migrator_revlist *cur = NULL;
	size_t planned = 0;

	migrator_set_event_callback(ctx, on_event, &s);
	check_int(migrator_verify(ctx, NULL, 0, &l), ==, 0);
	check_str(migrator_errmsg(ctx), "not an error");
	check(l != NULL);
	check_int(migrator_verifylist_count(l), ==, 0);
	check(migrator_verifylist_get(l, 0) == NULL);
	check_int(migrator_verifylist_walked(l, &planned), ==, 2);
	check_int(planned, ==, 2);
	check(migrator_verifylist_stopped(l) == NULL);
	migrator_verifylist_free(l);
	/* a progress event at each end of each revision */
	check_int(s.starts, ==, 2);
	check_int(s.dones, ==, 2);
	check_int(s.findings, ==, 0);
	check(s.step_ok);
	check_str(s.first, "verify " REV1 "  create notes");
	/* the live database is as it was: no SQLite file, no stamp */
	check(!exists(url_live));
	if (!on_sqlite) {
		check_int(migrator_current(ctx, &cur), ==, 0);
		check_int(migrator_revlist_count(cur), ==, 0);
		migrator_revlist_free(cur);
	}
	/* out NULL: the answer is the code; a range; bad input */
	check_int(migrator_verify(ctx, REV1, 0, NULL), ==, 0);
	check_int(migrator_verify(ctx, REV1 ":", 0, &l), ==, 0);
	check_int(migrator_verifylist_walked(l, NULL), ==, 1);
	migrator_verifylist_free(l);
	check_int(migrator_verify(ctx, "nosuch", 0, &l), ==, MIGRATOR_EUSAGE);
	check(l == NULL);
	check_int(migrator_verify(ctx, NULL, 0x80, &l), ==, MIGRATOR_EUSAGE);
	check(strstr(migrator_errmsg(ctx), "unknown verify flags") != NULL);
	migrator_close(ctx);
	/* NULL everywhere */
	check_int(migrator_verifylist_count(NULL), ==, 0);
	check_int(migrator_verifylist_walked(NULL, &planned), ==, 0);
	check_int(planned, ==, 0);
	check(migrator_verifylist_stopped(NULL) == NULL);
	migrator_verifylist_free(NULL);
	check_int(migrator_verify(NULL, NULL, 0, &l), ==, MIGRATOR_ENOMEM);
}

static void test_problems(void)
{
	migrator_ctx *ctx = open_ctx(url_live, migs_bad);
	struct seen s = {0, 0, 0, 0, "", 1};
	const struct migrator_verify_item *x;
	migrator_verifylist *l = NULL;
	size_t planned = 0;

	migrator_set_event_callback(ctx, on_event, &s);
	check_int(migrator_verify(ctx, NULL, 0, &l), ==, MIGRATOR_EDRIFT);
	check_str(migrator_errmsg(ctx), "verify found 3 problems");
	check_int(migrator_exit_status(MIGRATOR_EDRIFT), ==, 1);
	check_int(migrator_verifylist_count(l), ==, 3);
	check_int(migrator_verifylist_walked(l, &planned), ==, 2);
	check_int(planned, ==, 2);
	check_str(migrator_verifylist_stopped(l), REV2);
	check_int(s.findings, ==, 3);
	/* the verify section, which then ran no more */
	x = migrator_verifylist_get(l, 0);
	check_str(x->kind, "verify_failed");
	check_str(x->revision, REV2);
	check(strstr(x->file, REV2 "_add_author.sql") != NULL);
	check_int(x->line, ==, 8);
	check_str(x->text, on_sqlite ? "verify section failed: verify query "
				       "returned 0 in revision " REV2
				     : "verify section failed: verify query "
				       "returned false in revision " REV2);
	check(x->difference == NULL);
	/* the column the downgrade forgot */
	x = migrator_verifylist_get(l, 1);
	check_str(x->kind, "downgrade_drift");
	check_int(x->line, ==, 0);
	check(x->difference != NULL);
	if (x->difference) {
		check_str(x->difference->kind, "extra_column");
		check_str(x->difference->table, "notes");
		check_str(x->difference->name, "author");
		check(x->difference->expected == NULL);
		check(x->difference->found != NULL);
	}
	check_str(x->text, on_sqlite
				   ? "downgrade does not restore the schema: "
				     "extra column notes.author: TEXT"
				   : "downgrade does not restore the schema: "
				     "extra column notes.author: text");
	/* so the upgrade cannot run again: the database's error */
	x = migrator_verifylist_get(l, 2);
	check_str(x->kind, "reupgrade_failed");
	check_int(x->line, ==, 6);
	check(x->detail != NULL);
	check(on_sqlite ? x->sqlstate == NULL : x->sqlstate != NULL);
	migrator_verifylist_free(l);
	migrator_close(ctx);
}

static void test_heads(void)
{
	migrator_ctx *ctx = open_ctx(url_live, migs_heads);
	const struct migrator_verify_item *x;
	migrator_verifylist *l = NULL;

	check_int(migrator_verify(ctx, NULL, 0, &l), ==, MIGRATOR_EDRIFT);
	check_int(migrator_verifylist_count(l), ==, 1);
	x = migrator_verifylist_get(l, 0);
	check_str(x->kind, "several_heads");
	check(x->revision == NULL && x->file == NULL);
	check_str(x->text, "the graph has 2 heads: " REV2 ", " REV3);
	check(x->hint != NULL);
	check_int(migrator_verifylist_walked(l, NULL), ==, 3);
	migrator_verifylist_free(l);
	check_int(migrator_verify(ctx, NULL, MIGRATOR_VERIFY_ALLOW_BRANCHES,
				  &l),
		  ==, 0);
	check_int(migrator_verifylist_count(l), ==, 0);
	migrator_verifylist_free(l);
	migrator_close(ctx);
}

static void test_sections(void)
{
	migrator_ctx *ctx = open_ctx(url_live, migs_good);
	const migrator_revision *r = NULL;
	const struct migrator_section *sec;

	check_int(migrator_revision_lookup(ctx, REV2, &r), ==, 0);
	/* upgrade and downgrade, as always */
	check((sec = migrator_revision_section(r, 0)) != NULL);
	check_int(sec->direction, ==, MIGRATOR_UPGRADE);
	check((sec = migrator_revision_section(r, 1)) != NULL);
	check_int(sec->direction, ==, MIGRATOR_DOWNGRADE);
	check(migrator_revision_section(r, 2) == NULL);
	/* the verify section apart */
	sec = migrator_revision_verify_section(r, 0);
	check(sec != NULL);
	if (sec) {
		check_int(sec->direction, ==, MIGRATOR_UPGRADE);
		check(sec->dialect == NULL);
		check_str(sec->sql, "SELECT count(*) = 0 FROM notes;\n");
		check_int(sec->line, ==, 8);
	}
	check(migrator_revision_verify_section(r, 1) == NULL);
	check(migrator_revision_verify_section(NULL, 0) == NULL);
	migrator_close(ctx);
}

static void test_upgrade_verify(void)
{
	migrator_ctx *ctx = open_ctx(url_up, migs_bad);
	migrator_revlist *ran = NULL, *cur = NULL;
	const struct migrator_errinfo *e;

	check_int(migrator_upgrade_ext(ctx, "head", 0x40, &ran), ==,
		  MIGRATOR_EUSAGE);
	migrator_revlist_free(ran);
	check_int(migrator_upgrade_ext(ctx, "head", MIGRATOR_UPGRADE_VERIFY,
				       &ran),
		  ==, MIGRATOR_EDB);
	/* REV1 ran and stays; REV2 rolled back with its stamp */
	check_str(list_text(ran), REV1);
	migrator_revlist_free(ran);
	e = migrator_errinfo(ctx);
	check_str(e->revision, REV2);
	check_int(e->line, ==, 8);
	check(strstr(e->message, "verify query returned") != NULL);
	check(e->hint && strstr(e->hint, "rolled back") != NULL);
	check_int(migrator_current(ctx, &cur), ==, 0);
	check_str(list_text(cur), REV1);
	migrator_revlist_free(cur);
	/* without the flag it runs */
	check_int(migrator_upgrade_ext(ctx, "head", 0, NULL), ==, 0);
	check_int(migrator_current(ctx, &cur), ==, 0);
	check_str(list_text(cur), REV2);
	migrator_revlist_free(cur);
	migrator_close(ctx);
}

static void test_with_data(void)
{
	struct migrator_verify_options o = MIGRATOR_VERIFY_OPTIONS_INIT;
	migrator_ctx *ctx = open_ctx(url_live, migs_data);
	migrator_verifylist *l = NULL;
	const struct migrator_verify_item *x;
	unsigned long long seed = 99;

	/* without data: the schema round trips */
	check_int(migrator_verify_ext(ctx, NULL, &o, &l), ==, 0);
	check_int(migrator_verifylist_seed(l, &seed), ==, 0);
	check(seed == 0);
	check_int(migrator_verifylist_warning_count(l), ==, 0);
	migrator_verifylist_free(l);
	/* with data, seed 7, 2 rows: the rows are lost, locked gets none */
	o.flags = MIGRATOR_VERIFY_WITH_DATA;
	o.seed = 7;
	o.rows = 2;
	check_int(migrator_verify_ext(ctx, NULL, &o, &l), ==,
		  MIGRATOR_EDRIFT);
	check_str(migrator_errmsg(ctx), "verify found 1 problem");
	check_int(migrator_verifylist_seed(l, &seed), ==, 1);
	check(seed == 7);
	check_int(migrator_verifylist_count(l), ==, 1);
	x = migrator_verifylist_get(l, 0);
	check(x != NULL);
	if (x) {
		check_str(x->kind, "rows_changed");
		check_str(x->revision, REV2);
		check_str(x->table, "notes");
		check(x->rows_before == 2 && x->rows_after == 0);
		check_str(x->text, "table notes held 2 rows before the upgrade "
				   "and 0 after the downgrade");
		check(x->hint && strstr(x->hint, "(seed 7)"));
		check(x->difference == NULL);
	}
	check_int(migrator_verifylist_warning_count(l), ==, 1);
	x = migrator_verifylist_warning_get(l, 0);
	check(x != NULL);
	if (x) {
		check_str(x->kind, "not_exercised");
		check_str(x->revision, REV3);
		check_str(x->table, "locked");
		check(strncmp(x->text, "table locked not exercised: ",
			      28) == 0);
		check(x->rows_before == -1 && x->rows_after == -1);
	}
	check(migrator_verifylist_warning_get(l, 1) == NULL);
	migrator_verifylist_free(l);
	/* migrator_verify() takes the flag too, with the default seed */
	check_int(migrator_verify(ctx, NULL, MIGRATOR_VERIFY_WITH_DATA, &l),
		  ==, MIGRATOR_EDRIFT);
	check_int(migrator_verifylist_seed(l, &seed), ==, 1);
	check(seed == MIGRATOR_VERIFY_DEFAULT_SEED);
	migrator_verifylist_free(l);
	/* bad options */
	o.rows = 1001;
	check_int(migrator_verify_ext(ctx, NULL, &o, &l), ==, MIGRATOR_EUSAGE);
	check(l == NULL);
	o.rows = 2;
	o.version = 0;
	check_int(migrator_verify_ext(ctx, NULL, &o, &l), ==, MIGRATOR_EUSAGE);
	check_int(migrator_verify_ext(ctx, NULL, NULL, NULL), ==, 0);
	migrator_close(ctx);
	check_int(migrator_verifylist_warning_count(NULL), ==, 0);
	check(migrator_verifylist_warning_get(NULL, 0) == NULL);
	check_int(migrator_verifylist_seed(NULL, NULL), ==, 0);
}

static char *migrations(const char *name, const char *r2, const char *r3)
{
	char *dir = new_dir(name);

	write_file(dir, REV1 "_create_notes.sql", notes);
	write_file(dir, REV2 "_add_author.sql", r2);
	if (r3)
		write_file(dir, REV3 "_create_tags.sql", r3);
	return dir;
}

int main(int argc, char **argv)
{
	static const char *const vars[] = {"VERIFY_URL_LIVE", "VERIFY_URL_UP",
					   NULL};
	int rc;

	on_sqlite = embed_setup(argc, argv, vars,
				"tests/embed/api-verify-pg.sh");
	url_live = url_or_sqlite("VERIFY_URL_LIVE", "live");
	url_up = url_or_sqlite("VERIFY_URL_UP", "up");
	migs_good = migrations("good", author, NULL);
	migs_bad = migrations("bad", author_bad, NULL);
	migs_heads = migrations("heads", author, tags);
	migs_data = migrations("data", memos, after_memos);

	TEST(test_clean(), "verify: a clean project; events; ranges; bad "
			   "input; the live database untouched");
	TEST(test_problems(), "verify: each problem with its kind, file, "
			      "line and difference");
	TEST(test_heads(), "verify: several heads, allowed or not");
	TEST(test_sections(), "verify sections are listed apart");
	TEST(test_upgrade_verify(), "migrator_upgrade_ext(MIGRATOR_UPGRADE_"
				    "VERIFY) rolls back what fails");
	TEST(test_with_data(), "migrator_verify_ext(MIGRATOR_VERIFY_WITH_DATA):"
			       " rows lost, a table not exercised, the seed");
	rc = test_done();
	cleanup();
	free(migs_good);
	free(migs_bad);
	free(migs_heads);
	free(migs_data);
	free(url_live);
	free(url_up);
	return rc;
}
