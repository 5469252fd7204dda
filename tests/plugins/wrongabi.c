/* A driver built for a future ABI major: the loader must refuse it. */
#include "fake_driver.h"

static const char *const schemes[] = {"wrongabi", NULL};
static struct migrator_driver drv = {FAKE_DRIVER(schemes)};

const struct migrator_driver *migrator_driver_init(
	const struct migrator_host *host, struct migrator_diag *d)
{
	(void)host, (void)d;
	drv.abi_major = MIGRATOR_DRIVER_ABI_MAJOR + 1;
	return &drv;
}
