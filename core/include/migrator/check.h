/*
 * check.h - `check`: does the live schema match what the migrations build?
 *
 * migrator_runner_check() builds the schema the migrations produce up to
 * the database's stamped revision(s) on a scratch database of the same
 * backend (the driver's scratch_connect: SQLite in memory, PostgreSQL a
 * temporary database), introspects both (tables; columns with type,
 * nullability and default; indexes with columns and uniqueness; foreign
 * keys) and lists every difference.  The version and history tables are
 * left out.  "expected" is what the migrations build, "found" what the
 * live database has.
 */
#ifndef MIGRATOR_CHECK_H
#define MIGRATOR_CHECK_H

#include <stddef.h>

#include "diag.h"
#include "runner.h"

#ifdef __cplusplus
extern "C" {
#endif

enum migrator_drift_kind {
	MIGRATOR_DRIFT_MISSING_TABLE, /* built by the migrations, not live */
	MIGRATOR_DRIFT_EXTRA_TABLE,   /* live, not built by the migrations */
	MIGRATOR_DRIFT_MISSING_COLUMN,
	MIGRATOR_DRIFT_EXTRA_COLUMN,
	MIGRATOR_DRIFT_CHANGED_COLUMN, /* field: "type", "nullable", "default" */
	MIGRATOR_DRIFT_MISSING_INDEX,
	MIGRATOR_DRIFT_EXTRA_INDEX,
	MIGRATOR_DRIFT_CHANGED_INDEX, /* field: "columns", "unique" */
	MIGRATOR_DRIFT_MISSING_FKEY,  /* name: "cols -> table(cols)" */
	MIGRATOR_DRIFT_EXTRA_FKEY
};

/* One difference.  Strings are borrowed from the check result. */
struct migrator_drift {
	enum migrator_drift_kind kind;
	const char *table;
	const char *name;     /* column, index or foreign key; NULL for tables */
	const char *field;    /* CHANGED_*: what differs; else NULL */
	const char *expected; /* CHANGED_*: the migrations' value (may be NULL:
			       * no default); MISSING_*: a description (a
			       * table's columns, a column's type, an index's
			       * columns, the foreign key) */
	const char *found;    /* CHANGED_*: the live value (may be NULL);
			       * EXTRA_*: a description, as for MISSING_* */
};

typedef struct migrator_check migrator_check;

/* "missing_table", "extra_column", "changed_index", ... */
const char *migrator_drift_kind_name(enum migrator_drift_kind kind);

/*
 * Runs the check.  A driver without introspection is MIGRATOR_EPLUGIN
 * ("check is not supported by this driver").  Drift is not an error: the
 * result lists it.  *out is freed with migrator_check_free().
 */
int migrator_runner_check(migrator_check **out, migrator_runner *r,
			  migrator_diag *d);

size_t migrator_check_size(const migrator_check *c);
const struct migrator_drift *migrator_check_at(const migrator_check *c,
					       size_t i);
void migrator_check_free(migrator_check *c);

#ifdef __cplusplus
}
#endif
#endif
