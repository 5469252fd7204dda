/*
 * test_lint_rules.c - every lint rule, on SQL that should trip it and on
 * SQL that looks close but is safe.  Sections are split by the core's own
 * splitter, as the host splits them for the plugin.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lint_rules.h"
#include "sql_split.h"
#include "tap.h"

enum { PG = LINT_POSTGRESQL, SQ = LINT_SQLITE };
enum { DOWN = 0, UP = 1 };
enum { NOTX = 0, TX = 1 };

static void must(int rc)
{
	if (rc < 0)
		abort();
}

/*
 * Lints sql (a section starting on file line first) and returns its
 * findings as "LINE:RULE" joined by " ", malloc'd.  With reasons set, each
 * finding is followed by " (REASON)".
 */
static char *lint_text(int dialect, int upgrade, int tx, unsigned first,
		       const char *sql, int reasons)
{
	struct mg_stmts st = MG_STMTS_INIT;
	struct lint_findings f = LINT_FINDINGS_INIT;
	struct lint_section sec = {(enum lint_dialect)dialect, upgrade, tx,
				   NULL, 0};
	struct lint_stmt *v;
	struct mg_buf out = MG_BUF_INIT;
	mg_diag d = MG_DIAG_INIT;
	size_t len = strlen(sql), i;
	char *copy = malloc(len ? len : 1); /* exact size: ASan sees overruns */

	if (!copy)
		abort();
	memcpy(copy, sql, len);
	must(mg_sql_split(&st, copy, len, &d));
	v = calloc(st.n ? st.n : 1, sizeof(*v));
	if (!v)
		abort();
	for (i = 0; i < st.n; i++) {
		v[i].sql = copy + st.v[i].off;
		v[i].len = st.v[i].len;
		v[i].line = first + st.v[i].line;
	}
	sec.stmts = v;
	sec.n_stmts = st.n;
	must(lint_check(&f, &sec));
	must(mg_buf_putc(&out, '\0'));
	out.len = 0;
	for (i = 0; i < f.n; i++) {
		must(mg_buf_printf(&out, "%s%u:%s", i ? " " : "", f.v[i].line,
				   f.v[i].rule->id));
		check_int(f.v[i].rule->dialect, ==, dialect);
		if (reasons)
			must(mg_buf_printf(&out, " (%s)", f.v[i].reason));
	}
	lint_findings_free(&f);
	mg_stmts_free(&st);
	mg_diag_clear(&d);
	free(v);
	free(copy);
	return mg_buf_detach(&out);
}

/* Checks that sql, a section starting on line 1, yields exactly want. */
#define expect(dialect, upgrade, tx, sql, want)                                \
	do {                                                                   \
		char *got_ = lint_text((dialect), (upgrade), (tx), 1, (sql), 0); \
		check_str(got_, (want));                                       \
		free(got_);                                                    \
	} while (0)

/* ---- PostgreSQL ---- */

static void pg_index(void)
{
	expect(PG, UP, TX, "CREATE INDEX users_email ON users (email)",
	       "1:index-not-concurrent");
	expect(PG, UP, TX,
	       "create unique index if not exists users_email\n"
	       "  on only public.users using btree (lower(email))",
	       "1:index-not-concurrent");
	expect(PG, UP, TX, "CREATE INDEX ON \"Users\" (email)",
	       "1:index-not-concurrent");
	/* an index is also built on the way down */
	expect(PG, DOWN, TX, "CREATE INDEX i ON users (email)",
	       "1:index-not-concurrent");
}

static void pg_index_ok(void)
{
	expect(PG, UP, NOTX, "CREATE INDEX CONCURRENTLY i ON users (email)",
	       "");
	/* (IF NOT EXISTS draws concurrently-if-not-exists, only that) */
	expect(PG, UP, NOTX,
	       "create unique index concurrently if not exists i on users (a)",
	       "1:concurrently-if-not-exists");
	/* a table created earlier in the same revision is empty */
	expect(PG, UP, TX,
	       "CREATE TABLE users (id int, email text);\n"
	       "CREATE INDEX users_email ON users (email);\n"
	       "CREATE INDEX ON public.users (id)",
	       "");
	expect(PG, UP, TX,
	       "CREATE TABLE IF NOT EXISTS \"Users\" (id int);\n"
	       "CREATE INDEX ON \"Users\" (id)",
	       "");
	expect(PG, UP, TX,
	       "create unlogged table app.log (id int);\n"
	       "create index on log (id)",
	       "");
	expect(PG, UP, TX,
	       "CREATE TABLE users_new (id int);\n"
	       "ALTER TABLE users_new RENAME TO users2;\n"
	       "CREATE INDEX ON users2 (id)",
	       "");
	/* comments and strings are not statements */
	expect(PG, UP, TX,
	       "-- CREATE INDEX i ON users (email);\n"
	       "/* CREATE INDEX j ON users (email); */\n"
	       "SELECT 'CREATE INDEX k ON users (email)';\n"
	       "DO $$ BEGIN CREATE INDEX l ON users (email); END $$",
	       "");
}

static void pg_index_not_new(void)
{
	/* same name, other schema or other case: an existing table */
	expect(PG, UP, TX,
	       "CREATE TABLE app.users (id int);\n"
	       "CREATE INDEX ON audit.users (id);\n"
	       "CREATE INDEX ON \"APP\".users (id)",
	       "2:index-not-concurrent 3:index-not-concurrent");
	expect(PG, UP, TX,
	       "CREATE TABLE \"Users\" (id int);\nCREATE INDEX ON Users (id)",
	       "2:index-not-concurrent");
	/* an existing table renamed is still an existing table */
	expect(PG, UP, TX,
	       "ALTER TABLE users RENAME TO people;\nCREATE INDEX ON people (id)",
	       "2:index-not-concurrent");
	/* only tables created before the index count */
	expect(PG, UP, TX,
	       "CREATE INDEX ON t (id);\nCREATE TABLE t (id int)",
	       "1:index-not-concurrent");
	/* several statements on one line, and a section further down */
	{
		char *got = lint_text(PG, UP, TX, 20,
				      "\n\nCREATE TABLE t (a int); CREATE INDEX "
				      "ON t (a); CREATE INDEX ON u (a);",
				      0);

		check_str(got, "22:index-not-concurrent");
		free(got);
	}
}

static void pg_not_null(void)
{
	expect(PG, UP, TX, "ALTER TABLE users ADD COLUMN age int NOT NULL",
	       "1:add-column-not-null");
	expect(PG, UP, TX, "alter TABLE Users Add Column age Int Not Null",
	       "1:add-column-not-null");
	expect(PG, UP, TX,
	       "ALTER TABLE users ADD age int DEFAULT NULL NOT NULL",
	       "1:add-column-not-null");
	expect(PG, UP, TX,
	       "ALTER TABLE users ADD COLUMN id int PRIMARY KEY",
	       "1:add-column-not-null");
	expect(PG, UP, TX,
	       "ALTER TABLE IF EXISTS ONLY public.users\n"
	       "  ADD COLUMN IF NOT EXISTS nick text,\n"
	       "  ADD COLUMN age int NOT NULL REFERENCES ages (id)",
	       "3:add-column-not-null");
	expect(PG, DOWN, TX, "ALTER TABLE users ADD COLUMN age int NOT NULL",
	       "1:add-column-not-null");
}

static void pg_not_null_ok(void)
{
	expect(PG, UP, TX,
	       "ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;\n"
	       "ALTER TABLE users ADD COLUMN c timestamptz DEFAULT now() NOT "
	       "NULL;\n"
	       "ALTER TABLE users ADD COLUMN id bigserial PRIMARY KEY;\n"
	       "ALTER TABLE users ADD COLUMN n int NOT NULL GENERATED ALWAYS "
	       "AS IDENTITY;\n"
	       "ALTER TABLE users ADD COLUMN g int NOT NULL GENERATED ALWAYS "
	       "AS (id * 2) STORED;\n"
	       "ALTER TABLE users ADD COLUMN x int CHECK (x IS NOT NULL);\n"
	       "ALTER TABLE users ADD COLUMN \"not\" int, ADD \"null\" int;\n"
	       "ALTER TABLE users ADD COLUMN y int NULL;\n"
	       "ALTER TABLE users ADD CONSTRAINT y_nn CHECK (y IS NOT NULL) "
	       "NOT VALID;\n"
	       "ALTER TABLE users ADD PRIMARY KEY (id)",
	       "");
	expect(PG, UP, TX,
	       "CREATE TABLE t (id int);\n"
	       "ALTER TABLE t ADD COLUMN age int NOT NULL",
	       "");
}

static void pg_type(void)
{
	expect(PG, UP, TX, "ALTER TABLE users ALTER COLUMN email TYPE text",
	       "1:alter-column-type");
	expect(PG, UP, TX,
	       "ALTER TABLE users\n  ALTER email SET DATA TYPE varchar(300),\n"
	       "  ALTER COLUMN id TYPE bigint USING id::bigint",
	       "2:alter-column-type 3:alter-column-type");
	expect(PG, DOWN, TX, "ALTER TABLE users ALTER COLUMN a TYPE int",
	       "1:alter-column-type");
	expect(PG, UP, TX,
	       "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
	       "ALTER TABLE users ALTER COLUMN email SET DEFAULT 'x';\n"
	       "ALTER TABLE users ALTER COLUMN email DROP DEFAULT;\n"
	       "ALTER TABLE users ALTER CONSTRAINT fk DEFERRABLE;\n"
	       "ALTER TYPE mood ADD VALUE 'meh';\n"
	       "CREATE TABLE t (a int);\n"
	       "ALTER TABLE t ALTER COLUMN a TYPE bigint",
	       "");
}

static void pg_drop(void)
{
	expect(PG, UP, TX, "DROP TABLE users", "1:drop-table");
	expect(PG, UP, TX, "drop table if exists a,\n public.\"B\" cascade",
	       "1:drop-table 2:drop-table");
	expect(PG, UP, TX, "ALTER TABLE users DROP COLUMN email",
	       "1:drop-column");
	expect(PG, UP, TX,
	       "ALTER TABLE users DROP COLUMN IF EXISTS email, DROP nick",
	       "1:drop-column 1:drop-column");
}

static void pg_drop_ok(void)
{
	/* a downgrade is where drops belong */
	expect(PG, DOWN, TX,
	       "DROP TABLE users;\nALTER TABLE posts DROP COLUMN email", "");
	expect(PG, UP, TX,
	       "DROP INDEX users_email;\n"
	       "ALTER TABLE users DROP CONSTRAINT users_email_key;\n"
	       "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n"
	       "DROP VIEW v;\n"
	       "CREATE TABLE scratch (a int);\n"
	       "ALTER TABLE scratch DROP COLUMN a;\n"
	       "DROP TABLE scratch",
	       "");
}

static void pg_nontx(void)
{
	expect(PG, UP, NOTX,
	       "CREATE INDEX CONCURRENTLY i ON users (email);\n"
	       "CREATE TABLE t (id int);\n"
	       "INSERT INTO t VALUES (1)",
	       "2:non-transactional-mix 3:non-transactional-mix");
	expect(PG, DOWN, NOTX,
	       "DROP INDEX CONCURRENTLY IF EXISTS i;\nDROP TABLE t",
	       "2:non-transactional-mix");
	/* the statements that need no transaction are fine there */
	expect(PG, UP, NOTX,
	       "CREATE INDEX CONCURRENTLY i ON users (email);\n"
	       "create unique index concurrently j on users (id);\n"
	       "REINDEX INDEX CONCURRENTLY k;\n"
	       "VACUUM users;\n"
	       "ALTER TYPE mood ADD VALUE 'meh'",
	       "");
	/* transactional revisions may mix anything */
	expect(PG, UP, TX, "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1)",
	       "");
}

static void pg_needs_no_tx(void)
{
	expect(PG, UP, TX, "CREATE INDEX CONCURRENTLY i ON users (email)",
	       "1:needs-no-transaction");
	expect(PG, DOWN, TX,
	       "DROP INDEX CONCURRENTLY i;\nVACUUM users;\n"
	       "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
	       "1:needs-no-transaction 2:needs-no-transaction "
	       "3:needs-no-transaction");
	expect(PG, UP, TX, "REFRESH MATERIALIZED VIEW CONCURRENTLY v", "");
}

static void pg_cic_if_not_exists(void)
{
	/* the line of IF NOT EXISTS; unique, any case, a new table too */
	expect(PG, UP, NOTX,
	       "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);\n"
	       "create unique index concurrently\nif not exists j on t (id);\n"
	       "CREATE INDEX CONCURRENTLY k ON users (id);\n"
	       "CREATE INDEX IF NOT EXISTS l ON users (id)",
	       "1:concurrently-if-not-exists 3:concurrently-if-not-exists "
	       "5:index-not-concurrent 5:non-transactional-mix");
	/* not a SQLite rule */
	expect(SQ, UP, TX, "CREATE INDEX IF NOT EXISTS i ON t (a)", "");
}

static void pg_reasons(void)
{
	char *got = lint_text(PG, UP, TX, 1,
			      "ALTER TABLE app.\"Users\" ADD COLUMN age int "
			      "NOT NULL, ALTER COLUMN nick TYPE text, DROP "
			      "COLUMN e;\n"
			      "CREATE INDEX ON \"we\"\"ird\nname\" (a);\n"
			      "DROP TABLE posts",
			      1);

	check_str(got,
		  "1:add-column-not-null (new column \"age\" is NOT NULL "
		  "without a default: adding it fails if \"app.Users\" has "
		  "rows) "
		  "1:alter-column-type (changing the type of column \"nick\" "
		  "rewrites \"app.Users\" under an ACCESS EXCLUSIVE lock) "
		  "1:drop-column (column \"e\" of \"app.Users\" is dropped in "
		  "an upgrade: its data is lost and the previous release may "
		  "still use it) "
		  "2:index-not-concurrent (index on existing table "
		  "\"we\"ird?name\" is built without CONCURRENTLY: writes to "
		  "the table wait until it is done) "
		  "4:drop-table (table \"posts\" is dropped in an upgrade: its "
		  "data is lost and the previous release may still use it)");
	free(got);
	got = lint_text(PG, UP, NOTX, 1,
			"CREATE INDEX CONCURRENTLY i ON t (a); UPDATE t SET a = 1",
			1);
	check_str(got, "1:non-transactional-mix (update mixed into a "
		       "non-transactional revision: when a statement fails, "
		       "those before it stay applied and the revision is not "
		       "stamped)");
	free(got);
	got = lint_text(PG, UP, TX, 1, "create index concurrently on t (a)", 1);
	check_str(got, "1:needs-no-transaction (CREATE INDEX CONCURRENTLY "
		       "cannot run inside a transaction block, and this "
		       "revision runs in one)");
	free(got);
}

/* The PostgreSQL rules stay quiet on SQLite, and the other way round. */
static void dialects_apart(void)
{
	expect(SQ, UP, NOTX,
	       "CREATE INDEX i ON users (email);\nDROP TABLE users;\n"
	       "ALTER TABLE users DROP COLUMN email;\n"
	       "INSERT INTO t VALUES (1)",
	       "");
	expect(PG, UP, TX,
	       "ALTER TABLE users ADD COLUMN a int UNIQUE;\n"
	       "ALTER TABLE users ADD COLUMN t text DEFAULT CURRENT_TIMESTAMP;\n"
	       "ALTER TABLE users ADD COLUMN b int, ADD COLUMN c int;\n"
	       "ALTER TABLE users ADD CONSTRAINT u UNIQUE (a)",
	       "");
}

/* ---- SQLite ---- */

static void sqlite_rejected(void)
{
	expect(SQ, UP, TX, "ALTER TABLE t ALTER COLUMN a TYPE text",
	       "1:alter-column");
	expect(SQ, UP, TX, "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)",
	       "1:alter-constraint");
	expect(SQ, UP, TX, "ALTER TABLE t ADD UNIQUE (a)", "1:alter-constraint");
	expect(SQ, DOWN, TX, "alter table t drop constraint u",
	       "1:alter-constraint");
	expect(SQ, UP, TX, "ALTER TABLE t ADD COLUMN b int PRIMARY KEY",
	       "1:add-column-key");
	expect(SQ, UP, TX, "ALTER TABLE t ADD b int CONSTRAINT u UNIQUE",
	       "1:add-column-key");
	expect(SQ, UP, TX, "ALTER TABLE t ADD COLUMN b int NOT NULL",
	       "1:add-column-not-null");
	expect(SQ, UP, TX,
	       "ALTER TABLE t ADD COLUMN b int NOT NULL DEFAULT NULL;\n"
	       "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT ((NULL))",
	       "1:add-column-not-null 2:add-column-not-null");
	expect(SQ, UP, TX,
	       "ALTER TABLE t ADD COLUMN b text DEFAULT CURRENT_TIMESTAMP;\n"
	       "ALTER TABLE t ADD COLUMN c text DEFAULT current_date;\n"
	       "ALTER TABLE t ADD COLUMN d int DEFAULT (1 + 1);\n"
	       "ALTER TABLE t ADD COLUMN e int DEFAULT (random());\n"
	       "ALTER TABLE t ADD COLUMN f text DEFAULT (CURRENT_TIME)",
	       "1:add-column-default 2:add-column-default 3:add-column-default "
	       "4:add-column-default 5:add-column-default");
	expect(SQ, UP, TX,
	       "ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a + 1) "
	       "STORED",
	       "1:add-column-stored");
	expect(SQ, UP, TX, "ALTER TABLE t ADD COLUMN b int, ADD COLUMN c int",
	       "1:alter-multiple");
	expect(SQ, UP, TX,
	       "ALTER TABLE IF EXISTS t ADD b int;\n"
	       "ALTER TABLE t ADD COLUMN IF NOT EXISTS b int;\n"
	       "ALTER TABLE t DROP COLUMN IF EXISTS a;\n"
	       "ALTER TABLE t OWNER TO bob;\n"
	       "ALTER TABLE ONLY t ADD b int",
	       "1:alter-syntax 2:alter-syntax 3:alter-syntax 4:alter-syntax "
	       "5:alter-syntax");
	/* several at once, each on its own line */
	expect(SQ, UP, TX,
	       "ALTER TABLE t\n  ADD COLUMN b int NOT NULL UNIQUE,\n"
	       "  ALTER COLUMN a SET NOT NULL",
	       "2:alter-multiple 2:add-column-key 2:add-column-not-null "
	       "3:alter-column");
}

static void sqlite_allowed(void)
{
	expect(SQ, UP, TX,
	       "ALTER TABLE t ADD COLUMN b int;\n"
	       "ALTER TABLE t ADD c text NOT NULL DEFAULT 'x';\n"
	       "ALTER TABLE main.\"t\" ADD [d] int DEFAULT -1;\n"
	       "ALTER TABLE t ADD COLUMN e int DEFAULT (1);\n"
	       "ALTER TABLE t ADD COLUMN f int DEFAULT (-(1));\n"
	       "ALTER TABLE t ADD COLUMN g int NOT NULL DEFAULT (CAST(1 AS "
	       "int));\n"
	       "ALTER TABLE t ADD COLUMN h int AS (a + 1) NOT NULL;\n"
	       "ALTER TABLE t ADD COLUMN i int GENERATED ALWAYS AS (a) "
	       "VIRTUAL;\n"
	       "ALTER TABLE t ADD COLUMN j int CHECK (j IS NOT NULL) "
	       "REFERENCES u (id);\n"
	       "ALTER TABLE t ADD COLUMN k blob DEFAULT x'00' COLLATE binary;\n"
	       "ALTER TABLE t RENAME COLUMN b TO bb;\n"
	       "ALTER TABLE t RENAME b TO bb;\n"
	       "ALTER TABLE t RENAME TO u;\n"
	       "ALTER TABLE u DROP COLUMN bb;\n"
	       "alter table u drop c",
	       "");
	/* an empty table takes what a full one refuses; keys never */
	expect(SQ, UP, TX,
	       "CREATE TABLE n (a int);\n"
	       "ALTER TABLE n ADD COLUMN b int NOT NULL;\n"
	       "ALTER TABLE n ADD COLUMN c text DEFAULT CURRENT_TIMESTAMP;\n"
	       "ALTER TABLE n ADD COLUMN d int AS (a) STORED;\n"
	       "ALTER TABLE n ADD COLUMN e int UNIQUE",
	       "5:add-column-key");
}

static void sqlite_reasons(void)
{
	char *got = lint_text(SQ, UP, TX, 7,
			      "ALTER TABLE \"T\" ADD COLUMN b int NOT NULL;\n"
			      "ALTER TABLE t ALTER COLUMN a TYPE text",
			      1);

	check_str(got, "7:add-column-not-null (new column \"b\" is NOT NULL "
		       "without a non-NULL default: SQLite refuses it if "
		       "\"t\" has rows) "
		       "8:alter-column (table \"t\": SQLite has no ALTER TABLE "
		       "... ALTER COLUMN)");
	free(got);
}

/* 100,000 nested parentheses: linear time, no recursion. */
static void deep_nesting(void)
{
	const size_t depth = 100000;
	struct mg_buf b = MG_BUF_INIT;
	char *got;
	size_t i;

	must(mg_buf_puts(&b, "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT "));
	for (i = 0; i < depth; i++)
		must(mg_buf_putc(&b, '('));
	must(mg_buf_puts(&b, "-1"));
	for (i = 0; i < depth; i++)
		must(mg_buf_putc(&b, ')'));
	got = lint_text(SQ, UP, TX, 1, mg_buf_cstr(&b), 0);
	check_str(got, "");
	free(got);
	/* one ')' short: unbalanced, still no crash and a constant */
	b.len--;
	b.ptr[b.len] = '\0';
	got = lint_text(SQ, UP, TX, 1, mg_buf_cstr(&b), 0);
	check_str(got, "");
	free(got);
	mg_buf_free(&b);
}

static void rule_table(void)
{
	size_t i, n = 0;

	for (i = 0; lint_rules[i].id; i++, n++) {
		check(lint_rules[i].why && lint_rules[i].hint);
		check(strchr(lint_rules[i].why, '\n') == NULL);
	}
	check_int(n, ==, 16);
	check_int(lint_dialect_from_name("postgresql"), ==, LINT_POSTGRESQL);
	check_int(lint_dialect_from_name("postgres"), ==, LINT_POSTGRESQL);
	check_int(lint_dialect_from_name("sqlite"), ==, LINT_SQLITE);
	check_int(lint_dialect_from_name("mysql"), ==, -1);
	check_int(lint_dialect_from_name(NULL), ==, -1);
}

int main(void)
{
	TEST(pg_index(), "postgresql: CREATE INDEX on an existing table");
	TEST(pg_index_ok(), "postgresql: CONCURRENTLY, new tables, comments, "
			    "strings, dollar quotes");
	TEST(pg_index_not_new(), "postgresql: schemas, quoting and order decide "
				 "what is new; lines");
	TEST(pg_not_null(), "postgresql: ADD COLUMN NOT NULL without default");
	TEST(pg_not_null_ok(), "postgresql: defaults, serial, identity, "
			       "CHECK, constraints, new tables");
	TEST(pg_type(), "postgresql: ALTER COLUMN TYPE, and what is not");
	TEST(pg_drop(), "postgresql: DROP TABLE and DROP COLUMN in an upgrade");
	TEST(pg_drop_ok(), "postgresql: drops in a downgrade, of constraints, "
			   "of new tables");
	TEST(pg_nontx(), "postgresql: a non-transactional revision that "
			 "mixes in other statements");
	TEST(pg_needs_no_tx(), "postgresql: CONCURRENTLY and VACUUM in a "
			       "transactional revision");
	TEST(pg_cic_if_not_exists(), "postgresql: CREATE INDEX CONCURRENTLY "
				     "IF NOT EXISTS");
	TEST(pg_reasons(), "postgresql: reasons name the table and column");
	TEST(dialects_apart(), "each dialect's rules stay on their dialect");
	TEST(sqlite_rejected(), "sqlite: the ALTER TABLE forms SQLite rejects");
	TEST(sqlite_allowed(), "sqlite: the forms SQLite accepts; new tables");
	TEST(sqlite_reasons(), "sqlite: reasons and lines");
	TEST(deep_nesting(), "100,000 nested parentheses in a default");
	TEST(rule_table(), "the rule table and dialect names");
	return test_done();
}
