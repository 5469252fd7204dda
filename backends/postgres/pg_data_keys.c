/*
 * pg_data_keys.c - the foreign keys of a generated row (`verify
 * --with-data`, pg_data.c): an existing parent row for each, the rows
 * agreeing with each other where the schema says they should.
 *
 * Multi-tenant schemas (Kratos: a "nid" in every table, referencing
 * networks) expect a row's parents to belong to its tenant: an upgrade
 * that joins a table to its parent on the key and on nid loses the rows
 * whose parents were picked apart.  So the key whose parent has the most
 * of the row's columns of such names (a name in a key of some table) is
 * picked first, and those columns then take that parent's values
 * (ici.nid = identity_credentials.nid); a later key whose columns are
 * all set needs no pick, one partly set is picked among the parent rows
 * that match.  When no parent row matches, any
 * parent row does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_data.h"

int pg_count_where(struct migrator_conn *c, const char *table_sql,
		   const char *where, int n, const char *const *values,
		   long long *out, struct migrator_diag *d)
{
	char *sql = pg_format("SELECT count(*) FROM %s%s%s", table_sql,
			      where ? " WHERE " : "", where ? where : "");
	PGresult *res = sql ? pg_query(c, sql, where ? n : 0, values, d)
			    : NULL;

	free(sql);
	if (!sql)
		return pg_nomem(d);
	if (!res)
		return MIGRATOR_DRIVER_EDB;
	*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static const struct pg_dtable *table_of(const struct pg_dmodel *m,
					const char *oid)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->t[i].oid, oid) == 0)
			return &m->t[i];
	return NULL;
}

static int in_key(const struct pg_dfk *fk, size_t col)
{
	for (size_t j = 0; j < fk->n; j++)
		if (fk->from[j] == col)
			return 1;
	return 0;
}

/* Whether parent p has a column named name (both quoted alike); with
 * ref (the oid of the table the row's column refers to), one in a key
 * to that table: a key's value must be its parent's. */
static int has_column(const struct pg_dtable *p, const char *name,
		      const char *ref)
{
	for (size_t i = 0; p && i < p->ncols; i++)
		if (strcmp(p->cols[i].name, name) == 0)
			return !ref ||
			       (p->cols[i].fk >= 0 &&
				strcmp(p->fks[p->cols[i].fk].parent, ref) == 0);
	return 0;
}

/* Column i of t is one the parent of fk shares: not in fk, a column of
 * that parent too, and of a name that is in a key somewhere (when i is
 * in a key, the parent's column is in a key to the same table). */
static int shared(const struct pg_dtable *t, const struct pg_dfk *fk,
		  const struct pg_dtable *p, size_t i)
{
	const struct pg_dcol *col = &t->cols[i];

	return col->keyname && !col->skip && !in_key(fk, i) &&
	       has_column(p, col->name,
			  col->fk >= 0 ? t->fks[col->fk].parent : NULL);
}

static size_t score(const struct pg_dmodel *m, const struct pg_dtable *t,
		    size_t k)
{
	const struct pg_dtable *p = table_of(m, t->fks[k].parent);
	size_t n = 0;

	for (size_t i = 0; i < t->ncols; i++)
		n += (size_t)shared(t, &t->fks[k], p, i);
	return n;
}

/* A query's text and parameters, built piece by piece. */
struct query {
	char *select, *where;
	const char *params[64];
	int n, failed;
};

static void cat(char **s, const char *a, const char *b, const char *c)
{
	char *x = pg_format("%s%s%s%s", *s ? *s : "", a, b, c);

	free(*s);
	*s = x;
}

/* Selects column name of the parent (as text); with a value (not
 * NULL), the parent's row must hold it; else, for a key column, hold
 * one. */
static void want(struct query *q, const char *name, const char *value,
		 int key)
{
	char num[16];

	cat(&q->select, q->select ? ", " : "SELECT ", name, "::text");
	if (value && q->n < 63) {
		q->params[q->n++] = value;
		snprintf(num, sizeof(num), "$%d", q->n);
		cat(&q->where, q->where ? " AND " : "", name, "::text = ");
		cat(&q->where, num, "", "");
	} else if (key) {
		cat(&q->where, q->where ? " AND " : "", name, " IS NOT NULL");
	}
	q->failed |= !q->select || ((value || key) && !q->where);
}

/* A shared column i: as want(); when i is in a key of the row, the
 * parent's value must be one that key's table has (the parent's rows
 * may be older than that key). */
static void want_shared(struct query *q, const struct pg_dtable *t, size_t i,
			const char *value)
{
	const struct pg_dcol *col = &t->cols[i];

	want(q, col->name, value, 0);
	if (!value && col->fk >= 0) {
		const struct pg_dfk *own = &t->fks[col->fk];

		cat(&q->where, q->where ? " AND " : "", col->name, " IN (");
		cat(&q->where, "SELECT ", own->to[col->fkpos], " FROM ");
		cat(&q->where, own->parent_sql, ")", "");
		q->failed |= !q->where;
	}
}

/* Column i's value when match asks for it, else NULL. */
static const char *match_of(int match, char *const *key,
			    const unsigned char *set, size_t i)
{
	return match && set[i] ? key[i] : NULL;
}

/* Picks a parent row of fk k (matching what is set when match), its
 * values into key/set; *none when the parent has no (matching) row. */
static int pick(struct migrator_conn *c, const struct pg_dmodel *m,
		const struct pg_dtable *t, size_t k, int match, char **key,
		unsigned char *set, uint64_t *g, int *none,
		struct migrator_diag *d)
{
	const struct pg_dfk *fk = &t->fks[k];
	const struct pg_dtable *p = table_of(m, fk->parent);
	struct query q;
	long long n = 0;
	char tail[48], *sql = NULL;
	PGresult *res = NULL;
	int rc, col;

	memset(&q, 0, sizeof(q));
	for (size_t j = 0; j < fk->n; j++)
		want(&q, fk->to[j], match_of(match, key, set, fk->from[j]), 1);
	/* a fallback pick (no match) takes the key alone */
	for (size_t i = 0; match && i < t->ncols; i++)
		if (shared(t, fk, p, i))
			want_shared(&q, t, i, match_of(match, key, set, i));
	rc = q.failed ? pg_nomem(d)
		      : pg_count_where(c, fk->parent_sql, q.where, q.n,
				       q.params, &n, d);
	*none = rc == 0 && n <= 0;
	if (rc == 0 && n > 0) {
		snprintf(tail, sizeof(tail), " ORDER BY 1 LIMIT 1 OFFSET %llu",
			 (unsigned long long)(pg_rand(g) % (uint64_t)n));
		sql = pg_format("%s FROM %s%s%s%s", q.select, fk->parent_sql,
				q.where ? " WHERE " : "",
				q.where ? q.where : "", tail);
		res = sql ? pg_query(c, sql, q.n, q.params, d) : NULL;
		rc = !sql ? pg_nomem(d) : !res ? MIGRATOR_DRIVER_EDB : 0;
	}
	/* the key's columns, then the shared ones, in select order */
	for (size_t j = 0; rc == 0 && res && PQntuples(res) && j < fk->n; j++)
		if (!set[fk->from[j]]) {
			set[fk->from[j]] = 1;
			if (!PQgetisnull(res, 0, (int)j) &&
			    !(key[fk->from[j]] =
				      strdup(PQgetvalue(res, 0, (int)j))))
				rc = pg_nomem(d);
		}
	col = (int)fk->n;
	for (size_t i = 0; rc == 0 && res && PQntuples(res) && i < t->ncols;
	     i++) {
		if (!match || !shared(t, fk, p, i))
			continue;
		if (!set[i] && !PQgetisnull(res, 0, col)) {
			set[i] = 1;
			if (!(key[i] = strdup(PQgetvalue(res, 0, col))))
				rc = pg_nomem(d);
		}
		col++;
	}
	PQclear(res);
	free(sql);
	free(q.select);
	free(q.where);
	return rc;
}

/* Why a row cannot be made: a NOT NULL column of key k left unset. */
static int no_parent(const struct pg_dtable *t, size_t k,
		     const unsigned char *set, char **why,
		     struct migrator_diag *d)
{
	const struct pg_dfk *fk = &t->fks[k];

	for (size_t j = 0; !*why && j < fk->n; j++) {
		const struct pg_dcol *col = &t->cols[fk->from[j]];

		if (!set[fk->from[j]] && col->notnull && !col->skip &&
		    !(*why = pg_format("parent table %s has no rows",
				       fk->parent_sql)))
			return pg_nomem(d);
	}
	return 0;
}

int pg_row_keys(struct migrator_conn *c, const struct pg_dmodel *m,
		const struct pg_dtable *t, char **key, unsigned char *set,
		uint64_t *g, char **why, struct migrator_diag *d)
{
	unsigned char *done = calloc(t->nfks ? t->nfks : 1, 1);
	int rc = done ? 0 : pg_nomem(d);

	for (size_t round = 0; rc == 0 && round < t->nfks; round++) {
		size_t k = t->nfks, best = 0, all = 1;
		int none = 0;

		/* the key whose parent shares the most columns, first */
		for (size_t j = 0; j < t->nfks; j++) {
			size_t s = done[j] ? 0 : score(m, t, j);

			if (!done[j] && (k == t->nfks || s > best)) {
				k = j;
				best = s;
			}
		}
		done[k] = 1;
		for (size_t j = 0; j < t->fks[k].n; j++)
			all &= set[t->fks[k].from[j]];
		if (all)
			continue;
		rc = pick(c, m, t, k, 1, key, set, g, &none, d);
		if (rc == 0 && none)
			rc = pick(c, m, t, k, 0, key, set, g, &none, d);
		if (rc == 0 && none)
			rc = no_parent(t, k, set, why, d);
	}
	free(done);
	return rc;
}
