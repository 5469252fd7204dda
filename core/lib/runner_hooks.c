/*
 * runner_hooks.c - what the runner shows the hook plugins: a prepared plan
 * turned into <migrator/hook.h>'s structs, and their loading.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "runner_int.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* Plugin lines become the runner's events, tagged with the plugin. */
static void on_hook_line(void *payload, const char *name, int warning,
			 const char *text)
{
	mg_runner_event(payload,
			warning ? MIGRATOR_EVENT_WARNING : MIGRATOR_EVENT_INFO,
			NULL, 0, text, name);
}

int mg_runner_load_hooks(mg_runner *r, const char *extra,
			 mg_diag *d)
{
	mg_strvec specs = MG_STRVEC_INIT;
	int rc = 0, have = 0;

	if (r->hooks_loaded && (!extra || mg_hooks_have(&r->hooks, extra)))
		return 0;
	if (r->hooks_loaded) { /* loaded by an earlier call, without extra */
		mg_hooks_free(&r->hooks);
		r->hooks_loaded = 0;
	}
	for (size_t i = 0; i < r->plugins.n && !rc; i++) {
		const char *s = r->plugins.v[i];
		size_t n = strcspn(s, ":");

		if (extra && strlen(extra) == n && strncmp(s, extra, n) == 0)
			have = 1;
		rc = mg_strvec_push(&specs, s);
	}
	if (!rc && extra && !have)
		rc = mg_strvec_push(&specs, extra);
	if (rc) {
		mg_strvec_clear(&specs);
		return nomem(d);
	}
	rc = mg_hooks_load(&r->hooks, (const char *const *)specs.v, specs.n,
			   (const char *const *)r->plugin_options.v,
			   r->plugin_options.n, r->plugin_dir, r->strict,
			   on_hook_line, r, d);
	mg_strvec_clear(&specs);
	if (!rc)
		r->hooks_loaded = 1;
	return rc;
}

void mg_hook_view_free(struct mg_hook_view *v)
{
	free(v->steps);
	free(v->stmts);
	free(v->current);
	free(v->url);
	v->steps = NULL;
	v->stmts = NULL;
	v->current = NULL;
	v->url = NULL;
	memset(&v->run, 0, sizeof(v->run));
}

static const char *direction_name(enum migrator_direction dir)
{
	return dir == MIGRATOR_UPGRADE ? "upgrade" : "downgrade";
}

static void fill_step(struct migrator_hook_step *hs,
		      const struct migrator_step *st,
		      const struct migrator_section *sec,
		      const struct mg_stmts *stmts,
		      struct migrator_hook_stmt *out)
{
	const struct mg_script *sc = st->rev->script;

	hs->size = sizeof(*hs);
	hs->revision = st->rev->id;
	hs->direction = direction_name(st->direction);
	hs->path = sc->path;
	hs->message = sc->message ? sc->message : "";
	hs->transactional = sc->transactional;
	hs->stmts = out;
	if (!sec)
		return;
	hs->sql = sec->sql;
	hs->sql_len = sec->len;
	hs->line = sec->line;
	for (size_t k = 0; k < stmts->n; k++) {
		out[k].sql = sec->sql + stmts->v[k].off;
		out[k].len = stmts->v[k].len;
		out[k].line = sec->line + stmts->v[k].line;
	}
	hs->n_stmts = stmts->n;
}

int mg_hook_view_build(struct mg_hook_view *v, mg_runner *r,
		       const struct mg_prepared *p,
		       enum migrator_direction direction, unsigned flags,
		       const mg_revset *current, const char *backend,
		       mg_diag *d)
{
	size_t nsteps = p ? p->n : 0, nstmts = 0, at = 0;
	size_t ncur = current ? current->n : 0;

	mg_hook_view_free(v);
	for (size_t i = 0; i < nsteps; i++)
		nstmts += p->stmts[i].n;
	v->steps = calloc(nsteps ? nsteps : 1, sizeof(*v->steps));
	v->stmts = calloc(nstmts ? nstmts : 1, sizeof(*v->stmts));
	v->current = calloc(ncur ? ncur : 1, sizeof(*v->current));
	if (r->url && !(flags & MIGRATOR_HOOK_RUN_LINT))
		v->url = mg_url_redact(r->url);
	if (!v->steps || !v->stmts || !v->current ||
	    (r->url && !(flags & MIGRATOR_HOOK_RUN_LINT) && !v->url)) {
		mg_hook_view_free(v);
		return nomem(d);
	}
	for (size_t i = 0; i < nsteps; i++) {
		fill_step(&v->steps[i], mg_plan_step(p->plan, i),
			  p->sec[i], &p->stmts[i], v->stmts + at);
		at += p->stmts[i].n;
	}
	for (size_t i = 0; i < ncur; i++)
		v->current[i] = current->v[i]->id;
	v->run.size = sizeof(v->run);
	v->run.backend = backend;
	v->run.url = v->url;
	v->run.direction = direction_name(direction);
	v->run.flags = flags;
	v->run.current = v->current;
	v->run.n_current = ncur;
	v->run.steps = v->steps;
	v->run.n_steps = nsteps;
	v->run.migrations = r->migrations;
	return 0;
}

int mg_hooks_start(struct mg_hook_view *v, mg_runner *r,
		   const struct mg_prepared *p,
		   enum migrator_direction direction, unsigned flags,
		   const mg_revset *current, mg_diag *d)
{
	int rc = mg_runner_load_hooks(r, NULL, d);

	if (rc || r->hooks.n == 0)
		return rc;
	rc = mg_hook_view_build(v, r, p, direction, flags, current,
				r->drv->dialect, d);
	if (rc || v->started)
		return rc;
	v->started = 1;
	return mg_hooks_before_run(&r->hooks, &v->run, d);
}
