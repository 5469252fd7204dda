/*
 * backup_url.c - the database file named by a sqlite: URL.
 *
 * The same forms as backends/sqlite/sqlite_url.c (a plugin cannot call into
 * another plugin): sqlite:///rel.db, sqlite:////abs.db, sqlite:rel.db,
 * sqlite:/abs.db; sqlite://, sqlite::memory: and sqlite:///:memory: are in
 * memory.  The path is percent-decoded.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backup.h"

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int backup_url_path(char **path, const char **why, const char *url)
{
	static const char scheme[] = "sqlite:";
	const char *p;
	char *out, *o;

	*path = NULL;
	*why = NULL;
	if (!url || strncasecmp(url, scheme, sizeof(scheme) - 1) != 0) {
		*why = "not a sqlite: URL";
		return -1;
	}
	p = url + sizeof(scheme) - 1;
	if (strncmp(p, "//", 2) == 0) {
		p += 2;
		if (*p == '\0')
			return 0; /* sqlite:// */
		if (*p != '/') {
			*why = "the URL names a host";
			return -1;
		}
		p++;
	}
	if (*p == '\0' || p[strcspn(p, "?#")] != '\0') {
		*why = "the URL names no plain database file";
		return -1;
	}
	out = malloc(strlen(p) + 1);
	if (!out) {
		*why = "out of memory";
		return -1;
	}
	for (o = out; *p; p++) {
		int hi, lo;

		if (*p != '%') {
			*o++ = *p;
			continue;
		}
		hi = hexval(p[1]);
		lo = hi < 0 ? -1 : hexval(p[2]);
		if (lo < 0 || (hi == 0 && lo == 0)) {
			free(out);
			*why = "the URL has a bad percent-escape";
			return -1;
		}
		*o++ = (char)(hi * 16 + lo);
		p += 2;
	}
	*o = '\0';
	if (strcmp(out, ":memory:") == 0) {
		free(out);
		return 0;
	}
	*path = out;
	return 0;
}
