/*
 * duration.c - the durations of migration file headers: a whole number and
 * its unit, always written (PostgreSQL reads a bare lock_timeout as ms,
 * most people as seconds: the file must say which).
 */
#include "config.h"

#include <string.h>

#include "duration.h"

static const struct {
	const char *name;
	unsigned long long ms;
} units[] = {{"ms", 1}, {"s", 1000}, {"min", 60000}};

int mg_duration_ms(const char *s, size_t n, unsigned *ms)
{
	unsigned long long v = 0;
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > MG_DURATION_MAX_MS)
			return -1;
		i++;
	}
	if (i == 0)
		return -1;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n) { /* no unit: only 0 means the same in every unit */
		if (v != 0)
			return -1;
		*ms = 0;
		return 0;
	}
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		if (strlen(units[u].name) == n - i &&
		    memcmp(units[u].name, s + i, n - i) == 0) {
			if (v * units[u].ms > MG_DURATION_MAX_MS)
				return -1;
			*ms = (unsigned)(v * units[u].ms);
			return 0;
		}
	return -1;
}
