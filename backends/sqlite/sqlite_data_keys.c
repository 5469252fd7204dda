/*
 * sqlite_data_keys.c - the foreign keys of a generated row (`verify
 * --with-data`, sqlite_data.c): an existing parent row for each, the
 * rows agreeing with each other where the schema says they should.
 *
 * Multi-tenant schemas (Kratos: a "nid" in every table, referencing
 * networks) expect a row's parents to belong to its tenant: an upgrade
 * that rebuilds a table by joining it to its parent on the key and on
 * nid keeps only the rows whose parents agree.  So the key whose parent
 * has the most of the row's columns of such names (a name in a key of
 * some table) is picked first, and those columns then take that
 * parent's values; a later key whose columns are
 * all set needs no pick, one partly set is picked among the parent rows
 * that match.  When no parent row matches, any parent row does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sqlite_data.h"

/* Column name's index in t, or t->ncols. */
static size_t index_of(const struct sq_dtable *t, const char *name)
{
	size_t i = 0;

	while (i < t->ncols && sqlite3_stricmp(t->cols[i].name, name) != 0)
		i++;
	return i;
}

static const struct sq_dtable *table_of(const struct sq_dmodel *m,
					const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (sqlite3_stricmp(m->t[i].name, name) == 0)
			return &m->t[i];
	return NULL;
}

static int in_key(const struct sq_dfk *fk, const char *name)
{
	for (size_t j = 0; j < fk->n; j++)
		if (sqlite3_stricmp(fk->from[j], name) == 0)
			return 1;
	return 0;
}

/* Column i of t is one the parent p of fk shares: not in fk, a column
 * of p too, and of a name that is in a key somewhere (when i is in a
 * key, p's column is in a key to the same table). */
static int shared(const struct sq_dtable *t, const struct sq_dfk *fk,
		  const struct sq_dtable *p, size_t i)
{
	const struct sq_dcol *col = &t->cols[i];
	size_t at;

	if (!p || !col->keyname || col->skip || col->hidden ||
	    in_key(fk, col->name))
		return 0;
	at = index_of(p, col->name);
	if (at == p->ncols)
		return 0;
	/* a key's value must be its parent's: only a key to it will do */
	return col->fk < 0 ||
	       (p->cols[at].fk >= 0 &&
		sqlite3_stricmp(p->fks[p->cols[at].fk].parent,
				t->fks[col->fk].parent) == 0);
}


/* Column i is taken from the parent of fk when match (a fallback pick
 * takes the key alone): a column the parent shares, whose own key, if
 * it has one, names a table that is there. */
static int takes(const struct sq_dmodel *m, const struct sq_dtable *t,
		 const struct sq_dfk *fk, const struct sq_dtable *p, size_t i,
		 int match)
{
	const struct sq_dcol *col = &t->cols[i];

	return match && shared(t, fk, p, i) &&
	       (col->fk < 0 || table_of(m, t->fks[col->fk].parent));
}

/* The query: SELECT the key's and the shared columns FROM the parent
 * WHERE those already set match (when match); vals[0..*nv) the values
 * to bind, in order. */
static char *query(struct migrator_conn *c, const struct sq_dmodel *m,
		   const struct sq_dtable *t, const struct sq_dfk *fk,
		   const struct sq_dtable *p, int match, sqlite3_value **key,
		   const unsigned char *set, int count, sqlite3_value **vals,
		   int *nv)
{
	sqlite3_str *sel = sqlite3_str_new(c->db);
	sqlite3_str *where = sqlite3_str_new(c->db);
	int ns = 0, nw = 0;
	char *w, *sql;

	*nv = 0;
	for (size_t j = 0, i; j < fk->n + t->ncols; j++) {
		const char *name;

		if (j < fk->n) {
			i = index_of(t, fk->from[j]);
			name = fk->to[j];
		} else if (takes(m, t, fk, p, j - fk->n, match)) {
			i = j - fk->n;
			name = t->cols[i].name;
		} else {
			continue;
		}
		sqlite3_str_appendf(sel, "%s\"%w\"", ns++ ? ", " : "SELECT ",
				    name);
		if (match && i < t->ncols && set[i] && key[i]) {
			vals[(*nv)++] = key[i];
			sqlite3_str_appendf(where, "%s\"%w\" = ?%d",
					    nw++ ? " AND " : " WHERE ", name,
					    *nv);
		} else if (j < fk->n) { /* no key is NULL */
			sqlite3_str_appendf(where, "%s\"%w\" IS NOT NULL",
					    nw++ ? " AND " : " WHERE ", name);
		} else if (t->cols[i].fk >= 0) {
			/* a value for a key of the row: one its table has
			 * (the parent's rows may be older than that key) */
			const struct sq_dfk *own = &t->fks[t->cols[i].fk];

			sqlite3_str_appendf(where,
					    "%s\"%w\" IN (SELECT \"%w\" FROM "
					    "\"main\".\"%w\")",
					    nw++ ? " AND " : " WHERE ", name,
					    own->to[t->cols[i].fkpos],
					    own->parent);
		}
	}
	w = sqlite3_str_finish(where);
	if (count)
		sql = sqlite3_mprintf("SELECT count(*) FROM \"main\".\"%w\"%s",
				      fk->parent, w ? w : "");
	else
		sql = sqlite3_mprintf("%s FROM \"main\".\"%w\"%s ORDER BY 1 "
				      "LIMIT 1 OFFSET ?%d",
				      sqlite3_str_value(sel), fk->parent,
				      w ? w : "", *nv + 1);
	sqlite3_free(sqlite3_str_finish(sel));
	sqlite3_free(w);
	return sql;
}

/* Runs sql with vals bound (and offset after them when >= 0): *st on
 * its first row, or NULL when there is none. */
static int first_row(struct migrator_conn *c, const char *sql,
		     sqlite3_value **vals, int nv, sqlite3_int64 offset,
		     sqlite3_stmt **st, struct migrator_diag *d)
{
	int rc;

	if (!sql)
		return sq_nomem(d);
	rc = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);
	for (int i = 0; rc == SQLITE_OK && i < nv; i++)
		rc = sqlite3_bind_value(*st, i + 1, vals[i]);
	if (rc == SQLITE_OK && offset >= 0)
		rc = sqlite3_bind_int64(*st, nv + 1, offset);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW)
		return 0;
	sqlite3_finalize(*st);
	*st = NULL;
	return rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
}

/* Sets column i from column col of st (NULL stays unset, so that a
 * later key may pick it). */
static int take(sqlite3_stmt *st, int col, size_t i, sqlite3_value **key,
		unsigned char *set, struct migrator_diag *d)
{
	if (set[i] || sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	set[i] = 1;
	key[i] = sqlite3_value_dup(sqlite3_column_value(st, col));
	return key[i] ? 0 : sq_nomem(d);
}

/* A parent row of fk k (matching what is set when match) into key/set;
 * *none when the parent has no (matching) row. */
static int pick(struct migrator_conn *c, const struct sq_dmodel *m,
		const struct sq_dtable *t, size_t k, int match,
		sqlite3_value **key, unsigned char *set, uint64_t *g,
		int *none, struct migrator_diag *d)
{
	const struct sq_dfk *fk = &t->fks[k];
	const struct sq_dtable *p = table_of(m, fk->parent);
	sqlite3_value **vals = calloc(fk->n + t->ncols + 1, sizeof(*vals));
	sqlite3_stmt *st = NULL;
	sqlite3_int64 n = 0;
	int nv = 0, rc = vals ? 0 : sq_nomem(d), col = 0;
	char *sql = NULL;

	/* SQLite lets a key name a table that is not there (any more) */
	if (rc == 0 && !p) {
		*none = 1;
		free(vals);
		return 0;
	}
	if (rc == 0) {
		sql = query(c, m, t, fk, p, match, key, set, 1, vals, &nv);
		rc = first_row(c, sql, vals, nv, -1, &st, d);
		n = st ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		sqlite3_free(sql);
		st = NULL;
	}
	*none = rc == 0 && n <= 0;
	if (rc == 0 && n > 0) {
		sql = query(c, m, t, fk, p, match, key, set, 0, vals, &nv);
		rc = first_row(c, sql, vals, nv,
			       (sqlite3_int64)(sq_rand(g) % (uint64_t)n), &st,
			       d);
		sqlite3_free(sql);
	}
	for (size_t j = 0; rc == 0 && st && j < fk->n; j++)
		rc = take(st, col++, index_of(t, fk->from[j]), key, set, d);
	for (size_t i = 0; rc == 0 && st && i < t->ncols; i++)
		if (takes(m, t, fk, p, i, match))
			rc = take(st, col++, i, key, set, d);
	sqlite3_finalize(st);
	free(vals);
	return rc;
}

/* The key not done yet whose parent shares the most columns (the
 * first of them). */
static size_t next_key(const struct sq_dmodel *m, const struct sq_dtable *t,
		       const unsigned char *done)
{
	size_t best = t->nfks, most = 0;

	for (size_t j = 0; j < t->nfks; j++) {
		const struct sq_dtable *p = table_of(m, t->fks[j].parent);
		size_t n = 0, i = 0;

		while (!done[j] && i < t->ncols)
			n += (size_t)shared(t, &t->fks[j], p, i++);
		if (!done[j] && (best == t->nfks || n > most)) {
			best = j;
			most = n;
		}
	}
	return best;
}

int sq_row_keys(struct migrator_conn *c, const struct sq_dmodel *m,
		const struct sq_dtable *t, sqlite3_value **key,
		unsigned char *set, uint64_t *g, char **why,
		struct migrator_diag *d)
{
	unsigned char *done = calloc(t->nfks ? t->nfks : 1, 1);
	int rc = done ? 0 : sq_nomem(d);

	for (size_t round = 0; rc == 0 && round < t->nfks; round++) {
		size_t k = next_key(m, t, done), all = 1;
		int none = 0;

		done[k] = 1;
		for (size_t j = 0; j < t->fks[k].n; j++) {
			size_t i = index_of(t, t->fks[k].from[j]);

			all &= i < t->ncols && set[i];
		}
		if (all)
			continue;
		rc = pick(c, m, t, k, 1, key, set, g, &none, d);
		if (rc == 0 && none)
			rc = pick(c, m, t, k, 0, key, set, g, &none, d);
		for (size_t j = 0; rc == 0 && none && !*why && j < t->fks[k].n;
		     j++) {
			size_t i = index_of(t, t->fks[k].from[j]);

			if (i < t->ncols && t->cols[i].notnull &&
			    !t->cols[i].skip)
				*why = sqlite3_mprintf(
					"parent table %s %s", t->fks[k].parent,
					table_of(m, t->fks[k].parent)
						? "has no rows"
						: "does not exist");
		}
	}
	free(done);
	return rc;
}
