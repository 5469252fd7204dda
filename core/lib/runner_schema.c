/*
 * runner_schema.c - fleets (issue 18): the schemas of a database that
 * match a pattern (driver schemas_list, ABI 2.4).
 */
#include "config.h"

#include <migrator/driver.h>

#include "runner_int.h"

int mg_runner_schemas(mg_strvec *out, mg_runner *r, const char *pattern,
		      mg_diag *d)
{
	int rc = mg_runner_load_plugin(r, d);

	if (rc)
		return rc;
	if (!MG_DRV_HAS_MINOR(r->drv, 4, schemas_list))
		return mg_runner_no_schemas(r, d);
	rc = mg_runner_connect(r, 0, d);
	if (!rc)
		rc = r->drv->schemas_list(r->conn, pattern,
					  out, d);
	return rc;
}
