/*
 * runner.c - the runner context: options, graph, plugin, connection, and
 * the read-only operations (current, dry-run plans).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <migrator/driver.h>

#include "buf.h"
#include "duration.h"
#include "url.h"
#include "runner_int.h"
#include "sum_cache.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* strdup that keeps NULL as NULL; *ok cleared on failure. */
static char *dup_opt(const char *s, const char *dflt, int *ok)
{
	char *copy;

	if (!s)
		s = dflt;
	if (!s)
		return NULL;
	copy = strdup(s);
	if (!copy)
		*ok = 0;
	return copy;
}

/* The run history table beside the version table: "x_version" gives
 * "x_history", any other name gets "_history" appended. */
static char *history_table_name(const char *version_table)
{
	static const char suffix[] = "_version";
	size_t n = strlen(version_table), k = strlen(suffix);

	if (n > k && strcmp(version_table + n - k, suffix) == 0)
		return mg_strdup_printf("%.*s_history", (int)(n - k),
					version_table);
	return mg_strdup_printf("%s_history", version_table);
}

/* open option schema: kept, and an unqualified version table moves
 * into it.  1: done; 0: out of memory; -1 (r freed): a bad name. */
static int use_schema_option(mg_runner *r, const char *schema, int *ok,
			     mg_diag *d)
{
	char *qualified;

	if (!*ok)
		return 0;
	if (!*schema || strchr(schema, '.')) {
		mg_diag_set(d, MIGRATOR_ECONFIG, "invalid schema name \"%s\"",
			    schema);
		mg_diag_hint(d, "A schema to work in is a name without '.'.");
		mg_runner_free(r);
		return -1;
	}
	r->schema = strdup(schema);
	if (!r->schema)
		return 0;
	if (strchr(r->version_table, '.'))
		return 1;
	qualified = mg_strdup_printf("%s.%s", schema, r->version_table);
	if (!qualified)
		return 0;
	free(r->version_table);
	r->version_table = qualified;
	return 1;
}

int mg_runner_new(mg_runner **out, const struct migrator_open_options *opts,
		  mg_diag *d)
{
	mg_runner *r;
	const char *table;
	int ok = 1;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return nomem(d);
	r->url = dup_opt(opts->url, NULL, &ok);
	r->migrations = dup_opt(opts->migrations, MIGRATOR_DEFAULT_MIGRATIONS, &ok);
	r->version_table = dup_opt(opts->version_table,
				   MIGRATOR_DEFAULT_VERSION_TABLE, &ok);
	r->plugin_dir = dup_opt(opts->plugin_dir, NULL, &ok);
	r->lock_timeout_ms = opts->lock_timeout_ms;
	if (opts->version < 2 && !r->lock_timeout_ms) /* v1: 0 was "default" */
		r->lock_timeout_ms = MIGRATOR_DEFAULT_LOCK_TIMEOUT_MS;
	r->strict = opts->strict;
	for (size_t i = 0; ok && opts->plugins && i < opts->n_plugins; i++)
		ok = mg_strvec_push(&r->plugins, opts->plugins[i]) == 0;
	/* Members of version 2. */
	if (opts->version >= 2) {
		r->connect_timeout_ms = opts->connect_timeout_ms;
		for (size_t i = 0; ok && opts->plugin_options &&
				   i < opts->n_plugin_options; i++)
			ok = mg_strvec_push(&r->plugin_options,
					    opts->plugin_options[i]) == 0;
	}
	if (opts->version >= 3)
		r->schema_file = dup_opt(opts->schema_file, NULL, &ok);
	/* version 4 (lock timeouts); older callers get the defaults */
	r->ddl_lock_timeout_ms = opts->version >= 4
					 ? opts->ddl_lock_timeout_ms
					 : MIGRATOR_DEFAULT_DDL_LOCK_TIMEOUT_MS;
	r->lock_retries = opts->version >= 4 ? opts->lock_retries
					     : MIGRATOR_DEFAULT_LOCK_RETRIES;
	/* version 5 (fleets): a schema, and the version table in it */
	if (opts->version >= 5 && opts->schema)
		ok = use_schema_option(r, opts->schema, &ok, d);
	if (ok < 0)
		return MIGRATOR_ECONFIG;
	if (ok) {
		r->history_table = history_table_name(r->version_table);
		ok = r->history_table != NULL;
	}
	if (!ok) {
		mg_runner_free(r);
		return nomem(d);
	}
	/* PostgreSQL's lock_timeout is an int of ms, as the CLI and the
	 * file headers cap it */
	if (r->ddl_lock_timeout_ms > MG_DURATION_MAX_MS) {
		mg_diag_set(d, MIGRATOR_ECONFIG,
			    "ddl_lock_timeout_ms %u is out of range",
			    r->ddl_lock_timeout_ms);
		mg_diag_hint(d, "The DDL lock timeout is at most %u ms "
				"(about 24.8 days); 0 means none.",
			     MG_DURATION_MAX_MS);
		mg_runner_free(r);
		return MIGRATOR_ECONFIG;
	}
	/* The one rule for qualified names, checked here so that --sql and
	 * both drivers read a name alike (they split it the same way). */
	if (migrator_table_name_split(r->version_table, &table) < 0) {
		mg_diag_set(d, MIGRATOR_ECONFIG,
				  "invalid version table name \"%s\"",
				  r->version_table);
		mg_diag_hint(d, "A version table is TABLE or "
				      "SCHEMA.TABLE: at most one '.', with a "
				      "name on each side of it.");
		mg_runner_free(r);
		return MIGRATOR_ECONFIG;
	}
	*out = r;
	return 0;
}

void mg_runner_free(mg_runner *r)
{
	if (!r)
		return;
	if (r->conn)
		r->drv->close(r->conn);
	mg_hooks_free(&r->hooks);
	mg_strvec_clear(&r->plugins);
	mg_strvec_clear(&r->plugin_options);
	mg_plugin_free(r->plugin);
	mg_graph_free(r->graph);
	for (size_t i = 0; i < r->n_retired; i++)
		mg_graph_free(r->retired[i]);
	free(r->retired);
	free(r->url);
	free(r->migrations);
	free(r->version_table);
	free(r->dialects);
	free(r->history_table);
	free(r->plugin_dir);
	free(r->schema_file);
	free(r->schema);
	free(r);
}

/* Reads the graph, noting when the reading began. */
static int load_graph(mg_runner *r, mg_graph **out, mg_diag *d)
{
	long long t = mg_sum_cache_now();
	int rc = mg_graph_load_cached(out, r->migrations, t, d);

	if (rc == 0)
		r->graph_read_ms = t;
	return rc;
}

int mg_runner_load_graph(mg_runner *r, mg_diag *d)
{
	mg_graph *g = NULL, **v;
	int rc;

	if (!r->graph)
		return load_graph(r, &r->graph, d);
	if (!r->graph_changed)
		return 0;
	/* read again; the old graph retires (it may be borrowed from) */
	rc = load_graph(r, &g, d);
	if (rc)
		return rc;
	v = realloc(r->retired, (r->n_retired + 1) * sizeof(*v));
	if (!v) {
		mg_graph_free(g);
		return nomem(d);
	}
	r->retired = v;
	r->retired[r->n_retired++] = r->graph;
	r->graph = g;
	r->graph_changed = 0;
	return 0;
}

void mg_runner_graph_changed(mg_runner *r)
{
	r->graph_changed = 1;
}

const char *mg_runner_migrations(const mg_runner *r)
{
	return r->migrations;
}

int mg_runner_strict(const mg_runner *r)
{
	return r->strict;
}

int mg_runner_graph(const mg_graph **out, mg_runner *r,
			  mg_diag *d)
{
	int rc = mg_runner_load_graph(r, d);

	*out = rc ? NULL : r->graph;
	return rc;
}

int mg_driver_dialects(const char ***out, const struct migrator_driver *drv,
		       mg_diag *d)
{
	const char *const *alias = MG_DRV_HAS(drv, dialect_aliases)
					   ? drv->dialect_aliases
					   : NULL;
	size_t n = 0;

	while (alias && alias[n])
		n++;
	*out = calloc(n + 2, sizeof(**out));
	if (!*out)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	(*out)[0] = drv->dialect;
	for (size_t i = 0; i < n; i++)
		(*out)[i + 1] = alias[i];
	return 0;
}

int mg_runner_load_plugin(mg_runner *r, mg_diag *d)
{
	int rc;

	if (r->plugin)
		return 0;
	if (!r->url || !*r->url) {
		mg_diag_set(d, MIGRATOR_ECONFIG, "no database URL given");
		mg_diag_hint(d, "Pass -d URL, set MIGRATOR_DATABASE_URL "
				      "or DATABASE_URL, or put url in the "
				      "[migrator] section of migrator.ini.");
		return MIGRATOR_ECONFIG;
	}
	rc = mg_plugin_load(&r->plugin, r->url, r->plugin_dir, d);
	if (rc == 0)
		r->drv = mg_plugin_driver(r->plugin);
	if (rc == 0)
		rc = mg_driver_dialects(&r->dialects, r->drv, d);
	return rc;
}

int mg_runner_dialect(const char **out, mg_runner *r,
			    mg_diag *d)
{
	int rc = mg_runner_load_plugin(r, d);

	*out = rc ? NULL : r->drv->dialect;
	return rc;
}

static void on_notice(void *payload, const char *text)
{
	mg_runner_event(payload, MIGRATOR_EVENT_NOTICE, NULL, 0, text, NULL);
}

void mg_connect_params(struct migrator_connect_params *p,
		       const mg_runner *r, unsigned flags)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	p->url = r->url;
	p->flags = flags;
	p->timeout_ms = r->lock_timeout_ms;
	p->connect_timeout_ms = r->connect_timeout_ms;
}

int mg_runner_no_schemas(const mg_runner *r, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_ECONFIG, "the %s driver has no schemas",
		    r->drv->name);
	mg_diag_hint(d, "Tenant schemas (--schemas, schema =) need a "
			"database that has schemas, such as PostgreSQL.");
	return MIGRATOR_ECONFIG;
}

/* fleets: the new connection works in r->schema; a driver without
 * schemas refuses it.  On failure the connection is closed again. */
static int connect_schema(mg_runner *r, mg_diag *d)
{
	int rc;

	if (!MG_DRV_HAS_MINOR(r->drv, 4, schema_use)) {
		rc = mg_runner_no_schemas(r, d);
	} else {
		rc = r->drv->schema_use(r->conn, r->schema, d);
		if (rc && !d->code)
			mg_diag_set(d, MIGRATOR_EDB, "could not use schema "
				    "\"%s\"", r->schema);
	}
	if (rc) {
		r->drv->close(r->conn);
		r->conn = NULL;
	}
	return rc;
}

int mg_runner_connect(mg_runner *r, unsigned flags, mg_diag *d)
{
	struct migrator_connect_params params;
	int rc;

	if (r->conn)
		return 0;
	rc = mg_runner_load_plugin(r, d);
	if (rc)
		return rc;
	mg_connect_params(&params, r, flags);
	params.notice = on_notice;
	params.payload = r;
	rc = r->drv->connect(&r->conn, &params, d);
	if (rc) {
		r->conn = NULL;
		if (!d->code) /* a driver that forgot to say why */
			mg_diag_set(d, MIGRATOR_EDB,
					  "could not connect to the database");
	}
	if (!rc && r->schema)
		rc = connect_schema(r, d);
	return rc;
}

int mg_runner_lock(mg_runner *r, mg_diag *d)
{
	return r->drv->lock(r->conn, r->version_table, r->lock_timeout_ms, d);
}

int mg_runner_unlock(mg_runner *r, int rc, mg_diag *d)
{
	mg_diag tmp = MG_DIAG_INIT;
	int urc = r->drv->unlock(r->conn, r->version_table, &tmp);

	if (urc && !rc) {
		rc = tmp.code ? tmp.code : urc;
		mg_diag_set(d, rc, "%s",
				  tmp.message ? tmp.message
					      : "could not unlock");
	}
	mg_diag_clear(&tmp);
	return rc;
}

int mg_runner_current(mg_revset *out, mg_runner *r,
			    mg_diag *d)
{
	mg_strvec rows = MG_STRVEC_INIT;
	int rc;

	rc = mg_runner_load_graph(r, d);
	if (!rc)
		rc = mg_runner_connect(r, 0, d);
	if (!rc)
		rc = r->drv->stamp_read(r->conn, r->version_table, &rows, d);
	if (!rc)
		rc = mg_revset_from_stamp(out, r->graph,
						(const char *const *)rows.v,
						rows.n, d);
	mg_strvec_clear(&rows);
	return rc;
}

void mg_prepared_free(struct mg_prepared *p)
{
	if (p->stmts)
		for (size_t i = 0; i < p->n; i++)
			mg_stmts_free(&p->stmts[i]);
	if (p->vstmts)
		for (size_t i = 0; i < p->n; i++)
			mg_stmts_free(&p->vstmts[i]);
	free(p->stmts);
	free(p->sec);
	free(p->vstmts);
	free(p->vsec);
	mg_plan_free(p->plan);
	memset(p, 0, sizeof(*p));
}

int mg_prepare(struct mg_prepared *p, const mg_graph *g,
	       enum migrator_direction direction,
	       const mg_revset *current, const mg_revset *target,
	       int drop, const char *const *dialects, mg_diag *d)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (direction == MIGRATOR_UPGRADE)
		rc = mg_plan_upgrade(&p->plan, g, current, target, d);
	else if (drop)
		rc = mg_plan_downgrade_drop(&p->plan, g, current, target,
						  d);
	else
		rc = mg_plan_downgrade(&p->plan, g, current, target, d);
	if (!rc)
		rc = mg_plan_check_sections_of(p->plan, dialects, d);
	if (rc)
		goto out;
	p->n = mg_plan_size(p->plan);
	p->sec = calloc(p->n ? p->n : 1, sizeof(*p->sec));
	p->stmts = calloc(p->n ? p->n : 1, sizeof(*p->stmts));
	if (!p->sec || !p->stmts) {
		rc = nomem(d);
		goto out;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct migrator_step *st = mg_plan_step(p->plan, i);
		const struct mg_script *sc = st->rev->script;
		const struct migrator_section *sec;

		sec = mg_script_section_of(sc, st->direction, dialects,
						 NULL);
		p->sec[i] = sec;
		if (!sec)
			continue; /* check_sections passed: nothing to run */
		rc = mg_sql_split_section(&p->stmts[i], sc->path, sec, d);
		if (rc) {
			mg_diag_revision(d, st->rev->id);
			goto out;
		}
	}
out:
	if (rc)
		mg_prepared_free(p);
	return rc;
}

int mg_runner_plan(migrator_plan **out, mg_runner *r,
			 enum migrator_direction direction, const char *target,
			 mg_diag *d)
{
	mg_revset cur = MG_REVSET_INIT;
	mg_revset tgt = MG_REVSET_INIT;
	struct mg_hook_view hv;
	struct mg_prepared p;
	int drop = 0, rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	memset(&hv, 0, sizeof(hv));
	rc = mg_runner_load_hooks(r, NULL, d);
	if (!rc)
		rc = mg_runner_current(&cur, r, d);
	if (!rc)
		rc = mg_resolve_target(&tgt, &drop, r->graph, direction, target,
				       &cur, d);
	if (!rc)
		rc = mg_prepare(&p, r->graph, direction, &cur, &tgt, drop,
				r->dialects, d);
	/* a dry run is what lint is most useful on */
	if (!rc)
		rc = mg_hooks_start(&hv, r, &p, direction,
				    MIGRATOR_HOOK_RUN_DRY, &cur, d);
	mg_hook_view_free(&hv);
	if (!rc) {
		*out = p.plan;
		p.plan = NULL;
	}
	mg_prepared_free(&p);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	return rc;
}

int mg_target_is_relative(enum migrator_direction direction,
			  const char *target)
{
	return mg_target_needs_current(target) ||
	       (direction == MIGRATOR_DOWNGRADE &&
		mg_target_is_drop(target));
}

/* The revisions of set that nothing depends on. */
static size_t real_heads(const mg_revset *set)
{
	size_t n = 0;

	for (size_t i = 0; i < set->n; i++)
		n += set->v[i]->n_dependents == 0;
	return n;
}

int mg_resolve_target(mg_revset *out, int *drop,
		      const mg_graph *g,
		      enum migrator_direction direction, const char *target,
		      const mg_revset *current, mg_diag *d)
{
	const char *at = strchr(target, '@');
	char sign = mg_target_needs_current(target)
			    ? (at ? at[1] : target[0])
			    : 0;
	int rc;

	*drop = 0;
	if (direction == MIGRATOR_UPGRADE && sign == '-') {
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "upgrade %s would go down", target);
		mg_diag_hint(d, "Use `migrator downgrade %s`.", target);
		return MIGRATOR_EUSAGE;
	}
	if (direction == MIGRATOR_DOWNGRADE && sign == '+') {
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "downgrade %s would go up", target);
		mg_diag_hint(d, "Use `migrator upgrade %s`.", target);
		return MIGRATOR_EUSAGE;
	}
	if (direction == MIGRATOR_DOWNGRADE && current &&
	    mg_target_is_drop(target)) {
		*drop = 1;
		return mg_target_resolve_drop(out, g, target, current, d);
	}
	rc = mg_target_resolve(out, g, target, current, d);
	/* Down to several heads says nothing about what to remove (Alembic
	 * refuses it too).  A head that another head depends on does not
	 * count: Alembic's heads here are those nothing is built on. */
	if (!rc && direction == MIGRATOR_DOWNGRADE &&
	    strcmp(target, "heads") == 0 && real_heads(out) > 1) {
		mg_revset_clear(out);
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "downgrade heads is ambiguous: the graph "
				  "has several heads");
		mg_diag_hint(d, "Name the revision to go down to, or "
				      "count down with -N or LABEL@-N.");
		return MIGRATOR_EUSAGE;
	}
	return rc;
}

int mg_resolve_range(mg_revset *cur, mg_revset *tgt, const mg_graph *g,
		     const char *range, mg_diag *d)
{
	const char *colon = range ? strchr(range, ':') : NULL;
	char *start;
	int rc;

	if (!range || !*range)
		return mg_target_resolve(tgt, g, "heads", NULL, d);
	if (!colon)
		return mg_target_resolve(tgt, g, range, NULL, d);
	start = strndup(range, (size_t)(colon - range));
	if (!start)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	rc = *start ? mg_target_resolve(cur, g, start, NULL, d) : 0;
	free(start);
	if (!rc)
		rc = mg_target_resolve(tgt, g,
					     colon[1] ? colon + 1 : "heads",
					     NULL, d);
	return rc;
}
