/*
 * sqlite_data.h - `migrator verify --with-data` in the SQLite driver
 * (driver ABI 2.3): the tables as sqlite_data_model.c reads them, for
 * sqlite_data.c, which fills and counts them.
 */
#ifndef SQ_DATA_H
#define SQ_DATA_H

#include "sqlite_driver.h"

struct sq_dcol {
	char *name, *type; /* the declared type, as written */
	int notnull;
	int skip;   /* a default, generated, or the rowid: SQLite fills it */
	int generated; /* generated, or the rowid */
	int checked;   /* a default left out of skip: a CHECK's values */
	int hidden; /* a virtual table's hidden column */
	int unique; /* in the primary key or a unique index */
	int fk, fkpos; /* the foreign key it is in (index, position), or -1 */
	int keyname;   /* a column of this name is in a foreign key of some
			* table (a tenant's "nid") */
	char **lits;   /* string literals of a CHECK naming only it */
	size_t nlits;
	char **nums;   /* and its numbers */
	size_t nnums;
};

struct sq_dfk {
	char *parent;
	char **from, **to; /* the parent's columns ("rowid" for none) */
	size_t n;
	int implied; /* not declared: a plain column named like a key
		      * column elsewhere (sqlite_data_model.c) */
};

struct sq_dtable {
	char *name, *sql;
	int strict;
	/* sqlite_data.c's: the rows it holds after filling, and the last
	 * reason a row was refused (sqlite3_malloc'd, or NULL) */
	sqlite3_int64 count;
	char *why;
	struct sq_dcol *cols;
	size_t ncols;
	struct sq_dfk *fks;
	size_t nfks;
};

struct sq_dmodel {
	struct sq_dtable *t; /* by name */
	size_t n;
};

/* The tables of main but the version and history tables, SQLite's own
 * and virtual tables (and their shadow tables, SQLite 3.37+);
 * names_only: their names and SQL, nothing else. */
SQ_HIDDEN int sq_dmodel_read(struct migrator_conn *c, struct sq_dmodel *m,
			     const char *version_table,
			     const char *history_table, int names_only,
			     struct migrator_diag *d);
/* order[0..m->n): parents before children, else by name (a cycle is
 * broken at its first table by name).  -1 when memory ran out. */
SQ_HIDDEN int sq_dmodel_order(const struct sq_dmodel *m, size_t *order);
SQ_HIDDEN void sq_dmodel_free(struct sq_dmodel *m);

/* sqlite_data_value.c: splitmix64; one generated value for col bound
 * to parameter i of st (SQLite's code).  A try picks how: literals,
 * the literals of a CHECK on the column when it has some (with small
 * too: in every try but the last); nulls, NULL
 * in nullable columns; small, small numbers even in unique ones. */
struct sq_try {
	int literals, nulls, small;
};
SQ_HIDDEN uint64_t sq_rand(uint64_t *state);
SQ_HIDDEN int sq_bind_generated(sqlite3_stmt *st, int i,
				const struct sq_dtable *t,
				const struct sq_dcol *col,
				const struct sq_try *how, uint64_t *g);

/* sqlite_data_keys.c: the foreign key columns' values of a new row of
 * t: for each column i in a foreign key, set[i] 1 and key[i] its value
 * (sqlite3_value_dup'd) once a parent row is chosen.  Parent rows agree
 * with each other where they can: a column of t in one key that the
 * parent of another key has too (a tenant's "nid") takes that parent's
 * value.  *why (sqlite3_malloc'd) when a NOT NULL key has no parent
 * row. */
SQ_HIDDEN int sq_row_keys(struct migrator_conn *c, const struct sq_dmodel *m,
			  const struct sq_dtable *t, sqlite3_value **key,
			  unsigned char *set, uint64_t *g, char **why,
			  struct migrator_diag *d);

/* sqlite_data.c: the driver's data_fill and data_count members. */
SQ_HIDDEN int sq_data_fill(struct migrator_conn *c, const char *version_table,
			   const char *history_table, uint64_t seed,
			   unsigned rows, struct migrator_strvec *out,
			   struct migrator_diag *d);
SQ_HIDDEN int sq_data_count(struct migrator_conn *c,
			    const char *version_table,
			    const char *history_table,
			    struct migrator_strvec *out,
			    struct migrator_diag *d);

#endif
