/*
 * graph.h - the revision graph (DESIGN 2).
 *
 * A graph owns every script, revision and string reachable from it; all
 * pointers returned by the functions below are borrowed and valid until
 * mg_graph_free().  Nothing here recurses per revision, so chains of
 * any length are safe.
 */
#ifndef MG_GRAPH_H
#define MG_GRAPH_H

#include <stddef.h>

#include "diag.h"
#include "script.h"
#include "strvec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mg_graph mg_graph;

struct migrator_revision {
	const char *id;
	const struct mg_script *script;
	struct migrator_revision **parents; /* down_revision, in header order */
	size_t n_parents;
	struct migrator_revision **children; /* sorted by id */
	size_t n_children;
	struct migrator_revision **depends; /* depends_on, resolved */
	size_t n_depends;
	struct migrator_revision **dependents; /* revisions whose depends_on names this */
	size_t n_dependents;
	size_t order; /* position in mg_graph_at(): a topological order */
};

/*
 * Reads every *.sql file in dir and builds the graph.  Errors (bad file,
 * duplicate ID, a link to no revision, a cycle) are MIGRATOR_ESCRIPT with
 * the file named.  On failure *out is NULL.
 */
int mg_graph_load(mg_graph **out, const char *dir,
			mg_diag *d);
/* The same, through the text cache (text_cache.c) when started_ms (the
 * wall clock in ms before the call, mg_cache_now()) is not 0: the runner's
 * loads, where a run that changes nothing should read little. */
int mg_graph_load_cached(mg_graph **out, const char *dir,
			 long long started_ms, mg_diag *d);
void mg_graph_free(mg_graph *g);

/* The directory the graph was loaded from. */
const char *mg_graph_dir(const mg_graph *g);

/* Revisions in a topological order: every parent and every depends_on
 * target comes before the revisions that name it; ties broken by id. */
size_t mg_graph_size(const mg_graph *g);
const struct migrator_revision *mg_graph_at(const mg_graph *g,
					     size_t i);

/* Exact lookup by full ID; NULL if absent.  O(1). */
const struct migrator_revision *mg_graph_get(const mg_graph *g,
					      const char *id);

/* Heads (no children) and roots (no parents), sorted by id. */
const struct migrator_revision *const *mg_graph_heads(const mg_graph *g,
						       size_t *n);
const struct migrator_revision *const *mg_graph_roots(const mg_graph *g,
						       size_t *n);

/* Things worth saying that are not errors: several heads, several roots,
 * a file name that disagrees with its revision ID. */
const mg_strvec *mg_graph_warnings(const mg_graph *g);

static inline int mg_rev_is_head(const struct migrator_revision *r)
{
	return r->n_children == 0;
}
static inline int mg_rev_is_branchpoint(const struct migrator_revision *r)
{
	return r->n_children > 1;
}
static inline int mg_rev_is_mergepoint(const struct migrator_revision *r)
{
	return r->n_parents > 1;
}

struct mg_buf;
#define MG_REVS_BASE 0x1u /* none: "<base>" (else nothing) */
#define MG_REVS_CAP 0x2u  /* the first ten, then ", ... (25 in all)" */
/* The one revision-list formatter: appends the ids of v[0..n) to b,
 * "a, b, c".  0, or MIGRATOR_ENOMEM. */
int mg_revs_format(struct mg_buf *b, const struct migrator_revision *const *v,
		   size_t n, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif
