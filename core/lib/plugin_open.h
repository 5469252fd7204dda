/*
 * plugin_open.h - the one loader of plugins, drivers and hooks alike: finds
 * NAME.so in the search directories of its kind, dlopens it and checks its
 * descriptor (<migrator/module.h>) before any of its functions runs.
 * plugin_load.c (drivers) and hook_load.c (hooks) then call create().
 */
#ifndef MG_PLUGIN_OPEN_H
#define MG_PLUGIN_OPEN_H

#include <migrator/module.h>

#include "diag.h"
#include "strvec.h"

struct mg_module {
	void *handle;
	char *path;
	/* the descriptor, checked: its kind, its ABI major, its size and a
	 * create(); cast it to the kind's struct */
	const struct migrator_module *desc;
};

/* "driver" or "hook plugin", for messages. */
const char *mg_module_kind_name(unsigned kind);

/*
 * dlopens path and checks its descriptor for kind.  Every refusal is
 * MIGRATOR_EPLUGIN naming path and the cause (no descriptor, an ABI 1
 * entry point, another kind, another ABI major, too small); then m holds
 * nothing.  No plugin function has run either way.
 */
int mg_module_open(struct mg_module *m, const char *path, unsigned kind,
		   mg_diag *d);

/*
 * The file NAME.so of kind in the search directories (plugin_dirs.h):
 * *path is the first found (caller frees) or NULL; dirs gets the
 * directories searched.  MIGRATOR_ENOMEM or 0.
 */
int mg_module_find(char **path, mg_strvec *dirs, unsigned kind,
		   const char *name, const char *plugin_dir);

/* dlcloses; accepts an empty m.  Call the kind's destroy() first. */
void mg_module_close(struct mg_module *m);

/* The error for a plugin (or the struct its create() returned) built for
 * another ABI major of kind: names path, both majors, and the header to
 * rebuild against.  Returns MIGRATOR_EPLUGIN. */
int mg_module_wrong_abi(mg_diag *d, const char *path, unsigned kind,
			unsigned built);

#endif
