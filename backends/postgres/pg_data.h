/*
 * pg_data.h - `migrator verify --with-data` in the PostgreSQL driver
 * (driver ABI 2.3): the tables of current_schema() as pg_data_model.c
 * reads them from the catalogs, for pg_data.c, which fills and counts
 * them, and pg_data_value.c, which makes one value.
 */
#ifndef PG_DATA_H
#define PG_DATA_H

#include <stdint.h>

#include "pg_internal.h"

struct pg_dcol {
	char *name;     /* quoted */
	char *typname;  /* the base type's (a domain's), e.g. "varchar" */
	char category;  /* pg_type.typcategory of the base type */
	int typmod;     /* the base type's modifier, -1 for none */
	int notnull;
	int skip;       /* a default, identity or generated column */
	int generated;  /* an identity or generated column */
	int checked;    /* a default left out of skip: a CHECK's values */
	int unique;     /* in a unique index (or the primary key) */
	int attnum;
	int fk, fkpos;  /* the foreign key it is in, or -1 */
	int keyname;    /* a column of this name is in a foreign key of
			 * some table (a tenant's "nid") */
	char **lits;    /* an enum's labels, or the string literals of a
			 * CHECK (of the column or its domain) on it alone */
	size_t nlits;
	char **nums;    /* the numbers of such a CHECK */
	size_t nnums;
};

struct pg_dfk {
	char *parent;     /* its oid, decimal */
	char *parent_sql; /* its name as SQL (regclass's text) */
	char **to;        /* the parent's columns, quoted */
	size_t *from;     /* the child's columns (indexes into cols) */
	size_t n;
	int implied;      /* not declared: a plain column named and typed
			   * like a key column elsewhere (pg_data_model.c) */
};

struct pg_dtable {
	char *oid;  /* decimal */
	char *sql;  /* regclass's text: quoted, qualified where needed */
	char *name; /* relname, the order of the output */
	struct pg_dcol *cols;
	size_t ncols;
	struct pg_dfk *fks;
	size_t nfks;
};

struct pg_dmodel {
	struct pg_dtable *t; /* by name */
	size_t n;
};

/* names_only: the tables alone (data_count). */
int pg_dmodel_read(struct migrator_conn *c, struct pg_dmodel *m,
		   const char *version_table, const char *history_table,
		   int names_only, struct migrator_diag *d);
void pg_dmodel_free(struct pg_dmodel *m);
/* order[0..n): parents before children (pg_dump_sort), else by name. */
int pg_dmodel_order(const struct pg_dmodel *m, size_t *order);

/* pg_data_value.c.  A try of a row picks how its values are made:
 * literals, a CHECK's literals or numbers where the column has some
 * (string literals with small too: in every try but the last);
 * nulls, NULL in nullable columns; small, small numbers even in unique
 * columns. */
struct pg_try {
	int literals, nulls, small;
};
uint64_t pg_rand(uint64_t *state);
/* The text of a value for col (malloc'd), or NULL for SQL NULL (also
 * *nomem when memory ran out). */
char *pg_value(const struct pg_dcol *col, const struct pg_try *how,
	       uint64_t *g, int *nomem);

/* pg_data_keys.c.  The row count of table_sql (WHERE where, with
 * parameters values[0..n), when where is not NULL). */
int pg_count_where(struct migrator_conn *c, const char *table_sql,
		   const char *where, int n, const char *const *values,
		   long long *out, struct migrator_diag *d);
/* The foreign key columns' values of a new row of t: for each column i
 * in a foreign key, set[i] 1 and key[i] its text (malloc'd; NULL for
 * SQL NULL) once a parent row is chosen.  Parent rows agree with each
 * other where they can: a column of t in one key that the parent of
 * another key has too (a tenant's "nid" in every table) takes that
 * parent's value, the keys whose parent shares the most such columns
 * picked first.  *why (malloc'd) when a NOT NULL key has no parent row. */
int pg_row_keys(struct migrator_conn *c, const struct pg_dmodel *m,
		const struct pg_dtable *t, char **key, unsigned char *set,
		uint64_t *g, char **why, struct migrator_diag *d);

/* pg_data.c: the driver's data_fill and data_count members. */
int pg_data_fill(struct migrator_conn *c, const char *version_table,
		 const char *history_table, uint64_t seed, unsigned rows,
		 struct migrator_strvec *out, struct migrator_diag *d);
int pg_data_count(struct migrator_conn *c, const char *version_table,
		  const char *history_table, struct migrator_strvec *out,
		  struct migrator_diag *d);

#endif
