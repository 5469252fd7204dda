/* A hook plugin whose create() allocates and then returns a struct too
 * small for hook ABI 2.0: the host must refuse it and still call
 * destroy(), which frees self and writes "destroyed" to the file of its
 * option mark=PATH. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <migrator/hook.h>

static const struct migrator_hook hook = {
	.abi_major = MIGRATOR_HOOK_ABI_MAJOR,
	.abi_minor = MIGRATOR_HOOK_ABI_MINOR,
	.size = 8, /* too small */
	.name = "smallhook",
};

static const struct migrator_hook *create(
	const struct migrator_hook_host *host, struct migrator_hook_ctx *ctx,
	const struct migrator_hook_config *cfg, void **self,
	struct migrator_diag *d)
{
	char *mark = NULL;

	(void)ctx;
	for (size_t i = 0; i < cfg->n_options; i++)
		if (strcmp(cfg->keys[i], "mark") == 0) {
			free(mark);
			mark = strdup(cfg->values[i]);
		}
	if (!mark) {
		host->diag_set(d, MIGRATOR_PLUGIN_ECONFIG, "needs mark=PATH");
		return NULL;
	}
	*self = mark;
	return &hook;
}

static void destroy(void *self)
{
	FILE *f = fopen(self, "w");

	if (f) {
		fputs("destroyed\n", f);
		fclose(f);
	}
	free(self);
}

MIGRATOR_HOOK_MODULE("smallhook", create, destroy);
