/*
 * hook_load.c - loads hook plugins (<migrator/hook.h>) by name through the
 * one loader (plugin_open.c), which checks the descriptor before anything
 * runs, then calls create(): one message per failure, naming the plugin
 * file and what was wrong.
 */
#include "config.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hook_int.h"
#include "plugin_dirs.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* A plugin name is a file name without ".so": no path, nothing odd. */
static int valid_name(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static int find_file(struct migrator_hook_ctx *c, const char *plugin_dir,
		     char **path, mg_diag *d)
{
	mg_strvec dirs = MG_STRVEC_INIT;
	int rc = mg_module_find(path, &dirs, MIGRATOR_MODULE_HOOK, c->name,
				plugin_dir);

	if (rc < 0) {
		mg_strvec_clear(&dirs);
		return nomem(d);
	}
	if (!*path) {
		mg_diag_set(d, MIGRATOR_EPLUGIN,
				  "hook plugin %s.so not found", c->name);
		mg_plugin_searched(d, &dirs);
		mg_diag_hint(d, "Check the name in --plugin or plugins =, "
				      "or point --plugin-dir or "
				      "MIGRATOR_PLUGIN_PATH at its directory.");
		rc = MIGRATOR_EPLUGIN;
	}
	mg_strvec_clear(&dirs);
	return rc;
}

/* The 2.0 struct ends with after_run; a plugin's struct may be larger. */
#define HOOK_MIN_SIZE \
	(offsetof(struct migrator_hook, after_run) + \
	 sizeof(((struct migrator_hook *)0)->after_run))

static const struct migrator_hook_module *desc_of(
	const struct migrator_hook_ctx *c)
{
	return (const struct migrator_hook_module *)(const void *)c->m.desc;
}

static int check_hook(const struct migrator_hook *hk, const char *path,
		      mg_diag *d)
{
	if (hk->abi_major != MIGRATOR_HOOK_ABI_MAJOR)
		return mg_module_wrong_abi(d, path, MIGRATOR_MODULE_HOOK,
					   hk->abi_major);
	if (hk->size < HOOK_MIN_SIZE)
		return mg_diag_set(d, MIGRATOR_EPLUGIN,
					 "%s: hook struct too small (%u bytes, "
					 "ABI %u.0 needs %zu)",
					 path, (unsigned)hk->size,
					 (unsigned)MIGRATOR_HOOK_ABI_MAJOR,
					 HOOK_MIN_SIZE);
	return 0;
}

/* The descriptor is checked before create() runs: a refused plugin has
 * allocated nothing.  Once create() returned callbacks, destroy() is due
 * (ctx_free), also when they are refused here. */
static int open_hook(struct migrator_hook_ctx *c, const char *path,
		     int strict, mg_diag *d)
{
	struct migrator_hook_config cfg;
	mg_diag pd = MG_DIAG_INIT;
	int rc = mg_module_open(&c->m, path, MIGRATOR_MODULE_HOOK, d);

	if (rc)
		return rc;
	memset(&cfg, 0, sizeof(cfg));
	cfg.size = sizeof(cfg);
	cfg.name = c->name;
	cfg.path = c->m.path;
	cfg.strict = strict;
	cfg.keys = (const char *const *)c->keys.v;
	cfg.values = (const char *const *)c->values.v;
	cfg.n_options = c->keys.n;
	c->self = NULL;
	c->hook = desc_of(c)->create(mg_hook_host(), c, &cfg, &c->self, &pd);
	if (!c->hook) {
		if (pd.code) /* the plugin said why: "backup: unknown option" */
			rc = mg_hooks_take_fail(c, &pd, pd.code, d);
		else
			rc = mg_diag_set(d, MIGRATOR_EPLUGIN,
					       "hook plugin %s refused to "
					       "initialise",
					       c->m.path);
		mg_diag_clear(&pd);
		return rc;
	}
	mg_diag_clear(&pd);
	return check_hook(c->hook, c->m.path, d);
}

static void ctx_free(struct migrator_hook_ctx *c)
{
	if (!c)
		return;
	if (c->hook && desc_of(c)->destroy)
		desc_of(c)->destroy(c->self);
	mg_module_close(&c->m);
	free(c->name);
	mg_strvec_clear(&c->keys);
	mg_strvec_clear(&c->values);
	free(c);
}

void mg_hooks_free(struct mg_hooks *h)
{
	for (size_t i = 0; i < h->n; i++)
		ctx_free(h->v[i]);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static struct migrator_hook_ctx *find_ctx(const struct mg_hooks *h,
					  const char *name, size_t n)
{
	for (size_t i = 0; i < h->n; i++)
		if (strlen(h->v[i]->name) == n &&
		    strncmp(h->v[i]->name, name, n) == 0)
			return h->v[i];
	return NULL;
}

int mg_hooks_have(const struct mg_hooks *h, const char *name)
{
	return find_ctx(h, name, strlen(name)) != NULL;
}

static int bad_name(const char *spec, size_t n, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_EPLUGIN, "bad hook plugin name \"%.*s\"",
			  (int)n, spec);
	mg_diag_hint(d, "A plugin is named by its file without \".so\" "
			      "(letters, digits, '_' and '-'), e.g. --plugin "
			      "backup:keep=3.");
	return MIGRATOR_EPLUGIN;
}

/* The ctx for name, added (without loading) if new. */
static int get_ctx(struct migrator_hook_ctx **out, struct mg_hooks *h,
		   const char *name, size_t n, mg_diag *d)
{
	struct migrator_hook_ctx *c, **v;

	if (!valid_name(name, n))
		return bad_name(name, n, d);
	*out = find_ctx(h, name, n);
	if (*out)
		return 0;
	c = calloc(1, sizeof(*c));
	v = realloc(h->v, (h->n + 1) * sizeof(*v));
	if (v)
		h->v = v;
	if (!c || !v || !(c->name = strndup(name, n))) {
		free(c);
		return nomem(d);
	}
	c->set = h;
	h->v[h->n++] = c;
	*out = c;
	return 0;
}

/* Adds "key=value" (len bytes) to c's options. */
static int add_option(struct migrator_hook_ctx *c, const char *kv, size_t len,
		      mg_diag *d)
{
	const char *eq = memchr(kv, '=', len);

	if (!eq || eq == kv) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "bad option \"%.*s\" for hook plugin %s",
				  (int)len, kv, c->name);
		mg_diag_hint(d, "Options are key=value, e.g. --plugin "
				      "backup:keep=3,dir=backups.");
		return MIGRATOR_EUSAGE;
	}
	if (mg_strvec_pushn(&c->keys, kv, (size_t)(eq - kv)) < 0 ||
	    mg_strvec_pushn(&c->values, eq + 1,
				  len - (size_t)(eq - kv) - 1) < 0)
		return nomem(d);
	return 0;
}

/* "NAME.key=value" from the config file.  Options of a plugin that is not
 * loaded this time are ignored: [plugin.backup] may wait for --plugin
 * backup. */
static int add_config_option(struct mg_hooks *h, const char *opt,
			     mg_diag *d)
{
	const char *dot = strchr(opt, '.');
	struct migrator_hook_ctx *c;

	if (!dot || !valid_name(opt, (size_t)(dot - opt)))
		return bad_name(opt, dot ? (size_t)(dot - opt) : strlen(opt),
				d);
	c = find_ctx(h, opt, (size_t)(dot - opt));
	return c ? add_option(c, dot + 1, strlen(dot + 1), d) : 0;
}

/* "NAME" or "NAME:key=value,key=value"; options only with with_opts. */
static int add_spec(struct mg_hooks *h, const char *spec, int with_opts,
		    mg_diag *d)
{
	size_t n = strcspn(spec, ":");
	struct migrator_hook_ctx *c;
	const char *p;
	int rc = get_ctx(&c, h, spec, n, d);

	if (rc || !spec[n] || !with_opts)
		return rc;
	for (p = spec + n + 1; !rc;) {
		size_t len = strcspn(p, ",");

		rc = add_option(c, p, len, d);
		if (!p[len])
			break;
		p += len + 1;
	}
	return rc;
}

int mg_hooks_load(struct mg_hooks *h, const char *const *specs, size_t nspecs,
		  const char *const *opts, size_t nopts,
		  const char *plugin_dir, int strict, mg_hook_emit_fn emit,
		  void *payload, mg_diag *d)
{
	int rc = 0;

	memset(h, 0, sizeof(*h));
	h->emit = emit;
	h->payload = payload;
	/* The names first, so that plugins load in the order given; then
	 * the config file's options, then the command line's, so that a
	 * plugin reading its options in order lets the command line win. */
	for (size_t i = 0; i < nspecs && !rc; i++)
		rc = add_spec(h, specs[i], 0, d);
	for (size_t i = 0; i < nopts && !rc; i++)
		rc = add_config_option(h, opts[i], d);
	for (size_t i = 0; i < nspecs && !rc; i++)
		rc = add_spec(h, specs[i], 1, d);
	for (size_t i = 0; i < h->n && !rc; i++) {
		char *path = NULL;

		rc = find_file(h->v[i], plugin_dir, &path, d);
		if (!rc)
			rc = open_hook(h->v[i], path, strict, d);
		free(path);
	}
	if (rc)
		mg_hooks_free(h);
	return rc;
}
