/*
 * plugin_dirs.h - where driver and hook plugins are looked for; one search
 * order for both loaders (plugin_load.c, hook_load.c).
 */
#ifndef MG_PLUGIN_DIRS_H
#define MG_PLUGIN_DIRS_H

#include "migrator/strvec.h"

/*
 * Pushes the directories to search for plugin name, in order: plugin_dir
 * alone when given; else each element of MIGRATOR_PLUGIN_PATH (empty ones
 * skipped, never "."); else, for a migrator run from its build tree,
 * TOP/tree/name/.libs (tree: "backends" or "plugins"; with name NULL,
 * every TOP/tree/<sub>/.libs in name order), then the installed
 * MIGRATOR_PLUGINDIR.  MIGRATOR_ENOMEM on failure.
 */
int mg_plugin_search_dirs(migrator_strvec *dirs, const char *plugin_dir,
			  const char *tree, const char *name);

/* 1 when path names a regular file. */
int mg_is_file(const char *path);

#endif
