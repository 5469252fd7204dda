/*
 * sql_split.h - splits a section's SQL into statements.
 *
 * Knows comments (--, nested block comments), '...' strings with ''
 * escapes, E'...' strings with backslash escapes, "..." [..] `...`
 * identifiers, $tag$ dollar quoting, and CREATE TRIGGER ... BEGIN ... END
 * bodies (SQLite) and BEGIN ATOMIC ... END bodies (PostgreSQL), where the
 * inner semicolons do not end the statement.
 */
#ifndef MG_SQL_SPLIT_H
#define MG_SQL_SPLIT_H

#include <stddef.h>

#include "migrator/diag.h"

struct mg_stmt {
	size_t off;    /* first byte of the statement (after leading blanks and comments) */
	size_t len;    /* up to, not including, the terminating ';' */
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
 * and comments are dropped.  An unterminated string, quoted identifier,
 * dollar quote or block comment is MIGRATOR_ESCRIPT with d->line set to
 * the 1-based line (relative to sql) where it opened.
 */
int mg_sql_split(struct mg_stmts *out, const char *sql, size_t len,
		 migrator_diag *d);
void mg_stmts_free(struct mg_stmts *s);

#endif
