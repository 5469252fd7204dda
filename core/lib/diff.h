/*
 * diff.h - `migrator diff` (issue 15): the changes that turn one schema
 * into another (diff_plan.c), and the revision made of them, rendered by
 * the driver and proven on a scratch database (diff.c).
 */
#ifndef MG_DIFF_H
#define MG_DIFF_H

#include <stddef.h>

#include <migrator/driver.h>

#include "check_schema.h"
#include "diag.h"
#include "runner.h"
#include "strvec.h"

/* --rename: a table (table NULL) or a column of table, old -> new, as the
 * upgrade sees them (table: the table's name in the new schema). */
struct mg_diff_rename {
	const char *table, *old, *new;
};

/* One change and what the revision says above it. */
struct mg_diff_entry {
	struct migrator_diff_change c; /* arrays owned by the plan */
	const char *note;              /* a comment line or NULL */
	int destructive;               /* it drops a table or columns */
};

typedef struct mg_diff_plan mg_diff_plan;

/*
 * The changes that turn from into to, in the order they must run: views
 * and triggers dropped, indexes dropped, tables dropped (dependants
 * first), changed functions, sequences and types dropped, then made
 * (types first), tables created (referenced ones first), tables altered
 * (renamed ones first), indexes created, the functions, sequences and
 * types no longer there dropped, views and triggers created.  Renames (n of them) pair a table
 * or column of from with one of to; a rename naming something neither
 * side has is MIGRATOR_EUSAGE.  Strings are borrowed from from and to,
 * which must outlive the plan.
 */
int mg_diff_plan_new(mg_diff_plan **out, struct migrator_schema *from,
		     struct migrator_schema *to,
		     const struct mg_diff_rename *renames, size_t n,
		     mg_diag *d);
size_t mg_diff_plan_size(const mg_diff_plan *p);
const struct mg_diff_entry *mg_diff_plan_at(const mg_diff_plan *p,
					    size_t i);
void mg_diff_plan_free(mg_diff_plan *p);

/* The revision: "spec" says what diff was asked (the public struct,
 * checked by the facade).  *text is the upgrade and downgrade sections
 * (NULL: no difference); each destructive change is a warning event
 * too.  diff_dialects.c: one pair of sections per dialect of
 * spec->dialects, each from its own driver's runner. */
struct migrator_diff_spec;
int mg_runner_diff(char **text, mg_runner *r,
		   const struct migrator_diff_spec *spec, mg_diag *d);
/* diff.c: the sections of r's driver, titled "upgrade DIALECT" and
 * "downgrade DIALECT" (dialect NULL: plain). */
int mg_diff_sections(char **text, mg_runner *r,
		     const struct migrator_diff_spec *spec, const char *dialect,
		     mg_diag *d);

#endif
