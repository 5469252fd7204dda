/*
 * plugin_dirs.h - where driver and hook plugins are looked for; one search
 * order for both loaders (plugin_load.c, hook_load.c).
 */
#ifndef MG_PLUGIN_DIRS_H
#define MG_PLUGIN_DIRS_H

#include "diag.h"
#include "strvec.h"

/*
 * Pushes the directories to search for a plugin of kind
 * (MIGRATOR_MODULE_DRIVER or _HOOK; name: the hook's), in order:
 * plugin_dir alone when given; else each element of MIGRATOR_PLUGIN_PATH
 * (empty ones skipped, never "."); a directory the user names holds
 * plugins of both kinds, told apart by their descriptors.  Else, for a
 * migrator run from its build tree, every TOP/backends/<sub>/.libs in name
 * order (drivers) or TOP/plugins/name/.libs (hooks); then the installed
 * MIGRATOR_PLUGINDIR/drivers or MIGRATOR_PLUGINDIR/hooks.
 * MIGRATOR_ENOMEM on failure.
 */
int mg_plugin_search_dirs(mg_strvec *dirs, const char *plugin_dir,
			  unsigned kind, const char *name);

/* 1 when path names a regular file. */
int mg_is_file(const char *path);

/* The detail of a "not found" error: "Searched: DIR, DIR." */
void mg_plugin_searched(mg_diag *d, const mg_strvec *dirs);

#endif
