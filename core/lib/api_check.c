/*
 * api_check.c - the public facade of `check` (<migrator/migrator.h>):
 * the internal check result, with each difference as a flat item and a
 * line of text.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "buf.h"

struct migrator_driftlist {
	mg_check *check; /* owns the strings the items point to */
	struct migrator_drift_item *items;
	mg_strvec texts; /* texts.v[i] is items[i].text */
	size_t n;
};

static const char *const kind_text[] = {
	"missing table",  "extra table",   "missing column",
	"extra column",   "changed column", "missing index",
	"extra index",    "changed index", "missing foreign key",
	"extra foreign key", "changed table",
	"missing view",     "extra view",     "changed view",
	"missing trigger",  "extra trigger",  "changed trigger",
	"missing sequence", "extra sequence", "changed sequence",
	"missing function", "extra function", "changed function",
	"missing type",     "extra type",     "changed type",
};

/* s with each run of white space as one space, none at either end: an
 * object's definition (a view's, a function's) on one line; NULL as
 * "none". */
static int put_flat(struct mg_buf *b, const char *s)
{
	int rc = 0, gap = 0, started = 0;

	if (!s)
		return mg_buf_puts(b, "none");
	for (; !rc && *s; s++) {
		if (strchr(" \t\r\n\v\f", *s)) {
			gap = 1;
			continue;
		}
		if (gap && started)
			rc = mg_buf_putc(b, ' ');
		started = 1;
		gap = 0;
		rc = rc ? rc : mg_buf_putc(b, *s);
	}
	return rc;
}

/* A view, trigger, sequence, function or type (ABI 2.3), e.g.
 * "changed view active_users: definition SELECT ... expected, SELECT ...
 * found", "missing trigger orders.audit: CREATE TRIGGER ...". */
static int object_text(struct mg_buf *b, const char *what,
		       const struct mg_drift *x)
{
	int rc = mg_buf_printf(b, "%s %s%s%s: ", what,
			       x->table ? x->table : "", x->table ? "." : "",
			       x->name);

	if (rc || !x->field)
		return rc ? rc : put_flat(b, x->expected ? x->expected
							 : x->found);
	rc = mg_buf_printf(b, "%s ", x->field);
	rc = rc ? rc : put_flat(b, x->expected);
	rc = rc ? rc : mg_buf_puts(b, " expected, ");
	rc = rc ? rc : put_flat(b, x->found);
	return rc ? rc : mg_buf_puts(b, " found");
}

/* One line, as cmd_check.c prints it. */
static int drift_text(struct mg_buf *b, const struct mg_drift *x)
{
	const char *what = (size_t)x->kind < sizeof(kind_text) /
						     sizeof(kind_text[0])
				   ? kind_text[x->kind]
				   : "difference";
	const char *desc = x->expected ? x->expected : x->found;

	if (x->kind == MG_DRIFT_CHANGED_TABLE)
		return mg_buf_printf(b, "column order of %s: %s expected, "
				     "%s found", x->table, x->expected,
				     x->found);
	if (x->kind >= MG_DRIFT_MISSING_VIEW)
		return object_text(b, what, x);
	if (x->kind == MG_DRIFT_MISSING_TABLE ||
	    x->kind == MG_DRIFT_EXTRA_TABLE)
		return mg_buf_printf(b, "%s %s", what, x->table);
	if (x->kind == MG_DRIFT_MISSING_FKEY ||
	    x->kind == MG_DRIFT_EXTRA_FKEY)
		return mg_buf_printf(b, "%s %s: %s", what, x->table, x->name);
	if (x->field)
		return mg_buf_printf(b, "%s %s.%s: %s %s expected, %s found",
				     what, x->table, x->name, x->field,
				     x->expected ? x->expected : "none",
				     x->found ? x->found : "none");
	return mg_buf_printf(b, "%s %s.%s%s%s", what, x->table, x->name,
			     desc ? ": " : "", desc ? desc : "");
}

static int build(migrator_driftlist *l)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc = 0;

	l->n = mg_check_size(l->check);
	if (l->n) {
		l->items = calloc(l->n, sizeof(*l->items));
		if (!l->items)
			return MIGRATOR_ENOMEM;
	}
	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		const struct mg_drift *x = mg_check_at(l->check, i);

		mg_buf_reset(&b);
		rc = drift_text(&b, x);
		if (rc == 0)
			rc = mg_strvec_push(&l->texts, mg_buf_cstr(&b));
		l->items[i].kind = mg_drift_kind_name(x->kind);
		l->items[i].table = x->table;
		l->items[i].name = x->name;
		l->items[i].field = x->field;
		l->items[i].expected = x->expected;
		l->items[i].found = x->found;
	}
	/* The vector may move while it grows: point at its strings last. */
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		l->items[i].text = l->texts.v[i];
	mg_buf_free(&b);
	return rc;
}

int mg_api_driftlist_new(migrator_driftlist **out, mg_check *check)
{
	migrator_driftlist *l = calloc(1, sizeof(*l));

	*out = NULL;
	if (!l) {
		mg_check_free(check);
		return MIGRATOR_ENOMEM;
	}
	l->check = check;
	if (build(l)) {
		migrator_driftlist_free(l);
		return MIGRATOR_ENOMEM;
	}
	*out = l;
	return 0;
}

/*
 * The error of a check that found n differences, as `migrator check`
 * words it; with strict, no differences but edited applied files is
 * drift too (its error names how many; the list stays empty).  0: none.
 */
static int drift_error(migrator_ctx *ctx, size_t n)
{
	mg_strvec edited = MG_STRVEC_INIT;
	int rc;

	if (n)
		return mg_diag_set(&ctx->diag, MIGRATOR_EDRIFT,
				   "the database schema differs from what "
				   "the migrations build");
	if (!mg_runner_strict(ctx->runner))
		return 0;
	rc = mg_runner_edited(&edited, ctx->runner, &ctx->diag);
	if (rc == 0 && edited.n)
		rc = mg_runner_edited_error(edited.n, &ctx->diag);
	mg_strvec_clear(&edited);
	return rc;
}

int migrator_check_schema(migrator_ctx *ctx, migrator_driftlist **out)
{
	migrator_driftlist *l = NULL;
	mg_check *check = NULL;
	int rc = 0;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	rc = mg_runner_check(&check, ctx->runner, &ctx->diag);
	if (rc == 0 && mg_api_driftlist_new(&l, check))
		rc = MIGRATOR_ENOMEM;
	if (rc == 0)
		rc = drift_error(ctx, l->n);
	if (rc != 0 && rc != MIGRATOR_EDRIFT) {
		migrator_driftlist_free(l);
		return mg_api_end(ctx, rc);
	}
	if (out)
		*out = l;
	else
		migrator_driftlist_free(l);
	return mg_api_end(ctx, rc);
}

size_t migrator_driftlist_count(const migrator_driftlist *list)
{
	return list ? list->n : 0;
}

const struct migrator_drift_item *
migrator_driftlist_get(const migrator_driftlist *list, size_t i)
{
	return list && i < list->n ? &list->items[i] : NULL;
}

void migrator_driftlist_free(migrator_driftlist *list)
{
	if (!list)
		return;
	mg_check_free(list->check);
	mg_strvec_clear(&list->texts);
	free(list->items);
	free(list);
}
