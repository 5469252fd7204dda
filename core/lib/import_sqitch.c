/*
 * import_sqitch.c - a Sqitch project: sqitch.plan in order, each change's
 * deploy/, revert/ and verify/ scripts (NAME.sql; an instance reworked
 * later NAME@TAG.sql, TAG as Sqitch picks it: the tags between it and the
 * rework, latest first, then its own).  requires become depends_on,
 * conflicts and other projects' changes are listed as not converted;
 * verify scripts become verify sections (migrator's verify accepts
 * Sqitch's "SELECT ... WHERE false" form).  The BEGIN/COMMIT (ROLLBACK)
 * lines that Sqitch's templates wrap scripts in are dropped: migrator
 * runs each revision in a transaction itself.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "import.h"
#include "import_text.h"

struct entry {
	char *name;	  /* change name, or tag name with '@' */
	int tag;	  /* a tag line */
	unsigned line;	  /* in sqitch.plan */
	mg_strvec deps;	  /* raw requires/conflicts */
	char *note;
	size_t rev;	  /* index in im->v (changes) */
};

struct plan {
	struct entry *e;
	size_t n, cap;
	const char *src;
	char *path; /* src/sqitch.plan */
};

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int bad(struct plan *p, unsigned line, const char *why, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_ESCRIPT, "%s", why);
	mg_diag_locate(d, p->path, line);
	return MIGRATOR_ESCRIPT;
}

static const char *skip_blank(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static const char *word_end(const char *s, const char *e)
{
	while (s < e && !isspace((unsigned char)*s) && *s != '[')
		s++;
	return s;
}

/* Sqitch's rules forbid what would make a change's script path leave
 * deploy/ (a '/', "." or ".."). */
static int sqitch_name(const char *name)
{
	return !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

/* One change or tag line into a new entry. */
static int parse_line(struct plan *p, const char *l, size_t len,
		      unsigned line, mg_diag *d)
{
	const char *e = l + len, *s = skip_blank(l, e), *w;
	struct entry *en;

	if (s == e || *s == '#' || *s == '%')
		return 0;
	if (mg_array_grow(&p->e, &p->cap, p->n + 1, sizeof(*p->e), 16) < 0)
		return nomem(d);
	en = &p->e[p->n++];
	memset(en, 0, sizeof(*en));
	en->line = line;
	if (*s == '+' || *s == '-') /* an old plan's deploy/revert op */
		s++;
	en->tag = *s == '@';
	w = word_end(s, e);
	if (w == s)
		return bad(p, line, "a plan line without a name", d);
	en->name = mg_imp_strndup(s, (size_t)(w - s));
	if (!en->name)
		return nomem(d);
	if (!sqitch_name(en->name + en->tag)) {
		mg_diag_set(d, MIGRATOR_ESCRIPT, "%s name %s is not a Sqitch name",
			    en->tag ? "tag" : "change", en->name);
		mg_diag_detail(d, "A change or tag name names script files: "
				  "it may not hold a '/' nor be '.' or '..'.");
		mg_diag_locate(d, p->path, line);
		return MIGRATOR_ESCRIPT;
	}
	s = skip_blank(w, e);
	if (!en->tag && s < e && *s == '[') {
		const char *close = memchr(s, ']', (size_t)(e - s));

		if (!close)
			return bad(p, line, "an unclosed [ in the plan", d);
		for (s++; s < close;) {
			s = skip_blank(s, close);
			w = s;
			while (w < close && !isspace((unsigned char)*w))
				w++;
			if (w > s && mg_strvec_pushn(&en->deps, s,
						     (size_t)(w - s)) < 0)
				return nomem(d);
			s = w;
		}
	}
	return 0;
}

static int read_plan(struct plan *p, mg_diag *d)
{
	char *text = NULL;
	const char *c, *l;
	size_t len;
	unsigned line = 0;
	int rc = mg_import_read(&text, p->src, "sqitch.plan", d);

	for (c = text; !rc && (l = mg_imp_line(&c, &len)) != NULL;)
		rc = parse_line(p, l, len, ++line, d);
	free(text);
	return rc;
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The latest instance of change name before entry index `before`, or -1. */
static long instance(const struct plan *p, const char *name, size_t before)
{
	for (size_t i = before; i-- > 0;)
		if (!p->e[i].tag && strcmp(p->e[i].name, name) == 0)
			return (long)i;
	return -1;
}

static long next_instance(const struct plan *p, size_t i)
{
	for (size_t k = i + 1; k < p->n; k++)
		if (!p->e[k].tag && strcmp(p->e[k].name, p->e[i].name) == 0)
			return (long)k;
	return -1;
}

/* Entry i's version: its name, or NAME@TAG for an instance reworked
 * later (Sqitch's file choice). */
static char *version_of(const struct plan *p, size_t i)
{
	long next = next_instance(p, i);
	char *first = NULL;

	if (next < 0)
		return strdup(p->e[i].name);
	/* the rework's tags, latest first, then the instance's own (those
	 * right after it) */
	for (long k = next; k-- > (long)i + 1;) {
		char *v, *path;

		if (!p->e[k].tag)
			continue;
		v = mg_strdup_printf("%s%s", p->e[i].name, p->e[k].name);
		path = v ? mg_strdup_printf("%s/deploy/%s.sql", p->src, v)
			 : NULL;
		if (path && file_exists(path)) {
			free(path);
			free(first);
			return v;
		}
		free(path);
		if (!first)
			first = v;
		else
			free(v);
	}
	return first ? first : strdup(p->e[i].name);
}

/* The lines of text without those that are only BEGIN;, COMMIT; or
 * ROLLBACK; (any case; Sqitch's templates). */
static char *unwrap(const char *text)
{
	struct mg_buf b = MG_BUF_INIT;
	const char *c = text, *l;
	size_t len;

	while ((l = mg_imp_line(&c, &len)) != NULL) {
		const char *s = skip_blank(l, l + len), *e = l + len;
		size_t n;

		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		n = (size_t)(e - s);
		if ((n == 6 && strncasecmp(s, "BEGIN;", 6) == 0) ||
		    (n == 7 && strncasecmp(s, "COMMIT;", 7) == 0) ||
		    (n == 9 && strncasecmp(s, "ROLLBACK;", 9) == 0))
			continue;
		if (mg_buf_add(&b, l, len) < 0 || mg_buf_putc(&b, '\n') < 0) {
			mg_buf_free(&b);
			return NULL;
		}
	}
	return b.ptr ? mg_buf_detach(&b) : strdup("");
}

/* dir/version.sql unwrapped into *out; a missing file leaves *out NULL
 * unless need. */
static int script(char **out, const struct plan *p, const char *dir,
		  const char *version, int need, mg_diag *d)
{
	char *sub = mg_strdup_printf("%s/%s", p->src, dir),
	     *name = mg_strdup_printf("%s.sql", version), *path, *raw = NULL;
	int rc = 0;

	*out = NULL;
	path = sub && name ? mg_strdup_printf("%s/%s", sub, name) : NULL;
	if (!path)
		rc = nomem(d);
	else if (!file_exists(path) && need) {
		mg_diag_set(d, MIGRATOR_ESCRIPT,
			    "%s: change %s has no %s script", p->path, version,
			    dir);
		mg_diag_detail(d, "%s is missing.", path);
		rc = MIGRATOR_ESCRIPT;
	} else if (file_exists(path)) {
		rc = mg_import_read(&raw, sub, name, d);
		if (!rc && !(*out = unwrap(raw)))
			rc = nomem(d);
	}
	free(raw);
	free(sub);
	free(name);
	free(path);
	return rc;
}

static int note(struct mg_import *im, mg_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int note(struct mg_import *im, mg_diag *d, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	line = mg_strdup_vprintf(fmt, ap);
	va_end(ap);
	int rc = line && mg_strvec_push(&im->skipped, line) == 0 ? 0
								 : nomem(d);

	free(line);
	return rc;
}

/* requires -> depends_on (revision IDs of earlier changes). */
static int deps(struct mg_import *im, struct plan *p, size_t i, mg_diag *d)
{
	struct entry *en = &p->e[i];
	struct mg_import_rev *r = &im->v[en->rev];

	for (size_t k = 0; k < en->deps.n; k++) {
		const char *dep = en->deps.v[k];
		char *name, *at;
		long at_idx = (long)i, inst;
		int rc = 0;

		if (*dep == '!')
			rc = note(im, d, "%s: conflicts with %s (migrator "
					 "has no conflicts; not converted)",
				  en->name, dep + 1);
		else if (strchr(dep, ':'))
			rc = note(im, d, "%s: requires %s of another project "
					 "(not converted)",
				  en->name, dep);
		if (rc || *dep == '!' || strchr(dep, ':')) {
			if (rc)
				return rc;
			continue;
		}
		name = strdup(*dep == '&' ? dep + 1 : dep);
		if (!name)
			return nomem(d);
		at = strchr(name, '@');
		if (at) {
			*at = '\0';
			/* the instance before that tag */
			for (size_t t = 0; t < i; t++)
				if (p->e[t].tag &&
				    strcmp(p->e[t].name + 1, at + 1) == 0)
					at_idx = (long)t;
		}
		inst = instance(p, name, (size_t)at_idx);
		free(name);
		if (inst < 0) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
				    "change %s requires %s, which is not "
				    "planned before it",
				    en->name, dep);
			mg_diag_locate(d, p->path, en->line);
			return MIGRATOR_ESCRIPT;
		}
		if (mg_strvec_find(&r->depends, im->v[p->e[inst].rev].id) < 0 &&
		    mg_strvec_push(&r->depends, im->v[p->e[inst].rev].id) < 0)
			return nomem(d);
	}
	return 0;
}

static int change(struct mg_import *im, struct plan *p, size_t i,
		  mg_diag *d)
{
	struct mg_import_rev *r = mg_import_add(im, d);
	int rc;

	if (!r)
		return MIGRATOR_ENOMEM;
	p->e[i].rev = im->n - 1;
	r->version = version_of(p, i);
	r->message = r->version ? mg_imp_message(r->version,
						 strlen(r->version))
				: NULL;
	r->file = r->version ? mg_strdup_printf("deploy/%s.sql", r->version)
			     : NULL;
	if (!r->version || !r->message || !r->file)
		return nomem(d);
	rc = script(&r->upgrade, p, "deploy", r->version, 1, d);
	if (!rc)
		rc = script(&r->downgrade, p, "revert", r->version, 0, d);
	if (!rc)
		rc = script(&r->verify, p, "verify", r->version, 0, d);
	if (!rc) {
		int mapped = 0;

		r->id = mg_import_id(r->version, &mapped);
		rc = r->id ? 0 : nomem(d);
	}
	return rc;
}

int mg_import_sqitch(struct mg_import *im, const char *src, mg_diag *d)
{
	struct plan p = {NULL, 0, 0, src, NULL};
	int rc = 0;

	p.path = mg_strdup_printf("%s/sqitch.plan", src);
	if (!p.path)
		return nomem(d);
	rc = read_plan(&p, d);
	for (size_t i = 0; !rc && i < p.n; i++)
		if (!p.e[i].tag)
			rc = change(im, &p, i, d);
	for (size_t i = 0; !rc && i < p.n; i++)
		if (!p.e[i].tag)
			rc = deps(im, &p, i, d);
	if (!rc && (mg_strvec_push(&im->notes,
				   "the transaction lines of the scripts (begin, "
				   "commit, rollback) were left out: migrator "
				   "runs each revision in a transaction") < 0 ||
		    mg_strvec_push(&im->notes,
				   "verify/ scripts became verify sections: "
				   "run them with migrator verify or upgrade "
				   "--verify") < 0))
		rc = nomem(d);
	for (size_t i = 0; i < p.n; i++) {
		free(p.e[i].name);
		free(p.e[i].note);
		mg_strvec_clear(&p.e[i].deps);
	}
	free(p.e);
	free(p.path);
	return rc;
}
