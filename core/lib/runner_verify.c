/*
 * runner_verify.c - "-- migrator:verify" sections: found and split before
 * a run (mg_prepare_verify), run after a revision's upgrade statements
 * inside its transaction (mg_run_verify), by `upgrade --verify` and by
 * `migrator verify`.
 *
 * A statement that fails, or a query whose first row's first column is
 * NULL, false or 0 (the driver's verify_exec judges), fails the step: the
 * caller rolls the revision back with its stamp.  A revision that runs
 * outside a transaction ("transactional false") has its statements
 * committed one by one before its verify section runs, in the
 * transaction that would move its stamp: a failure there leaves the
 * statements applied and the stamp where it was, as a failing statement
 * of such a revision does, and the hint says so.
 */
#include "config.h"

#include <stdlib.h>

#include "runner_int.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int ambiguous(const struct migrator_step *st, size_t named,
		     const char *dialect, mg_diag *d)
{
	const struct mg_script *sc = st->rev->script;

	mg_diag_set(d, MIGRATOR_ESCRIPT,
		    "revision %s has %zu verify sections for %s", st->rev->id,
		    named, dialect);
	mg_diag_detail(d, "The driver declares several names for its "
			  "dialect; the file uses more than one.");
	mg_diag_hint(d, "Keep one \"-- migrator:verify %s\" section.",
		     dialect);
	mg_diag_locate(d, sc->path, sc->revision_line);
	mg_diag_revision(d, st->rev->id);
	return MIGRATOR_ESCRIPT;
}

static int unsupported(mg_runner *r, const struct migrator_step *st,
		       const struct migrator_section *sec, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_EPLUGIN,
		    "the %s driver cannot run verify sections", r->drv->name);
	mg_diag_detail(d, "Revision %s has one; running it needs the "
			  "driver's verify_exec (driver ABI 2.1), which %s "
			  "does not have (it was built for ABI %u.%u).",
		       st->rev->id, mg_plugin_path(r->plugin),
		       (unsigned)r->drv->abi_major,
		       (unsigned)r->drv->abi_minor);
	mg_diag_locate(d, st->rev->script->path, sec->line - 1);
	mg_diag_revision(d, st->rev->id);
	return MIGRATOR_EPLUGIN;
}

int mg_prepare_verify(struct mg_prepared *p, mg_runner *r, mg_diag *d)
{
	const char *dialect = r->dialects[0];

	p->vsec = calloc(p->n ? p->n : 1, sizeof(*p->vsec));
	p->vstmts = calloc(p->n ? p->n : 1, sizeof(*p->vstmts));
	if (!p->vsec || !p->vstmts)
		return nomem(d);
	for (size_t i = 0; i < p->n; i++) {
		const struct migrator_step *st = mg_plan_step(p->plan, i);
		const struct migrator_section *sec;
		size_t named = 0;
		int rc;

		if (st->direction != MIGRATOR_UPGRADE)
			continue;
		sec = mg_script_verify_of(st->rev->script, r->dialects,
					  &named);
		if (named > 1)
			return ambiguous(st, named, dialect, d);
		if (!sec)
			continue;
		if (!MG_DRV_HAS_MINOR(r->drv, 1, verify_exec))
			return unsupported(r, st, sec, d);
		p->vsec[i] = sec;
		rc = mg_sql_split_section(&p->vstmts[i], st->rev->script->path,
					  sec, d);
		if (rc) {
			mg_diag_revision(d, st->rev->id);
			return rc;
		}
	}
	return 0;
}

/* What is left of the revision once its verify section failed, after
 * what (may be NULL) went before; nothing on a scratch database. */
static void state_hint(mg_diag *d, const struct migrator_step *st, int tx,
		       unsigned flags, const char *what)
{
	const char *sep = what ? " " : "";

	if (!what)
		what = "";
	if (flags & MG_RUN_SCRATCH)
		mg_diag_hint(d, "%s", what);
	else if (tx)
		mg_diag_hint(d, "%s%sRevision %s was rolled back with its "
				"stamp: the database is as it was before it.",
			     what, sep, st->rev->id);
	else
		mg_diag_hint(d, "%s%sRevision %s runs outside a transaction: "
				"its statements stay applied and the stamp "
				"did not move; undo them by hand or make them "
				"safe to run again before the next run.",
			     what, sep, st->rev->id);
}

/* The query did not hold: the step's error, naming the value. */
static int judged(const struct migrator_step *st, unsigned line, int tx,
		  unsigned flags, const mg_strvec *shown, mg_diag *d)
{
	const char *value = shown->n ? shown->v[0] : "false";

	mg_diag_set(d, MIGRATOR_EDB, "verify query returned %s in revision %s",
		    value, st->rev->id);
	state_hint(d, st, tx, flags,
		   "A verify query fails when the first column of its first "
		   "row is NULL, false or 0.");
	mg_diag_locate(d, st->rev->script->path, line);
	mg_diag_revision(d, st->rev->id);
	return MIGRATOR_EDB;
}

int mg_run_verify(mg_runner *r, const struct mg_prepared *p, size_t i,
		  int tx, unsigned flags, mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	const struct migrator_section *sec = p->vsec ? p->vsec[i] : NULL;
	int rc = 0;

	for (size_t k = 0; !rc && sec && k < p->vstmts[i].n; k++) {
		const struct mg_stmt *s = &p->vstmts[i].v[k];
		unsigned line = sec->line + s->line;
		mg_strvec shown = MG_STRVEC_INIT;
		mg_diag tmp = MG_DIAG_INIT;
		int ok = 1;

		rc = r->drv->verify_exec(r->conn, sec->sql + s->off, s->len,
					 &ok, &shown,
					 &tmp);
		if (rc) {
			rc = mg_run_error(d, &tmp, "verify statement failed",
					  st, line);
			if (!(flags & MG_RUN_SCRATCH))
				state_hint(d, st, tx, flags, NULL);
		} else if (!ok) {
			rc = judged(st, line, tx, flags, &shown, d);
		}
		mg_strvec_clear(&shown);
		mg_diag_clear(&tmp);
	}
	return rc;
}
