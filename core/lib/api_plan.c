/*
 * api_plan.c - the public facade of plans (--dry-run), their steps and
 * offline SQL (--sql) (<migrator/migrator.h>).  The public plan and step
 * are plan.h's.
 */
#include "config.h"

#include <stdlib.h>

#include "api_int.h"

/* What a plan or the offline SQL needs: a place for it, a direction and
 * a target (or range). */
static int check_args(migrator_ctx *ctx, enum migrator_direction dir,
		      const char *target, const void *out)
{
	if (!out)
		return mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				   "no place for the result given");
	if (dir != MIGRATOR_UPGRADE && dir != MIGRATOR_DOWNGRADE)
		return mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				   "unknown direction %d", (int)dir);
	if (!target || !*target)
		return mg_diag_set(&ctx->diag, MIGRATOR_EUSAGE,
				   "no target given");
	return 0;
}

/* A plan (into *plan) or, offline, its SQL (into *sql). */
static int plan_or_sql(migrator_ctx *ctx, int offline,
		       enum migrator_direction dir, const char *target,
		       migrator_plan **plan, char **sql)
{
	mg_diag *d;
	int rc;

	if (plan)
		*plan = NULL;
	if (sql)
		*sql = NULL;
	rc = mg_api_enter(ctx);
	if (rc)
		return rc;
	d = &ctx->diag;
	rc = check_args(ctx, dir, target,
			offline ? (const void *)sql : (const void *)plan);
	if (rc == 0 && offline)
		rc = mg_runner_offline_sql(sql, ctx->runner, dir, target, d);
	else if (rc == 0)
		rc = mg_runner_plan(plan, ctx->runner, dir, target, d);
	return mg_api_end(ctx, rc);
}

int migrator_plan_new(migrator_ctx *ctx, enum migrator_direction dir,
		      const char *target, migrator_plan **out)
{
	return plan_or_sql(ctx, 0, dir, target, out, NULL);
}

size_t migrator_plan_count(const migrator_plan *plan)
{
	return plan ? mg_plan_size(plan) : 0;
}

const migrator_step *migrator_plan_get(const migrator_plan *plan, size_t i)
{
	return plan ? mg_plan_step(plan, i) : NULL;
}

void migrator_plan_free(migrator_plan *plan)
{
	mg_plan_free(plan);
}

const migrator_revision *migrator_step_revision(const migrator_step *step)
{
	return step ? step->rev : NULL;
}

enum migrator_direction migrator_step_direction(const migrator_step *step)
{
	return step ? step->direction : MIGRATOR_UPGRADE;
}

const char *migrator_step_text(const migrator_step *step)
{
	return step ? step->text : NULL;
}

int migrator_offline_sql(migrator_ctx *ctx, enum migrator_direction dir,
			 const char *range, char **out)
{
	return plan_or_sql(ctx, 1, dir, range, NULL, out);
}
