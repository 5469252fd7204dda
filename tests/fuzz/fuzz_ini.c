/*
 * fuzz_ini.c - the migrator.ini line grammar (cli_ini_parse).
 *
 * Besides not crashing: the parser must agree, line for line, with a
 * second, deliberately plain reading of the same bytes below (model()):
 * the same key/value lines, each under the section and with the line
 * number the bytes give, keys and values trimmed and split at the first
 * '='; an error (NUL byte, bad section header) at the line the model
 * names, located in the file given; and a callback's non-zero return stops
 * the parse at once and is what the parser returns.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "ini_parse.h"

#define FILE_NAME "conf.d/migrator.ini"
/* A key the callback refuses, to test that a refusal stops the parse. */
#define STOP_KEY "stop"

/* One key/value line, as the parser reported it or as the model expects. */
struct entry {
	char *section, *key, *value; /* value NULL: the line had no '=' */
	unsigned line;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	FUZZ_CHECK(p != NULL);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void push(struct entries *e, const char *section, size_t slen,
		 const char *key, size_t klen, const char *value, size_t vlen,
		 unsigned line)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 16;
		e->v = realloc(e->v, e->cap * sizeof(*e->v));
		FUZZ_CHECK(e->v != NULL);
	}
	e->v[e->n].section = dup_n(section, slen);
	e->v[e->n].key = dup_n(key, klen);
	e->v[e->n].value = value ? dup_n(value, vlen) : NULL;
	e->v[e->n].line = line;
	e->n++;
}

static void entries_free(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].section);
		free(e->v[i].key);
		free(e->v[i].value);
	}
	free(e->v);
}

/* White space as the C locale's isspace() sees it, spelled out. */
static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

/* Narrows [*s, *s + *n) to its trimmed part. */
static void trim_span(const char **s, size_t *n)
{
	while (*n && blank(**s))
		(*s)++, (*n)--;
	while (*n && blank((*s)[*n - 1]))
		(*n)--;
}

/* What the parser should report: the entries into *want, and the return
 * value (0, or MIGRATOR_ECONFIG with *err_line and *err_msg). */
static int model(const char *text, size_t len, struct entries *want,
		 unsigned *err_line, const char **err_msg)
{
	const char *p = text, *end = text + len;
	const char *sec = "";
	size_t seclen = 0;
	unsigned line = 0;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *eq;
		size_t n = (size_t)((nl ? nl : end) - p);

		line++;
		p = nl ? nl + 1 : end;
		if (memchr(s, '\0', n)) {
			*err_line = line;
			*err_msg = "NUL byte in config file";
			return MIGRATOR_ECONFIG;
		}
		trim_span(&s, &n);
		if (n == 0 || s[0] == ';' || s[0] == '#')
			continue;
		if (s[0] == '[') {
			const char *close = memchr(s, ']', n);

			if (!close || close != s + n - 1) {
				*err_line = line;
				*err_msg = "bad section header";
				return MIGRATOR_ECONFIG;
			}
			sec = s + 1;
			seclen = (size_t)(close - sec);
			trim_span(&sec, &seclen);
			continue;
		}
		eq = memchr(s, '=', n);
		if (eq) {
			const char *k = s, *v = eq + 1;
			size_t kn = (size_t)(eq - s), vn = n - kn - 1;

			trim_span(&k, &kn);
			trim_span(&v, &vn);
			push(want, sec, seclen, k, kn, v, vn, line);
		} else {
			push(want, sec, seclen, s, n, NULL, 0, line);
		}
		if (strcmp(want->v[want->n - 1].key, STOP_KEY) == 0)
			return 1; /* the callback refuses it: the parse stops */
	}
	return 0;
}

static int is_trimmed(const char *s)
{
	size_t n = strlen(s);

	return n == 0 || (!blank(s[0]) && !blank(s[n - 1]));
}

static int on_line(void *ctx, const char *section, const char *key,
		   const char *value, unsigned line, struct cli_err *d)
{
	struct entries *got = ctx;

	FUZZ_CHECK(section != NULL && key != NULL);
	FUZZ_CHECK(is_trimmed(section) && is_trimmed(key));
	FUZZ_CHECK(!value || is_trimmed(value));
	FUZZ_CHECK(strchr(key, '=') == NULL);
	FUZZ_CHECK(d->code == 0);
	push(got, section, strlen(section), key, strlen(key), value,
	     value ? strlen(value) : 0, line);
	if (strcmp(key, STOP_KEY) == 0)
		return cli_err_set(d, MIGRATOR_EUSAGE,
					 "stopped at line %u", line);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct entries got = {NULL, 0, 0}, want = {NULL, 0, 0};
	struct cli_err d = CLI_ERR_INIT;
	const char *text = (const char *)data;
	const char *err_msg = NULL;
	unsigned err_line = 0;
	int rc, expect;

	expect = model(text, size, &want, &err_line, &err_msg);
	rc = cli_ini_parse(text, size, FILE_NAME, on_line, &got, &d);

	FUZZ_CHECK(got.n == want.n);
	for (size_t i = 0; i < got.n; i++) {
		const struct entry *g = &got.v[i], *w = &want.v[i];

		if (g->line != w->line || strcmp(g->section, w->section) ||
		    strcmp(g->key, w->key) || !g->value != !w->value ||
		    (g->value && strcmp(g->value, w->value))) {
			fprintf(stderr,
				"fuzz_ini: entry %zu: parser [%s] \"%s\" = "
				"\"%s\" at line %u, model [%s] \"%s\" = "
				"\"%s\" at line %u\n",
				i, g->section, g->key,
				g->value ? g->value : "(none)", g->line,
				w->section, w->key,
				w->value ? w->value : "(none)", w->line);
			abort();
		}
	}
	if (expect == 0) {
		FUZZ_CHECK(rc == 0 && d.code == 0 && d.message == NULL);
	} else if (expect == 1) {
		/* the callback's refusal, returned as it is, not relocated */
		FUZZ_CHECK(rc == MIGRATOR_EUSAGE && d.code == rc);
		FUZZ_CHECK(d.file == NULL && d.line == 0);
		FUZZ_CHECK(got.n > 0 &&
			   strcmp(got.v[got.n - 1].key, STOP_KEY) == 0);
	} else {
		FUZZ_CHECK(rc == expect && d.code == rc);
		FUZZ_CHECK_MESSAGE(d.message);
		if (strcmp(d.message, err_msg) != 0 || d.line != err_line) {
			fprintf(stderr,
				"fuzz_ini: parser says \"%s\" at line %u, "
				"model \"%s\" at line %u\n",
				d.message, d.line, err_msg, err_line);
			abort();
		}
		FUZZ_CHECK(d.file != NULL && strcmp(d.file, FILE_NAME) == 0);
	}
	cli_err_clear(&d);
	entries_free(&got);
	entries_free(&want);
	return 0;
}
