/*
 * sqlite_sqltext.h - reading the text SQLite keeps of a CREATE TABLE
 * (sqlite_master.sql) for `migrator diff`: tokens, a normal form that
 * two spellings of one definition share, and its parts.
 */
#ifndef SQ_SQLTEXT_H
#define SQ_SQLTEXT_H

#include <stddef.h>

#include "sqlite_driver.h"

struct sq_tok {
	const char *p; /* in the text */
	size_t n;
	char kind; /* 'w' word or number, 'q' quoted name, 's' string, 'p'
		    * punctuation */
};

/* The next token at or after *s (white space and comments skipped); 0 at
 * the end. */
SQ_HIDDEN int sq_tok_next(const char **s, struct sq_tok *t);

/* The normal form: tokens separated by one space, words and quoted names
 * lower-cased and unquoted, strings as they are; a word or name equal
 * (case aside) to from[i] becomes to[i] (renames).  NULL: no memory. */
SQ_HIDDEN char *sq_sql_norm(const char *sql, const char *const *from,
			    const char *const *to, size_t n);

/* The parts of "CREATE TABLE name (item, ...) options": the name (with
 * its schema), the body's items (*nitems of them, start and length in
 * the text, malloc'd) and the closing parenthesis.  -1: not such text. */
struct sq_table_text {
	size_t name_off, name_len, close_off;
	size_t *item_off, *item_len;
	size_t nitems;
};
SQ_HIDDEN int sq_table_text(const char *sql, struct sq_table_text *t);
SQ_HIDDEN void sq_table_text_free(struct sq_table_text *t);

#endif
