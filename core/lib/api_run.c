/*
 * api_run.c - the public facade: revision lists, upgrade,
 * downgrade, current and heads (<migrator/migrator.h>).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"

migrator_revlist *mg_api_revlist_take(mg_strvec *v)
{
	migrator_revlist *l = calloc(1, sizeof(*l));

	if (!l) {
		mg_strvec_clear(v);
		return NULL;
	}
	l->ids = *v;
	memset(v, 0, sizeof(*v));
	return l;
}

size_t migrator_revlist_count(const migrator_revlist *list)
{
	return list ? list->ids.n : 0;
}

const char *migrator_revlist_get(const migrator_revlist *list, size_t i)
{
	return list && i < list->ids.n ? list->ids.v[i] : NULL;
}

void migrator_revlist_free(migrator_revlist *list)
{
	if (!list)
		return;
	mg_strvec_clear(&list->ids);
	free(list);
}

/* Hands v to *out as a list (when out is wanted); returns rc, or
 * MIGRATOR_ENOMEM when the list cannot be made. */
static int give_list(migrator_ctx *ctx, migrator_revlist **out,
		     mg_strvec *v, int rc)
{
	if (!out) {
		mg_strvec_clear(v);
		return rc;
	}
	*out = mg_api_revlist_take(v);
	if (!*out && rc == 0)
		return mg_diag_set(&ctx->diag, MIGRATOR_ENOMEM,
					 "out of memory");
	return rc;
}

static int run(migrator_ctx *ctx, enum migrator_direction dir,
	       const char *target, migrator_revlist **ran)
{
	mg_strvec done = MG_STRVEC_INIT;
	int rc = 0;

	if (ran)
		*ran = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (!target || !target[0])
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "no target given");
	else if (dir == MIGRATOR_UPGRADE)
		rc = mg_runner_upgrade(ctx->runner, target, &done,
					     &ctx->diag);
	else
		rc = mg_runner_downgrade(ctx->runner, target, &done,
					       &ctx->diag);
	return mg_api_end(ctx, give_list(ctx, ran, &done, rc));
}

int migrator_upgrade(migrator_ctx *ctx, const char *target,
		     migrator_revlist **ran)
{
	return run(ctx, MIGRATOR_UPGRADE, target, ran);
}

int migrator_downgrade(migrator_ctx *ctx, const char *target,
		       migrator_revlist **ran)
{
	return run(ctx, MIGRATOR_DOWNGRADE, target, ran);
}

/* Starts a query call: clears *out, forgets the last error and refuses a
 * missing context or out, or a context whose open failed. */
static int begin_query(migrator_ctx *ctx, migrator_revlist **out)
{
	int rc;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc == 0 && !out)
		rc = mg_api_end(ctx, mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
						 "no place for the result given"));
	return rc;
}

/* Ends a query call that found v[0..n) (when rc is 0): their ids become
 * *out.  Returns rc, or the error of making the list. */
static int end_query(migrator_ctx *ctx, migrator_revlist **out,
		     const struct migrator_revision *const *v, size_t n, int rc)
{
	mg_strvec ids = MG_STRVEC_INIT;

	if (!ctx)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = mg_strvec_push(&ids, v[i]->id);
	if (rc == 0)
		rc = give_list(ctx, out, &ids, 0);
	mg_strvec_clear(&ids);
	return mg_api_end(ctx, rc);
}

int migrator_current(migrator_ctx *ctx, migrator_revlist **out)
{
	mg_revset cur = MG_REVSET_INIT;
	int rc = begin_query(ctx, out);

	if (rc == 0)
		rc = mg_runner_current(&cur, ctx->runner, &ctx->diag);
	rc = end_query(ctx, out, cur.v, cur.n, rc);
	mg_revset_clear(&cur);
	return rc;
}

int migrator_heads(migrator_ctx *ctx, migrator_revlist **out)
{
	const mg_graph *g = NULL;
	const struct migrator_revision *const *heads = NULL;
	size_t n = 0;
	int rc = begin_query(ctx, out);

	if (rc == 0)
		rc = mg_runner_graph(&g, ctx->runner, &ctx->diag);
	if (rc == 0)
		heads = mg_graph_heads(g, &n);
	return end_query(ctx, out, heads, n, rc);
}
