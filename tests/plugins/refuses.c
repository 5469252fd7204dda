/* A driver whose init refuses to load, with its own reason. */
#include <migrator/driver.h>

static const struct migrator_driver *create(
	const struct migrator_host *host, struct migrator_diag *d)
{
	host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
		       "refuses: the client library is too old");
	return NULL;
}

MIGRATOR_DRIVER_MODULE("refuses", create, NULL);
