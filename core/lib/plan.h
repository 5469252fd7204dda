/*
 * plan.h - which migrations run, in which order, and how the stamp moves.
 */
#ifndef MG_PLAN_H
#define MG_PLAN_H

#include <stddef.h>

#include "diag.h"
#include "graph.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One migration to run and the stamp change that goes with it (in the same
 * transaction): rows del are removed, rows add inserted. */
struct migrator_step {
	const struct migrator_revision *rev;
	enum migrator_direction direction;
	const char **del;
	size_t ndel;
	const char **add;
	size_t nadd;
	/* "upgrade PARENTS -> ID  message" (mg_step_line and the message):
	 * the progress line, migrator_step_text(). */
	const char *text;
};

typedef struct migrator_plan migrator_plan;

/*
 * Upgrade from current to target: every ancestor (parents and depends_on,
 * transitively) of the target revisions that is not yet applied, in
 * topological order.  Applied means an ancestor-or-self of a stamped row.
 */
int mg_plan_upgrade(migrator_plan **out, const mg_graph *g,
			  const mg_revset *current,
			  const mg_revset *target, mg_diag *d);

/*
 * Downgrade from current to target, as Alembic does: every applied
 * revision built on a child of a target revision (through children and,
 * transitively, depends_on), or every applied revision when target is base,
 * in reverse topological order.  A revision that only depends_on a target
 * revision stays, and so do unrelated branches.  A target revision that is
 * not applied is MIGRATOR_EUSAGE.
 */
int mg_plan_downgrade(migrator_plan **out, const mg_graph *g,
			    const mg_revset *current,
			    const mg_revset *target, mg_diag *d);

/*
 * Downgrade that removes the applied revisions of drop and everything
 * applied that is built on them (children and dependents, transitively):
 * what `-N`, `LABEL@-N` and `LABEL@base` resolve to
 * (mg_target_resolve_drop).
 */
int mg_plan_downgrade_drop(migrator_plan **out, const mg_graph *g,
				 const mg_revset *current,
				 const mg_revset *drop, mg_diag *d);

void mg_plan_free(migrator_plan *p);

struct mg_buf;
/* Appends "upgrade PARENTS -> ID" or "downgrade ID -> PARENTS" ("<base>"
 * for none), without the message.  0 or MIGRATOR_ENOMEM. */
int mg_step_line(struct mg_buf *b, const struct migrator_step *st);

size_t mg_plan_size(const migrator_plan *p);
const struct migrator_step *mg_plan_step(const migrator_plan *p,
					       size_t i);

/*
 * Before anything runs: every step has a section for dialect in its
 * direction (a plain one counts).  Otherwise MIGRATOR_ESCRIPT naming the
 * revision and file (DESIGN 8: exit 3, found before anything runs).
 */
int mg_plan_check_sections(const migrator_plan *p, const char *dialect,
				 mg_diag *d);
/* The same for a dialect of several names (mg_script_section_of);
 * a file with sections for two of them is MIGRATOR_ESCRIPT too. */
int mg_plan_check_sections_of(const migrator_plan *p,
				    const char *const *names,
				    mg_diag *d);

#ifdef __cplusplus
}
#endif
#endif
