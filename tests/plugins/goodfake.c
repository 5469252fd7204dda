/* A well-formed third-party driver for an unknown scheme: the loader finds
 * <scheme>.so, checks it and hands it out (it cannot connect); for its
 * alias "fakealias" the loader asks the drivers it finds. */
#include "fake_driver.h"

static const char *const schemes[] = {"goodfake", "fakealias", NULL};
static const struct migrator_driver drv = {FAKE_DRIVER(schemes)};

static const struct migrator_driver *create(
	const struct migrator_host *host, struct migrator_diag *d)
{
	(void)host, (void)d;
	return &drv;
}

MIGRATOR_DRIVER_MODULE("goodfake", create, NULL);
