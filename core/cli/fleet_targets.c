/*
 * fleet_targets.c - fleets (issue 18): the targets a run's options pick.
 *
 *   --target NAME...   those [target NAME] sections of migrator.ini
 *   --all-targets      every [target NAME] section, in file order
 *   --targets-file F   one URL per line ('#' starts a comment line); the
 *                      target's name is its URL, password redacted
 *   --schemas PAT      each target above (or the one database of -d,
 *                      url =) becomes one target per matching schema,
 *                      named SCHEMA (or TARGET/SCHEMA)
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

static int nomem(struct cli_err *d)
{
	return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* The URL as messages show it (a password as ***), malloc'd. */
static char *redacted(const char *url, struct cli_err *d)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;
	char *out = NULL;

	o.flags = MIGRATOR_OPEN_LAZY;
	o.url = url;
	if (cli_err_take(d, ctx, migrator_open_ext(&ctx, &o)) == 0 &&
	    !(out = strdup(migrator_url(ctx))))
		nomem(d);
	migrator_close(ctx);
	return out;
}

static int add_unique(struct cli_targets *out, const struct cli_target *t,
		      struct cli_err *d)
{
	if (cli_targets_find(out, t->name) >= 0) {
		cli_err_set(d, MIGRATOR_EUSAGE, "target %s is given twice",
			    t->name);
		cli_err_hint(d, "Each target runs once in a fleet run.");
		return MIGRATOR_EUSAGE;
	}
	return cli_targets_add(out, t->name, t->url, t->version_table,
			       t->schema)
		       ? nomem(d)
		       : 0;
}

static int from_config(struct cli_targets *out, const struct cli *cli,
		       struct cli_err *d)
{
	const struct cli_targets *all = &cli->set.targets;
	const struct cli_strs *names = &cli->args.targets;
	int rc = 0;

	if (cli->args.all_targets && !all->n) {
		cli_err_set(d, MIGRATOR_ECONFIG, "no targets in %s",
			    cli->set.config ? cli->set.config
					    : "a config file");
		cli_err_hint(d, "Name each database in a [target NAME] "
				"section with its url = line.");
		return MIGRATOR_ECONFIG;
	}
	for (size_t i = 0; !rc && cli->args.all_targets && i < all->n; i++)
		rc = add_unique(out, &all->v[i], d);
	for (size_t i = 0; !rc && i < names->n; i++) {
		long k = cli_targets_find(all, names->v[i]);

		if (k < 0) {
			cli_err_set(d, MIGRATOR_ECONFIG,
				    "unknown target \"%s\"", names->v[i]);
			cli_err_hint(d, "Targets are the [target NAME] "
					"sections of %s.",
				     cli->set.config ? cli->set.config
						     : "migrator.ini");
			return MIGRATOR_ECONFIG;
		}
		rc = add_unique(out, &all->v[k], d);
	}
	return rc;
}

/* One URL of a targets file. */
static int file_line(struct cli_targets *out, const char *url,
		     struct cli_err *d)
{
	struct cli_target t = {NULL, (char *)url, NULL, NULL};
	int rc;

	t.name = redacted(url, d);
	if (!t.name)
		return d->code ? d->code : nomem(d);
	rc = add_unique(out, &t, d);
	free(t.name);
	return rc;
}

static int from_file(struct cli_targets *out, const char *file,
		     struct cli_err *d)
{
	char *text, *line, *next;
	size_t len;
	unsigned no = 0;
	int rc = cli_read_file(file, &text, &len);

	if (rc == ENOMEM)
		return nomem(d);
	if (rc) {
		cli_err_set(d, MIGRATOR_ECONFIG, "cannot read targets file %s",
			    file);
		cli_err_detail(d, "%s.", strerror(rc));
		return MIGRATOR_ECONFIG;
	}
	rc = 0;
	if (memchr(text, '\0', len)) {
		cli_err_set(d, MIGRATOR_ECONFIG, "targets file %s holds a NUL "
			    "byte", file);
		rc = MIGRATOR_ECONFIG;
	}
	for (line = text; !rc && line; line = next) {
		size_t n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		no++;
		line += strspn(line, " \t\r");
		n = strlen(line);
		while (n && strchr(" \t\r", line[n - 1]))
			line[--n] = '\0';
		if (!*line || *line == '#')
			continue;
		if (strpbrk(line, " \t")) {
			cli_err_set(d, MIGRATOR_ECONFIG, "expected one URL");
			cli_err_hint(d, "A targets file has one database URL "
					"per line; '#' starts a comment.");
			cli_err_locate(d, file, no);
			rc = MIGRATOR_ECONFIG;
			break;
		}
		rc = file_line(out, line, d);
		if (rc)
			cli_err_locate(d, file, no);
	}
	free(text);
	return rc;
}

/* The schemas of base matching pattern, each a target. */
static int expand(struct cli_targets *out, const struct cli *cli,
		  const struct cli_target *base, const char *pattern,
		  struct cli_err *d)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;
	char **names = NULL;
	size_t n = 0;
	int rc;

	o.flags = MIGRATOR_OPEN_LAZY;
	o.url = base->url;
	o.migrations = cli->set.migrations;
	o.plugin_dir = cli->set.plugin_dir;
	o.connect_timeout_ms = cli->set.connect_timeout_ms;
	rc = cli_err_take(d, ctx, migrator_open_ext(&ctx, &o));
	if (!rc)
		rc = cli_err_take(d, ctx,
				  migrator_schemas(ctx, pattern, &names, &n));
	/* closed before any child starts: the parent holds no connection */
	migrator_close(ctx);
	for (size_t i = 0; !rc && i < n; i++) {
		struct cli_target t = *base;
		size_t len = strlen(names[i]) + 1 +
			     (base->name ? strlen(base->name) + 1 : 0);

		t.schema = names[i];
		t.name = malloc(len);
		if (!t.name) {
			rc = nomem(d);
			break;
		}
		if (base->name)
			snprintf(t.name, len, "%s/%s", base->name, names[i]);
		else
			snprintf(t.name, len, "%s", names[i]);
		rc = add_unique(out, &t, d);
		free(t.name);
	}
	migrator_free(names);
	return rc;
}

static int schemas(struct cli_targets *out, const struct cli *cli,
		   struct cli_err *d)
{
	struct cli_targets bases = *out;
	struct cli_target dflt = {NULL, cli->set.url, cli->set.version_table,
				  NULL};
	const char *vt = cli->set.version_table;
	int rc = 0;

	if (vt && strchr(vt, '.')) {
		cli_err_set(d, MIGRATOR_EUSAGE, "--schemas keeps the version "
			    "table in each schema: \"%s\" names a schema", vt);
		cli_err_hint(d, "Give the table's name alone.");
		return MIGRATOR_EUSAGE;
	}
	if (!bases.n && !dflt.url) {
		cli_err_set(d, MIGRATOR_ECONFIG, "no database URL given");
		cli_err_hint(d, "--schemas picks schemas of the database of "
				"-d URL, MIGRATOR_DATABASE_URL or url =.");
		return MIGRATOR_ECONFIG;
	}
	memset(out, 0, sizeof(*out));
	if (!bases.n)
		rc = expand(out, cli, &dflt, cli->args.schemas, d);
	for (size_t i = 0; !rc && i < bases.n; i++)
		rc = expand(out, cli, &bases.v[i], cli->args.schemas, d);
	cli_targets_free(&bases);
	if (!rc && !out->n) {
		cli_err_set(d, MIGRATOR_ECONFIG, "no schema matches \"%s\"",
			    cli->args.schemas);
		rc = MIGRATOR_ECONFIG;
	}
	return rc;
}

int cli_fleet_targets(struct cli_targets *out, struct cli *cli,
		      struct cli_err *d)
{
	int rc = from_config(out, cli, d);

	if (!rc && cli->args.targets_file)
		rc = from_file(out, cli->args.targets_file, d);
	if (!rc && cli->args.schemas)
		rc = schemas(out, cli, d);
	return rc;
}
