/*
 * ini_parse.h - the line grammar of migrator.ini, apart from what the keys
 * mean (config_ini.c), so that it can be fuzzed on a buffer.
 */
#ifndef CLI_INI_PARSE_H
#define CLI_INI_PARSE_H

#include <stddef.h>

#include "error.h"

/*
 * Called for each line that is neither blank nor a comment nor a section
 * header.  section is the current section's name, trimmed ("" before the
 * first header); key and value are trimmed.  value is NULL when the line
 * has no '=' (key is then the whole line): whether that is an error is the
 * caller's business.  Non-zero stops the parse and is returned.
 */
typedef int (*cli_ini_fn)(void *ctx, const char *section, const char *key,
			  const char *value, unsigned line, struct cli_err *d);

/*
 * Parses text[0..len) (need not be NUL-terminated).  Lines end with LF;
 * a CR before it is trimmed as white space; a UTF-8 BOM at the start is
 * skipped; lines starting with ';' or '#' are comments.  A NUL byte and a
 * malformed section header are MIGRATOR_ECONFIG located at file:line.
 */
int cli_ini_parse(const char *text, size_t len, const char *file,
		  cli_ini_fn fn, void *ctx, struct cli_err *d);

#endif
