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

/* Items and their texts (texts.v[i] is v[i].text). */
struct items {
	struct migrator_verify_item *v;
	size_t n, cap;
	mg_strvec texts;
};

struct migrator_verifylist {
	mg_verify *v; /* owns the strings of the findings' diags */
	migrator_driftlist **drifts; /* per finding; NULL: none */
	size_t n_findings;
	struct items problems, warnings;
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
static int add_item(struct items *l, const struct mg_finding *f,
		    const struct migrator_drift_item *diff)
{
	struct migrator_verify_item *it;
	struct mg_buf b = MG_BUF_INIT;
	const char *head = what(f->kind);
	const char *reason = diff ? diff->text
			     : f->diag.detail ? f->diag.detail
					      : f->diag.message;
	int rc;

	if (mg_array_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v), 8) < 0)
		return MIGRATOR_ENOMEM;
	rc = mg_buf_printf(&b, "%s%s%s", head ? head : "", head ? ": " : "",
			   reason ? reason : "");
	if (!rc)
		rc = mg_strvec_push(&l->texts, mg_buf_cstr(&b));
	mg_buf_free(&b);
	if (rc)
		return MIGRATOR_ENOMEM;
	it = &l->v[l->n++];
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
	it->table = f->table;
	it->rows_before = f->before;
	it->rows_after = f->after;
	return 0;
}

/* The vector may move while it grows: point at its strings last. */
static void set_texts(struct items *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->v[i].text = l->texts.v[i];
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
			rc = add_item(&l->problems, f, NULL);
			continue;
		}
		rc = mg_api_driftlist_new(&l->drifts[i], c);
		for (size_t k = 0;
		     rc == 0 && k < migrator_driftlist_count(l->drifts[i]); k++)
			rc = add_item(&l->problems, f,
				      migrator_driftlist_get(l->drifts[i], k));
	}
	for (size_t i = 0; rc == 0 && i < mg_verify_warnings(l->v); i++)
		rc = add_item(&l->warnings, mg_verify_warning_at(l->v, i),
			      NULL);
	if (rc == 0) {
		set_texts(&l->problems);
		set_texts(&l->warnings);
	}
	return rc;
}

static int problems(mg_diag *d, size_t n)
{
	mg_diag_set(d, MIGRATOR_EDRIFT, "verify found %zu problem%s", n,
		    n == 1 ? "" : "s");
	return MIGRATOR_EDRIFT;
}

#define KNOWN_FLAGS (MIGRATOR_VERIFY_ALLOW_BRANCHES | MIGRATOR_VERIFY_WITH_DATA)

/* The options' flags and data; rc MIGRATOR_EUSAGE for bad ones. */
static int options(migrator_ctx *ctx,
		   const struct migrator_verify_options *opts,
		   unsigned *flags, struct mg_verify_data *data)
{
	*flags = 0;
	data->seed = MIGRATOR_VERIFY_DEFAULT_SEED;
	data->rows = MIGRATOR_VERIFY_DEFAULT_ROWS;
	if (!opts)
		return 0;
	if (opts->version < 1)
		return mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				   "verify options of version %u",
				   opts->version);
	if (opts->flags & ~KNOWN_FLAGS)
		return mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				   "unknown verify flags 0x%x",
				   opts->flags & ~KNOWN_FLAGS);
	if (opts->rows > 1000)
		return mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				   "%u rows per table is more than 1000",
				   opts->rows);
	if (opts->flags & MIGRATOR_VERIFY_ALLOW_BRANCHES)
		*flags |= MG_VERIFY_ALLOW_BRANCHES;
	if (opts->flags & MIGRATOR_VERIFY_WITH_DATA)
		*flags |= MG_VERIFY_WITH_DATA;
	data->seed = opts->seed;
	if (opts->rows)
		data->rows = opts->rows;
	return 0;
}

int migrator_verify(migrator_ctx *ctx, const char *range, unsigned flags,
		    migrator_verifylist **out)
{
	struct migrator_verify_options o = MIGRATOR_VERIFY_OPTIONS_INIT;

	o.flags = flags;
	return migrator_verify_ext(ctx, range, &o, out);
}

int migrator_verify_ext(migrator_ctx *ctx, const char *range,
			const struct migrator_verify_options *opts,
			migrator_verifylist **out)
{
	struct mg_verify_data data;
	migrator_verifylist *l = NULL;
	unsigned flags = 0;
	int rc;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	rc = options(ctx, opts, &flags, &data);
	if (rc)
		return mg_api_end(ctx, rc);
	l = calloc(1, sizeof(*l));
	if (!l)
		return mg_api_end(ctx, MIGRATOR_ENOMEM);
	rc = mg_runner_verify(&l->v, ctx->runner, range, flags, &data,
			      &ctx->diag);
	if (rc == 0 && build(l))
		rc = mg_diag_set(&ctx->diag, MIGRATOR_ENOMEM, "out of memory");
	if (rc == 0 && l->problems.n)
		rc = problems(&ctx->diag, l->problems.n);
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
	return list ? list->problems.n : 0;
}

const struct migrator_verify_item *
migrator_verifylist_get(const migrator_verifylist *list, size_t i)
{
	return list && i < list->problems.n ? &list->problems.v[i] : NULL;
}

size_t migrator_verifylist_warning_count(const migrator_verifylist *list)
{
	return list ? list->warnings.n : 0;
}

const struct migrator_verify_item *
migrator_verifylist_warning_get(const migrator_verifylist *list, size_t i)
{
	return list && i < list->warnings.n ? &list->warnings.v[i] : NULL;
}

int migrator_verifylist_seed(const migrator_verifylist *list,
			     unsigned long long *seed)
{
	return mg_verify_seed(list ? list->v : NULL, seed);
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
	free(list->problems.v);
	mg_strvec_clear(&list->problems.texts);
	free(list->warnings.v);
	mg_strvec_clear(&list->warnings.texts);
	mg_verify_free(list->v);
	free(list);
}
