/*
 * runner_lint.c - `migrator lint`: the hook plugins' before_run over a
 * range of revisions, without a database.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "runner_int.h"

/*
 * The names of dialect's driver (*names borrowed from *pl, which the
 * caller frees after them), when a driver handles the scheme "dialect"
 * and goes by that name; *names NULL otherwise (no such driver is no
 * error: lint needs no database).
 */
static int named_dialects(const char ***names, mg_plugin **pl,
			  const char *dialect, const char *plugin_dir,
			  mg_diag *d)
{
	mg_diag quiet = MG_DIAG_INIT;
	char *url = mg_strdup_printf("%s:", dialect);
	int rc = 0;

	*names = NULL;
	*pl = NULL;
	if (!url)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (mg_plugin_load(pl, url, plugin_dir, &quiet) == 0)
		rc = mg_driver_dialects(names, mg_plugin_driver(*pl), d);
	mg_diag_clear(&quiet);
	free(url);
	for (size_t i = 0; rc == 0 && *names && (*names)[i]; i++)
		if (strcmp((*names)[i], dialect) == 0)
			return 0;
	free(*names); /* a driver for that scheme, by another name */
	*names = NULL;
	return rc;
}

static int needs_dialect(mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_EUSAGE, "lint needs a dialect");
	mg_diag_hint(d, "Pass --dialect sqlite or --dialect postgresql, or a "
			"database URL (-d, MIGRATOR_DATABASE_URL or url in "
			"migrator.ini), which is not connected to.");
	return MIGRATOR_EUSAGE;
}

int mg_runner_lint(mg_runner *r, const char *dialect,
			 const char *range, unsigned long *warnings,
			 mg_diag *d)
{
	mg_revset cur = MG_REVSET_INIT;
	mg_revset tgt = MG_REVSET_INIT;
	struct mg_hook_view hv;
	struct mg_prepared p;
	const char *one[] = {NULL, NULL};
	const char *const *names = one;
	const char **named = NULL;
	mg_plugin *pl = NULL;
	unsigned long before = r->hooks.warnings;
	int rc;

	if (warnings)
		*warnings = 0;
	memset(&p, 0, sizeof(p));
	memset(&hv, 0, sizeof(hv));
	rc = mg_runner_load_graph(r, d);
	if (!rc && !dialect && (!r->url || !*r->url))
		rc = needs_dialect(d);
	if (!rc && !dialect)
		rc = mg_runner_dialect(&dialect, r, d);
	/* The URL's driver's dialect: all its names.  One named by the
	 * caller: the names of the driver of that scheme, when there is one
	 * that goes by it (`--dialect postgresql` also reads sections
	 * written `postgres`), else that name only. */
	if (!rc && dialect == (r->drv ? r->drv->dialect : NULL)) {
		names = r->dialects;
	} else if (!rc) {
		one[0] = dialect;
		rc = named_dialects(&named, &pl, dialect, r->plugin_dir, d);
		if (!rc && named)
			names = named;
	}
	if (!rc)
		rc = mg_resolve_range(&cur, &tgt, r->graph, range, d);
	if (!rc)
		rc = mg_prepare(&p, r->graph, MIGRATOR_UPGRADE, &cur, &tgt, 0,
				names, d);
	if (!rc)
		rc = mg_runner_load_hooks(r, "lint", d);
	if (!rc) /* loading may have started the count again */
		before = r->hooks.warnings;
	if (!rc)
		rc = mg_hook_view_build(&hv, r, &p, MIGRATOR_UPGRADE,
					MIGRATOR_HOOK_RUN_LINT, NULL, dialect,
					d);
	if (!rc)
		rc = mg_hooks_before_run(&r->hooks, &hv.run, d);
	if (warnings) /* this call's: the count runs on for the runner */
		*warnings = r->hooks.warnings - before;
	mg_hook_view_free(&hv);
	mg_prepared_free(&p);
	free(named);
	mg_plugin_free(pl);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	return rc;
}
