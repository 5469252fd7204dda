/*
 * diff_plan.c - the changes that turn one introspected schema ("from")
 * into another ("to"), for `migrator diff`.  No SQL here: each change
 * names what differs, and the driver's diff_render writes its statements.
 *
 * Tables pair by name (or by --rename); a paired table that differs in
 * any way (columns, their order, foreign keys, the definition its driver
 * reports) is one ALTER change listing what differs, so that a driver
 * that must rebuild the table does it once.  Indexes and views, triggers
 * and the other objects pair by name and are dropped before and created
 * after the tables change; one that differs is dropped and created
 * again.  A table dropped while one of the same columns is created, or a
 * column dropped while one of the same type is added, gets a note naming
 * the likely rename and the --rename that would keep its rows: renames
 * are never guessed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"

struct side {
	const struct mg_schema_item *v;
	size_t n;
};

struct mg_diff_plan {
	struct mg_diff_entry *v;
	size_t n, cap;
	void **owned; /* the changes' arrays */
	size_t nowned, capowned;
	mg_strvec text; /* the notes */
	struct side from, to;
	const struct mg_diff_rename *ren;
	size_t nren;
};

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static const struct mg_schema_item *find(const struct side *s,
					 enum mg_schema_kind k,
					 const char *table, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == k && same(s->v[i].table, table) &&
		    same(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

/* The name in "from" of the table to calls t, and back. */
static const char *old_table(const mg_diff_plan *p, const char *t)
{
	for (size_t i = 0; i < p->nren; i++)
		if (!p->ren[i].table && strcmp(p->ren[i].new, t) == 0)
			return p->ren[i].old;
	return t;
}

static const char *new_table(const mg_diff_plan *p, const char *t)
{
	for (size_t i = 0; i < p->nren; i++)
		if (!p->ren[i].table && strcmp(p->ren[i].old, t) == 0)
			return p->ren[i].new;
	return t;
}

/* The name in "from" of column c of to's table t. */
static const char *old_column(const mg_diff_plan *p, const char *t,
			      const char *c)
{
	for (size_t i = 0; i < p->nren; i++)
		if (p->ren[i].table && strcmp(p->ren[i].table, t) == 0 &&
		    strcmp(p->ren[i].new, c) == 0)
			return p->ren[i].old;
	return c;
}

/* An array of n pointers the plan frees. */
static void *own(mg_diff_plan *p, size_t n)
{
	void *a = calloc(n ? n : 1, sizeof(char *));

	if (!a || mg_array_grow(&p->owned, &p->capowned, p->nowned + 1,
				sizeof(*p->owned), 16) < 0) {
		free(a);
		return NULL;
	}
	p->owned[p->nowned++] = a;
	return a;
}

static struct mg_diff_entry *add(mg_diff_plan *p, unsigned op,
				 const char *kind, const char *table,
				 const char *name)
{
	struct mg_diff_entry *e;

	if (mg_array_grow(&p->v, &p->cap, p->n + 1, sizeof(*p->v), 16) < 0)
		return NULL;
	e = &p->v[p->n++];
	memset(e, 0, sizeof(*e));
	e->c.size = sizeof(e->c);
	e->c.op = op;
	e->c.kind = kind;
	e->c.table = table;
	e->c.name = name;
	return e;
}

/* Sets e's note to s (taken; NULL: out of memory). */
static int note(mg_diff_plan *p, struct mg_diff_entry *e, char *s)
{
	int rc = s ? mg_strvec_push(&p->text, s) : -1;

	free(s);
	if (rc < 0)
		return -1;
	e->note = p->text.v[p->text.n - 1];
	return 0;
}

/* A table's columns in their order: *n of them in a new array. */
static const struct mg_schema_item **columns(const struct side *s,
					     const char *table, size_t *n)
{
	const struct mg_schema_item **v;

	*n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == MG_K_COLUMN && same(s->v[i].table, table))
			(*n)++;
	v = malloc((*n ? *n : 1) * sizeof(*v));
	if (!v)
		return NULL;
	*n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == MG_K_COLUMN && same(s->v[i].table, table))
			v[(*n)++] = &s->v[i];
	for (size_t i = 1; i < *n; i++) /* by arrival: few columns */
		for (size_t k = i; k > 0 && v[k - 1]->ord > v[k]->ord; k--) {
			const struct mg_schema_item *t = v[k];

			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	return v;
}

/* 1 if the tables a (of s) and b (of o) have columns of the same names
 * and types: a likely rename. */
static int same_shape(const struct side *s, const char *a,
		      const struct side *o, const char *b)
{
	size_t na, nb;
	const struct mg_schema_item **ca = columns(s, a, &na);
	const struct mg_schema_item **cb = columns(o, b, &nb);
	int eq = ca && cb && na == nb && na > 0;

	for (size_t i = 0; eq && i < na; i++) {
		const struct mg_schema_item *x = find(o, MG_K_COLUMN, b,
						      ca[i]->name);

		eq = x && strcmp(x->type, ca[i]->type) == 0;
	}
	free(ca);
	free(cb);
	return eq;
}

/* What differs between two columns: "t" type, "n" nullability, "d"
 * default ("" for nothing). */
static const char *column_differs(const struct mg_schema_item *a,
				  const struct mg_schema_item *b)
{
	static const char *const what[] = {"", "d", "n", "nd",
					   "t", "td", "tn", "tnd"};

	return what[(strcmp(a->type, b->type) != 0) * 4 +
		    (a->flag != b->flag) * 2 + !same(a->dflt, b->dflt)];
}

/* The foreign keys of from's table f and to's table t differ. */
static int fkeys_differ(const mg_diff_plan *p, const char *f, const char *t)
{
	size_t nf = 0, nt = 0;

	for (size_t i = 0; i < p->from.n; i++)
		if (p->from.v[i].kind == MG_K_FKEY &&
		    same(p->from.v[i].table, f)) {
			nf++;
			if (!find(&p->to, MG_K_FKEY, t, p->from.v[i].name))
				return 1;
		}
	for (size_t i = 0; i < p->to.n; i++)
		if (p->to.v[i].kind == MG_K_FKEY && same(p->to.v[i].table, t))
			nt++;
	return nf != nt;
}

/* The indexes and triggers of f (from) that t (to) keeps as they are. */
static int kept(mg_diff_plan *p, struct migrator_diff_change *c,
		const char *f, const char *t)
{
	const char **v = own(p, p->from.n);

	if (!v)
		return -1;
	for (size_t i = 0; i < p->from.n; i++) {
		const struct mg_schema_item *x = &p->from.v[i], *y;

		if ((x->kind != MG_K_INDEX && x->kind != MG_K_TRIGGER) ||
		    !same(x->table, f))
			continue;
		y = find(&p->to, x->kind, t, x->name);
		if (y && strcmp(x->type, y->type) == 0 && x->flag == y->flag)
			v[c->nkept++] = x->name;
	}
	c->kept = v;
	return 0;
}

/* Columns dropped while one of the same type is added: likely renames. */
static int rename_notes(mg_diff_plan *p, struct mg_diff_entry *e,
			const char *f, const char *t)
{
	const struct migrator_diff_change *c = &e->c;

	for (size_t i = 0; i < c->ndropped; i++)
		for (size_t k = 0; k < c->nadded; k++) {
			const struct mg_schema_item *a =
				find(&p->from, MG_K_COLUMN, f, c->dropped[i]);
			const struct mg_schema_item *b =
				find(&p->to, MG_K_COLUMN, t, c->added[k]);

			if (a && b && strcmp(a->type, b->type) == 0)
				return note(p, e,
					    mg_strdup_printf(
						    "likely a rename of column "
						    "%s.%s: --rename "
						    "column:%s.%s=%s keeps its "
						    "rows",
						    t, c->dropped[i], t,
						    c->dropped[i],
						    c->added[k]));
		}
	return 0;
}

/* What a paired table's columns do: cols, changed, added, dropped. */
static int column_changes(mg_diff_plan *p, struct migrator_diff_change *c,
			  const char *f, const char *t)
{
	size_t nf, nt, last = 0;
	const struct mg_schema_item **cf = columns(&p->from, f, &nf);
	const struct mg_schema_item **ct = columns(&p->to, t, &nt);
	const char **cols = own(p, nt), **old = own(p, nt),
		   **changed = own(p, nt), **added = own(p, nt),
		   **what = own(p, nt),
		   **dropped = own(p, nf);
	int rc = cf && ct && cols && old && changed && added && dropped &&
			 what
			 ? 0
			 : -1;

	for (size_t i = 0; !rc && i < nt; i++) {
		const char *o = old_column(p, t, ct[i]->name);
		const struct mg_schema_item *x = find(&p->from, MG_K_COLUMN,
						      f, o);

		if (!x) {
			added[c->nadded++] = ct[i]->name;
			continue;
		}
		if (x->ord < last)
			c->columns_moved = 1;
		last = x->ord;
		cols[c->ncols] = ct[i]->name;
		old[c->ncols++] = x->name;
		if (*column_differs(x, ct[i])) {
			what[c->nchanged] = column_differs(x, ct[i]);
			changed[c->nchanged++] = ct[i]->name;
		}
	}
	for (size_t i = 0; !rc && i < nf; i++) {
		int found = 0;

		for (size_t k = 0; k < c->ncols; k++)
			found |= strcmp(old[k], cf[i]->name) == 0;
		if (!found)
			dropped[c->ndropped++] = cf[i]->name;
	}
	c->cols = cols;
	c->old_cols = old;
	c->changed = changed;
	c->changed_what = what;
	c->added = added;
	c->dropped = dropped;
	free(cf);
	free(ct);
	return rc;
}

static int alter_table(mg_diff_plan *p, const char *f, const char *t)
{
	struct migrator_diff_change c;
	const struct mg_schema_item *df = find(&p->from, MG_K_TABLEDEF, f, f);
	const struct mg_schema_item *dt = find(&p->to, MG_K_TABLEDEF, t, t);
	int renamed = 0;
	struct mg_diff_entry *e;

	memset(&c, 0, sizeof(c));
	if (column_changes(p, &c, f, t) < 0 || kept(p, &c, f, t) < 0)
		return -1;
	for (size_t i = 0; i < c.ncols; i++)
		renamed |= strcmp(c.cols[i], c.old_cols[i]) != 0;
	c.fkeys_changed = fkeys_differ(p, f, t);
	c.old_definition = df ? df->type : NULL;
	c.definition = dt ? dt->type : NULL;
	if (!renamed && strcmp(f, t) == 0 && !c.nchanged && !c.nadded &&
	    !c.ndropped && !c.columns_moved && !c.fkeys_changed &&
	    same(c.old_definition, c.definition))
		return 0;
	e = add(p, MIGRATOR_DIFF_ALTER, "table", t, t);
	if (!e)
		return -1;
	c.size = e->c.size;
	c.op = e->c.op;
	c.kind = e->c.kind;
	c.table = c.name = t;
	c.old_name = f;
	e->c = c;
	e->destructive = c.ndropped > 0;
	return rename_notes(p, e, f, t);
}

/* Tables of s that pass keep(), referenced ones first (cycles: by name). */
static int table_order(const struct side *s, const char ***out, size_t *n,
		       int (*keep)(const mg_diff_plan *, const char *),
		       const mg_diff_plan *p)
{
	const char **v = malloc((s->n ? s->n : 1) * sizeof(*v));
	unsigned char *done = calloc(s->n ? s->n : 1, 1);
	size_t total = 0, progress = 1;

	*out = v;
	*n = 0;
	if (!v || !done) {
		free(done);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind != MG_K_TABLE || !keep(p, s->v[i].table))
			done[i] = 1;
		else
			total++;
	while (*n < total) {
		int strict = progress != 0;

		progress = 0;
		for (size_t i = 0; i < s->n; i++) {
			int ready = 1;

			if (done[i])
				continue;
			for (size_t k = 0; strict && k < s->n; k++) {
				const struct mg_schema_item *x = &s->v[k];
				const char *ref = x->kind == MG_K_FKEY
							  ? strstr(x->name,
								   "-> ")
							  : NULL;

				if (!ref || !same(x->table, s->v[i].table))
					continue;
				for (size_t j = 0; j < s->n; j++)
					if (!done[j] && j != i &&
					    strncmp(ref + 3, s->v[j].table,
						    strlen(s->v[j].table)) ==
						    0 &&
					    ref[3 + strlen(s->v[j].table)] ==
						    '(')
						ready = 0;
			}
			if (ready) {
				done[i] = 1;
				v[(*n)++] = s->v[i].table;
				progress = 1;
				if (!strict)
					break;
			}
		}
	}
	free(done);
	return 0;
}

static int is_new(const mg_diff_plan *p, const char *t)
{
	return !find(&p->from, MG_K_TABLE, old_table(p, t), NULL);
}

static int is_gone(const mg_diff_plan *p, const char *f)
{
	return !find(&p->to, MG_K_TABLE, new_table(p, f), NULL);
}

/* A table dropped while one of the same columns is created. */
static int table_rename_note(mg_diff_plan *p, struct mg_diff_entry *e)
{
	for (size_t i = 0; i < p->to.n; i++) {
		const char *t = p->to.v[i].table;

		if (p->to.v[i].kind == MG_K_TABLE && is_new(p, t) &&
		    same_shape(&p->from, e->c.name, &p->to, t))
			return note(p, e,
				    mg_strdup_printf("likely a rename of table "
						     "%s: --rename table:%s=%s "
						     "keeps its rows",
						     e->c.name, e->c.name, t));
	}
	return 0;
}

/* Objects of one side that the other lacks or has otherwise (op DROP:
 * from's; CREATE: to's): pre, those tables may need (types, sequences,
 * functions: created before the tables, dropped after them); else views,
 * triggers and comments (created after the tables, dropped before them).  A
 * changed function is not dropped: its text is CREATE OR REPLACE.  which:
 * 0 all, 1 those the other side has otherwise, 2 those it lacks. */
static int objects(mg_diff_plan *p, unsigned op, int pre, int which)
{
	static const enum mg_schema_kind order_pre[] = {
		MG_K_TYPE, MG_K_SEQUENCE, MG_K_FUNCTION};
	static const enum mg_schema_kind order_post[] = {
		MG_K_VIEW, MG_K_TRIGGER, MG_K_COMMENT};
	const enum mg_schema_kind *order = pre ? order_pre : order_post;
	int create = op == MIGRATOR_DIFF_CREATE;
	const struct side *s = create ? &p->to : &p->from,
			  *o = create ? &p->from : &p->to;
	size_t nk = 3;

	for (size_t k = 0; k < nk; k++) {
		/* created in the order given, dropped the other way */
		enum mg_schema_kind kind = order[create ? k : nk - 1 - k];

		for (size_t i = 0; i < s->n; i++) {
			const struct mg_schema_item *x = &s->v[i], *y;
			const char *t = x->table;
			struct mg_diff_entry *e;

			if (x->kind != kind)
				continue;
			if (*t)
				t = create ? old_table(p, t) : new_table(p, t);
			y = find(o, kind, t, x->name);
			if (y && (strcmp(x->type, y->type) == 0 ||
				  (!create && kind == MG_K_FUNCTION)))
				continue;
			if ((which == 1 && !y) || (which == 2 && y))
				continue;
			if (kind == MG_K_COMMENT && !create &&
			    is_gone(p, x->table))
				continue; /* goes with its table */
			e = add(p, op, mg_schema_kind_name(kind),
				*x->table ? x->table : NULL, x->name);
			if (!e)
				return -1;
			e->c.old_definition = create ? (y ? y->type : NULL)
						     : x->type;
			e->c.definition = create ? x->type : (y ? y->type
								: NULL);
		}
	}
	return 0;
}

/* Indexes: op DROP, from's that to lacks or has otherwise, on tables
 * that stay; CREATE, to's that from lacks or has otherwise. */
static int indexes(mg_diff_plan *p, unsigned op)
{
	int create = op == MIGRATOR_DIFF_CREATE;
	const struct side *s = create ? &p->to : &p->from,
			  *o = create ? &p->from : &p->to;

	for (size_t i = 0; i < s->n; i++) {
		const struct mg_schema_item *x = &s->v[i], *y, *df, *dt;
		struct mg_diff_entry *e;
		const char *t;

		if (x->kind != MG_K_INDEX ||
		    (!create && is_gone(p, x->table)))
			continue;
		t = create ? old_table(p, x->table) : new_table(p, x->table);
		y = find(o, MG_K_INDEX, t, x->name);
		if (y && strcmp(x->type, y->type) == 0 && x->flag == y->flag)
			continue;
		if (!(e = add(p, op, "index", x->table, x->name)))
			return -1;
		df = find(&p->from, MG_K_TABLEDEF, create ? t : x->table,
			  create ? t : x->table);
		dt = find(&p->to, MG_K_TABLEDEF, create ? x->table : t,
			  create ? x->table : t);
		e->c.old_definition = df ? df->type : NULL;
		e->c.definition = dt ? dt->type : NULL;
	}
	return 0;
}

static int tables(mg_diff_plan *p)
{
	const char **v = NULL;
	size_t n = 0;
	int rc = table_order(&p->to, &v, &n, is_new, p);

	for (size_t i = 0; !rc && i < n; i++)
		if (!add(p, MIGRATOR_DIFF_CREATE, "table", v[i], v[i]))
			rc = -1;
	/* renamed tables first: others' foreign keys name the new names */
	for (int renamed = 1; renamed >= 0; renamed--)
		for (size_t i = 0; !rc && i < p->to.n; i++) {
			const char *t = p->to.v[i].table;

			if (p->to.v[i].kind == MG_K_TABLE && !is_new(p, t) &&
			    (strcmp(old_table(p, t), t) != 0) == renamed)
				rc = alter_table(p, old_table(p, t), t);
		}
	free(v);
	return rc ? rc : indexes(p, MIGRATOR_DIFF_CREATE);
}

static int drops(mg_diff_plan *p)
{
	const char **v = NULL;
	size_t n = 0;
	int rc = table_order(&p->from, &v, &n, is_gone, p);

	while (!rc && n > 0) {
		struct mg_diff_entry *e = add(p, MIGRATOR_DIFF_DROP, "table",
					      v[n - 1], v[n - 1]);

		n--;
		if (!e) {
			rc = -1;
			break;
		}
		e->destructive = 1;
		rc = table_rename_note(p, e);
	}
	free(v);
	return rc;
}

/* A rename must name what the schemas have. */
static int check_renames(const mg_diff_plan *p, mg_diag *d)
{
	for (size_t i = 0; i < p->nren; i++) {
		const struct mg_diff_rename *x = &p->ren[i];
		const char *t = x->table;

		if (!t && (!find(&p->from, MG_K_TABLE, x->old, NULL) ||
			   !find(&p->to, MG_K_TABLE, x->new, NULL)))
			return mg_diag_set(d, MIGRATOR_EUSAGE,
					   "--rename table:%s=%s: the head "
					   "schema has no table %s or the "
					   "new one no table %s",
					   x->old, x->new, x->old, x->new);
		if (t && (!find(&p->from, MG_K_COLUMN, old_table(p, t),
				x->old) ||
			  !find(&p->to, MG_K_COLUMN, t, x->new)))
			return mg_diag_set(d, MIGRATOR_EUSAGE,
					   "--rename column:%s.%s=%s: the head "
					   "schema has no column %s.%s or the "
					   "new one no column %s.%s",
					   t, x->old, x->new, old_table(p, t),
					   x->old, t, x->new);
	}
	return 0;
}

int mg_diff_plan_new(mg_diff_plan **out, struct migrator_schema *from,
		     struct migrator_schema *to,
		     const struct mg_diff_rename *renames, size_t n,
		     mg_diag *d)
{
	mg_diff_plan *p = calloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	if (!p)
		return nomem(d);
	mg_schema_items(from, &p->from.v, &p->from.n);
	mg_schema_items(to, &p->to.v, &p->to.n);
	p->ren = renames;
	p->nren = n;
	rc = check_renames(p, d);
	if (rc) {
		mg_diff_plan_free(p);
		return rc;
	}
	rc = objects(p, MIGRATOR_DIFF_DROP, 0, 0);
	rc = rc ? rc : indexes(p, MIGRATOR_DIFF_DROP);
	/* before the creates: a new table or index may take a dropped
	 * one's index name */
	rc = rc ? rc : drops(p);
	rc = rc ? rc : objects(p, MIGRATOR_DIFF_DROP, 1, 1);
	rc = rc ? rc : objects(p, MIGRATOR_DIFF_CREATE, 1, 0);
	rc = rc ? rc : tables(p);
	/* after the tables stopped using them */
	rc = rc ? rc : objects(p, MIGRATOR_DIFF_DROP, 1, 2);
	rc = rc ? rc : objects(p, MIGRATOR_DIFF_CREATE, 0, 0);
	p->ren = NULL; /* the caller's */
	p->nren = 0;
	if (rc) {
		mg_diff_plan_free(p);
		return nomem(d);
	}
	*out = p;
	return 0;
}

size_t mg_diff_plan_size(const mg_diff_plan *p)
{
	return p ? p->n : 0;
}

const struct mg_diff_entry *mg_diff_plan_at(const mg_diff_plan *p, size_t i)
{
	return i < p->n ? &p->v[i] : NULL;
}

void mg_diff_plan_free(mg_diff_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p->v);
	mg_strvec_clear(&p->text);
	free(p);
}
