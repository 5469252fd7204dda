/*
 * plugin_open.c - the one loader of plugins (plugin_open.h): the
 * descriptor is read and checked before the plugin runs or the host
 * allocates anything for it, as PostgreSQL reads a module's magic block
 * before it calls _PG_init.
 */
#include "config.h"

#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include <migrator/driver.h>
#include <migrator/hook.h>

#include "buf.h"
#include "plugin_dirs.h"
#include "plugin_open.h"

/* The SDK's codes are the library's: a plugin's return value is passed on
 * as it is, so they must never drift apart. */
_Static_assert(MIGRATOR_PLUGIN_EDB == MIGRATOR_EDB, "EDB");
_Static_assert(MIGRATOR_PLUGIN_EFAIL == MIGRATOR_EPLUGIN, "EPLUGIN");
_Static_assert(MIGRATOR_PLUGIN_ENOMEM == MIGRATOR_ENOMEM, "ENOMEM");
_Static_assert(MIGRATOR_PLUGIN_ELOCK == MIGRATOR_ELOCK, "ELOCK");
_Static_assert(MIGRATOR_PLUGIN_ECONFIG == MIGRATOR_ECONFIG, "ECONFIG");
_Static_assert(MIGRATOR_DRIVER_EDB == MIGRATOR_EDB, "driver EDB");
_Static_assert(MIGRATOR_DRIVER_ENOMEM == MIGRATOR_ENOMEM, "driver ENOMEM");
_Static_assert(MIGRATOR_DRIVER_ELOCK == MIGRATOR_ELOCK, "driver ELOCK");
_Static_assert(MIGRATOR_DRIVER_ECONFIG == MIGRATOR_ECONFIG,
	       "driver ECONFIG");
/* A hook's failure is a plugin error (exit 1), never a usage error. */
_Static_assert(MIGRATOR_HOOK_FAIL == MIGRATOR_EPLUGIN, "hook fail");
_Static_assert(MIGRATOR_HOOK_FAIL != MIGRATOR_EUSAGE, "hook fail usage");

const char *mg_module_kind_name(unsigned kind)
{
	return kind == MIGRATOR_MODULE_DRIVER ? "driver" : "hook plugin";
}

/* The ABI major and descriptor size the host needs for kind. */
static unsigned host_major(unsigned kind)
{
	return kind == MIGRATOR_MODULE_DRIVER ? MIGRATOR_DRIVER_ABI_MAJOR
					      : MIGRATOR_HOOK_ABI_MAJOR;
}

static size_t desc_size(unsigned kind)
{
	return kind == MIGRATOR_MODULE_DRIVER
		       ? sizeof(struct migrator_driver_module)
		       : sizeof(struct migrator_hook_module);
}

/* The descriptor's create(): both kinds put it right after the head. */
static int has_create(const struct migrator_module *h, unsigned kind)
{
	if (kind == MIGRATOR_MODULE_DRIVER)
		return ((const struct migrator_driver_module *)(const void *)h)
			       ->create != NULL;
	return ((const struct migrator_hook_module *)(const void *)h)->create !=
	       NULL;
}

/* No descriptor: say so, and name the ABI 1 entry point if it has one. */
static int no_descriptor(void *handle, const char *path, mg_diag *d)
{
	int v1drv = dlsym(handle, "migrator_driver_init") != NULL;
	int v1hook = dlsym(handle, "migrator_hook_init") != NULL;

	mg_diag_set(d, MIGRATOR_EPLUGIN,
			  "%s is not a migrator plugin: no symbol %s", path,
			  MIGRATOR_MODULE_SYMBOL);
	if (v1drv || v1hook)
		mg_diag_hint(d, "It exports %s, the entry point of %s "
				      "ABI 1; rebuild it against this "
				      "migrator's <migrator/%s.h> (ABI %u).",
				   v1drv ? "migrator_driver_init"
					 : "migrator_hook_init",
				   v1drv ? "driver" : "hook",
				   v1drv ? "driver" : "hook",
				   v1drv ? MIGRATOR_DRIVER_ABI_MAJOR
					 : MIGRATOR_HOOK_ABI_MAJOR);
	else
		mg_diag_hint(d, "A plugin defines its descriptor with "
				      "MIGRATOR_DRIVER_MODULE() or "
				      "MIGRATOR_HOOK_MODULE(); see "
				      "<migrator/module.h>.");
	return MIGRATOR_EPLUGIN;
}

/* The size of the exported descriptor, as the plugin's symbol table gives
 * it (0 when unknown): the host reads no byte past it, whatever the
 * descriptor's own size field says. */
static size_t symbol_size(const void *sym)
{
	const ElfW(Sym) *e = NULL;
	Dl_info info;

	if (!dladdr1(sym, &info, (void **)&e, RTLD_DL_SYMENT) || !e)
		return 0;
	return (size_t)e->st_size;
}

/* "lint" for ".../lint.so": what --plugin takes.  Never the descriptor's
 * own name, which a refused plugin could point anywhere. */
static int stem_len(const char **stem, const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 3 && strcmp(b + n - 3, ".so") == 0)
		n -= 3;
	*stem = b;
	return n > 1024 ? 1024 : (int)n;
}

int mg_module_wrong_abi(mg_diag *d, const char *path, unsigned kind,
			unsigned built)
{
	const char *abi = kind == MIGRATOR_MODULE_DRIVER ? "driver" : "hook";

	mg_diag_set(d, MIGRATOR_EPLUGIN,
			  "%s was built for %s ABI %u; this migrator speaks %u",
			  path, abi, built, host_major(kind));
	mg_diag_hint(d, "Rebuild it against this migrator's "
			      "<migrator/%s.h>.",
			   abi);
	return MIGRATOR_EPLUGIN;
}

static int check_desc(const struct migrator_module *h, size_t have,
		      const char *path, unsigned kind, mg_diag *d)
{
	if (have < sizeof(*h))
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: %s is no migrator plugin "
					 "descriptor (a symbol of %zu bytes)",
					 path, MIGRATOR_MODULE_SYMBOL, have);
	if (h->magic != MIGRATOR_MODULE_MAGIC)
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: %s is not a migrator plugin "
					 "descriptor (bad magic)",
					 path, MIGRATOR_MODULE_SYMBOL);
	if (h->kind != kind) {
		int known = h->kind == MIGRATOR_MODULE_DRIVER ||
			    h->kind == MIGRATOR_MODULE_HOOK;

		mg_diag_set(d, MIGRATOR_EPLUGIN, "%s is %s, not a %s",
				  path,
				  !known ? "a plugin of an unknown kind"
				  : h->kind == MIGRATOR_MODULE_DRIVER
					  ? "a driver"
					  : "a hook plugin",
				  mg_module_kind_name(kind));
		if (h->kind == MIGRATOR_MODULE_HOOK) {
			const char *stem;
			int n = stem_len(&stem, path);

			mg_diag_hint(d, "A hook plugin is loaded with "
					      "--plugin %.*s, not by a URL.",
					   n, stem);
		}
		else if (h->kind == MIGRATOR_MODULE_DRIVER)
			mg_diag_hint(d, "A driver is loaded by a URL's "
					      "scheme, not by --plugin.");
		return MIGRATOR_EPLUGIN;
	}
	if (h->abi_major != host_major(kind))
		return mg_module_wrong_abi(d, path, kind, h->abi_major);
	if (h->size > have)
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: plugin descriptor says %u bytes, "
					 "its symbol has %zu",
					 path, (unsigned)h->size, have);
	if (h->size < desc_size(kind))
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: plugin descriptor too small (%u "
					 "bytes, %s ABI %u.0 needs %zu)",
					 path, (unsigned)h->size,
					 kind == MIGRATOR_MODULE_DRIVER
						 ? "driver"
						 : "hook",
					 host_major(kind), desc_size(kind));
	if (!has_create(h, kind))
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: plugin descriptor has no create()",
					 path);
	return 0;
}

int mg_module_open(struct mg_module *m, const char *path, unsigned kind,
		   mg_diag *d)
{
	const struct migrator_module *h;
	void *handle;
	int rc;

	memset(m, 0, sizeof(*m));
	dlerror();
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *err = dlerror();

		mg_diag_set(d, MIGRATOR_EPLUGIN, "cannot load %s %s",
				  mg_module_kind_name(kind), path);
		mg_diag_detail(d, "%s", err ? err : "dlopen failed");
		return MIGRATOR_EPLUGIN;
	}
	h = dlsym(handle, MIGRATOR_MODULE_SYMBOL);
	rc = h ? check_desc(h, symbol_size(h), path, kind, d)
	       : no_descriptor(handle, path, d);
	if (rc == 0 && !(m->path = strdup(path)))
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (rc) {
		dlclose(handle);
		return rc;
	}
	m->handle = handle;
	m->desc = h;
	return 0;
}

int mg_module_find(char **path, mg_strvec *dirs, unsigned kind,
		   const char *name, const char *plugin_dir)
{
	*path = NULL;
	if (mg_plugin_search_dirs(dirs, plugin_dir, kind,
				  kind == MIGRATOR_MODULE_HOOK ? name : NULL))
		return MIGRATOR_ENOMEM;
	for (size_t i = 0; i < dirs->n; i++) {
		char *p = mg_strdup_printf("%s/%s.so", dirs->v[i], name);

		if (!p)
			return MIGRATOR_ENOMEM;
		if (mg_is_file(p)) {
			*path = p;
			return 0;
		}
		free(p);
	}
	return 0;
}

void mg_module_close(struct mg_module *m)
{
	if (m->handle)
		dlclose(m->handle);
	free(m->path);
	memset(m, 0, sizeof(*m));
}
