/*
 * api_diff.c - the public facade of `migrator diff`
 * (<migrator/migrator.h>): the revision from diff.c, written as
 * `revision` writes one (author.h).
 */
#include "config.h"

#include <stdlib.h>

#include "api_int.h"
#include "author.h"
#include "diff.h"

static int check(mg_diag *d, const struct migrator_diff_spec *spec)
{
	if (!spec)
		return mg_diag_set(d, MIGRATOR_EUSAGE, "no diff spec given");
	if (spec->version < 1 || spec->version > MIGRATOR_DIFF_SPEC_VERSION)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "unsupported diff spec version %u (this "
				   "library knows 1 to %d)",
				   spec->version, MIGRATOR_DIFF_SPEC_VERSION);
	if (!spec->to || !*spec->to) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "diff needs --to SOURCE");
		mg_diag_hint(d, "SOURCE is a database URL or a .sql file "
				"holding the schema wanted.");
		return MIGRATOR_EUSAGE;
	}
	if (spec->nrenames && !spec->renames)
		return mg_diag_set(d, MIGRATOR_EUSAGE, "no renames given");
	if (spec->version >= 2 && spec->ndialect_urls && !spec->dialect_urls)
		return mg_diag_set(d, MIGRATOR_EUSAGE, "no dialect URLs given");
	if (spec->version >= 2 && spec->ndialect_urls && !spec->dialects) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "--dialect-url needs --dialects");
		mg_diag_hint(d, "--dialect-url DIALECT=URL gives the database of "
				"one dialect of --dialects.");
		return MIGRATOR_EUSAGE;
	}
	return mg_api_check_revision_spec(d, spec->revision);
}

int migrator_diff(migrator_ctx *ctx, const struct migrator_diff_spec *spec,
		  char **text_out, char **path_out)
{
	const mg_graph *g = NULL;
	char *text = NULL, *path = NULL;
	int rc;

	if (text_out)
		*text_out = NULL;
	if (path_out)
		*path_out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	rc = check(&ctx->diag, spec);
	if (!rc)
		rc = mg_runner_diff(&text, ctx->runner, spec, &ctx->diag);
	if (!rc && text && !(spec->flags & MIGRATOR_DIFF_PRINT)) {
		rc = mg_runner_graph(&g, ctx->runner, &ctx->diag);
		if (!rc)
			rc = mg_author_revision_body(&path, g, spec->revision,
						     text, &ctx->diag);
		if (!rc)
			mg_runner_graph_changed(ctx->runner);
	}
	if (!rc && text_out)
		*text_out = text;
	else
		free(text);
	if (!rc && path_out)
		*path_out = path;
	else
		free(path);
	return mg_api_end(ctx, rc);
}
