/*
 * sqlite_sql.c - the text of every statement by which the driver changes
 * the stamp table, built in one place for both paths (driver ABI 1.3):
 * online (sqlite_stamp.c) the values are ?N parameters that are bound;
 * offline (--sql, the sql_* members at the end) they are literals (%Q).
 * Identifiers are quoted here for both (%w), so a script and an online
 * run name the same objects and cannot drift apart.
 */
#include "config.h"

#include <string.h>

#include "sqlite_driver.h"

void sq_name_free(struct sq_name *n)
{
	sqlite3_free(n->schema);
	sqlite3_free(n->table);
	sqlite3_free(n->quoted);
	memset(n, 0, sizeof(*n));
}

int sq_name_parse(struct sq_name *n, const char *name, const char *what,
		  struct migrator_diag *d)
{
	const char *table;
	long schema_len = migrator_table_name_split(name, &table);

	memset(n, 0, sizeof(*n));
	if (schema_len < 0)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					 "invalid %s table name \"%s\"", what,
					 name ? name : "");
	if (schema_len > 0) {
		n->schema = sqlite3_mprintf("%.*s", (int)schema_len, name);
		n->table = sqlite3_mprintf("%s", table);
	} else {
		n->schema = sqlite3_mprintf("main");
		n->table = sqlite3_mprintf("%s", name);
	}
	if (n->schema && n->table)
		n->quoted = sqlite3_mprintf("\"%w\".\"%w\"", n->schema,
					    n->table);
	if (!n->quoted) {
		sq_name_free(n);
		return sq_nomem(d);
	}
	return 0;
}

/* Builds the statement from fmt, whose %s are the quoted table name and
 * then its values' places (?1, ... online, literals offline), and hands it
 * to emit. */
static int emit_stmt(struct sq_stmt *st, const struct sq_name *n,
		     int literal, sq_emit_fn emit, void *arg,
		     struct migrator_diag *d, const char *fmt)
{
	char *place[2] = {NULL, NULL};
	char *sql = NULL;
	int rc = 0;

	for (int i = 0; i < st->nparams && !rc; i++) {
		place[i] = literal ? sqlite3_mprintf("%Q", st->values[i])
				   : sqlite3_mprintf("?%d", i + 1);
		if (!place[i])
			rc = sq_nomem(d);
	}
	if (!rc) {
		/* fmt is one of the constants below */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		sql = sqlite3_mprintf(fmt, n->quoted, place[0], place[1]);
#pragma GCC diagnostic pop
		if (!sql)
			rc = sq_nomem(d);
	}
	if (!rc) {
		st->sql = sql;
		if (literal)
			st->nparams = 0;
		rc = emit(arg, st, d);
	}
	sqlite3_free(sql);
	sqlite3_free(place[0]);
	sqlite3_free(place[1]);
	return rc;
}

int sq_sql_stamp_ensure(const struct sq_name *n, sq_emit_fn emit, void *arg,
			struct migrator_diag *d)
{
	struct sq_stmt st;
	char *sql;
	int rc;

	memset(&st, 0, sizeof(st));
	sql = sqlite3_mprintf("CREATE TABLE IF NOT EXISTS %s ("
			      "version_num VARCHAR(32) NOT NULL, "
			      "CONSTRAINT \"%w_pkc\" PRIMARY KEY (version_num))",
			      n->quoted, n->table);
	if (!sql)
		return sq_nomem(d);
	st.sql = sql;
	rc = emit(arg, &st, d);
	sqlite3_free(sql);
	return rc;
}

/* One revision replaced by another: a single UPDATE.  Anything else
 * (merges, branch points, stamp --purge): a DELETE per row removed, each
 * of which must hit one row, then an INSERT per row added. */
int sq_sql_stamp_write(const struct sq_name *n, const char *const *del,
		       size_t ndel, const char *const *add, size_t nadd,
		       int literal, sq_emit_fn emit, void *arg,
		       struct migrator_diag *d)
{
	struct sq_stmt st;
	int rc;

	if (ndel == 1 && nadd == 1) {
		memset(&st, 0, sizeof(st));
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
		st.nparams = 1;
		st.values[0] = st.row = del[i];
		rc = emit_stmt(&st, n, literal, emit, arg, d,
			       "DELETE FROM %s WHERE version_num = %s");
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < nadd; i++) {
		memset(&st, 0, sizeof(st));
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
static int push(void *arg, const struct sq_stmt *st, struct migrator_diag *d)
{
	return sq_host->strvec_push(arg, st->sql) < 0 ? sq_nomem(d) : 0;
}

int sq_sql_begin(struct migrator_strvec *out, struct migrator_diag *d)
{
	return sq_host->strvec_push(out, SQ_SQL_BEGIN) < 0 ? sq_nomem(d) : 0;
}

int sq_sql_commit(struct migrator_strvec *out, struct migrator_diag *d)
{
	return sq_host->strvec_push(out, SQ_SQL_COMMIT) < 0 ? sq_nomem(d) : 0;
}

int sq_sql_ensure(const char *table, struct migrator_strvec *out,
		  struct migrator_diag *d)
{
	struct sq_name n;
	int rc = sq_name_parse(&n, table, "version", d);

	if (rc < 0)
		return rc;
	rc = sq_sql_stamp_ensure(&n, push, out, d);
	sq_name_free(&n);
	return rc;
}

int sq_sql_write(const char *table, const char *const *del, size_t ndel,
		 const char *const *add, size_t nadd,
		 struct migrator_strvec *out, struct migrator_diag *d)
{
	struct sq_name n;
	int rc = sq_name_parse(&n, table, "version", d);

	if (rc < 0)
		return rc;
	rc = sq_sql_stamp_write(&n, del, ndel, add, nadd, 1, push, out, d);
	sq_name_free(&n);
	return rc;
}
