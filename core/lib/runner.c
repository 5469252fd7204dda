/*
 * runner.c - the runner context: options, graph, plugin, connection, and
 * the read-only operations (current, dry-run plans).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <migrator/driver.h>

#include "buf.h"
#include "migrator/url.h"
#include "runner_int.h"

static int nomem(migrator_diag *d)
{
	return migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
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

int migrator_runner_new(migrator_runner **out,
			const struct migrator_runner_options *opts,
			migrator_diag *d)
{
	migrator_runner *r;
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
	r->connect_timeout_ms = opts->connect_timeout_ms;
	r->on_event = opts->on_event;
	r->payload = opts->payload;
	r->strict = opts->strict;
	for (size_t i = 0; ok && i < opts->n_plugins; i++)
		ok = migrator_strvec_push(&r->plugins, opts->plugins[i]) == 0;
	for (size_t i = 0; ok && i < opts->n_plugin_options; i++)
		ok = migrator_strvec_push(&r->plugin_options,
					  opts->plugin_options[i]) == 0;
	if (ok) {
		r->history_table = history_table_name(r->version_table);
		ok = r->history_table != NULL;
	}
	if (!ok) {
		migrator_runner_free(r);
		return nomem(d);
	}
	/* The one rule for qualified names, checked here so that --sql and
	 * both drivers read a name alike (they split it the same way). */
	if (migrator_table_name_split(r->version_table, &table) < 0) {
		migrator_diag_set(d, MIGRATOR_ECONFIG,
				  "invalid version table name \"%s\"",
				  r->version_table);
		migrator_diag_hint(d, "A version table is TABLE or "
				      "SCHEMA.TABLE: at most one '.', with a "
				      "name on each side of it.");
		migrator_runner_free(r);
		return MIGRATOR_ECONFIG;
	}
	*out = r;
	return 0;
}

void migrator_runner_free(migrator_runner *r)
{
	if (!r)
		return;
	if (r->conn)
		r->drv->close(r->conn);
	mg_hooks_free(&r->hooks);
	migrator_strvec_clear(&r->plugins);
	migrator_strvec_clear(&r->plugin_options);
	migrator_plugin_free(r->plugin);
	migrator_graph_free(r->graph);
	free(r->url);
	free(r->migrations);
	free(r->version_table);
	free(r->dialects);
	free(r->history_table);
	free(r->plugin_dir);
	free(r);
}

void mg_runner_event(migrator_runner *r, enum migrator_event_type type,
		     const struct migrator_step *step, unsigned long ms,
		     const char *text)
{
	struct migrator_event ev;

	if (!r->on_event)
		return;
	ev.type = type;
	ev.step = step;
	ev.elapsed_ms = ms;
	ev.text = text;
	ev.plugin = NULL;
	r->on_event(&ev, r->payload);
}

int mg_runner_load_graph(migrator_runner *r, migrator_diag *d)
{
	if (r->graph)
		return 0;
	return migrator_graph_load(&r->graph, r->migrations, d);
}

int migrator_runner_graph(const migrator_graph **out, migrator_runner *r,
			  migrator_diag *d)
{
	int rc = mg_runner_load_graph(r, d);

	*out = rc ? NULL : r->graph;
	return rc;
}

int mg_driver_dialects(const char ***out, const struct migrator_driver *drv,
		       migrator_diag *d)
{
	const char *const *alias = MG_DRV_HAS(drv, dialect_aliases)
					   ? drv->dialect_aliases
					   : NULL;
	size_t n = 0;

	while (alias && alias[n])
		n++;
	*out = calloc(n + 2, sizeof(**out));
	if (!*out)
		return migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	(*out)[0] = drv->dialect;
	for (size_t i = 0; i < n; i++)
		(*out)[i + 1] = alias[i];
	return 0;
}

int mg_runner_load_plugin(migrator_runner *r, migrator_diag *d)
{
	int rc;

	if (r->plugin)
		return 0;
	if (!r->url || !*r->url) {
		migrator_diag_set(d, MIGRATOR_ECONFIG, "no database URL given");
		migrator_diag_hint(d, "Pass -d URL, set MIGRATOR_DATABASE_URL "
				      "or DATABASE_URL, or put url in the "
				      "[migrator] section of migrator.ini.");
		return MIGRATOR_ECONFIG;
	}
	rc = migrator_plugin_load(&r->plugin, r->url, r->plugin_dir, d);
	if (rc == 0)
		r->drv = migrator_plugin_driver(r->plugin);
	if (rc == 0)
		rc = mg_driver_dialects(&r->dialects, r->drv, d);
	return rc;
}

int migrator_runner_dialect(const char **out, migrator_runner *r,
			    migrator_diag *d)
{
	int rc = mg_runner_load_plugin(r, d);

	*out = rc ? NULL : r->drv->dialect;
	return rc;
}

static void on_notice(void *payload, const char *text)
{
	mg_runner_event(payload, MIGRATOR_EVENT_NOTICE, NULL, 0, text);
}

void mg_connect_params(struct migrator_connect_params *p,
		       const migrator_runner *r, unsigned flags)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	p->url = r->url;
	p->flags = flags;
	p->timeout_ms = r->lock_timeout_ms;
	p->connect_timeout_ms = r->connect_timeout_ms;
}

int mg_runner_connect(migrator_runner *r, unsigned flags, migrator_diag *d)
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
			migrator_diag_set(d, MIGRATOR_EDB,
					  "could not connect to the database");
	}
	return rc;
}

int mg_runner_lock(migrator_runner *r, migrator_diag *d)
{
	return r->drv->lock(r->conn, r->version_table, r->lock_timeout_ms, d);
}

int mg_runner_unlock(migrator_runner *r, int rc, migrator_diag *d)
{
	migrator_diag tmp = MIGRATOR_DIAG_INIT;
	int urc = r->drv->unlock(r->conn, r->version_table, &tmp);

	if (urc && !rc) {
		rc = tmp.code ? tmp.code : urc;
		migrator_diag_set(d, rc, "%s",
				  tmp.message ? tmp.message
					      : "could not unlock");
	}
	migrator_diag_clear(&tmp);
	return rc;
}

int migrator_runner_current(migrator_revset *out, migrator_runner *r,
			    migrator_diag *d)
{
	migrator_strvec rows = MIGRATOR_STRVEC_INIT;
	int rc;

	rc = mg_runner_load_graph(r, d);
	if (!rc)
		rc = mg_runner_connect(r, 0, d);
	if (!rc)
		rc = r->drv->stamp_read(r->conn, r->version_table, &rows, d);
	if (!rc)
		rc = migrator_revset_from_stamp(out, r->graph,
						(const char *const *)rows.v,
						rows.n, d);
	migrator_strvec_clear(&rows);
	return rc;
}

void mg_prepared_free(struct mg_prepared *p)
{
	if (p->stmts)
		for (size_t i = 0; i < p->n; i++)
			mg_stmts_free(&p->stmts[i]);
	free(p->stmts);
	free(p->sec);
	migrator_plan_free(p->plan);
	memset(p, 0, sizeof(*p));
}

int mg_prepare(struct mg_prepared *p, const migrator_graph *g,
	       enum migrator_direction direction,
	       const migrator_revset *current, const migrator_revset *target,
	       int drop, const char *const *dialects, migrator_diag *d)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (direction == MIGRATOR_UPGRADE)
		rc = migrator_plan_upgrade(&p->plan, g, current, target, d);
	else if (drop)
		rc = migrator_plan_downgrade_drop(&p->plan, g, current, target,
						  d);
	else
		rc = migrator_plan_downgrade(&p->plan, g, current, target, d);
	if (!rc)
		rc = migrator_plan_check_sections_of(p->plan, dialects, d);
	if (rc)
		goto out;
	p->n = migrator_plan_size(p->plan);
	p->sec = calloc(p->n ? p->n : 1, sizeof(*p->sec));
	p->stmts = calloc(p->n ? p->n : 1, sizeof(*p->stmts));
	if (!p->sec || !p->stmts) {
		rc = nomem(d);
		goto out;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct migrator_step *st = migrator_plan_step(p->plan, i);
		const struct migrator_script *sc = st->rev->script;
		const struct migrator_section *sec;

		sec = migrator_script_section_of(sc, st->direction, dialects,
						 NULL);
		p->sec[i] = sec;
		if (!sec)
			continue; /* check_sections passed: nothing to run */
		rc = mg_sql_split_section(&p->stmts[i], sc->path, sec, d);
		if (rc) {
			migrator_diag_revision(d, st->rev->id);
			goto out;
		}
	}
out:
	if (rc)
		mg_prepared_free(p);
	return rc;
}

int migrator_runner_plan(migrator_plan **out, migrator_runner *r,
			 enum migrator_direction direction, const char *target,
			 migrator_diag *d)
{
	migrator_revset cur = MIGRATOR_REVSET_INIT;
	migrator_revset tgt = MIGRATOR_REVSET_INIT;
	struct mg_hook_view hv;
	struct mg_prepared p;
	int drop = 0, rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	memset(&hv, 0, sizeof(hv));
	rc = mg_runner_load_hooks(r, NULL, d);
	if (!rc)
		rc = migrator_runner_current(&cur, r, d);
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
	migrator_revset_clear(&cur);
	migrator_revset_clear(&tgt);
	return rc;
}

int mg_target_is_relative(enum migrator_direction direction,
			  const char *target)
{
	return migrator_target_needs_current(target) ||
	       (direction == MIGRATOR_DOWNGRADE &&
		migrator_target_is_drop(target));
}

/* The revisions of set that nothing depends on. */
static size_t real_heads(const migrator_revset *set)
{
	size_t n = 0;

	for (size_t i = 0; i < set->n; i++)
		n += set->v[i]->n_dependents == 0;
	return n;
}

int mg_resolve_target(migrator_revset *out, int *drop,
		      const migrator_graph *g,
		      enum migrator_direction direction, const char *target,
		      const migrator_revset *current, migrator_diag *d)
{
	const char *at = strchr(target, '@');
	char sign = migrator_target_needs_current(target)
			    ? (at ? at[1] : target[0])
			    : 0;
	int rc;

	*drop = 0;
	if (direction == MIGRATOR_UPGRADE && sign == '-') {
		migrator_diag_set(d, MIGRATOR_EUSAGE,
				  "upgrade %s would go down", target);
		migrator_diag_hint(d, "Use `migrator downgrade %s`.", target);
		return MIGRATOR_EUSAGE;
	}
	if (direction == MIGRATOR_DOWNGRADE && sign == '+') {
		migrator_diag_set(d, MIGRATOR_EUSAGE,
				  "downgrade %s would go up", target);
		migrator_diag_hint(d, "Use `migrator upgrade %s`.", target);
		return MIGRATOR_EUSAGE;
	}
	if (direction == MIGRATOR_DOWNGRADE && current &&
	    migrator_target_is_drop(target)) {
		*drop = 1;
		return migrator_target_resolve_drop(out, g, target, current, d);
	}
	rc = migrator_target_resolve(out, g, target, current, d);
	/* Down to several heads says nothing about what to remove (Alembic
	 * refuses it too).  A head that another head depends on does not
	 * count: Alembic's heads here are those nothing is built on. */
	if (!rc && direction == MIGRATOR_DOWNGRADE &&
	    strcmp(target, "heads") == 0 && real_heads(out) > 1) {
		migrator_revset_clear(out);
		migrator_diag_set(d, MIGRATOR_EUSAGE,
				  "downgrade heads is ambiguous: the graph "
				  "has several heads");
		migrator_diag_hint(d, "Name the revision to go down to, or "
				      "count down with -N or LABEL@-N.");
		return MIGRATOR_EUSAGE;
	}
	return rc;
}
