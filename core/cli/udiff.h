/*
 * udiff.h - a unified diff of two texts (udiff.c).
 */
#ifndef CLI_UDIFF_H
#define CLI_UDIFF_H

#include <stddef.h>
#include <stdio.h>

/* Prints to f the unified diff that turns a[0..alen) into b[0..blen),
 * line by line, with three lines of context, headed "--- a_name" and
 * "+++ b_name"; only the headers when the texts are equal.  0, or -1 when
 * memory ran out (what was printed is incomplete). */
int cli_udiff(FILE *f, const char *a, size_t alen, const char *a_name,
	      const char *b, size_t blen, const char *b_name);

#endif
