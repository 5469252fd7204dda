/*
 * config_ini.c - migrator.ini and the order of precedence: command line,
 * then environment, then config file (DESIGN 3, 8).
 *
 *   [migrator]
 *   url = sqlite:///app.db
 *   migrations = migrations        ; relative to this file's directory
 *   version_table = migrator_version
 *   plugin_dir = /usr/lib/migrator/drivers ; relative to this file's directory
 *   plugins = lint, backup         ; hook plugins, loaded by name
 *   connect_timeout = 10           ; PostgreSQL: seconds to wait for an answer
 *   schema_file = schema.sql       ; rewritten after runs; relative to this file
 *   ddl_lock_timeout = 5           ; PostgreSQL: a revision's statements' lock wait
 *   lock_retries = 5               ; runs again of a revision that got no lock
 *
 *   [plugin.backup]                ; options of one hook plugin
 *   keep = 5
 *
 *   [target eu]                    ; fleets: config_targets.c
 *   url = postgresql://eu-db/app
 *
 * Lines starting with ';' or '#' are comments; other sections are ignored
 * (so one file may serve other tools).  A [plugin.NAME] section's keys go
 * to plugin NAME as they are (what they mean is the plugin's business, and
 * it refuses the ones it does not know); --plugin NAME adds to plugins =.  An unknown key in [migrator] is an
 * error: it is almost always a typo.  A relative SQLite path in url is
 * relative to this file's directory too (config_url.c); other URLs are
 * handed to the driver as written.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ini_parse.h"

#define DEFAULT_CONFIG "migrator.ini"

struct ini {
	char *url, *migrations, *version_table, *plugin_dir, *plugins;
	char *schema_file;
	struct cli_strs plugin_options; /* "NAME.key=value" */
	unsigned connect_timeout_ms;    /* 0: not set */
	/* lock timeouts */
	int have_ddl_lock_timeout, have_lock_retries;
	unsigned ddl_lock_timeout_ms, lock_retries;
	struct cli_targets targets; /* fleets: [target NAME] */
	struct cli_strs dialect_urls; /* diff: [dialect.NAME] url, "NAME=URL" */
};

static void ini_free(struct ini *c)
{
	cli_targets_free(&c->targets);
	free(c->url);
	free(c->migrations);
	free(c->version_table);
	free(c->plugin_dir);
	free(c->plugins);
	free(c->schema_file);
	cli_strs_free(&c->plugin_options);
	cli_strs_free(&c->dialect_urls);
}

/* value, or dir/value when value is a relative path and the file lives in
 * another directory. */
static char *relative_to(const char *file, const char *value)
{
	const char *slash = strrchr(file, '/');
	size_t dlen;
	char *out;

	if (value[0] == '/' || !slash)
		return strdup(value);
	dlen = (size_t)(slash - file);
	out = malloc(dlen + 1 + strlen(value) + 1);
	if (!out)
		return NULL;
	memcpy(out, file, dlen);
	out[dlen] = '/';
	strcpy(out + dlen + 1, value);
	return out;
}

/* ddl_lock_timeout = 5, lock_retries = 5 */
static int lock_key(struct ini *c, const char *file, unsigned line,
		    const char *key, const char *value, struct cli_err *d)
{
	int rc;

	if (strcmp(key, "lock_retries") == 0) {
		c->have_lock_retries = 1;
		rc = cli_parse_count(&c->lock_retries, key, value, d);
	} else {
		c->have_ddl_lock_timeout = 1;
		rc = cli_parse_duration(&c->ddl_lock_timeout_ms, key, value, d);
	}
	if (rc)
		cli_err_locate(d, file, line);
	return rc;
}

static int set_key(struct ini *c, const char *file, unsigned line,
		   const char *key, const char *value, struct cli_err *d)
{
	char **slot;
	int is_path = 0, is_url = 0;

	if (strcmp(key, "connect_timeout") == 0) {
		int rc = cli_parse_seconds(&c->connect_timeout_ms, key, value,
					   CLI_MIN_CONNECT_TIMEOUT, d);

		if (rc)
			cli_err_locate(d, file, line);
		return rc;
	}
	if (strcmp(key, "ddl_lock_timeout") == 0 ||
	    strcmp(key, "lock_retries") == 0)
		return lock_key(c, file, line, key, value, d);
	if (strcmp(key, "url") == 0)
		slot = &c->url, is_url = 1;
	else if (strcmp(key, "migrations") == 0)
		slot = &c->migrations, is_path = 1;
	else if (strcmp(key, "version_table") == 0)
		slot = &c->version_table;
	else if (strcmp(key, "plugin_dir") == 0)
		slot = &c->plugin_dir, is_path = 1;
	else if (strcmp(key, "plugins") == 0)
		slot = &c->plugins;
	else if (strcmp(key, "schema_file") == 0)
		slot = &c->schema_file, is_path = 1;
	else {
		cli_err_set(d, MIGRATOR_ECONFIG,
				  "unknown key \"%s\" in [migrator]", key);
		cli_err_hint(d, "Known keys: url, migrations, "
				      "version_table, plugin_dir, plugins, "
				      "connect_timeout, schema_file, "
				      "ddl_lock_timeout, lock_retries.");
		cli_err_locate(d, file, line);
		return MIGRATOR_ECONFIG;
	}
	free(*slot);
	if (is_url)
		*slot = cli_config_url(file, value);
	else
		*slot = is_path && *value ? relative_to(file, value)
					  : strdup(value);
	if (!*slot)
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	return 0;
}

struct ini_read_ctx {
	struct ini *c;
	const char *file;
};

static int expected_kv(const char *file, unsigned line, struct cli_err *d)
{
	cli_err_set(d, MIGRATOR_ECONFIG, "expected key = value");
	cli_err_locate(d, file, line);
	return MIGRATOR_ECONFIG;
}

/* A key of [plugin.NAME], kept as "NAME.key=value". */
static int plugin_option(struct ini_read_ctx *x, const char *name,
			 const char *key, const char *value, unsigned line,
			 struct cli_err *d)
{
	size_t n;
	char *kv;
	int rc;

	if (!value)
		return expected_kv(x->file, line, d);
	if (!*name || strchr(name, '.')) {
		cli_err_set(d, MIGRATOR_ECONFIG,
				  "bad section [plugin.%s]", name);
		cli_err_hint(d, "Name the plugin as in plugins =, e.g. "
				      "[plugin.backup].");
		cli_err_locate(d, x->file, line);
		return MIGRATOR_ECONFIG;
	}
	n = strlen(name) + 1 + strlen(key) + 1 + strlen(value) + 1;
	kv = malloc(n);
	if (!kv)
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	snprintf(kv, n, "%s.%s=%s", name, key, value);
	rc = cli_strs_push(&x->c->plugin_options, kv);
	free(kv);
	return rc < 0 ? cli_err_set(d, MIGRATOR_ENOMEM, "out of memory")
		      : 0;
}

/* [dialect.NAME] url = URL (diff --dialects), kept as "NAME=URL"; a
 * relative SQLite path is relative to the file, as url's. */
static int dialect_url(struct ini_read_ctx *x, const char *name,
		       const char *key, const char *value, unsigned line,
		       struct cli_err *d)
{
	char *url, *kv = NULL;
	size_t n;
	int rc;

	if (!value)
		return expected_kv(x->file, line, d);
	if (!*name || strcmp(key, "url") != 0) {
		cli_err_set(d, MIGRATOR_ECONFIG, *name ? "unknown key \"%s\" "
				  "in [dialect.%s]" : "bad section [dialect.%s]",
			    *name ? key : name, name);
		cli_err_hint(d, "A [dialect.NAME] section (e.g. "
				"[dialect.postgresql]) holds url = URL only.");
		cli_err_locate(d, x->file, line);
		return MIGRATOR_ECONFIG;
	}
	url = cli_config_url(x->file, value);
	n = url ? strlen(name) + 1 + strlen(url) + 1 : 0;
	kv = url ? malloc(n) : NULL;
	if (kv)
		snprintf(kv, n, "%s=%s", name, url);
	rc = kv ? cli_strs_push(&x->c->dialect_urls, kv) : -1;
	free(url);
	free(kv);
	return rc < 0 ? cli_err_set(d, MIGRATOR_ENOMEM, "out of memory")
		      : 0;
}

/* plugins = a, b: the names, in order ("" and blanks skipped). */
static int split_plugins(struct cli_strs *out, const char *list)
{
	while (*list) {
		size_t n;

		list += strspn(list, " \t,");
		n = strcspn(list, ",");
		while (n && (list[n - 1] == ' ' || list[n - 1] == '\t'))
			n--;
		if (n && cli_strs_add(out, list, n) < 0)
			return MIGRATOR_ENOMEM;
		list += n;
		list += strspn(list, " \t");
	}
	return 0;
}

/* cli_ini_fn: [migrator] and [plugin.NAME] are ours; other sections are
 * skipped. */
static int on_line(void *ctx, const char *section, const char *key,
		   const char *value, unsigned line, struct cli_err *d)
{
	struct ini_read_ctx *x = ctx;

	if (strncmp(section, "plugin.", 7) == 0)
		return plugin_option(x, section + 7, key, value, line, d);
	if (strncmp(section, "dialect.", 8) == 0)
		return dialect_url(x, section + 8, key, value, line, d);
	if (strncmp(section, "target", 6) == 0 && /* fleets */
	    (!section[6] || strchr(" \t", section[6])))
		return cli_ini_target(&x->c->targets, x->file,
				      section + 6 + strspn(section + 6, " \t"),
				      key, value, line, d);
	if (strcmp(section, "migrator") != 0)
		return 0;
	if (!value)
		return expected_kv(x->file, line, d);
	return set_key(x->c, x->file, line, key, value, d);
}

static int read_error(const char *file, int err, struct cli_err *d)
{
	cli_err_set(d, MIGRATOR_ECONFIG, "cannot read config file %s",
			  file);
	cli_err_detail(d, "%s.", strerror(err));
	return MIGRATOR_ECONFIG;
}

static int ini_read(struct ini *c, const char *file, struct cli_err *d)
{
	struct ini_read_ctx x = {c, file};
	char *text;
	size_t len;
	int rc, err = cli_read_file(file, &text, &len);

	if (err == ENOMEM)
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (err)
		return read_error(file, err, d);
	rc = cli_ini_parse(text, len, file, on_line, &x, d);
	if (!rc)
		rc = cli_ini_targets_done(&c->targets, file, d);
	free(text);
	return rc;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* First non-NULL (non-empty) of a, b, c as a malloc'd copy in *out. */
static int pick(char **out, const char *a, const char *b, const char *c)
{
	const char *v = a ? a : b ? b : c;

	*out = NULL;
	if (v && *v && !(*out = strdup(v)))
		return MIGRATOR_ENOMEM;
	return 0;
}

int cli_settings_resolve(struct cli_settings *s, const struct cli_global *g,
			 struct cli_err *d)
{
	struct ini c;
	const char *file = g->config;
	const char *url_env = env("MIGRATOR_DATABASE_URL");
	int rc = 0;

	memset(s, 0, sizeof(*s));
	memset(&c, 0, sizeof(c));
	if (!file && access(DEFAULT_CONFIG, F_OK) == 0)
		file = DEFAULT_CONFIG;
	if (file) {
		rc = ini_read(&c, file, d);
		if (rc)
			goto out;
		s->config = strdup(file);
		if (!s->config)
			rc = MIGRATOR_ENOMEM;
	}
	if (!url_env)
		url_env = env("DATABASE_URL");
	if (!rc)
		rc = pick(&s->url, g->database, url_env, c.url);
	if (!rc)
		rc = pick(&s->migrations, g->migrations, NULL, c.migrations);
	if (!rc)
		rc = pick(&s->version_table, g->version_table, NULL,
			  c.version_table);
	/* the loader reads MIGRATOR_PLUGIN_PATH itself when given no dir */
	if (!rc)
		rc = pick(&s->plugin_dir, g->plugin_dir, NULL,
			  env("MIGRATOR_PLUGIN_PATH") ? NULL : c.plugin_dir);
	if (!rc)
		rc = pick(&s->schema_file, g->schema_file, NULL,
			  c.schema_file);
	/* hook plugins: the file's list, then the command line's */
	if (!rc && c.plugins)
		rc = split_plugins(&s->plugins, c.plugins);
	if (!rc)
		rc = cli_global_plugins(g, &s->plugins, d);
	for (size_t i = 0; !rc && i < c.plugin_options.n; i++)
		rc = cli_strs_push(&s->plugin_options,
					  c.plugin_options.v[i]);
	s->lock_timeout_ms = g->have_lock_timeout
				     ? g->lock_timeout_ms
				     : MIGRATOR_DEFAULT_LOCK_TIMEOUT_MS;
	/* 0 (neither says): the driver's default */
	s->connect_timeout_ms = g->have_connect_timeout
					? g->connect_timeout_ms
					: c.connect_timeout_ms;
	s->ddl_lock_timeout_ms = g->have_ddl_lock_timeout
					 ? g->ddl_lock_timeout_ms
				 : c.have_ddl_lock_timeout
					 ? c.ddl_lock_timeout_ms
					 : MIGRATOR_DEFAULT_DDL_LOCK_TIMEOUT_MS;
	s->lock_retries = g->have_lock_retries ? g->lock_retries
			  : c.have_lock_retries ? c.lock_retries
						: MIGRATOR_DEFAULT_LOCK_RETRIES;
	/* fleets: the targets move over */
	s->targets = c.targets;
	memset(&c.targets, 0, sizeof(c.targets));
	s->dialect_urls = c.dialect_urls;
	memset(&c.dialect_urls, 0, sizeof(c.dialect_urls));
	if (rc == MIGRATOR_ENOMEM)
		cli_err_set(d, rc, "out of memory");
out:
	ini_free(&c);
	return rc;
}

void cli_settings_free(struct cli_settings *s)
{
	free(s->url);
	free(s->migrations);
	free(s->version_table);
	free(s->plugin_dir);
	free(s->config);
	free(s->schema_file);
	free(s->schema);
	cli_targets_free(&s->targets);
	cli_strs_free(&s->plugins);
	cli_strs_free(&s->plugin_options);
	cli_strs_free(&s->dialect_urls);
	memset(s, 0, sizeof(*s));
}
