/*
 * import_text.c - small text helpers of the import parsers.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "import_text.h"

const char *mg_imp_line(const char **p, size_t *len)
{
	const char *b = *p, *e;

	if (!*b)
		return NULL;
	e = strchr(b, '\n');
	*p = e ? e + 1 : b + strlen(b);
	*len = (size_t)((e ? e : *p) - b);
	if (*len && b[*len - 1] == '\r')
		(*len)--;
	return b;
}

int mg_imp_starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	return len >= n && strncmp(line, prefix, n) == 0;
}

char *mg_imp_strndup(const char *s, size_t len)
{
	char *o = malloc(len + 1);

	if (o) {
		memcpy(o, s, len);
		o[len] = '\0';
	}
	return o;
}

char *mg_imp_message(const char *s, size_t len)
{
	char *m;

	if (len == 0)
		return strdup("revision");
	m = mg_imp_strndup(s, len);
	for (size_t i = 0; m && i < len; i++)
		if (m[i] == '_' || m[i] == '-' || (unsigned char)m[i] < 0x20)
			m[i] = ' ';
	return m;
}
