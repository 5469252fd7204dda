/*
 * api_verify.c - the public facade of `migrator verify`
 * (<migrator/migrator.h>): the walk's findings as flat items, one per
 * difference for a schema that a move did not restore, each with a line
 * of text.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "buf.h"
#include "verify.h"

struct migrator_verifylist {
	mg_verify *v; /* owns the strings of the findings' diags */
	migrator_driftlist **drifts; /* per finding; NULL: none */
	size_t n_findings;
	struct migrator_verify_item *items;
	size_t n, cap;
	mg_strvec texts; /* texts.v[i] is items[i].text */
};

/* What each kind of finding says before its reason. */
static const char *what(enum mg_finding_kind kind)
{
	switch (kind) {
	case MG_FIND_UPGRADE_FAILED: return "upgrade failed";
	case MG_FIND_VERIFY_FAILED: return "verify section failed";
	case MG_FIND_DOWNGRADE_FAILED: return "downgrade failed";
	case MG_FIND_DOWNGRADE_DRIFT:
		return "downgrade does not restore the schema";
	case MG_FIND_REUPGRADE_FAILED:
		return "upgrade failed after its own downgrade";
	case MG_FIND_REUPGRADE_DRIFT:
		return "upgrade after its own downgrade builds another schema";
	default: return NULL; /* the message says it all */
	}
}

/* One item; diff: the difference (a *_DRIFT finding), else NULL. */
static int add_item(migrator_verifylist *l, const struct mg_finding *f,
		    const struct migrator_drift_item *diff)
{
	struct migrator_verify_item *it;
	struct mg_buf b = MG_BUF_INIT;
	const char *head = what(f->kind);
	const char *reason = diff ? diff->text
			     : f->diag.detail ? f->diag.detail
					      : f->diag.message;
	int rc;

	if (mg_array_grow(&l->items, &l->cap, l->n + 1, sizeof(*l->items),
			  8) < 0)
		return MIGRATOR_ENOMEM;
	rc = mg_buf_printf(&b, "%s%s%s", head ? head : "", head ? ": " : "",
			   reason ? reason : "");
	if (!rc)
		rc = mg_strvec_push(&l->texts, mg_buf_cstr(&b));
	mg_buf_free(&b);
	if (rc)
		return MIGRATOR_ENOMEM;
	it = &l->items[l->n++];
	memset(it, 0, sizeof(*it));
	it->kind = mg_finding_kind_name(f->kind);
	it->revision = f->rev ? f->rev->id : NULL;
	it->file = f->rev ? f->rev->script->path : NULL;
	if (!diff) {
		it->line = f->diag.line;
		/* the failure's own words, when they are not the text */
		it->detail = f->diag.detail;
		it->hint = f->diag.hint;
		it->sqlstate = f->diag.sqlstate[0] ? f->diag.sqlstate : NULL;
	}
	it->difference = diff;
	return 0;
}

static int build(migrator_verifylist *l)
{
	int rc = 0;

	l->n_findings = mg_verify_size(l->v);
	l->drifts = calloc(l->n_findings ? l->n_findings : 1,
			   sizeof(*l->drifts));
	if (!l->drifts)
		return MIGRATOR_ENOMEM;
	for (size_t i = 0; rc == 0 && i < l->n_findings; i++) {
		const struct mg_finding *f = mg_verify_at(l->v, i);
		mg_check *c = mg_verify_take_drift(l->v, i);

		if (!c) {
			rc = add_item(l, f, NULL);
			continue;
		}
		rc = mg_api_driftlist_new(&l->drifts[i], c);
		for (size_t k = 0;
		     rc == 0 && k < migrator_driftlist_count(l->drifts[i]); k++)
			rc = add_item(l, f,
				      migrator_driftlist_get(l->drifts[i], k));
	}
	/* The vector may move while it grows: point at its strings last. */
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		l->items[i].text = l->texts.v[i];
	return rc;
}

static int problems(mg_diag *d, size_t n)
{
	mg_diag_set(d, MIGRATOR_EDRIFT, "verify found %zu problem%s", n,
		    n == 1 ? "" : "s");
	return MIGRATOR_EDRIFT;
}

int migrator_verify(migrator_ctx *ctx, const char *range, unsigned flags,
		    migrator_verifylist **out)
{
	migrator_verifylist *l = NULL;
	int rc;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (flags & ~MIGRATOR_VERIFY_ALLOW_BRANCHES)
		return mg_api_end(ctx, mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
						   "unknown verify flags 0x%x",
						   flags &
						   ~MIGRATOR_VERIFY_ALLOW_BRANCHES));
	l = calloc(1, sizeof(*l));
	if (!l)
		return mg_api_end(ctx, MIGRATOR_ENOMEM);
	rc = mg_runner_verify(&l->v, ctx->runner, range,
			      flags & MIGRATOR_VERIFY_ALLOW_BRANCHES
				      ? MG_VERIFY_ALLOW_BRANCHES
				      : 0,
			      &ctx->diag);
	if (rc == 0 && build(l))
		rc = mg_diag_set(&ctx->diag, MIGRATOR_ENOMEM, "out of memory");
	if (rc == 0 && l->n)
		rc = problems(&ctx->diag, l->n);
	if (rc != 0 && rc != MIGRATOR_EDRIFT) {
		migrator_verifylist_free(l);
		return mg_api_end(ctx, rc);
	}
	if (out)
		*out = l;
	else
		migrator_verifylist_free(l);
	return mg_api_end(ctx, rc);
}

size_t migrator_verifylist_count(const migrator_verifylist *list)
{
	return list ? list->n : 0;
}

const struct migrator_verify_item *
migrator_verifylist_get(const migrator_verifylist *list, size_t i)
{
	return list && i < list->n ? &list->items[i] : NULL;
}

size_t migrator_verifylist_walked(const migrator_verifylist *list,
				  size_t *planned)
{
	if (planned)
		*planned = list ? mg_verify_planned(list->v) : 0;
	return list ? mg_verify_walked(list->v) : 0;
}

const char *migrator_verifylist_stopped(const migrator_verifylist *list)
{
	const struct migrator_revision *r =
		list ? mg_verify_stopped(list->v) : NULL;

	return r ? r->id : NULL;
}

void migrator_verifylist_free(migrator_verifylist *list)
{
	if (!list)
		return;
	for (size_t i = 0; list->drifts && i < list->n_findings; i++)
		migrator_driftlist_free(list->drifts[i]);
	free(list->drifts);
	free(list->items);
	mg_strvec_clear(&list->texts);
	mg_verify_free(list->v);
	free(list);
}
