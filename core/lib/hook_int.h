/*
 * hook_int.h - the core's side of hook plugins (<migrator/hook.h>):
 * loading them by name, the host callbacks, and calling them.
 */
#ifndef MG_HOOK_INT_H
#define MG_HOOK_INT_H

#include <stddef.h>

#include <migrator/hook.h>

#include "diag.h"
#include "strvec.h"
#include "plugin_open.h"

/* Where the host callbacks' lines go (the runner's event callback).
 * name: the plugin's; warning: 1 for warn(), 0 for info(); text is one
 * line starting with "NAME: " or "FILE:LINE: NAME: ". */
typedef void (*mg_hook_emit_fn)(void *payload, const char *name, int warning,
				const char *text);

struct mg_hooks;

/* One loaded plugin; the ctx every host callback receives. */
struct migrator_hook_ctx {
	struct mg_hooks *set;
	char *name; /* as the user wrote it */
	struct mg_module m; /* the .so, its descriptor checked */
	const struct migrator_hook *hook; /* create()'s: destroy() is due */
	void *self; /* the plugin's instance data */
	mg_strvec keys, values;
};

struct mg_hooks {
	struct migrator_hook_ctx **v;
	size_t n;
	mg_hook_emit_fn emit;
	void *payload;
	unsigned long warnings; /* warn() calls so far */
};

/*
 * Loads the plugins named in specs ("NAME" or "NAME:key=value,key=value";
 * a name given twice is loaded once, its options merged) with the options
 * in opts ("NAME.key=value", from the config file; they come before the
 * ones of specs).  Found and checked by the one loader (plugin_open.h):
 * NAME.so in the hooks' directories, in the build tree under
 * plugins/NAME/.libs; a driver there is refused by name.
 * Every failure is MIGRATOR_EPLUGIN naming the plugin and what was wrong.
 * emit may be NULL.  On failure h holds nothing (and needs no free).
 */
int mg_hooks_load(struct mg_hooks *h, const char *const *specs, size_t nspecs,
		  const char *const *opts, size_t nopts,
		  const char *plugin_dir, int strict, mg_hook_emit_fn emit,
		  void *payload, mg_diag *d);
/* fini()s and dlcloses every plugin; accepts an empty set. */
void mg_hooks_free(struct mg_hooks *h);

/* hook_call.c: the host callbacks handed to every hook plugin. */
const struct migrator_hook_host *mg_hook_host(void);
/* A plugin's callback returned rc (<0) after filling its own diag pd:
 * moves that into d as MIGRATOR_EPLUGIN (MIGRATOR_ENOMEM stays),
 * prefixed with the plugin's name.  Returns the code set. */
int mg_hooks_take_fail(struct migrator_hook_ctx *c, mg_diag *pd,
		       int rc, mg_diag *d);

/* 1 if a plugin called name is loaded. */
int mg_hooks_have(const struct mg_hooks *h, const char *name);

/* Each calls every plugin that has the callback, in load order, and stops
 * at the first failure: MIGRATOR_EPLUGIN with the plugin's message. */
int mg_hooks_before_run(struct mg_hooks *h, const struct migrator_hook_run *run,
			mg_diag *d);
int mg_hooks_before_step(struct mg_hooks *h,
			 const struct migrator_hook_step *step,
			 mg_diag *d);
int mg_hooks_after_step(struct mg_hooks *h,
			const struct migrator_hook_step *step,
			mg_diag *d);
void mg_hooks_after_run(struct mg_hooks *h, const struct migrator_hook_run *run,
			int ok, const char *error);

#endif
