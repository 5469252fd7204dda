/*
 * diff_dialects.c - `migrator diff --dialects sqlite,postgresql`: one
 * upgrade and one downgrade section per dialect, each made and proven by
 * diff.c on its own driver.
 *
 * The context's runner serves the dialect of its own driver; each other
 * dialect gets a runner of its own (same migrations and settings) on the
 * URL given for it ("DIALECT=URL": its server holds the scratch
 * databases), or on "DIALECT:" for a driver that makes scratch databases
 * alone (SQLite).  SOURCE must then be a .sql file: a database is one
 * backend's.  While another dialect's runner works, a signal reaches it
 * through r->sibling (mg_runner_interrupt).  The first dialect that fails is the error, its name put
 * before the message, and nothing is handed back.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "runner_int.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int is_sql_file(const char *to)
{
	size_t n = strlen(to);

	return n > 4 && strcmp(to + n - 4, ".sql") == 0;
}

static int names_dialect(const char *const *names, const char *name)
{
	for (size_t i = 0; names && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* The URL given for dialect name ("name=URL"), or NULL. */
static const char *url_for(const struct migrator_diff_spec *spec,
			   const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < spec->ndialect_urls; i++) {
		const char *x = spec->dialect_urls[i];

		if (x && strncmp(x, name, n) == 0 && x[n] == '=')
			return x + n + 1;
	}
	return NULL;
}

/* Every "DIALECT=URL" is well formed and names a dialect of list. */
static int check_urls(const struct migrator_diff_spec *spec,
		      const mg_strvec *list, mg_diag *d)
{
	for (size_t i = 0; i < spec->ndialect_urls; i++) {
		const char *x = spec->dialect_urls[i];
		const char *eq = x ? strchr(x, '=') : NULL;
		size_t k = 0;

		while (eq && k < list->n &&
		       (strlen(list->v[k]) != (size_t)(eq - x) ||
			strncmp(list->v[k], x, (size_t)(eq - x)) != 0))
			k++;
		if (!eq || eq == x || !eq[1] || k == list->n) {
			mg_diag_set(d, MIGRATOR_EUSAGE,
				    "bad --dialect-url %.*s: %s",
				    (int)(eq ? eq - x : 0), x ? x : "",
				    eq ? "not a dialect of --dialects"
				       : "not DIALECT=URL");
			mg_diag_hint(d, "Give --dialect-url DIALECT=URL for a "
					"dialect named by --dialects.");
			return MIGRATOR_EUSAGE;
		}
	}
	return 0;
}

/* A runner like r (migrations, tables, plugin directory, timeouts,
 * events) on url. */
static int sibling(mg_runner **out, const mg_runner *r, const char *url,
		   mg_diag *d)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	int rc;

	o.url = url;
	o.migrations = r->migrations;
	o.version_table = r->version_table;
	o.plugin_dir = r->plugin_dir;
	o.lock_timeout_ms = r->lock_timeout_ms;
	o.connect_timeout_ms = r->connect_timeout_ms;
	rc = mg_runner_new(out, &o, d);
	if (!rc)
		mg_runner_set_event(*out, r->on_event, r->payload);
	return rc;
}

/* The runner for dialect name: r when its driver's, else a new one in
 * *own (the caller's to free). */
static int runner_for(mg_runner **use, mg_runner **own, mg_runner *r,
		      const struct migrator_diff_spec *spec, const char *name,
		      mg_diag *d)
{
	const char *url = url_for(spec, name);
	char *dflt = NULL;
	int rc = mg_runner_load_plugin(r, d);

	*use = r;
	*own = NULL;
	if (rc || names_dialect(r->dialects, name))
		return rc;
	if (!is_sql_file(spec->to)) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
			    "SOURCE must be a .sql file, not a database URL");
		mg_diag_hint(d, "A database URL is one backend's: give the "
				"schema wanted as a .sql file, which diff "
				"loads into a scratch database of each "
				"dialect.");
		return MIGRATOR_EUSAGE;
	}
	if (!url) {
		dflt = mg_strdup_printf("%s:", name);
		if (!dflt)
			return nomem(d);
	}
	rc = sibling(own, r, url ? url : dflt, d);
	free(dflt);
	if (!rc)
		rc = mg_runner_load_plugin(*own, d);
	if (!rc && !names_dialect((*own)->dialects, name)) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
			    "--dialect-url names a %s database",
			    (*own)->dialects[0]);
		rc = MIGRATOR_EUSAGE;
	}
	if (!rc && !url && !((*own)->drv->caps & MIGRATOR_CAP_SCRATCH_ALONE)) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
			    "no database given for its scratch databases");
		mg_diag_hint(d, "Give --dialect-url %s=URL: its server holds "
				"the scratch databases (it is not read).",
			     name);
		rc = MIGRATOR_EUSAGE;
	}
	if (!rc)
		*use = *own;
	return rc;
}

/* The dialect's name before d's message. */
static void name_error(mg_diag *d, const char *name)
{
	char *m = mg_strdup_printf("dialect %s: %s", name,
				   d->message ? d->message : "error");

	if (m) {
		free(d->message);
		d->message = m;
	}
}

/* "a,b" into list: no empty names, none twice. */
static int split(mg_strvec *list, const char *s, mg_diag *d)
{
	for (const char *p = s;; ) {
		size_t n = strcspn(p, ",");

		for (size_t k = 0; n && k < list->n; k++)
			if (strlen(list->v[k]) == n &&
			    strncmp(list->v[k], p, n) == 0)
				n = 0;
		if (!n) {
			mg_diag_set(d, MIGRATOR_EUSAGE, "bad --dialects %s", s);
			mg_diag_hint(d, "Give each dialect once, separated by "
					"commas: --dialects sqlite,postgresql.");
			return MIGRATOR_EUSAGE;
		}
		if (mg_strvec_pushn(list, p, n) < 0)
			return nomem(d);
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

/* Each dialect's runner first (every usage error before any work), then
 * each dialect's sections. */
static int each(mg_strvec *texts, mg_runner *r,
		const struct migrator_diff_spec *spec, const mg_strvec *list,
		mg_diag *d)
{
	mg_runner **own = calloc(list->n + 1, sizeof(*own));
	mg_runner **use = calloc(list->n + 1, sizeof(*use));
	int rc = own && use ? 0 : nomem(d);

	for (size_t i = 0; !rc && i < list->n; i++) {
		rc = runner_for(&use[i], &own[i], r, spec, list->v[i], d);
		for (size_t k = 0; !rc && k < i; k++)
			if (strcmp(use[k]->dialects[0],
				   use[i]->dialects[0]) == 0)
				rc = mg_diag_set(d, MIGRATOR_EUSAGE,
						 "the same dialect as %s",
						 list->v[k]);
		if (rc)
			name_error(d, list->v[i]);
	}
	for (size_t i = 0; !rc && i < list->n; i++) {
		char *t = NULL;

		if (use[i] != r)
			r->sibling = use[i];
		rc = mg_diff_sections(&t, use[i], spec, list->v[i], d);
		r->sibling = NULL;
		if (rc)
			name_error(d, list->v[i]);
		else if (mg_strvec_push(texts, t ? t : "") < 0)
			rc = nomem(d);
		free(t);
	}
	for (size_t i = 0; own && i < list->n; i++)
		mg_runner_free(own[i]);
	free(own);
	free(use);
	return rc;
}

int mg_runner_diff(char **text, mg_runner *r,
		   const struct migrator_diff_spec *spec, mg_diag *d)
{
	mg_strvec list = MG_STRVEC_INIT, texts = MG_STRVEC_INIT;
	struct mg_buf b = MG_BUF_INIT;
	int rc, any = 0;

	*text = NULL;
	if (spec->version < 2 || !spec->dialects)
		return mg_diff_sections(text, r, spec, NULL, d);
	rc = split(&list, spec->dialects, d);
	if (!rc)
		rc = check_urls(spec, &list, d);
	if (!rc)
		rc = each(&texts, r, spec, &list, d);
	for (size_t i = 0; !rc && i < texts.n; i++)
		any |= *texts.v[i] != '\0';
	for (size_t i = 0; !rc && any && i < texts.n; i++)
		if (*texts.v[i]
			    ? mg_buf_printf(&b, "%s%s", i ? "\n" : "",
					    texts.v[i])
			    : mg_buf_printf(&b, "%s-- migrator:upgrade %s\n\n"
						"-- migrator:downgrade %s\n",
					    i ? "\n" : "", list.v[i],
					    list.v[i]))
			rc = nomem(d);
	if (!rc && any) {
		*text = mg_buf_detach(&b);
		rc = *text ? 0 : nomem(d);
	}
	mg_buf_free(&b);
	mg_strvec_clear(&list);
	mg_strvec_clear(&texts);
	return rc;
}
