/*
 * graph_range.h - the revisions of a history range ("A:B"): what
 * `migrator history -r` lists and migrator_history() returns.
 */
#ifndef MG_GRAPH_RANGE_H
#define MG_GRAPH_RANGE_H

#include <stddef.h>

#include "diag.h"
#include "graph.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when one end of range is "current": the caller then reads the stamp
 * for mg_graph_range().  range may be NULL. */
int mg_graph_range_needs_current(const char *range);

/*
 * The revisions of range, newest first (mg_graph_at() order reversed):
 * "A:B" keeps the descendants of A (A included, along parent links) that
 * are ancestors of B (B included); "A:" runs to the heads, ":B" from base;
 * NULL keeps every revision.  Each end is a target expression or
 * "current" (the revisions of *current, the stamp); a relative start
 * (-2:) counts from the end.  A range without ':' and a bad end are
 * MIGRATOR_EUSAGE.  *out is malloc'd (the caller frees it; the revisions
 * are borrowed from g), *n set; on failure *out is NULL and *n 0.
 */
int mg_graph_range(const struct migrator_revision ***out, size_t *n,
		   const mg_graph *g, const char *range,
		   const mg_revset *current, mg_diag *d);

#ifdef __cplusplus
}
#endif
#endif
