/*
 * plugin_load.c - finds a driver plugin, opens it through the one loader
 * (plugin_open.c, which checks its descriptor before any of its code
 * runs), creates it and checks the driver it returns (STYLE 2).  Each
 * failure gets one message naming the file and what was wrong.
 *
 * The core has no list of databases: a URL's scheme X loads X.so from the
 * search directories if there is one; otherwise each driver there is
 * asked for the schemes it declares (its schemes member), so a driver's
 * aliases (postgres.so: "postgresql", "postgres") need no core change.
 */
#include "config.h"

#include <dirent.h>
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
#include "plugin_open.h"
#include "plugin.h"
#include "strvec.h"
#include "url.h"

struct mg_plugin {
	struct mg_module m; /* checked before create() ran */
	const struct migrator_driver *driver; /* create()'s: destroy() due */
};

/* No driver in dirs handles scheme; known: the schemes of those found. */
static int no_driver(const char *scheme, const mg_strvec *dirs,
		     const mg_strvec *known, mg_diag *d)
{
	struct mg_buf list = MG_BUF_INIT;

	mg_diag_set(d, MIGRATOR_EPLUGIN,
			  "no driver plugin handles URL scheme \"%s\"", scheme);
	mg_plugin_searched(d, dirs);
	for (size_t i = 0; i < known->n; i++)
		mg_buf_printf(&list, "%s%s", i ? ", " : "", known->v[i]);
	if (known->n)
		mg_diag_hint(d, "No %s.so there, and no driver there "
				      "declares \"%s\"; their schemes: %s. "
				      "Install the driver, or point "
				      "--plugin-dir or MIGRATOR_PLUGIN_PATH at "
				      "its directory.",
				   scheme, scheme, mg_buf_cstr(&list));
	else
		mg_diag_hint(d, "No %s.so there, and no driver plugin "
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

/* Every driver's struct holds at least the required members (it ends with
 * stamp_write in ABI 2.0 as in 1.0); a driver's struct may be larger. */
#define DRIVER_MIN_SIZE \
	(offsetof(struct migrator_driver, stamp_write) + \
	 sizeof(((struct migrator_driver *)0)->stamp_write))

static const struct migrator_driver_module *desc_of(const mg_plugin *p)
{
	return (const struct migrator_driver_module *)(const void *)p->m.desc;
}

static int check_driver(const struct migrator_driver *drv, const char *path,
			const char *scheme, mg_diag *d)
{
	const char *missing = NULL;

	if (drv->abi_major != MIGRATOR_DRIVER_ABI_MAJOR)
		return mg_module_wrong_abi(d, path, MIGRATOR_MODULE_DRIVER,
					   drv->abi_major);
	if (drv->size < DRIVER_MIN_SIZE)
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: driver struct too small (%u "
					 "bytes, ABI %u.0 needs %zu)",
					 path, (unsigned)drv->size,
					 (unsigned)MIGRATOR_DRIVER_ABI_MAJOR,
					 DRIVER_MIN_SIZE);
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
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: required driver member %s is NULL",
					 path, missing);
	if (!scheme_listed(drv, scheme))
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s does not handle URL scheme \"%s\"",
					 path, scheme);
	return 0;
}

/* The file named after the scheme: it must be that scheme's driver, and
 * every way it is not one is an error naming it.  Its descriptor is
 * checked before any of its migrator functions runs. */
static int open_plugin(mg_plugin *p, const char *path,
		       const char *scheme, mg_diag *d)
{
	int rc = mg_module_open(&p->m, path, MIGRATOR_MODULE_DRIVER, d);

	if (rc)
		return rc;
	p->driver = desc_of(p)->create(mg_host(), d);
	if (!p->driver) {
		mg_diag_set(d, MIGRATOR_EPLUGIN,
				  "driver plugin %s refused to initialise",
				  p->m.path);
		return MIGRATOR_EPLUGIN;
	}
	return check_driver(p->driver, p->m.path, scheme, d);
}

/* destroy() when create() returned a driver, then dlclose: p is empty. */
static void unload(mg_plugin *p)
{
	if (p->driver && desc_of(p)->destroy)
		desc_of(p)->destroy(p->driver);
	p->driver = NULL;
	mg_module_close(&p->m);
}

/* The .so files of dir, in name order (none if it cannot be read). */
static int list_plugins(mg_strvec *out, const char *dir)
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
		    mg_strvec_push(out, e->d_name) < 0)
			rc = MIGRATOR_ENOMEM;
	}
	closedir(dh);
	if (!rc)
		mg_strvec_sort(out);
	return rc;
}

static int push_new(mg_strvec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return 0;
	return mg_strvec_push(v, s) < 0 ? MIGRATOR_ENOMEM : 0;
}

/*
 * Asks the driver at path for its schemes: 1 with p filled when scheme is
 * one of them, 0 when it is not (its schemes pushed onto known) or path
 * is no driver of this ABI (a hook plugin, say: its descriptor says so
 * and none of its code runs), <0 when out of memory.
 */
static int ask_plugin(mg_plugin *p, const char *path,
		      const char *scheme, mg_strvec *known)
{
	mg_diag quiet = MG_DIAG_INIT;
	int rc = mg_module_open(&p->m, path, MIGRATOR_MODULE_DRIVER, &quiet);

	if (rc == 0)
		p->driver = desc_of(p)->create(mg_host(), &quiet);
	if (quiet.code == MIGRATOR_ENOMEM)
		rc = MIGRATOR_ENOMEM;
	mg_diag_clear(&quiet);
	if (p->driver && p->driver->abi_major == MIGRATOR_DRIVER_ABI_MAJOR &&
	    p->driver->size >= DRIVER_MIN_SIZE) {
		if (scheme_listed(p->driver, scheme))
			return 1;
		for (const char *const *sc = p->driver->schemes;
		     !rc && sc && *sc; sc++)
			rc = push_new(known, *sc);
	}
	unload(p);
	return rc < 0 && rc != MIGRATOR_ENOMEM ? 0 : rc;
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
static int scan_dirs(mg_plugin *p, const mg_strvec *dirs,
		     const char *scheme, mg_strvec *known)
{
	int rc = 0;

	/* directory by directory, as documented; in each, related names
	 * first */
	for (size_t i = 0; rc == 0 && i < dirs->n; i++) {
		mg_strvec files = MG_STRVEC_INIT;

		rc = list_plugins(&files, dirs->v[i]);
		for (int related = 1; related >= 0 && rc == 0; related--)
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
		mg_strvec_clear(&files);
	}
	return rc;
}

int mg_plugin_load(mg_plugin **out, const char *url,
			 const char *plugin_dir, mg_diag *d)
{
	mg_strvec dirs = MG_STRVEC_INIT;
	mg_strvec known = MG_STRVEC_INIT;
	mg_plugin *p = NULL;
	char *scheme = NULL, *path = NULL;
	int rc;

	*out = NULL;
	rc = mg_url_scheme(&scheme, url, d);
	if (rc < 0)
		goto out;
	p = calloc(1, sizeof(*p));
	/* First the file named after the scheme ("sqlite" -> sqlite.so). */
	if (!p || mg_module_find(&path, &dirs, MIGRATOR_MODULE_DRIVER, scheme,
				 plugin_dir) < 0) {
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	if (path) {
		rc = open_plugin(p, path, scheme, d);
		goto out;
	}
	rc = scan_dirs(p, &dirs, scheme, &known);
	if (rc < 0)
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	else if (rc == 0)
		rc = no_driver(scheme, &dirs, &known, d);
	else
		rc = check_driver(p->driver, p->m.path, scheme, d);
out:
	if (rc < 0) {
		mg_plugin_free(p);
		p = NULL;
	}
	*out = p;
	mg_strvec_clear(&dirs);
	mg_strvec_clear(&known);
	free(scheme);
	free(path);
	return rc;
}

const struct migrator_driver *mg_plugin_driver(const mg_plugin *p)
{
	return p->driver;
}

const char *mg_plugin_path(const mg_plugin *p)
{
	return p->m.path;
}

void mg_plugin_free(mg_plugin *p)
{
	if (!p)
		return;
	unload(p);
	free(p);
}
