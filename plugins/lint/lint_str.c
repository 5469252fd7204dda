#include "config.h"

#include "lint_str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lint_str_putc(struct lint_str *s, char c)
{
	if (s->len + 2 > s->cap) {
		size_t cap = s->cap ? s->cap : 64;
		char *p;

		if (s->len > SIZE_MAX / 2 - 2)
			return -1;
		while (cap < s->len + 2)
			cap *= 2;
		p = realloc(s->ptr, cap);
		if (!p)
			return -1;
		s->ptr = p;
		s->cap = cap;
	}
	s->ptr[s->len++] = c;
	s->ptr[s->len] = '\0';
	return 0;
}

char *lint_str_detach(struct lint_str *s)
{
	char *p = s->ptr;

	s->ptr = NULL;
	s->len = s->cap = 0;
	return p;
}

void lint_str_free(struct lint_str *s)
{
	free(s->ptr);
	s->ptr = NULL;
	s->len = s->cap = 0;
}

char *lint_strdup_vprintf(const char *fmt, va_list ap)
{
	va_list cp;
	char *p;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	p = malloc((size_t)n + 1);
	if (p && vsnprintf(p, (size_t)n + 1, fmt, ap) != n) {
		free(p);
		p = NULL;
	}
	return p;
}

int lint_array_grow(void *pv, size_t *cap, size_t need, size_t size,
		    size_t first)
{
	size_t nc = *cap ? *cap : first;
	void *p;

	if (need <= *cap)
		return 0;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			return -1;
		nc *= 2;
	}
	if (nc > SIZE_MAX / size)
		return -1;
	/* *pv is some T *: copied, not cast, to stay clear of aliasing. */
	memcpy(&p, pv, sizeof(p));
	p = realloc(p, nc * size);
	if (!p)
		return -1;
	memcpy(pv, &p, sizeof(p));
	*cap = nc;
	return 0;
}
