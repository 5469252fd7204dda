/*
 * graph.c - links parsed scripts into the revision graph: an id hash map,
 * resolved parent/child and depends_on links, the checks of DESIGN 2, heads,
 * roots and warnings.  Every node and array lives in the graph's arena.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "graph_build.h"
#include "graph_order.h"

struct label_ent {
	const char *label;
	struct migrator_revision *rev;
};

struct mg_graph {
	struct mg_arena arena;
	const char *dir;
	const struct mg_script *scripts;
	struct migrator_revision *revs; /* in script order */
	size_t n;
	struct migrator_revision **topo;
	struct migrator_revision **by_id;
	struct migrator_revision **table; /* open addressing, linear probing */
	size_t mask;
	const struct migrator_revision **heads;
	size_t n_heads;
	const struct migrator_revision **roots;
	size_t n_roots;
	struct label_ent *labels; /* sorted by label */
	size_t n_labels;
	mg_strvec warnings;
};

/* Lists longer than this are cut short in messages. */
#define LIST_MAX 10

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

static struct migrator_revision *lookup(const mg_graph *g, const char *id)
{
	size_t i;

	if (!g->table)
		return NULL;
	for (i = hash_str(id) & g->mask; g->table[i]; i = (i + 1) & g->mask)
		if (strcmp(g->table[i]->id, id) == 0)
			return g->table[i];
	return NULL;
}

/* Inserts r, or returns the revision that already has its id. */
static struct migrator_revision *insert(mg_graph *g, struct migrator_revision *r)
{
	size_t i;

	for (i = hash_str(r->id) & g->mask; g->table[i];
	     i = (i + 1) & g->mask)
		if (strcmp(g->table[i]->id, r->id) == 0)
			return g->table[i];
	g->table[i] = r;
	return NULL;
}

static void *arena_array(struct mg_arena *a, size_t n, size_t size)
{
	if (n && size > SIZE_MAX / n)
		return NULL;
	return mg_arena_alloc(a, n * size);
}

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static const char *file_of(const struct migrator_revision *r)
{
	return r->script->path ? r->script->path : r->id;
}

/* Messages name files by base name (they share one directory); the full
 * path goes to d->file. */
static const char *name_of(const struct migrator_revision *r)
{
	const char *f = file_of(r), *slash = strrchr(f, '/');

	return slash ? slash + 1 : f;
}

static int cmp_rev_id(const void *a, const void *b)
{
	const struct migrator_revision *x = *(struct migrator_revision *const *)a;
	const struct migrator_revision *y = *(struct migrator_revision *const *)b;

	return strcmp(x->id, y->id);
}

static int sorted_by_id(struct migrator_revision *const *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1]->id, v[i]->id) > 0)
			return 0;
	return 1;
}

static int cmp_label(const void *a, const void *b)
{
	const struct label_ent *x = a, *y = b;

	return strcmp(x->label, y->label);
}

static int build_table(mg_graph *g, mg_diag *d)
{
	size_t cap = 16;

	while (cap / 2 < g->n) {
		if (cap > SIZE_MAX / 4)
			return nomem(d);
		cap *= 2;
	}
	g->table = arena_array(&g->arena, cap, sizeof(*g->table));
	if (!g->table)
		return nomem(d);
	g->mask = cap - 1;
	for (size_t i = 0; i < g->n; i++) {
		struct migrator_revision *r = &g->revs[i], *old;

		r->id = g->scripts[i].revision;
		r->script = &g->scripts[i];
		if (!r->id || !*r->id)
			return mg_diag_set(d, MIGRATOR_ESCRIPT,
						 "%s has no revision id",
						 r->script->path ?
							 r->script->path :
							 "a script");
		old = insert(g, r);
		if (old) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
					  "duplicate revision %s in %s and %s",
					  r->id, name_of(old), name_of(r));
			mg_diag_locate(d, file_of(r),
					     r->script->revision_line);
			mg_diag_revision(d, r->id);
			return MIGRATOR_ESCRIPT;
		}
	}
	g->by_id = arena_array(&g->arena, g->n, sizeof(*g->by_id));
	if (g->n && !g->by_id)
		return nomem(d);
	for (size_t i = 0; i < g->n; i++)
		g->by_id[i] = &g->revs[i];
	/* Files named "<id>_<slug>.sql" with IDs of one length (what
	 * `migrator revision` writes) come in ID order already. */
	if (g->n > 1 && !sorted_by_id(g->by_id, g->n))
		qsort(g->by_id, g->n, sizeof(*g->by_id), cmp_rev_id);
	for (size_t i = 0; i < g->n; i++)
		g->by_id[i]->order = i; /* rank, for mg_graph_order() */
	return 0;
}

static int build_labels(mg_graph *g, mg_diag *d)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < g->n; i++)
		n += g->scripts[i].n_branch_labels;
	if (n == 0)
		return 0;
	g->labels = arena_array(&g->arena, n, sizeof(*g->labels));
	if (!g->labels)
		return nomem(d);
	for (size_t i = 0; i < g->n; i++) {
		for (size_t j = 0; j < g->scripts[i].n_branch_labels; j++) {
			struct label_ent *e = &g->labels[k++];
			struct migrator_revision *other;

			e->label = g->scripts[i].branch_labels[j];
			e->rev = &g->revs[i];
			other = lookup(g, e->label);
			if (other) {
				mg_diag_set(
					d, MIGRATOR_ESCRIPT,
					"branch label %s of revision %s is "
					"also the id of revision %s in %s",
					e->label, e->rev->id, other->id,
					name_of(other));
				mg_diag_locate(d, file_of(e->rev), 0);
				mg_diag_revision(d, e->rev->id);
				return MIGRATOR_ESCRIPT;
			}
		}
	}
	g->n_labels = n;
	qsort(g->labels, n, sizeof(*g->labels), cmp_label);
	for (size_t i = 1; i < n; i++) {
		const struct label_ent *a = &g->labels[i - 1], *b = &g->labels[i];

		if (strcmp(a->label, b->label) != 0)
			continue;
		if (a->rev == b->rev)
			mg_diag_set(d, MIGRATOR_ESCRIPT,
					  "branch label %s is listed twice in "
					  "%s",
					  a->label, name_of(a->rev));
		else
			mg_diag_set(d, MIGRATOR_ESCRIPT,
					  "branch label %s is used by both %s "
					  "and %s",
					  a->label, name_of(a->rev),
					  name_of(b->rev));
		mg_diag_locate(d, file_of(b->rev), 0);
		mg_diag_revision(d, b->rev->id);
		return MIGRATOR_ESCRIPT;
	}
	return 0;
}

/*
 * Resolves one list of names (down_revision or depends_on) of r.  seen[]
 * holds, per revision, 1 + the index of the last revision whose list named
 * it, so a name given twice is found without a scan.
 */
static int resolve_list(mg_graph *g, struct migrator_revision *r,
			const char *const *names, size_t n, const char *key,
			unsigned line, struct migrator_revision ***out,
			size_t *seen, size_t *counts, mg_diag *d)
{
	size_t me = (size_t)(r - g->revs) + 1;
	struct migrator_revision **v;

	*out = NULL;
	if (n == 0)
		return 0;
	*out = arena_array(&g->arena, n, sizeof(**out));
	if (!*out)
		return nomem(d);
	v = *out;
	for (size_t i = 0; i < n; i++) {
		struct migrator_revision *p;

		if (strcmp(names[i], r->id) == 0) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
					  "revision %s names itself in its %s",
					  r->id, key);
			goto located;
		}
		p = lookup(g, names[i]);
		if (!p) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
					  "%s %s of revision %s names no "
					  "revision",
					  key, names[i], r->id);
			mg_diag_hint(d, "Check the spelling, or whether "
					      "the file of %s was deleted.",
					   names[i]);
			goto located;
		}
		if (seen[p - g->revs] == me) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
					  "revision %s lists %s twice in its %s",
					  r->id, p->id, key);
			goto located;
		}
		seen[p - g->revs] = me;
		counts[p - g->revs]++;
		v[i] = p;
	}
	return 0;
located:
	mg_diag_locate(d, file_of(r), line);
	mg_diag_revision(d, r->id);
	return MIGRATOR_ESCRIPT;
}

static int build_links(mg_graph *g, mg_diag *d)
{
	size_t *seen_p = calloc(g->n ? g->n : 1, sizeof(size_t));
	size_t *seen_d = calloc(g->n ? g->n : 1, sizeof(size_t));
	size_t *n_children = calloc(g->n ? g->n : 1, sizeof(size_t));
	size_t *n_dependents = calloc(g->n ? g->n : 1, sizeof(size_t));
	int rc = 0;

	if (!seen_p || !seen_d || !n_children || !n_dependents) {
		rc = nomem(d);
		goto out;
	}
	for (size_t i = 0; i < g->n && rc == 0; i++) {
		struct migrator_revision *r = &g->revs[i];
		const struct mg_script *s = r->script;

		rc = resolve_list(g, r, s->down_revisions, s->n_down_revisions,
				  "down_revision", s->down_revision_line,
				  &r->parents, seen_p, n_children, d);
		if (rc == 0)
			rc = resolve_list(g, r, s->depends_on, s->n_depends_on,
					  "depends_on", s->depends_on_line,
					  &r->depends, seen_d, n_dependents, d);
		r->n_parents = s->n_down_revisions;
		r->n_depends = s->n_depends_on;
	}
	if (rc)
		goto out;
	for (size_t i = 0; i < g->n; i++) {
		struct migrator_revision *r = &g->revs[i];

		/* Most revisions have one child and no dependents: empty
		 * arrays stay NULL rather than cost an allocation each. */
		if (n_children[i])
			r->children = arena_array(&g->arena, n_children[i],
						  sizeof(*r->children));
		if (n_dependents[i])
			r->dependents = arena_array(&g->arena,
						    n_dependents[i],
						    sizeof(*r->dependents));
		if ((n_children[i] && !r->children) ||
		    (n_dependents[i] && !r->dependents)) {
			rc = nomem(d);
			goto out;
		}
	}
	/* Walking in id order leaves every children array sorted by id. */
	for (size_t i = 0; i < g->n; i++) {
		struct migrator_revision *r = g->by_id[i];

		for (size_t j = 0; j < r->n_parents; j++) {
			struct migrator_revision *p = r->parents[j];
			p->children[p->n_children++] = r;
		}
		for (size_t j = 0; j < r->n_depends; j++) {
			struct migrator_revision *p = r->depends[j];
			p->dependents[p->n_dependents++] = r;
		}
	}
out:
	free(seen_p);
	free(seen_d);
	free(n_children);
	free(n_dependents);
	return rc;
}

int mg_revs_format(struct mg_buf *b, const struct migrator_revision *const *v,
		   size_t n, unsigned flags)
{
	size_t max = flags & MG_REVS_CAP ? LIST_MAX : n;

	if (n == 0 && flags & MG_REVS_BASE)
		return mg_buf_puts(b, "<base>") < 0 ? MIGRATOR_ENOMEM : 0;
	for (size_t i = 0; i < n && i < max; i++)
		if (mg_buf_printf(b, "%s%s", i ? ", " : "", v[i]->id) < 0)
			return MIGRATOR_ENOMEM;
	if (n > max && mg_buf_printf(b, ", ... (%zu in all)", n) < 0)
		return MIGRATOR_ENOMEM;
	return 0;
}

static int warn(mg_graph *g, struct mg_buf *b)
{
	int rc = mg_strvec_push(&g->warnings, mg_buf_cstr(b));

	mg_buf_reset(b);
	return rc;
}

/* Does the file's base name start with "<id>_" or equal "<id>.sql"? */
static int name_matches(const char *path, const char *id)
{
	const char *base = strrchr(path, '/');
	size_t len = strlen(id);

	base = base ? base + 1 : path;
	if (strncmp(base, id, len) != 0)
		return 0;
	return base[len] == '_' || strcmp(base + len, ".sql") == 0;
}

static int build_ends(mg_graph *g, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc = 0;

	size_t nh = 0, nr = 0;

	for (size_t i = 0; i < g->n; i++) {
		nh += g->revs[i].n_children == 0;
		nr += g->revs[i].n_parents == 0;
	}
	g->heads = arena_array(&g->arena, nh, sizeof(*g->heads));
	g->roots = arena_array(&g->arena, nr, sizeof(*g->roots));
	if (!g->heads || !g->roots)
		return nomem(d);
	for (size_t i = 0; i < g->n; i++) {
		const struct migrator_revision *r = g->by_id[i];

		if (r->n_children == 0)
			g->heads[g->n_heads++] = r;
		if (r->n_parents == 0)
			g->roots[g->n_roots++] = r;
	}
	for (size_t i = 0; i < g->n && rc == 0; i++) {
		const struct migrator_revision *r = &g->revs[i];

		if (r->script->path && !name_matches(r->script->path, r->id)) {
			rc = mg_buf_printf(&b, "%s declares revision %s; the "
					       "file name disagrees",
					   r->script->path, r->id);
			if (rc == 0)
				rc = warn(g, &b);
		}
	}
	if (rc == 0 && g->n_heads > 1) {
		rc = mg_buf_printf(&b, "%zu heads: ", g->n_heads);
		if (rc == 0)
			rc = mg_revs_format(&b, (const struct migrator_revision *const *)g->heads, g->n_heads, MG_REVS_CAP);
		if (rc == 0)
			rc = warn(g, &b);
	}
	if (rc == 0 && g->n_roots > 1) {
		rc = mg_buf_printf(&b, "%zu roots: ", g->n_roots);
		if (rc == 0)
			rc = mg_revs_format(&b, (const struct migrator_revision *const *)g->roots, g->n_roots, MG_REVS_CAP);
		if (rc == 0)
			rc = warn(g, &b);
	}
	mg_buf_free(&b);
	return rc ? nomem(d) : 0;
}

int mg_graph_link(mg_graph **out, struct mg_arena *arena,
		  const char *dir, const struct mg_script *scripts,
		  size_t n, mg_diag *d)
{
	mg_graph *g = calloc(1, sizeof(*g));
	int rc;

	*out = NULL;
	if (!g) {
		mg_arena_free(arena);
		return nomem(d);
	}
	g->arena = *arena;
	*arena = (struct mg_arena)MG_ARENA_INIT;
	g->scripts = scripts;
	g->n = n;
	if (dir && !(g->dir = mg_arena_strdup(&g->arena, dir))) {
		rc = nomem(d);
		goto fail;
	}
	g->revs = arena_array(&g->arena, n, sizeof(*g->revs));
	g->topo = arena_array(&g->arena, n, sizeof(*g->topo));
	if (n && (!g->revs || !g->topo)) {
		rc = nomem(d);
		goto fail;
	}
	rc = build_table(g, d);
	if (rc == 0)
		rc = build_labels(g, d);
	if (rc == 0)
		rc = build_links(g, d);
	if (rc == 0)
		rc = mg_graph_order(g->topo, g->revs, n, g->by_id, d);
	if (rc == 0)
		rc = build_ends(g, d);
	if (rc)
		goto fail;
	*out = g;
	return 0;
fail:
	mg_graph_free(g);
	return rc;
}

int mg_graph_build(mg_graph **out, const char *dir,
		   const struct mg_script *scripts, size_t n,
		   mg_diag *d)
{
	struct mg_arena arena = MG_ARENA_INIT;

	return mg_graph_link(out, &arena, dir, scripts, n, d);
}

void mg_graph_free(mg_graph *g)
{
	if (!g)
		return;
	mg_strvec_clear(&g->warnings);
	mg_arena_free(&g->arena);
	free(g);
}

const char *mg_graph_dir(const mg_graph *g)
{
	return g->dir;
}

size_t mg_graph_size(const mg_graph *g)
{
	return g->n;
}

const struct migrator_revision *mg_graph_at(const mg_graph *g,
					     size_t i)
{
	return i < g->n ? g->topo[i] : NULL;
}

const struct migrator_revision *mg_graph_get(const mg_graph *g,
					      const char *id)
{
	return lookup(g, id);
}

const struct migrator_revision *const *mg_graph_heads(const mg_graph *g,
						       size_t *n)
{
	*n = g->n_heads;
	return g->heads;
}

const struct migrator_revision *const *mg_graph_roots(const mg_graph *g,
						       size_t *n)
{
	*n = g->n_roots;
	return g->roots;
}

const mg_strvec *mg_graph_warnings(const mg_graph *g)
{
	return &g->warnings;
}

const struct migrator_revision *const *mg_graph_by_id(const mg_graph *g)
{
	return (const struct migrator_revision *const *)g->by_id;
}

size_t mg_graph_prefix(const mg_graph *g, const char *prefix,
		       size_t *first)
{
	size_t lo = 0, hi = g->n, len = strlen(prefix), k;

	while (lo < hi) { /* first id >= prefix */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(g->by_id[mid]->id, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (k = lo; k < g->n && strncmp(g->by_id[k]->id, prefix, len) == 0;
	     k++)
		;
	return k - lo;
}

const struct migrator_revision *mg_graph_label(const mg_graph *g,
					  const char *label)
{
	struct label_ent key = {label, NULL}, *e;

	if (!g->n_labels)
		return NULL;
	e = bsearch(&key, g->labels, g->n_labels, sizeof(key), cmp_label);
	return e ? e->rev : NULL;
}
