/*
 * sql_split.h - splits a section's SQL into statements.
 *
 * Knows comments (--, nested block comments), '...' strings with ''
 * escapes, E'...' strings with backslash escapes, "..." [..] `...`
 * identifiers, $tag$ dollar quoting, and CREATE TRIGGER ... BEGIN ... END
 * bodies (SQLite) and BEGIN ATOMIC ... END bodies (PostgreSQL), where the
 * inner semicolons do not end the statement (CASE ... END nests inside).
 * Keywords match case-insensitively and only as whole words; "begin_date",
 * "begin" and NEW.end are not keywords.  Both dialects at once: block
 * comments nest (PostgreSQL), '[' always opens an identifier (SQLite), so
 * an ARRAY['x]'] subscript holding a ']' inside a string is misread, and
 * PostgreSQL's CREATE RULE ... DO (a; b) is split at its inner ';'.
 * Linear time: every byte is looked at a bounded number of times.
 */
#ifndef MG_SQL_SPLIT_H
#define MG_SQL_SPLIT_H

#include <stddef.h>

#include "diag.h"
#include "script.h"

struct mg_stmt {
	size_t off;    /* first byte of the statement (after leading blanks and comments) */
	size_t len;    /* up to its terminating ';' (not included), with the
			  blanks and comments before that ';' as written; a
			  last statement without ';' ends at its last token */
	unsigned line; /* 0-based line of sql[off] counted from sql[0] */
};

struct mg_stmts {
	struct mg_stmt *v;
	size_t n;
	size_t cap;
};

#define MG_STMTS_INIT {NULL, 0, 0}

/*
 * Appends the statements of sql[0..len) to out.  Pieces holding only blanks
 * and comments are dropped; the last statement needs no ';'.  An
 * unterminated string, quoted identifier, dollar quote, block comment or
 * trigger/BEGIN ATOMIC body is MIGRATOR_ESCRIPT ("unterminated
 * dollar-quoted string", ...) with d->line set to the 1-based line
 * (relative to sql) where it opened.  On error out keeps what was appended
 * before; the caller still calls mg_stmts_free.
 */
int mg_sql_split(struct mg_stmts *out, const char *sql, size_t len,
		 mg_diag *d);

/*
 * mg_sql_split() over a parsed section, with an error's d->line turned into
 * a line of the file and d->file set to path.  Statement i starts on file
 * line sec->line + out->v[i].line.
 */
int mg_sql_split_section(struct mg_stmts *out, const char *path,
			 const struct migrator_section *sec, mg_diag *d);

void mg_stmts_free(struct mg_stmts *s);

struct mg_buf;
/* The inverse of the split, for text the core prints (--sql, dump):
 * appends a statement s[0..len) and its ';' and a newline.  When its
 * last line holds "--" the ';' goes on a line of its own, so that a
 * trailing comment cannot swallow it.  0 or MIGRATOR_ENOMEM. */
int mg_sql_put_stmt(struct mg_buf *b, const char *s, size_t len);

#endif
