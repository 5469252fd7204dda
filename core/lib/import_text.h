/*
 * import_text.h - small text helpers of the import parsers.
 */
#ifndef MG_IMPORT_TEXT_H
#define MG_IMPORT_TEXT_H

#include <stddef.h>

/* The next line of *p (without its "\n" or "\r\n"): its start and length
 * in *len; *p moves past it.  NULL at the end of the text. */
const char *mg_imp_line(const char **p, size_t *len);

/* 1 if line[0..len), after leading blanks, starts with prefix. */
int mg_imp_starts(const char *line, size_t len, const char *prefix);

/* The file name's slug part as a message: '_' and '-' become spaces;
 * malloc'd, NULL when out of memory.  "revision" when empty. */
char *mg_imp_message(const char *s, size_t len);

/* s[0..len) copied; NULL when out of memory. */
char *mg_imp_strndup(const char *s, size_t len);

#endif
