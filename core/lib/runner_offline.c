/*
 * runner_offline.c - `upgrade --sql` / `downgrade --sql`: the SQL a run
 * would execute, as a script for sqlite3 or psql.  Loads the plugin and
 * connects to nothing.  The core writes no SQL of its own: the migration
 * sections are the user's, and the stamp table's statements and the
 * transaction statements are the driver's (its sql_* members, driver ABI
 * 1.3), rendered by the code its online members run, in the order a run
 * calls those members (runner_run.c).  `--sql` writes no history.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "runner_int.h"

/* The driver's statements, each with its ';'; v is emptied. */
static int put_list(struct mg_buf *b, mg_strvec *v)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < v->n; i++) {
		rc = mg_sql_put_stmt(b, v->v[i], strlen(v->v[i]));
		if (rc)
			rc = MIGRATOR_ENOMEM;
	}
	mg_strvec_clear(v);
	return rc;
}

/* The driver members --sql needs; the core has no SQL to fall back on. */
static int check_offline(const struct migrator_driver *drv,
			 const mg_plugin *plugin, mg_diag *d)
{
	if (MG_DRV_HAS(drv, sql_begin) &&
	    MG_DRV_HAS(drv, sql_commit) &&
	    MG_DRV_HAS(drv, sql_stamp_ensure) &&
	    MG_DRV_HAS(drv, sql_stamp_write))
		return 0;
	mg_diag_set(d, MIGRATOR_EPLUGIN,
			  "driver plugin %s cannot write --sql output",
			  mg_plugin_path(plugin));
	mg_diag_detail(d, "Offline SQL needs the driver's sql_begin, "
				"sql_commit, sql_stamp_ensure and "
				"sql_stamp_write members (driver ABI 1.3).");
	return MIGRATOR_EPLUGIN;
}

/* The stamp table, as a run creates it: in a transaction of its own. */
static int put_ensure(struct mg_buf *b, const mg_runner *r,
		      mg_diag *d)
{
	mg_strvec v = MG_STRVEC_INIT;
	int rc = r->drv->sql_begin(&v, d);

	rc = rc ? rc : r->drv->sql_stamp_ensure(r->version_table, &v, d);
	rc = rc ? rc : r->drv->sql_commit(&v, d);
	if (!rc && put_list(b, &v))
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	mg_strvec_clear(&v);
	return rc;
}

/* Alembic's comment: "-- Running upgrade A -> B, message". */
static int put_header(struct mg_buf *b, const struct migrator_step *st)
{
	const char *msg = st->rev->script->message;

	if (mg_buf_puts(b, "\n-- Running ") < 0 || mg_step_line(b, st) < 0 ||
	    (msg[0] && mg_buf_printf(b, ", %s", msg) < 0))
		return MIGRATOR_ENOMEM;
	return mg_buf_putc(b, '\n') < 0 ? MIGRATOR_ENOMEM : 0;
}

/* Step i as run_step runs it: in a transaction where the revision is
 * transactional and the database has transactional DDL; otherwise the
 * statements one by one and then the stamp in a transaction of its own. */
static int put_step(struct mg_buf *b, const struct mg_prepared *p, size_t i,
		    const mg_runner *r, mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	const struct migrator_section *sec = p->sec[i];
	int tx = mg_rev_in_tx(r, st->rev);
	mg_strvec v = MG_STRVEC_INIT;
	int rc = put_header(b, st) ? MIGRATOR_ENOMEM : 0;

	if (!rc && tx) {
		rc = r->drv->sql_begin(&v, d);
		rc = rc ? rc : put_list(b, &v);
		rc = rc ? rc : (mg_buf_putc(b, '\n') ? MIGRATOR_ENOMEM : 0);
	}
	for (size_t k = 0; !rc && sec && k < p->stmts[i].n; k++) {
		const struct mg_stmt *s = &p->stmts[i].v[k];

		if (mg_sql_put_stmt(b, sec->sql + s->off, s->len) ||
		    mg_buf_putc(b, '\n'))
			rc = MIGRATOR_ENOMEM;
	}
	if (!rc && !tx)
		rc = r->drv->sql_begin(&v, d);
	rc = rc ? rc
		: r->drv->sql_stamp_write(r->version_table, st->del, st->ndel,
					  st->add, st->nadd, &v, d);
	rc = rc ? rc : r->drv->sql_commit(&v, d);
	rc = rc ? rc : put_list(b, &v);
	mg_strvec_clear(&v);
	if (rc == MIGRATOR_ENOMEM)
		mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	return rc;
}

/* Splits "A:B" into start and target; no ':' means no start. */
static int split_range(char **start, const char **target, const char *range,
		       mg_diag *d)
{
	const char *colon = strchr(range, ':');

	*start = NULL;
	*target = range;
	if (!colon)
		return 0;
	if (colon == range || !colon[1] || strchr(colon + 1, ':'))
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "bad range \"%s\": expected "
					 "START:TARGET",
					 range);
	*start = strndup(range, (size_t)(colon - range));
	if (!*start)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	*target = colon + 1;
	return 0;
}

int mg_runner_offline_sql(char **out, mg_runner *r,
				enum migrator_direction direction,
				const char *range, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	mg_revset from = MG_REVSET_INIT;
	mg_revset tgt = MG_REVSET_INIT;
	struct mg_hook_view hv;
	struct mg_prepared p;
	const char *target = NULL;
	char *start = NULL;
	int drop = 0, rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	memset(&hv, 0, sizeof(hv));
	rc = split_range(&start, &target, range, d);
	if (!rc)
		rc = mg_runner_load_graph(r, d);
	if (!rc && (!r->url || !*r->url)) {
		rc = mg_diag_set(d, MIGRATOR_ECONFIG,
				       "--sql needs a database URL to pick "
				       "the SQL dialect");
		mg_diag_hint(d, "Nothing connects: -d sqlite: or "
				      "-d postgresql: is enough.");
	}
	if (!rc)
		rc = mg_runner_load_plugin(r, d);
	if (!rc)
		rc = check_offline(r->drv, r->plugin, d);
	if (rc)
		goto out;
	if (start)
		rc = mg_target_resolve(&from, r->graph, start, NULL, d);
	else if (direction == MIGRATOR_DOWNGRADE)
		rc = mg_target_resolve(&from, r->graph, "heads", NULL, d);
	if (!rc)
		rc = mg_resolve_target(&tgt, &drop, r->graph, direction, target,
				       &from, d);
	if (!rc)
		rc = mg_prepare(&p, r->graph, direction, &from, &tgt, drop,
				r->dialects, d);
	/* hook plugins see the SQL as for a dry run (lint checks it) */
	if (!rc)
		rc = mg_hooks_start(&hv, r, &p, direction,
				    MIGRATOR_HOOK_RUN_DRY, &from, d);
	if (rc)
		goto out;
	if (mg_buf_printf(&b, "-- migrator %s for %s\n\n",
			  direction == MIGRATOR_UPGRADE ? "upgrade"
							: "downgrade",
			  r->drv->dialect)) {
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	rc = put_ensure(&b, r, d);
	for (size_t i = 0; !rc && i < p.n; i++)
		rc = put_step(&b, &p, i, r, d);
	if (rc)
		goto out;
	*out = mg_buf_detach(&b);
out:
	mg_hook_view_free(&hv);
	mg_buf_free(&b);
	mg_prepared_free(&p);
	mg_revset_clear(&from);
	mg_revset_clear(&tgt);
	free(start);
	return rc;
}
