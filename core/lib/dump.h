/*
 * dump.h - the schema file: `dump` writes a database's schema and stamp
 * as SQL (the driver's dump member renders every statement), `load`
 * builds an empty database from such a file, and the options'
 * schema_file is rewritten after each run that changed the database.
 */
#ifndef MG_DUMP_H
#define MG_DUMP_H

#include "buf.h"
#include "diag.h"
#include "runner.h"

struct migrator_conn;

/* dump_text.c: a driver without the dump member (driver ABI 2.1), or without
 * introspect where need_introspect: MIGRATOR_EPLUGIN "NAME is not
 * supported by this driver" naming the plugin.  0: supported. */
int mg_dump_supported(mg_runner *r, const char *what, int need_introspect,
		      mg_diag *d);

/* dump_text.c: appends the dump of connection c to b: a header naming the dialect,
 * then the driver's statements, each with its ';', a blank line
 * between two.  The version and history tables are the runner's. */
int mg_dump_text(struct mg_buf *b, mg_runner *r, struct migrator_conn *c,
		 mg_diag *d);

/* dump_canon.c: replaces the dump in b by its canonical form, the text
 * a database built from it dumps again (loaded into a scratch database
 * and dumped, until it does not change).  A driver without scratch
 * databases leaves b as it is. */
int mg_dump_canonical(struct mg_buf *b, mg_runner *r, mg_diag *d);

/* dump.c: the live database's dump (connecting without creating
 * anything, under the run lock, so that no run of migrator changes it
 * meanwhile), in its canonical form; when that cannot be made (no
 * scratch database: a role without CREATEDB), the dump as read, with a
 * warning event.  *out is malloc'd. */
int mg_runner_dump(char **out, mg_runner *r, mg_diag *d);

/* dump_check.c: the dump of what the migrations build, base to all
 * heads, on a scratch database of the URL's backend (as `check` builds
 * one, stamped as a run stamps it), in its canonical form.  *out is
 * malloc'd. */
int mg_runner_dump_expected(char **out, mg_runner *r, mg_diag *d);

/* load.c: builds the database from the dump in the file at path, in one
 * transaction, refusing a database that has tables (the stamp table
 * included).  A statement that fails rolls everything back and is
 * MIGRATOR_EDB naming the file and its line. */
int mg_runner_load(mg_runner *r, const char *path, mg_diag *d);

/* load.c: runs the dump sql[0..len) on connection c (an empty
 * database) in one transaction; errors name the file name.  It stops
 * with "interrupted by a signal" when a signal asked the run to stop (a
 * scratch database). */
int mg_load_text(mg_runner *r, struct migrator_conn *c, const char *name,
		 const char *sql, size_t len, mg_diag *d);

/* schema_file.c: mg_runner_dump() written to path, atomically
 * (file_io.h). */
int mg_runner_dump_to(mg_runner *r, const char *path, mg_diag *d);

/* schema_file.c: when the options name a schema file, writes the live
 * database's dump there, atomically (file_io.h).  0 when none is
 * named. */
int mg_runner_write_schema_file(mg_runner *r, mg_diag *d);

#endif
