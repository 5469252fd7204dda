/*
 * api_graph.c - the public facade: revisions and graph queries (heads,
 * history, lookup) and the context's printable URL (<migrator/migrator.h>).
 *
 * A migrator_revision is the graph's own struct migrator_revision
 * (graph.h); its accessors read it without copying.
 */
#include "config.h"

#include <stdlib.h>

#include "api_int.h"
#include "graph_range.h"

const char *migrator_revision_id(const migrator_revision *r)
{
	return r ? r->id : NULL;
}

const char *migrator_revision_message(const migrator_revision *r)
{
	return r ? r->script->message : NULL;
}

const char *migrator_revision_path(const migrator_revision *r)
{
	return r ? r->script->path : NULL;
}

unsigned migrator_revision_flags(const migrator_revision *r)
{
	unsigned f = 0;

	if (!r)
		return 0;
	if (mg_rev_is_head(r))
		f |= MIGRATOR_REV_HEAD;
	if (mg_rev_is_branchpoint(r))
		f |= MIGRATOR_REV_BRANCHPOINT;
	if (mg_rev_is_mergepoint(r))
		f |= MIGRATOR_REV_MERGEPOINT;
	if (r->script->transactional)
		f |= MIGRATOR_REV_TRANSACTIONAL;
	return f;
}

const migrator_revision *const *
migrator_revision_links(const migrator_revision *r, enum migrator_link which,
			size_t *n)
{
	struct migrator_revision *const *v = NULL;
	size_t k = 0;

	if (r && (unsigned)which <= MIGRATOR_LINK_DEPENDENTS) {
		const struct {
			struct migrator_revision *const *v;
			size_t n;
		} links[] = {
			[MIGRATOR_LINK_PARENTS] = {r->parents, r->n_parents},
			[MIGRATOR_LINK_CHILDREN] = {r->children, r->n_children},
			[MIGRATOR_LINK_DEPENDS_ON] = {r->depends, r->n_depends},
			[MIGRATOR_LINK_DEPENDENTS] = {r->dependents,
						      r->n_dependents},
		};

		v = links[which].v;
		k = links[which].n;
	}
	if (n)
		*n = k;
	return k ? (const migrator_revision *const *)v : NULL;
}

const char *const *migrator_revision_labels(const migrator_revision *r,
					    size_t *n)
{
	size_t k = r ? r->script->n_branch_labels : 0;

	if (n)
		*n = k;
	return k ? r->script->branch_labels : NULL;
}

const struct migrator_section *
migrator_revision_section(const migrator_revision *r, size_t i)
{
	if (!r || i >= r->script->n_sections)
		return NULL;
	return &r->script->sections[i];
}

const struct migrator_section *
migrator_revision_verify_section(const migrator_revision *r, size_t i)
{
	if (!r || i >= r->script->n_verify_sections)
		return NULL;
	return &r->script->verify_sections[i];
}

const char *migrator_url(const migrator_ctx *ctx)
{
	return ctx && ctx->url ? ctx->url : "";
}

int migrator_graph_load(migrator_ctx *ctx, const char *const **warnings,
			size_t *n_warnings)
{
	const mg_graph *g = NULL;
	const mg_strvec *w;
	int rc;

	if (warnings)
		*warnings = NULL;
	if (n_warnings)
		*n_warnings = 0;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	rc = mg_runner_graph(&g, ctx->runner, &ctx->diag);
	if (rc == 0) {
		w = mg_graph_warnings(g);
		if (warnings)
			*warnings = w->n ? (const char *const *)w->v : NULL;
		if (n_warnings)
			*n_warnings = w->n;
	}
	return mg_api_end(ctx, rc);
}

int migrator_heads(migrator_ctx *ctx, migrator_revlist **out)
{
	const mg_graph *g = NULL;
	const struct migrator_revision *const *heads = NULL;
	size_t n = 0;
	int rc = mg_api_begin_list(ctx, out);

	if (rc)
		return rc;
	rc = mg_runner_graph(&g, ctx->runner, &ctx->diag);
	if (rc == 0)
		heads = mg_graph_heads(g, &n);
	return mg_api_end_list(ctx, out, heads, n, rc);
}

int migrator_history(migrator_ctx *ctx, const char *range,
		     migrator_revlist **out)
{
	const mg_graph *g = NULL;
	const struct migrator_revision **v = NULL;
	mg_revset cur = MG_REVSET_INIT;
	size_t n = 0;
	int rc = mg_api_begin_list(ctx, out);

	if (rc)
		return rc;
	rc = mg_runner_graph(&g, ctx->runner, &ctx->diag);
	if (rc == 0 && mg_graph_range_needs_current(range))
		rc = mg_runner_current(&cur, ctx->runner, &ctx->diag);
	if (rc == 0)
		rc = mg_graph_range(&v, &n, g, range, &cur, &ctx->diag);
	rc = mg_api_end_list(ctx, out, v, n, rc);
	free(v);
	mg_revset_clear(&cur);
	return rc;
}

int migrator_revision_lookup(migrator_ctx *ctx, const char *expr,
			     const migrator_revision **out)
{
	const mg_graph *g = NULL;
	int rc;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (!out)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "no place for the result given");
	else if (!expr || !expr[0])
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "no revision given");
	else
		rc = mg_runner_graph(&g, ctx->runner, &ctx->diag);
	if (rc == 0)
		rc = mg_target_resolve_one(out, g, expr, NULL, &ctx->diag);
	return mg_api_end(ctx, rc);
}
