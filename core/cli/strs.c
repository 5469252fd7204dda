/*
 * strs.c - the program's list of strings (arguments, plugin specs, JSON
 * objects kept until a run ends).  Lists here hold a handful of entries,
 * so each add grows the array by one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_strs_add(struct cli_strs *s, const char *p, size_t len)
{
	char **v;
	char *copy = malloc(len + 1);

	if (!copy)
		return MIGRATOR_ENOMEM;
	v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v) {
		free(copy);
		return MIGRATOR_ENOMEM;
	}
	memcpy(copy, p, len);
	copy[len] = '\0';
	v[s->n++] = copy;
	s->v = v;
	return 0;
}

int cli_strs_push(struct cli_strs *s, const char *p)
{
	return cli_strs_add(s, p, strlen(p));
}

void cli_strs_free(struct cli_strs *s)
{
	while (s->n)
		free(s->v[--s->n]);
	free(s->v);
	s->v = NULL;
}
