/*
 * plugin_load.c - finds, dlopens and checks a driver plugin (STYLE 2).
 * Each failure gets one message naming the file and what was wrong.
 *
 * The core has no list of databases: a URL's scheme X loads X.so from the
 * search directories if there is one; otherwise each driver there is
 * asked for the schemes it declares (its schemes member), so a driver's
 * aliases (postgres.so: "postgresql", "postgres") need no core change.
 */
#include "config.h"

#include <dirent.h>
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

/* No driver in dirs handles scheme; known: the schemes of those found. */
static int no_driver(const char *scheme, const migrator_strvec *dirs,
		     const migrator_strvec *known, migrator_diag *d)
{
	struct mg_buf list = MG_BUF_INIT;

	migrator_diag_set(d, MIGRATOR_EPLUGIN,
			  "no driver plugin handles URL scheme \"%s\"", scheme);
	for (size_t i = 0; i < dirs->n; i++)
		mg_buf_printf(&list, "%s%s", i ? ", " : "", dirs->v[i]);
	migrator_diag_detail(d, "Searched: %s.", mg_buf_cstr(&list));
	mg_buf_reset(&list);
	for (size_t i = 0; i < known->n; i++)
		mg_buf_printf(&list, "%s%s", i ? ", " : "", known->v[i]);
	if (known->n)
		migrator_diag_hint(d, "No %s.so there, and no driver there "
				      "declares \"%s\"; their schemes: %s. "
				      "Install the driver, or point "
				      "--plugin-dir or MIGRATOR_PLUGIN_PATH at "
				      "its directory.",
				   scheme, scheme, mg_buf_cstr(&list));
	else
		migrator_diag_hint(d, "No %s.so there, and no driver plugin "
				      "at all: install the driver, or point "
				      "--plugin-dir or MIGRATOR_PLUGIN_PATH at "
				      "its directory.",
				   scheme);
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

/* The file named after the scheme: it must be that scheme's driver, and
 * every way it is not one is an error naming it. */
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

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .so files of dir, in name order (none if it cannot be read). */
static int list_plugins(migrator_strvec *out, const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!dh)
		return 0;
	while (!rc && (e = readdir(dh)) != NULL) {
		size_t n = strlen(e->d_name);

		if (e->d_name[0] != '.' && n > 3 &&
		    strcmp(e->d_name + n - 3, ".so") == 0 &&
		    migrator_strvec_push(out, e->d_name) < 0)
			rc = MIGRATOR_ENOMEM;
	}
	closedir(dh);
	if (!rc && out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_name);
	return rc;
}

static int push_new(migrator_strvec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return 0;
	return migrator_strvec_push(v, s) < 0 ? MIGRATOR_ENOMEM : 0;
}

/*
 * Asks the driver at path for its schemes: 1 with p filled when scheme is
 * one of them, 0 when it is not (its schemes pushed onto known) or path
 * is no driver of this ABI (a hook plugin, say), <0 when out of memory.
 */
static int ask_plugin(migrator_plugin *p, const char *path,
		      const char *scheme, migrator_strvec *known)
{
	migrator_diag quiet = MIGRATOR_DIAG_INIT;
	const struct migrator_driver *drv = NULL;
	migrator_driver_init_fn init;
	void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	void *sym = handle ? dlsym(handle, MIGRATOR_DRIVER_ENTRY) : NULL;
	int rc = 0;

	if (sym) {
		*(void **)&init = sym;
		drv = init(mg_host(), &quiet);
		migrator_diag_clear(&quiet);
	}
	if (drv && drv->abi_major == MIGRATOR_DRIVER_ABI_MAJOR &&
	    drv->size >= DRIVER_V1_SIZE) {
		if (scheme_listed(drv, scheme)) {
			p->path = strdup(path);
			if (!p->path) {
				dlclose(handle);
				return MIGRATOR_ENOMEM;
			}
			p->handle = handle;
			p->driver = drv;
			return 1;
		}
		for (const char *const *sc = drv->schemes; !rc && sc && *sc; sc++)
			rc = push_new(known, *sc);
	}
	if (handle)
		dlclose(handle);
	return rc;
}

/* 1 when the file name (NAME.so) and the scheme share their start, as
 * postgres.so and "postgresql" do: those are asked first. */
static int looks_related(const char *file, const char *scheme)
{
	size_t n = strlen(file) - 3, ns = strlen(scheme);

	return strncmp(file, scheme, n < ns ? n : ns) == 0;
}

/* No file is named after the scheme: every driver in dirs is asked
 * whether it handles it (postgres.so declares "postgresql" too), the
 * files whose names look related first, so that the usual case opens one
 * file and not every plugin (hook plugins share the directory once
 * installed).  The core keeps no list of databases. */
static int scan_dirs(migrator_plugin *p, const migrator_strvec *dirs,
		     const char *scheme, migrator_strvec *known)
{
	int rc = 0;

	for (int related = 1; related >= 0 && rc == 0; related--) {
		for (size_t i = 0; rc == 0 && i < dirs->n; i++) {
			migrator_strvec files = MIGRATOR_STRVEC_INIT;

			rc = list_plugins(&files, dirs->v[i]);
			for (size_t k = 0; rc == 0 && k < files.n; k++) {
				char *path;

				if (looks_related(files.v[k], scheme) != related)
					continue;
				path = mg_strdup_printf("%s/%s", dirs->v[i],
							files.v[k]);
				if (!path)
					rc = MIGRATOR_ENOMEM;
				else if (mg_is_file(path))
					rc = ask_plugin(p, path, scheme, known);
				free(path);
			}
			migrator_strvec_clear(&files);
		}
	}
	return rc;
}

int migrator_plugin_load(migrator_plugin **out, const char *url,
			 const char *plugin_dir, migrator_diag *d)
{
	migrator_strvec dirs = MIGRATOR_STRVEC_INIT;
	migrator_strvec known = MIGRATOR_STRVEC_INIT;
	migrator_plugin *p = NULL;
	char *scheme = NULL;
	int rc;

	*out = NULL;
	rc = migrator_url_scheme(&scheme, url, d);
	if (rc < 0)
		goto out;
	rc = mg_plugin_search_dirs(&dirs, plugin_dir, "backends", NULL);
	if (rc < 0) {
		migrator_diag_set(d, rc, "out of memory");
		goto out;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		rc = migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	/* First the file named after the scheme ("sqlite" -> sqlite.so). */
	for (size_t i = 0; i < dirs.n && !p->path; i++) {
		char *path = mg_strdup_printf("%s/%s.so", dirs.v[i], scheme);

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
	if (p->path) {
		rc = open_plugin(p, scheme, d);
		goto out;
	}
	rc = scan_dirs(p, &dirs, scheme, &known);
	if (rc < 0)
		rc = migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	else if (rc == 0)
		rc = no_driver(scheme, &dirs, &known, d);
	else
		rc = check_driver(p->driver, p->path, scheme, d);
out:
	if (rc < 0) {
		migrator_plugin_free(p);
		p = NULL;
	}
	*out = p;
	migrator_strvec_clear(&dirs);
	migrator_strvec_clear(&known);
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
