/*
 * lint_lex.h - the tokens of one SQL statement, for the lint rules.
 *
 * The statement comes from the project's splitter (core/lib/sql_split.c),
 * so its strings, quoted identifiers, dollar quotes and comments are known
 * to be terminated; this lexer only cuts it into tokens, skipping blanks
 * and comments, and records each token's file line and parenthesis depth.
 */
#ifndef LINT_LEX_H
#define LINT_LEX_H

#include <stddef.h>

enum lint_tok_kind {
	LINT_WORD,   /* unquoted identifier or keyword */
	LINT_QIDENT, /* "name", `name` or [name] */
	LINT_STRING, /* 'text', E'..', X'..', B'..', N'..', $tag$..$tag$ */
	LINT_NUMBER, /* 12, 1.5, .5, 1e3 */
	LINT_PUNCT   /* any other single byte: ( ) , . ; + - * ... */
};

struct lint_tok {
	enum lint_tok_kind kind;
	const char *p;	/* the token's text as written */
	size_t len;
	unsigned line;	/* file line */
	unsigned depth; /* parentheses open before it; a ')' has its '(''s */
	size_t match;	/* a '(': index of its ')' (n if none); else 0 */
};

struct lint_toks {
	struct lint_tok *v;
	size_t n;
	size_t cap;
};

#define LINT_TOKS_INIT {NULL, 0, 0}

/*
 * Replaces the contents of out with the tokens of sql[0..len), whose first
 * byte stands on file line `line`.  Linear time.  Returns 0, or -1 when
 * out of memory.
 */
int lint_lex(struct lint_toks *out, const char *sql, size_t len,
	     unsigned line);
void lint_toks_free(struct lint_toks *t);

/* A LINT_WORD equal to kw (lower-case ASCII) ignoring ASCII case. */
int lint_tok_is(const struct lint_tok *t, const char *kw);
/* A LINT_PUNCT that is the byte c. */
int lint_tok_punct(const struct lint_tok *t, char c);

#endif
