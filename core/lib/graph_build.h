/*
 * graph_build.h - internals of the revision graph shared by graph.c,
 * target.c, plan.c and the unit tests.
 */
#ifndef MG_GRAPH_BUILD_H
#define MG_GRAPH_BUILD_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "graph.h"
#include "script.h"

struct mg_buf;

/*
 * Builds a graph from scripts that are already parsed (the unit tests build
 * graphs this way, without files).  The scripts, and everything they point
 * to, are borrowed: they must outlive the graph.  dir may be NULL.  Errors as for mg_graph_load(); on failure
 * *out is NULL.
 */
int mg_graph_build(mg_graph **out, const char *dir,
		   const struct mg_script *scripts, size_t n,
		   mg_diag *d);

/*
 * Links scripts[0..n) (allocated from arena) into a graph that takes over
 * the arena: on success the graph frees it, on failure it is freed here;
 * either way *arena is reset.  This is the second half of
 * mg_graph_load().
 */
int mg_graph_link(mg_graph **out, struct mg_arena *arena,
		  const char *dir, const struct mg_script *scripts,
		  size_t n, mg_diag *d);

/*
 * Builds a graph from a compact text description, for tests and tools that
 * need a graph without files.  Entries are separated by ';' or newlines;
 * each is "ID" or "ID<P1,P2" (its down_revisions) followed by optional
 * space-separated words: "dep=A,B" (depends_on), "label=L,M"
 * (branch_labels), "noup" / "nodown" (no plain upgrade / downgrade
 * section), "sqlite" (sections only for dialect sqlite).  Each script's
 * path is "ID_spec.sql"; its header lines are 1 (revision), 2
 * (down_revision) and 3 (depends_on).  Errors as for mg_graph_build(); a malformed spec
 * is MIGRATOR_EUSAGE.
 */
int mg_graph_from_spec(mg_graph **out, const char *spec,
		       mg_diag *d);

/* Every revision sorted by id (borrowed, n = mg_graph_size()). */
const struct migrator_revision *const *mg_graph_by_id(const mg_graph *g);

/*
 * Revisions whose id starts with prefix: returns how many, and in *first
 * the index in mg_graph_by_id() of the first of them (they are adjacent).
 */
size_t mg_graph_prefix(const mg_graph *g, const char *prefix,
		       size_t *first);

/* The links mg_graph_mark() follows. */
enum mg_links {
	MG_PARENTS = 1,	   /* down_revision */
	MG_DEPENDS = 2,	   /* depends_on */
	MG_CHILDREN = 4,   /* revisions whose down_revision names it */
	MG_DEPENDENTS = 8, /* revisions whose depends_on names it */
	/* what a revision is built on; what is built on it */
	MG_BELOW = MG_PARENTS | MG_DEPENDS,
	MG_ABOVE = MG_CHILDREN | MG_DEPENDENTS,
	/* leave the starting revisions themselves unmarked (unless one is
	 * reached from another) */
	MG_STRICT = 16
};

/*
 * Marks in mark[] (indexed by rev->order) the revisions from[0..n) and
 * every revision reachable from them along links; marked revisions are not
 * walked again, so a mark[] may be filled by several calls.  stack holds
 * one slot per revision of the graph.
 */
void mg_graph_mark(unsigned char *mark, const struct migrator_revision **stack,
		   const struct migrator_revision *const *from, size_t n,
		   unsigned links);

/* The revision carrying branch label label, or NULL. */
const struct migrator_revision *mg_graph_label(const mg_graph *g,
					  const char *label);


#endif
