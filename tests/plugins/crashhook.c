/* A hook plugin that crashes its process (SIGABRT) before a run whose
 * database is stamped at the revision in $CRASHHOOK_AT; any other run it
 * leaves alone.  tests/e2e/fleet.bats: a crash in one target of a fleet
 * does not reach the others. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <migrator/hook.h>

static int before_run(void *self, struct migrator_hook_ctx *ctx,
		      const struct migrator_hook_run *run,
		      struct migrator_diag *d)
{
	const char *at = getenv("CRASHHOOK_AT");

	(void)self, (void)ctx, (void)d;
	for (size_t i = 0; at && i < run->n_current; i++)
		if (strcmp(run->current[i], at) == 0)
			abort();
	return 0;
}

static const struct migrator_hook *create(
	const struct migrator_hook_host *host, struct migrator_hook_ctx *ctx,
	const struct migrator_hook_config *cfg, void **self,
	struct migrator_diag *d)
{
	static const struct migrator_hook hook = {
		.abi_major = MIGRATOR_HOOK_ABI_MAJOR,
		.abi_minor = MIGRATOR_HOOK_ABI_MINOR,
		.size = sizeof(struct migrator_hook),
		.name = "crashhook",
		.before_run = before_run,
	};

	(void)host, (void)ctx, (void)cfg, (void)d;
	*self = NULL;
	return &hook;
}

MIGRATOR_HOOK_MODULE("crashhook", create, NULL);
