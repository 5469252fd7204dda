/*
 * fuzz_url.c - database URLs: mg_url_scheme and mg_url_redact.
 *
 * Besides not crashing: a scheme is lower-case RFC 3986 scheme characters;
 * a password planted in a URI's user info, or as a password= parameter, never
 * survives redaction, whatever the fuzzer puts around it.
 */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "url.h"

#define SECRET "Zq7SecretPw"

static void check_scheme(const char *url)
{
	mg_diag d = MG_DIAG_INIT;
	char *scheme = NULL;
	int rc = mg_url_scheme(&scheme, url, &d);

	if (rc != 0) {
		FUZZ_CHECK(rc == d.code && scheme == NULL);
		FUZZ_CHECK(rc == MIGRATOR_ECONFIG || rc == MIGRATOR_ENOMEM);
		FUZZ_CHECK_MESSAGE(d.message);
	} else {
		size_t n = strlen(scheme);

		FUZZ_CHECK(n > 0 && strncasecmp(scheme, url, n) == 0 &&
			   url[n] == ':');
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(strchr("abcdefghijklmnopqrstuvwxyz"
					  "0123456789+-.",
					  scheme[i]) != NULL);
	}
	free(scheme);
	mg_diag_clear(&d);
}

/* Redacts a + SECRET + b; the secret must be gone unless the fuzzer's own
 * text spells part of it. */
static void check_hidden(const char *a, const char *b)
{
	struct mg_buf u = MG_BUF_INIT;
	char *r;

	if (strstr(a, "Zq7") || strstr(b, "Zq7") || strstr(a, "Pw") ||
	    strstr(b, "Pw"))
		return;
	FUZZ_CHECK(mg_buf_puts(&u, a) == 0);
	FUZZ_CHECK(mg_buf_puts(&u, SECRET) == 0);
	FUZZ_CHECK(mg_buf_puts(&u, b) == 0);
	r = mg_url_redact(u.ptr);
	FUZZ_CHECK(r != NULL);
	if (strstr(r, SECRET)) {
		fprintf(stderr, "fuzz_url: \"%s\" redacted to \"%s\"\n",
			u.ptr, r);
		abort();
	}
	free(r);
	mg_buf_free(&u);
}

/* s + t, malloc'd. */
static char *cat(const char *s, const char *t)
{
	struct mg_buf b = MG_BUF_INIT;

	FUZZ_CHECK(mg_buf_puts(&b, s) == 0 && mg_buf_puts(&b, t) == 0);
	return b.ptr;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url, *r, *t, *u;

	url = malloc(size + 1);
	FUZZ_CHECK(url != NULL);
	memcpy(url, data, size);
	url[size] = '\0';

	check_scheme(url);
	r = mg_url_redact(url);
	FUZZ_CHECK(r != NULL);
	/* redaction only replaces: it never makes a URL much longer */
	FUZZ_CHECK(strlen(r) <= 3 * strlen(url) + 3);
	free(r);

	/* a password in the user info, the host part fuzzed */
	if (!strpbrk(url, "/?#")) {
		t = cat("@", url);
		check_hidden("postgresql://user:", t);
		free(t);
	}
	/* password= after fuzzed parameters, or after a fuzzed conninfo */
	t = cat("postgresql://h/db?", url);
	u = cat(t, "&password=");
	check_hidden(u, "&x=1");
	free(t);
	free(u);
	t = cat(url, " password=");
	check_hidden(t, " sslmode=require");
	free(t);
	free(url);
	return 0;
}
