/*
 * ini_parse.c - splits migrator.ini into sections and key = value lines.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ini_parse.h"

/* Trims white space off both ends of s in place; returns the new start. */
static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int fail(struct cli_err *d, const char *file, unsigned line,
		const char *msg)
{
	int rc = cli_err_set(d, MIGRATOR_ECONFIG, "%s", msg);

	cli_err_locate(d, file, line);
	return rc;
}

int cli_ini_parse(const char *text, size_t len, const char *file,
		  cli_ini_fn fn, void *ctx, struct cli_err *d)
{
	char *copy, *section, *p, *end;
	unsigned line = 0;
	int rc = 0;

	/* One writable copy; lines and the section name are cut in place. */
	copy = malloc(len + 2);
	if (!copy)
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	memcpy(copy, text, len);
	copy[len] = '\0';
	copy[len + 1] = '\0';
	section = copy + len + 1; /* "" until the first header */
	p = copy;
	end = copy + len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (!rc && p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *next = nl ? nl + 1 : end;
		char *s, *eq;

		line++;
		if (memchr(p, '\0', (size_t)((nl ? nl : end) - p))) {
			rc = fail(d, file, line, "NUL byte in config file");
			break;
		}
		if (nl)
			*nl = '\0';
		s = trim(p);
		p = next;
		if (!*s || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');

			if (!close || close[1]) {
				rc = fail(d, file, line, "bad section header");
				break;
			}
			*close = '\0';
			section = trim(s + 1);
			continue;
		}
		eq = strchr(s, '=');
		if (eq)
			*eq = '\0';
		rc = fn(ctx, section, trim(s), eq ? trim(eq + 1) : NULL, line,
			d);
	}
	free(copy);
	return rc;
}
