#include "config.h"

/* The one source of libmigrator.la itself; everything else comes from
 * libmigrator-internal.la.  It makes libtool link the library as C. */
const char *migrator_version(void);

const char *migrator_version(void)
{
	return MIGRATOR_VERSION_STRING;
}
