/*
 * api_ops.c - the public facade of what is done to a database besides
 * running migrations: edited files, the stamp, lint, interrupting a call;
 * and migrator_free (<migrator/migrator.h>).
 */
#include "config.h"

#include <stdlib.h>

#include "api_int.h"

void migrator_free(void *p)
{
	free(p);
}

int migrator_interrupt(migrator_ctx *ctx)
{
	/* From a signal handler: no error, no allocation, no lock. */
	return ctx ? mg_runner_interrupt(ctx->runner) : 0;
}

int migrator_edited(migrator_ctx *ctx, migrator_revlist **out)
{
	mg_strvec ids = MG_STRVEC_INIT;
	int rc;

	if (out)
		*out = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	rc = mg_runner_warn_edited(&ids, ctx->runner, &ctx->diag);
	/* the list goes with the strict error too (it names the files) */
	if (out && (rc == 0 || rc == MIGRATOR_EDRIFT)) {
		const mg_graph *g = NULL;

		/* loaded by now; g NULL only leaves the revisions out */
		(void)mg_runner_graph(&g, ctx->runner, &ctx->diag);
		*out = mg_api_revlist_of_ids(g, (const char *const *)ids.v,
					     ids.n);
		if (!*out && rc == 0)
			rc = mg_diag_set(&ctx->diag, MIGRATOR_ENOMEM,
					 "out of memory");
	}
	mg_strvec_clear(&ids);
	return mg_api_end(ctx, rc);
}

int migrator_stamp(migrator_ctx *ctx, const char *target, unsigned flags)
{
	int changed = 0, rc = mg_api_enter(ctx);

	if (rc)
		return rc;
	if (!target || !*target)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "no target given");
	else if (flags & ~MIGRATOR_STAMP_PURGE)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "unknown stamp flags 0x%x",
				 flags & ~MIGRATOR_STAMP_PURGE);
	else
		rc = mg_runner_stamp(ctx->runner, target,
				     (flags & MIGRATOR_STAMP_PURGE) != 0,
				     &changed, &ctx->diag);
	if (!rc && changed)
		rc = mg_runner_write_schema_file(ctx->runner, &ctx->diag);
	return mg_api_end(ctx, rc);
}

/* The strict rule of `migrator lint --strict`: any finding fails. */
static int lint_strict(mg_diag *d, unsigned long n)
{
	mg_diag_set(d, MIGRATOR_EPLUGIN, "lint found %lu risky statement%s",
		    n, n == 1 ? "" : "s");
	mg_diag_hint(d, "Fix them, or run without --strict to accept them.");
	return MIGRATOR_EPLUGIN;
}

int migrator_lint(migrator_ctx *ctx, const char *dialect, const char *range,
		  unsigned long *warnings)
{
	unsigned long n = 0;
	int rc, ran;

	if (warnings)
		*warnings = 0;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (dialect && !*dialect)
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE, "empty dialect");
	else
		rc = mg_runner_lint(ctx->runner, dialect, range, &n,
				    &ctx->diag);
	ran = rc == 0;
	if (ran && n && mg_runner_strict(ctx->runner))
		rc = lint_strict(&ctx->diag, n);
	if (warnings && ran)
		*warnings = n;
	return mg_api_end(ctx, rc);
}
