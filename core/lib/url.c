#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "url.h"

int mg_url_scheme(char **out, const char *url, mg_diag *d)
{
	size_t n = 0;

	*out = NULL;
	if (!url || !*url)
		return mg_diag_set(d, MIGRATOR_ECONFIG,
					 "no database URL given");
	/* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (isalpha((unsigned char)url[0]))
		while (isalnum((unsigned char)url[n]) || url[n] == '+' ||
		       url[n] == '-' || url[n] == '.')
			n++;
	if (n == 0 || url[n] != ':') {
		mg_diag_set(d, MIGRATOR_ECONFIG,
				  "database URL has no scheme");
		mg_diag_hint(d, "Use a URL such as sqlite:///app.db or "
				      "postgresql://user@host/dbname.");
		return MIGRATOR_ECONFIG;
	}
	*out = malloc(n + 1);
	if (!*out)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		(*out)[i] = (char)tolower((unsigned char)url[i]);
	(*out)[n] = '\0';
	return 0;
}

/* Length of a "password=" parameter name at p (case-insensitive), or 0. */
static size_t password_param(const char *p)
{
	static const char key[] = "password=";

	if (strncasecmp(p, key, sizeof(key) - 1) == 0)
		return sizeof(key) - 1;
	return 0;
}

char *mg_url_redact(const char *url)
{
	struct mg_buf b = MG_BUF_INIT;
	const char *p = url, *auth_end, *at, *colon;
	const char *sep = strstr(url, "://");
	int err = 0;

	if (!url)
		return NULL;
	/* scheme://user:password@host... */
	if (sep) {
		const char *auth = sep + 3;

		auth_end = auth + strcspn(auth, "/?#");
		at = NULL;
		for (const char *q = auth; q < auth_end; q++)
			if (*q == '@')
				at = q; /* the last @ ends the user info */
		colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			err |= mg_buf_add(&b, url, (size_t)(colon + 1 - url));
			err |= mg_buf_puts(&b, "***");
			p = at;
		}
	}
	/* ...?password=secret&... and key=value strings "password=secret" */
	while (*p) {
		size_t k = 0;
		int boundary = p == url || p[-1] == '?' || p[-1] == '&' ||
			       p[-1] == ' ' || p[-1] == ';';

		if (boundary)
			k = password_param(p);
		if (k) {
			err |= mg_buf_add(&b, p, k);
			err |= mg_buf_puts(&b, "***");
			p += k;
			p += strcspn(p, "& ;#");
			continue;
		}
		err |= mg_buf_putc(&b, *p++);
	}
	if (err) {
		mg_buf_free(&b);
		return NULL;
	}
	if (!b.ptr)
		return calloc(1, 1);
	return mg_buf_detach(&b);
}
