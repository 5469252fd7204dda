/*
 * pg_data_model.c - what `verify --with-data` (driver ABI 2.3, pg_data.c)
 * needs to know of the tables of current_schema(), from the catalogs:
 * their columns (the base type of a domain, its category and modifier,
 * NOT NULL, default, identity, generated, unique), foreign keys, enum
 * labels, and the literals and numbers of each CHECK that names one
 * column (or of the column's domain).
 *
 * Partitions are left out (rows go through their partitioned table,
 * whose count includes them), and so are temporary tables and the
 * version and history tables.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pg_data.h"

#define IN_SCHEMA \
	"JOIN pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') " \
	"AND NOT c.relispartition AND c.relpersistence <> 't' "

static const char tables_sql[] =
	"SELECT c.oid::text, c.oid::regclass::text, c.relname "
	"FROM pg_class c " IN_SCHEMA
	"AND c.oid IS DISTINCT FROM to_regclass($1)::oid "
	"AND c.oid IS DISTINCT FROM to_regclass($2)::oid ORDER BY c.relname";

static const char columns_sql[] =
	"SELECT a.attrelid::text, a.attname, a.attnum, a.attnotnull, "
	"a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '', "
	"a.attidentity <> '' OR a.attgenerated <> '', "
	"bt.typname, bt.typcategory, "
	"CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, "
	"bt.oid::text "
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
	"JOIN pg_type t ON t.oid = a.atttypid "
	"JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' "
	"THEN t.typbasetype ELSE t.oid END " IN_SCHEMA
	"AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum";

static const char unique_sql[] =
	"SELECT i.indrelid::text, k.attnum FROM pg_index i "
	"JOIN pg_class c ON c.oid = i.indrelid "
	"CROSS JOIN LATERAL unnest(i.indkey::int2[]) k(attnum) " IN_SCHEMA
	"AND i.indisunique AND k.attnum > 0";

static const char fkeys_sql[] =
	"SELECT con.conrelid::text, con.oid::text, con.confrelid::text, "
	"con.confrelid::regclass::text, k.ck, pa.attname "
	"FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
	"CROSS JOIN LATERAL unnest(con.conkey, con.confkey) "
	"WITH ORDINALITY k(ck, pk, ord) "
	"JOIN pg_attribute pa ON pa.attrelid = con.confrelid "
	"AND pa.attnum = k.pk " IN_SCHEMA
	"AND con.contype = 'f' ORDER BY 1, con.conname, con.oid, k.ord";

/* A CHECK on one column, or on the column's domain. */
static const char checks_sql[] =
	"SELECT con.conrelid::text, con.conkey[1], "
	"pg_get_constraintdef(con.oid) "
	"FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
	IN_SCHEMA "AND con.contype = 'c' AND cardinality(con.conkey) = 1 "
	"UNION ALL SELECT a.attrelid::text, a.attnum, "
	"pg_get_constraintdef(con.oid) FROM pg_constraint con "
	"JOIN pg_attribute a ON a.atttypid = con.contypid "
	"JOIN pg_class c ON c.oid = a.attrelid " IN_SCHEMA
	"AND con.contype = 'c' AND a.attnum > 0 AND NOT a.attisdropped "
	"ORDER BY 1, 2, 3";

static const char enums_sql[] =
	"SELECT enumtypid::text, enumlabel FROM pg_enum "
	"ORDER BY enumtypid, enumsortorder";

/* Room for element n of the array *pv (elements of size bytes; *cap
 * how many it holds, doubled when full). */
static int grow(void *pv, size_t *cap, size_t n, size_t size)
{
	void *q;

	if (n < *cap)
		return 0;
	q = realloc(*(void **)pv, (n ? 2 * n : 8) * size);
	if (!q)
		return -1;
	*(void **)pv = q;
	*cap = n ? 2 * n : 8;
	return 0;
}

/* Appends a copy of s[0..n) to *v (its count in *nv; grows one by one). */
static int push_n(char ***v, size_t *nv, const char *s, size_t n)
{
	size_t cap = *nv;
	char *copy = malloc(n + 1);

	if (!copy || grow(v, &cap, *nv, sizeof(**v)) < 0) {
		free(copy);
		return -1;
	}
	memcpy(copy, s, n);
	copy[n] = '\0';
	(*v)[(*nv)++] = copy;
	return 0;
}

static struct pg_dtable *table_of(struct pg_dmodel *m, const char *oid)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->t[i].oid, oid) == 0)
			return &m->t[i];
	return NULL;
}

static struct pg_dcol *column_of(struct pg_dmodel *m, const char *oid,
				 int attnum)
{
	struct pg_dtable *t = table_of(m, oid);

	for (size_t i = 0; t && i < t->ncols; i++)
		if (t->cols[i].attnum == attnum)
			return &t->cols[i];
	return NULL;
}

static int read_tables(struct migrator_conn *c, struct pg_dmodel *m,
		       const char *version_table, const char *history_table,
		       struct migrator_diag *d)
{
	struct pg_names vt, ht;
	const char *names[2] = {NULL, NULL};
	PGresult *res = NULL;
	int rc = 0;

	memset(&vt, 0, sizeof(vt));
	memset(&ht, 0, sizeof(ht));
	if (version_table &&
	    (rc = pg_names_make(&vt, version_table, "version", 8, d)) < 0)
		return rc;
	names[0] = vt.qualified;
	if (history_table &&
	    (rc = pg_names_make(&ht, history_table, "history", 0, d)) == 0)
		names[1] = ht.qualified;
	if (rc == 0 && !(res = pg_query(c, tables_sql, 2, names, d)))
		rc = MIGRATOR_DRIVER_EDB;
	m->n = rc ? 0 : (size_t)PQntuples(res);
	if (m->n && !(m->t = calloc(m->n, sizeof(*m->t))))
		rc = pg_nomem(d);
	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		m->t[i].oid = strdup(PQgetvalue(res, (int)i, 0));
		m->t[i].sql = strdup(PQgetvalue(res, (int)i, 1));
		m->t[i].name = strdup(PQgetvalue(res, (int)i, 2));
		if (!m->t[i].oid || !m->t[i].sql || !m->t[i].name)
			rc = pg_nomem(d);
	}
	if (rc)
		m->n = m->t ? m->n : 0;
	PQclear(res);
	pg_names_free(&vt);
	pg_names_free(&ht);
	return rc;
}

static int add_column(struct pg_dtable *t, size_t *cap, const PGresult *res,
		      int r)
{
	struct pg_dcol *col;
	const char *name = PQgetvalue(res, r, 1);

	if (grow(&t->cols, cap, t->ncols, sizeof(*t->cols)) < 0)
		return -1;
	col = &t->cols[t->ncols++];
	memset(col, 0, sizeof(*col));
	col->name = pg_quote_ident(name, strlen(name));
	col->typname = strdup(PQgetvalue(res, r, 6));
	col->attnum = atoi(PQgetvalue(res, r, 2));
	col->notnull = PQgetvalue(res, r, 3)[0] == 't';
	col->skip = PQgetvalue(res, r, 4)[0] == 't';
	col->generated = PQgetvalue(res, r, 5)[0] == 't';
	col->category = PQgetvalue(res, r, 7)[0];
	col->typmod = atoi(PQgetvalue(res, r, 8));
	col->fk = -1;
	return col->name && col->typname ? 0 : -1;
}

/* The columns, and each enum column's labels (typoid: the base type's
 * oid per column, in column order, for the enum lookup). */
static int read_columns(struct migrator_conn *c, struct pg_dmodel *m,
			struct migrator_diag *d)
{
	PGresult *res = pg_query(c, columns_sql, 0, NULL, d);
	PGresult *en = res ? pg_query(c, enums_sql, 0, NULL, d) : NULL;
	struct pg_dtable *t = NULL;
	size_t cap = 0;
	int rc = en ? 0 : MIGRATOR_DRIVER_EDB;

	for (int r = 0; rc == 0 && r < PQntuples(res); r++) {
		const char *typoid = PQgetvalue(res, r, 9);
		struct pg_dcol *col;

		if (!t || strcmp(t->oid, PQgetvalue(res, r, 0)) != 0) {
			t = table_of(m, PQgetvalue(res, r, 0));
			cap = 0;
		}
		if (!t)
			continue;
		if (add_column(t, &cap, res, r) < 0) {
			rc = pg_nomem(d);
			break;
		}
		col = &t->cols[t->ncols - 1];
		for (int e = 0; col->category == 'E' && e < PQntuples(en); e++)
			if (strcmp(PQgetvalue(en, e, 0), typoid) == 0) {
				const char *l = PQgetvalue(en, e, 1);

				if (push_n(&col->lits, &col->nlits, l,
					   strlen(l)) < 0)
					rc = pg_nomem(d);
			}
	}
	PQclear(res);
	PQclear(en);
	return rc;
}

static int read_unique(struct migrator_conn *c, struct pg_dmodel *m,
		       struct migrator_diag *d)
{
	PGresult *res = pg_query(c, unique_sql, 0, NULL, d);

	if (!res)
		return MIGRATOR_DRIVER_EDB;
	for (int r = 0; r < PQntuples(res); r++) {
		struct pg_dcol *col = column_of(m, PQgetvalue(res, r, 0),
						atoi(PQgetvalue(res, r, 1)));

		if (col)
			col->unique = 1;
	}
	PQclear(res);
	return 0;
}

/* Row r of fkeys_sql: a column of a foreign key of t (a new key when
 * its oid differs from the last one, *last). */
static int add_fk_column(struct pg_dtable *t, size_t *cap, const char **last,
			 const PGresult *res, int r)
{
	const char *oid = PQgetvalue(res, r, 1), *to = PQgetvalue(res, r, 5);
	struct pg_dfk *fk;
	size_t from, fcap;
	char *q;

	if (!*last || strcmp(*last, oid) != 0) {
		if (grow(&t->fks, cap, t->nfks, sizeof(*t->fks)) < 0)
			return -1;
		fk = &t->fks[t->nfks++];
		memset(fk, 0, sizeof(*fk));
		fk->parent = strdup(PQgetvalue(res, r, 2));
		fk->parent_sql = strdup(PQgetvalue(res, r, 3));
		if (!fk->parent || !fk->parent_sql)
			return -1;
		*last = oid;
	}
	fk = &t->fks[t->nfks - 1];
	for (from = 0; from < t->ncols; from++)
		if (t->cols[from].attnum == atoi(PQgetvalue(res, r, 4)))
			break;
	if (from == t->ncols)
		return 0; /* not a column we know: cannot be */
	fcap = fk->n;
	if (grow(&fk->from, &fcap, fk->n, sizeof(*fk->from)) < 0)
		return -1;
	fk->from[fk->n] = from;
	q = pg_quote_ident(to, strlen(to));
	if (!q || push_n(&fk->to, &fk->n, q, strlen(q)) < 0) {
		free(q);
		return -1;
	}
	free(q);
	if (t->cols[from].fk < 0) {
		t->cols[from].fk = (int)t->nfks - 1;
		t->cols[from].fkpos = (int)fk->n - 1;
	}
	return 0;
}

static int read_fkeys(struct migrator_conn *c, struct pg_dmodel *m,
		      struct migrator_diag *d)
{
	PGresult *res = pg_query(c, fkeys_sql, 0, NULL, d);
	struct pg_dtable *t = NULL;
	const char *last = NULL;
	size_t cap = 0;
	int rc = res ? 0 : MIGRATOR_DRIVER_EDB;

	for (int r = 0; rc == 0 && r < PQntuples(res); r++) {
		if (!t || strcmp(t->oid, PQgetvalue(res, r, 0)) != 0) {
			t = table_of(m, PQgetvalue(res, r, 0));
			cap = 0;
			last = NULL;
		}
		if (t && add_fk_column(t, &cap, &last, res, r) < 0)
			rc = pg_nomem(d);
	}
	PQclear(res);
	return rc;
}

/* The string literals ('a''b' as a'b) and the numbers of a CHECK's
 * text, as pg_get_constraintdef() prints it. */
static int scan_check(struct pg_dcol *col, const char *s)
{
	while (*s) {
		if (*s == '\'') {
			const char *p = ++s;
			char *l;
			size_t n = 0;

			while (*p && !(*p == '\'' && p[1] != '\''))
				p += *p == '\'' ? 2 : 1;
			l = malloc((size_t)(p - s) + 1);
			if (!l)
				return -1;
			for (; s < p; s += *s == '\'' ? 2 : 1)
				l[n++] = *s;
			if (push_n(&col->lits, &col->nlits, l, n) < 0) {
				free(l);
				return -1;
			}
			free(l);
			s = *p ? p + 1 : p;
		} else if (*s == '"') {
			s = strchr(s + 1, '"');
			s = s ? s + 1 : "";
		} else if (isalpha((unsigned char)*s) || *s == '_') {
			while (isalnum((unsigned char)*s) || *s == '_' ||
			       *s == '$')
				s++;
		} else if (isdigit((unsigned char)*s)) {
			const char *p = s;

			while (isdigit((unsigned char)*p) || *p == '.')
				p++;
			if (push_n(&col->nums, &col->nnums, s,
				   (size_t)(p - s)) < 0)
				return -1;
			s = p;
		} else {
			s++;
		}
	}
	return 0;
}

static int read_checks(struct migrator_conn *c, struct pg_dmodel *m,
		       struct migrator_diag *d)
{
	PGresult *res = pg_query(c, checks_sql, 0, NULL, d);
	int rc = res ? 0 : MIGRATOR_DRIVER_EDB;

	for (int r = 0; rc == 0 && r < PQntuples(res); r++) {
		struct pg_dcol *col = column_of(m, PQgetvalue(res, r, 0),
						atoi(PQgetvalue(res, r, 1)));

		/* an enum keeps its labels: they are what fits */
		if (col && col->category != 'E' &&
		    scan_check(col, PQgetvalue(res, r, 2)) < 0)
			rc = pg_nomem(d);
		/* a default need not fit the CHECK (Kratos' token_type
		 * integer NOT NULL DEFAULT 0 CHECK (token_type = 1 OR
		 * token_type = 2)): such a column takes the CHECK's values */
		if (col && col->skip && !col->generated &&
		    (col->nlits || col->nnums)) {
			col->skip = 0;
			col->checked = 1;
		}
	}
	PQclear(res);
	return rc;
}

/* The single-column foreign key of a table other than t whose column
 * is named and typed like col, or NULL (*in: its table). */
static const struct pg_dfk *key_like(const struct pg_dmodel *m,
				     const struct pg_dtable *t,
				     const struct pg_dcol *col,
				     const struct pg_dtable **in)
{
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; &m->t[i] != t && k < m->t[i].nfks; k++) {
			const struct pg_dfk *fk = &m->t[i].fks[k];
			const struct pg_dcol *from = &m->t[i].cols[fk->from[0]];

			if (fk->n == 1 && !fk->implied &&
			    strcmp(fk->parent, t->oid) != 0 &&
			    strcmp(from->name, col->name) == 0 &&
			    strcmp(from->typname, col->typname) == 0) {
				*in = &m->t[i];
				return fk;
			}
		}
	return NULL;
}

/* A plain column named and typed like the column of a single-column key
 * elsewhere gets that key, implied: Kratos adds "nid REFERENCES
 * networks" to its tables one migration at a time, and before that the
 * column already holds what the application put there, a network's id;
 * a random value would fail the migration that adds the key, which the
 * application's data does not. */
static int imply_keys(struct pg_dmodel *m)
{
	for (size_t a = 0; a < m->n; a++) {
		struct pg_dtable *t = &m->t[a];
		size_t cap = t->nfks;

		for (size_t c = 0; c < t->ncols; c++) {
			struct pg_dcol *col = &t->cols[c];
			const struct pg_dtable *in = NULL;
			const struct pg_dfk *like;
			struct pg_dfk *fk;

			if (col->fk >= 0 || col->skip ||
			    !(like = key_like(m, t, col, &in)))
				continue;
			if (grow(&t->fks, &cap, t->nfks, sizeof(*t->fks)) < 0)
				return -1;
			fk = &t->fks[t->nfks++];
			memset(fk, 0, sizeof(*fk));
			fk->implied = 1;
			fk->parent = strdup(like->parent);
			fk->parent_sql = strdup(like->parent_sql);
			fk->from = malloc(sizeof(*fk->from));
			if (!fk->parent || !fk->parent_sql || !fk->from ||
			    push_n(&fk->to, &fk->n, like->to[0],
				   strlen(like->to[0])) < 0)
				return -1;
			fk->from[0] = c;
			col->fk = (int)t->nfks - 1;
			col->fkpos = 0;
		}
	}
	return 0;
}

/* Marks every column whose name is in a foreign key of some table. */
static void mark_keynames(struct pg_dmodel *m)
{
	for (size_t i = 0; i < m->n; i++)
		for (size_t c = 0; c < m->t[i].ncols; c++) {
			const struct pg_dcol *key = &m->t[i].cols[c];

			for (size_t a = 0; key->fk >= 0 && a < m->n; a++)
				for (size_t b = 0; b < m->t[a].ncols; b++)
					if (strcmp(m->t[a].cols[b].name,
						   key->name) == 0)
						m->t[a].cols[b].keyname = 1;
		}
}

int pg_dmodel_read(struct migrator_conn *c, struct pg_dmodel *m,
		   const char *version_table, const char *history_table,
		   int names_only, struct migrator_diag *d)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = read_tables(c, m, version_table, history_table, d);
	if (rc == 0 && !names_only && m->n) {
		rc = read_columns(c, m, d);
		if (rc == 0)
			rc = read_unique(c, m, d);
		if (rc == 0)
			rc = read_fkeys(c, m, d);
		if (rc == 0)
			rc = read_checks(c, m, d);
		if (rc == 0 && imply_keys(m) < 0)
			rc = pg_nomem(d);
		if (rc == 0)
			mark_keynames(m);
	}
	return rc;
}

int pg_dmodel_order(const struct pg_dmodel *m, size_t *order)
{
	struct pg_sort_node *nodes = calloc(m->n ? m->n : 1, sizeof(*nodes));
	size_t (*edges)[2] = NULL;
	size_t ne = 0, cap = 0;
	int rc = nodes ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < m->n; i++) {
		nodes[i].name = m->t[i].name;
		for (size_t k = 0; k < m->t[i].nfks; k++)
			for (size_t j = 0; j < m->n; j++) {
				if (j == i ||
				    strcmp(m->t[j].oid, m->t[i].fks[k].parent))
					continue;
				if (grow(&edges, &cap, ne,
					 sizeof(*edges)) < 0) {
					rc = -1;
					break;
				}
				edges[ne][0] = j;
				edges[ne][1] = i;
				ne++;
			}
	}
	if (rc == 0)
		rc = pg_dump_sort(nodes, m->n, (const size_t(*)[2])edges, ne,
				  order) ? -1 : 0;
	free(nodes);
	free(edges);
	return rc;
}

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void pg_dmodel_free(struct pg_dmodel *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct pg_dtable *t = &m->t[i];

		for (size_t j = 0; j < t->ncols; j++) {
			strs_free(t->cols[j].lits, t->cols[j].nlits);
			strs_free(t->cols[j].nums, t->cols[j].nnums);
			free(t->cols[j].name);
			free(t->cols[j].typname);
		}
		for (size_t k = 0; k < t->nfks; k++) {
			strs_free(t->fks[k].to, t->fks[k].n);
			free(t->fks[k].from);
			free(t->fks[k].parent);
			free(t->fks[k].parent_sql);
		}
		free(t->cols);
		free(t->fks);
		free(t->oid);
		free(t->sql);
		free(t->name);
	}
	free(m->t);
	memset(m, 0, sizeof(*m));
}
