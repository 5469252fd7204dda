/*
 * plugin_load.c - finds, dlopens and checks a driver plugin (STYLE 2).
 * Each failure gets one message naming the file and what was wrong.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "host.h"
#include "plugin_dirs.h"
#include "migrator/plugin.h"
#include "migrator/strvec.h"
#include "migrator/url.h"

struct migrator_plugin {
	void *handle;
	const struct migrator_driver *driver;
	char *path;
};

/* Schemes whose driver ships with migrator.  A scheme not listed here is
 * still tried as <scheme>.so, so third-party drivers need no core change. */
static const struct {
	const char *scheme;
	const char *driver;
} known_schemes[] = {
	{"postgresql", "postgres"},
	{"postgres", "postgres"},
	{"sqlite", "sqlite"},
};

#define N_KNOWN (sizeof(known_schemes) / sizeof(known_schemes[0]))

static const char *driver_for_scheme(const char *scheme)
{
	for (size_t i = 0; i < N_KNOWN; i++)
		if (strcmp(known_schemes[i].scheme, scheme) == 0)
			return known_schemes[i].driver;
	return NULL;
}

static int unknown_scheme(const char *scheme, migrator_diag *d)
{
	struct mg_buf list = MG_BUF_INIT;

	migrator_diag_set(d, MIGRATOR_EPLUGIN, "unknown URL scheme \"%s\"",
			  scheme);
	for (size_t i = 0; i < N_KNOWN; i++)
		mg_buf_printf(&list, "%s%s", i ? ", " : "",
			      known_schemes[i].scheme);
	migrator_diag_hint(d, "Known schemes: %s.", mg_buf_cstr(&list));
	mg_buf_free(&list);
	return MIGRATOR_EPLUGIN;
}

static int not_found(const char *name, const migrator_strvec *dirs,
		     migrator_diag *d)
{
	struct mg_buf list = MG_BUF_INIT;

	migrator_diag_set(d, MIGRATOR_EPLUGIN,
			  "driver plugin %s.so not found", name);
	for (size_t i = 0; i < dirs->n; i++)
		mg_buf_printf(&list, "%s%s", i ? ", " : "", dirs->v[i]);
	migrator_diag_detail(d, "Searched: %s.", mg_buf_cstr(&list));
	migrator_diag_hint(d, "Install the driver, or point --plugin-dir or "
			      "MIGRATOR_PLUGIN_PATH at its directory.");
	mg_buf_free(&list);
	return MIGRATOR_EPLUGIN;
}

static int scheme_listed(const struct migrator_driver *drv, const char *scheme)
{
	for (const char *const *s = drv->schemes; s && *s; s++)
		if (strcmp(*s, scheme) == 0)
			return 1;
	return 0;
}

/* The v1.0 struct ends with stamp_write; a driver's struct may be larger. */
#define DRIVER_V1_SIZE \
	(offsetof(struct migrator_driver, stamp_write) + \
	 sizeof(((struct migrator_driver *)0)->stamp_write))

static int check_driver(const struct migrator_driver *drv, const char *path,
			const char *scheme, migrator_diag *d)
{
	const char *missing = NULL;

	if (drv->abi_major != MIGRATOR_DRIVER_ABI_MAJOR) {
		migrator_diag_set(d, MIGRATOR_EPLUGIN,
				  "%s was built for driver ABI %u; this "
				  "migrator speaks %u",
				  path, (unsigned)drv->abi_major,
				  (unsigned)MIGRATOR_DRIVER_ABI_MAJOR);
		migrator_diag_hint(d, "Rebuild the driver against this "
				      "migrator's <migrator/driver.h>.");
		return MIGRATOR_EPLUGIN;
	}
	if (drv->size < DRIVER_V1_SIZE)
		return migrator_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: driver struct too small (%u "
					 "bytes, ABI 1.0 needs %zu)",
					 path, (unsigned)drv->size,
					 DRIVER_V1_SIZE);
#define REQUIRE(m) \
	if (!missing && !drv->m) \
	missing = #m
	REQUIRE(name);
	REQUIRE(dialect);
	REQUIRE(schemes);
	REQUIRE(connect);
	REQUIRE(close);
	REQUIRE(exec);
	REQUIRE(begin);
	REQUIRE(commit);
	REQUIRE(rollback);
	REQUIRE(lock);
	REQUIRE(unlock);
	REQUIRE(stamp_ensure);
	REQUIRE(stamp_read);
	REQUIRE(stamp_write);
#undef REQUIRE
	if (missing)
		return migrator_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: required driver member %s is NULL",
					 path, missing);
	if (!scheme_listed(drv, scheme))
		return migrator_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s does not handle URL scheme \"%s\"",
					 path, scheme);
	return 0;
}

static int open_plugin(migrator_plugin *p, const char *scheme,
		       migrator_diag *d)
{
	migrator_driver_init_fn init;
	void *sym;

	dlerror();
	p->handle = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		const char *err = dlerror();

		migrator_diag_set(d, MIGRATOR_EPLUGIN,
				  "cannot load driver plugin %s", p->path);
		migrator_diag_detail(d, "%s", err ? err : "dlopen failed");
		return MIGRATOR_EPLUGIN;
	}
	dlerror();
	sym = dlsym(p->handle, MIGRATOR_DRIVER_ENTRY);
	if (!sym) {
		migrator_diag_set(d, MIGRATOR_EPLUGIN,
				  "%s is not a migrator driver: no symbol %s",
				  p->path, MIGRATOR_DRIVER_ENTRY);
		migrator_diag_hint(d, "A driver must export "
				      "migrator_driver_init(); see "
				      "<migrator/driver.h>.");
		return MIGRATOR_EPLUGIN;
	}
	/* POSIX guarantees a dlsym result converts to a function pointer. */
	*(void **)&init = sym;
	p->driver = init(mg_host(), d);
	if (!p->driver) {
		migrator_diag_set(d, MIGRATOR_EPLUGIN,
				  "driver plugin %s refused to initialise",
				  p->path);
		return MIGRATOR_EPLUGIN;
	}
	return check_driver(p->driver, p->path, scheme, d);
}

int migrator_plugin_load(migrator_plugin **out, const char *url,
			 const char *plugin_dir, migrator_diag *d)
{
	migrator_strvec dirs = MIGRATOR_STRVEC_INIT;
	migrator_plugin *p = NULL;
	const char *name;
	char *scheme = NULL;
	int rc;

	*out = NULL;
	rc = migrator_url_scheme(&scheme, url, d);
	if (rc < 0)
		goto out;
	name = driver_for_scheme(scheme);
	rc = mg_plugin_search_dirs(&dirs, plugin_dir, "backends",
				   name ? name : scheme);
	if (rc < 0) {
		migrator_diag_set(d, rc, "out of memory");
		goto out;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		rc = migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < dirs.n && !p->path; i++) {
		char *path = mg_strdup_printf("%s/%s.so", dirs.v[i],
					      name ? name : scheme);

		if (!path) {
			rc = migrator_diag_set(d, MIGRATOR_ENOMEM,
					       "out of memory");
			goto out;
		}
		if (mg_is_file(path))
			p->path = path;
		else
			free(path);
	}
	if (!p->path) {
		rc = name ? not_found(name, &dirs, d)
			  : unknown_scheme(scheme, d);
		goto out;
	}
	rc = open_plugin(p, scheme, d);
out:
	if (rc < 0) {
		migrator_plugin_free(p);
		p = NULL;
	}
	*out = p;
	migrator_strvec_clear(&dirs);
	free(scheme);
	return rc;
}

const struct migrator_driver *migrator_plugin_driver(const migrator_plugin *p)
{
	return p->driver;
}

const char *migrator_plugin_path(const migrator_plugin *p)
{
	return p->path;
}

void migrator_plugin_free(migrator_plugin *p)
{
	if (!p)
		return;
	if (p->handle)
		dlclose(p->handle);
	free(p->path);
	free(p);
}
