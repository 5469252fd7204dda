/*
 * check_schema.h - a database schema as introspected through the driver
 * (struct migrator_schema, the sink of driver->introspect) and the diff of
 * two of them.
 */
#ifndef MG_CHECK_SCHEMA_H
#define MG_CHECK_SCHEMA_H

#include <stddef.h>

#include "check.h"
#include "strvec.h"

struct migrator_schema;

/* The items of a schema (diff.c reads them). */
enum mg_schema_kind {
	MG_K_TABLE, MG_K_COLUMN, MG_K_INDEX, MG_K_FKEY,
	MG_K_VIEW, MG_K_TRIGGER, MG_K_SEQUENCE, MG_K_FUNCTION, MG_K_TYPE,
	MG_K_TABLEDEF, /* a table's definition (schema_object kind "table"):
			* compared with MG_SCHEMA_DEFINITIONS only */
	MG_K_COMMENT   /* a table's (name "") or column's comment (kind
			* "comment"): the same */
};

struct mg_schema_item {
	enum mg_schema_kind kind;
	char *table;
	char *name; /* NULL for a table */
	char *type; /* column type; index columns; object definition */
	char *dflt; /* column default, may be NULL */
	int flag;   /* column NOT NULL; index UNIQUE */
	size_t ord; /* order of arrival: a table's columns in their order */
};

/* exclude: table names left out (a "schema." prefix is ignored); copied. */
int mg_schema_new(struct migrator_schema **out, const char *const *exclude,
		  size_t nexclude);
void mg_schema_free(struct migrator_schema *s);
/* The names of the tables s holds, sorted, appended to out (copies).
 * 0 or MIGRATOR_ENOMEM. */
int mg_schema_tables(const struct migrator_schema *s, mg_strvec *out);

/* The host callbacks (struct migrator_host, ABI 1.1). */
int mg_schema_table(struct migrator_schema *s, const char *table);
int mg_schema_column(struct migrator_schema *s, const char *table,
		     const char *column, const char *type, int notnull,
		     const char *dflt);
int mg_schema_index(struct migrator_schema *s, const char *table,
		    const char *index, int unique, const char *columns);
int mg_schema_fkey(struct migrator_schema *s, const char *table,
		   const char *columns, const char *ref_table,
		   const char *ref_columns);
/* ABI 2.3: a view, trigger, sequence, function or type (driver.h). */
int mg_schema_object(struct migrator_schema *s, const char *kind,
		     const char *table, const char *name,
		     const char *definition);

struct migrator_conn;
struct mg_runner;
/* check.c: the schema of the database c is connected to, as r's driver
 * introspects it, the version and history tables left out (for check
 * and verify alike).  *out is the caller's (mg_schema_free), also after
 * a failure. */
int mg_schema_snapshot(struct migrator_schema **out, struct mg_runner *r,
		       struct migrator_conn *c, mg_diag *d);

/* mg_schema_diff() flags: a table whose columns (those on both sides)
 * stand in another order is a difference (MG_DRIFT_CHANGED_TABLE) */
#define MG_SCHEMA_COLUMN_ORDER 0x1u

/* mg_schema_diff() flags: a table's definition (MG_K_TABLEDEF) is compared
 * too (MG_DRIFT_CHANGED_TABLE, field "definition"): diff's proof */
#define MG_SCHEMA_DEFINITIONS 0x2u

/* s's items sorted by (kind, table, name), as mg_schema_diff() leaves
 * them: *n of them in *out, borrowed from s. */
void mg_schema_items(struct migrator_schema *s,
		     const struct mg_schema_item **out, size_t *n);
/* "view", "trigger", ... of an object kind (MG_K_VIEW on); NULL else. */
const char *mg_schema_kind_name(enum mg_schema_kind kind);

/* Every difference between expected (what the migrations build) and found
 * (the live database), appended to a new result.  Returns 0 or
 * MIGRATOR_ENOMEM. */
int mg_schema_diff(mg_check **out, struct migrator_schema *expected,
		   struct migrator_schema *found, unsigned flags);

#endif
