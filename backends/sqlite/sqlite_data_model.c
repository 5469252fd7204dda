/*
 * sqlite_data_model.c - what `verify --with-data` (driver ABI 2.3,
 * sqlite_data.c) needs to know of the tables of "main": their columns
 * (declared type, NOT NULL, default, generated, rowid alias, unique),
 * their foreign keys, the string literals and numbers of each CHECK that
 * names one column, STRICT; and the order that puts parents before children.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_data.h"

static int grow(void *pv, size_t *cap, size_t n, size_t size)
{
	void **p = pv;
	size_t c = *cap ? *cap : 4;
	void *q;

	if (n < *cap)
		return 0;
	while (c <= n)
		c *= 2;
	q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static char *dup_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return strdup(s ? (const char *)s : "");
}

static int prepare(struct migrator_conn *c, sqlite3_stmt **st, const char *sql,
		   const char *arg, struct migrator_diag *d)
{
	int rc = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);

	if (rc == SQLITE_OK && arg)
		rc = sqlite3_bind_text(*st, 1, arg, -1, SQLITE_TRANSIENT);
	return rc == SQLITE_OK ? 0 : sq_db_error(c, rc, d);
}

/* Steps st while *rc is 0: 1 with a row (*rc 0), else 0 (*rc what
 * sqlite3_step returned, or the body's error). */
static int next_row(sqlite3_stmt *st, int *rc)
{
	if (*rc)
		return 0;
	*rc = sqlite3_step(st);
	if (*rc != SQLITE_ROW)
		return 0;
	*rc = 0;
	return 1;
}

/* sqlite3_step's end: 0 after SQLITE_DONE, else the error. */
static int done(struct migrator_conn *c, int rc, struct migrator_diag *d)
{
	if (rc < 0)
		return rc;
	return rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
}

/* The column named s[0..n), any case. */
static struct sq_dcol *column_n(struct sq_dtable *t, const char *s, size_t n)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i].name) == n &&
		    sqlite3_strnicmp(t->cols[i].name, s, (int)n) == 0)
			return &t->cols[i];
	return NULL;
}

static struct sq_dcol *column(struct sq_dtable *t, const char *name)
{
	return column_n(t, name, strlen(name));
}

static const char columns_sql[] =
	"SELECT name, type, \"notnull\", dflt_value IS NOT NULL, pk, hidden "
	"FROM pragma_table_xinfo(?1, 'main') ORDER BY cid";

/* A rowid table has no index of origin 'pk'. */
static const char pk_index_sql[] =
	"SELECT count(*) FROM pragma_index_list(?1, 'main') "
	"WHERE origin = 'pk'";

static int read_columns(struct migrator_conn *c, struct sq_dtable *t,
			struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0, npk = 0, pk_at = 0;
	int rc = prepare(c, &st, columns_sql, t->name, d), pk_index = 1;

	while (next_row(st, &rc)) {
		struct sq_dcol *col;
		int hidden = sqlite3_column_int(st, 5);

		if (grow(&t->cols, &cap, t->ncols, sizeof(*t->cols)) < 0) {
			rc = sq_nomem(d);
			break;
		}
		col = &t->cols[t->ncols];
		memset(col, 0, sizeof(*col));
		col->name = dup_text(st, 0);
		col->type = dup_text(st, 1);
		t->ncols++;
		if (!col->name || !col->type) {
			rc = sq_nomem(d);
			break;
		}
		col->notnull = sqlite3_column_int(st, 2);
		col->generated = hidden == 2 || hidden == 3;
		col->skip = sqlite3_column_int(st, 3) || col->generated;
		col->hidden = hidden == 1;
		col->fk = -1;
		if (sqlite3_column_int(st, 4) > 0) {
			/* a rowid table's TEXT PRIMARY KEY takes NULL
			 * (SQLite's old quirk), which no child can refer to */
			col->unique = col->notnull = 1;
			npk++;
			pk_at = t->ncols - 1;
		}
	}
	rc = done(c, rc, d);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == 0 && npk == 1)
		rc = prepare(c, &st, pk_index_sql, t->name, d);
	if (rc == 0 && st) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			pk_index = sqlite3_column_int(st, 0);
			rc = 0;
		} else {
			rc = sq_db_error(c, rc, d);
		}
	}
	sqlite3_finalize(st);
	/* INTEGER PRIMARY KEY of a rowid table: the rowid, given by SQLite */
	if (rc == 0 && npk == 1 && !pk_index &&
	    sqlite3_stricmp(t->cols[pk_at].type, "INTEGER") == 0)
		t->cols[pk_at].skip = t->cols[pk_at].generated = 1;
	return rc;
}

static const char unique_sql[] =
	"SELECT ii.name FROM pragma_index_list(?1, 'main') il "
	"JOIN pragma_index_info(il.name, 'main') ii "
	"WHERE il.\"unique\" AND ii.name IS NOT NULL";

static int read_unique(struct migrator_conn *c, struct sq_dtable *t,
		       struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c, &st, unique_sql, t->name, d);

	while (next_row(st, &rc)) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		struct sq_dcol *col = name ? column(t, name) : NULL;

		if (col)
			col->unique = 1;
	}
	rc = done(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

static const char fkeys_sql[] =
	"SELECT id, \"table\", \"from\", \"to\" "
	"FROM pragma_foreign_key_list(?1, 'main') ORDER BY id, seq";

/* The parent's primary key columns, for a foreign key without "to". */
static const char parent_pk_sql[] =
	"SELECT name FROM pragma_table_info(?1, 'main') WHERE pk > 0 "
	"ORDER BY pk LIMIT 1 OFFSET ?2";

static int parent_pk(struct migrator_conn *c, const char *parent, int seq,
		     char **out, struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c, &st, parent_pk_sql, parent, d);

	*out = NULL;
	if (rc == 0 && sqlite3_bind_int(st, 2, seq) != SQLITE_OK)
		rc = sq_db_error(c, SQLITE_ERROR, d);
	if (rc == 0) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = dup_text(st, 0);
			rc = *out ? 0 : sq_nomem(d);
		} else {
			/* no such key: "rowid", as SQLite takes it */
			rc = rc == SQLITE_DONE ? 0 : sq_db_error(c, rc, d);
			if (rc == 0 && !(*out = strdup("rowid")))
				rc = sq_nomem(d);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static int add_fk_column(struct migrator_conn *c, struct sq_dfk *fk,
			 sqlite3_stmt *st, struct migrator_diag *d)
{
	size_t cap = fk->n; /* grows one by one: keys are short */
	char *from = dup_text(st, 2), *to = NULL;
	int rc = 0;

	if (sqlite3_column_type(st, 3) == SQLITE_NULL)
		rc = parent_pk(c, fk->parent, (int)fk->n, &to, d);
	else if (!(to = dup_text(st, 3)))
		rc = sq_nomem(d);
	if (rc == 0 && (!from || grow(&fk->from, &cap, fk->n,
				      sizeof(*fk->from)) < 0))
		rc = sq_nomem(d);
	cap = fk->n;
	if (rc == 0 && grow(&fk->to, &cap, fk->n, sizeof(*fk->to)) < 0)
		rc = sq_nomem(d);
	if (rc) {
		free(from);
		free(to);
		return rc;
	}
	fk->from[fk->n] = from;
	fk->to[fk->n] = to;
	fk->n++;
	return 0;
}

static int read_fkeys(struct migrator_conn *c, struct sq_dtable *t,
		      struct migrator_diag *d)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = prepare(c, &st, fkeys_sql, t->name, d), last = -1;

	while (next_row(st, &rc)) {
		int id = sqlite3_column_int(st, 0);

		if (id != last) {
			if (grow(&t->fks, &cap, t->nfks, sizeof(*t->fks)) < 0) {
				rc = sq_nomem(d);
				break;
			}
			memset(&t->fks[t->nfks], 0, sizeof(*t->fks));
			t->fks[t->nfks].parent = dup_text(st, 1);
			t->nfks++;
			if (!t->fks[t->nfks - 1].parent) {
				rc = sq_nomem(d);
				break;
			}
			last = id;
		}
		rc = add_fk_column(c, &t->fks[t->nfks - 1], st, d);
	}
	rc = done(c, rc, d);
	sqlite3_finalize(st);
	for (size_t k = 0; rc == 0 && k < t->nfks; k++) {
		for (size_t j = 0; j < t->fks[k].n; j++) {
			struct sq_dcol *col = column(t, t->fks[k].from[j]);

			if (col && col->fk < 0) {
				col->fk = (int)k;
				col->fkpos = (int)j;
			}
		}
	}
	return rc;
}

/* ---- CHECK constraints: the literals of each that names one column ---- */

struct scan {
	const char *p, *end;
};

/* The next token of the CREATE TABLE text: *kind 'w' a word or quoted
 * name, 's' a string literal, else the character itself; [*s, *e) its
 * text (a string's or a name's without its quotes). */
static int next(struct scan *sc, const char **s, const char **e)
{
	const char *p = sc->p;
	char close;

	while (p < sc->end && isspace((unsigned char)*p))
		p++;
	if (p + 1 < sc->end && p[0] == '-' && p[1] == '-') {
		while (p < sc->end && *p != '\n')
			p++;
		sc->p = p;
		return next(sc, s, e);
	}
	if (p >= sc->end)
		return 0;
	if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
		close = *p == '[' ? ']' : *p;
		*s = ++p;
		while (p < sc->end && !(*p == close &&
					!(p + 1 < sc->end && p[1] == close &&
					  close != ']')))
			p += (*p == close) ? 2 : 1;
		*e = p;
		sc->p = p < sc->end ? p + 1 : p;
		return close == '\'' ? 's' : 'w';
	}
	*s = p;
	if (isalnum((unsigned char)*p) || *p == '_') {
		while (p < sc->end && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		*e = sc->p = p;
		return 'w';
	}
	*e = sc->p = p + 1;
	return (unsigned char)*p;
}

/* A literal's text with its doubled quotes made single. */
static char *literal(const char *s, const char *e)
{
	char *out = malloc((size_t)(e - s) + 1), *o = out;

	if (!out)
		return NULL;
	while (s < e) {
		*o++ = *s;
		s += (*s == '\'' && s + 1 < e && s[1] == '\'') ? 2 : 1;
	}
	*o = '\0';
	return out;
}

/* Appends l (taken over) to *v. */
static int add_to(char ***v, size_t *n, char *l)
{
	size_t cap = *n;

	if (!l || grow(v, &cap, *n, sizeof(**v)) < 0) {
		free(l);
		return -1;
	}
	(*v)[(*n)++] = l;
	return 0;
}

/* The body of one CHECK (sc just after its "("): the literals go to
 * the column it names, if it names exactly one. */
static int check_body(struct sq_dtable *t, struct scan *sc)
{
	struct scan start = *sc;
	struct sq_dcol *only = NULL;
	const char *s, *e;
	int depth = 1, k, several = 0;

	while (depth > 0 && (k = next(sc, &s, &e)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		else if (k == 'w') {
			struct sq_dcol *col = column_n(t, s, (size_t)(e - s));

			if (col && only && col != only)
				several = 1;
			if (col)
				only = col;
		}
	}
	if (!only || several)
		return 0;
	depth = 1;
	while (depth > 0 && (k = next(&start, &s, &e)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		else if (k == 's' &&
			 add_to(&only->lits, &only->nlits, literal(s, e)) < 0)
			return -1;
		else if (k == 'w' && isdigit((unsigned char)*s) &&
			 add_to(&only->nums, &only->nnums,
				strndup(s, (size_t)(e - s))) < 0)
			return -1;
	}
	return 0;
}

static int read_checks(struct sq_dtable *t, const char *sql)
{
	struct scan sc = {sql, sql + strlen(sql)};
	const char *s, *e;
	int k;

	while ((k = next(&sc, &s, &e)) != 0) {
		if (k != 'w' || e - s != 5 || sqlite3_strnicmp(s, "CHECK", 5))
			continue;
		if (next(&sc, &s, &e) == '(' && check_body(t, &sc) < 0)
			return -1;
	}
	return 0;
}

/* ---- the tables ---- */

static const char tables_sql[] =
	"SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
	"AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	"AND sql NOT LIKE 'CREATE VIRTUAL%' "
	"AND name IS NOT ?1 AND name IS NOT ?2 ORDER BY name";

/* 3.37+: STRICT, and shadow tables (a virtual table's, left alone). */
static const char tables_sql_list[] =
	"SELECT m.name, m.sql, l.strict FROM main.sqlite_master m "
	"JOIN pragma_table_list l ON l.schema = 'main' AND l.name = m.name "
	"WHERE m.type = 'table' AND l.type = 'table' "
	"AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	"AND m.name IS NOT ?1 AND m.name IS NOT ?2 ORDER BY m.name";

static int list_tables(struct migrator_conn *c, struct sq_dmodel *m,
		       const char *vt, const char *ht, struct migrator_diag *d)
{
	int list = sqlite3_libversion_number() >= 3037000;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = prepare(c, &st, list ? tables_sql_list : tables_sql, NULL, d);

	if (rc == 0 && (sqlite3_bind_text(st, 1, vt, -1, SQLITE_STATIC) ||
			sqlite3_bind_text(st, 2, ht, -1, SQLITE_STATIC)))
		rc = sq_db_error(c, SQLITE_ERROR, d);
	while (next_row(st, &rc)) {
		struct sq_dtable *t;

		if (grow(&m->t, &cap, m->n, sizeof(*m->t)) < 0) {
			rc = sq_nomem(d);
			break;
		}
		t = &m->t[m->n++];
		memset(t, 0, sizeof(*t));
		t->name = dup_text(st, 0);
		t->sql = dup_text(st, 1);
		t->strict = list && sqlite3_column_int(st, 2);
		if (!t->name || !t->sql)
			rc = sq_nomem(d);
	}
	rc = done(c, rc, d);
	sqlite3_finalize(st);
	return rc;
}

/* The single-column foreign key of some table (other than t) whose
 * column is named name, or NULL. */
static const struct sq_dfk *key_named(const struct sq_dmodel *m,
				      const struct sq_dtable *t,
				      const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < m->t[i].nfks; k++) {
			const struct sq_dfk *fk = &m->t[i].fks[k];

			if (fk->n == 1 && !fk->implied &&
			    sqlite3_stricmp(fk->from[0], name) == 0 &&
			    sqlite3_stricmp(fk->parent, t->name) != 0)
				return fk;
		}
	return NULL;
}

/* SQLite schemas lose foreign keys when a table is rebuilt by hand
 * (Kratos' "nid" references networks in some tables, is a plain column
 * in others): a plain column named like the column of a single-column
 * key elsewhere gets the same key, implied, so that its values exist
 * in that parent as the application's would. */
static int imply_keys(struct sq_dmodel *m)
{
	for (size_t a = 0; a < m->n; a++) {
		struct sq_dtable *t = &m->t[a];
		size_t cap = t->nfks;

		for (size_t c = 0; c < t->ncols; c++) {
			struct sq_dcol *col = &t->cols[c];
			const struct sq_dfk *like;
			struct sq_dfk *fk;

			if (col->fk >= 0 || col->skip || col->hidden ||
			    !(like = key_named(m, t, col->name)))
				continue;
			if (grow(&t->fks, &cap, t->nfks, sizeof(*t->fks)) < 0)
				return -1;
			fk = &t->fks[t->nfks];
			memset(fk, 0, sizeof(*fk));
			fk->implied = 1;
			fk->parent = strdup(like->parent);
			fk->from = calloc(1, sizeof(*fk->from));
			fk->to = calloc(1, sizeof(*fk->to));
			t->nfks++;
			if (!fk->parent || !fk->from || !fk->to)
				return -1;
			fk->n = 1;
			fk->from[0] = strdup(col->name);
			fk->to[0] = strdup(like->to[0]);
			if (!fk->from[0] || !fk->to[0])
				return -1;
			col->fk = (int)t->nfks - 1;
			col->fkpos = 0;
		}
	}
	return 0;
}

/* Marks every column whose name is in a foreign key of some table. */
static void mark_keynames(struct sq_dmodel *m)
{
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < m->t[i].nfks; k++)
			for (size_t j = 0; j < m->t[i].fks[k].n; j++)
				for (size_t a = 0; a < m->n; a++) {
					struct sq_dcol *col =
						column(&m->t[a],
						       m->t[i].fks[k].from[j]);

					if (col)
						col->keyname = 1;
				}
}

int sq_dmodel_read(struct migrator_conn *c, struct sq_dmodel *m,
		   const char *version_table, const char *history_table,
		   int names_only, struct migrator_diag *d)
{
	/* the version and history tables, left out where they are in main */
	const char *given[2] = {version_table, history_table};
	const char *in_main[2] = {NULL, NULL};
	struct sq_name names[2];
	int rc = 0;

	memset(m, 0, sizeof(*m));
	memset(names, 0, sizeof(names));
	for (int k = 0; rc == 0 && k < 2; k++)
		if (given[k] &&
		    (rc = sq_name_parse(&names[k], given[k],
					k ? "history" : "version", d)) == 0 &&
		    sqlite3_stricmp(names[k].schema, "main") == 0)
			in_main[k] = names[k].table;
	if (rc == 0)
		rc = list_tables(c, m, in_main[0], in_main[1], d);
	for (size_t i = 0; rc == 0 && !names_only && i < m->n; i++) {
		rc = read_columns(c, &m->t[i], d);
		if (rc == 0)
			rc = read_unique(c, &m->t[i], d);
		if (rc == 0)
			rc = read_fkeys(c, &m->t[i], d);
		if (rc == 0 && read_checks(&m->t[i], m->t[i].sql) < 0)
			rc = sq_nomem(d);
		/* a default need not fit the CHECK: such a column takes the
		 * CHECK's values */
		for (size_t j = 0; rc == 0 && j < m->t[i].ncols; j++) {
			struct sq_dcol *col = &m->t[i].cols[j];

			if (col->skip && !col->generated &&
			    (col->nlits || col->nnums)) {
				col->skip = 0;
				col->checked = 1;
			}
		}
	}
	if (rc == 0 && !names_only && imply_keys(m) < 0)
		rc = sq_nomem(d);
	if (rc == 0 && !names_only)
		mark_keynames(m);
	sq_name_free(&names[0]);
	sq_name_free(&names[1]);
	return rc;
}

/* Whether every parent of t (itself aside) is placed. */
static int ready(const struct sq_dmodel *m, const struct sq_dtable *t,
		 const unsigned char *placed)
{
	for (size_t k = 0; k < t->nfks; k++)
		for (size_t j = 0; j < m->n; j++)
			if (!placed[j] && &m->t[j] != t &&
			    sqlite3_stricmp(m->t[j].name,
					    t->fks[k].parent) == 0)
				return 0;
	return 1;
}

int sq_dmodel_order(const struct sq_dmodel *m, size_t *order)
{
	unsigned char *placed = calloc(m->n ? m->n : 1, 1);

	if (!placed)
		return -1;
	for (size_t n = 0; n < m->n; n++) {
		size_t pick = m->n;

		for (size_t j = 0; j < m->n && pick == m->n; j++)
			if (!placed[j] && ready(m, &m->t[j], placed))
				pick = j;
		/* a cycle: its first table by name goes first */
		for (size_t j = 0; j < m->n && pick == m->n; j++)
			if (!placed[j])
				pick = j;
		placed[pick] = 1;
		order[n] = pick;
	}
	free(placed);
	return 0;
}

void sq_dmodel_free(struct sq_dmodel *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct sq_dtable *t = &m->t[i];

		for (size_t j = 0; j < t->ncols; j++) {
			for (size_t k = 0; k < t->cols[j].nlits; k++)
				free(t->cols[j].lits[k]);
			for (size_t k = 0; k < t->cols[j].nnums; k++)
				free(t->cols[j].nums[k]);
			free(t->cols[j].lits);
			free(t->cols[j].nums);
			free(t->cols[j].name);
			free(t->cols[j].type);
		}
		for (size_t k = 0; k < t->nfks; k++) {
			for (size_t j = 0; j < t->fks[k].n; j++) {
				free(t->fks[k].from[j]);
				free(t->fks[k].to[j]);
			}
			free(t->fks[k].from);
			free(t->fks[k].to);
			free(t->fks[k].parent);
		}
		free(t->cols);
		free(t->fks);
		free(t->name);
		free(t->sql);
		sqlite3_free(t->why);
	}
	free(m->t);
	memset(m, 0, sizeof(*m));
}
