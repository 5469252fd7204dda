/*
 * api.c - the public facade: opening and closing a context, and the last
 * error (<migrator/migrator.h>).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "buf.h"

static const char nomem_text[] = "out of memory";
static const char ok_text[] = "not an error";

/* The program's exit status for each code (DESIGN 7): the one table. */
static const struct {
	int code;
	int status;
} exit_table[] = {
	{MIGRATOR_OK, 0},
	{MIGRATOR_EUSAGE, 2},  {MIGRATOR_ECONFIG, 2},
	{MIGRATOR_ESCRIPT, 3},
	{MIGRATOR_EDB, 1},     {MIGRATOR_EPLUGIN, 1}, {MIGRATOR_EDRIFT, 1},
	{MIGRATOR_ENOMEM, 1},  {MIGRATOR_EIO, 1},     {MIGRATOR_ELOCK, 1},
	{MIGRATOR_ESTAMP, 1},
};

/* ctx->info from ctx->diag (code 0: "not an error"). */
static void set_info(migrator_ctx *ctx)
{
	const mg_diag *d = &ctx->diag;
	struct migrator_errinfo *e = &ctx->info;

	memset(e, 0, sizeof(*e));
	e->code = d->code;
	e->message = ok_text;
	if (!d->code)
		return;
	e->message = d->message ? d->message : nomem_text;
	e->detail = d->detail;
	e->hint = d->hint;
	e->file = d->file;
	e->line = d->line;
	e->revision = d->revision;
	e->sqlstate = d->sqlstate[0] ? d->sqlstate : NULL;
}

void mg_api_begin(migrator_ctx *ctx)
{
	mg_diag_clear(&ctx->diag);
	free(ctx->errmsg);
	ctx->errmsg = NULL;
	set_info(ctx);
}

int mg_api_enter(migrator_ctx *ctx)
{
	if (!ctx)
		return MIGRATOR_ENOMEM;
	mg_api_begin(ctx);
	if (ctx->runner)
		return 0;
	return mg_api_end(ctx, mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
					   "the context failed to open"));
}

int mg_api_end(migrator_ctx *ctx, int rc)
{
	mg_diag *d = &ctx->diag;
	struct mg_buf b = MG_BUF_INIT;

	if (rc == 0) {
		/* A warning-level diag without failure is not an error. */
		mg_diag_clear(d);
		set_info(ctx);
		return 0;
	}
	if (!d->code && rc == MIGRATOR_ENOMEM)
		mg_diag_set(d, rc, "%s", nomem_text);
	else if (!d->code)
		mg_diag_set(d, rc, "unknown error (code %d)", rc);
	free(ctx->errmsg); /* ended twice: the same text again */
	if (d->file && d->line)
		mg_buf_printf(&b, "%s:%u: ", d->file, d->line);
	else if (d->file)
		mg_buf_printf(&b, "%s: ", d->file);
	mg_buf_puts(&b, d->message ? d->message : nomem_text);
	/* Out of memory here: errmsg falls back to the bare message. */
	ctx->errmsg = mg_buf_detach(&b);
	set_info(ctx);
	return rc;
}

int migrator_exit_status(int code)
{
	for (size_t i = 0; i < sizeof(exit_table) / sizeof(exit_table[0]); i++)
		if (exit_table[i].code == code)
			return exit_table[i].status;
	return 1;
}

int migrator_open(migrator_ctx **out, const char *url, const char *migrations)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;

	o.url = url;
	o.migrations = migrations;
	return migrator_open_ext(out, &o);
}

static int open_runner(migrator_ctx *ctx,
		       const struct migrator_open_options *opts)
{
	const mg_graph *g = NULL;
	const char *dialect = NULL;
	mg_diag *d = &ctx->diag;
	int rc;

	if (!opts)
		return mg_diag_set(d, MIGRATOR_EUSAGE, "no options given");
	if (opts->version < 1 || opts->version > MIGRATOR_OPEN_OPTIONS_VERSION)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
				   "unsupported options version %u "
				   "(this library knows 1 to %d)",
				   opts->version,
				   MIGRATOR_OPEN_OPTIONS_VERSION);
	if (opts->url && opts->url[0]) {
		ctx->url = mg_url_redact(opts->url); /* migrator_url() */
		if (!ctx->url)
			return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	}
	if (opts->version >= 2 && opts->flags & MIGRATOR_OPEN_LAZY)
		return mg_runner_new(&ctx->runner, opts, d);
	if (!opts->url || !opts->url[0])
		return mg_diag_set(d, MIGRATOR_ECONFIG,
				   "no database url given");
	rc = mg_runner_new(&ctx->runner, opts, d);
	if (rc == 0)
		rc = mg_runner_graph(&g, ctx->runner, d);
	if (rc == 0)
		rc = mg_runner_dialect(&dialect, ctx->runner, d);
	return rc;
}

int migrator_open_ext(migrator_ctx **out,
		      const struct migrator_open_options *opts)
{
	migrator_ctx *ctx;
	int rc;

	if (!out)
		return MIGRATOR_EUSAGE;
	*out = NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return MIGRATOR_ENOMEM;
	mg_diag_init(&ctx->diag);
	*out = ctx;
	rc = open_runner(ctx, opts);
	if (rc != 0) {
		/* Half-open is not a state: later calls say it failed. */
		mg_runner_free(ctx->runner);
		ctx->runner = NULL;
	}
	return mg_api_end(ctx, rc);
}

void migrator_close(migrator_ctx *ctx)
{
	if (!ctx)
		return;
	mg_runner_free(ctx->runner);
	mg_diag_clear(&ctx->diag);
	free(ctx->errmsg);
	free(ctx->url);
	free(ctx);
}

int migrator_errcode(const migrator_ctx *ctx)
{
	return ctx ? ctx->diag.code : MIGRATOR_ENOMEM;
}

const char *migrator_errmsg(const migrator_ctx *ctx)
{
	if (!ctx)
		return nomem_text;
	if (!ctx->diag.code)
		return ok_text;
	if (ctx->errmsg)
		return ctx->errmsg;
	return ctx->diag.message ? ctx->diag.message : nomem_text;
}

void migrator_set_event_callback(migrator_ctx *ctx, migrator_event_fn fn,
				 void *payload)
{
	if (ctx && ctx->runner)
		mg_runner_set_event(ctx->runner, fn, payload);
}

const struct migrator_errinfo *migrator_errinfo(const migrator_ctx *ctx)
{
	static const struct migrator_errinfo nomem = {
		MIGRATOR_ENOMEM, nomem_text, NULL, NULL, NULL, 0, NULL, NULL};

	return ctx ? &ctx->info : &nomem;
}
