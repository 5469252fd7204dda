/*
 * target.h - sets of revisions and target expressions (DESIGN 2).
 */
#ifndef MG_TARGET_H
#define MG_TARGET_H

#include <stddef.h>

#include "diag.h"
#include "graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A set of revisions (borrowed from a graph), kept sorted by id.  An empty
 * set is "base". */
struct mg_revset {
	const struct migrator_revision **v;
	size_t n;
	size_t cap;
};
typedef struct mg_revset mg_revset;

#define MG_REVSET_INIT {NULL, 0, 0}

int mg_revset_add(mg_revset *s, const struct migrator_revision *r);
int mg_revset_has(const mg_revset *s, const struct migrator_revision *r);
void mg_revset_clear(mg_revset *s);

/*
 * Turns stamp rows into revisions.  A row naming no revision of g is
 * MIGRATOR_ESTAMP (hint: stamp --purge).
 */
int mg_revset_from_stamp(mg_revset *out, const mg_graph *g,
			       const char *const *rows, size_t n,
			       mg_diag *d);

/*
 * Resolves a target expression against g.  current is what the database is
 * stamped at (needed for +N / -N; may be NULL when there is no database).
 *
 *   head        the single head (several: MIGRATOR_EUSAGE naming them)
 *   heads       every head
 *   base        the empty set
 *   ID, prefix  one revision; an ambiguous prefix lists the matches
 *   label       the revision carrying branch label `label`
 *   label@head  the head reached from the revision labelled `label`
 *   label@base  base (below anything of that label's)
 *   +N, -N      N steps forward / back from current; -1 from a merge point
 *               gives both parents
 *   label@+N, label@-N  the same along that label's lineage (its
 *               revision's ancestors and descendants), from where the
 *               database stands on it
 *   REV+N, REV-N  N steps from REV
 *
 * Errors are MIGRATOR_EUSAGE.  On failure out is left empty.
 */
int mg_target_resolve(mg_revset *out, const mg_graph *g,
			    const char *expr, const mg_revset *current,
			    mg_diag *d);

/* 1 when expr counts from the database's current revision (+N, -N,
 * label@+N, label@-N). */
int mg_target_needs_current(const char *expr);

/*
 * 1 when a downgrade to expr is defined by what it removes rather than by
 * where it stops (Alembic): -N and label@-N remove the current revision's
 * own chain N steps down along parent links, label@base the whole lineage
 * from its root, each with everything applied that is built on them.
 * mg_target_resolve_drop() gives those revisions, for
 * mg_plan_downgrade_drop(); current is required.
 */
int mg_target_is_drop(const char *expr);
int mg_target_resolve_drop(mg_revset *drop,
				 const mg_graph *g, const char *expr,
				 const mg_revset *current,
				 mg_diag *d);

/* For NAME@base: *out = NAME's revision (the stamp rows of its lineage
 * are what `stamp NAME@base` removes); NULL for any other expression. */
int mg_target_below(const struct migrator_revision **out,
			  const mg_graph *g, const char *expr,
			  mg_diag *d);

/* Resolves a single revision (ID, prefix, label, head); for show, -r A:B
 * and --head. */
int mg_target_resolve_one(const struct migrator_revision **out,
				const mg_graph *g, const char *expr,
				const mg_revset *current,
				mg_diag *d);

#ifdef __cplusplus
}
#endif
#endif
