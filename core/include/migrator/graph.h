/*
 * graph.h - the revision graph (DESIGN 2).
 *
 * A graph owns every script, revision and string reachable from it; all
 * pointers returned by the functions below are borrowed and valid until
 * migrator_graph_free().  Nothing here recurses per revision, so chains of
 * any length are safe.
 */
#ifndef MIGRATOR_GRAPH_H
#define MIGRATOR_GRAPH_H

#include <stddef.h>

#include "diag.h"
#include "script.h"
#include "strvec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct migrator_graph migrator_graph;

struct migrator_rev {
	const char *id;
	const struct migrator_script *script;
	struct migrator_rev **parents; /* down_revision, in header order */
	size_t n_parents;
	struct migrator_rev **children; /* sorted by id */
	size_t n_children;
	struct migrator_rev **depends; /* depends_on, resolved */
	size_t n_depends;
	struct migrator_rev **dependents; /* revisions whose depends_on names this */
	size_t n_dependents;
	size_t order; /* position in migrator_graph_at(): a topological order */
};

/*
 * Reads every *.sql file in dir and builds the graph.  Errors (bad file,
 * duplicate ID, a link to no revision, a cycle) are MIGRATOR_ESCRIPT with
 * the file named.  On failure *out is NULL.
 */
int migrator_graph_load(migrator_graph **out, const char *dir,
			migrator_diag *d);
void migrator_graph_free(migrator_graph *g);

/* The directory the graph was loaded from. */
const char *migrator_graph_dir(const migrator_graph *g);

/* Revisions in a topological order: every parent and every depends_on
 * target comes before the revisions that name it; ties broken by id. */
size_t migrator_graph_size(const migrator_graph *g);
const struct migrator_rev *migrator_graph_at(const migrator_graph *g,
					     size_t i);

/* Exact lookup by full ID; NULL if absent.  O(1). */
const struct migrator_rev *migrator_graph_get(const migrator_graph *g,
					      const char *id);

/* Heads (no children) and roots (no parents), sorted by id. */
const struct migrator_rev *const *migrator_graph_heads(const migrator_graph *g,
						       size_t *n);
const struct migrator_rev *const *migrator_graph_roots(const migrator_graph *g,
						       size_t *n);

/* Things worth saying that are not errors: several heads, several roots,
 * a file name that disagrees with its revision ID. */
const migrator_strvec *migrator_graph_warnings(const migrator_graph *g);

static inline int migrator_rev_is_head(const struct migrator_rev *r)
{
	return r->n_children == 0;
}
static inline int migrator_rev_is_branchpoint(const struct migrator_rev *r)
{
	return r->n_children > 1;
}
static inline int migrator_rev_is_mergepoint(const struct migrator_rev *r)
{
	return r->n_parents > 1;
}

#ifdef __cplusplus
}
#endif
#endif
