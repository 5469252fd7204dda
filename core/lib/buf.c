#include "config.h"

#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

int mg_buf_grow(struct mg_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return MIGRATOR_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return MIGRATOR_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int mg_array_grow(void *pv, size_t *cap, size_t need, size_t size,
		  size_t first)
{
	size_t nc = *cap ? *cap : first;
	void *p;

	if (need <= *cap)
		return 0;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			return MIGRATOR_ENOMEM;
		nc *= 2;
	}
	if (nc > SIZE_MAX / size)
		return MIGRATOR_ENOMEM;
	/* *pv is some T *: copied, not cast, to stay clear of aliasing. */
	memcpy(&p, pv, sizeof(p));
	p = realloc(p, nc * size);
	if (!p)
		return MIGRATOR_ENOMEM;
	memcpy(pv, &p, sizeof(p));
	*cap = nc;
	return 0;
}

int mg_buf_add(struct mg_buf *b, const char *s, size_t len)
{
	if (mg_buf_grow(b, len) < 0)
		return MIGRATOR_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, s, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int mg_buf_puts(struct mg_buf *b, const char *s)
{
	return mg_buf_add(b, s, strlen(s));
}

int mg_buf_putc(struct mg_buf *b, char c)
{
	return mg_buf_add(b, &c, 1);
}

int mg_buf_vprintf(struct mg_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return MIGRATOR_ENOMEM;
	if (mg_buf_grow(b, (size_t)n) < 0)
		return MIGRATOR_ENOMEM;
	n = vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	if (n < 0)
		return MIGRATOR_ENOMEM;
	b->len += (size_t)n;
	return 0;
}

int mg_buf_printf(struct mg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = mg_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *mg_buf_cstr(const struct mg_buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *mg_buf_detach(struct mg_buf *b)
{
	char *p = b->ptr;

	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void mg_buf_reset(struct mg_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void mg_buf_free(struct mg_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *mg_strdup_vprintf(const char *fmt, va_list ap)
{
	struct mg_buf b = MG_BUF_INIT;

	if (mg_buf_vprintf(&b, fmt, ap) < 0) {
		mg_buf_free(&b);
		return NULL;
	}
	if (!b.ptr)
		return calloc(1, 1);
	return mg_buf_detach(&b);
}

char *mg_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = mg_strdup_vprintf(fmt, ap);
	va_end(ap);
	return s;
}
