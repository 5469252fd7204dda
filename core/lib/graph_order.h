/*
 * graph_order.h - the topological order of a revision graph (Kahn).
 */
#ifndef MG_GRAPH_ORDER_H
#define MG_GRAPH_ORDER_H

#include <stddef.h>

#include "diag.h"
#include "graph.h"

/*
 * Fills topo[0..n) with revs[0..n) in topological order: parents and
 * depends_on targets first, ties broken by id.  On entry each rev's order
 * field holds its rank in id order; on success it holds its position in
 * topo.  A cycle is MIGRATOR_ESCRIPT naming the files on it.
 */
int mg_graph_order(struct migrator_revision **topo, struct migrator_revision *revs,
		   size_t n, struct migrator_revision *const *by_rank,
		   mg_diag *d);

#endif
