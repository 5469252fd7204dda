/*
 * sqlite_data.c - `migrator verify --with-data` (driver ABI 2.3
 * data_fill, data_count): generated rows in every table of main,
 * parents first, and the tables' row counts.
 *
 * Each row is inserted in a savepoint; a row SQLite refuses (a CHECK, a
 * STRICT type, a unique value taken) is tried again with other values
 * (sqlite_data_value.c), up to TRIES times, and then the table is left
 * with the rows it has.  A foreign key takes the key of an existing
 * parent row (the parents are filled first; which one is
 * sqlite_data_keys.c's choice); with no parent row its columns are NULL,
 * or, when one is NOT NULL, the table gets no row.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_data.h"

/* literals, nulls, small: the tries of one row, in order */
static const struct sq_try tries[] = {
	{1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {0, 0, 1}, {1, 1, 1},
	{1, 0, 0}, {0, 1, 1}, {1, 0, 1}, {0, 0, 0},
};
#define TRIES (sizeof(tries) / sizeof(tries[0]))

static int count_rows(struct migrator_conn *c, const char *table,
		      sqlite3_int64 *n, struct migrator_diag *d)
{
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"main\".\"%w\"",
				    table);
	sqlite3_stmt *st = NULL;
	int rc;

	if (!sql)
		return sq_nomem(d);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = sq_db_error(c, rc, d);
	}
	sqlite3_finalize(st);
	return rc;
}

/* INSERT INTO "main"."t" ("a", "b") VALUES (?1, ?2): the columns SQLite
 * does not fill itself; DEFAULT VALUES when there are none. */
static int prepare_insert(struct migrator_conn *c, const struct sq_dtable *t,
			  sqlite3_stmt **st, struct migrator_diag *d)
{
	sqlite3_str *s = sqlite3_str_new(c->db);
	int n = 0, rc;
	char *sql;

	sqlite3_str_appendf(s, "INSERT INTO \"main\".\"%w\" ", t->name);
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].skip || t->cols[i].hidden)
			continue;
		sqlite3_str_appendf(s, "%s\"%w\"", n++ ? ", " : "(",
				    t->cols[i].name);
	}
	if (n) {
		sqlite3_str_appendall(s, ") VALUES (");
		for (int i = 1; i <= n; i++)
			sqlite3_str_appendf(s, "%s?%d", i > 1 ? ", " : "", i);
		sqlite3_str_appendall(s, ")");
	} else {
		sqlite3_str_appendall(s, "DEFAULT VALUES");
	}
	sql = sqlite3_str_finish(s);
	if (!sql)
		return sq_nomem(d);
	rc = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);
	sqlite3_free(sql);
	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

/* One row's foreign key values (sqlite_data_keys.c). */
struct row {
	sqlite3_value **key;
	unsigned char *set;
};

static void row_free(const struct sq_dtable *t, struct row *r)
{
	for (size_t i = 0; r->key && i < t->ncols; i++)
		sqlite3_value_free(r->key[i]);
	free(r->key);
	free(r->set);
	r->key = NULL;
	r->set = NULL;
}

static int row_new(const struct sq_dtable *t, struct row *r,
		   struct migrator_diag *d)
{
	r->key = calloc(t->ncols ? t->ncols : 1, sizeof(*r->key));
	r->set = calloc(t->ncols ? t->ncols : 1, 1);
	return r->key && r->set ? 0 : sq_nomem(d);
}

static int bind_row(sqlite3_stmt *st, const struct sq_dtable *t,
		    const struct row *r, const struct sq_try *how, uint64_t *g)
{
	int n = 0, rc = SQLITE_OK;

	for (size_t i = 0; rc == SQLITE_OK && i < t->ncols; i++) {
		const struct sq_dcol *col = &t->cols[i];

		if (col->skip || col->hidden)
			continue;
		n++;
		if (r->key[i] && !(how->nulls && !col->notnull))
			rc = sqlite3_bind_value(st, n, r->key[i]);
		else if (col->fk >= 0)
			rc = sqlite3_bind_null(st, n);
		else
			rc = sq_bind_generated(st, n, t, col, how, g);
	}
	return rc;
}

static int savepoint(struct migrator_conn *c, const char *sql,
		     struct migrator_diag *d)
{
	return sq_exec_simple(c, sql, d);
}

/* One try of one row: 0 inserted, 1 refused (*why: SQLite's words),
 * else the error. */
static int try_row(struct migrator_conn *c, sqlite3_stmt *st,
		   const struct sq_dtable *t, const struct row *r,
		   const struct sq_try *how, uint64_t *g, char **why,
		   struct migrator_diag *d)
{
	int rc = savepoint(c, "SAVEPOINT migrator_fill", d);

	if (rc)
		return rc;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	rc = bind_row(st, t, r, how, g);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return savepoint(c, "RELEASE migrator_fill", d);
	if (rc == SQLITE_NOMEM || rc == SQLITE_INTERRUPT) {
		rc = sq_db_error(c, rc, d);
		sqlite3_reset(st);
		savepoint(c, "ROLLBACK TO migrator_fill", d);
		return rc;
	}
	sqlite3_free(*why);
	*why = sqlite3_mprintf("%s", sqlite3_errmsg(c->db));
	sqlite3_reset(st);
	rc = savepoint(c, "ROLLBACK TO migrator_fill", d);
	if (rc == 0)
		rc = savepoint(c, "RELEASE migrator_fill", d);
	return rc ? rc : 1;
}

/* Fills t up to rows rows: t->count its rows afterwards, t->why the
 * last reason a row was refused. */
static int fill_table(struct migrator_conn *c, const struct sq_dmodel *m,
		      struct sq_dtable *t, unsigned rows, uint64_t *g,
		      struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = count_rows(c, t->name, &t->count, d), refused = 0;

	if (rc == 0 && t->count < (sqlite3_int64)rows)
		rc = prepare_insert(c, t, &st, d);
	while (rc == 0 && !refused && t->count < (sqlite3_int64)rows) {
		struct row r = {NULL, NULL};
		char *no_parent = NULL;

		rc = row_new(t, &r, d);
		if (rc == 0)
			rc = sq_row_keys(c, m, t, r.key, r.set, g, &no_parent,
					 d);
		if (rc == 0 && no_parent) {
			sqlite3_free(t->why);
			t->why = no_parent;
			refused = 1;
		}
		for (size_t k = 0; rc == 0 && !refused && k < TRIES; k++) {
			rc = try_row(c, st, t, &r, &tries[k], g, &t->why, d);
			if (rc == 1 && k + 1 == TRIES)
				refused = 1;
			if (rc == 1)
				rc = 0;
			else if (rc == 0)
				break;
		}
		row_free(t, &r);
		if (rc == 0 && !refused)
			t->count++;
	}
	sqlite3_finalize(st);
	return rc;
}

/* A table's name and count; with why (fill), a third string: "" when it
 * holds rows, else why none could be made. */
static int push_table(struct migrator_strvec *out, const struct sq_dtable *t,
		      int why, struct migrator_diag *d)
{
	char num[24];
	const char *v[3] = {t->name, num,
			    t->count ? ""
			    : t->why ? t->why
				     : "no row could be made"};
	int rc = 0;

	snprintf(num, sizeof(num), "%lld", (long long)t->count);
	for (int i = 0; rc == 0 && i < (why ? 3 : 2); i++)
		rc = sq_host->strvec_push(out, v[i]) < 0 ? sq_nomem(d) : 0;
	return rc;
}

int sq_data_fill(struct migrator_conn *c, const char *version_table,
		 const char *history_table, uint64_t seed, unsigned rows,
		 struct migrator_strvec *out, struct migrator_diag *d)
{
	struct sq_dmodel m;
	size_t *order = NULL;
	int rc = sq_dmodel_read(c, &m, version_table, history_table, 0, d);

	if (rc == 0 && (!(order = calloc(m.n + 1, sizeof(*order))) ||
			sq_dmodel_order(&m, order) < 0))
		rc = sq_nomem(d);
	if (rc == 0)
		rc = sq_exec_simple(c, SQ_SQL_BEGIN, d);
	if (rc == 0) {
		/* parents first; each table its own values */
		for (size_t i = 0; rc == 0 && i < m.n; i++) {
			uint64_t g = seed ^ (0x51ed2701u * (order[i] + 1));

			rc = fill_table(c, &m, &m.t[order[i]], rows, &g, d);
		}
		if (rc == 0)
			rc = sq_exec_simple(c, SQ_SQL_COMMIT, d);
		if (rc)
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	}
	for (size_t i = 0; rc == 0 && i < m.n; i++)
		rc = push_table(out, &m.t[i], 1, d);
	free(order);
	sq_dmodel_free(&m);
	return rc;
}

int sq_data_count(struct migrator_conn *c, const char *version_table,
		  const char *history_table, struct migrator_strvec *out,
		  struct migrator_diag *d)
{
	struct sq_dmodel m;
	int rc = sq_dmodel_read(c, &m, version_table, history_table, 1, d);

	for (size_t i = 0; rc == 0 && i < m.n; i++) {
		rc = count_rows(c, m.t[i].name, &m.t[i].count, d);
		if (rc == 0)
			rc = push_table(out, &m.t[i], 0, d);
	}
	sq_dmodel_free(&m);
	return rc;
}
