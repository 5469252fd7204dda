/*
 * graph_walk.c - marking what a set of revisions reaches along chosen
 * links: what they are built on (parents, depends_on), what is built on
 * them (children, dependents), or one kind of link alone.  Iterative, so
 * chains of any length are safe.
 */
#include "config.h"

#include "graph_build.h"

/* Marks and pushes each unmarked revision r links to. */
static size_t push_links(unsigned char *mark, const struct migrator_revision **stack,
			 size_t sp, const struct migrator_revision *r,
			 unsigned links)
{
	struct {
		unsigned bit;
		struct migrator_revision *const *v;
		size_t n;
	} kinds[] = {
		{MG_PARENTS, r->parents, r->n_parents},
		{MG_DEPENDS, r->depends, r->n_depends},
		{MG_CHILDREN, r->children, r->n_children},
		{MG_DEPENDENTS, r->dependents, r->n_dependents},
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (!(links & kinds[k].bit))
			continue;
		for (size_t i = 0; i < kinds[k].n; i++) {
			const struct migrator_revision *x = kinds[k].v[i];

			if (!mark[x->order]) {
				mark[x->order] = 1;
				stack[sp++] = x;
			}
		}
	}
	return sp;
}

void mg_graph_mark(unsigned char *mark, const struct migrator_revision **stack,
		   const struct migrator_revision *const *from, size_t n,
		   unsigned links)
{
	size_t sp = 0;

	for (size_t i = 0; i < n; i++) {
		if (links & MG_STRICT) {
			sp = push_links(mark, stack, sp, from[i], links);
		} else if (!mark[from[i]->order]) {
			mark[from[i]->order] = 1;
			stack[sp++] = from[i];
		}
	}
	while (sp) {
		const struct migrator_revision *r = stack[--sp];

		sp = push_links(mark, stack, sp, r, links);
	}
}
