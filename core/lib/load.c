/*
 * load.c - `load FILE`: builds an empty database from a dump.
 *
 * The file is read and split (the splitter of the migrations,
 * sql_split.c) before anything connects, so a file that cannot be read
 * or split changes nothing and creates no SQLite file.  The database must
 * have no table, the stamp table included: a dump builds a schema from
 * nothing, and loading it over another would at best fail half-way.  Then
 * every statement runs in one transaction (the driver's begin, exec,
 * commit; SQLite's foreign key check at commit included), under the run
 * lock: a statement that fails rolls all of it back.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_schema.h"
#include "dump.h"
#include "runner_int.h"
#include "file_io.h"
#include "scratch.h"

/* How many tables the refusal names before "and N more". */
#define LOAD_NAMED_MAX 5

static int refuse_nonempty(mg_runner *r, mg_diag *d)
{
	struct migrator_schema *s = NULL;
	mg_strvec tables = MG_STRVEC_INIT;
	struct mg_buf list = MG_BUF_INIT;
	int rc = mg_schema_new(&s, NULL, 0);

	if (!rc)
		rc = r->drv->introspect(r->conn, s, d);
	if (!rc)
		rc = mg_schema_tables(s, &tables);
	for (size_t i = 0; !rc && i < tables.n && i < LOAD_NAMED_MAX; i++)
		rc = mg_buf_printf(&list, "%s%s", i ? ", " : "", tables.v[i]);
	if (!rc && tables.n > LOAD_NAMED_MAX)
		rc = mg_buf_printf(&list, " and %zu more",
				   tables.n - LOAD_NAMED_MAX);
	if (rc == MIGRATOR_ENOMEM)
		mg_diag_set(d, rc, "out of memory");
	if (!rc && tables.n) {
		rc = mg_diag_set(d, MIGRATOR_EDB,
				 "the database is not empty: it has %s %s",
				 tables.n == 1 ? "table" : "tables",
				 mg_buf_cstr(&list));
		mg_diag_hint(d, "load builds a database from nothing: load "
				"into a new one (a new SQLite file, or a new "
				"database on the server).");
	}
	mg_buf_free(&list);
	mg_strvec_clear(&tables);
	mg_schema_free(s);
	return rc;
}

static void rollback_quietly(mg_runner *r, struct migrator_conn *c)
{
	mg_diag tmp = MG_DIAG_INIT;

	r->drv->rollback(c, &tmp); /* the first error is what counts */
	mg_diag_clear(&tmp);
}

/* The database's error tmp as d's, worded what; line 0: no line. */
static int failed(mg_diag *d, mg_diag *tmp, const char *what,
		  const char *path, unsigned line)
{
	int code = tmp->code == MIGRATOR_ENOMEM || tmp->code == MIGRATOR_ELOCK
			   ? tmp->code
			   : MIGRATOR_EDB;

	mg_diag_set(d, code, "%s; nothing was loaded", what);
	mg_diag_cause(d, tmp);
	mg_diag_locate(d, path, line);
	mg_diag_clear(tmp);
	return code;
}

static int run_all(mg_runner *r, struct migrator_conn *c, const char *sql,
		   const struct mg_stmts *stmts, const char *path, mg_diag *d)
{
	mg_diag tmp = MG_DIAG_INIT;

	if (r->drv->begin(c, &tmp))
		return failed(d, &tmp, "could not begin a transaction", path,
			      0);
	for (size_t i = 0; i < stmts->n; i++) {
		const struct mg_stmt *s = &stmts->v[i];

		if (r->drv->exec(c, sql + s->off, s->len, &tmp)) {
			rollback_quietly(r, c);
			return failed(d, &tmp, "statement failed", path,
				      s->line + 1);
		}
		if (mg_scratch_poll(r, d)) { /* a scratch database's load */
			rollback_quietly(r, c);
			return d->code;
		}
	}
	if (r->drv->commit(c, &tmp)) {
		rollback_quietly(r, c);
		return failed(d, &tmp, "could not commit", path, 0);
	}
	return 0;
}

/* Splits the text; an error names the file (and the line). */
static int split(struct mg_stmts *stmts, const char *name, const char *sql,
		 size_t len, mg_diag *d)
{
	if (mg_sql_split(stmts, sql ? sql : "", len, d) < 0) {
		mg_diag_locate(d, name, d->line);
		return d->code;
	}
	if (!stmts->n) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "%s holds no statements", name);
		mg_diag_hint(d, "Give load a file that `migrator dump` "
				"wrote.");
		return MIGRATOR_EUSAGE;
	}
	return 0;
}

int mg_load_text(mg_runner *r, struct migrator_conn *c, const char *name,
		 const char *sql, size_t len, mg_diag *d)
{
	struct mg_stmts stmts = MG_STMTS_INIT;
	int rc = split(&stmts, name, sql, len, d);

	if (!rc)
		rc = run_all(r, c, sql, &stmts, name, d);
	mg_stmts_free(&stmts);
	return rc;
}

int mg_runner_load(mg_runner *r, const char *path, mg_diag *d)
{
	struct mg_buf text = MG_BUF_INIT;
	struct mg_stmts stmts = MG_STMTS_INIT;
	int locked = 0, rc;

	/* read and split before anything connects (or creates a file) */
	rc = mg_file_read(&text, path, d);
	if (!rc)
		rc = split(&stmts, path, text.ptr, text.len, d);
	if (!rc)
		rc = mg_runner_load_plugin(r, d);
	if (!rc)
		rc = mg_dump_supported(r, "load", 1, d);
	if (!rc)
		rc = mg_runner_connect(r, MIGRATOR_CONNECT_CREATE, d);
	if (!rc)
		rc = mg_runner_lock(r, d);
	locked = !rc;
	if (!rc)
		rc = refuse_nonempty(r, d);
	if (!rc)
		rc = run_all(r, r->conn, text.ptr, &stmts, path, d);
	if (locked)
		rc = mg_runner_unlock(r, rc, d);
	mg_stmts_free(&stmts);
	mg_buf_free(&text);
	return rc;
}
