/*
 * url.h - the parts of a database URL the core looks at.
 */
#ifndef MG_URL_H
#define MG_URL_H

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The URL's scheme, lower-cased, malloc'd ("sqlite" for "sqlite:x.db").
 * A URL without one is MIGRATOR_ECONFIG. */
int mg_url_scheme(char **out, const char *url, mg_diag *d);

/* A malloc'd copy of url that is safe to print: the password of a URI's
 * user info and any password=... parameter become "***".  NULL on ENOMEM. */
char *mg_url_redact(const char *url);

#ifdef __cplusplus
}
#endif
#endif
