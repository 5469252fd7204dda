/*
 * api_run.c - the public facade: upgrade, downgrade and current
 * (<migrator/migrator.h>).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"

/* Hands the IDs ran to *ran as a list (when ran is wanted), with their
 * revisions; returns rc, or MIGRATOR_ENOMEM when the list cannot be
 * made. */
static int give_ran(migrator_ctx *ctx, migrator_revlist **ran,
		    const mg_strvec *done, int rc)
{
	const mg_graph *g = NULL;

	if (!ran)
		return rc;
	/* Something ran: the graph is loaded (no new error). */
	if (done->n && mg_runner_graph(&g, ctx->runner, &ctx->diag) != 0)
		g = NULL;
	*ran = mg_api_revlist_of_ids(g, (const char *const *)done->v, done->n);
	if (!*ran && rc == 0)
		return mg_diag_set(&ctx->diag, MIGRATOR_ENOMEM,
				   "out of memory");
	return rc;
}

static int run(migrator_ctx *ctx, enum migrator_direction dir,
	       const char *target, unsigned flags, migrator_revlist **ran)
{
	mg_strvec done = MG_STRVEC_INIT;
	int rc = 0;

	if (ran)
		*ran = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	if (!target || !target[0]) {
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "no target given");
	} else if (flags & ~MIGRATOR_UPGRADE_VERIFY) {
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "unknown upgrade flags 0x%x",
				 flags & ~MIGRATOR_UPGRADE_VERIFY);
	} else if (strchr(target, ':')) {
		rc = mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				 "a range START:TARGET needs --sql");
		mg_diag_hint(&ctx->diag, "Online runs start from the revision "
					 "stamped in the database.");
	} else if (flags & MIGRATOR_UPGRADE_VERIFY) {
		rc = mg_runner_upgrade_verified(ctx->runner, target, &done,
						&ctx->diag);
	} else if (dir == MIGRATOR_UPGRADE) {
		rc = mg_runner_upgrade(ctx->runner, target, &done, &ctx->diag);
	} else {
		rc = mg_runner_downgrade(ctx->runner, target, &done,
					 &ctx->diag);
	}
	/* the committed schema file follows a run that changed something */
	if (!rc && done.n)
		rc = mg_runner_write_schema_file(ctx->runner, &ctx->diag);
	rc = give_ran(ctx, ran, &done, rc);
	mg_strvec_clear(&done);
	return mg_api_end(ctx, rc);
}

int migrator_upgrade(migrator_ctx *ctx, const char *target,
		     migrator_revlist **ran)
{
	return run(ctx, MIGRATOR_UPGRADE, target, 0, ran);
}

int migrator_upgrade_ext(migrator_ctx *ctx, const char *target,
			 unsigned flags, migrator_revlist **ran)
{
	return run(ctx, MIGRATOR_UPGRADE, target, flags, ran);
}

int migrator_downgrade(migrator_ctx *ctx, const char *target,
		       migrator_revlist **ran)
{
	return run(ctx, MIGRATOR_DOWNGRADE, target, 0, ran);
}

int migrator_current(migrator_ctx *ctx, migrator_revlist **out)
{
	mg_revset cur = MG_REVSET_INIT;
	int rc = mg_api_begin_list(ctx, out);

	if (rc)
		return rc;
	rc = mg_runner_current(&cur, ctx->runner, &ctx->diag);
	rc = mg_api_end_list(ctx, out, cur.v, cur.n, rc);
	mg_revset_clear(&cur);
	return rc;
}
