/*
 * sqlite_data_value.c - a generated value for one column (`verify
 * --with-data`, sqlite_data.c), chosen by the declared type's affinity
 * (SQLite's rules, "Determination Of Column Affinity"), STRICT tables'
 * types, and a few type names that carry a meaning in practice (BOOL,
 * DATE, TIME, UUID, JSON, CHAR(36)).  Values are bound, never pasted.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sqlite_data.h"

uint64_t sq_rand(uint64_t *state)
{
	/* splitmix64 */
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t *state, uint64_t n)
{
	return n ? sq_rand(state) % n : 0;
}

/* Whether type holds word, any case. */
static int has(const char *type, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = type; *p; p++)
		if (sqlite3_strnicmp(p, word, (int)n) == 0)
			return 1;
	return 0;
}

enum aff { AFF_INT, AFF_TEXT, AFF_BLOB, AFF_REAL, AFF_NUM };

static enum aff affinity(const char *type)
{
	if (has(type, "INT"))
		return AFF_INT;
	if (has(type, "CHAR") || has(type, "CLOB") || has(type, "TEXT"))
		return AFF_TEXT;
	if (!*type || has(type, "BLOB") || sqlite3_stricmp(type, "ANY") == 0)
		return AFF_BLOB;
	if (has(type, "REAL") || has(type, "FLOA") || has(type, "DOUB"))
		return AFF_REAL;
	return AFF_NUM;
}

/* The first number in parentheses ("varchar(36)": 36), or 0. */
static long type_len(const char *type)
{
	const char *p = strchr(type, '(');
	long n = 0;

	if (!p)
		return 0;
	for (p++; *p == ' '; p++)
		;
	for (; *p >= '0' && *p <= '9' && n < 100000; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static int text(sqlite3_stmt *st, int i, const char *s, int n)
{
	return sqlite3_bind_text(st, i, s, n, SQLITE_TRANSIENT);
}

static int uuid(sqlite3_stmt *st, int i, uint64_t *g)
{
	uint64_t a = sq_rand(g), b = sq_rand(g);
	char buf[40];

	snprintf(buf, sizeof(buf), "%08x-%04x-4%03x-a%03x-%012llx",
		 (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffffu,
		 (unsigned)a & 0xfffu, (unsigned)(b >> 48) & 0xfffu,
		 (unsigned long long)(b & 0xffffffffffffull));
	return text(st, i, buf, -1);
}

static int date_time(sqlite3_stmt *st, int i, const char *type, uint64_t *g)
{
	unsigned day = 1 + (unsigned)below(g, 28);
	unsigned mon = 1 + (unsigned)below(g, 12);
	unsigned sec = (unsigned)below(g, 86400);
	char buf[40];

	if (!has(type, "TIME"))
		snprintf(buf, sizeof(buf), "2024-%02u-%02u", mon, day);
	else if (!has(type, "DATE") && !has(type, "STAMP"))
		snprintf(buf, sizeof(buf), "%02u:%02u:%02u", sec / 3600,
			 sec / 60 % 60, sec % 60);
	else
		snprintf(buf, sizeof(buf), "2024-%02u-%02u %02u:%02u:%02u", mon,
			 day, sec / 3600, sec / 60 % 60, sec % 60);
	return text(st, i, buf, -1);
}

/* "v" and base-36 digits, at most max characters (0: no limit). */
static int word(sqlite3_stmt *st, int i, long max, uint64_t *g)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	uint64_t x = sq_rand(g);
	char buf[16];
	int n = 0;

	buf[n++] = 'v';
	while (n < 12) {
		buf[n++] = digits[x % 36];
		x /= 36;
	}
	if (max > 0 && max < n)
		n = (int)max;
	return text(st, i, buf, n);
}

/* A number of the column's CHECK, or the next whole number ("x > 0": 0
 * or 1; "x <= 5": 5 or 6). */
static int near(sqlite3_stmt *st, int i, const struct sq_dcol *col,
		uint64_t *g)
{
	const char *s = col->nums[below(g, col->nnums)];
	sqlite3_int64 x = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && x < 1000000000; p++)
		x = x * 10 + (*p - '0');
	if (*p)
		return text(st, i, s, -1);
	return sqlite3_bind_int64(st, i, x + (sqlite3_int64)below(g, 2));
}

int sq_bind_generated(sqlite3_stmt *st, int i, const struct sq_dtable *t,
		      const struct sq_dcol *col, const struct sq_try *how,
		      uint64_t *g)
{
	const char *type = col->type;
	long len = type_len(type);
	enum aff aff = affinity(type);
	static const struct sq_try checked = {1, 0, 0};

	if (col->checked)
		how = &checked;
	if (how->nulls && !col->notnull)
		return sqlite3_bind_null(st, i);
	if ((how->literals || how->small) && col->nlits) {
		const char *l = col->lits[below(g, col->nlits)];

		return text(st, i, l, -1);
	}
	if (how->literals && col->nnums &&
	    (aff == AFF_INT || aff == AFF_REAL || aff == AFF_NUM))
		return near(st, i, col, g);
	if (has(type, "BOOL"))
		return sqlite3_bind_int(st, i, (int)below(g, 2));
	switch (aff) {
	case AFF_INT:
		return sqlite3_bind_int64(
			st, i,
			1 + (sqlite3_int64)below(g, how->small || !col->unique
							    ? 100
							    : 2000000000));
	case AFF_REAL:
		return sqlite3_bind_double(st, i,
					   1 + (double)below(g, 400) / 4);
	case AFF_BLOB:
		if (has(type, "BLOB")) {
			uint64_t x = sq_rand(g);

			return sqlite3_bind_blob(st, i, &x, sizeof(x),
						 SQLITE_TRANSIENT);
		}
		break;
	case AFF_NUM:
		if (!t->strict && (has(type, "DATE") || has(type, "TIME")))
			return date_time(st, i, type, g);
		if (!has(type, "UUID") && !has(type, "JSON"))
			return sqlite3_bind_int64(
				st, i, 1 + (sqlite3_int64)below(g, 100));
		break;
	case AFF_TEXT:
		break;
	}
	if (has(type, "UUID") || len == 36)
		return uuid(st, i, g);
	if (has(type, "JSON"))
		return text(st, i, "{}", -1);
	if (has(type, "DATE") || has(type, "TIME"))
		return date_time(st, i, type, g);
	return word(st, i, len, g);
}
