/* A hook descriptor whose name points nowhere: loaded as a driver
 * (badname://), it is refused by its file name; the host never reads the
 * name of a plugin it refuses. */
#include <migrator/hook.h>

extern const struct migrator_hook_module migrator_module;
const struct migrator_hook_module migrator_module = {
	{MIGRATOR_MODULE_MAGIC, MIGRATOR_MODULE_HOOK, MIGRATOR_HOOK_ABI_MAJOR,
	 0, 0, sizeof(struct migrator_hook_module), (const char *)1},
	NULL, NULL};
