/*
 * sqlite_url.c - the SQLite URL forms of DESIGN 4, turned into a file name.
 *
 *   sqlite:///relative/path.db   relative/path.db  (SQLAlchemy: 3 slashes)
 *   sqlite:////absolute/path.db  /absolute/path.db (SQLAlchemy: 4 slashes)
 *   sqlite:path.db               path.db           (dbmate's shorthand)
 *   sqlite:/absolute/path.db     /absolute/path.db
 *   sqlite://, sqlite::memory:   in-memory (and sqlite:///:memory:, as in
 *                                SQLAlchemy)
 *
 * The scheme is matched without regard to case.  The path is
 * percent-decoded, so any file name can be written (%20 is a space).
 *
 * A query string or fragment ("?" or "#") is rejected, not ignored:
 * SQLAlchemy URLs use "?mode=ro" and the like to change how the file is
 * opened, and silently dropping such an option would be worse than refusing
 * it.  A file name holding "?" or "#" is written with %3F or %23.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sqlite_driver.h"

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

/* Percent-decodes s into out (room for strlen(s) + 1 bytes). */
static int decode(char *out, const char *s, struct migrator_diag *d)
{
	char *o = out;

	for (; *s; s++) {
		int hi, lo;

		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		hi = hexval(s[1]);
		lo = hi < 0 ? -1 : hexval(s[2]);
		if (lo < 0) {
			sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					  "invalid percent-escape in sqlite URL");
			sq_host->diag_hint(d, "A \"%%\" must be followed by two "
					      "hex digits; write a literal "
					      "\"%%\" as %%25.");
			return MIGRATOR_DRIVER_ECONFIG;
		}
		if (hi == 0 && lo == 0)
			return sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
						 "sqlite URL path holds a NUL "
						 "byte (%%00)");
		*o++ = (char)(hi * 16 + lo);
		s += 2;
	}
	*o = '\0';
	return 0;
}

int sq_url_parse(char **path_out, const char *url, struct migrator_diag *d)
{
	static const char scheme[] = "sqlite:";
	const char *p;
	char *path;
	size_t n;
	int rc;

	*path_out = NULL;
	if (!url || strncasecmp(url, scheme, sizeof(scheme) - 1) != 0)
		return sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					 "not a sqlite URL");
	p = url + sizeof(scheme) - 1;
	if (p[strcspn(p, "?#")] != '\0') {
		sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
				  "sqlite URL query strings and fragments are "
				  "not supported");
		sq_host->diag_hint(d, "Write a \"?\" or \"#\" in a file name as "
				      "%%3F or %%23.");
		return MIGRATOR_DRIVER_ECONFIG;
	}
	if (strncmp(p, "//", 2) == 0) {
		/* //authority/path: the authority must be empty. */
		p += 2;
		if (*p == '\0')
			return 0; /* sqlite:// is in-memory */
		if (*p != '/') {
			/* The host part is not echoed: it could hold a
			 * password. */
			sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
					  "sqlite URL must not name a host");
			sq_host->diag_hint(d, "Write sqlite:///relative/path.db "
					      "or sqlite:////absolute/path.db.");
			return MIGRATOR_DRIVER_ECONFIG;
		}
		p++; /* the slash that ends the empty authority */
	}
	if (*p == '\0') {
		sq_host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
				  "sqlite URL names no database file");
		sq_host->diag_hint(d, "Write sqlite:///path.db, or sqlite:// "
				      "for an in-memory database.");
		return MIGRATOR_DRIVER_ECONFIG;
	}
	n = strlen(p);
	/* Two spare bytes for the "./" prefix below. */
	path = malloc(n + 3);
	if (!path)
		return sq_nomem(d);
	rc = decode(path + 2, p, d);
	if (rc < 0) {
		free(path);
		return rc;
	}
	if (strcmp(path + 2, ":memory:") == 0) {
		free(path);
		return 0;
	}
	/* Debian's SQLite is built with SQLITE_USE_URI, so a name starting
	 * with "file:" would be read as a URI; "./file:x.db" is not. */
	if (strncmp(path + 2, "file:", 5) == 0) {
		path[0] = '.';
		path[1] = '/';
	} else {
		memmove(path, path + 2, strlen(path + 2) + 1);
	}
	*path_out = path;
	return 0;
}
