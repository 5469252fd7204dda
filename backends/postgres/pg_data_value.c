/*
 * pg_data_value.c - a generated value for one column (`verify
 * --with-data`, pg_data.c), as the text the type's input function reads
 * (the value is a bound parameter whose type the server infers from the
 * column).  It follows the base type's category (pg_type.typcategory)
 * and, where that is not enough, its name; lengths and precisions come
 * from the type modifier.  The string literals of a CHECK on the column
 * are its values in every try but the last; its numbers (and the next
 * whole number) in the tries that use literals.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_data.h"

uint64_t pg_rand(uint64_t *state)
{
	/* xorshift64*, never left at 0 */
	uint64_t x = *state ? *state : 0x2545f4914f6cdd1du;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1du;
}

static uint64_t below(uint64_t *g, uint64_t n)
{
	return n ? pg_rand(g) % n : 0;
}

static int is(const struct pg_dcol *col, const char *name)
{
	return strcmp(col->typname, name) == 0;
}

/* The largest whole number the column takes, capped (numeric(p, s):
 * p - s digits; 0: none, as in numeric(2, 2)). */
static uint64_t whole_max(const struct pg_dcol *col)
{
	int p, s;
	uint64_t m = 1;

	if (is(col, "int2"))
		return 32767;
	if (!is(col, "numeric") || col->typmod < 4)
		return 2000000000;
	p = ((col->typmod - 4) >> 16) & 0xffff;
	s = (col->typmod - 4) & 0xffff;
	for (int i = 0; i < p - s && m < 2000000000; i++)
		m *= 10;
	return m - 1;
}

static char *number(const struct pg_dcol *col, const struct pg_try *how,
		    uint64_t *g)
{
	uint64_t max = whole_max(col), lim = how->small || !col->unique
						     ? 100
						     : max;

	if (max == 0) /* numeric(p, p): below 1 */
		return pg_format("0.%u", 1 + (unsigned)below(g, 9));
	if (lim > max)
		lim = max;
	if (is(col, "float4") || is(col, "float8") || is(col, "money"))
		return pg_format("%llu.25",
				 (unsigned long long)(1 + below(g, lim)));
	return pg_format("%llu", (unsigned long long)(1 + below(g, lim)));
}

/* "v" and base-36 digits, at most max characters (<= 0: 12). */
static char *word(int max, uint64_t *g)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	uint64_t x = pg_rand(g);
	char buf[16];
	int n = 1;

	buf[0] = 'v';
	while (n < 12) {
		buf[n++] = digits[x % 36];
		x /= 36;
	}
	buf[max > 0 && max < n ? max : n] = '\0';
	return strdup(buf);
}

static char *string(const struct pg_dcol *col, uint64_t *g)
{
	int len = -1;

	if ((is(col, "varchar") || is(col, "bpchar")) && col->typmod > 4)
		len = col->typmod - 4;
	if (len == 36 || is(col, "uuid")) {
		uint64_t a = pg_rand(g), b = pg_rand(g);

		return pg_format("%08x-%04x-4%03x-a%03x-%012llx",
				 (unsigned)(a >> 32),
				 (unsigned)(a >> 16) & 0xffffu,
				 (unsigned)a & 0xfffu,
				 (unsigned)(b >> 48) & 0xfffu,
				 (unsigned long long)(b & 0xffffffffffffull));
	}
	return word(len, g);
}

static char *date_time(const struct pg_dcol *col, uint64_t *g)
{
	unsigned mon = 1 + (unsigned)below(g, 12);
	unsigned day = 1 + (unsigned)below(g, 28);
	unsigned sec = (unsigned)below(g, 86400);

	if (is(col, "date"))
		return pg_format("2024-%02u-%02u", mon, day);
	if (is(col, "time") || is(col, "timetz"))
		return pg_format("%02u:%02u:%02u", sec / 3600, sec / 60 % 60,
				 sec % 60);
	return pg_format("2024-%02u-%02u %02u:%02u:%02u", mon, day,
			 sec / 3600, sec / 60 % 60, sec % 60);
}

/* Types of category U (user-defined and the odd built-in ones). */
static char *other(const struct pg_dcol *col, uint64_t *g)
{
	if (is(col, "uuid"))
		return string(col, g);
	if (is(col, "json") || is(col, "jsonb"))
		return pg_format("{\"n\": %u}", (unsigned)below(g, 1000));
	if (is(col, "bytea"))
		return pg_format("\\x%016llx",
				 (unsigned long long)pg_rand(g));
	if (is(col, "xml"))
		return strdup("<v/>");
	if (is(col, "macaddr"))
		return pg_format("08:00:2b:%02x:%02x:%02x",
				 (unsigned)below(g, 256),
				 (unsigned)below(g, 256),
				 (unsigned)below(g, 256));
	return word(-1, g);
}

static char *pick(char *const *v, size_t n, uint64_t *g)
{
	return strdup(v[below(g, n)]);
}

/* A number of a CHECK, or a whole one just above it ("x > 0": 0 or 1;
 * "x <= 100": 100 or 101). */
static char *near(char *const *v, size_t n, uint64_t *g)
{
	const char *s = v[below(g, n)];
	char *end;
	unsigned long long x = strtoull(s, &end, 10);

	if (*end || x >= 1000000000ull || !below(g, 2))
		return strdup(s);
	return pg_format("%llu", x + 1);
}

static char *by_category(const struct pg_dcol *col, const struct pg_try *how,
			 uint64_t *g)
{
	switch (col->category) {
	case 'B': return strdup(below(g, 2) ? "true" : "false");
	case 'N': return number(col, how, g);
	case 'S': return string(col, g);
	case 'D': return date_time(col, g);
	case 'T': return pg_format("%u seconds", (unsigned)below(g, 86400));
	case 'E': return col->nlits ? pick(col->lits, col->nlits, g) : NULL;
	case 'A': return strdup("{}");
	case 'R': return strdup("empty");
	case 'G': return pg_format("(%u,%u)", (unsigned)below(g, 100),
				   (unsigned)below(g, 100));
	case 'I':
		if (is(col, "cidr"))
			return pg_format("10.%u.%u.0/24",
					 (unsigned)below(g, 256),
					 (unsigned)below(g, 256));
		return pg_format("10.%u.%u.%u", (unsigned)below(g, 256),
				 (unsigned)below(g, 256),
				 1 + (unsigned)below(g, 254));
	case 'V': {
		int n = is(col, "bit") && col->typmod > 0 ? col->typmod : 1;
		char *s = n <= 4096 ? malloc((size_t)n + 1) : NULL;

		if (s) {
			memset(s, '1', (size_t)n);
			s[n] = '\0';
		}
		return s;
	}
	default: return other(col, g);
	}
}

char *pg_value(const struct pg_dcol *col, const struct pg_try *how,
	       uint64_t *g, int *nomem)
{
	char *v;

	static const struct pg_try checked = {1, 0, 0};

	*nomem = 0;
	if (col->checked)
		how = &checked;
	if (how->nulls && !col->notnull)
		return NULL;
	if (how->literals && col->category == 'N' && col->nnums)
		v = near(col->nums, col->nnums, g);
	else if ((how->literals || how->small) && col->category != 'E' &&
		 col->nlits)
		v = pick(col->lits, col->nlits, g);
	else
		v = by_category(col, how, g);
	/* an enum without labels has no value: NULL, and the row is refused
	 * if the column is NOT NULL */
	*nomem = !v && !(col->category == 'E' && !col->nlits);
	return v;
}
