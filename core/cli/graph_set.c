/*
 * graph_set.c - a set of revisions as a sorted array of their addresses
 * (revisions are the context's objects: one address per revision).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "cli_graph.h"

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const migrator_revision *const *)a;
	uintptr_t y = (uintptr_t)*(const migrator_revision *const *)b;

	return x < y ? -1 : x > y;
}

int cli_revset_init(struct cli_revset *s, const migrator_revlist *l)
{
	size_t n = migrator_revlist_count(l);

	s->v = NULL;
	s->n = 0;
	if (!n)
		return 0;
	s->v = malloc(n * sizeof(*s->v));
	if (!s->v)
		return MIGRATOR_ENOMEM;
	for (size_t i = 0; i < n; i++)
		s->v[i] = migrator_revlist_revision(l, i);
	s->n = n;
	qsort(s->v, n, sizeof(*s->v), cmp_ptr);
	return 0;
}

int cli_revset_has(const struct cli_revset *s, const migrator_revision *r)
{
	return s && s->n &&
	       bsearch(&r, s->v, s->n, sizeof(*s->v), cmp_ptr) != NULL;
}

void cli_revset_free(struct cli_revset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
