/*
 * module.h - what every migrator plugin, driver or hook, exports: one
 * static descriptor, the symbol migrator_module (MIGRATOR_MODULE_SYMBOL).
 *
 * The host reads the descriptor before it runs any plugin function or
 * allocates anything for the plugin (as PostgreSQL reads a module's magic
 * block before _PG_init): a plugin of another kind, of another ABI major,
 * or whose descriptor is too small, is refused by file name and none of
 * its migrator functions runs.  (dlopen() itself runs a library's ELF
 * constructors first: a plugin should have none.)  Only then does the host
 * call create(); destroy() undoes it.
 *
 * Do not fill a descriptor by hand: MIGRATOR_DRIVER_MODULE
 * (<migrator/driver.h>) and MIGRATOR_HOOK_MODULE (<migrator/hook.h>)
 * define it with the ABI version of the header the plugin is built with.
 *
 * Errors: one pattern for both kinds.  Every plugin function that can fail
 * takes a struct migrator_diag *d as its last argument, fills it through
 * host->diag_set() (and diag_detail(), diag_hint()) and returns the
 * negative code diag_set() returned.  The codes are the library's own
 * (the core checks that with _Static_assert).
 */
#ifndef MIGRATOR_MODULE_H
#define MIGRATOR_MODULE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MIGRATOR_MODULE_SYMBOL "migrator_module"
#define MIGRATOR_MODULE_MAGIC 0x4d47524du /* "MGRM" */

/* kind */
#define MIGRATOR_MODULE_DRIVER 1u /* a database driver, <migrator/driver.h> */
#define MIGRATOR_MODULE_HOOK 2u   /* a hook plugin, <migrator/hook.h> */

/* The error codes plugins return (the values of <migrator/migrator.h>). */
#define MIGRATOR_PLUGIN_EDB (-3)     /* the database failed */
#define MIGRATOR_PLUGIN_EFAIL (-4)   /* the plugin refuses or stops a run */
#define MIGRATOR_PLUGIN_ENOMEM (-6)  /* out of memory */
#define MIGRATOR_PLUGIN_ELOCK (-8)   /* a lock was not acquired in time */
#define MIGRATOR_PLUGIN_ECONFIG (-10) /* bad URL or option */

struct migrator_diag; /* the host's; opaque to plugins */

/* The frozen head of every descriptor; each kind's descriptor starts with
 * it and appends its typed create and destroy. */
struct migrator_module {
	uint32_t magic;     /* MIGRATOR_MODULE_MAGIC */
	uint16_t kind;      /* MIGRATOR_MODULE_* */
	uint16_t abi_major; /* of the kind's ABI, as built */
	uint16_t abi_minor;
	uint16_t reserved;  /* 0 */
	uint32_t size;      /* sizeof the kind's whole descriptor, as built */
	const char *name;   /* the plugin's name: "sqlite", "lint" */
};

#if defined(__GNUC__)
#define MIGRATOR_MODULE_EXPORT __attribute__((visibility("default")))
#else
#define MIGRATOR_MODULE_EXPORT
#endif

#ifdef __cplusplus
}
#endif
#endif
