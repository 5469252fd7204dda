/*
 * runner_lint.c - `migrator lint`: the hook plugins' before_run over a
 * range of revisions, without a database.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runner_int.h"

/* cur and tgt for range: NULL (base to heads), "T" or "S:T". */
static int resolve_range(migrator_revset *cur, migrator_revset *tgt,
			 const migrator_graph *g, const char *range,
			 migrator_diag *d)
{
	const char *colon = range ? strchr(range, ':') : NULL;
	char *start;
	int rc;

	if (!range || !*range)
		return migrator_target_resolve(tgt, g, "heads", NULL, d);
	if (!colon)
		return migrator_target_resolve(tgt, g, range, NULL, d);
	start = strndup(range, (size_t)(colon - range));
	if (!start)
		return migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	rc = *start ? migrator_target_resolve(cur, g, start, NULL, d) : 0;
	free(start);
	if (!rc)
		rc = migrator_target_resolve(tgt, g,
					     colon[1] ? colon + 1 : "heads",
					     NULL, d);
	return rc;
}

int migrator_runner_lint(migrator_runner *r, const char *dialect,
			 const char *range, unsigned long *warnings,
			 migrator_diag *d)
{
	migrator_revset cur = MIGRATOR_REVSET_INIT;
	migrator_revset tgt = MIGRATOR_REVSET_INIT;
	struct mg_hook_view hv;
	struct mg_prepared p;
	const char *one[] = {NULL, NULL};
	const char *const *names = one;
	int rc;

	if (warnings)
		*warnings = 0;
	memset(&p, 0, sizeof(p));
	memset(&hv, 0, sizeof(hv));
	rc = mg_runner_load_graph(r, d);
	if (!rc && !dialect)
		rc = migrator_runner_dialect(&dialect, r, d);
	/* a dialect named by the caller is that name only (no driver says
	 * what else it is called); the URL's driver's, all its names */
	if (!rc && dialect == (r->drv ? r->drv->dialect : NULL))
		names = r->dialects;
	else
		one[0] = dialect;
	if (!rc)
		rc = resolve_range(&cur, &tgt, r->graph, range, d);
	if (!rc)
		rc = mg_prepare(&p, r->graph, MIGRATOR_UPGRADE, &cur, &tgt, 0,
				names, d);
	if (!rc)
		rc = mg_runner_load_hooks(r, "lint", d);
	if (!rc)
		rc = mg_hook_view_build(&hv, r, &p, MIGRATOR_UPGRADE,
					MIGRATOR_HOOK_RUN_LINT, NULL, dialect,
					d);
	if (!rc)
		rc = mg_hooks_before_run(&r->hooks, &hv.run, d);
	if (warnings)
		*warnings = r->hooks.warnings;
	mg_hook_view_free(&hv);
	mg_prepared_free(&p);
	migrator_revset_clear(&cur);
	migrator_revset_clear(&tgt);
	return rc;
}
