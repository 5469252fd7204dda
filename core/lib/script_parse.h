/*
 * script_parse.h - parses one migration file (DESIGN 1).
 */
#ifndef MG_SCRIPT_PARSE_H
#define MG_SCRIPT_PARSE_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "script.h"

/*
 * Parses text[0..len) read from path.  Every string of *out (path
 * included) is allocated from arena; nothing points into text.  A UTF-8 BOM
 * and CRLF line endings are accepted; header values lose the '\r', section
 * SQL keeps its bytes as they are.  Errors are MIGRATOR_ESCRIPT with
 * d->file = path and d->line set: no header, an unknown "migrator:" key, a
 * bad or too long revision ID, a duplicate key, list item or section, a
 * bad dialect or transactional value, a NUL byte, invalid UTF-8, a header
 * line after the first section, SQL before the first section.  On failure
 * *out is zeroed (arena memory is released with the arena).
 *
 * Header lines are "-- migrator:key value" (blanks before and after "--"
 * allowed); branch labels are [A-Za-z0-9_.-]+.  A section marker is
 * "-- migrator:upgrade [dialect]", "-- migrator:downgrade [dialect]" or
 * "-- migrator:verify [dialect]", dialect [a-z0-9_]+.  A section's SQL
 * runs from the line after its marker to the next marker or the end.
 */
int mg_script_parse(struct mg_script *out, struct mg_arena *arena,
		    const char *path, const char *text, size_t len,
		    mg_diag *d);

/* Whether v[0..n) may be a branch label: [A-Za-z0-9_.-]+, and nothing a
 * target expression reads otherwise (head, heads, base, a leading -).
 * Returns 0, or sets d (code; the message names the label, the detail
 * says why) and returns code.  The file parser and `revision
 * --branch-label` both ask it, so a file may hold no label that revision
 * would refuse. */
int mg_label_check(const char *v, size_t n, int code, mg_diag *d);

/* 1 if s[0..len) is a valid revision ID: [A-Za-z0-9_]{1,32}. */
int mg_revision_id_valid(const char *s, size_t len);

#endif
