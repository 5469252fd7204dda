/*
 * script_parse.c - parses one migration file (DESIGN 1 and 8).
 *
 * One pass over the lines: each line is checked for NUL bytes and invalid
 * UTF-8 as it is read, then classified as a "-- migrator:" line (header key
 * or section marker), free text of the header (blank lines and comments),
 * or section SQL.  Nothing is allocated per line: header values and section
 * texts are copied into the caller's arena once each.
 */
#include "config.h"

#include "script_parse.h"

#include "duration.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum key {
	KEY_REVISION,
	KEY_DOWN_REVISION,
	KEY_MESSAGE,
	KEY_BRANCH_LABELS,
	KEY_DEPENDS_ON,
	KEY_TRANSACTIONAL,
	KEY_LOCK_TIMEOUT,
	KEY_STATEMENT_TIMEOUT,
	KEY_COUNT,
	KEY_UPGRADE = KEY_COUNT,
	KEY_DOWNGRADE,
	KEY_VERIFY,
	KEY_UNKNOWN
};

/* Key names with their lengths, so a lookup needs no strlen per line. */
#define KEY_ENTRY(s) {s, sizeof(s) - 1}
static const struct {
	const char *name;
	size_t len;
} key_table[] = {
	KEY_ENTRY("revision"),	 KEY_ENTRY("down_revision"),
	KEY_ENTRY("message"),	 KEY_ENTRY("branch_labels"),
	KEY_ENTRY("depends_on"), KEY_ENTRY("transactional"),
	KEY_ENTRY("lock_timeout"), KEY_ENTRY("statement_timeout"),
	KEY_ENTRY("upgrade"),	 KEY_ENTRY("downgrade"),
	KEY_ENTRY("verify"),
};
#undef KEY_ENTRY

/* A value or message fragment shown in a message is cut to this size. */
#define SHOW_MAX 64

struct parser {
	struct mg_arena *arena;
	const char *path;
	mg_diag *d;
	struct mg_script *s;
	unsigned key_line[KEY_COUNT]; /* 0: key not seen yet */

	/* Sections, grown by doubling inside the arena: upgrade and
	 * downgrade in sec, verify in vsec (script.h says why apart). */
	struct seclist {
		struct migrator_section *v;
		size_t n, cap;
	} sec, vsec;
	const char *sec_start; /* SQL of the open section starts here */
	struct seclist *open;  /* its last section is open; NULL: none */

	int in_block_comment; /* a header block comment spans lines */
	unsigned block_comment_line;
	unsigned stray_line; /* first line of SQL before any section */
};

static int fail(struct parser *p, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (p->d && p->d->code == 0) {
		va_start(ap, fmt);
		mg_diag_vset(p->d, MIGRATOR_ESCRIPT, fmt, ap);
		va_end(ap);
		mg_diag_locate(p->d, p->path, line);
	}
	return MIGRATOR_ESCRIPT;
}

static int oom(struct parser *p)
{
	return mg_diag_set(p->d, MIGRATOR_ENOMEM, "out of memory");
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

int mg_revision_id_valid(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > MG_REVISION_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_id_char((unsigned char)s[i]))
			return 0;
	return 1;
}

/* How many bytes of s[0..n) to show: at most SHOW_MAX, never half a
 * UTF-8 character. */
static int show_len(const char *s, size_t n)
{
	if (n <= SHOW_MAX)
		return (int)n;
	n = SHOW_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static const char *show_more(size_t n)
{
	return n > SHOW_MAX ? "..." : "";
}

static void trim(const char **b, const char **e)
{
	while (*b < *e && is_blank((unsigned char)**b))
		(*b)++;
	while (*e > *b && is_blank((unsigned char)(*e)[-1]))
		(*e)--;
}

/*
 * Checks line[0..n) for NUL bytes and invalid UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF).
 */
static int check_bytes(struct parser *p, unsigned lineno, const char *line,
		       size_t n)
{
	const unsigned char *u = (const unsigned char *)line;
	size_t i = 0;

	while (i < n) {
		unsigned char c;
		size_t need, k;
		unsigned char lo = 0x80, hi = 0xBF;

		/* Fast path: 8 bytes at a time while all are ASCII and none is
		 * NUL (memcpy: no unaligned loads).  A word that fails falls
		 * through to the exact per-byte checks below. */
		while (n - i >= 8) {
			uint64_t w;

			memcpy(&w, u + i, 8);
			if ((w & UINT64_C(0x8080808080808080)) != 0 ||
			    ((w - UINT64_C(0x0101010101010101)) & ~w &
			     UINT64_C(0x8080808080808080)) != 0)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = u[i];
		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		if (c == 0)
			return fail(p, lineno,
				    "file contains a NUL byte (column %zu)",
				    i + 1);
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			goto bad;
		if (need > n - i - 1)
			goto bad;
		if (u[i + 1] < lo || u[i + 1] > hi)
			goto bad;
		for (k = 2; k <= need; k++)
			if ((u[i + k] & 0xC0) != 0x80)
				goto bad;
		i += need + 1;
		continue;
	bad:
		return fail(p, lineno,
			    "invalid UTF-8 (byte 0x%02x at column %zu)", c,
			    i + 1);
	}
	return 0;
}

static enum key lookup_key(const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(key_table) / sizeof(key_table[0]); i++)
		if (key_table[i].len == n &&
		    memcmp(key_table[i].name, k, n) == 0)
			return (enum key)i;
	return KEY_UNKNOWN;
}

static int check_revision(struct parser *p, unsigned lineno, const char *what,
			  const char *v, size_t n)
{
	size_t i;

	if (n > MG_REVISION_MAX)
		return fail(p, lineno,
			    "revision ID \"%.*s%s\" in migrator:%s is longer "
			    "than %d characters",
			    show_len(v, n), v, show_more(n), what,
			    MG_REVISION_MAX);
	for (i = 0; i < n; i++)
		if (!is_id_char((unsigned char)v[i]))
			break;
	if (n == 0 || i < n) {
		fail(p, lineno, "invalid revision ID \"%.*s%s\" in migrator:%s",
		     show_len(v, n), v, show_more(n), what);
		mg_diag_detail(
			p->d,
			"A revision ID is 1 to %d of the characters "
			"A-Z, a-z, 0-9 and _.",
			MG_REVISION_MAX);
		return MIGRATOR_ESCRIPT;
	}
	return 0;
}

/* Branch labels are used in targets like "label@head": no '@', ':' or
 * blanks; letters, digits, '_', '-' and '.' are allowed. */
static int is_word(const char *v, size_t n, const char *w)
{
	return n == strlen(w) && memcmp(v, w, n) == 0;
}

int mg_label_check(const char *v, size_t n, int code, mg_diag *d)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (!is_id_char(c) && c != '-' && c != '.')
			break;
	}
	if (n == 0 || i < n) {
		mg_diag_set(d, code, "invalid branch label \"%.*s%s\"",
				  show_len(v, n), v, show_more(n));
		mg_diag_detail(d, "A branch label holds only the "
					"characters A-Z, a-z, 0-9, _, - and ..");
		return code;
	}
	if (is_word(v, n, "head") || is_word(v, n, "heads") ||
	    is_word(v, n, "base")) {
		mg_diag_set(d, code,
				  "branch label \"%.*s\" is a reserved word",
				  (int)n, v);
		mg_diag_detail(d, "In a target, head, heads and base "
					"mean the graph's head(s) and the "
					"empty database: a revision labelled "
					"so could never be named.");
		return code;
	}
	if (v[0] == '-') {
		mg_diag_set(d, code,
				  "branch label \"%.*s%s\" starts with -",
				  show_len(v, n), v, show_more(n));
		mg_diag_detail(d, "A target that starts with - counts "
					"back from the current revision "
					"(downgrade -1): a revision labelled "
					"so could never be named.");
		return code;
	}
	return 0;
}

static int check_label(struct parser *p, unsigned lineno, const char *v,
		       size_t n)
{
	int rc = mg_label_check(v, n, MIGRATOR_ESCRIPT, p->d);

	if (rc)
		mg_diag_locate(p->d, p->path, lineno);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rejects an item listed twice (sorting a copy keeps this n log n). */
static int check_list_unique(struct parser *p, unsigned lineno,
			     const char *what, const char **v, size_t n)
{
	const char **copy;
	size_t i;
	int rc = 0;

	if (n < 2)
		return 0;
	copy = malloc(n * sizeof(*copy));
	if (!copy)
		return oom(p);
	memcpy(copy, v, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), cmp_str);
	for (i = 1; i < n; i++) {
		if (strcmp(copy[i - 1], copy[i]) == 0) {
			size_t len = strlen(copy[i]);

			rc = fail(p, lineno,
				  "\"%.*s%s\" is listed twice in "
				  "migrator:%s",
				  show_len(copy[i], len), copy[i],
				  show_more(len), what);
			break;
		}
	}
	free(copy);
	return rc;
}

/*
 * Splits a comma-separated value (blanks around items are dropped) into an
 * arena array.  An empty value is an empty list; an empty item is an error.
 */
static int parse_list(struct parser *p, unsigned lineno, enum key key,
		      const char *b, const char *e, const char *const **out,
		      size_t *n_out)
{
	const char *what = key_table[key].name;
	const char **v;
	const char *c;
	size_t n = 1, i = 0;

	*out = NULL;
	*n_out = 0;
	if (b == e)
		return 0;
	for (c = b; c < e; c++)
		if (*c == ',')
			n++;
	if (n > SIZE_MAX / sizeof(*v))
		return oom(p);
	v = mg_arena_alloc(p->arena, n * sizeof(*v));
	if (!v)
		return oom(p);
	while (i < n) {
		const char *ib = b, *ie = memchr(b, ',', (size_t)(e - b));
		int rc;

		if (!ie)
			ie = e;
		b = ie + 1;
		trim(&ib, &ie);
		if (ib == ie)
			return fail(p, lineno, "empty item in migrator:%s",
				    what);
		if (key == KEY_BRANCH_LABELS)
			rc = check_label(p, lineno, ib, (size_t)(ie - ib));
		else
			rc = check_revision(p, lineno, what, ib,
					    (size_t)(ie - ib));
		if (rc < 0)
			return rc;
		v[i] = mg_arena_strndup(p->arena, ib, (size_t)(ie - ib));
		if (!v[i])
			return oom(p);
		i++;
	}
	if (check_list_unique(p, lineno, what, v, n) < 0)
		return MIGRATOR_ESCRIPT;
	*out = v;
	*n_out = n;
	return 0;
}

/* "-- migrator:lock_timeout 5s", "-- migrator:statement_timeout 10min" */
static int timeout_key(struct parser *p, unsigned lineno, enum key key,
		       const char *b, size_t n)
{
	unsigned ms;

	if (mg_duration_ms(b, n, &ms) < 0) {
		fail(p, lineno, "invalid value \"%.*s%s\" for migrator:%s",
		     show_len(b, n), b, show_more(n), key_table[key].name);
		mg_diag_hint(p->d, "Write a whole number and its unit (ms, s "
				   "or min), e.g. 500ms, 5s or 2min, at most "
				   "24 days; or 0 for none.");
		return MIGRATOR_ESCRIPT;
	}
	if (key == KEY_LOCK_TIMEOUT) {
		p->s->has_lock_timeout = 1;
		p->s->lock_timeout_ms = ms;
	} else {
		p->s->statement_timeout_ms = ms;
	}
	return 0;
}

static int header_key(struct parser *p, unsigned lineno, enum key key,
		      const char *b, const char *e)
{
	struct mg_script *s = p->s;
	size_t n = (size_t)(e - b);
	int rc;

	if (p->key_line[key]) {
		fail(p, lineno, "duplicate header key \"migrator:%s\"",
		     key_table[key].name);
		mg_diag_detail(p->d, "It was first given on line %u.",
				     p->key_line[key]);
		return MIGRATOR_ESCRIPT;
	}
	p->key_line[key] = lineno;

	switch (key) {
	case KEY_REVISION:
		if (n == 0)
			return fail(p, lineno, "empty migrator:revision");
		rc = check_revision(p, lineno, "revision", b, n);
		if (rc < 0)
			return rc;
		s->revision = mg_arena_strndup(p->arena, b, n);
		s->revision_line = lineno;
		return s->revision ? 0 : oom(p);
	case KEY_DOWN_REVISION:
		s->down_revision_line = lineno;
		return parse_list(p, lineno, key, b, e, &s->down_revisions,
				  &s->n_down_revisions);
	case KEY_DEPENDS_ON:
		s->depends_on_line = lineno;
		return parse_list(p, lineno, key, b, e, &s->depends_on,
				  &s->n_depends_on);
	case KEY_BRANCH_LABELS:
		return parse_list(p, lineno, key, b, e, &s->branch_labels,
				  &s->n_branch_labels);
	case KEY_MESSAGE:
		/* `revision -m` refuses the same: the message is printed in
		 * one line, and --sql puts it in a `--` comment, which a
		 * carriage return would end on PostgreSQL. */
		for (size_t i = 0; i < n; i++)
			if (((unsigned char)b[i] < 0x20 && b[i] != '\t') ||
			    b[i] == 0x7f) {
				fail(p, lineno,
				     "migrator:message contains a control "
				     "character (byte 0x%02x)",
				     (unsigned char)b[i]);
				mg_diag_hint(p->d, "Keep the message on "
						      "one line of text.");
				return MIGRATOR_ESCRIPT;
			}
		s->message = mg_arena_strndup(p->arena, b, n);
		return s->message ? 0 : oom(p);
	case KEY_TRANSACTIONAL:
		if (n == 4 && memcmp(b, "true", 4) == 0)
			s->transactional = 1;
		else if (n == 5 && memcmp(b, "false", 5) == 0)
			s->transactional = 0;
		else {
			fail(p, lineno,
			     "invalid value \"%.*s%s\" for "
			     "migrator:transactional",
			     show_len(b, n), b, show_more(n));
			mg_diag_hint(p->d, "Write true or false.");
			return MIGRATOR_ESCRIPT;
		}
		return 0;
	case KEY_LOCK_TIMEOUT:
	case KEY_STATEMENT_TIMEOUT:
		return timeout_key(p, lineno, key, b, n);
	default:
		return 0;
	}
}

/* Ends the open section just before text position end. */
static int close_section(struct parser *p, const char *end)
{
	struct migrator_section *sec;
	size_t n;

	if (!p->open)
		return 0;
	sec = &p->open->v[p->open->n - 1];
	n = (size_t)(end - p->sec_start);
	sec->sql = mg_arena_strndup(p->arena, p->sec_start, n);
	if (!sec->sql)
		return oom(p);
	sec->len = n;
	p->open = NULL;
	return 0;
}

static int open_section(struct parser *p, unsigned lineno, enum key key,
			const char *b, const char *e, const char *next_line)
{
	struct seclist *l = key == KEY_VERIFY ? &p->vsec : &p->sec;
	struct migrator_section *sec;
	const char *c;
	size_t n = (size_t)(e - b);

	for (c = b; c < e; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_'))
			break;
	if (c < e) {
		fail(p, lineno, "invalid dialect \"%.*s%s\" in migrator:%s",
		     show_len(b, n), b, show_more(n), key_table[key].name);
		mg_diag_hint(p->d, "A dialect is one lower-case word, "
					 "such as postgresql or sqlite.");
		return MIGRATOR_ESCRIPT;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		struct migrator_section *v;

		if (cap > SIZE_MAX / sizeof(*v))
			return oom(p);
		v = mg_arena_alloc(p->arena, cap * sizeof(*v));
		if (!v)
			return oom(p);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	sec = &l->v[l->n++];
	memset(sec, 0, sizeof(*sec));
	/* a verify section checks the upgrade it follows */
	sec->direction =
		key == KEY_DOWNGRADE ? MIGRATOR_DOWNGRADE : MIGRATOR_UPGRADE;
	if (n > 0) {
		/* matched against the names a driver declares when it runs */
		sec->dialect = mg_arena_strndup(p->arena, b, n);
		if (!sec->dialect)
			return oom(p);
	}
	sec->line = lineno + 1;
	p->sec_start = next_line;
	p->open = l;
	return 0;
}

/*
 * Header free text: blank lines, "--" comments and block comments.  SQL
 * here would never run: its first line is kept for finish() to report.
 */
static int header_text(struct parser *p, unsigned lineno, const char *b,
		       const char *e)
{
	for (;;) {
		if (p->in_block_comment) {
			const char *c = b;

			while (c + 1 < e && !(c[0] == '*' && c[1] == '/'))
				c++;
			if (c + 1 >= e)
				return 0;
			p->in_block_comment = 0;
			b = c + 2;
		}
		trim(&b, &e);
		if (b == e || (e - b >= 2 && b[0] == '-' && b[1] == '-'))
			return 0;
		if (e - b >= 2 && b[0] == '/' && b[1] == '*') {
			p->in_block_comment = 1;
			p->block_comment_line = lineno;
			b += 2;
			continue;
		}
		/* Reported at the end, so that a file that is all SQL says
		 * it has no header rather than this. */
		if (!p->stray_line)
			p->stray_line = lineno;
		return 0;
	}
}

/*
 * One line, without its '\n' (and trailing '\r' blanks are trimmed where
 * it matters).  next_line is where the following line starts.
 */
static int parse_line(struct parser *p, unsigned lineno, const char *b,
		      const char *e, const char *next_line)
{
	const char *c = b, *kb, *ke, *vb, *ve;
	enum key key;

	while (c < e && is_blank((unsigned char)*c))
		c++;
	if (!(e - c >= 2 && c[0] == '-' && c[1] == '-') || p->in_block_comment)
		goto not_directive;
	c += 2;
	while (c < e && is_blank((unsigned char)*c))
		c++;
	if ((size_t)(e - c) < 9 || memcmp(c, "migrator:", 9) != 0)
		goto not_directive;

	kb = c + 9;
	ke = kb;
	while (ke < e && !is_blank((unsigned char)*ke))
		ke++;
	vb = ke;
	ve = e;
	trim(&vb, &ve);
	key = lookup_key(kb, (size_t)(ke - kb));
	if (key == KEY_UNKNOWN) {
		size_t n = (size_t)(ke - kb);

		if (n == 0)
			return fail(p, lineno,
				    "missing key after \"migrator:\"");
		return fail(p, lineno, "unknown header key \"migrator:%.*s%s\"",
			    show_len(kb, n), kb, show_more(n));
	}
	if (key == KEY_UPGRADE || key == KEY_DOWNGRADE || key == KEY_VERIFY) {
		/* The section before ends where this line begins. */
		if (close_section(p, b) < 0)
			return MIGRATOR_ENOMEM;
		return open_section(p, lineno, key, vb, ve, next_line);
	}
	if (p->sec.n + p->vsec.n > 0) {
		fail(p, lineno,
		     "header key \"migrator:%s\" after the first section",
		     key_table[key].name);
		mg_diag_hint(p->d, "Header lines go before the first "
					 "\"-- migrator:upgrade\" or "
					 "\"-- migrator:downgrade\" line.");
		return MIGRATOR_ESCRIPT;
	}
	return header_key(p, lineno, key, vb, ve);

not_directive:
	if (p->open)
		return 0; /* SQL: copied whole when the section closes */
	return header_text(p, lineno, b, e);
}

static int cmp_section(const void *a, const void *b)
{
	const struct migrator_section *x = a, *y = b;
	int c;

	if (x->direction != y->direction)
		return x->direction < y->direction ? -1 : 1;
	if (!x->dialect || !y->dialect)
		c = !x->dialect - !y->dialect;
	else
		c = strcmp(x->dialect, y->dialect);
	if (c)
		return c > 0 ? 1 : -1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int same_section(const struct migrator_section *a,
			const struct migrator_section *b)
{
	return a->direction == b->direction &&
	       (a->dialect == NULL) == (b->dialect == NULL) &&
	       (!a->dialect || strcmp(a->dialect, b->dialect) == 0);
}

/* Up to this many sections (every real file) are compared pairwise in
 * place; more are sorted in a copy so that a hostile file stays n log n. */
#define SECTIONS_PAIRWISE_MAX 8

/* The earliest second marker of a section that l holds twice (*dup) and
 * its twin (*first); both NULL when there is none. */
static int find_duplicate(struct parser *p, const struct seclist *l,
			  const struct migrator_section **dup,
			  const struct migrator_section **first)
{
	struct migrator_section *copy;
	unsigned dup_line = 0, first_line = 0;
	size_t i, j;

	*dup = *first = NULL;
	if (l->n < 2)
		return 0;
	if (l->n <= SECTIONS_PAIRWISE_MAX) {
		/* l is in file order: the first j with an earlier twin is
		 * the earliest second marker, and that twin is unique. */
		for (j = 1; j < l->n && !*dup; j++)
			for (i = 0; i < j; i++)
				if (same_section(&l->v[i], &l->v[j])) {
					*first = &l->v[i];
					*dup = &l->v[j];
					break;
				}
		return 0;
	}
	copy = malloc(l->n * sizeof(*copy));
	if (!copy)
		return oom(p);
	memcpy(copy, l->v, l->n * sizeof(*copy));
	qsort(copy, l->n, sizeof(*copy), cmp_section);
	for (i = 1; i < l->n; i++) {
		if (!same_section(&copy[i - 1], &copy[i]))
			continue;
		if (!dup_line || copy[i].line < dup_line) {
			dup_line = copy[i].line;
			first_line = copy[i - 1].line;
		}
	}
	free(copy);
	/* the originals, which outlive the copy: each marker has a line of
	 * its own */
	for (i = 0; dup_line && i < l->n; i++) {
		if (l->v[i].line == dup_line)
			*dup = &l->v[i];
		if (l->v[i].line == first_line)
			*first = &l->v[i];
	}
	return 0;
}

/* A duplicate section is reported at its second marker, the earliest such
 * in the file. */
static int check_sections_unique(struct parser *p)
{
	const struct migrator_section *dup, *first, *vdup, *vfirst;
	int verify = 0;

	if (find_duplicate(p, &p->sec, &dup, &first) < 0 ||
	    find_duplicate(p, &p->vsec, &vdup, &vfirst) < 0)
		return MIGRATOR_ENOMEM;
	if (vdup && (!dup || vdup->line < dup->line)) {
		dup = vdup;
		first = vfirst;
		verify = 1;
	}
	if (!dup)
		return 0;
	/* Lines point after the markers: name the marker lines. */
	fail(p, dup->line - 1, "duplicate section \"migrator:%s%s%s\"",
	     verify ? "verify"
	     : dup->direction == MIGRATOR_UPGRADE ? "upgrade"
						   : "downgrade",
	     dup->dialect ? " " : "", dup->dialect ? dup->dialect : "");
	mg_diag_detail(p->d, "The same section starts on line %u.",
		       first->line - 1);
	return MIGRATOR_ESCRIPT;
}

static int finish(struct parser *p, const char *text_end)
{
	struct mg_script *s = p->s;
	size_t i;
	int rc;

	rc = close_section(p, text_end);
	if (rc < 0)
		return rc;
	if (p->in_block_comment)
		return fail(p, p->block_comment_line,
			    "unterminated block comment in the header");
	if (!s->revision)
		return fail(p, 1, "no migrator:revision header");
	if (p->stray_line) {
		fail(p, p->stray_line, "statement outside any section");
		mg_diag_hint(p->d,
				   "SQL goes after a \"-- migrator:upgrade\" "
				   "or \"-- migrator:downgrade\" line.");
		return MIGRATOR_ESCRIPT;
	}
	rc = check_sections_unique(p);
	if (rc < 0)
		return rc;
	for (i = 0; i < s->n_down_revisions; i++)
		if (strcmp(s->down_revisions[i], s->revision) == 0)
			return fail(p, s->down_revision_line,
				    "revision \"%s\" names itself in "
				    "migrator:down_revision",
				    s->revision);
	s->sections = p->sec.v;
	s->n_sections = p->sec.n;
	s->verify_sections = p->vsec.v;
	s->n_verify_sections = p->vsec.n;
	return 0;
}

int mg_script_parse(struct mg_script *out, struct mg_arena *arena,
		    const char *path, const char *text, size_t len,
		    mg_diag *d)
{
	struct mg_script s;
	struct parser p;
	const char *c, *end;
	unsigned lineno = 0;
	int rc = 0;

	if (!text) {
		text = "";
		len = 0;
	}
	c = text;
	end = text + len;
	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	memset(&p, 0, sizeof(p));
	p.arena = arena;
	p.d = d;
	p.s = &s;
	s.message = "";
	s.transactional = 1;
	if (!path)
		path = "";
	p.path = path;
	s.path = mg_arena_strdup(arena, path);
	if (!s.path)
		return oom(&p);

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c += 3;
	while (c < end) {
		const char *nl = memchr(c, '\n', (size_t)(end - c));
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;

		if (lineno == UINT_MAX) {
			rc = fail(&p, lineno, "too many lines");
			break;
		}
		lineno++;
		rc = check_bytes(&p, lineno, c, (size_t)(le - c));
		if (rc < 0)
			break;
		rc = parse_line(&p, lineno, c, le, next);
		if (rc < 0)
			break;
		c = next;
	}
	if (rc == 0)
		rc = finish(&p, end);
	if (rc < 0)
		return rc;
	*out = s;
	return 0;
}

/* The section of v[0..n) for the dialect of names (see
 * mg_script_section_of). */
static const struct migrator_section *
pick(const struct migrator_section *v, size_t n, int any_direction,
     enum migrator_direction direction, const char *const *names,
     size_t *n_named)
{
	const struct migrator_section *plain = NULL, *own = NULL;
	size_t best = SIZE_MAX, named = 0;

	for (size_t i = 0; i < n; i++) {
		const struct migrator_section *sec = &v[i];

		if (!any_direction && sec->direction != direction)
			continue;
		if (!sec->dialect) {
			plain = sec;
			continue;
		}
		for (size_t k = 0; names && names[k]; k++) {
			if (strcmp(sec->dialect, names[k]) != 0)
				continue;
			named++;
			if (k < best)
				best = k, own = sec;
			break;
		}
	}
	if (n_named)
		*n_named = named;
	return own ? own : plain;
}

const struct migrator_section *
mg_script_section_of(const struct mg_script *s,
			   enum migrator_direction direction,
			   const char *const *names, size_t *n_named)
{
	return pick(s ? s->sections : NULL, s ? s->n_sections : 0, 0,
		    direction, names, n_named);
}

const struct migrator_section *
mg_script_verify_of(const struct mg_script *s, const char *const *names,
		    size_t *n_named)
{
	return pick(s ? s->verify_sections : NULL,
		    s ? s->n_verify_sections : 0, 1, MIGRATOR_UPGRADE, names,
		    n_named);
}

const struct migrator_section *
mg_script_section(const struct mg_script *s,
			enum migrator_direction direction, const char *dialect)
{
	const char *names[] = {dialect, NULL};

	return mg_script_section_of(s, direction, names, NULL);
}
