/*
 * opts_lock.c - the values of the lock timeout options (issue 16):
 * --ddl-lock-timeout / ddl_lock_timeout and --lock-retries / lock_retries,
 * the same on the command line and in migrator.ini.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* PostgreSQL's timeouts are an int of milliseconds. */
#define MAX_MS 2147483647ul
#define MAX_RETRIES 1000ul

int cli_parse_duration(unsigned *ms, const char *what, const char *arg,
		       struct cli_err *d)
{
	static const struct {
		const char *unit;
		unsigned long ms;
	} units[] = {{"", 1000}, {"s", 1000}, {"ms", 1}, {"min", 60000}};
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg >= '0' && *arg <= '9' && !errno && v <= MAX_MS)
		for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
			if (strcmp(end, units[u].unit) == 0 &&
			    v <= MAX_MS / units[u].ms) {
				*ms = (unsigned)(v * units[u].ms);
				return 0;
			}
	cli_err_set(d, MIGRATOR_EUSAGE, "bad %s \"%s\": expected whole "
		    "seconds, or a whole number and its unit (ms, s, min)",
		    what, arg);
	cli_err_hint(d, "For example 5, 500ms or 2min; 0 for none.  At "
		     "most 24 days.");
	return MIGRATOR_EUSAGE;
}

int cli_parse_count(unsigned *n, const char *what, const char *arg,
		    struct cli_err *d)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || errno || v > MAX_RETRIES)
		return cli_err_set(d, MIGRATOR_EUSAGE,
				   "bad %s \"%s\": expected a whole number "
				   "from 0 to %lu",
				   what, arg, MAX_RETRIES);
	*n = (unsigned)v;
	return 0;
}
