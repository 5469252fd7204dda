/*
 * test_sql_split.c - the SQL statement splitter: every construct that can
 * hide a ';', line numbers, and every "unterminated" error with its line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
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

/*
 * Splits sql (copied into a buffer of exactly its length, so ASan catches
 * any read past the end) and returns the statements joined by " | " and
 * their 0-based lines joined by ",".  Returns the split's return code.
 */
static int split(const char *sql, struct mg_buf *text, struct mg_buf *lines,
		 mg_diag *d)
{
	struct mg_stmts st = MG_STMTS_INIT;
	size_t len = strlen(sql), i;
	char *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, sql, len);
	rc = mg_sql_split(&st, copy, len, d);
	for (i = 0; rc == 0 && i < st.n; i++) {
		if (i) {
			must(mg_buf_puts(text, " | "));
			must(mg_buf_putc(lines, ','));
		}
		must(mg_buf_add(text, copy + st.v[i].off, st.v[i].len));
		must(mg_buf_printf(lines, "%u", st.v[i].line));
	}
	mg_stmts_free(&st);
	free(copy);
	return rc;
}

/* Expects sql to split into want (joined by " | ") at lines want_lines. */
static void expect(const char *sql, const char *want, const char *want_lines)
{
	struct mg_buf text = MG_BUF_INIT, lines = MG_BUF_INIT;
	mg_diag d = MG_DIAG_INIT;

	check_call(split(sql, &text, &lines, &d), 0);
	check(d.message == NULL);
	check_str(mg_buf_cstr(&text), want);
	if (want_lines)
		check_str(mg_buf_cstr(&lines), want_lines);
	mg_buf_free(&text);
	mg_buf_free(&lines);
	mg_diag_clear(&d);
}

/* Expects MIGRATOR_ESCRIPT with exactly message at 1-based line. */
static void expect_error(const char *sql, const char *message, unsigned line)
{
	struct mg_buf text = MG_BUF_INIT, lines = MG_BUF_INIT;
	mg_diag d = MG_DIAG_INIT;

	check_call(split(sql, &text, &lines, &d), MIGRATOR_ESCRIPT);
	check_int(d.code, ==, MIGRATOR_ESCRIPT);
	check_str(d.message, message);
	check_int(d.line, ==, line);
	mg_buf_free(&text);
	mg_buf_free(&lines);
	mg_diag_clear(&d);
}

static void test_simple(void)
{
	expect("CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n",
	       "CREATE TABLE a (x int) | CREATE TABLE b (y int)", "0,1");
	expect("SELECT 1;SELECT 2;", "SELECT 1 | SELECT 2", "0,0");
	expect("  \n\t SELECT 1 ;  \n", "SELECT 1 ", "1");
}

/* Up to the ';' as written: SQLite stores the blanks and comments before
 * it in sqlite_master.sql for an index, as the sqlite3 shell sends them. */
static void test_text_before_semicolon(void)
{
	expect("CREATE INDEX t_a ON t (a)   ;", "CREATE INDEX t_a ON t (a)   ",
	       "0");
	expect("SELECT 1 /* x */ ;SELECT 2\t;", "SELECT 1 /* x */  | SELECT 2\t",
	       "0,0");
	/* A -- comment before the ';' keeps its newline, so a runner that
	 * appends ';' does not comment it out. */
	expect("SELECT 1 -- c\n;\nSELECT 2 -- d\r\n\n ;",
	       "SELECT 1 -- c\n | SELECT 2 -- d\r\n\n ", "0,2");
}

static void test_trailing_without_semicolon(void)
{
	expect("SELECT 1;\nSELECT 2\n\n", "SELECT 1 | SELECT 2", "0,1");
	expect("SELECT 1", "SELECT 1", "0");
	/* A trailing comment is not part of the statement: a runner that
	 * appends ';' must not have it commented out. */
	expect("SELECT 1 -- the end", "SELECT 1", "0");
	expect("SELECT 1 /* x */", "SELECT 1", "0");
}

static void test_empty_and_comment_only(void)
{
	expect("", "", "");
	expect("   \n\n\t\r\n", "", "");
	expect("-- nothing here\n/* nor ; here */\n-- ;\n", "", "");
	expect(";;\n;  ;", "", "");
	expect("; SELECT 1;;", "SELECT 1", "0");
}

static void test_leading_comments_and_lines(void)
{
	expect("-- first\n/* block\n   comment */\n  SELECT 1; -- tail\n"
	       "\n-- lead\nSELECT\n  2;",
	       "SELECT 1 | SELECT\n  2", "3,6");
	expect("SELECT 1; /* a */ SELECT 2;", "SELECT 1 | SELECT 2", "0,0");
}

static void test_crlf_lines(void)
{
	expect("-- c\r\nSELECT 1;\r\n\r\nSELECT\r\n 'a\r\nb';\r\n",
	       "SELECT 1 | SELECT\r\n 'a\r\nb'", "1,3");
}

static void test_line_comment(void)
{
	expect("SELECT 1 -- not; the end\n+ 1; SELECT 2",
	       "SELECT 1 -- not; the end\n+ 1 | SELECT 2", "0,1");
	/* '-' alone is an operator; "--" inside a string is text. */
	expect("SELECT 3 - -1; SELECT '--;'", "SELECT 3 - -1 | SELECT '--;'",
	       "0,0");
}

static void test_block_comments_nest(void)
{
	expect("SELECT /* a ; /* nested ; */ still ; comment */ 1; SELECT 2",
	       "SELECT /* a ; /* nested ; */ still ; comment */ 1 | SELECT 2",
	       "0,0");
	expect("/* a /* b */ c */ SELECT 1", "SELECT 1", "0");
	expect("SELECT 2 /* */ / 1; SELECT 3", "SELECT 2 /* */ / 1 | SELECT 3",
	       NULL);
}

static void test_single_quotes(void)
{
	expect("INSERT INTO t VALUES ('a;b'), ('it''s; fine');\nSELECT 2",
	       "INSERT INTO t VALUES ('a;b'), ('it''s; fine') | SELECT 2",
	       "0,1");
	/* In a standard string a backslash is an ordinary character. */
	expect("SELECT 'C:\\'; SELECT 2", "SELECT 'C:\\' | SELECT 2", "0,0");
	expect("SELECT '';SELECT ''''", "SELECT '' | SELECT ''''", "0,0");
	expect("SELECT 'a\n;\nb'; SELECT 2", "SELECT 'a\n;\nb' | SELECT 2",
	       "0,2");
}

static void test_escape_strings(void)
{
	expect("SELECT E'it\\'s; \\\\'; SELECT 2",
	       "SELECT E'it\\'s; \\\\' | SELECT 2", "0,0");
	expect("SELECT e'a\\';b'; SELECT 2", "SELECT e'a\\';b' | SELECT 2",
	       "0,0");
	expect("SELECT E'x''y;'; SELECT 2", "SELECT E'x''y;' | SELECT 2", NULL);
	/* A word ending in e is not an E prefix: 'one\' is standard. */
	expect("SELECT some'\\'; SELECT 2", "SELECT some'\\' | SELECT 2", NULL);
	expect("SELECT E'\\\n;'; SELECT 2", "SELECT E'\\\n;' | SELECT 2",
	       "0,1");
}

static void test_quoted_identifiers(void)
{
	expect("CREATE TABLE \"a;b\" (\"x\"\";\" int); SELECT 2",
	       "CREATE TABLE \"a;b\" (\"x\"\";\" int) | SELECT 2", "0,0");
	expect("CREATE TABLE [a;b] ([c;] int); SELECT 2",
	       "CREATE TABLE [a;b] ([c;] int) | SELECT 2", "0,0");
	expect("CREATE TABLE `a;b` (`x``;` int); SELECT 2",
	       "CREATE TABLE `a;b` (`x``;` int) | SELECT 2", "0,0");
	/* PostgreSQL subscripts read as bracket quotes and still split. */
	expect("SELECT a[1], ARRAY['x', 'y'][2]; SELECT 2",
	       "SELECT a[1], ARRAY['x', 'y'][2] | SELECT 2", NULL);
}

static void test_dollar_quotes(void)
{
	expect("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE "
	       "sql;\nSELECT 2",
	       "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE "
	       "sql | SELECT 2",
	       "0,1");
	expect("DO $body$\nBEGIN\n  PERFORM 1; -- $$ inside\n  RAISE NOTICE "
	       "'$$;';\nEND\n$body$;\nSELECT 2;",
	       "DO $body$\nBEGIN\n  PERFORM 1; -- $$ inside\n  RAISE NOTICE "
	       "'$$;';\nEND\n$body$ | SELECT 2",
	       "0,6");
	/* $1 is a parameter, a$b$ an identifier, $a an SQLite parameter. */
	expect("SELECT $1; SELECT $2", "SELECT $1 | SELECT $2", "0,0");
	expect("SELECT a$b$; SELECT 2", "SELECT a$b$ | SELECT 2", NULL);
	expect("SELECT $a; SELECT 2", "SELECT $a | SELECT 2", NULL);
	/* Tags differ: $a$ does not close $b$. */
	expect("SELECT $b$ x $a$ ; $b$; SELECT 2",
	       "SELECT $b$ x $a$ ; $b$ | SELECT 2", NULL);
	/* Comment and quote characters inside are text. */
	expect("SELECT $q$ /* ' \" -- ; $q$; SELECT 2",
	       "SELECT $q$ /* ' \" -- ; $q$ | SELECT 2", NULL);
	expect("SELECT $_x1$;$_x1$; SELECT 2", "SELECT $_x1$;$_x1$ | SELECT 2",
	       NULL);
}

static const char trigger[] =
	"CREATE TABLE log (begin_date int, msg text);\n"
	"CREATE TRIGGER trg AFTER INSERT ON t\n"
	"BEGIN\n"
	"  INSERT INTO log VALUES (1, CASE WHEN NEW.x > 0 THEN 'pos' ELSE "
	"'neg' END);\n"
	"  UPDATE t SET y = CASE NEW.x WHEN 1 THEN CASE WHEN 1 THEN 2 END "
	"ELSE 3 END;\n"
	"  DELETE FROM x WHERE NEW.end = 1;\n"
	"END;\n"
	"INSERT INTO t VALUES (1);\n";

static void test_sqlite_triggers(void)
{
	expect(trigger,
	       "CREATE TABLE log (begin_date int, msg text) | "
	       "CREATE TRIGGER trg AFTER INSERT ON t\nBEGIN\n"
	       "  INSERT INTO log VALUES (1, CASE WHEN NEW.x > 0 THEN 'pos' "
	       "ELSE 'neg' END);\n"
	       "  UPDATE t SET y = CASE NEW.x WHEN 1 THEN CASE WHEN 1 THEN 2 "
	       "END ELSE 3 END;\n"
	       "  DELETE FROM x WHERE NEW.end = 1;\nEND | "
	       "INSERT INTO t VALUES (1)",
	       "0,1,7");
	expect("create temp trigger a after delete on t begin select 1; end;"
	       "create temporary trigger b after delete on t begin select 2; "
	       "end; select 3",
	       "create temp trigger a after delete on t begin select 1; end | "
	       "create temporary trigger b after delete on t begin select 2; "
	       "end | select 3",
	       "0,0,0");
	/* CASE ... END in the WHEN clause, before the body. */
	expect("CREATE TRIGGER IF NOT EXISTS c BEFORE UPDATE ON t WHEN CASE "
	       "WHEN 1 THEN 1 END BEGIN SELECT 1; SELECT 2; END; SELECT 3",
	       "CREATE TRIGGER IF NOT EXISTS c BEFORE UPDATE ON t WHEN CASE "
	       "WHEN 1 THEN 1 END BEGIN SELECT 1; SELECT 2; END | SELECT 3",
	       NULL);
	/* Quoted "begin"/"end" are names, not keywords. */
	expect("CREATE TRIGGER \"begin\" AFTER INSERT ON t BEGIN SELECT "
	       "\"end\"; SELECT [end]; END; SELECT 2",
	       "CREATE TRIGGER \"begin\" AFTER INSERT ON t BEGIN SELECT "
	       "\"end\"; SELECT [end]; END | SELECT 2",
	       NULL);
}

static void test_begin_end_outside_bodies(void)
{
	/* Transaction control and a PostgreSQL trigger are ordinary. */
	expect("BEGIN; CREATE TABLE t (x int); END; COMMIT",
	       "BEGIN | CREATE TABLE t (x int) | END | COMMIT", NULL);
	expect("CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE "
	       "FUNCTION f(); SELECT 2",
	       "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE "
	       "FUNCTION f() | SELECT 2",
	       NULL);
	/* Not a trigger: BEGIN means nothing in a CREATE TABLE. */
	expect("CREATE TABLE t (begin int, \"end\" int); SELECT 2",
	       "CREATE TABLE t (begin int, \"end\" int) | SELECT 2", NULL);
	expect("SELECT CASE WHEN 1 THEN 2 END; SELECT 3",
	       "SELECT CASE WHEN 1 THEN 2 END | SELECT 3", NULL);
}

static void test_begin_atomic(void)
{
	expect("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
	       "BEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN a > 0 THEN a "
	       "END;\nEND;\nSELECT 2",
	       "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
	       "BEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN a > 0 THEN a "
	       "END;\nEND | SELECT 2",
	       "0,5");
	expect("create procedure p() begin /* why not */ atomic insert into "
	       "t values (1); end; select 2",
	       "create procedure p() begin /* why not */ atomic insert into "
	       "t values (1); end | select 2",
	       NULL);
}

static void test_keywords_whole_words(void)
{
	/* begin_date, atomic_x, ends, cases are identifiers. */
	expect("CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET "
	       "begin_date = 1, ends = 2, cases = 3; END; SELECT 2",
	       "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET "
	       "begin_date = 1, ends = 2, cases = 3; END | SELECT 2",
	       NULL);
	expect("SELECT begin_x; SELECT atomic_x",
	       "SELECT begin_x | SELECT "
	       "atomic_x",
	       NULL);
	/* A CREATE whose third word is not TRIGGER is no trigger. */
	expect("CREATE TABLE trigger_log (x int); SELECT 1 BEGIN; SELECT 2",
	       "CREATE TABLE trigger_log (x int) | SELECT 1 BEGIN | SELECT 2",
	       NULL);
}

static void test_utf8_identifiers(void)
{
	expect("CREATE TABLE caf\xc3\xa9 (na\xc3\xafve text); SELECT "
	       "'\xe2\x82\xac;'",
	       "CREATE TABLE caf\xc3\xa9 (na\xc3\xafve text) | SELECT "
	       "'\xe2\x82\xac;'",
	       NULL);
}

static void test_unterminated(void)
{
	expect_error("SELECT 1;\nSELECT 'abc;\n\n",
		     "unterminated quoted string", 2);
	expect_error("SELECT 1;\n\nSELECT E'abc\\';",
		     "unterminated quoted string", 3);
	expect_error("SELECT \"abc", "unterminated quoted identifier", 1);
	expect_error("\nSELECT `abc``", "unterminated quoted identifier", 2);
	expect_error("SELECT 1;\nSELECT [abc",
		     "unterminated bracket-quoted "
		     "identifier",
		     2);
	expect_error("SELECT 1;\n\nDO $x$ BEGIN; END $y$;\n;\n",
		     "unterminated dollar-quoted string", 3);
	expect_error("SELECT $$ ;", "unterminated dollar-quoted string", 1);
	expect_error("SELECT 1; /* a /* b */\n;\n",
		     "unterminated block comment", 1);
	expect_error("SELECT 1;\n\n/*", "unterminated block comment", 3);
	expect_error("SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON x\nBEGIN\n"
		     "  SELECT CASE WHEN 1 THEN 2 END;\n",
		     "unterminated trigger body: BEGIN without END", 3);
	expect_error("CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN\n"
		     "ATOMIC SELECT 1;\n",
		     "unterminated BEGIN ATOMIC body: no END", 2);
}

static void test_section_lines(void)
{
	struct mg_stmts st = MG_STMTS_INIT;
	mg_diag d = MG_DIAG_INIT;
	struct migrator_section sec;
	static const char sql[] = "SELECT 1;\n\nSELECT 'x\n";

	memset(&sec, 0, sizeof(sec));
	sec.sql = sql;
	sec.len = strlen(sql);
	sec.line = 10; /* the file line of sql[0] */
	check_call(mg_sql_split_section(&st, "m/a.sql", &sec, &d),
		   MIGRATOR_ESCRIPT);
	check_str(d.message, "unterminated quoted string");
	check_str(d.file, "m/a.sql");
	check_int(d.line, ==, 12);
	mg_stmts_free(&st);
	mg_diag_clear(&d);

	sec.sql = "\n-- c\nSELECT 1;\nSELECT 2;";
	sec.len = strlen(sec.sql);
	check_call(mg_sql_split_section(&st, "m/a.sql", &sec, &d), 0);
	check_int(st.n, ==, 2);
	if (st.n == 2) {
		check_int(sec.line + st.v[0].line, ==, 12);
		check_int(sec.line + st.v[1].line, ==, 13);
	}
	mg_stmts_free(&st);
	mg_stmts_free(&st); /* a second free is harmless */
}

static void test_first_error_wins(void)
{
	struct mg_stmts st = MG_STMTS_INIT;
	mg_diag d = MG_DIAG_INIT;

	mg_diag_set(&d, MIGRATOR_EDB, "earlier failure");
	check_call(mg_sql_split(&st, "SELECT 'x", 9, &d), MIGRATOR_ESCRIPT);
	check_str(d.message, "earlier failure");
	check_int(d.code, ==, MIGRATOR_EDB);
	check_int(d.line, ==, 0);
	mg_stmts_free(&st);
	mg_diag_clear(&d);
}

/* Appends to out: statements already there stay. */
static void test_appends(void)
{
	struct mg_stmts st = MG_STMTS_INIT;
	mg_diag d = MG_DIAG_INIT;

	check_call(mg_sql_split(&st, "SELECT 1; SELECT 2", 18, &d), 0);
	check_call(mg_sql_split(&st, "SELECT 3", 8, &d), 0);
	check_int(st.n, ==, 3);
	if (st.n == 3)
		check_int(st.v[2].len, ==, 8);
	mg_stmts_free(&st);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/*
 * Big and adversarial inputs: 200,000 statements; a dollar quote whose
 * body is full of near-miss tags; 100,000 nested comment openers.  A
 * quadratic splitter would take minutes here.
 */
static void test_large_inputs(void)
{
	struct mg_buf b = MG_BUF_INIT;
	struct mg_stmts st = MG_STMTS_INIT;
	mg_diag d = MG_DIAG_INIT;
	double t0 = now_ms();
	size_t i;

	for (i = 0; i < 200000; i++)
		must(mg_buf_printf(
			&b, "INSERT INTO t VALUES (%zu, 'a;b', $$;$$);\n", i));
	check_call(mg_sql_split(&st, b.ptr, b.len, &d), 0);
	check_int(st.n, ==, 200000);
	if (st.n == 200000)
		check_int(st.v[199999].line, ==, 199999);
	mg_stmts_free(&st);

	mg_buf_reset(&b);
	must(mg_buf_puts(&b, "SELECT $abcdefghijklmnop$"));
	for (i = 0; i < 100000; i++)
		must(mg_buf_puts(&b, "$abcdefghijklmno$"));
	must(mg_buf_puts(&b, "$abcdefghijklmnop$; SELECT 2"));
	check_call(mg_sql_split(&st, b.ptr, b.len, &d), 0);
	check_int(st.n, ==, 2);
	mg_stmts_free(&st);

	mg_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		must(mg_buf_puts(&b, "/*\n"));
	for (i = 0; i < 100000; i++)
		must(mg_buf_puts(&b, "*/"));
	must(mg_buf_puts(&b, "SELECT 1"));
	check_call(mg_sql_split(&st, b.ptr, b.len, &d), 0);
	check_int(st.n, ==, 1);
	if (st.n == 1)
		check_int(st.v[0].line, ==, 100000);
	mg_stmts_free(&st);
	printf("# large inputs split in %.0f ms\n", now_ms() - t0);
	mg_buf_free(&b);
	mg_diag_clear(&d);
}

int main(void)
{
	TEST(test_simple(), "statements split at semicolons");
	TEST(test_trailing_without_semicolon(),
	     "a last statement needs no semicolon; trailing comments dropped");
	TEST(test_text_before_semicolon(),
	     "blanks and comments before a ';' stay in the statement");
	TEST(test_empty_and_comment_only(),
	     "empty, blank and comment-only input gives no statements");
	TEST(test_leading_comments_and_lines(),
	     "offsets skip leading comments; lines are those of the first "
	     "byte");
	TEST(test_crlf_lines(), "CRLF input keeps its lines");
	TEST(test_line_comment(), "-- comments hide semicolons");
	TEST(test_block_comments_nest(), "block comments nest");
	TEST(test_single_quotes(), "'...' strings with '' escapes");
	TEST(test_escape_strings(), "E'...' strings with backslash escapes");
	TEST(test_quoted_identifiers(), "\"...\", [...] and `...` identifiers");
	TEST(test_dollar_quotes(), "$tag$ dollar quotes; $1 is a parameter");
	TEST(test_sqlite_triggers(),
	     "SQLite trigger bodies, with CASE ... END inside");
	TEST(test_begin_end_outside_bodies(),
	     "BEGIN and END outside bodies are ordinary words");
	TEST(test_begin_atomic(), "PostgreSQL BEGIN ATOMIC ... END bodies");
	TEST(test_keywords_whole_words(), "keywords match whole words only");
	TEST(test_utf8_identifiers(), "UTF-8 text passes through");
	TEST(test_unterminated(), "each unterminated construct, with its line");
	TEST(test_section_lines(),
	     "section errors carry the file and file line");
	TEST(test_first_error_wins(), "an earlier error is kept");
	TEST(test_appends(), "statements are appended");
	TEST(test_large_inputs(), "large and adversarial inputs, linear time");
	return test_done();
}
