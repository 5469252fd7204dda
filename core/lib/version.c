#include "config.h"

#include "migrator/migrator.h"

/* The version configure was given (AC_INIT): shared by the library and the
 * program. */
const char *migrator_version(void)
{
	return PACKAGE_VERSION;
}
