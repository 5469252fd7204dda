/*
 * test_script_parse.c - the migration file parser: every header key, every
 * error with its line, CRLF, BOM, NUL, invalid UTF-8, long lines, dialect
 * sections and section selection; then the whole Kratos corpus, parsed and
 * split, checked against its manifest (found through KRATOS_CORPUS, else
 * TOP_SRCDIR/tests/corpora/kratos; missing, the test fails).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "duration.h"
#include "script_parse.h"
#include "sql_split.h"
#include "tap.h"

/* Makes call once and checks its return code. */
#define check_call(call, want)                                                 \
	do {                                                                   \
		int rc_ = (call);                                              \
		check_int(rc_, ==, (want));                                    \
	} while (0)

/* Test scaffolding cannot recover from running out of memory. */
static void must(int rc)
{
	if (rc < 0)
		abort();
}

#define PATH "migrations/abc_test.sql"

/* Parses text[0..len) from a buffer of exactly that size (ASan then
 * catches any read past the end). */
static int parse_n(struct mg_script *s, struct mg_arena *a,
		   const char *text, size_t len, mg_diag *d)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, text, len);
	rc = mg_script_parse(s, a, PATH, copy, len, d);
	free(copy); /* nothing of the script may point into the text */
	return rc;
}

static int parse(struct mg_script *s, struct mg_arena *a,
		 const char *text, mg_diag *d)
{
	return parse_n(s, a, text, strlen(text), d);
}

/* Expects text of length len to fail with message at line. */
static void expect_error_n(const char *text, size_t len, const char *message,
			   unsigned line)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	check_call(parse_n(&s, &a, text, len, &d), MIGRATOR_ESCRIPT);
	check_int(d.code, ==, MIGRATOR_ESCRIPT);
	check_str(d.message, message);
	check_str(d.file, PATH);
	check_int(d.line, ==, line);
	check(s.revision == NULL && s.n_sections == 0);
	mg_arena_free(&a);
	mg_diag_clear(&d);
}

static void expect_error(const char *text, const char *message, unsigned line)
{
	expect_error_n(text, strlen(text), message, line);
}

static void test_all_header_keys(void)
{
	static const char text[] =
		"-- migrator:revision 3f2a9c1b7d4e\n"
		"-- migrator:down_revision 1975ea83b712, ae1027a6acf\n"
		"-- migrator:message add slack_webhook to budget_alerts  \n"
		"-- a free-text comment: migrator: is not at the start\n"
		"--\n"
		"-- migrator:branch_labels billing,ops-2.x\n"
		"-- migrator:depends_on 9a8b7c6d5e4f\n"
		"-- migrator:transactional false\n"
		"\n"
		"-- migrator:upgrade\n"
		"ALTER TABLE budget_alerts ADD COLUMN slack_webhook "
		"varchar(200);\n"
		"\n"
		"-- migrator:downgrade\n"
		"ALTER TABLE budget_alerts DROP COLUMN slack_webhook;\n";
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	check_call(parse(&s, &a, text, &d), 0);
	check(d.message == NULL);
	check_str(s.path, PATH);
	check_str(s.revision, "3f2a9c1b7d4e");
	check_int(s.revision_line, ==, 1);
	check_int(s.n_down_revisions, ==, 2);
	if (s.n_down_revisions == 2) {
		check_str(s.down_revisions[0], "1975ea83b712");
		check_str(s.down_revisions[1], "ae1027a6acf");
	}
	check_int(s.down_revision_line, ==, 2);
	check_str(s.message, "add slack_webhook to budget_alerts");
	check_int(s.n_branch_labels, ==, 2);
	if (s.n_branch_labels == 2) {
		check_str(s.branch_labels[0], "billing");
		check_str(s.branch_labels[1], "ops-2.x");
	}
	check_int(s.n_depends_on, ==, 1);
	if (s.n_depends_on == 1)
		check_str(s.depends_on[0], "9a8b7c6d5e4f");
	check_int(s.depends_on_line, ==, 7);
	check_int(s.transactional, ==, 0);
	check_int(s.n_sections, ==, 2);
	if (s.n_sections == 2) {
		check_int(s.sections[0].direction, ==, MIGRATOR_UPGRADE);
		check(s.sections[0].dialect == NULL);
		check_str(s.sections[0].sql,
			  "ALTER TABLE budget_alerts ADD COLUMN slack_webhook "
			  "varchar(200);\n\n");
		check_int(s.sections[0].len, ==, strlen(s.sections[0].sql));
		check_int(s.sections[0].line, ==, 11);
		check_int(s.sections[1].direction, ==, MIGRATOR_DOWNGRADE);
		check_str(s.sections[1].sql, "ALTER TABLE budget_alerts DROP "
					     "COLUMN slack_webhook;\n");
		check_int(s.sections[1].line, ==, 14);
	}
	mg_arena_free(&a);
}

static void test_defaults(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	check_call(parse(&s, &a, "-- migrator:revision r1", &d), 0);
	check_str(s.revision, "r1");
	check_str(s.message, "");
	check_int(s.n_down_revisions, ==, 0);
	check(s.down_revisions == NULL);
	check_int(s.down_revision_line, ==, 0);
	check_int(s.n_depends_on, ==, 0);
	check_int(s.n_branch_labels, ==, 0);
	check_int(s.transactional, ==, 1);
	check_int(s.n_sections, ==, 0);

	/* An empty down_revision is a root too; its line is kept. */
	check_call(parse(&s, &a,
			 "-- migrator:revision r2\n-- migrator:down_revision\n"
			 "-- migrator:depends_on   \n-- migrator:message\n"
			 "-- migrator:transactional true\n",
			 &d),
		   0);
	check_int(s.n_down_revisions, ==, 0);
	check_int(s.down_revision_line, ==, 2);
	check_int(s.n_depends_on, ==, 0);
	check_str(s.message, "");
	check_int(s.transactional, ==, 1);
	check(d.message == NULL);
	mg_arena_free(&a);
}

static void test_header_spacing(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	/* Indented, no blank after "--", tabs around values and commas. */
	check_call(parse(&s, &a,
			 "  --migrator:revision\tr1 \t\n"
			 "--   migrator:down_revision a ,\tb,c  \n"
			 "-- migrator:message   keeps  inner  spaces\t\n",
			 &d),
		   0);
	check_str(s.revision, "r1");
	check_int(s.n_down_revisions, ==, 3);
	if (s.n_down_revisions == 3) {
		check_str(s.down_revisions[0], "a");
		check_str(s.down_revisions[1], "b");
		check_str(s.down_revisions[2], "c");
	}
	check_str(s.message, "keeps  inner  spaces");
	mg_arena_free(&a);
}

static void test_header_errors(void)
{
	expect_error("-- migrator:revision a\n-- migrator:down_revison b\n",
		     "unknown header key \"migrator:down_revison\"", 2);
	expect_error("-- migrator:Revision a\n",
		     "unknown header key \"migrator:Revision\"", 1);
	expect_error("-- migrator:revision a\n-- migrator: note\n",
		     "missing key after \"migrator:\"", 2);
	expect_error("-- migrator:revision a\n-- migrator:message x\n"
		     "-- migrator:message y\n",
		     "duplicate header key \"migrator:message\"", 3);
	expect_error("-- migrator:revision a\n\n-- migrator:revision a\n",
		     "duplicate header key \"migrator:revision\"", 3);
	expect_error("-- migrator:revision a\n-- migrator:transactional yes\n",
		     "invalid value \"yes\" for migrator:transactional", 2);
	expect_error("-- migrator:revision a\n-- migrator:transactional\n",
		     "invalid value \"\" for migrator:transactional", 2);
	expect_error("-- migrator:revision a\n-- migrator:transactional "
		     "False\n",
		     "invalid value \"False\" for migrator:transactional", 2);
	expect_error("-- migrator:revision\n", "empty migrator:revision", 1);
}

/* lock timeouts: lock_timeout and statement_timeout, and mg_duration_ms */
static void test_timeout_keys(void)
{
	static const struct {
		const char *text;
		int ok;
		unsigned ms;
	} durations[] = {
		{"0", 1, 0},	      {"500ms", 1, 500},
		{"5s", 1, 5000},      {"2 min", 1, 120000},
		{"2\tmin", 1, 120000}, {"2147483647ms", 1, 2147483647u},
		{"2147483s", 1, 2147483000u},
		{"2147484s", 0, 0},   {"35792min", 0, 0},
		{"5", 0, 0},	      {"", 0, 0},
		{"s", 0, 0},	      {"-1s", 0, 0},
		{"+1s", 0, 0},	      {"1.5s", 0, 0},
		{"5 hours", 0, 0},    {"5S", 0, 0},
		{"99999999999999999999ms", 0, 0},
	};
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	for (size_t i = 0; i < sizeof(durations) / sizeof(durations[0]); i++) {
		unsigned ms = 12345;
		int rc = mg_duration_ms(durations[i].text,
					strlen(durations[i].text), &ms);

		check_int(rc, ==, durations[i].ok ? 0 : -1);
		check_int(ms, ==, durations[i].ok ? durations[i].ms : 12345u);
	}
	check_call(parse(&s, &a,
			 "-- migrator:revision a\n-- migrator:lock_timeout 0\n"
			 "-- migrator:statement_timeout 10min\n",
			 &d),
		   0);
	check_int(s.has_lock_timeout, ==, 1);
	check_int(s.lock_timeout_ms, ==, 0);
	check_int(s.statement_timeout_ms, ==, 600000);
	check_call(parse(&s, &a, "-- migrator:revision a\n", &d), 0);
	check_int(s.has_lock_timeout, ==, 0);
	check_int(s.statement_timeout_ms, ==, 0);
	mg_arena_free(&a);
	expect_error("-- migrator:revision a\n-- migrator:lock_timeout 5\n",
		     "invalid value \"5\" for migrator:lock_timeout", 2);
	expect_error("-- migrator:revision a\n\n"
		     "-- migrator:statement_timeout 1 h\n",
		     "invalid value \"1 h\" for migrator:statement_timeout", 3);
	expect_error("-- migrator:revision a\n-- migrator:lock_timeout 1s\n"
		     "-- migrator:lock_timeout 2s\n",
		     "duplicate header key \"migrator:lock_timeout\"", 3);
}

static void test_duplicate_key_detail(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	check_call(parse(&s, &a,
			 "-- migrator:revision a\n-- migrator:depends_on b\n"
			 "-- migrator:depends_on c\n",
			 &d),
		   MIGRATOR_ESCRIPT);
	check_str(d.detail, "It was first given on line 2.");
	mg_diag_clear(&d);
	check_call(parse(&s, &a,
			 "-- migrator:revision a\n-- migrator:"
			 "transactional 1\n",
			 &d),
		   MIGRATOR_ESCRIPT);
	check_str(d.hint, "Write true or false.");
	mg_diag_clear(&d);
	mg_arena_free(&a);
}

static void test_revision_ids(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;
	static const char id32[] = "abcdefghijklmnopqrstuvwxyzABCD_9";

	check_int(strlen(id32), ==, 32);
	check(mg_revision_id_valid(id32, 32));
	check(!mg_revision_id_valid("abcdefghijklmnopqrstuvwxyzABCD_9x", 33));
	check(!mg_revision_id_valid("", 0));
	check(!mg_revision_id_valid("a-b", 3));
	check(mg_revision_id_valid("a-b", 1));

	check_call(parse(&s, &a,
			 "-- migrator:revision abcdefghijklmnopqrstu"
			 "vwxyzABCD_9\n",
			 &d),
		   0);
	check_str(s.revision, id32);

	expect_error("-- migrator:revision abcdefghijklmnopqrstuvwxyzABCD_9x\n",
		     "revision ID \"abcdefghijklmnopqrstuvwxyzABCD_9x\" in "
		     "migrator:revision is longer than 32 characters",
		     1);
	expect_error("\n-- migrator:revision 3f2a-9c1b\n",
		     "invalid revision ID \"3f2a-9c1b\" in migrator:revision",
		     2);
	expect_error("-- migrator:revision a b\n",
		     "invalid revision ID \"a b\" in migrator:revision", 1);
	expect_error("-- migrator:revision caf\xc3\xa9\n",
		     "invalid revision ID \"caf\xc3\xa9\" in migrator:revision",
		     1);
	expect_error("-- migrator:revision a\n-- migrator:down_revision b, "
		     "c.d\n",
		     "invalid revision ID \"c.d\" in migrator:down_revision",
		     2);
	expect_error("-- migrator:revision a\n-- migrator:depends_on "
		     "abcdefghijklmnopqrstuvwxyz1234567\n",
		     "revision ID \"abcdefghijklmnopqrstuvwxyz1234567\" in "
		     "migrator:depends_on is longer than 32 characters",
		     2);
	check_call(parse(&s, &a, "-- migrator:revision a-b\n", &d),
		   MIGRATOR_ESCRIPT);
	check_str(d.detail, "A revision ID is 1 to 32 of the characters A-Z, "
			    "a-z, 0-9 and _.");
	mg_diag_clear(&d);
	mg_arena_free(&a);
}

static void test_lists(void)
{
	expect_error("-- migrator:revision a\n-- migrator:down_revision b,,c\n",
		     "empty item in migrator:down_revision", 2);
	expect_error("-- migrator:revision a\n-- migrator:down_revision b, \n",
		     "empty item in migrator:down_revision", 2);
	expect_error("-- migrator:revision a\n-- migrator:depends_on ,b\n",
		     "empty item in migrator:depends_on", 2);
	expect_error("-- migrator:revision a\n-- migrator:down_revision b, c, "
		     "b\n",
		     "\"b\" is listed twice in migrator:down_revision", 2);
	expect_error("-- migrator:revision a\n-- migrator:branch_labels x,x\n",
		     "\"x\" is listed twice in migrator:branch_labels", 2);
	expect_error("-- migrator:revision a\n-- migrator:down_revision b, a\n",
		     "revision \"a\" names itself in migrator:down_revision",
		     2);
	expect_error("-- migrator:revision a\n-- migrator:branch_labels "
		     "main@head\n",
		     "invalid branch label \"main@head\"", 2);
	expect_error("-- migrator:revision a\n-- migrator:branch_labels a b\n",
		     "invalid branch label \"a b\"", 2);
}

static void test_no_revision(void)
{
	expect_error("", "no migrator:revision header", 1);
	expect_error("-- just a comment\n\n-- migrator:upgrade\nSELECT 1;\n",
		     "no migrator:revision header", 1);
	expect_error("-- migrator:message hello\n",
		     "no migrator:revision header", 1);
	/* Inside a header block comment, a key is commented out. */
	expect_error("/*\n-- migrator:revision a\n*/\n",
		     "no migrator:revision header", 1);
}

static void test_header_free_text(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	check_call(
		parse(&s, &a,
		      "/* A block comment\n   over lines; -- migrator:nonsense "
		      "*/\n-- migrator:revision a\n/* one line */ -- x\n"
		      "-- migratory notes and -- migrator:x mid-line\n"
		      "--migrator\n",
		      &d),
		0);
	check_str(s.revision, "a");
	check(d.message == NULL);
	mg_arena_free(&a);

	expect_error("-- migrator:revision a\nCREATE TABLE t (x int);\n"
		     "-- migrator:upgrade\n",
		     "statement outside any section", 2);
	expect_error("-- migrator:revision a\n/* x */ SELECT 1;\n",
		     "statement outside any section", 2);
	/* All SQL and no header: the missing header is the news. */
	expect_error("-- notes\nCREATE TABLE stray (id integer);\n",
		     "no migrator:revision header", 1);
	/* The first stray line is named. */
	expect_error("\nSELECT 1;\nSELECT 2;\n-- migrator:revision a\n",
		     "statement outside any section", 2);
	expect_error("-- migrator:revision a\n\n/* never\nclosed\n",
		     "unterminated block comment in the header", 3);
}

static void test_sections(void)
{
	static const char text[] = "-- migrator:revision a\n"
				   "-- migrator:upgrade\n"
				   "SELECT 'plain up';\n"
				   "-- migrator:upgrade postgresql\n"
				   "SELECT 'pg up';\n"
				   "-- migrator:upgrade sqlite   \n"
				   "-- migrator:downgrade sqlite\n"
				   "\n"
				   "SELECT 'lite down';\n"
				   "-- migrator:downgrade my_db2\n"
				   "SELECT 'last, no newline';";
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;
	const struct migrator_section *sec;

	check_call(parse(&s, &a, text, &d), 0);
	check_int(s.n_sections, ==, 5);
	if (s.n_sections != 5)
		goto out;
	check(s.sections[0].dialect == NULL);
	check_str(s.sections[0].sql, "SELECT 'plain up';\n");
	check_int(s.sections[0].line, ==, 3);
	check_str(s.sections[1].dialect, "postgresql");
	check_str(s.sections[1].sql, "SELECT 'pg up';\n");
	check_int(s.sections[1].line, ==, 5);
	check_str(s.sections[2].dialect, "sqlite");
	check_str(s.sections[2].sql, ""); /* empty is allowed */
	check_int(s.sections[2].len, ==, 0);
	check_int(s.sections[2].line, ==, 7);
	check_int(s.sections[3].direction, ==, MIGRATOR_DOWNGRADE);
	check_str(s.sections[3].sql, "\nSELECT 'lite down';\n");
	check_int(s.sections[3].line, ==, 8);
	check_str(s.sections[4].dialect, "my_db2");
	check_str(s.sections[4].sql, "SELECT 'last, no newline';");
	check_int(s.sections[4].line, ==, 11);

	/* Section selection: own dialect, else plain, else none. */
	sec = mg_script_section(&s, MIGRATOR_UPGRADE, "postgresql");
	check(sec == &s.sections[1]);
	/* no alias in the core: "postgres" is PostgreSQL's only when the
	 * driver declares it (mg_script_section_of) */
	sec = mg_script_section(&s, MIGRATOR_UPGRADE, "postgres");
	check(sec == &s.sections[0]);
	{
		const char *pg[] = {"postgres", "postgresql", NULL};
		size_t named = 9;

		sec = mg_script_section_of(&s, MIGRATOR_UPGRADE, pg,
						 &named);
		check(sec == &s.sections[1]);
		check_int(named, ==, 1);
	}
	sec = mg_script_section(&s, MIGRATOR_UPGRADE, "sqlite");
	check(sec == &s.sections[2]);
	sec = mg_script_section(&s, MIGRATOR_UPGRADE, "mysql");
	check(sec == &s.sections[0]);
	sec = mg_script_section(&s, MIGRATOR_UPGRADE, NULL);
	check(sec == &s.sections[0]);
	sec = mg_script_section(&s, MIGRATOR_DOWNGRADE, "sqlite");
	check(sec == &s.sections[3]);
	sec = mg_script_section(&s, MIGRATOR_DOWNGRADE, "postgresql");
	check(sec == NULL);
	sec = mg_script_section(&s, MIGRATOR_DOWNGRADE, NULL);
	check(sec == NULL);
	check(mg_script_section(NULL, MIGRATOR_UPGRADE, "x") == NULL);
out:
	mg_arena_free(&a);
}

/* "-- migrator:verify [dialect]": a list of its own, in file order,
 * direction upgrade; selection as for the other sections; duplicates
 * and bad dialects are errors like theirs. */
static void test_verify_sections(void)
{
	static const char text[] = "-- migrator:revision a\n"
				   "-- migrator:upgrade\n"
				   "CREATE TABLE t (id int);\n"
				   "-- migrator:verify\n"
				   "SELECT count(*) = 0 FROM t;\n"
				   "-- migrator:downgrade\n"
				   "DROP TABLE t;\n"
				   "-- migrator:verify postgresql\n"
				   "SELECT to_regclass('t') IS NOT NULL;\n";
	const char *pg[] = {"postgresql", "postgres", NULL};
	const char *lite[] = {"sqlite", NULL};
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;
	size_t named = 9;

	check_call(parse(&s, &a, text, &d), 0);
	/* upgrade and downgrade only among the sections */
	check_int(s.n_sections, ==, 2);
	check_int(s.n_verify_sections, ==, 2);
	if (s.n_sections != 2 || s.n_verify_sections != 2)
		goto out;
	check_int(s.sections[1].direction, ==, MIGRATOR_DOWNGRADE);
	check_str(s.sections[1].sql, "DROP TABLE t;\n");
	check(s.verify_sections[0].dialect == NULL);
	check_int(s.verify_sections[0].direction, ==, MIGRATOR_UPGRADE);
	check_str(s.verify_sections[0].sql, "SELECT count(*) = 0 FROM t;\n");
	check_int(s.verify_sections[0].line, ==, 5);
	check_str(s.verify_sections[1].dialect, "postgresql");
	check_int(s.verify_sections[1].line, ==, 9);
	check(mg_script_verify_of(&s, pg, &named) == &s.verify_sections[1]);
	check_int(named, ==, 1);
	check(mg_script_verify_of(&s, lite, &named) ==
	      &s.verify_sections[0]);
	check_int(named, ==, 0);
	check(mg_script_verify_of(NULL, lite, NULL) == NULL);
	/* the upgrade is not mistaken for the verify, nor the other way */
	check(mg_script_section_of(&s, MIGRATOR_UPGRADE, lite, NULL) ==
	      &s.sections[0]);
	check_call(parse(&s, &a, "-- migrator:revision a\n"
				 "-- migrator:upgrade\n",
			 &d),
		   0);
	check(mg_script_verify_of(&s, lite, NULL) == NULL);
out:
	mg_arena_free(&a);
}

static void test_marker_at_eof(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	check_call(parse(&s, &a, "-- migrator:revision a\n-- migrator:upgrade",
			 &d),
		   0);
	check_int(s.n_sections, ==, 1);
	if (s.n_sections == 1) {
		check_str(s.sections[0].sql, "");
		check_int(s.sections[0].line, ==, 3);
	}
	/* A dialect's name is kept as written: the parser knows no
	 * aliases; the driver declares them, and two sections under two
	 * names of one dialect are found ambiguous when it runs. */
	check_call(parse(&s, &a,
			 "-- migrator:revision a\n-- migrator:upgrade "
			 "postgres\n-- migrator:upgrade postgresql\n",
			 &d),
		   0);
	check_int(s.n_sections, ==, 2);
	if (s.n_sections == 2) {
		const char *pg[] = {"postgresql", "postgres", NULL};
		size_t named = 0;

		check_str(s.sections[0].dialect, "postgres");
		check(mg_script_section_of(&s, MIGRATOR_UPGRADE, pg,
						 &named) == &s.sections[1]);
		check_int(named, ==, 2);
	}
	mg_arena_free(&a);
}

static void test_section_errors(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	expect_error("-- migrator:revision a\n-- migrator:upgrade\nSELECT 1;\n"
		     "-- migrator:downgrade\n-- migrator:upgrade\n",
		     "duplicate section \"migrator:upgrade\"", 5);
	expect_error(
		"-- migrator:revision a\n-- migrator:upgrade sqlite\n"
		"-- migrator:upgrade\n-- migrator:downgrade sqlite\n"
		"-- migrator:upgrade sqlite\n-- migrator:downgrade sqlite\n",
		"duplicate section \"migrator:upgrade sqlite\"", 5);
	expect_error("-- migrator:revision a\n-- migrator:upgrade PostgreSQL\n",
		     "invalid dialect \"PostgreSQL\" in migrator:upgrade", 2);
	expect_error("-- migrator:revision a\n-- migrator:downgrade "
		     "postgresql sqlite\n",
		     "invalid dialect \"postgresql sqlite\" in "
		     "migrator:downgrade",
		     2);
	expect_error("-- migrator:revision a\n-- migrator:upgrade\nSELECT 1;\n"
		     "-- migrator:message late\n",
		     "header key \"migrator:message\" after the first section",
		     4);
	expect_error("-- migrator:upgrade\n-- migrator:revision a\n",
		     "header key \"migrator:revision\" after the first section",
		     2);
	expect_error("-- migrator:revision a\n-- migrator:upgrade\n"
		     "  -- migrator:upgrde\n",
		     "unknown header key \"migrator:upgrde\"", 3);

	check_call(parse(&s, &a,
			 "-- migrator:revision a\n-- migrator:upgrade\n"
			 "-- migrator:upgrade\n-- migrator:upgrade x\n",
			 &d),
		   MIGRATOR_ESCRIPT);
	check_str(d.detail, "The same section starts on line 2.");
	mg_diag_clear(&d);
	mg_arena_free(&a);
}

static void test_crlf(void)
{
	static const char text[] = "-- migrator:revision r1\r\n"
				   "-- migrator:down_revision p1, p2\r\n"
				   "-- migrator:message hello world\r\n"
				   "-- migrator:transactional false\r\n"
				   "-- migrator:upgrade sqlite\r\n"
				   "SELECT 1;\r\n"
				   "SELECT 2;\r\n"
				   "-- migrator:downgrade\r\n"
				   "SELECT 3;\r\n";
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;
	struct mg_stmts st = MG_STMTS_INIT;

	check_call(parse(&s, &a, text, &d), 0);
	check_str(s.revision, "r1");
	check_int(s.n_down_revisions, ==, 2);
	if (s.n_down_revisions == 2)
		check_str(s.down_revisions[1], "p2");
	check_str(s.message, "hello world");
	check_int(s.transactional, ==, 0);
	check_int(s.n_sections, ==, 2);
	if (s.n_sections == 2) {
		check_str(s.sections[0].dialect, "sqlite");
		/* SQL keeps its bytes, \r included. */
		check_str(s.sections[0].sql, "SELECT 1;\r\nSELECT 2;\r\n");
		check_int(s.sections[0].line, ==, 6);
		check_int(s.sections[1].line, ==, 9);
		check_call(
			mg_sql_split_section(&st, s.path, &s.sections[0], &d),
			0);
		check_int(st.n, ==, 2);
		if (st.n == 2) {
			check_int(s.sections[0].line + st.v[1].line, ==, 7);
			check_int(st.v[1].len, ==, 8);
		}
		mg_stmts_free(&st);
	}
	expect_error("-- migrator:revision r1\r\n-- migrator:transactional "
		     "maybe\r\n",
		     "invalid value \"maybe\" for migrator:transactional", 2);
	mg_arena_free(&a);
}

static void test_bom(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	check_call(parse(&s, &a,
			 "\xEF\xBB\xBF-- migrator:revision r1\n"
			 "-- migrator:upgrade\nSELECT 1;\n",
			 &d),
		   0);
	check_str(s.revision, "r1");
	check_int(s.n_sections, ==, 1);
	if (s.n_sections == 1)
		check_int(s.sections[0].line, ==, 3);
	check_call(parse(&s, &a, "\xEF\xBB\xBF\r\n-- migrator:revision r2\r\n",
			 &d),
		   0);
	check_str(s.revision, "r2");
	check_int(s.revision_line, ==, 2);
	check(d.message == NULL);
	mg_arena_free(&a);
	/* Only at the very start: elsewhere it is text. */
	expect_error("-- migrator:revision r1\n\xEF\xBB\xBF-- x\n",
		     "statement outside any section", 2);
	expect_error("\xEF\xBB\xBF", "no migrator:revision header", 1);
}

static void test_nul_bytes(void)
{
	static const char t1[] = "-- migrator:revision a\n-- mess\0age\n";
	static const char t2[] = "-- migrator:revision a\n-- migrator:upgrade\n"
				 "SELECT 1;\n\nSELECT '\0';\n";
	static const char t3[] = "\0";

	expect_error_n(t1, sizeof(t1) - 1,
		       "file contains a NUL byte (column 8)", 2);
	expect_error_n(t2, sizeof(t2) - 1,
		       "file contains a NUL byte (column 9)", 5);
	expect_error_n(t3, 1, "file contains a NUL byte (column 1)", 1);
}

static void test_invalid_utf8(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	/* Valid 2-, 3- and 4-byte characters, in the header and the SQL. */
	check_call(parse(&s, &a,
			 "-- migrator:revision a\n-- migrator:message "
			 "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"
			 "-- migrator:upgrade\nSELECT '\xed\x9f\xbf "
			 "\xf4\x8f\xbf\xbf \xee\x80\x80';\n",
			 &d),
		   0);
	check_str(s.message, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	mg_arena_free(&a);

	expect_error("-- migrator:revision a\n-- \xff\n",
		     "invalid UTF-8 (byte 0xff at column 4)", 2);
	/* A lone continuation byte. */
	expect_error("-- migrator:revision a\n-- migrator:upgrade\n\n"
		     "SELECT '\x80';\n",
		     "invalid UTF-8 (byte 0x80 at column 9)", 4);
	/* Overlong forms. */
	expect_error("-- \xc0\xaf\n", "invalid UTF-8 (byte 0xc0 at column 4)",
		     1);
	expect_error("-- \xe0\x80\xaf\n",
		     "invalid UTF-8 (byte 0xe0 at column 4)", 1);
	expect_error("-- \xf0\x80\x80\xaf\n",
		     "invalid UTF-8 (byte 0xf0 at column 4)", 1);
	/* A UTF-16 surrogate; above U+10FFFF; 0xF5. */
	expect_error("-- \xed\xa0\x80\n",
		     "invalid UTF-8 (byte 0xed at column 4)", 1);
	expect_error("-- \xf4\x90\x80\x80\n",
		     "invalid UTF-8 (byte 0xf4 at column 4)", 1);
	expect_error("-- \xf5\x80\x80\x80\n",
		     "invalid UTF-8 (byte 0xf5 at column 4)", 1);
	/* Cut short by the end of the line and by the end of the file. */
	expect_error("-- \xe2\x82\n-- migrator:revision a\n",
		     "invalid UTF-8 (byte 0xe2 at column 4)", 1);
	expect_error("-- migrator:revision a\n-- \xf0\x9f\x98",
		     "invalid UTF-8 (byte 0xf0 at column 4)", 2);
	expect_error("-- \xe2\x28\xa1\n",
		     "invalid UTF-8 (byte 0xe2 at column 4)", 1);
}

/* The first error wins: a diag that already holds one keeps it. */
static void test_first_error_wins(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;

	mg_diag_set(&d, MIGRATOR_EIO, "earlier failure");
	check_call(parse(&s, &a, "-- migrator:bogus x\n", &d),
		   MIGRATOR_ESCRIPT);
	check_str(d.message, "earlier failure");
	check(d.file == NULL);
	check_int(d.line, ==, 0);
	mg_diag_clear(&d);
	mg_arena_free(&a);
}

static void test_long_lines(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;
	struct mg_buf b = MG_BUF_INIT;
	size_t i;

	/* A 100 KB message and a 100 KB list of parents. */
	must(mg_buf_puts(&b, "-- migrator:revision a\n-- migrator:message "));
	for (i = 0; i < 100000; i++)
		must(mg_buf_putc(&b, (char)('a' + i % 26)));
	must(mg_buf_puts(&b, "\n-- migrator:down_revision "));
	for (i = 0; i < 12000; i++)
		must(mg_buf_printf(&b, "%sp%05zu", i ? ", " : "", i));
	must(mg_buf_puts(&b, "\n-- migrator:upgrade\n"));
	check_call(parse(&s, &a, mg_buf_cstr(&b), &d), 0);
	check_int(strlen(s.message), ==, 100000);
	check_int(s.n_down_revisions, ==, 12000);
	if (s.n_down_revisions == 12000)
		check_str(s.down_revisions[11999], "p11999");

	/* A 100 KB revision ID: the message shows a short prefix only. */
	mg_buf_reset(&b);
	must(mg_buf_puts(&b, "-- migrator:revision "));
	for (i = 0; i < 100000; i++)
		must(mg_buf_putc(&b, 'x'));
	check_call(parse(&s, &a, mg_buf_cstr(&b), &d), MIGRATOR_ESCRIPT);
	check(d.message && strlen(d.message) < 200);
	check(d.message && strstr(d.message, "xxx...\" in migrator:revision "
					     "is longer than 32 characters"));
	mg_diag_clear(&d);

	/* A cut never splits a UTF-8 character. */
	mg_buf_reset(&b);
	must(mg_buf_puts(
		&b, "-- migrator:revision a\n-- migrator:transactional x"));
	for (i = 0; i < 1000; i++)
		must(mg_buf_puts(&b, "\xc3\xa9"));
	check_call(parse(&s, &a, mg_buf_cstr(&b), &d), MIGRATOR_ESCRIPT);
	check(d.message && strstr(d.message, "\xc3\xa9...\" for migrator"));
	mg_diag_clear(&d);

	/* A long SQL line inside a section. */
	mg_buf_reset(&b);
	must(mg_buf_puts(&b, "-- migrator:revision a\n-- migrator:upgrade\n"
			     "INSERT INTO t VALUES "));
	for (i = 0; i < 20000; i++)
		must(mg_buf_printf(&b, "%s(%zu, 'x;y')", i ? "," : "", i));
	must(mg_buf_puts(&b, ";\n"));
	check_call(parse(&s, &a, mg_buf_cstr(&b), &d), 0);
	check_int(s.n_sections, ==, 1);
	mg_buf_free(&b);
	mg_arena_free(&a);
}

/* Nothing of a parsed script points into the text it came from. */
static void test_owns_its_strings(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_script s;
	char path[] = "some/path.sql";
	char text[] = "-- migrator:revision r\n-- migrator:upgrade\nSELECT 1;";

	check_int(mg_script_parse(&s, &a, path, text, strlen(text), &d), ==, 0);
	memset(path, 'z', sizeof(path) - 1);
	memset(text, 'z', sizeof(text) - 1);
	check_str(s.path, "some/path.sql");
	check_str(s.revision, "r");
	if (s.n_sections == 1)
		check_str(s.sections[0].sql, "SELECT 1;");
	mg_arena_free(&a);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int read_file(const char *path, struct mg_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return -1;
	mg_buf_reset(b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (mg_buf_add(b, chunk, n) < 0)
			rc = -1;
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* The manifest row for file, as tab-separated fields; NULL if none. */
static char *manifest_row(const char *manifest, const char *file)
{
	const char *p = manifest;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *f = p;
		int tab;

		for (tab = 0; tab < 4 && f; tab++) {
			f = memchr(f, '\t', n - (size_t)(f - p));
			if (f)
				f++;
		}
		if (f && strncmp(f, file, strlen(file)) == 0 &&
		    f[strlen(file)] == '\t') {
			char *row = malloc(n + 1);

			if (row) {
				memcpy(row, p, n);
				row[n] = '\0';
			}
			return row;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* Field i (0-based) of a tab-separated row, copied into out. */
static void field(const char *row, int i, struct mg_buf *out)
{
	const char *p = row, *e;

	while (i-- > 0 && p)
		p = (p = strchr(p, '\t')) ? p + 1 : NULL;
	mg_buf_reset(out);
	if (!p)
		return;
	e = strchr(p, '\t');
	must(mg_buf_add(out, p, e ? (size_t)(e - p) : strlen(p)));
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every file of the Kratos corpus parses, every section splits, and each
 * header agrees with the corpus manifest.  The corpus missing is a failure.
 */
static void test_kratos_corpus(void)
{
	const char *root = getenv("KRATOS_CORPUS");
	const char *top = getenv("TOP_SRCDIR");
	struct mg_buf dir = MG_BUF_INIT, path = MG_BUF_INIT, text = MG_BUF_INIT;
	struct mg_buf manifest = MG_BUF_INIT, want = MG_BUF_INIT;
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	char **names = NULL;
	size_t nnames = 0, i, nstmts = 0, nsec = 0, bad = 0;
	DIR *dh;
	struct dirent *de;
	double parse_ms = 0;

	/* make check sets KRATOS_CORPUS; TOP_SRCDIR is the fallback, the
	 * corpus in the source tree. */
	if (root && *root)
		must(mg_buf_puts(&dir, root));
	else if (check(top != NULL))
		must(mg_buf_printf(&dir, "%s/tests/corpora/kratos", top));
	else {
		printf("# neither KRATOS_CORPUS nor TOP_SRCDIR is set: run "
		       "through make check\n");
		return;
	}
	must(mg_buf_printf(&path, "%s/manifest.tsv", mg_buf_cstr(&dir)));
	if (!check(read_file(mg_buf_cstr(&path), &manifest) == 0))
		printf("# cannot read %s\n", mg_buf_cstr(&path));
	must(mg_buf_puts(&dir, "/migrator"));
	dh = opendir(mg_buf_cstr(&dir));
	if (!check(dh != NULL)) {
		printf("# cannot open the corpus %s: %s\n", mg_buf_cstr(&dir),
		       strerror(errno));
		goto out;
	}
	while ((de = readdir(dh)) != NULL) {
		size_t n = strlen(de->d_name);
		char **v;

		if (n < 5 || strcmp(de->d_name + n - 4, ".sql") != 0)
			continue;
		v = realloc(names, (nnames + 1) * sizeof(*names));
		if (!v)
			abort();
		names = v;
		names[nnames] = strdup(de->d_name);
		if (!names[nnames++])
			abort();
	}
	closedir(dh);
	qsort(names, nnames, sizeof(*names), cmp_name);
	check_int(nnames, ==, 694);

	for (i = 0; i < nnames; i++) {
		struct mg_script s;
		char *row;
		size_t k;
		double t0;

		mg_buf_reset(&path);
		must(mg_buf_printf(&path, "%s/%s", mg_buf_cstr(&dir),
				   names[i]));
		if (read_file(mg_buf_cstr(&path), &text) < 0) {
			check(!"corpus file readable");
			bad++;
			continue;
		}
		t0 = now_ms();
		if (mg_script_parse(&s, &a, names[i], text.ptr ? text.ptr : "",
				    text.len, &d) < 0) {
			printf("# %s:%u: %s\n", d.file, d.line, d.message);
			mg_diag_clear(&d);
			bad++;
			continue;
		}
		parse_ms += now_ms() - t0;
		/* The file name starts with the revision ID. */
		if (!check(strncmp(names[i], s.revision, strlen(s.revision)) ==
				   0 &&
			   names[i][strlen(s.revision)] == '_'))
			printf("# %s: revision %s\n", names[i], s.revision);
		/* Every file has both directions for both dialects. */
		check(mg_script_section(&s, MIGRATOR_UPGRADE, "sqlite"));
		check(mg_script_section(&s, MIGRATOR_DOWNGRADE,
					      "postgresql"));
		for (k = 0; k < s.n_sections; k++) {
			struct mg_stmts st = MG_STMTS_INIT;

			nsec++;
			if (mg_sql_split_section(&st, names[i], &s.sections[k],
						 &d) < 0) {
				printf("# %s:%u: %s\n", d.file, d.line,
				       d.message);
				mg_diag_clear(&d);
				bad++;
			}
			nstmts += st.n;
			mg_stmts_free(&st);
		}
		row = manifest_row(mg_buf_cstr(&manifest), names[i]);
		if (!check(row != NULL)) {
			printf("# %s is not in the manifest\n", names[i]);
			continue;
		}
		field(row, 2, &want);
		check_str(s.revision, mg_buf_cstr(&want));
		field(row, 3, &want);
		if (strcmp(mg_buf_cstr(&want), "-") == 0)
			check_int(s.n_down_revisions, ==, 0);
		else if (check_int(s.n_down_revisions, ==, 1))
			check_str(s.down_revisions[0], mg_buf_cstr(&want));
		field(row, 5, &want);
		check_int(s.transactional, ==,
			  strcmp(mg_buf_cstr(&want), "true") == 0);
		free(row);
	}
	check_int(bad, ==, 0);
	check_int(nsec, ==, 4 * nnames);
	check(nstmts > nnames);
	printf("# corpus: %zu files, %zu sections, %zu statements; parsing "
	       "took %.1f ms\n",
	       nnames, nsec, nstmts, parse_ms);
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	mg_arena_free(&a);
	mg_buf_free(&dir);
	mg_buf_free(&path);
	mg_buf_free(&text);
	mg_buf_free(&manifest);
	mg_buf_free(&want);
}

/* Thousands of files into one arena, as a graph load does. */
static void test_many_files(void)
{
	struct mg_arena a = MG_ARENA_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct mg_buf b = MG_BUF_INIT;
	size_t i, ok = 0;
	double t0;

	t0 = now_ms();
	for (i = 0; i < 5000; i++) {
		struct mg_script s;

		mg_buf_reset(&b);
		must(mg_buf_printf(
			&b,
			"-- migrator:revision r%zu\n"
			"-- migrator:down_revision r%zu\n"
			"-- migrator:message step %zu\n\n"
			"-- migrator:upgrade\nCREATE TABLE t%zu (x int);\n"
			"-- migrator:downgrade\nDROP TABLE t%zu;\n",
			i + 1, i, i, i, i));
		if (mg_script_parse(&s, &a, "m.sql", b.ptr, b.len, &d) == 0)
			ok++;
	}
	check_int(ok, ==, 5000);
	printf("# 5000 files parsed in %.1f ms\n", now_ms() - t0);
	mg_buf_free(&b);
	mg_arena_free(&a);
}

int main(void)
{
	TEST(test_all_header_keys(), "every header key, with lines");
	TEST(test_defaults(), "defaults; an empty down_revision is a root");
	TEST(test_header_spacing(), "blanks around keys, values and commas");
	TEST(test_header_errors(), "unknown, duplicate and bad header keys");
	TEST(test_duplicate_key_detail(), "details and hints of header errors");
	TEST(test_timeout_keys(), "lock_timeout and statement_timeout values");
	TEST(test_revision_ids(), "revision IDs: length and characters");
	TEST(test_lists(), "comma-separated lists: empty, duplicate, self");
	TEST(test_no_revision(), "no migrator:revision header");
	TEST(test_header_free_text(), "free text in the header; stray SQL");
	TEST(test_sections(), "dialect sections and section selection");
	TEST(test_verify_sections(), "verify sections: a list of their own");
	TEST(test_marker_at_eof(), "a marker on the last line; postgres alias");
	TEST(test_section_errors(),
	     "duplicate sections, bad dialects, late keys");
	TEST(test_crlf(), "CRLF line endings");
	TEST(test_bom(), "a UTF-8 byte order mark");
	TEST(test_nul_bytes(), "NUL bytes are rejected with their line");
	TEST(test_invalid_utf8(), "invalid UTF-8 is rejected with its line");
	TEST(test_first_error_wins(), "an earlier error is kept");
	TEST(test_long_lines(), "100 KB lines");
	TEST(test_owns_its_strings(), "the script owns copies of its strings");
	TEST(test_kratos_corpus(), "the Kratos corpus parses and splits");
	TEST(test_many_files(), "5000 files into one arena");
	return test_done();
}
