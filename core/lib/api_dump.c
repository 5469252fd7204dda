/*
 * api_dump.c - the public facade of the schema file: dump, the dump of
 * what the migrations build, and load (<migrator/migrator.h>).
 */
#include "config.h"

#include <stdlib.h>

#include "api_int.h"

/* A call that hands text to *out: out NULL is a usage error. */
static int text_call(migrator_ctx *ctx, char **out,
		     int (*fn)(char **, mg_runner *, mg_diag *))
{
	int rc;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	rc = out ? fn(out, ctx->runner, &ctx->diag)
		 : mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
			       "no place given for the dump");
	return mg_api_end(ctx, rc);
}

int migrator_dump(migrator_ctx *ctx, char **out)
{
	return text_call(ctx, out, mg_runner_dump);
}

int migrator_dump_expected(migrator_ctx *ctx, char **out)
{
	return text_call(ctx, out, mg_runner_dump_expected);
}

/* A call on a file: path NULL or "" is a usage error. */
static int file_call(migrator_ctx *ctx, const char *path,
		     int (*fn)(mg_runner *, const char *, mg_diag *))
{
	int rc = mg_api_enter(ctx);

	if (rc)
		return rc;
	if (!path || !*path)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE, "no file given");
	else
		rc = fn(ctx->runner, path, &ctx->diag);
	return mg_api_end(ctx, rc);
}

int migrator_dump_file(migrator_ctx *ctx, const char *path)
{
	return file_call(ctx, path, mg_runner_dump_to);
}

int migrator_load(migrator_ctx *ctx, const char *path)
{
	return file_call(ctx, path, mg_runner_load);
}
