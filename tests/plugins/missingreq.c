/* A driver with a required member left NULL. */
#include "fake_driver.h"

static const char *const schemes[] = {"missingreq", NULL};
static struct migrator_driver drv = {FAKE_DRIVER(schemes)};

static const struct migrator_driver *create(
	const struct migrator_host *host, struct migrator_diag *d)
{
	(void)host, (void)d;
	drv.exec = NULL;
	return &drv;
}

MIGRATOR_DRIVER_MODULE("missingreq", create, NULL);
