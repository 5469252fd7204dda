/*
 * api_author.c - the public facade of authoring: new revisions, merges
 * and new projects (<migrator/migrator.h>).  These write files and never
 * connect.
 */
#include "config.h"

#include <stdlib.h>

#include "api_int.h"

int mg_api_check_revision_spec(mg_diag *d,
				const struct migrator_revision_spec *spec)
{
	if (!spec)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "no revision spec given");
	if (spec->version < 1 ||
	    spec->version > MIGRATOR_REVISION_SPEC_VERSION)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "unsupported revision spec version %u "
				   "(this library knows 1 to %d)",
				   spec->version,
				   MIGRATOR_REVISION_SPEC_VERSION);
	if (!spec->message)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "revision needs a message");
	return 0;
}

/* A revision to write: a new one (spec) or a merge (message, targets). */
struct job {
	int merge;
	const struct migrator_revision_spec *spec;
	const char *message;
	const char *const *targets;
	size_t n;
};

static int check_job(mg_diag *d, const struct job *j)
{
	if (!j->merge)
		return mg_api_check_revision_spec(d, j->spec);
	if (!j->message)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "merge needs a message");
	if (j->n && !j->targets)
		return mg_diag_set(d, MIGRATOR_EUSAGE, "no targets given");
	return 0;
}

/* Ends an authoring call that wrote path (when rc is 0): the context reads
 * the directory again on its next need, and path goes to *path_out. */
static int wrote(migrator_ctx *ctx, int rc, char *path, char **path_out)
{
	if (rc == 0)
		mg_runner_graph_changed(ctx->runner);
	if (path_out)
		*path_out = path;
	else
		free(path);
	return mg_api_end(ctx, rc);
}

static int write_job(migrator_ctx *ctx, const struct job *j,
		     char **path_out)
{
	mg_diag *d;
	const mg_graph *g = NULL;
	char *path = NULL;
	int rc;

	if (path_out)
		*path_out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	d = &ctx->diag;
	rc = check_job(d, j);
	if (rc == 0)
		rc = mg_runner_graph(&g, ctx->runner, d);
	if (rc == 0 && j->merge)
		rc = mg_author_merge(&path, g, j->message, j->targets, j->n,
				     d);
	else if (rc == 0)
		rc = mg_author_revision(&path, g, j->spec, d);
	return wrote(ctx, rc, path, path_out);
}

int migrator_revision_create(migrator_ctx *ctx,
			     const struct migrator_revision_spec *spec,
			     char **path_out)
{
	struct job j = {0, spec, NULL, NULL, 0};

	return write_job(ctx, &j, path_out);
}

int migrator_merge(migrator_ctx *ctx, const char *message,
		   const char *const *targets, size_t n, char **path_out)
{
	struct job j = {1, NULL, message, targets, n};

	return write_job(ctx, &j, path_out);
}

int migrator_project_init(migrator_ctx *ctx, const char *ini_path,
			  unsigned *made)
{
	unsigned m = 0;
	int rc;

	if (made)
		*made = 0;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (!ini_path || !*ini_path)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "no config file path given");
	else
		rc = mg_author_init(&m, ini_path,
				    mg_runner_migrations(ctx->runner),
				    &ctx->diag);
	if (rc == 0 && made)
		*made = m;
	return wrote(ctx, rc, NULL, NULL);
}
