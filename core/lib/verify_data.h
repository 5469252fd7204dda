/*
 * verify_data.h - `migrator verify --with-data` (verify_data.c): rows in
 * every table before each upgrade, the tables' row counts after each
 * move of the round trip, and what they show.
 *
 * The core writes no SQL: the driver makes the rows and counts them
 * (driver ABI 2.3 data_fill, data_count).  Counts: C0 before the upgrade
 * (after the rows were made), C1 after it, C2 after the downgrade, C3
 * after the upgrade ran again.  A table found both in C0 and C2 must
 * hold as many rows in each (the downgrade returns to what the upgrade
 * started from), and so must one found in C1 and C3: a rename whose
 * copy was forgotten, in either direction, loses the rows.  (C0 against
 * C1 is not compared: an upgrade may add or delete rows on purpose.)
 */
#ifndef MG_VERIFY_DATA_H
#define MG_VERIFY_DATA_H

#include "verify.h"

struct mg_vdata;

/* NULL data: *out NULL (no data).  A driver without the members is
 * MIGRATOR_EPLUGIN. */
int mg_vdata_new(struct mg_vdata **out, mg_runner *r,
		 const struct mg_verify_data *data, mg_diag *d);
void mg_vdata_free(struct mg_vdata *v);

/* Before the upgrade of step i (rev): the rows made, C0 taken; a table
 * that holds no row is a NOT_EXERCISED warning of out, once per table. */
int mg_vdata_fill(struct mg_vdata *v, mg_verify *out,
		  const struct migrator_revision *rev, size_t i, mg_diag *d);
/* After a move: C1, C2 or C3 (at: 1, 2, 3). */
int mg_vdata_count(struct mg_vdata *v, int at, mg_diag *d);
/* After the round trip: C2 against C0, C3 against C1 (those taken), a
 * ROWS_CHANGED finding of out per table that differs. */
int mg_vdata_compare(struct mg_vdata *v, mg_verify *out,
		     const struct migrator_revision *rev, mg_diag *d);
/* A failed step's error e learns that the tables held rows, and the
 * seed: its hint says so. */
void mg_vdata_hint(const struct mg_vdata *v, mg_diag *e);

#endif
