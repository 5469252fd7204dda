/*
 * graph_spec.c - a graph from a one-line description such as
 * "a; b<a label=billing; c<a; m<b,c nodown", so tests can state a graph
 * shape without writing files (see graph_build.h for the syntax).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "graph_build.h"

static int is_sep(char c)
{
	return c == ';' || c == '\n';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits s[0..len) on commas into an arena array of strings. */
static int split_list(struct mg_arena *a, const char *s, size_t len,
		      const char *const **out, size_t *n)
{
	size_t count = 1, k = 0;
	const char **v;

	for (size_t i = 0; i < len; i++)
		count += s[i] == ',';
	v = mg_arena_alloc(a, count * sizeof(*v));
	if (!v)
		return MIGRATOR_ENOMEM;
	for (size_t i = 0, start = 0; i <= len; i++) {
		if (i < len && s[i] != ',')
			continue;
		if (i > start) {
			v[k] = mg_arena_strndup(a, s + start, i - start);
			if (!v[k++])
				return MIGRATOR_ENOMEM;
		}
		start = i + 1;
	}
	*out = v;
	*n = k;
	return 0;
}

static int word_is(const char *w, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(w, lit, len) == 0;
}

/* Fills s from one entry e[0..len); returns 0, <0 on error. */
static int parse_entry(struct mg_arena *a, struct mg_script *s,
		       const char *e, size_t len, mg_diag *d)
{
	int up = 1, down = 1, sqlite_only = 0;
	size_t i = 0, nsec = 0;
	struct migrator_section *sec;
	char *path;

	while (i < len) {
		size_t start, wl;
		const char *w;

		while (i < len && is_blank(e[i]))
			i++;
		start = i;
		while (i < len && !is_blank(e[i]))
			i++;
		w = e + start;
		wl = i - start;
		if (wl == 0)
			break;
		if (!s->revision) {
			const char *lt = memchr(w, '<', wl);
			size_t idl = lt ? (size_t)(lt - w) : wl;

			s->revision = mg_arena_strndup(a, w, idl);
			if (!s->revision)
				return MIGRATOR_ENOMEM;
			if (lt && split_list(a, lt + 1, wl - idl - 1,
					     &s->down_revisions,
					     &s->n_down_revisions) < 0)
				return MIGRATOR_ENOMEM;
		} else if (wl > 4 && memcmp(w, "dep=", 4) == 0) {
			if (split_list(a, w + 4, wl - 4, &s->depends_on,
				       &s->n_depends_on) < 0)
				return MIGRATOR_ENOMEM;
		} else if (wl > 6 && memcmp(w, "label=", 6) == 0) {
			if (split_list(a, w + 6, wl - 6, &s->branch_labels,
				       &s->n_branch_labels) < 0)
				return MIGRATOR_ENOMEM;
		} else if (word_is(w, wl, "noup")) {
			up = 0;
		} else if (word_is(w, wl, "nodown")) {
			down = 0;
		} else if (word_is(w, wl, "sqlite")) {
			sqlite_only = 1;
		} else {
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "bad graph spec word \"%.*s\"",
						 (int)wl, w);
		}
	}
	if (!s->revision)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "empty graph spec entry");
	path = mg_arena_alloc(a, strlen(s->revision) + sizeof("_spec.sql"));
	sec = mg_arena_alloc(a, 2 * sizeof(*sec));
	if (!path || !sec)
		return MIGRATOR_ENOMEM;
	strcpy(path, s->revision);
	strcat(path, "_spec.sql");
	s->path = path;
	s->message = "";
	s->transactional = 1;
	/* Header lines as a file would have them, for messages. */
	s->revision_line = 1;
	s->down_revision_line = s->n_down_revisions ? 2 : 0;
	s->depends_on_line = s->n_depends_on ? 3 : 0;
	if (up)
		sec[nsec++] = (struct migrator_section){
			MIGRATOR_UPGRADE, sqlite_only ? "sqlite" : NULL, "", 0,
			3};
	if (down)
		sec[nsec++] = (struct migrator_section){
			MIGRATOR_DOWNGRADE, sqlite_only ? "sqlite" : NULL, "",
			0, 5};
	s->sections = sec;
	s->n_sections = nsec;
	return 0;
}

int mg_graph_from_spec(mg_graph **out, const char *spec,
		       mg_diag *d)
{
	struct mg_arena a = MG_ARENA_INIT;
	struct mg_script *scripts;
	size_t cap = 1, n = 0, len = strlen(spec);
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; i < len; i++)
		cap += is_sep(spec[i]);
	scripts = mg_arena_alloc(&a, cap * sizeof(*scripts));
	if (!scripts) {
		rc = MIGRATOR_ENOMEM;
		goto fail;
	}
	for (size_t i = 0, start = 0; i <= len && rc == 0; i++) {
		size_t k = start;

		if (i < len && !is_sep(spec[i]))
			continue;
		while (k < i && is_blank(spec[k]))
			k++;
		if (k < i)
			rc = parse_entry(&a, &scripts[n++], spec + k, i - k, d);
		start = i + 1;
	}
	if (rc)
		goto fail;
	return mg_graph_link(out, &a, NULL, scripts, n, d);
fail:
	mg_arena_free(&a);
	if (rc == MIGRATOR_ENOMEM)
		mg_diag_set(d, rc, "out of memory");
	return rc;
}
