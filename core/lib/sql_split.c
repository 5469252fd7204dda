/*
 * sql_split.c - splits a section's SQL into statements, in one linear pass.
 *
 * The splitter is a small lexer: it skips whitespace, comments, quoted
 * strings and identifiers and dollar quotes, reads words whole, and ends a
 * statement at a ';' that is outside every such construct and outside a
 * trigger or BEGIN ATOMIC body.  It knows both dialects at once: nothing
 * PostgreSQL accepts means something else to SQLite here, except that '['
 * always opens a bracket-quoted identifier (SQLite) and block comments nest
 * (PostgreSQL); both are documented in sql_split.h.
 */
#include "config.h"

#include "buf.h"
#include "sql_split.h"

#include <stdlib.h>
#include <string.h>

/* The words the splitter cares about; every other token is TOK_OTHER. */
enum tok {
	TOK_OTHER,
	TOK_DOT,
	TOK_CREATE,
	TOK_TEMP,
	TOK_TRIGGER,
	TOK_BEGIN,
	TOK_ATOMIC,
	TOK_CASE,
	TOK_END
};

enum body { BODY_NONE, BODY_TRIGGER, BODY_ATOMIC };

struct splitter {
	const char *sql;
	size_t len;
	size_t pos;
	unsigned line; /* 0-based line of sql[pos] */
	struct mg_stmts *out;
	mg_diag *d;

	/* The statement being read. */
	int in_stmt;
	size_t start;	     /* its first byte */
	unsigned start_line; /* 0-based line of sql[start] */
	size_t end;	     /* one past its last significant byte */
	unsigned ntok;	     /* tokens read so far */
	int trigger;	     /* 0 undecided, 1 CREATE, 2 CREATE TEMP,
				3 a CREATE TRIGGER statement, -1 not one */
	int after_begin;     /* the previous token was the word BEGIN */
	unsigned begin_line;
	int after_dot;	/* the previous token was '.' */
	unsigned depth; /* BEGIN ... END nesting (CASE ... END inside) */
	enum body body;
	unsigned body_line; /* 0-based line where the body opened */
};

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Letters, '_' and every byte of a multi-byte UTF-8 character. */
static int is_word_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* PostgreSQL allows '$' inside (not at the start of) identifiers. */
static int is_word_char(unsigned char c)
{
	return is_word_start(c) || is_digit(c) || c == '$';
}

static unsigned count_newlines(const char *p, size_t n)
{
	unsigned count = 0;
	const char *end = p + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break;
		count++;
		p = nl + 1;
	}
	return count;
}

/* ASCII-only, case-insensitive: the locale must not change keywords. */
static int word_is(const char *w, size_t n, const char *kw)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (kw[i] == '\0' || c != (unsigned char)kw[i])
			return 0;
	}
	return kw[n] == '\0';
}

static enum tok classify_word(const char *w, size_t n)
{
	switch (n) {
	case 3:
		return word_is(w, n, "END") ? TOK_END : TOK_OTHER;
	case 4:
		if (word_is(w, n, "CASE"))
			return TOK_CASE;
		return word_is(w, n, "TEMP") ? TOK_TEMP : TOK_OTHER;
	case 5:
		return word_is(w, n, "BEGIN") ? TOK_BEGIN : TOK_OTHER;
	case 6:
		if (word_is(w, n, "CREATE"))
			return TOK_CREATE;
		return word_is(w, n, "ATOMIC") ? TOK_ATOMIC : TOK_OTHER;
	case 7:
		return word_is(w, n, "TRIGGER") ? TOK_TRIGGER : TOK_OTHER;
	case 9:
		return word_is(w, n, "TEMPORARY") ? TOK_TEMP : TOK_OTHER;
	default:
		return TOK_OTHER;
	}
}

static int unterminated(struct splitter *s, unsigned open_line,
			const char *what)
{
	if (s->d && s->d->code == 0) {
		mg_diag_set(s->d, MIGRATOR_ESCRIPT, "unterminated %s",
				  what);
		s->d->line = open_line + 1;
	}
	return MIGRATOR_ESCRIPT;
}

static int push_stmt(struct splitter *s)
{
	struct mg_stmts *o = s->out;

	if (mg_array_grow(&o->v, &o->cap, o->n + 1, sizeof(*o->v), 16) < 0)
		return mg_diag_set(s->d, MIGRATOR_ENOMEM,
					 "out of memory");
	o->v[o->n].off = s->start;
	o->v[o->n].len = s->end - s->start;
	o->v[o->n].line = s->start_line;
	o->n++;
	s->in_stmt = 0;
	return 0;
}

/*
 * Feeds one token of the current statement to the little state machine
 * that finds CREATE [TEMP] TRIGGER ... BEGIN ... END and BEGIN ATOMIC ...
 * END bodies, inside which ';' does not end the statement.
 */
static void note_token(struct splitter *s, enum tok t, unsigned tok_line)
{
	unsigned n = s->ntok++;

	if (s->after_dot && t != TOK_DOT)
		t = TOK_OTHER; /* "NEW.end" is a column, not a keyword */
	s->after_dot = (t == TOK_DOT);

	if (n == 0)
		s->trigger = (t == TOK_CREATE) ? 1 : -1;
	else if (s->trigger == 1 || s->trigger == 2) {
		if (t == TOK_TRIGGER)
			s->trigger = 3;
		else if (s->trigger == 1 && t == TOK_TEMP)
			s->trigger = 2;
		else
			s->trigger = -1;
	}

	switch (t) {
	case TOK_BEGIN:
		if (s->trigger == 3 && s->depth == 0) {
			s->depth = 1;
			s->body = BODY_TRIGGER;
			s->body_line = tok_line;
		}
		break;
	case TOK_ATOMIC:
		if (s->after_begin && s->depth == 0) {
			s->depth = 1;
			s->body = BODY_ATOMIC;
			s->body_line = s->begin_line;
		}
		break;
	case TOK_CASE:
		if (s->depth > 0)
			s->depth++;
		break;
	case TOK_END:
		if (s->depth > 0 && --s->depth == 0)
			s->body = BODY_NONE;
		break;
	default:
		break;
	}
	s->after_begin = (t == TOK_BEGIN);
	if (t == TOK_BEGIN)
		s->begin_line = tok_line;
}

/* Skips a nested block comment starting at s->pos ("/" "*"). */
static int skip_block_comment(struct splitter *s)
{
	unsigned open_line = s->line;
	unsigned nest = 0;
	size_t i = s->pos;

	while (i + 1 < s->len) {
		char c = s->sql[i];

		if (c == '/' && s->sql[i + 1] == '*') {
			nest++;
			i += 2;
		} else if (c == '*' && s->sql[i + 1] == '/') {
			i += 2;
			if (--nest == 0) {
				s->pos = i;
				return 0;
			}
		} else {
			if (c == '\n')
				s->line++;
			i++;
		}
	}
	return unterminated(s, open_line, "block comment");
}

/* Skips text quoted by q where a doubled q stands for itself. */
static int skip_quoted(struct splitter *s, char q, const char *what)
{
	unsigned open_line = s->line;
	size_t i = s->pos + 1;

	for (;;) {
		const char *p = memchr(s->sql + i, q, s->len - i);
		size_t close;

		if (!p) {
			s->line += count_newlines(s->sql + i, s->len - i);
			s->pos = s->len;
			return unterminated(s, open_line, what);
		}
		close = (size_t)(p - s->sql);
		s->line += count_newlines(s->sql + i, close - i);
		i = close + 1;
		if (i < s->len && s->sql[i] == q) {
			i++; /* doubled: part of the text */
			continue;
		}
		s->pos = i;
		return 0;
	}
}

/* E'...': backslash escapes, and '' as well. */
static int skip_escape_string(struct splitter *s)
{
	unsigned open_line = s->line;
	size_t i = s->pos + 1;

	while (i < s->len) {
		char c = s->sql[i];

		if (c == '\\' && i + 1 < s->len) {
			if (s->sql[i + 1] == '\n')
				s->line++;
			i += 2;
		} else if (c == '\'') {
			if (i + 1 < s->len && s->sql[i + 1] == '\'') {
				i += 2;
				continue;
			}
			s->pos = i + 1;
			return 0;
		} else {
			if (c == '\n')
				s->line++;
			i++;
		}
	}
	s->pos = s->len;
	return unterminated(s, open_line, "quoted string");
}

/* [name]: SQLite's bracket quoting, no escapes. */
static int skip_bracket(struct splitter *s)
{
	unsigned open_line = s->line;
	size_t i = s->pos + 1;
	const char *p = memchr(s->sql + i, ']', s->len - i);

	if (!p) {
		s->pos = s->len;
		return unterminated(s, open_line, "bracket-quoted identifier");
	}
	s->line += count_newlines(s->sql + i, (size_t)(p - (s->sql + i)));
	s->pos = (size_t)(p - s->sql) + 1;
	return 0;
}

/*
 * At a '$': the length of a dollar-quote delimiter "$tag$" (tag empty or
 * an identifier not starting with a digit) or 0 when this '$' opens none
 * ("$1" is a parameter).
 */
static size_t dollar_tag_len(const struct splitter *s)
{
	size_t i = s->pos + 1;

	if (i < s->len && s->sql[i] == '$')
		return 2;
	if (i >= s->len || !is_word_start((unsigned char)s->sql[i]))
		return 0;
	while (i < s->len && is_word_char((unsigned char)s->sql[i]) &&
	       s->sql[i] != '$')
		i++;
	if (i < s->len && s->sql[i] == '$')
		return i + 1 - s->pos;
	return 0;
}

static int skip_dollar_quote(struct splitter *s, size_t tag_len)
{
	unsigned open_line = s->line;
	size_t body = s->pos + tag_len;
	/* memmem (glibc's two-way search) keeps this linear for any tag. */
	const char *p =
		memmem(s->sql + body, s->len - body, s->sql + s->pos, tag_len);

	if (!p) {
		s->line += count_newlines(s->sql + body, s->len - body);
		s->pos = s->len;
		return unterminated(s, open_line, "dollar-quoted string");
	}
	s->line += count_newlines(s->sql + body, (size_t)(p - (s->sql + body)));
	s->pos = (size_t)(p - s->sql) + tag_len;
	return 0;
}

/* Reads one significant token at s->pos into the current statement. */
static int read_token(struct splitter *s)
{
	unsigned char c = (unsigned char)s->sql[s->pos];
	unsigned tok_line = s->line;
	enum tok t = TOK_OTHER;
	int rc = 0;

	if (c == '\'') {
		rc = skip_quoted(s, '\'', "quoted string");
	} else if (c == '"') {
		rc = skip_quoted(s, '"', "quoted identifier");
	} else if (c == '`') {
		rc = skip_quoted(s, '`', "quoted identifier");
	} else if (c == '[') {
		rc = skip_bracket(s);
	} else if (c == '$') {
		size_t tag_len = dollar_tag_len(s);

		if (tag_len)
			rc = skip_dollar_quote(s, tag_len);
		else
			s->pos++;
	} else if (is_word_start(c) || is_digit(c)) {
		size_t w = s->pos;

		while (s->pos < s->len &&
		       is_word_char((unsigned char)s->sql[s->pos]))
			s->pos++;
		if (s->pos - w == 1 && (c == 'E' || c == 'e') &&
		    s->pos < s->len && s->sql[s->pos] == '\'') {
			s->pos = w + 1;
			rc = skip_escape_string(s);
		} else if (!is_digit(c)) {
			t = classify_word(s->sql + w, s->pos - w);
		}
	} else {
		if (c == '.')
			t = TOK_DOT;
		s->pos++;
	}
	if (rc < 0)
		return rc;
	note_token(s, t, tok_line);
	s->end = s->pos;
	return 0;
}

static void begin_stmt(struct splitter *s)
{
	s->in_stmt = 1;
	s->start = s->pos;
	s->start_line = s->line;
	s->end = s->pos;
	s->ntok = 0;
	s->trigger = 0;
	s->after_begin = 0;
	s->after_dot = 0;
	s->depth = 0;
	s->body = BODY_NONE;
}

int mg_sql_split(struct mg_stmts *out, const char *sql, size_t len,
		 mg_diag *d)
{
	struct splitter s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.sql = sql;
	s.len = len;
	s.out = out;
	s.d = d;

	while (s.pos < s.len) {
		unsigned char c = (unsigned char)sql[s.pos];
		unsigned char next =
			s.pos + 1 < len ? (unsigned char)sql[s.pos + 1] : 0;

		if (c == '\n') {
			s.line++;
			s.pos++;
		} else if (is_blank(c)) {
			s.pos++;
		} else if (c == '-' && next == '-') {
			const char *nl = memchr(sql + s.pos, '\n', len - s.pos);

			s.pos = nl ? (size_t)(nl - sql) : len;
		} else if (c == '/' && next == '*') {
			rc = skip_block_comment(&s);
			if (rc < 0)
				return rc;
		} else if (c == ';' && (!s.in_stmt || s.depth == 0)) {
			if (s.in_stmt) {
				/* Up to the ';' as written: SQLite keeps the
				 * blanks and comments before it in the text it
				 * stores for CREATE INDEX (sqlite_master.sql). */
				s.end = s.pos;
				rc = push_stmt(&s);
				if (rc < 0)
					return rc;
			}
			s.pos++; /* an empty statement is dropped */
		} else {
			if (!s.in_stmt)
				begin_stmt(&s);
			rc = read_token(&s);
			if (rc < 0)
				return rc;
		}
	}
	if (s.in_stmt && s.depth > 0)
		return unterminated(&s, s.body_line,
				    s.body == BODY_TRIGGER
					    ? "trigger body: BEGIN without END"
					    : "BEGIN ATOMIC body: no END");
	if (s.in_stmt)
		return push_stmt(&s);
	return 0;
}

int mg_sql_split_section(struct mg_stmts *out, const char *path,
			 const struct migrator_section *sec, mg_diag *d)
{
	int fresh = d && d->code == 0;
	int rc = mg_sql_split(out, sec->sql, sec->len, d);

	if (rc < 0 && fresh && rc == MIGRATOR_ESCRIPT) {
		if (d->line)
			d->line += sec->line - 1;
		mg_diag_locate(d, path, d->line);
	}
	return rc;
}

void mg_stmts_free(struct mg_stmts *s)
{
	if (!s)
		return;
	free(s->v);
	s->v = NULL;
	s->n = 0;
	s->cap = 0;
}

int mg_sql_put_stmt(struct mg_buf *b, const char *s, size_t len)
{
	size_t last = len;
	int rc;

	while (last > 0 && s[last - 1] != '\n')
		last--;
	rc = mg_buf_add(b, s, len);
	if (rc)
		return rc;
	for (size_t i = last; i + 1 < len; i++)
		if (s[i] == '-' && s[i + 1] == '-')
			return mg_buf_puts(b, "\n;\n");
	return mg_buf_puts(b, ";\n");
}
