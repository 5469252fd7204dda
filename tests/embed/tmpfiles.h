/*
 * tmpfiles.h - strings and temporary files for the embed tests (test_api,
 * test_api_graph).  Each function bails out of the test program ("Bail
 * out!" and exit 1) when it cannot do its job, so callers check nothing.
 */
#ifndef TMPFILES_H
#define TMPFILES_H

/* The concatenation of the strings up to NULL, malloc'd. */
char *join(const char *first, ...);
/* Writes text to dir/name. */
void write_file(const char *dir, const char *name, const char *text);
/* Creates parent/name (mode 0700); returns its path, malloc'd. */
char *make_dir(const char *parent, const char *name);
/* Removes dir and everything below it (a "# " line when it cannot). */
void remove_tree(const char *dir);

#endif
