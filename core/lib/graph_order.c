/*
 * graph_order.c - Kahn's algorithm over parents and depends_on, with a
 * min-heap of id ranks so that the order is deterministic.  Iterative
 * throughout: a 100,000-revision chain costs no stack.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "graph_order.h"

struct heap {
	size_t *v;
	size_t n;
};

static void heap_push(struct heap *h, size_t x)
{
	size_t i = h->n++;

	while (i > 0) {
		size_t up = (i - 1) / 2;

		if (h->v[up] <= x)
			break;
		h->v[i] = h->v[up];
		i = up;
	}
	h->v[i] = x;
}

static size_t heap_pop(struct heap *h)
{
	size_t top = h->v[0], x = h->v[--h->n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (x <= h->v[c])
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = x;
	return top;
}

/* A predecessor of r (parent or depends_on target) still unordered. */
static struct migrator_revision *pending_pred(struct migrator_revision *r,
					 struct migrator_revision *revs,
					 const size_t *indeg)
{
	for (size_t i = 0; i < r->n_parents; i++)
		if (indeg[r->parents[i] - revs])
			return r->parents[i];
	for (size_t i = 0; i < r->n_depends; i++)
		if (indeg[r->depends[i] - revs])
			return r->depends[i];
	return NULL;
}

static const char *rev_file(const struct migrator_revision *r)
{
	return r->script && r->script->path ? r->script->path : r->id;
}

/* The message names files by base name (they share one directory); the
 * full path goes to d->file. */
static const char *rev_name(const struct migrator_revision *r)
{
	const char *f = rev_file(r), *slash = strrchr(f, '/');

	return slash ? slash + 1 : f;
}

/* The header line of r that links it to its predecessor p. */
static unsigned link_line(const struct migrator_revision *r,
			  const struct migrator_revision *p)
{
	if (!r->script)
		return 0;
	for (size_t i = 0; i < r->n_parents; i++)
		if (r->parents[i] == p)
			return r->script->down_revision_line;
	return r->script->depends_on_line;
}

/*
 * Every revision left over by Kahn has a pending predecessor, so walking
 * predecessors from any of them must come back to a revision already seen:
 * that loop is a cycle.  Reports it, naming the files in link order.
 */
static int report_cycle(struct migrator_revision *revs, size_t n,
			const size_t *indeg, size_t *seen, mg_diag *d)
{
	struct migrator_revision **path = malloc(n * sizeof(*path));
	struct migrator_revision *cur = NULL;
	struct mg_buf b = MG_BUF_INIT;
	size_t len = 0, start;
	int rc = MIGRATOR_ESCRIPT;

	if (!path)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && !cur; i++)
		if (indeg[i])
			cur = &revs[i];
	for (size_t i = 0; i < n; i++)
		seen[i] = 0;
	while (cur && !seen[cur - revs]) {
		path[len++] = cur;
		seen[cur - revs] = len; /* 1-based position in path */
		cur = pending_pred(cur, revs, indeg);
	}
	if (!cur) { /* cannot happen: indeg > 0 means a pending predecessor */
		rc = mg_diag_set(d, MIGRATOR_ESCRIPT,
				       "cycle in the revision graph");
		goto out;
	}
	start = seen[cur - revs] - 1;
	for (size_t i = start; i < len; i++)
		if (mg_buf_printf(&b, "%s -> ", rev_name(path[i])) < 0)
			goto nomem;
	if (mg_buf_puts(&b, rev_name(path[start])) < 0)
		goto nomem;
	mg_diag_set(d, MIGRATOR_ESCRIPT, "cycle in the revision graph: %s",
			  mg_buf_cstr(&b));
	mg_diag_detail(d, "Each file names the next one as its "
				"down_revision or depends_on.");
	mg_diag_locate(d, rev_file(path[start]),
			     link_line(path[start],
				       start + 1 < len ? path[start + 1] :
							 path[start]));
	mg_diag_revision(d, path[start]->id);
	goto out;
nomem:
	rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
out:
	mg_buf_free(&b);
	free(path);
	return rc;
}

int mg_graph_order(struct migrator_revision **topo, struct migrator_revision *revs,
		   size_t n, struct migrator_revision *const *by_rank,
		   mg_diag *d)
{
	size_t *indeg = NULL;
	struct heap h = {NULL, 0};
	size_t done = 0;
	int rc = 0;

	if (n == 0)
		return 0;
	if (n > SIZE_MAX / sizeof(size_t))
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	indeg = malloc(n * sizeof(*indeg));
	h.v = malloc(n * sizeof(*h.v));
	if (!indeg || !h.v) {
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		indeg[i] = revs[i].n_parents + revs[i].n_depends;
		if (indeg[i] == 0)
			heap_push(&h, revs[i].order);
	}
	while (h.n) {
		struct migrator_revision *r = by_rank[heap_pop(&h)];

		topo[done++] = r;
		for (size_t i = 0; i < r->n_children; i++)
			if (--indeg[r->children[i] - revs] == 0)
				heap_push(&h, r->children[i]->order);
		for (size_t i = 0; i < r->n_dependents; i++)
			if (--indeg[r->dependents[i] - revs] == 0)
				heap_push(&h, r->dependents[i]->order);
	}
	if (done < n) {
		rc = report_cycle(revs, n, indeg, h.v, d);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		topo[i]->order = i;
out:
	free(indeg);
	free(h.v);
	return rc;
}
