/*
 * plugin.h - finding and loading a database driver plugin (DESIGN 4).
 */
#ifndef MG_PLUGIN_H
#define MG_PLUGIN_H

#include <migrator/driver.h>

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mg_plugin mg_plugin;

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
int mg_plugin_load(mg_plugin **out, const char *url,
			 const char *plugin_dir, mg_diag *d);

/* Borrowed; valid until mg_plugin_free(). */
const struct migrator_driver *mg_plugin_driver(const mg_plugin *p);
const char *mg_plugin_path(const mg_plugin *p);

/* dlcloses the plugin; accepts NULL.  Close every connection first. */
void mg_plugin_free(mg_plugin *p);

#ifdef __cplusplus
}
#endif
#endif
