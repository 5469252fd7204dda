/*
 * pg_dump_sort.c - the order of a dump's objects (pg_dump.c): a
 * topological sort (Kahn's) that always places, among the nodes whose
 * predecessors are all placed, the one of the lowest (rank, name).  The
 * order then depends on the objects alone, never on their oids, so two
 * databases of the same schema dump alike.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

static int before(const struct pg_sort_node *nodes, size_t a, size_t b)
{
	int c;

	if (nodes[a].rank != nodes[b].rank)
		return nodes[a].rank < nodes[b].rank;
	c = strcmp(nodes[a].name, nodes[b].name);
	return c ? c < 0 : a < b;
}

/* A binary heap of node indexes, lowest first. */
struct heap {
	const struct pg_sort_node *nodes;
	size_t *v;
	size_t n;
};

static void heap_push(struct heap *h, size_t x)
{
	size_t i = h->n++;

	while (i > 0 && before(h->nodes, x, h->v[(i - 1) / 2])) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
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
		if (c + 1 < h->n && before(h->nodes, h->v[c + 1], h->v[c]))
			c++;
		if (!before(h->nodes, h->v[c], x))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = x;
	return top;
}

/* The lowest node not yet placed: where a cycle is broken. */
static size_t lowest_left(const struct pg_sort_node *nodes, size_t n,
			  const unsigned char *placed)
{
	size_t best = SIZE_MAX;

	for (size_t j = 0; j < n; j++)
		if (!placed[j] && (best == SIZE_MAX || before(nodes, j, best)))
			best = j;
	return best;
}

int pg_dump_sort(const struct pg_sort_node *nodes, size_t n,
		 const size_t (*edges)[2], size_t nedges, size_t *order)
{
	size_t *indeg = calloc(n + 1, sizeof(*indeg));
	size_t *first = calloc(n + 2, sizeof(*first)); /* CSR offsets */
	size_t *fill = calloc(n + 1, sizeof(*fill));
	size_t *next = malloc((nedges + 1) * sizeof(*next));
	unsigned char *placed = calloc(n + 1, 1);
	struct heap h = {nodes, malloc((n + 1) * sizeof(size_t)), 0};
	size_t k = 0;
	int rc = 0;

	if (!indeg || !first || !fill || !next || !placed || !h.v) {
		rc = MIGRATOR_DRIVER_ENOMEM;
		goto out;
	}
	for (size_t e = 0; e < nedges; e++) {
		first[edges[e][0] + 1]++;
		indeg[edges[e][1]]++;
	}
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	for (size_t e = 0; e < nedges; e++) {
		size_t a = edges[e][0];

		next[first[a] + fill[a]++] = edges[e][1];
	}
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			heap_push(&h, i);
	while (k < n) {
		size_t i = h.n ? heap_pop(&h) : lowest_left(nodes, n, placed);

		if (placed[i])
			continue; /* placed early to break a cycle */
		placed[i] = 1;
		order[k++] = i;
		for (size_t e = first[i]; e < first[i + 1]; e++) {
			size_t s = next[e];

			if (indeg[s] && --indeg[s] == 0 && !placed[s])
				heap_push(&h, s);
		}
	}
out:
	free(indeg);
	free(first);
	free(fill);
	free(next);
	free(placed);
	free(h.v);
	return rc;
}
