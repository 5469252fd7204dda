/*
 * pg_data.c - `migrator verify --with-data` (driver ABI 2.3 data_fill,
 * data_count): generated rows in every table of current_schema(),
 * parents first, and the tables' row counts.
 *
 * Everything runs in one transaction; each row in a savepoint.  A row
 * the server refuses (a CHECK, a value the type does not take, a unique
 * value taken) is rolled back to its savepoint and tried again with
 * other values (pg_data_value.c), up to TRIES times; then the table is
 * left with the rows it has.  A cancelled statement (a signal) or a lost
 * connection is an error, not a refused row.  A foreign key takes the
 * key of an existing parent row (parents are filled first; which one is
 * pg_data_keys.c's choice); with none, its columns are NULL, or, when one
 * is NOT NULL, the table gets no row.
 * Values are bound parameters (text, typed by the server from the
 * column); names are quoted by the driver (columns) and by regclass
 * (tables).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_data.h"

/* literals, nulls, small: the tries of one row, in order */
static const struct pg_try tries[] = {
	{1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {0, 0, 1}, {1, 1, 1},
	{1, 0, 0}, {0, 1, 1}, {1, 0, 1}, {0, 0, 0},
};
#define TRIES (sizeof(tries) / sizeof(tries[0]))

static int push(struct migrator_strvec *out, const char *s,
		struct migrator_diag *d)
{
	return pg_host->strvec_push(out, s) < 0 ? pg_nomem(d) : 0;
}

/* A growing statement text. */
struct text {
	char *s;
	int failed;
};

static void add(struct text *t, const char *a, const char *b)
{
	char *s;

	if (t->failed)
		return;
	s = pg_format("%s%s%s", t->s ? t->s : "", a, b ? b : "");
	free(t->s);
	t->s = s;
	t->failed = !s;
}

/* INSERT INTO t ("a", "b") VALUES ($1, $2) for the columns the server
 * does not fill itself (DEFAULT VALUES when there are none); *n their
 * number. */
static char *insert_sql(const struct pg_dtable *t, int *n)
{
	struct text x = {NULL, 0};
	char num[32];

	*n = 0;
	add(&x, "INSERT INTO ", t->sql);
	for (size_t i = 0; i < t->ncols; i++)
		if (!t->cols[i].skip)
			add(&x, (*n)++ ? ", " : " (", t->cols[i].name);
	add(&x, *n ? ") VALUES (" : " DEFAULT VALUES", NULL);
	for (int i = 1; *n && i <= *n; i++) {
		snprintf(num, sizeof(num), "%s$%d", i > 1 ? ", " : "", i);
		add(&x, num, NULL);
	}
	if (*n)
		add(&x, ")", NULL);
	if (x.failed) {
		free(x.s);
		return NULL;
	}
	return x.s;
}

struct row {
	char **key;         /* per column: a foreign key's value */
	unsigned char *set; /* per column: key[i] chosen (NULL: SQL NULL) */
	char **values;      /* the parameters' texts (NULL: SQL NULL) */
	int n;
};

static void row_clear(const struct pg_dtable *t, struct row *r)
{
	for (size_t i = 0; r->key && i < t->ncols; i++)
		free(r->key[i]);
	for (int i = 0; r->values && i < r->n; i++)
		free(r->values[i]);
	free(r->key);
	free(r->set);
	free(r->values);
	memset(r, 0, sizeof(*r));
}

static int row_new(const struct pg_dtable *t, struct row *r,
		   struct migrator_diag *d)
{
	size_t n = t->ncols ? t->ncols : 1;

	r->key = calloc(n, sizeof(*r->key));
	r->set = calloc(n, 1);
	r->values = calloc(n, sizeof(*r->values));
	return r->key && r->set && r->values ? 0 : pg_nomem(d);
}

/* The values of one try in r->values[0..r->n). */
static int make_values(const struct pg_dtable *t, struct row *r,
		       const struct pg_try *how, uint64_t *g,
		       struct migrator_diag *d)
{
	for (int i = 0; i < r->n; i++) {
		free(r->values[i]);
		r->values[i] = NULL;
	}
	r->n = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		const struct pg_dcol *col = &t->cols[i];
		char *v = NULL;
		int nomem = 0;

		if (col->skip)
			continue;
		if (r->set[i] || col->fk >= 0) {
			if (r->key[i] && !(how->nulls && !col->notnull))
				nomem = !(v = strdup(r->key[i]));
		} else {
			v = pg_value(col, how, g, &nomem);
		}
		if (nomem)
			return pg_nomem(d);
		r->values[r->n++] = v;
	}
	return 0;
}

/* The server's primary message of a refused row (malloc'd). */
static char *refusal(const PGresult *res)
{
	const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	return pg_format("%s", m ? m : "the row was refused");
}

/* One try: 0 inserted, 1 refused (*why: the server's words), else the
 * error (a cancelled statement, a lost connection). */
static int try_row(struct migrator_conn *c, const char *sql,
		   const struct pg_dtable *t, struct row *r,
		   const struct pg_try *how, uint64_t *g, char **why,
		   struct migrator_diag *d)
{
	PGresult *res;
	const char *state;
	int rc = pg_command(c, "SAVEPOINT migrator_fill", d);

	if (rc == 0)
		rc = make_values(t, r, how, g, d);
	if (rc)
		return rc;
	res = PQexecParams(c->pg, sql, r->n, NULL,
			   (const char *const *)r->values, NULL, NULL, 0);
	if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		return pg_command(c, "RELEASE SAVEPOINT migrator_fill", d);
	}
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!res || PQstatus(c->pg) != CONNECTION_OK || !state ||
	    strcmp(state, "57014") == 0) {
		rc = pg_report(c, res, d);
		PQclear(res);
		return rc;
	}
	free(*why);
	*why = refusal(res);
	PQclear(res);
	if (!*why)
		return pg_nomem(d);
	rc = pg_command(c, "ROLLBACK TO SAVEPOINT migrator_fill", d);
	if (rc == 0)
		rc = pg_command(c, "RELEASE SAVEPOINT migrator_fill", d);
	return rc ? rc : 1;
}

/* One row, tried until it fits: 0 inserted, 1 refused every time. */
static int one_row(struct migrator_conn *c, const char *sql,
		   const struct pg_dmodel *m, const struct pg_dtable *t,
		   uint64_t *g, char **why, struct migrator_diag *d)
{
	struct row r;
	char *no_parent = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = row_new(t, &r, d);
	if (rc == 0)
		rc = pg_row_keys(c, m, t, r.key, r.set, g, &no_parent, d);
	if (rc == 0 && no_parent) {
		free(*why);
		*why = no_parent;
		rc = 1;
	}
	for (size_t k = 0; rc == 0 && k < TRIES; k++) {
		rc = try_row(c, sql, t, &r, &tries[k], g, why, d);
		if (rc != 1)
			break;
		rc = k + 1 < TRIES ? 0 : 1;
	}
	row_clear(t, &r);
	return rc;
}

/* Fills t up to rows rows; *n its count afterwards, *why the last
 * reason a row was refused (malloc'd, or NULL). */
static int fill_table(struct migrator_conn *c, const struct pg_dmodel *m,
		      const struct pg_dtable *t, unsigned rows, uint64_t *g,
		      long long *n, char **why, struct migrator_diag *d)
{
	int rc = pg_count_where(c, t->sql, NULL, 0, NULL, n, d), nparams;
	char *sql = NULL;

	if (rc == 0 && *n < (long long)rows && !(sql = insert_sql(t, &nparams)))
		rc = pg_nomem(d);
	while (rc == 0 && *n < (long long)rows) {
		rc = one_row(c, sql, m, t, g, why, d);
		if (rc == 0)
			++*n;
	}
	free(sql);
	return rc == 1 ? 0 : rc;
}

struct result {
	long long n;
	char *why;
};

static int fill_all(struct migrator_conn *c, const struct pg_dmodel *m,
		    uint64_t seed, unsigned rows, struct result *res,
		    struct migrator_diag *d)
{
	size_t *order = calloc(m->n ? m->n : 1, sizeof(*order));
	int rc = order ? 0 : pg_nomem(d);

	if (rc == 0 && pg_dmodel_order(m, order) < 0)
		rc = pg_nomem(d);
	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		size_t k = order[i];
		uint64_t g = seed ^ (0x2545f4914f6cdd1du * (uint64_t)(k + 1));

		rc = fill_table(c, m, &m->t[k], rows, &g, &res[k].n,
				&res[k].why, d);
	}
	free(order);
	return rc;
}

static int push_count(struct migrator_strvec *out, const char *name,
		      long long n, struct migrator_diag *d)
{
	char num[24];
	int rc = push(out, name, d);

	snprintf(num, sizeof(num), "%lld", n);
	return rc ? rc : push(out, num, d);
}

int pg_data_fill(struct migrator_conn *c, const char *version_table,
		 const char *history_table, uint64_t seed, unsigned rows,
		 struct migrator_strvec *out, struct migrator_diag *d)
{
	struct pg_dmodel m;
	struct result *res = NULL;
	int rc = pg_command(c, PG_SQL_BEGIN, d);

	memset(&m, 0, sizeof(m));
	if (rc)
		return rc;
	rc = pg_dmodel_read(c, &m, version_table, history_table, 0, d);
	if (rc == 0 && !(res = calloc(m.n ? m.n : 1, sizeof(*res))))
		rc = pg_nomem(d);
	if (rc == 0)
		rc = fill_all(c, &m, seed, rows, res, d);
	if (rc == 0)
		rc = pg_command(c, PG_SQL_COMMIT, d);
	else
		PQclear(PQexec(c->pg, "ROLLBACK"));
	for (size_t i = 0; rc == 0 && i < m.n; i++) {
		rc = push_count(out, m.t[i].name, res[i].n, d);
		if (rc == 0)
			rc = push(out,
				  res[i].n ? ""
				  : res[i].why ? res[i].why
					       : "no row could be made",
				  d);
	}
	for (size_t i = 0; res && i < m.n; i++)
		free(res[i].why);
	free(res);
	pg_dmodel_free(&m);
	return rc;
}

/* One statement counts every table: SELECT 0, count(*) FROM t0 UNION
 * ALL SELECT 1, count(*) FROM t1 ... ORDER BY 1. */
static char *count_sql(const struct pg_dmodel *m)
{
	struct text x = {NULL, 0};
	char num[80];

	for (size_t i = 0; i < m->n; i++) {
		snprintf(num, sizeof(num), "%sSELECT %zu, count(*) FROM ",
			 i ? " UNION ALL " : "", i);
		add(&x, num, m->t[i].sql);
	}
	add(&x, " ORDER BY 1", NULL);
	if (x.failed) {
		free(x.s);
		return NULL;
	}
	return x.s;
}

int pg_data_count(struct migrator_conn *c, const char *version_table,
		  const char *history_table, struct migrator_strvec *out,
		  struct migrator_diag *d)
{
	struct pg_dmodel m;
	PGresult *res = NULL;
	char *sql = NULL;
	int rc = pg_dmodel_read(c, &m, version_table, history_table, 1, d);

	if (rc == 0 && m.n && !(sql = count_sql(&m)))
		rc = pg_nomem(d);
	if (rc == 0 && sql && !(res = pg_query(c, sql, 0, NULL, d)))
		rc = MIGRATOR_DRIVER_EDB;
	for (int r = 0; rc == 0 && res && r < PQntuples(res); r++) {
		size_t i = strtoul(PQgetvalue(res, r, 0), NULL, 10);

		if (i < m.n) /* it is: the query's own numbers */
			rc = push_count(out, m.t[i].name,
					strtoll(PQgetvalue(res, r, 1), NULL,
						10),
					d);
	}
	PQclear(res);
	free(sql);
	pg_dmodel_free(&m);
	return rc;
}
