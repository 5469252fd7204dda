/* A hook plugin among the test drivers: a URL of scheme fakehook must
 * refuse it by name (another kind) before its create() runs. */
#include <stdlib.h>

#include <migrator/hook.h>

static const struct migrator_hook *create(
	const struct migrator_hook_host *host, struct migrator_hook_ctx *ctx,
	const struct migrator_hook_config *cfg, void **self,
	struct migrator_diag *d)
{
	static const struct migrator_hook hook = {
		.abi_major = MIGRATOR_HOOK_ABI_MAJOR,
		.abi_minor = MIGRATOR_HOOK_ABI_MINOR,
		.size = sizeof(struct migrator_hook),
		.name = "fakehook",
	};

	(void)host, (void)ctx, (void)cfg, (void)d;
	*self = NULL;
	return &hook;
}

MIGRATOR_HOOK_MODULE("fakehook", create, NULL);
