/*
 * duration.h - the durations of migration file headers
 * ("-- migrator:lock_timeout 5s").
 */
#ifndef MG_DURATION_H
#define MG_DURATION_H

#include <stddef.h>

/* The longest duration: PostgreSQL's timeouts are an int of ms. */
#define MG_DURATION_MAX_MS 2147483647u

/*
 * s[0..n) as milliseconds: "0", or a whole number with its unit ms, s or
 * min ("500ms", "5s", "2 min"; blanks between number and unit), at most
 * MG_DURATION_MAX_MS.  Returns 0 and sets *ms, or -1 when s is anything
 * else (no unit, a sign, a fraction, too long).
 */
int mg_duration_ms(const char *s, size_t n, unsigned *ms);

#endif
