/*
 * api_fleet.c - the public facade of fleets (issue 18): the tenant
 * schemas of a database (<migrator/migrator.h>).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"

/* v[0..n) as one block: n + 1 pointers (the last NULL), then the text. */
static char **names_block(char *const *v, size_t n)
{
	size_t size = (n + 1) * sizeof(char *);
	char **out, *p;

	for (size_t i = 0; i < n; i++)
		size += strlen(v[i]) + 1;
	out = malloc(size);
	if (!out)
		return NULL;
	p = (char *)(out + n + 1);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		out[i] = memcpy(p, v[i], len);
		p += len;
	}
	out[n] = NULL;
	return out;
}

int migrator_schemas(migrator_ctx *ctx, const char *pattern, char ***out,
		     size_t *n)
{
	mg_strvec names = MG_STRVEC_INIT;
	int rc;

	if (out)
		*out = NULL;
	if (n)
		*n = 0;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (!out || !n || !pattern)
		return mg_api_end(ctx, mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
						   "no pattern or no place "
						   "for the schemas"));
	rc = mg_runner_schemas(&names, ctx->runner, pattern, &ctx->diag);
	if (!rc) {
		*out = names_block(names.v, names.n);
		if (!*out)
			rc = mg_diag_set(&ctx->diag, MIGRATOR_ENOMEM,
					 "out of memory");
		else
			*n = names.n;
	}
	mg_strvec_clear(&names);
	return mg_api_end(ctx, rc);
}
