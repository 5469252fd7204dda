/* A driver descriptor whose size field claims far more than the symbol
 * holds: refused before create() runs (which would abort). */
#include <stdlib.h>

#include <migrator/driver.h>

static const struct migrator_driver *create(const struct migrator_host *host,
					    struct migrator_diag *d)
{
	(void)host, (void)d;
	abort();
}

extern const struct migrator_driver_module migrator_module;
const struct migrator_driver_module migrator_module = {
	{MIGRATOR_MODULE_MAGIC, MIGRATOR_MODULE_DRIVER,
	 MIGRATOR_DRIVER_ABI_MAJOR, 0, 0, 0xffffffffu, "liesize"},
	create, NULL};
