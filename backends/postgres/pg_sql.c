/*
 * pg_sql.c - the text of every statement by which the driver changes the
 * stamp table, built in one place for both paths (driver ABI 1.3): online
 * (pg_stamp.c) the values are $N parameters that pg_query binds; offline
 * (--sql, the sql_* members at the end) they are literals.  Identifiers
 * are quoted here for both, so a script and an online run name the same
 * objects and cannot drift apart.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

char *pg_vformat(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *pg_format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = pg_vformat(fmt, ap);
	va_end(ap);
	return s;
}

/* s[0..n) between q's, each q inside doubled; with a backslash inside and
 * e set, the E'' form with each backslash doubled too, which reads the
 * same whatever standard_conforming_strings says (PQescapeLiteral's
 * rule). */
static char *quote(const char *s, size_t n, char q, int e)
{
	size_t extra = 0;
	int bs = 0;
	char *out, *o;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == q)
			extra++;
		if (e && s[i] == '\\')
			extra++, bs = 1;
	}
	out = malloc(n + extra + 4);
	if (!out)
		return NULL;
	o = out;
	if (bs)
		*o++ = 'E';
	*o++ = q;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == q || (bs && s[i] == '\\'))
			*o++ = s[i];
		*o++ = s[i];
	}
	*o++ = q;
	*o = '\0';
	return out;
}

char *pg_quote_ident(const char *s, size_t n)
{
	return quote(s, n, '"', 0);
}

char *pg_quote_literal(const char *s)
{
	return quote(s, strlen(s), '\'', 1);
}

#define PG_MAX_NAME 63 /* NAMEDATALEN - 1 */

void pg_names_free(struct pg_names *n)
{
	free(n->schema);
	free(n->schema_raw);
	free(n->qualified);
	free(n->pkc);
	memset(n, 0, sizeof(*n));
}

int pg_names_make(struct pg_names *n, const char *table, const char *what,
		  size_t reserve, struct migrator_diag *d)
{
	const char *name;
	long schema_len = migrator_table_name_split(table, &name);
	char *quoted = NULL, *pkc = NULL;
	int rc = 0;

	memset(n, 0, sizeof(*n));
	if (schema_len < 0)
		return pg_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					 "invalid %s table name \"%s\"", what,
					 table ? table : "");
	/* PostgreSQL silently cuts names at 63 bytes (NAMEDATALEN - 1): a
	 * longer name would create a table of another name, and its _pkc key
	 * and _history table would collide with it. */
	if (strlen(name) > PG_MAX_NAME - reserve ||
	    schema_len > PG_MAX_NAME) {
		pg_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
				  "%s table name \"%s\" is too long", what,
				  table);
		pg_host->diag_detail(d, "PostgreSQL cuts names at %d bytes; "
					"the version table's name may have at "
					"most %d, so that its _pkc key and "
					"_history table keep names of their "
					"own.",
				     PG_MAX_NAME, PG_MAX_NAME - 8);
		return MIGRATOR_DRIVER_ECONFIG;
	}
	if (schema_len > 0) {
		n->schema_raw = pg_format("%.*s", (int)schema_len, table);
		n->schema = pg_quote_ident(table, (size_t)schema_len);
		if (!n->schema_raw || !n->schema)
			rc = pg_nomem(d);
	}
	quoted = rc ? NULL : pg_quote_ident(name, strlen(name));
	pkc = quoted ? pg_format("%s_pkc", name) : NULL;
	n->pkc = pkc ? pg_quote_ident(pkc, strlen(pkc)) : NULL;
	if (n->pkc)
		n->qualified = n->schema
				       ? pg_format("%s.%s", n->schema, quoted)
				       : pg_format("%s", quoted);
	if (!rc && !n->qualified)
		rc = pg_nomem(d);
	free(quoted);
	free(pkc);
	if (rc < 0)
		pg_names_free(n);
	return rc;
}

/* Builds the statement from fmt, whose %s are the quoted table name and
 * then its values' places ($1, ... online, literals offline), and hands it
 * to emit. */
static int emit_stmt(struct pg_stmt *st, const struct pg_names *n, int literal,
		     pg_emit_fn emit, void *arg, struct migrator_diag *d,
		     const char *fmt)
{
	char *place[2] = {NULL, NULL};
	char *sql = NULL;
	int rc = 0;

	for (int i = 0; i < st->nparams && !rc; i++) {
		place[i] = literal ? pg_quote_literal(st->values[i])
				   : pg_format("$%d", i + 1);
		if (!place[i])
			rc = pg_nomem(d);
	}
	if (!rc) {
		/* fmt is one of the constants below: two %s at most after
		 * the name; unused arguments are ignored */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		sql = pg_format(fmt, n->qualified, place[0], place[1]);
#pragma GCC diagnostic pop
		if (!sql)
			rc = pg_nomem(d);
	}
	if (!rc) {
		st->sql = sql;
		if (literal)
			st->nparams = 0;
		rc = emit(arg, st, d);
	}
	free(sql);
	free(place[0]);
	free(place[1]);
	return rc;
}

int pg_sql_stamp_ensure(const struct pg_names *n, int literal,
			pg_emit_fn emit, void *arg, struct migrator_diag *d)
{
	struct pg_stmt st;
	char *sql;
	int rc;

	if (n->schema) {
		memset(&st, 0, sizeof(st));
		st.kind = PG_STMT_CREATE_SCHEMA;
		sql = pg_format("CREATE SCHEMA IF NOT EXISTS %s", n->schema);
		if (!sql)
			return pg_nomem(d);
		st.sql = sql;
		rc = emit(arg, &st, d);
		free(sql);
		if (rc < 0)
			return rc;
	}
	memset(&st, 0, sizeof(st));
	st.kind = PG_STMT_CREATE_TABLE;
	sql = pg_format("CREATE TABLE IF NOT EXISTS %s (version_num VARCHAR(32) "
			"NOT NULL, CONSTRAINT %s PRIMARY KEY (version_num))",
			n->qualified, n->pkc);
	if (!sql)
		return pg_nomem(d);
	st.sql = sql;
	rc = emit(arg, &st, d);
	free(sql);
	return rc;
}

int pg_sql_stamp_write(const struct pg_names *n, const char *const *del,
		       size_t ndel, const char *const *add, size_t nadd,
		       int literal, pg_emit_fn emit, void *arg,
		       struct migrator_diag *d)
{
	struct pg_stmt st;
	int rc;

	/* The common step (one revision replaced by the next) is one
	 * statement, as in Alembic. */
	if (ndel == 1 && nadd == 1) {
		memset(&st, 0, sizeof(st));
		st.kind = PG_STMT_UPDATE;
		st.nparams = 2;
		st.values[0] = add[0];
		st.values[1] = del[0];
		st.row = del[0];
		return emit_stmt(&st, n, literal, emit, arg, d,
				 "UPDATE %s SET version_num = %s "
				 "WHERE version_num = %s");
	}
	for (size_t i = 0; i < ndel; i++) {
		memset(&st, 0, sizeof(st));
		st.kind = PG_STMT_DELETE;
		st.nparams = 1;
		st.values[0] = st.row = del[i];
		rc = emit_stmt(&st, n, literal, emit, arg, d,
			       "DELETE FROM %s WHERE version_num = %s");
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < nadd; i++) {
		memset(&st, 0, sizeof(st));
		st.kind = PG_STMT_INSERT;
		st.nparams = 1;
		st.values[0] = add[i];
		rc = emit_stmt(&st, n, literal, emit, arg, d,
			       "INSERT INTO %s (version_num) VALUES (%s)");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Offline: each statement goes to the host's list. */
static int push(void *arg, const struct pg_stmt *st, struct migrator_diag *d)
{
	return pg_host->strvec_push(arg, st->sql) < 0 ? pg_nomem(d) : 0;
}

int pg_sql_begin(struct migrator_strvec *out, struct migrator_diag *d)
{
	return pg_host->strvec_push(out, PG_SQL_BEGIN) < 0 ? pg_nomem(d) : 0;
}

int pg_sql_commit(struct migrator_strvec *out, struct migrator_diag *d)
{
	return pg_host->strvec_push(out, PG_SQL_COMMIT) < 0 ? pg_nomem(d) : 0;
}

int pg_sql_ensure(const char *table, struct migrator_strvec *out,
		  struct migrator_diag *d)
{
	struct pg_names n;
	int rc = pg_names_make(&n, table, "version", 8, d);

	if (rc < 0)
		return rc;
	rc = pg_sql_stamp_ensure(&n, 1, push, out, d);
	pg_names_free(&n);
	return rc;
}

int pg_sql_write(const char *table, const char *const *del, size_t ndel,
		 const char *const *add, size_t nadd,
		 struct migrator_strvec *out, struct migrator_diag *d)
{
	struct pg_names n;
	int rc = pg_names_make(&n, table, "version", 8, d);

	if (rc < 0)
		return rc;
	rc = pg_sql_stamp_write(&n, del, ndel, add, nadd, 1, push, out, d);
	pg_names_free(&n);
	return rc;
}
