/*
 * lint_str.h - a growable string for the rules' messages, and growable
 * arrays.  A plugin sees only the SDK and links no core code, so the
 * plugin keeps its own (the core's are in core/lib/buf.c).
 */
#ifndef LINT_STR_H
#define LINT_STR_H

#include <stdarg.h>
#include <stddef.h>

struct lint_str {
	char *ptr; /* NULL until something is added */
	size_t len;
	size_t cap;
};

#define LINT_STR_INIT {NULL, 0, 0}

/* Appends c, keeping the text NUL-terminated.  0, or -1 out of memory
 * (s unchanged). */
int lint_str_putc(struct lint_str *s, char c);
/* Hands the malloc'd text to the caller (NULL if nothing was added) and
 * resets s. */
char *lint_str_detach(struct lint_str *s);
void lint_str_free(struct lint_str *s);

/* Makes room for need elements of size bytes in the array *pv (a pointer
 * to the array's pointer, which may be NULL) of *cap elements, doubling
 * the capacity from first.  0, or -1 out of memory (*pv, *cap unchanged). */
int lint_array_grow(void *pv, size_t *cap, size_t need, size_t size,
		    size_t first);

/* A malloc'd formatted string, or NULL (out of memory, or a bad format). */
char *lint_strdup_vprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#endif
