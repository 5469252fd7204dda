/*
 * adopt.h - `migrator adopt` (issue 17): reads another migration tool's
 * record of what it applied (through the driver's foreign_read; the core
 * writes no SQL), finds the imported revision of each version
 * (mg_import_id) and stamps migrator's table there through the stamp
 * path (mg_runner_stamp: its lock, its one transaction).  It runs no
 * migration and never writes the other tool's table.
 */
#ifndef MG_ADOPT_H
#define MG_ADOPT_H

#include "diag.h"
#include "runner.h"
#include "strvec.h"

/* format: "dbmate", "golang-migrate", "flyway", "sqitch", "alembic".
 * table: the tool's table (TABLE or SCHEMA.TABLE; Sqitch: the registry's
 * name), NULL for the tool's default.  dry_run: finds the revision and says what it would stamp, stamps
 * nothing.  summary receives the lines to print.  Refusals (a dirty or
 * failed record, a version no file has, a gap) are MIGRATOR_ESTAMP with
 * nothing written; an unknown format MIGRATOR_EUSAGE. */
int mg_adopt(mg_runner *r, const char *format, const char *table,
	     int dry_run, mg_strvec *summary, int *changed, mg_diag *d);

#endif
