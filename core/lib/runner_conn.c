/*
 * runner_conn.c - what the run's connection allows (driver ABI 2.3): its
 * caps once the run lock is taken (a connection pooler turns the run lock
 * into a lock per transaction), whether statements outside a transaction
 * may run on it, and the invalid indexes a failed one left.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "runner_int.h"

unsigned mg_runner_caps(const mg_runner *r)
{
	if (r->conn && MG_DRV_HAS_MINOR(r->drv, 3, conn_caps))
		return r->drv->conn_caps(r->conn);
	return r->drv->caps;
}

/* 1 if step i runs statements outside a transaction (as mg_run_step
 * decides). */
static int outside_tx(const mg_runner *r, const struct mg_prepared *p,
		      size_t i)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);

	return p->sec[i] && p->stmts[i].n > 0 && !mg_rev_in_tx(r, st->rev);
}

int mg_run_outside_tx_check(mg_runner *r, const struct mg_prepared *p,
			    mg_diag *d)
{
	mg_diag tmp = MG_DIAG_INIT;

	if (!MG_DRV_HAS_MINOR(r->drv, 3, outside_tx_check))
		return 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct migrator_step *st = mg_plan_step(p->plan, i);
		int rc;

		if (!outside_tx(r, p, i))
			continue;
		rc = r->drv->outside_tx_check(r->conn, &tmp);
		if (rc == 0)
			return 0; /* the connection's answer, for every step */
		rc = tmp.code == MIGRATOR_ENOMEM ? MIGRATOR_ENOMEM
						 : MIGRATOR_EDB;
		mg_diag_set(d, rc,
			    "revision %s runs outside a transaction "
			    "(transactional false), which this connection "
			    "cannot make safe",
			    st->rev->id);
		mg_diag_cause(d, &tmp);
		mg_diag_locate(d, st->rev->script->path, p->sec[i]->line);
		mg_diag_revision(d, st->rev->id);
		mg_diag_clear(&tmp);
		return rc;
	}
	return 0;
}

void mg_run_invalid_hint(mg_runner *r, mg_diag *tmp)
{
	mg_strvec drops = MG_STRVEC_INIT;
	mg_diag ignored = MG_DIAG_INIT;
	struct mg_buf b = MG_BUF_INIT;
	int rc;

	if (!MG_DRV_HAS_MINOR(r->drv, 3, invalid_indexes) ||
	    r->drv->invalid_indexes(r->conn, &drops, &ignored) != 0 ||
	    drops.n == 0) {
		mg_diag_clear(&ignored);
		mg_strvec_clear(&drops);
		return;
	}
	rc = mg_buf_printf(&b, "%s%sThe schema has %zu invalid index%s (a "
			       "failed concurrent index build leaves one "
			       "behind: queries do not use it, and IF NOT "
			       "EXISTS skips it); drop %s before the next "
			       "run:",
			   tmp->hint ? tmp->hint : "", tmp->hint ? " " : "",
			   drops.n, drops.n == 1 ? "" : "es",
			   drops.n == 1 ? "it" : "them");
	for (size_t i = 0; !rc && i < drops.n; i++)
		rc = mg_buf_printf(&b, " %s;", drops.v[i]);
	if (!rc) {
		free(tmp->hint);
		tmp->hint = mg_buf_detach(&b);
	}
	mg_buf_free(&b);
	mg_strvec_clear(&drops);
}
