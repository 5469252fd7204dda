/*
 * dump_text.c - a dump's text.  The core writes no SQL: every statement
 * is the driver's (its dump member, driver ABI 2.1); the core adds the
 * header comment and the ';' after each statement, as --sql does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "runner_int.h"

int mg_dump_supported(mg_runner *r, const char *what, int need_introspect,
		      mg_diag *d)
{
	if (MG_DRV_HAS_MINOR(r->drv, 2, dump) &&
	    (!need_introspect || MG_DRV_HAS(r->drv, introspect)))
		return 0;
	return mg_run_unsupported(r, what, "cannot dump a schema (driver ABI "
					   "2.2)", d);
}

int mg_dump_text(struct mg_buf *b, mg_runner *r, struct migrator_conn *c,
		 mg_diag *d)
{
	mg_strvec v = MG_STRVEC_INIT;
	int rc = r->drv->dump(c, r->version_table, r->history_table, &v, d);

	if (rc && !d->code)
		mg_diag_set(d, MIGRATOR_EDB, "could not dump the schema");
	if (!rc && mg_buf_printf(b,
				 "-- migrator dump of a %s database: its "
				 "schema, then its stamp.\n-- Build an empty "
				 "database from it with `migrator load "
				 "FILE`.\n",
				 r->drv->dialect))
		rc = MIGRATOR_ENOMEM;
	for (size_t i = 0; !rc && i < v.n; i++)
		if (mg_buf_putc(b, '\n') ||
		    mg_sql_put_stmt(b, v.v[i], strlen(v.v[i])))
			rc = MIGRATOR_ENOMEM;
	if (rc == MIGRATOR_ENOMEM)
		mg_diag_set(d, rc, "out of memory");
	mg_strvec_clear(&v);
	return rc;
}
