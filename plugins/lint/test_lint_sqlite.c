/*
 * test_lint_sqlite.c - the SQLite rules against SQLite itself: for each
 * section, lint finds something exactly when the real engine refuses it on
 * a table with rows.  A rule that drifts from what SQLite does (a new
 * SQLite release accepting a form, a form lint misses) fails here.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint_rules.h"
#include "sql_split.h"
#include "tap.h"

/* A table with a row, another one to reference, an index. */
static const char setup[] =
	"CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c INT);"
	"INSERT INTO t VALUES (1, 'x', 2);"
	"CREATE TABLE u (id INTEGER PRIMARY KEY);"
	"CREATE INDEX t_b ON t (b);";

static const char *const refused[] = {
	"ALTER TABLE t ALTER COLUMN b TYPE text",
	"ALTER TABLE t ALTER COLUMN c SET NOT NULL",
	"ALTER TABLE t ADD CONSTRAINT k UNIQUE (b)",
	"ALTER TABLE t ADD UNIQUE (b)",
	"ALTER TABLE t ADD CHECK (c > 0)",
	"ALTER TABLE t DROP CONSTRAINT k",
	"ALTER TABLE t ADD COLUMN d int PRIMARY KEY",
	"ALTER TABLE t ADD COLUMN d int UNIQUE",
	"ALTER TABLE t ADD d int CONSTRAINT k UNIQUE",
	"ALTER TABLE t ADD COLUMN d int NOT NULL",
	"alter table t add column d int not null default null",
	"ALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT ((NULL))",
	"ALTER TABLE t ADD COLUMN d text DEFAULT CURRENT_TIMESTAMP",
	"ALTER TABLE t ADD COLUMN d text DEFAULT current_date",
	"ALTER TABLE t ADD COLUMN d text DEFAULT (CURRENT_TIME)",
	"ALTER TABLE t ADD COLUMN d int DEFAULT (1 + 1)",
	"ALTER TABLE t ADD COLUMN d int DEFAULT (random())",
	"ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a + 1) STORED",
	"ALTER TABLE t ADD COLUMN d int AS (a) STORED",
	"ALTER TABLE t ADD COLUMN d int, ADD COLUMN e int",
	"ALTER TABLE IF EXISTS t ADD d int",
	"ALTER TABLE t ADD COLUMN IF NOT EXISTS d int",
	"ALTER TABLE t DROP COLUMN IF EXISTS c",
	"ALTER TABLE t OWNER TO bob",
	"ALTER TABLE ONLY t ADD d int",
	"ALTER TABLE t SET SCHEMA x",
	"CREATE TABLE n (a int);\nALTER TABLE n ADD COLUMN e int UNIQUE",
	NULL};

static const char *const accepted[] = {
	"ALTER TABLE t ADD COLUMN d int",
	"ALTER TABLE t ADD d text NOT NULL DEFAULT 'x'",
	"ALTER TABLE t ADD COLUMN d NOT NULL DEFAULT 0",
	"ALTER TABLE t ADD [d] int DEFAULT -1",
	"ALTER TABLE main.\"t\" ADD d int DEFAULT +1",
	"ALTER TABLE t ADD COLUMN d int DEFAULT (1)",
	"ALTER TABLE t ADD COLUMN d int DEFAULT (-(1))",
	"ALTER TABLE t ADD COLUMN d text DEFAULT ('x')",
	"ALTER TABLE t ADD COLUMN d blob DEFAULT (x'00')",
	"ALTER TABLE t ADD COLUMN d real DEFAULT 1e3",
	"ALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT TRUE",
	"ALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT (CAST(1 AS int))",
	"ALTER TABLE t ADD COLUMN d int AS (a + 1) NOT NULL",
	"ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a) VIRTUAL",
	"ALTER TABLE t ADD COLUMN d int CHECK (d > 0) REFERENCES u (id)",
	"ALTER TABLE t ADD COLUMN d text COLLATE nocase",
	"ALTER TABLE t RENAME COLUMN b TO bb",
	"ALTER TABLE t RENAME b TO bb",
	"ALTER TABLE t RENAME TO v",
	"ALTER TABLE t DROP COLUMN c",
	"alter table t drop c",
	"CREATE TABLE n (a int);\nALTER TABLE n ADD COLUMN b int NOT NULL;\n"
	"ALTER TABLE n ADD COLUMN c text DEFAULT CURRENT_TIMESTAMP;\n"
	"ALTER TABLE n ADD COLUMN d int AS (a) STORED",
	NULL};

/* How many findings lint has for sql as an upgrade section; -1 on error. */
static long lint_count(const char *sql)
{
	struct mg_stmts st = MG_STMTS_INIT;
	struct lint_findings f = LINT_FINDINGS_INIT;
	struct lint_section sec = {LINT_SQLITE, 1, 1, NULL, 0};
	struct lint_stmt *v = NULL;
	mg_diag d = MG_DIAG_INIT;
	long n = -1;
	size_t i;

	if (mg_sql_split(&st, sql, strlen(sql), &d) < 0)
		goto out;
	v = calloc(st.n ? st.n : 1, sizeof(*v));
	if (!v)
		goto out;
	for (i = 0; i < st.n; i++) {
		v[i].sql = sql + st.v[i].off;
		v[i].len = st.v[i].len;
		v[i].line = 1 + st.v[i].line;
	}
	sec.stmts = v;
	sec.n_stmts = st.n;
	if (lint_check(&f, &sec) == 0)
		n = (long)f.n;
out:
	lint_findings_free(&f);
	mg_stmts_free(&st);
	mg_diag_clear(&d);
	free(v);
	return n;
}

/* Whether SQLite runs sql after setup: 1 yes, 0 no (why goes to *err). */
static int sqlite_accepts(const char *sql, char **err)
{
	sqlite3 *db = NULL;
	int rc;

	*err = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, setup, NULL, NULL, err);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, err);
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

/* A TAP description stays on one line. */
static void flatten(char *s)
{
	for (; *s; s++)
		if (*s == '\n')
			*s = ' ';
}

static void one(const char *sql, int want_accepted)
{
	char *err = NULL;
	int ok = sqlite_accepts(sql, &err);
	long n = lint_count(sql);

	check_int(ok, ==, want_accepted);
	if (want_accepted)
		check_int(n, ==, 0);
	else
		check_int(n, >, 0);
	if (ok != want_accepted || (n == 0) != want_accepted)
		printf("# %s: sqlite says %s, lint found %ld\n", sql,
		       err ? err : "ok", n);
	sqlite3_free(err);
}

int main(void)
{
	char desc[200];
	size_t i;

	for (i = 0; refused[i]; i++) {
		snprintf(desc, sizeof(desc), "refused by SQLite and flagged: %s",
			 refused[i]);
		flatten(desc);
		TEST(one(refused[i], 0), desc);
	}
	for (i = 0; accepted[i]; i++) {
		snprintf(desc, sizeof(desc), "accepted by SQLite, not flagged: %s",
			 accepted[i]);
		flatten(desc);
		TEST(one(accepted[i], 1), desc);
	}
	return test_done();
}
