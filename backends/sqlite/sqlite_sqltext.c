/*
 * sqlite_sqltext.c - tokens and the normal form of the text SQLite
 * keeps for a table (sqlite_master.sql), for `migrator diff`.
 *
 * SQLite keeps a table's definition as it was written, then edits it in
 * place (ALTER TABLE ADD COLUMN appends the column's text, RENAME quotes
 * the new name).  The normal form lets two spellings of one definition
 * compare equal: comments and white space go, words are lower-cased
 * (SQLite's names and keywords ignore case), quoted names lose their
 * quotes, strings stay as they are.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sqlite_sqltext.h"

static int is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* After the opening quote q at s: past the closing one (doubled quotes
 * are part of the text). */
static const char *quoted_end(const char *s, char q)
{
	for (s++; *s; s++)
		if (*s == q) {
			if (q != ']' && s[1] == q)
				s++;
			else
				return s + 1;
		}
	return s;
}

int sq_tok_next(const char **sp, struct sq_tok *t)
{
	const char *s = *sp;

	for (;;) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			s = e ? e + 2 : s + strlen(s);
		} else {
			break;
		}
	}
	if (!*s)
		return 0;
	t->p = s;
	if (*s == '\'') {
		t->kind = 's';
		s = quoted_end(s, '\'');
	} else if (*s == '"' || *s == '`' || *s == '[') {
		t->kind = 'q';
		s = quoted_end(s, *s == '[' ? ']' : *s);
	} else if (is_word((unsigned char)*s)) {
		t->kind = 'w';
		while (is_word((unsigned char)*s))
			s++;
	} else {
		t->kind = 'p';
		s++;
	}
	t->n = (size_t)(s - t->p);
	*sp = s;
	return 1;
}

/* A word's or quoted name's text, lower-cased, unquoted, into out (room
 * for t->n + 1). */
static void name_of(const struct sq_tok *t, char *out)
{
	size_t k = 0, n = t->n;
	const char *p = t->p;

	if (t->kind == 'q' && n >= 2) {
		char q = *p == '[' ? ']' : *p;

		p++;
		n -= 2;
		for (size_t i = 0; i < n; i++) {
			out[k++] = (char)tolower((unsigned char)p[i]);
			if (p[i] == q && i + 1 < n && p[i + 1] == q)
				i++;
		}
	} else {
		for (size_t i = 0; i < n; i++)
			out[k++] = (char)tolower((unsigned char)p[i]);
	}
	out[k] = '\0';
}

static int ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

char *sq_sql_norm(const char *sql, const char *const *from,
		  const char *const *to, size_t n)
{
	size_t len = strlen(sql), most = 0, k = 0;
	char *out, *name;
	struct sq_tok t;
	const char *s = sql;

	for (size_t i = 0; i < n; i++)
		if (strlen(to[i]) > most)
			most = strlen(to[i]);
	/* each token (at most len of them) grows by one space, or becomes
	 * a to[i] */
	out = malloc(len * (most + 2) + 1);
	name = malloc((len > most ? len : most) + 1); /* a token or a to[i] */
	if (!out || !name) {
		free(out);
		free(name);
		return NULL;
	}
	while (sq_tok_next(&s, &t)) {
		if (k)
			out[k++] = ' ';
		if (t.kind == 's' || t.kind == 'p') {
			memcpy(out + k, t.p, t.n);
			k += t.n;
			continue;
		}
		name_of(&t, name);
		for (size_t i = 0; i < n; i++)
			if (ieq(name, from[i])) {
				name_of(&(struct sq_tok){to[i], strlen(to[i]),
							 'w'},
					name);
				break;
			}
		memcpy(out + k, name, strlen(name));
		k += strlen(name);
	}
	out[k] = '\0';
	free(name);
	return out;
}

static int tok_is(const struct sq_tok *t, const char *w)
{
	return t->kind == 'w' && t->n == strlen(w) &&
	       strncasecmp(t->p, w, t->n) == 0;
}

static int add_item(struct sq_table_text *t, size_t off, size_t end)
{
	size_t *o = realloc(t->item_off, (t->nitems + 1) * sizeof(*o));
	size_t *l;

	if (!o)
		return -1;
	t->item_off = o;
	l = realloc(t->item_len, (t->nitems + 1) * sizeof(*l));
	if (!l)
		return -1;
	t->item_len = l;
	o[t->nitems] = off;
	l[t->nitems++] = end - off;
	return 0;
}

int sq_table_text(const char *sql, struct sq_table_text *t)
{
	const char *s = sql;
	struct sq_tok k;
	int depth = 0, state = 0; /* 0 before the name, 1 after it */
	size_t start = 0;

	memset(t, 0, sizeof(*t));
	while (sq_tok_next(&s, &k)) {
		size_t off = (size_t)(k.p - sql);

		if (state == 0) {
			if (tok_is(&k, "create") || tok_is(&k, "temp") ||
			    tok_is(&k, "temporary") || tok_is(&k, "table") ||
			    tok_is(&k, "if") || tok_is(&k, "not") ||
			    tok_is(&k, "exists"))
				continue;
			if (k.kind != 'w' && k.kind != 'q')
				return -1;
			t->name_off = off;
			t->name_len = k.n;
			state = 1;
		} else if (depth == 0 && k.kind == 'p' && *k.p == '.' &&
			   !t->nitems && !start) {
			if (!sq_tok_next(&s, &k))
				return -1;
			t->name_len = (size_t)(k.p + k.n - sql) - t->name_off;
		} else if (k.kind == 'p' && *k.p == '(') {
			if (depth++ == 0)
				start = off + 1;
		} else if (k.kind == 'p' && *k.p == ')') {
			if (--depth < 0)
				return -1;
			if (depth == 0) {
				t->close_off = off;
				return add_item(t, start, off);
			}
		} else if (depth == 1 && k.kind == 'p' && *k.p == ',') {
			if (add_item(t, start, off) < 0)
				return -1;
			start = off + 1;
		}
	}
	return -1;
}

void sq_table_text_free(struct sq_table_text *t)
{
	free(t->item_off);
	free(t->item_len);
	memset(t, 0, sizeof(*t));
}
