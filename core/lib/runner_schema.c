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
	if (!MG_DRV_HAS_MINOR(r->drv, 4, schemas_list)) {
		mg_diag_set(d, MIGRATOR_ECONFIG,
			    "the %s driver has no schemas", r->drv->name);
		mg_diag_hint(d, "--schemas picks schemas of a database that "
				"has them, such as PostgreSQL.");
		return MIGRATOR_ECONFIG;
	}
	rc = mg_runner_connect(r, 0, d);
	if (!rc)
		rc = r->drv->schemas_list(r->conn, pattern,
					  out, d);
	return rc;
}
