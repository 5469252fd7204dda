#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "strvec.h"

int mg_strvec_pushn(mg_strvec *v, const char *s, size_t len)
{
	char *copy;

	/* room for s and the NULL after it */
	if (mg_array_grow(&v->v, &v->cap, v->n + 2, sizeof(*v->v), 8) < 0)
		return MIGRATOR_ENOMEM;
	copy = malloc(len + 1);
	if (!copy)
		return MIGRATOR_ENOMEM;
	memcpy(copy, s, len);
	copy[len] = '\0';
	v->v[v->n++] = copy;
	v->v[v->n] = NULL;
	return 0;
}

int mg_strvec_push(mg_strvec *v, const char *s)
{
	return mg_strvec_pushn(v, s, strlen(s));
}

long mg_strvec_find(const mg_strvec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return (long)i;
	return -1;
}

void mg_strvec_remove(mg_strvec *v, size_t i)
{
	if (i >= v->n)
		return;
	free(v->v[i]);
	memmove(v->v + i, v->v + i + 1, (v->n - i) * sizeof(*v->v));
	v->n--;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void mg_strvec_sort(mg_strvec *v)
{
	if (v->n > 1)
		qsort(v->v, v->n, sizeof(*v->v), cmp_str);
}

void mg_strvec_clear(mg_strvec *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}
