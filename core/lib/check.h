/*
 * check.h - `check`: does the live schema match what the migrations build?
 *
 * mg_runner_check() builds the schema the migrations produce up to
 * the database's stamped revision(s) on a scratch database of the same
 * backend (the driver's scratch_connect: SQLite in memory, PostgreSQL a
 * temporary database), introspects both (tables; columns with type,
 * nullability and default; indexes with columns and uniqueness; foreign
 * keys; views, triggers, sequences, functions and types by their
 * definitions) and lists every difference.  Column order is not
 * compared (verify compares it: README, "check").  The version and
 * history tables are left out.  "expected" is what the migrations build, "found" what the
 * live database has.
 */
#ifndef MG_CHECK_H
#define MG_CHECK_H

#include <stddef.h>

#include "diag.h"
#include "runner.h"

#ifdef __cplusplus
extern "C" {
#endif

enum mg_drift_kind {
	MG_DRIFT_MISSING_TABLE, /* built by the migrations, not live */
	MG_DRIFT_EXTRA_TABLE,   /* live, not built by the migrations */
	MG_DRIFT_MISSING_COLUMN,
	MG_DRIFT_EXTRA_COLUMN,
	MG_DRIFT_CHANGED_COLUMN, /* field: "type", "nullable", "default" */
	MG_DRIFT_MISSING_INDEX,
	MG_DRIFT_EXTRA_INDEX,
	MG_DRIFT_CHANGED_INDEX, /* field: "columns", "unique" */
	MG_DRIFT_MISSING_FKEY,  /* name: "cols -> table(cols)" */
	MG_DRIFT_EXTRA_FKEY,
	/* snapshot objects (driver ABI 2.3) */
	MG_DRIFT_CHANGED_TABLE, /* field "column_order": the table's columns
				 * in their order, "a, b, c" (verify only) */
	/* each kind of object: missing, extra, changed (field
	 * "definition"), in that order; table NULL except for a trigger;
	 * name the object's */
	MG_DRIFT_MISSING_VIEW,
	MG_DRIFT_EXTRA_VIEW,
	MG_DRIFT_CHANGED_VIEW,
	MG_DRIFT_MISSING_TRIGGER,
	MG_DRIFT_EXTRA_TRIGGER,
	MG_DRIFT_CHANGED_TRIGGER,
	MG_DRIFT_MISSING_SEQUENCE,
	MG_DRIFT_EXTRA_SEQUENCE,
	MG_DRIFT_CHANGED_SEQUENCE,
	MG_DRIFT_MISSING_FUNCTION,
	MG_DRIFT_EXTRA_FUNCTION,
	MG_DRIFT_CHANGED_FUNCTION,
	MG_DRIFT_MISSING_TYPE,
	MG_DRIFT_EXTRA_TYPE,
	MG_DRIFT_CHANGED_TYPE
};

/* One difference.  Strings are borrowed from the check result. */
struct mg_drift {
	enum mg_drift_kind kind;
	const char *table;    /* NULL for views, sequences, functions, types */
	const char *name;     /* column, index, foreign key or object; NULL
			       * for tables */
	const char *field;    /* CHANGED_*: what differs; else NULL */
	const char *expected; /* CHANGED_*: the migrations' value (may be NULL:
			       * no default); MISSING_*: a description (a
			       * table's columns, a column's type, an index's
			       * columns, the foreign key) */
	const char *found;    /* CHANGED_*: the live value (may be NULL);
			       * EXTRA_*: a description, as for MISSING_* */
};

typedef struct mg_check mg_check;

/* "missing_table", "extra_column", "changed_index", ... */
const char *mg_drift_kind_name(enum mg_drift_kind kind);

/*
 * Runs the check.  A driver without introspection is MIGRATOR_EPLUGIN
 * ("check is not supported by this driver").  Drift is not an error: the
 * result lists it.  *out is freed with mg_check_free().
 */
int mg_runner_check(mg_check **out, mg_runner *r,
			  mg_diag *d);

/*
 * Builds on the scratch database sc (scratch.h) the schema the migrations
 * produce from base up to target, each revision as a run applies it;
 * with stamp, the stamp table too, moved with each revision as a run
 * moves it (no run history).  A statement that fails is MIGRATOR_EDB
 * "could not build the expected schema: revision X failed on the scratch
 * database", naming file and line.
 */
struct migrator_conn;
int mg_check_build(mg_runner *r, struct migrator_conn *sc,
		   const mg_revset *target, int stamp, mg_diag *d);

size_t mg_check_size(const mg_check *c);
const struct mg_drift *mg_check_at(const mg_check *c,
					       size_t i);
void mg_check_free(mg_check *c);

#ifdef __cplusplus
}
#endif
#endif
