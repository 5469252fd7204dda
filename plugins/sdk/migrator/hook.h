/*
 * hook.h - the migrator hook plugin ABI.
 *
 * A hook plugin is told what a run is about to do and what it did: before
 * the run (every step of the plan, with its SQL), before and after each
 * migration, and after the run.  It can report warnings and progress lines,
 * and it can stop a run before anything (more) runs.  `lint` and `backup`
 * ship with migrator; anyone can write another one against this header.
 *
 * A hook plugin is a shared object NAME.so loaded with
 * dlopen(RTLD_NOW | RTLD_LOCAL) from the hooks directory
 * ($(pkglibdir)/hooks; see plugins/README.md) when `--plugin NAME` or
 * `plugins = NAME` asks for it.  It exports exactly one symbol, the
 * descriptor migrator_module (<migrator/module.h>), defined with
 * MIGRATOR_HOOK_MODULE(name, create, destroy), and does not link
 * libmigrator: everything it needs from the host comes through struct
 * migrator_hook_host.  The host checks the descriptor (kind hook, this ABI
 * major, its size) before it calls create(): a plugin it refuses has none
 * of its functions called, so it has nothing to free.
 *
 * Versioning: MIGRATOR_HOOK_ABI_MAJOR changes when any existing member
 * changes meaning or place; the host refuses a plugin of another major.
 * MIGRATOR_HOOK_ABI_MINOR grows when members are appended at the end of a
 * struct.  Every struct passed either way starts with its size (and the
 * host and plugin structs with abi_major, abi_minor): a plugin reads a
 * member of a host struct only when that struct's size covers it, and the
 * host reads a plugin member added in minor N only if the plugin's
 * abi_minor >= N.
 *
 * ABI 2.0 (this header) replaces ABI 1.0: the descriptor replaces the entry
 * point migrator_hook_init, and its destroy() replaces fini(); errors are
 * reported as drivers report them (<migrator/module.h>): the callbacks that
 * can fail take a struct migrator_diag *d, fill it with host->diag_set()
 * and return its code (host->fail() and its kin are gone).
 *
 * Ownership: nothing is freed across the boundary.  Everything the host
 * passes is borrowed for the duration of the call (copy what you keep);
 * text given to the host callbacks is copied.  The plugin frees its own
 * instance data in destroy(), which the host calls once whenever create()
 * succeeded, also when it then refuses the struct create() returned.
 *
 * Threads: one host context uses a plugin instance from one thread at a
 * time; two contexts (two runners) get two instances.  Keep per-run state in
 * the instance data, never in globals.
 */
#ifndef MIGRATOR_HOOK_H
#define MIGRATOR_HOOK_H

#include <stddef.h>
#include <stdint.h>

#include <migrator/module.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MIGRATOR_HOOK_ABI_MAJOR 2
#define MIGRATOR_HOOK_ABI_MINOR 0

/* What a callback returns to stop the run: what host->diag_set(d,
 * MIGRATOR_HOOK_FAIL, ...) returns.  Any negative code stops it. */
#define MIGRATOR_HOOK_FAIL MIGRATOR_PLUGIN_EFAIL

/* The host's side of one loaded plugin; opaque to plugins.  Passed back to
 * every host callback so that messages are attributed to the plugin. */
struct migrator_hook_ctx;

/* One statement of a step's SQL, as the core splits it for the backend
 * (quotes, dollar quoting, comments and BEGIN ... END bodies understood). */
struct migrator_hook_stmt {
	const char *sql; /* not NUL-terminated: sql[0..len); no trailing ';' */
	size_t len;
	unsigned line;   /* file line on which sql[0] stands */
};

/* One migration of the plan.  Append only. */
struct migrator_hook_step {
	uint32_t size;          /* sizeof(struct migrator_hook_step) in the host */
	const char *revision;   /* "3f2a9c1b7d4e" */
	const char *direction;  /* "upgrade" or "downgrade" */
	const char *path;       /* the migration file, as the host found it */
	const char *message;    /* the file's message; "" when it has none */
	/* The section that will run for this direction and backend, or NULL
	 * (sql_len 0, no statements) when the file has none: a no-op step. */
	const char *sql;        /* NUL-terminated */
	size_t sql_len;
	unsigned line;          /* file line on which sql[0] stands */
	int transactional;      /* 0: "-- migrator:transactional false" */
	const struct migrator_hook_stmt *stmts;
	size_t n_stmts;
	/* after_step only (0 elsewhere): */
	unsigned long elapsed_ms;
	int ok;                 /* 1: ran and the stamp moved; 0: it failed and
				 * was rolled back (as far as the backend can) */
};

/* run->flags */
#define MIGRATOR_HOOK_RUN_DRY 0x1u  /* --dry-run / --sql: nothing will change */
#define MIGRATOR_HOOK_RUN_LINT 0x2u /* `migrator lint`: no database at all;
				     * url is NULL, current is empty */

/* A run: what before_run and after_run see.  Append only. */
struct migrator_hook_run {
	uint32_t size;         /* sizeof(struct migrator_hook_run) in the host */
	const char *backend;   /* the driver's dialect: "sqlite", "postgresql" */
	const char *url;       /* database URL, password removed; NULL for lint */
	const char *direction; /* "upgrade" or "downgrade" */
	unsigned flags;        /* MIGRATOR_HOOK_RUN_* */
	/* The revisions stamped in the database before the run (empty:
	 * base, or no database yet, or a lint run). */
	const char *const *current;
	size_t n_current;
	/* Every step the run plans, in order.  n_steps 0: nothing to do. */
	const struct migrator_hook_step *steps;
	size_t n_steps;
	const char *migrations; /* the migrations directory */
};

/* What the plugin was loaded with.  Append only. */
struct migrator_hook_config {
	uint32_t size;     /* sizeof(struct migrator_hook_config) in the host */
	const char *name;  /* NAME as the user wrote it */
	const char *path;  /* the .so file */
	int strict;        /* --strict: the user wants warnings to be fatal */
	/* The plugin's options, in the order given: `--plugin NAME:k=v,k2=v2`
	 * and the keys of the [plugin.NAME] section of migrator.ini.  A key
	 * may repeat (the command line comes last).  Refuse a key you do not
	 * know in create(), so that typos are not silently ignored. */
	const char *const *keys;
	const char *const *values;
	size_t n_options;
};

/* Filled by the host, passed to create().  Append only. */
struct migrator_hook_host {
	uint16_t abi_major, abi_minor;
	uint32_t size;
	/* A warning about file:line (file NULL / line 0 when there is none),
	 * one line without a final period.  The program prints it with the
	 * plugin's name, file and line (like "FILE:LINE: NAME: MESSAGE") on
	 * stderr; `migrator lint --strict` exits 1 when there were any. */
	void (*warn)(struct migrator_hook_ctx *ctx, const char *file,
		     unsigned line, const char *fmt, ...)
		__attribute__((format(printf, 4, 5)));
	/* A progress line, printed with the plugin's name ("NAME: MESSAGE")
	 * unless -q; the backup plugin says here where the backup went. */
	void (*info)(struct migrator_hook_ctx *ctx, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	/* The error, as for drivers: fills d (the one the failing callback
	 * was given) with a message (one lower-case line, no final period)
	 * and returns code: `return host->diag_set(d, MIGRATOR_HOOK_FAIL,
	 * ...)`.  The host prefixes the plugin's name.  The first message set
	 * in d wins; detail and hint are sentences added to it. */
	int (*diag_set)(struct migrator_diag *d, int code, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));
	void (*diag_detail)(struct migrator_diag *d, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	void (*diag_hint)(struct migrator_diag *d, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
};

/*
 * The plugin's callbacks, all optional (NULL: not interested).  self is
 * what create() stored in *self.  A callback that returns non-zero stops
 * the run; fill d through host->diag_set() first to say why.
 */
struct migrator_hook {
	uint16_t abi_major, abi_minor; /* MIGRATOR_HOOK_ABI_* the plugin was built with */
	uint32_t size;                 /* sizeof(struct migrator_hook) in the plugin */
	const char *name;              /* "backup" */

	/* Before anything runs (and for `migrator lint`, --dry-run and --sql,
	 * instead of running): failing here leaves the database untouched.
	 * Called also when there is nothing to do (run->n_steps 0).  For an
	 * upgrade of a database that does not exist yet, it is called before
	 * the database (a new SQLite file) is created, with the plan from
	 * base: failing then creates nothing. */
	int (*before_run)(void *self, struct migrator_hook_ctx *ctx,
			  const struct migrator_hook_run *run,
			  struct migrator_diag *d);
	/* Around each migration that actually runs.  Failing in before_step
	 * stops the run before this step; in after_step (ok 1) before the
	 * next one: the steps already done stay done. */
	int (*before_step)(void *self, struct migrator_hook_ctx *ctx,
			   const struct migrator_hook_step *step,
			   struct migrator_diag *d);
	int (*after_step)(void *self, struct migrator_hook_ctx *ctx,
			  const struct migrator_hook_step *step,
			  struct migrator_diag *d);
	/* After the run, also after a failure.  ok 1: the run succeeded;
	 * else error is its message.  Not called for lint or dry runs, nor
	 * when before_run was not called. */
	void (*after_run)(void *self, struct migrator_hook_ctx *ctx,
			  const struct migrator_hook_run *run, int ok,
			  const char *error);
	/* ABI 2.1: further optional members are appended here */
};

/*
 * The plugin's descriptor (kind MIGRATOR_MODULE_HOOK).  create() reads its
 * options from cfg (refusing unknown ones), stores its instance data (or
 * NULL) in *self and returns the plugin's callbacks (a static object); or
 * it frees what it allocated and returns NULL after host->diag_set(d, ...)
 * when it refuses to load.  destroy(self) (may be NULL) frees self; it is
 * called once for every create() that returned callbacks, also when the
 * host then refuses them (another abi_major, too small).
 */
struct migrator_hook_module {
	struct migrator_module head;
	const struct migrator_hook *(*create)(
		const struct migrator_hook_host *host,
		struct migrator_hook_ctx *ctx,
		const struct migrator_hook_config *cfg, void **self,
		struct migrator_diag *d);
	void (*destroy)(void *self);
};

/* Defines the descriptor, at file scope, once per plugin:
 * MIGRATOR_HOOK_MODULE("lint", lint_create, lint_destroy); */
#define MIGRATOR_HOOK_MODULE(name, create, destroy) \
	extern MIGRATOR_MODULE_EXPORT const struct migrator_hook_module \
		migrator_module; \
	MIGRATOR_MODULE_EXPORT const struct migrator_hook_module \
		migrator_module = { \
		{MIGRATOR_MODULE_MAGIC, MIGRATOR_MODULE_HOOK, \
		 MIGRATOR_HOOK_ABI_MAJOR, MIGRATOR_HOOK_ABI_MINOR, 0, \
		 sizeof(struct migrator_hook_module), (name)}, \
		(create), (destroy)}

#ifdef __cplusplus
}
#endif
#endif
