/*
 * check_schema.c - the schema model behind `check` and its diff.
 *
 * A schema is a flat list of items (tables, columns, indexes, foreign
 * keys; views, triggers, sequences, functions and types, driver ABI 2.3),
 * each keyed by (kind, table, name).  Both sides are sorted by that
 * key and walked together, so every item on one side only is a missing or
 * extra object, and items on both sides are compared field by field.
 * Columns, indexes and keys of a table that is itself missing or extra are
 * not listed again: the table's line says it all.  A foreign key has no
 * portable name (SQLite's are anonymous), so its key is its definition
 * "cols -> table(cols)".  The other objects are compared by their
 * definition, the database's own text; their table is "" but for a
 * trigger's.  A column's position is the order in which it arrived (the
 * drivers report a table's columns in order); with MG_SCHEMA_COLUMN_ORDER
 * the columns two tables have in common must stand in the same order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <migrator/driver.h>

#include "buf.h"
#include "check_schema.h"
#include "strvec.h"

/* The kinds of objects, as the drivers name them, from MG_K_VIEW on. */
static const char *const object_kinds[] = {
	"view", "trigger", "sequence", "function", "type", "table", "comment",
};

#define IS_OBJECT(k) ((k) >= MG_K_VIEW)

#define item mg_schema_item

struct migrator_schema {
	struct item *v;
	size_t n, cap;
	mg_strvec exclude;
};

struct mg_check {
	struct mg_drift *v;
	size_t n, cap;
	mg_strvec text; /* owns every string the drifts point to */
};

static const char *const kind_names[] = {
	"missing_table",  "extra_table",   "missing_column", "extra_column",
	"changed_column", "missing_index", "extra_index",    "changed_index",
	"missing_fkey",   "extra_fkey",    "changed_table",
	"missing_view",     "extra_view",     "changed_view",
	"missing_trigger",  "extra_trigger",  "changed_trigger",
	"missing_sequence", "extra_sequence", "changed_sequence",
	"missing_function", "extra_function", "changed_function",
	"missing_type",     "extra_type",     "changed_type",
};

const char *mg_drift_kind_name(enum mg_drift_kind kind)
{
	if ((size_t)kind >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "unknown";
	return kind_names[kind];
}

int mg_schema_new(struct migrator_schema **out, const char *const *exclude,
		  size_t nexclude)
{
	struct migrator_schema *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return MIGRATOR_ENOMEM;
	for (size_t i = 0; i < nexclude; i++) {
		const char *table;

		migrator_table_name_split(exclude[i], &table);
		if (mg_strvec_push(&s->exclude, table) < 0) {
			mg_schema_free(s);
			return MIGRATOR_ENOMEM;
		}
	}
	*out = s;
	return 0;
}

void mg_schema_free(struct migrator_schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].table);
		free(s->v[i].name);
		free(s->v[i].type);
		free(s->v[i].dflt);
	}
	free(s->v);
	mg_strvec_clear(&s->exclude);
	free(s);
}

int mg_schema_tables(const struct migrator_schema *s, mg_strvec *out)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == MG_K_TABLE &&
		    mg_strvec_push(out, s->v[i].table) < 0)
			return MIGRATOR_ENOMEM;
	mg_strvec_sort(out);
	return 0;
}

static int excluded(const struct migrator_schema *s, const char *table)
{
	return mg_strvec_find(&s->exclude, table) >= 0;
}

static char *dup_or_null(const char *x, int *ok)
{
	char *c;

	if (!x)
		return NULL;
	c = strdup(x);
	if (!c)
		*ok = 0;
	return c;
}

static int add(struct migrator_schema *s, enum mg_schema_kind kind,
	       const char *table, const char *name, const char *type,
	       const char *dflt, int flag)
{
	struct item it;
	int ok = 1;

	if (!table || excluded(s, table))
		return 0;
	if (mg_array_grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v), 32) < 0)
		return MIGRATOR_ENOMEM;
	it.kind = kind;
	it.flag = flag;
	it.ord = s->n;
	it.table = dup_or_null(table, &ok);
	it.name = dup_or_null(name, &ok);
	it.type = dup_or_null(type, &ok);
	it.dflt = dup_or_null(dflt, &ok);
	if (!ok) {
		free(it.table);
		free(it.name);
		free(it.type);
		free(it.dflt);
		return MIGRATOR_ENOMEM;
	}
	s->v[s->n++] = it;
	return 0;
}

int mg_schema_table(struct migrator_schema *s, const char *table)
{
	return add(s, MG_K_TABLE, table, NULL, NULL, NULL, 0);
}

int mg_schema_column(struct migrator_schema *s, const char *table,
		     const char *column, const char *type, int notnull,
		     const char *dflt)
{
	return add(s, MG_K_COLUMN, table, column ? column : "", type ? type : "",
		   dflt, notnull != 0);
}

int mg_schema_index(struct migrator_schema *s, const char *table,
		    const char *index, int unique, const char *columns)
{
	return add(s, MG_K_INDEX, table, index ? index : "",
		   columns ? columns : "", NULL, unique != 0);
}

int mg_schema_fkey(struct migrator_schema *s, const char *table,
		   const char *columns, const char *ref_table,
		   const char *ref_columns)
{
	char *name = mg_strdup_printf("%s -> %s(%s)", columns ? columns : "",
				      ref_table ? ref_table : "",
				      ref_columns ? ref_columns : "");
	int rc;

	if (!name)
		return MIGRATOR_ENOMEM;
	rc = add(s, MG_K_FKEY, table, name, NULL, NULL, 0);
	free(name);
	return rc;
}

int mg_schema_object(struct migrator_schema *s, const char *kind,
		     const char *table, const char *name,
		     const char *definition)
{
	size_t n = sizeof(object_kinds) / sizeof(object_kinds[0]);

	for (size_t k = 0; kind && k < n; k++)
		if (strcmp(kind, object_kinds[k]) == 0)
			return add(s, (enum mg_schema_kind)(MG_K_VIEW + k),
				   table ? table : "", name ? name : "",
				   definition ? definition : "", NULL, 0);
	return 0; /* a kind this host does not know (a newer driver) */
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	c = strcmp(a->table, b->table);
	return c ? c : strcmp_null(a->name, b->name);
}

static int has_table(const struct migrator_schema *s, const char *table)
{
	struct item key;

	if (!s->n)
		return 0; /* s->v may be NULL: bsearch must not see it */
	memset(&key, 0, sizeof(key));
	key.kind = MG_K_TABLE;
	key.table = (char *)table;
	return bsearch(&key, s->v, s->n, sizeof(*s->v), item_cmp) != NULL;
}

/* Keeps a copy of s in c and returns it (NULL stays NULL); *ok cleared when
 * out of memory. */
static const char *keep(mg_check *c, const char *s, int *ok)
{
	if (!s)
		return NULL;
	if (mg_strvec_push(&c->text, s) < 0) {
		*ok = 0;
		return NULL;
	}
	return c->text.v[c->text.n - 1];
}

static int push(mg_check *c, enum mg_drift_kind kind,
		const char *table, const char *name, const char *field,
		const char *expected, const char *found)
{
	struct mg_drift *x;
	int ok = 1;

	if (mg_array_grow(&c->v, &c->cap, c->n + 1, sizeof(*c->v), 16) < 0)
		return MIGRATOR_ENOMEM;
	x = &c->v[c->n];
	x->kind = kind;
	x->table = keep(c, table, &ok);
	x->name = keep(c, name, &ok);
	x->field = keep(c, field, &ok);
	x->expected = keep(c, expected, &ok);
	x->found = keep(c, found, &ok);
	if (!ok)
		return MIGRATOR_ENOMEM;
	c->n++;
	return 0;
}

static int ord_cmp(const void *pa, const void *pb)
{
	const struct item *a = *(const struct item *const *)pa;
	const struct item *b = *(const struct item *const *)pb;

	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

/* A table's columns in their order, in a new array (*out, n of them);
 * s is sorted, so they stand together after the table's first column.
 * 0 or MIGRATOR_ENOMEM. */
static int table_columns(const struct migrator_schema *s, const char *table,
			 const struct item ***out, size_t *n)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) { /* the first item not before (MG_K_COLUMN, table) */
		size_t mid = lo + (hi - lo) / 2;
		const struct item *m = &s->v[mid];

		if (m->kind < MG_K_COLUMN ||
		    (m->kind == MG_K_COLUMN && strcmp(m->table, table) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	*n = 0;
	while (lo + *n < s->n && s->v[lo + *n].kind == MG_K_COLUMN &&
	       strcmp(s->v[lo + *n].table, table) == 0)
		(*n)++;
	*out = malloc((*n ? *n : 1) * sizeof(**out));
	if (!*out)
		return MIGRATOR_ENOMEM;
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = &s->v[lo + i];
	qsort(*out, *n, sizeof(**out), ord_cmp);
	return 0;
}

/* A table's columns in their order, "(id integer NOT NULL, note text)". */
static char *describe_table(const struct migrator_schema *s,
			    const char *table)
{
	struct mg_buf b = MG_BUF_INIT;
	const struct item **cols;
	size_t n;
	int rc;

	if (table_columns(s, table, &cols, &n))
		return NULL;
	rc = mg_buf_putc(&b, '(');
	for (size_t i = 0; !rc && i < n; i++)
		rc = mg_buf_printf(&b, "%s%s %s%s%s%s", i ? ", " : "",
				   cols[i]->name, cols[i]->type,
				   cols[i]->flag ? " NOT NULL" : "",
				   cols[i]->dflt ? " DEFAULT " : "",
				   cols[i]->dflt ? cols[i]->dflt : "");
	rc = rc ? rc : mg_buf_putc(&b, ')');
	free(cols);
	if (rc) {
		mg_buf_free(&b);
		return NULL;
	}
	return mg_buf_detach(&b);
}

/* A one-line description of an item of s for missing_* / extra_*: a
 * table's columns, a column's type, an index's columns, a foreign key
 * itself, an object's definition.  NULL when out of memory. */
static char *describe(const struct migrator_schema *s, const struct item *it)
{
	switch (it->kind) {
	case MG_K_TABLE:
		return describe_table(s, it->table);
	case MG_K_COLUMN:
		return mg_strdup_printf("%s%s%s%s", it->type,
					it->flag ? " NOT NULL" : "",
					it->dflt ? " DEFAULT " : "",
					it->dflt ? it->dflt : "");
	case MG_K_INDEX:
		return mg_strdup_printf("%s(%s)", it->flag ? "UNIQUE " : "",
					it->type);
	case MG_K_FKEY:
		return strdup(it->name);
	default:
		return strdup(it->type);
	}
}

/* The drift of an item's kind: which is 0 missing, 1 extra, 2 changed
 * (objects only). */
static enum mg_drift_kind drift_of(enum mg_schema_kind kind, int which)
{
	static const enum mg_drift_kind missing_of[] = {
		MG_DRIFT_MISSING_TABLE, MG_DRIFT_MISSING_COLUMN,
		MG_DRIFT_MISSING_INDEX, MG_DRIFT_MISSING_FKEY};
	static const enum mg_drift_kind extra_of[] = {
		MG_DRIFT_EXTRA_TABLE, MG_DRIFT_EXTRA_COLUMN,
		MG_DRIFT_EXTRA_INDEX, MG_DRIFT_EXTRA_FKEY};

	if (IS_OBJECT(kind))
		return (enum mg_drift_kind)(MG_DRIFT_MISSING_VIEW +
					    3 * (kind - MG_K_VIEW) + which);
	return which ? extra_of[kind] : missing_of[kind];
}

/* An object's table as a drift names it: NULL when it has none. */
static const char *table_of(const struct item *it)
{
	return *it->table || !IS_OBJECT(it->kind) ? it->table : NULL;
}

/* An item of own on one side only.  Sub-objects of a table that is itself
 * on one side only are left out (the table's description lists its
 * columns); so is the trigger of such a table (not of a view). */
static int one_side(mg_check *c, const struct item *it, int missing,
		    const struct migrator_schema *own,
		    const struct migrator_schema *other)
{
	char *desc;
	int rc;

	if (IS_OBJECT(it->kind) ? *it->table && has_table(own, it->table) &&
					  !has_table(other, it->table)
				: it->kind != MG_K_TABLE &&
					  !has_table(other, it->table))
		return 0;
	desc = describe(own, it);
	if (!desc)
		return MIGRATOR_ENOMEM;
	rc = push(c, drift_of(it->kind, !missing), table_of(it), it->name,
		  NULL, missing ? desc : NULL, missing ? NULL : desc);
	free(desc);
	return rc;
}

/* 1 if name is among the n columns of v. */
static int has_column(const struct item *const *v, size_t n,
		      const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i]->name, name) == 0)
			return 1;
	return 0;
}

/* The names of the n columns of v, "a, b, c"; NULL when out of memory. */
static char *column_names(const struct item *const *v, size_t n)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++)
		rc = mg_buf_printf(&b, "%s%s", i ? ", " : "", v[i]->name);
	if (rc || !n) {
		mg_buf_free(&b);
		return rc ? NULL : strdup("");
	}
	return mg_buf_detach(&b);
}

/* 1 if the columns that e (ne of them) and f (nf) have in common stand in
 * another order in each. */
static int order_differs(const struct item *const *e, size_t ne,
			 const struct item *const *f, size_t nf)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < ne && !has_column(f, nf, e[i]->name))
			i++;
		while (j < nf && !has_column(e, ne, f[j]->name))
			j++;
		if (i == ne || j == nf)
			return 0; /* as many in common on both sides */
		if (strcmp(e[i++]->name, f[j++]->name) != 0)
			return 1;
	}
}

/* The column order of table, on both sides. */
static int column_order(mg_check *c, const char *table,
			const struct migrator_schema *expected,
			const struct migrator_schema *found)
{
	const struct item **e = NULL, **f = NULL;
	char *want = NULL, *have = NULL;
	size_t ne, nf;
	int rc = table_columns(expected, table, &e, &ne);

	if (!rc)
		rc = table_columns(found, table, &f, &nf);
	if (!rc && order_differs(e, ne, f, nf)) {
		want = column_names(e, ne);
		have = column_names(f, nf);
		rc = want && have ? push(c, MG_DRIFT_CHANGED_TABLE, table,
					 NULL, "column_order", want, have)
				  : MIGRATOR_ENOMEM;
	}
	free(want);
	free(have);
	free(e);
	free(f);
	return rc;
}

static int both_sides(mg_check *c, const struct item *e,
		      const struct item *f,
		      const struct migrator_schema *expected,
		      const struct migrator_schema *found, unsigned flags)
{
	int rc = 0;

	if (e->kind >= MG_K_TABLEDEF) {
		if ((flags & MG_SCHEMA_DEFINITIONS) &&
		    strcmp(e->type, f->type) != 0)
			rc = push(c, MG_DRIFT_CHANGED_TABLE, e->table,
				  *e->name ? e->name : NULL,
				  e->kind == MG_K_TABLEDEF ? "definition"
							   : "comment",
				  e->type, f->type);
	} else if (IS_OBJECT(e->kind)) {
		if (strcmp(e->type, f->type) != 0)
			rc = push(c, drift_of(e->kind, 2), table_of(e),
				  e->name, "definition", e->type, f->type);
	} else if (e->kind == MG_K_TABLE) {
		if (flags & MG_SCHEMA_COLUMN_ORDER)
			rc = column_order(c, e->table, expected, found);
	} else if (e->kind == MG_K_COLUMN) {
		if (strcmp(e->type, f->type) != 0)
			rc = push(c, MG_DRIFT_CHANGED_COLUMN, e->table,
				  e->name, "type", e->type, f->type);
		if (!rc && e->flag != f->flag)
			rc = push(c, MG_DRIFT_CHANGED_COLUMN, e->table,
				  e->name, "nullable",
				  e->flag ? "NOT NULL" : "NULL",
				  f->flag ? "NOT NULL" : "NULL");
		if (!rc && strcmp_null(e->dflt, f->dflt) != 0)
			rc = push(c, MG_DRIFT_CHANGED_COLUMN, e->table,
				  e->name, "default", e->dflt, f->dflt);
	} else if (e->kind == MG_K_INDEX) {
		if (strcmp(e->type, f->type) != 0)
			rc = push(c, MG_DRIFT_CHANGED_INDEX, e->table,
				  e->name, "columns", e->type, f->type);
		if (!rc && e->flag != f->flag)
			rc = push(c, MG_DRIFT_CHANGED_INDEX, e->table,
				  e->name, "unique", e->flag ? "true" : "false",
				  f->flag ? "true" : "false");
	}
	return rc;
}

/* A table's definition or comment on one side only, which diff's proof
 * compares (MG_SCHEMA_DEFINITIONS): a comment counts; a definition goes
 * with its table, whose own line says it all. */
static int diff_only(mg_check *c, const struct item *it, int missing,
		     unsigned flags)
{
	if (!(flags & MG_SCHEMA_DEFINITIONS) || it->kind != MG_K_COMMENT)
		return 0;
	return push(c, MG_DRIFT_CHANGED_TABLE, it->table,
		    *it->name ? it->name : NULL, "comment",
		    missing ? it->type : NULL, missing ? NULL : it->type);
}

static void sort_schema(struct migrator_schema *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), item_cmp);
}

int mg_schema_diff(mg_check **out, struct migrator_schema *expected,
		   struct migrator_schema *found, unsigned flags)
{
	mg_check *c = calloc(1, sizeof(*c));
	size_t i = 0, j = 0;
	int rc = 0;

	*out = NULL;
	if (!c)
		return MIGRATOR_ENOMEM;
	sort_schema(expected);
	sort_schema(found);
	while (!rc && (i < expected->n || j < found->n)) {
		int cmp;

		if (i == expected->n)
			cmp = 1;
		else if (j == found->n)
			cmp = -1;
		else
			cmp = item_cmp(&expected->v[i], &found->v[j]);
		if (cmp < 0 && expected->v[i].kind >= MG_K_TABLEDEF)
			rc = diff_only(c, &expected->v[i++], 1, flags);
		else if (cmp > 0 && found->v[j].kind >= MG_K_TABLEDEF)
			rc = diff_only(c, &found->v[j++], 0, flags);
		else if (cmp < 0)
			rc = one_side(c, &expected->v[i++], 1, expected, found);
		else if (cmp > 0)
			rc = one_side(c, &found->v[j++], 0, found, expected);
		else
			rc = both_sides(c, &expected->v[i++], &found->v[j++],
					expected, found, flags);
	}
	if (rc) {
		mg_check_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void mg_schema_items(struct migrator_schema *s,
		     const struct mg_schema_item **out, size_t *n)
{
	sort_schema(s);
	*out = s->v;
	*n = s->n;
}

const char *mg_schema_kind_name(enum mg_schema_kind kind)
{
	if (!IS_OBJECT(kind))
		return NULL;
	return object_kinds[kind - MG_K_VIEW];
}

size_t mg_check_size(const mg_check *c)
{
	return c ? c->n : 0;
}

const struct mg_drift *mg_check_at(const mg_check *c,
					       size_t i)
{
	return i < c->n ? &c->v[i] : NULL;
}

void mg_check_free(mg_check *c)
{
	if (!c)
		return;
	free(c->v);
	mg_strvec_clear(&c->text);
	free(c);
}
