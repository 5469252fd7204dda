/*
 * plugin.h - finding and loading a database driver plugin (DESIGN 4).
 */
#ifndef MIGRATOR_PLUGIN_H
#define MIGRATOR_PLUGIN_H

#include <migrator/driver.h>

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct migrator_plugin migrator_plugin;

/*
 * Loads the driver for url's scheme.  The plugin is searched for as
 * <name>.so in: plugin_dir if not NULL; else each directory of the
 * MIGRATOR_PLUGIN_PATH environment variable (colon-separated) if set; else,
 * for a migrator run from its build tree, the freshly built backends; and
 * last the installed drivers directory (MIGRATOR_PLUGINDIR/drivers).  The
 * current directory is never searched unless named.
 *
 * Errors (all MIGRATOR_EPLUGIN): unknown scheme, no plugin file (naming the
 * directories searched), dlopen failure, no descriptor (migrator_module,
 * <migrator/module.h>), a plugin of another kind (a hook plugin), an ABI
 * major mismatch or a descriptor too small (these before any plugin code
 * runs), the plugin refusing to initialise, a missing required member.
 * On failure *out is NULL.
 */
int migrator_plugin_load(migrator_plugin **out, const char *url,
			 const char *plugin_dir, migrator_diag *d);

/* Borrowed; valid until migrator_plugin_free(). */
const struct migrator_driver *migrator_plugin_driver(const migrator_plugin *p);
const char *migrator_plugin_path(const migrator_plugin *p);

/* dlcloses the plugin; accepts NULL.  Close every connection first. */
void migrator_plugin_free(migrator_plugin *p);

#ifdef __cplusplus
}
#endif
#endif
