/*
 * lint_lex.c - cuts one statement into tokens (see lint_lex.h).
 *
 * The quoting rules are those of core/lib/sql_split.c: both dialects at
 * once, '' doubles a quote, E'..' takes backslash escapes, $tag$ opens a
 * dollar quote and block comments nest.  Text that ends inside a construct
 * (the splitter has already refused such text) simply ends the token.
 */
#include "config.h"

#include "lint_lex.h"
#include "lint_str.h"

#include <stdlib.h>
#include <string.h>

struct lexer {
	const char *sql;
	size_t len;
	size_t pos;
	unsigned line;
	unsigned depth;
	struct lint_toks *out;
};

static int is_word_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_word_char(unsigned char c)
{
	return is_word_start(c) || is_digit(c) || c == '$';
}

static unsigned char at(const struct lexer *x, size_t i)
{
	return i < x->len ? (unsigned char)x->sql[i] : 0;
}

/* Moves to i, counting the newlines passed. */
static void advance_to(struct lexer *x, size_t i)
{
	if (i > x->len)
		i = x->len;
	while (x->pos < i) {
		const char *nl =
			memchr(x->sql + x->pos, '\n', i - x->pos);

		if (!nl)
			break;
		x->line++;
		x->pos = (size_t)(nl - x->sql) + 1;
	}
	x->pos = i;
}

/* Index one past the quote closing text opened by q at i (q doubled in
 * the text stands for itself; backslash escapes when esc). */
static size_t end_quoted(const struct lexer *x, size_t i, char q, int esc)
{
	for (i++; i < x->len; i++) {
		char c = x->sql[i];

		if (esc && c == '\\') {
			i++;
		} else if (c == q) {
			if (at(x, i + 1) != (unsigned char)q)
				return i + 1;
			i++;
		}
	}
	return x->len;
}

/* At '$': the length of a "$tag$" delimiter, or 0 ("$1" opens nothing). */
static size_t dollar_tag_len(const struct lexer *x, size_t i)
{
	size_t j = i + 1;

	if (at(x, j) == '$')
		return 2;
	if (!is_word_start(at(x, j)))
		return 0;
	while (j < x->len && is_word_char(at(x, j)) && at(x, j) != '$')
		j++;
	return at(x, j) == '$' ? j + 1 - i : 0;
}

static size_t end_dollar(const struct lexer *x, size_t i, size_t tag)
{
	const char *p = memmem(x->sql + i + tag, x->len - i - tag, x->sql + i,
			       tag);

	return p ? (size_t)(p - x->sql) + tag : x->len;
}

static size_t end_block_comment(const struct lexer *x, size_t i)
{
	unsigned nest = 1;

	for (i += 2; i < x->len; i++) {
		if (x->sql[i] == '/' && at(x, i + 1) == '*') {
			nest++;
			i++;
		} else if (x->sql[i] == '*' && at(x, i + 1) == '/') {
			i++;
			if (--nest == 0)
				return i + 1;
		}
	}
	return x->len;
}

static size_t end_number(const struct lexer *x, size_t i)
{
	while (is_digit(at(x, i)))
		i++;
	if (at(x, i) == '.') {
		i++;
		while (is_digit(at(x, i)))
			i++;
	}
	if (at(x, i) == 'e' || at(x, i) == 'E') {
		size_t j = i + 1;

		if (at(x, j) == '+' || at(x, j) == '-')
			j++;
		if (is_digit(at(x, j))) {
			while (is_digit(at(x, j)))
				j++;
			i = j;
		}
	}
	return i;
}

static int push(struct lexer *x, enum lint_tok_kind kind, size_t start,
		unsigned line, unsigned depth)
{
	struct lint_toks *o = x->out;

	if (lint_array_grow(&o->v, &o->cap, o->n + 1, sizeof(*o->v), 32) < 0)
		return -1;
	o->v[o->n].kind = kind;
	o->v[o->n].p = x->sql + start;
	o->v[o->n].len = x->pos - start;
	o->v[o->n].line = line;
	o->v[o->n].depth = depth;
	o->v[o->n].match = 0;
	o->n++;
	return 0;
}

/* Reads the token at x->pos (not a blank, not a comment). */
static int read_token(struct lexer *x)
{
	size_t i = x->pos, end;
	unsigned char c = at(x, i);
	unsigned line = x->line, depth = x->depth;
	enum lint_tok_kind kind = LINT_PUNCT;

	if (c == '\'') {
		kind = LINT_STRING;
		end = end_quoted(x, i, '\'', 0);
	} else if (c == '"' || c == '`') {
		kind = LINT_QIDENT;
		end = end_quoted(x, i, (char)c, 0);
	} else if (c == '[') {
		const char *p = memchr(x->sql + i, ']', x->len - i);

		kind = LINT_QIDENT;
		end = p ? (size_t)(p - x->sql) + 1 : x->len;
	} else if (c == '$' && dollar_tag_len(x, i)) {
		kind = LINT_STRING;
		end = end_dollar(x, i, dollar_tag_len(x, i));
	} else if (is_digit(c) || (c == '.' && is_digit(at(x, i + 1)))) {
		kind = LINT_NUMBER;
		end = end_number(x, i);
	} else if (is_word_start(c)) {
		end = i;
		while (end < x->len && is_word_char(at(x, end)))
			end++;
		kind = LINT_WORD;
		/* E'..', X'..', B'..', N'..': one string literal */
		if (end == i + 1 && at(x, end) == '\'' &&
		    strchr("eExXbBnN", c)) {
			kind = LINT_STRING;
			end = end_quoted(x, end, '\'', c == 'e' || c == 'E');
		}
	} else {
		end = i + 1;
		if (c == '(')
			x->depth++;
		else if (c == ')' && x->depth > 0)
			depth = --x->depth;
	}
	advance_to(x, end);
	return push(x, kind, i, line, depth);
}

/* Pairs each '(' with its ')' in one pass, with a stack of open ones. */
static int match_parens(struct lint_toks *t)
{
	size_t *open, n = 0, i;

	open = malloc((t->n ? t->n : 1) * sizeof(*open));
	if (!open)
		return -1;
	for (i = 0; i < t->n; i++) {
		if (lint_tok_punct(&t->v[i], '(')) {
			t->v[i].match = t->n;
			open[n++] = i;
		} else if (lint_tok_punct(&t->v[i], ')') && n > 0) {
			t->v[open[--n]].match = i;
		}
	}
	free(open);
	return 0;
}

int lint_lex(struct lint_toks *out, const char *sql, size_t len,
	     unsigned line)
{
	struct lexer x = {sql, len, 0, line, 0, out};

	out->n = 0;
	while (x.pos < x.len) {
		unsigned char c = at(&x, x.pos);

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v') {
			advance_to(&x, x.pos + 1);
		} else if (c == '-' && at(&x, x.pos + 1) == '-') {
			const char *nl =
				memchr(sql + x.pos, '\n', len - x.pos);

			advance_to(&x, nl ? (size_t)(nl - sql) : len);
		} else if (c == '/' && at(&x, x.pos + 1) == '*') {
			advance_to(&x, end_block_comment(&x, x.pos));
		} else if (read_token(&x) < 0) {
			return -1;
		}
	}
	return match_parens(out);
}

void lint_toks_free(struct lint_toks *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

int lint_tok_is(const struct lint_tok *t, const char *kw)
{
	size_t i;

	if (t->kind != LINT_WORD)
		return 0;
	for (i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->p[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (kw[i] == '\0' || c != (unsigned char)kw[i])
			return 0;
	}
	return kw[i] == '\0';
}

int lint_tok_punct(const struct lint_tok *t, char c)
{
	return t->kind == LINT_PUNCT && t->len == 1 && t->p[0] == c;
}
