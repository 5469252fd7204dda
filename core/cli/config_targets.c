/*
 * config_targets.c - fleets (issue 18): the targets of migrator.ini.
 *
 *   [target eu]
 *   url = postgresql://app@eu-db/app
 *   version_table = migrator_version   ; optional
 *   schema = tenant_1                  ; optional (PostgreSQL)
 *
 * A target is named once; an unknown key is an error, as in [migrator].
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static char *dup_or_null(const char *s, int *ok)
{
	char *copy;

	if (!s)
		return NULL;
	copy = strdup(s);
	if (!copy)
		*ok = 0;
	return copy;
}

int cli_targets_add(struct cli_targets *t, const char *name,
		    const char *url, const char *version_table,
		    const char *schema)
{
	struct cli_target *v = realloc(t->v, (t->n + 1) * sizeof(*v)), *x;
	int ok = 1;

	if (!v)
		return MIGRATOR_ENOMEM;
	t->v = v;
	x = &v[t->n];
	x->name = dup_or_null(name, &ok);
	x->url = dup_or_null(url, &ok);
	x->version_table = dup_or_null(version_table, &ok);
	x->schema = dup_or_null(schema, &ok);
	t->n++;
	return ok ? 0 : MIGRATOR_ENOMEM;
}

long cli_targets_find(const struct cli_targets *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].name && strcmp(t->v[i].name, name) == 0)
			return (long)i;
	return -1;
}

void cli_targets_free(struct cli_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].url);
		free(t->v[i].version_table);
		free(t->v[i].schema);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static int bad_target(const char *file, unsigned line, struct cli_err *d,
		      const char *hint)
{
	cli_err_hint(d, "%s", hint);
	cli_err_locate(d, file, line);
	return MIGRATOR_ECONFIG;
}

int cli_ini_target(struct cli_targets *t, const char *file,
		   const char *name, const char *key, const char *value,
		   unsigned line, struct cli_err *d)
{
	long i = cli_targets_find(t, name);
	char **slot, *v;

	if (!*name || strpbrk(name, " \t")) {
		cli_err_set(d, MIGRATOR_ECONFIG, "bad section [target%s%s]",
			    *name ? " " : "", name);
		return bad_target(file, line, d, "Name a target with one "
					 "word, e.g. [target eu].");
	}
	if (!value) {
		cli_err_set(d, MIGRATOR_ECONFIG, "expected key = value");
		cli_err_locate(d, file, line);
		return MIGRATOR_ECONFIG;
	}
	if (i < 0) {
		if (cli_targets_add(t, name, NULL, NULL, NULL))
			return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
		i = (long)t->n - 1;
	}
	if (strcmp(key, "url") == 0)
		slot = &t->v[i].url;
	else if (strcmp(key, "version_table") == 0)
		slot = &t->v[i].version_table;
	else if (strcmp(key, "schema") == 0)
		slot = &t->v[i].schema;
	else {
		cli_err_set(d, MIGRATOR_ECONFIG,
			    "unknown key \"%s\" in [target %s]", key, name);
		return bad_target(file, line, d, "Known keys: url, "
					 "version_table, schema.");
	}
	if (*slot) {
		cli_err_set(d, MIGRATOR_ECONFIG,
			    "%s is given twice for target %s", key, name);
		return bad_target(file, line, d, "Each target is one "
					 "[target NAME] section with each key "
					 "once.");
	}
	v = slot == &t->v[i].url ? cli_config_url(file, value)
				 : strdup(value);
	if (!v)
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	*slot = v;
	return 0;
}

int cli_ini_targets_done(const struct cli_targets *t, const char *file,
			 struct cli_err *d)
{
	for (size_t i = 0; i < t->n; i++)
		if (!t->v[i].url) {
			cli_err_set(d, MIGRATOR_ECONFIG,
				    "target %s has no url", t->v[i].name);
			cli_err_hint(d, "Give [target %s] a url = line.",
				     t->v[i].name);
			cli_err_locate(d, file, 0);
			return MIGRATOR_ECONFIG;
		}
	return 0;
}
