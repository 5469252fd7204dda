/*
 * config_url.c - a config file's url: a relative SQLite path in it is
 * relative to the file's directory (DESIGN 8: relative paths in the config
 * file), so a service started from / finds the database that `migrator
 * init` put next to its migrator.ini.  URLs from -d and the environment are
 * not rewritten: they stay relative to the working directory.
 *
 * The relative forms of the SQLite URL (DESIGN 4, sqlite_url.c):
 *   sqlite:///rel/app.db  ->  sqlite:///DIR/rel/app.db
 *   sqlite:rel/app.db     ->  sqlite:DIR/rel/app.db
 * DIR is percent-encoded where the driver would read it otherwise ('%',
 * '?', '#').  Absolute paths, in-memory databases and every malformed or
 * non-SQLite URL are left as written, for the driver to use or refuse.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/* Where the path of a relative SQLite URL starts, or NULL. */
static const char *relative_sqlite_path(const char *url)
{
	static const char scheme[] = "sqlite:";
	const char *p;

	if (strncasecmp(url, scheme, sizeof(scheme) - 1) != 0)
		return NULL;
	p = url + sizeof(scheme) - 1;
	if (p[strcspn(p, "?#")] != '\0')
		return NULL; /* refused by the driver */
	if (strncmp(p, "//", 2) == 0) {
		if (p[2] != '/')
			return NULL; /* sqlite:// (memory) or a host: refused */
		p += 3;
	}
	if (*p == '\0' || *p == '/' || strcmp(p, ":memory:") == 0)
		return NULL;
	return p;
}

char *cli_config_url(const char *file, const char *url)
{
	const char *slash = strrchr(file, '/');
	const char *path = relative_sqlite_path(url);
	size_t dlen, head, n = 0;
	char *out;

	if (!path || !slash)
		return strdup(url); /* no directory to add: the file is in . */
	dlen = (size_t)(slash - file);
	head = (size_t)(path - url);
	out = malloc(head + 3 * dlen + 1 + strlen(path) + 1);
	if (!out)
		return NULL;
	memcpy(out, url, head);
	n = head;
	for (size_t i = 0; i < dlen; i++) {
		char c = file[i];

		if (c == '%' || c == '?' || c == '#') {
			out[n++] = '%';
			out[n++] = "0123456789ABCDEF"[(unsigned char)c >> 4];
			out[n++] = "0123456789ABCDEF"[(unsigned char)c & 15];
		} else {
			out[n++] = c;
		}
	}
	out[n++] = '/';
	strcpy(out + n, path);
	return out;
}
