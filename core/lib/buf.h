/*
 * buf.h - a growable byte buffer, always NUL-terminated once non-empty.
 * Text built from user input goes here, never into a fixed array.
 */
#ifndef MG_BUF_H
#define MG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct mg_buf {
	char *ptr;  /* NULL until something is added */
	size_t len;
	size_t cap;
};

#define MG_BUF_INIT {NULL, 0, 0}

/* Each returns 0 or MIGRATOR_ENOMEM. */
int mg_buf_grow(struct mg_buf *b, size_t extra);
int mg_buf_add(struct mg_buf *b, const char *s, size_t len);
int mg_buf_puts(struct mg_buf *b, const char *s);
int mg_buf_putc(struct mg_buf *b, char c);
int mg_buf_printf(struct mg_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int mg_buf_vprintf(struct mg_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The text so far ("" when empty); valid until the next change. */
const char *mg_buf_cstr(const struct mg_buf *b);
/* Hands the malloc'd text to the caller (NULL if empty) and resets b. */
char *mg_buf_detach(struct mg_buf *b);
void mg_buf_reset(struct mg_buf *b); /* len = 0, keeps memory */
void mg_buf_free(struct mg_buf *b);

/*
 * Makes room for need elements of size bytes in the array *pv (a pointer
 * to the array's pointer, which may be NULL) of *cap elements: the
 * capacity doubles from first until it holds need.  0, or MIGRATOR_ENOMEM
 * with *pv and *cap unchanged.
 */
int mg_array_grow(void *pv, size_t *cap, size_t need, size_t size,
		  size_t first);

/* A malloc'd formatted string, or NULL when out of memory. */
char *mg_strdup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *mg_strdup_vprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#endif
