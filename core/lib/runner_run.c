/*
 * runner_run.c - upgrade and downgrade against a live database (DESIGN 6).
 *
 * One stamp read per run when the driver holds a run lock (PostgreSQL's
 * advisory lock); per migration only its statements, one stamp write and
 * BEGIN/COMMIT.  Drivers without a run lock (SQLite) serialise through
 * begin()'s write lock instead, so each migration re-reads the stamp inside
 * its transaction and plans again if another runner got there first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "runner_int.h"

/* Plans again at most this often in one run: every re-plan means another
 * runner applied something, so this is never reached in practice. */
#define MAX_REPLANS 10000

static int same_rows(const mg_strvec *a, const mg_strvec *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

/* Applies a step's stamp change to the rows we believe are stamped. */
static int move_rows(mg_strvec *rows, const struct migrator_step *st)
{
	for (size_t i = 0; i < st->ndel; i++) {
		long k = mg_strvec_find(rows, st->del[i]);

		if (k >= 0)
			mg_strvec_remove(rows, (size_t)k);
	}
	for (size_t i = 0; i < st->nadd; i++)
		if (mg_strvec_find(rows, st->add[i]) < 0 &&
		    mg_strvec_push(rows, st->add[i]) < 0)
			return MIGRATOR_ENOMEM;
	mg_strvec_sort(rows);
	return 0;
}

static void rollback_quietly(mg_runner *r)
{
	mg_diag tmp = MG_DIAG_INIT;

	r->drv->rollback(r->conn, &tmp); /* the first error is what counts */
	mg_diag_clear(&tmp);
}

/* Inside an open transaction: 1 if the stamp is still rows, 0 if another
 * runner moved it (then rows holds the new stamp), <0 on error. */
static int stamp_unchanged(mg_runner *r, mg_strvec *rows,
			   mg_diag *d)
{
	mg_strvec now = MG_STRVEC_INIT;
	int rc = r->drv->stamp_read(r->conn, r->version_table, &now, d);

	if (rc) {
		mg_strvec_clear(&now);
		return rc;
	}
	mg_strvec_sort(&now);
	if (same_rows(&now, rows)) {
		mg_strvec_clear(&now);
		return 1;
	}
	mg_strvec_clear(rows);
	*rows = now;
	return 0;
}

/* How many of the statements that stay applied the hint quotes. */
#define PARTIAL_QUOTED 3
#define PARTIAL_QUOTE_LEN 60

/*
 * Statement k of a step that runs outside a transaction failed: those
 * before it were committed one by one and stay applied.  The hint says so
 * first, naming them by line with the start of their text ("line 10:
 * CREATE INDEX CONCURRENTLY things_name_idx ON things (name)"), then the
 * database's own hint.  Best effort: out of memory leaves tmp alone.
 */
static void partial_hint(mg_diag *tmp, const struct migrator_step *st,
			 const struct migrator_section *sec,
			 const struct mg_stmts *v, size_t k)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc;

	rc = mg_buf_printf(&b, "Revision %s runs outside a transaction (%s): ",
			   st->rev->id,
			   st->rev->script->transactional
				   ? "the driver has no transactional DDL"
				   : "transactional false");
	if (!rc && k == 0)
		rc = mg_buf_puts(&b, "the failing statement was its first, "
				     "so none of it stays applied.");
	else if (!rc)
		rc = mg_buf_printf(&b, "the %zu statement%s before the failing "
				       "one stay%s applied (",
				   k, k == 1 ? "" : "s", k == 1 ? "s" : "");
	for (size_t j = 0; !rc && j < k && j < PARTIAL_QUOTED; j++) {
		const unsigned char *sql =
			(const unsigned char *)sec->sql + v->v[j].off;
		size_t n = strcspn((const char *)sql, "\r\n");

		if (n > v->v[j].len)
			n = v->v[j].len;
		rc = mg_buf_printf(&b, "%sline %u: ", j ? "; " : "",
				   sec->line + v->v[j].line);
		/* its first line, at most PARTIAL_QUOTE_LEN bytes, with no
		 * control character reaching the terminal */
		for (size_t c = 0; !rc && c < n && c < PARTIAL_QUOTE_LEN; c++)
			rc = mg_buf_putc(&b, sql[c] < 0x20 || sql[c] == 0x7f
						     ? ' '
						     : (char)sql[c]);
		if (!rc && (n > PARTIAL_QUOTE_LEN || n < v->v[j].len))
			rc = mg_buf_puts(&b, " ...");
	}
	if (!rc && k > PARTIAL_QUOTED)
		rc = mg_buf_printf(&b, "; and %zu more", k - PARTIAL_QUOTED);
	if (!rc && k > 0)
		rc = mg_buf_printf(&b, "), and the stamp did not move: undo "
				       "%s by hand or make %s safe to run "
				       "again before the next run.",
				   k == 1 ? "it" : "them",
				   k == 1 ? "it" : "them");
	if (!rc && tmp->hint)
		rc = mg_buf_printf(&b, " %s", tmp->hint);
	if (!rc) {
		free(tmp->hint);
		tmp->hint = mg_buf_detach(&b);
	}
	mg_buf_free(&b);
}

/*
 * Step i's statements through the driver's exec_list (defer 0, ABI 2.5:
 * run now, in one round trip where the driver can) or exec_defer (defer
 * 1, ABI 2.6: kept, to go with the history row, stamp and COMMIT).
 * Returns 0 when they ran or were kept, 1 when exec_defer kept none (they
 * run as before), or the error, which names the statement that failed.
 */
static int exec_listed(mg_runner *r, const struct mg_prepared *p, size_t i,
		       int defer, size_t *failed, mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	const struct migrator_section *sec = p->sec[i];
	const struct mg_stmts *v = &p->stmts[i];
	mg_diag tmp = MG_DIAG_INIT;
	const char **sql = malloc(v->n * sizeof(*sql));
	size_t *len = malloc(v->n * sizeof(*len));
	int rc;

	if (!sql || !len) {
		free(sql);
		free(len);
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	}
	for (size_t k = 0; k < v->n; k++) {
		sql[k] = sec->sql + v->v[k].off;
		len[k] = v->v[k].len;
	}
	*failed = defer ? v->n : 0;
	rc = defer ? r->drv->exec_defer(r->conn, sql, len, v->n, failed, &tmp)
		   : r->drv->exec_list(r->conn, sql, len, v->n, failed, &tmp);
	free(sql);
	free(len);
	if (rc == 0 || (defer && rc > 0))
		return rc;
	if (defer)
		return mg_run_error(d, &tmp, "statement failed", st, sec->line);
	if (*failed >= v->n)
		*failed = 0;
	return mg_run_error(d, &tmp, "statement failed", st,
			    sec->line + v->v[*failed].line);
}

/* 1 if step i's statements may be kept by exec_defer: a transactional
 * revision with statements, nothing to run between them and its COMMIT
 * (no --verify, no re-read of the stamp), a stamp moved from one row to
 * one, and a driver with exec_defer. */
static int may_defer(mg_runner *r, const struct mg_prepared *p, size_t i,
		     unsigned flags, int recheck)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);

	return p->sec[i] && p->stmts[i].n >= 1 && !recheck &&
	       !(flags & MG_RUN_VERIFY) && st->ndel == 1 && st->nadd == 1 &&
	       MG_DRV_HAS_MINOR(r->drv, 6, exec_defer);
}

/* hint: say what stays of a revision outside a transaction that fails;
 * tx: inside the revision's transaction */
static int exec_all(mg_runner *r, const struct mg_prepared *p,
		    size_t i, int hint, int tx, mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	const struct migrator_section *sec = p->sec[i];
	mg_diag tmp = MG_DIAG_INIT;
	size_t failed;

	if (tx && sec && p->stmts[i].n >= 2 &&
	    MG_DRV_HAS_MINOR(r->drv, 5, exec_list))
		return exec_listed(r, p, i, 0, &failed, d);
	for (size_t k = 0; sec && k < p->stmts[i].n; k++) {
		const struct mg_stmt *s = &p->stmts[i].v[k];

		if (r->drv->exec(r->conn, sec->sql + s->off, s->len, &tmp)) {
			if (hint) {
				partial_hint(&tmp, st, sec, &p->stmts[i], k);
				mg_run_invalid_hint(r, &tmp);
			}
			return mg_run_error(d, &tmp, "statement failed", st,
					  sec->line + s->line);
		}
	}
	return 0;
}

/*
 * The step's run-history row, stamp move and COMMIT, in its transaction.
 * ms -1: the statements were kept by exec_defer and go with them, and
 * *deferred (NULL otherwise) says which of them failed, if one did, for
 * the error to name it as exec_all would have.
 */
static int finish_step(mg_runner *r, const struct mg_prepared *p, size_t i,
		       const char *started, long long ms,
		       const size_t *deferred, unsigned *failed_in, mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	const struct migrator_section *sec = p->sec[i];
	mg_diag tmp = MG_DIAG_INIT;
	const char *what = "could not write the run history";
	int rc = mg_history_write(r, st, sec, started, ms, &tmp);

	if (!rc) {
		what = "could not move the stamp";
		rc = r->drv->stamp_write(r->conn, r->version_table, st->del,
					 st->ndel, st->add, st->nadd, &tmp);
	}
	if (!rc) {
		what = "commit failed";
		rc = r->drv->commit(r->conn, &tmp);
	}
	if (!rc)
		return 0;
	if (deferred && *deferred < p->stmts[i].n) {
		if (failed_in)
			*failed_in |= MG_STEP_IN_STMT;
		return mg_run_error(d, &tmp, "statement failed", st,
				    sec->line + p->stmts[i].v[*deferred].line);
	}
	return mg_run_error(d, &tmp, what, st, sec ? sec->line : 0);
}

/* Outside a transaction: the session's own timeouts back after the
 * statements, whatever became of them; rc is theirs, and it wins. */
static int timeouts_off(mg_runner *r, const struct migrator_step *st, int rc,
			mg_diag *d)
{
	mg_diag tmp = MG_DIAG_INIT;
	int off = mg_run_timeouts(r, st, 0, 0, rc ? &tmp : d);

	mg_diag_clear(&tmp);
	return rc ? rc : off;
}

/*
 * Runs step i.  *moved is set (and nothing run) when the stamp is no longer
 * rows because another runner got there first.
 */
int mg_run_step(mg_runner *r, const struct mg_prepared *p, size_t i,
		unsigned flags, mg_strvec *rows, int *moved,
		unsigned *failed_in, mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	int tx = mg_rev_in_tx(r, st->rev);
	int recheck = !(mg_runner_caps(r) & MIGRATOR_CAP_RUN_LOCK);
	/* lock timeouts: not on a scratch database, where nobody waits */
	int timed = !(flags & MG_RUN_SCRATCH);
	/* outside a transaction the timeouts are the session's: set only
	 * around statements (behind a transaction pooler a session setting
	 * and its RESET may land on different server connections) */
	int has_stmts = p->sec[i] && p->stmts[i].n > 0;
	unsigned long t0 = mg_now_ms();
	char started[32];
	size_t deferred_failed = 0;
	int set = 0, deferred = 0, rc;

	mg_history_now(started);
	if (tx && !recheck)
		rc = mg_run_begin(r, st, timed, &set, d);
	else if (tx || recheck)
		rc = r->drv->begin(r->conn, d);
	else
		rc = 0;
	if (rc)
		return rc;
	if (recheck) {
		rc = stamp_unchanged(r, rows, d);
		if (rc <= 0) {
			rollback_quietly(r);
			*moved = rc == 0;
			return rc < 0 ? rc : 0;
		}
	}
	if (!tx) {
		/* statement by statement outside any transaction; the stamp
		 * moves in its own transaction once they all succeeded */
		rc = recheck ? r->drv->commit(r->conn, d) : 0;
		if (rc)
			rollback_quietly(r);
		if (!rc && timed && has_stmts)
			rc = mg_run_timeouts(r, st, 0, 1, d);
		if (!rc) {
			rc = exec_all(r, p, i, !(flags & MG_RUN_SCRATCH), 0,
				      d);
			if (rc && failed_in)
				*failed_in |= MG_STEP_IN_STMT;
		}
		if (timed && has_stmts)
			rc = timeouts_off(r, st, rc, d);
		if (!rc)
			rc = r->drv->begin(r->conn, d);
		if (rc)
			return rc;
	} else {
		rc = timed && !set ? mg_run_timeouts(r, st, 1, 1, d) : 0;
		if (!rc && may_defer(r, p, i, flags, recheck)) {
			rc = exec_listed(r, p, i, 1, &deferred_failed, d);
			deferred = rc == 0;
			if (rc > 0) /* not kept: they run below */
				rc = 0;
		}
		if (!rc && !deferred) {
			rc = exec_all(r, p, i, 0, 1, d);
			if (rc && failed_in)
				*failed_in |= MG_STEP_IN_STMT;
		}
	}
	if (!rc && (flags & MG_RUN_VERIFY)) {
		rc = mg_run_verify(r, p, i, tx, flags, d);
		if (rc && failed_in)
			*failed_in |= MG_STEP_IN_VERIFY;
	}
	if (!rc)
		rc = finish_step(r, p, i, started,
				 deferred ? -1 : (long long)(mg_now_ms() - t0),
				 deferred ? &deferred_failed : NULL, failed_in,
				 d);
	if (rc) {
		rollback_quietly(r);
		return rc;
	}
	if (move_rows(rows, st))
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	return 0;
}

/* mg_run_step, again while it fails for lack of a lock and retries are
 * left (runner_retry.c). */
static int run_step_retrying(mg_runner *r, const struct mg_prepared *p,
			     size_t i, unsigned flags, mg_strvec *rows,
			     int *moved, mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	struct mg_lock_retry state = {0, 0};
	unsigned failed_in;
	int rc;

	/* only a statement of the revision is retried: a run lock that timed
	 * out in begin (behind a pooler) waited its --lock-timeout already */
	do {
		failed_in = 0;
		rc = mg_run_step(r, p, i, flags, rows, moved, &failed_in, d);
	} while (mg_lock_retry(r, st, failed_in & MG_STEP_IN_STMT ? rc : 0,
			       &state, d));
	return rc;
}

/* after_step for hook plugins; rc is the step's outcome. */
static int hooks_after_step(mg_runner *r, struct mg_hook_view *hv,
			    size_t i, unsigned long ms, int rc,
			    mg_diag *d)
{
	struct migrator_hook_step *hs = &hv->steps[i];
	int hrc;

	hs->elapsed_ms = ms;
	hs->ok = rc == 0;
	hrc = mg_hooks_after_step(&r->hooks, hs, d);
	hs->elapsed_ms = 0;
	hs->ok = 0;
	return rc ? rc : hrc;
}

/* Runs a prepared plan; stops early with *moved set when the stamp moved
 * under us.  hv: the hook plugins' view of p (hv->started: they want the
 * steps). */
static int run_plan(mg_runner *r, const struct mg_prepared *p,
		    unsigned flags, struct mg_hook_view *hv, mg_strvec *rows,
		    mg_strvec *ran, int *moved, mg_diag *d)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct migrator_step *st = mg_plan_step(p->plan, i);
		unsigned long t0 = mg_now_ms();
		int rc;

		if (hv->started) {
			rc = mg_hooks_before_step(&r->hooks, &hv->steps[i], d);
			if (rc)
				return rc;
		}
		mg_runner_step_event(r, MIGRATOR_EVENT_STEP_START, st, 0, i,
				     p->n);
		rc = run_step_retrying(r, p, i, flags, rows, moved, d);
		if (*moved && !rc)
			return 0; /* nothing ran: no after_step */
		if (hv->started)
			rc = hooks_after_step(r, hv, i, mg_now_ms() - t0, rc, d);
		if (rc)
			return rc;
		if (ran && mg_strvec_push(ran, st->rev->id) < 0)
			return mg_diag_set(d, MIGRATOR_ENOMEM,
						 "out of memory");
		mg_runner_step_event(r, MIGRATOR_EVENT_STEP_DONE, st,
				     mg_now_ms() - t0, i, p->n);
	}
	return 0;
}

/* stamp_ensure in its own transaction: SQLite takes its write lock for it,
 * so concurrent first runs do not race on CREATE TABLE. */
int mg_run_ensure_tables(mg_runner *r, mg_diag *d)
{
	int rc = r->drv->begin(r->conn, d);

	if (rc)
		return rc;
	rc = r->drv->stamp_ensure(r->conn, r->version_table, d);
	if (!rc)
		rc = mg_history_ensure(r, d);
	if (!rc)
		rc = r->drv->commit(r->conn, d);
	if (rc)
		rollback_quietly(r);
	return rc;
}

/*
 * Connects for a run.  An upgrade may create the database (a new SQLite
 * file), but only once the scripts that would run from base check out and
 * the hook plugins' before_run accepted that plan (hv->started then), so
 * bad scripts or a refusing plugin (lint --strict) leave no file behind:
 * it first connects without creating.  target_known: tgt is resolved (not
 * a +N/-N that needs the stamp).
 */
static int connect_for_run(mg_runner *r,
			   enum migrator_direction direction, unsigned flags,
			   const mg_revset *tgt, int target_known,
			   struct mg_hook_view *hv, struct mg_prepared *kept,
			   mg_diag *d)
{
	mg_revset none = MG_REVSET_INIT;
	struct mg_prepared p;
	int rc = mg_runner_load_plugin(r, d);

	if (rc || direction != MIGRATOR_UPGRADE)
		return rc ? rc : mg_runner_connect(r, 0, d);
	rc = mg_runner_connect(r, 0, d);
	/* A lock wait, or a server that cannot be reached, fails the same
	 * way again after waiting as long again (issue 21: upgrade waited
	 * twice --lock-timeout): the first answer is the answer. */
	if (rc == 0 || rc == MIGRATOR_ELOCK ||
	    (r->drv->caps & MIGRATOR_CAP_NO_CREATE))
		return rc;
	mg_diag_clear(d);
	/* No database yet (or one that cannot be opened: connecting again
	 * with CREATE says why), so everything from base would run. */
	if (target_known) {
		memset(&p, 0, sizeof(p));
		rc = mg_prepare(&p, r->graph, direction, &none, tgt, 0,
				r->dialects, d);
		if (!rc && (flags & MG_RUN_VERIFY))
			rc = mg_prepare_verify(&p, r, d);
		if (!rc)
			rc = mg_hooks_start(hv, r, &p, direction, 0, &none, d);
		if (rc) {
			mg_prepared_free(&p);
			return rc;
		}
		/* the plan from base, kept for a new database's run (run()
		 * plans again if the stamp it reads is not empty) */
		*kept = p;
	}
	return mg_runner_connect(r, MIGRATOR_CONNECT_CREATE, d);
}

static int run(mg_runner *r, enum migrator_direction direction,
	       const char *target, unsigned flags, mg_strvec *ran,
	       mg_diag *d)
{
	mg_strvec rows = MG_STRVEC_INIT;
	mg_revset cur = MG_REVSET_INIT;
	mg_revset tgt = MG_REVSET_INIT;
	struct mg_hook_view hv;
	struct mg_prepared p, kept;
	int locked = 0, drop = 0, rc;

	memset(&p, 0, sizeof(p));
	memset(&kept, 0, sizeof(kept));
	memset(&hv, 0, sizeof(hv));
	rc = mg_runner_load_graph(r, d);
	/* a plugin that cannot load stops the run before it creates or
	 * connects to anything */
	if (!rc)
		rc = mg_runner_load_hooks(r, NULL, d);
	/* A target that does not depend on the stamp is checked before
	 * connecting, so a bad one creates no database file. */
	if (!rc && !mg_target_is_relative(direction, target))
		rc = mg_resolve_target(&tgt, &drop, r->graph, direction, target,
				       NULL, d);
	if (!rc)
		rc = connect_for_run(r, direction, flags, &tgt,
				     !mg_target_is_relative(direction, target),
				     &hv, &kept, d);
	if (!rc)
		rc = mg_runner_lock(r, d);
	if (rc)
		goto out;
	locked = 1;
	/* Read and plan before writing anything: bad scripts (a missing
	 * section, SQL that cannot be split) leave the database untouched. */
	rc = r->drv->stamp_read(r->conn, r->version_table, &rows, d);
	if (rc)
		goto out;
	mg_strvec_sort(&rows);
	rc = mg_revset_from_stamp(&cur, r->graph,
					(const char *const *)rows.v, rows.n, d);
	if (!rc && mg_target_is_relative(direction, target))
		rc = mg_resolve_target(&tgt, &drop, r->graph, direction, target,
				       &cur, d);
	if (!rc && direction == MIGRATOR_UPGRADE)
		rc = mg_history_warn_edited(NULL, r, &cur, d);
	if (!rc && kept.plan && rows.n == 0 && cur.n == 0 && !drop) {
		/* a new database: the plan connect_for_run made from base
		 * (the same target, verify sections included) */
		p = kept;
		memset(&kept, 0, sizeof(kept));
	} else if (!rc) {
		rc = mg_prepare(&p, r->graph, direction, &cur, &tgt, drop,
				r->dialects, d);
		if (!rc && (flags & MG_RUN_VERIFY))
			rc = mg_prepare_verify(&p, r, d);
	}
	if (!rc)
		rc = mg_run_outside_tx_check(r, &p, d);
	/* before_run sees the whole plan while nothing is written yet: a
	 * plugin that fails here (lint --strict) leaves the database as it
	 * was, and backup copies it before the first change */
	if (!rc)
		rc = mg_hooks_start(&hv, r, &p, direction, 0, &cur, d);
	/* Nothing to run and a stamp read that found rows (so the table is
	 * there): no transaction at all.  A no-op run is then the lock, one
	 * stamp read and the unlock, and it writes nothing. */
	if (!rc && (p.n > 0 || rows.n == 0))
		rc = mg_run_ensure_tables(r, d);
	for (int replans = 0; !rc; replans++) {
		int moved = 0;

		rc = run_plan(r, &p, flags, &hv, &rows, ran, &moved, d);
		mg_prepared_free(&p);
		if (rc || !moved)
			break;
		if (replans == MAX_REPLANS) {
			rc = mg_diag_set(d, MIGRATOR_EDB,
					       "the stamp keeps moving under "
					       "this run");
			break;
		}
		mg_runner_event(r, MIGRATOR_EVENT_INFO, NULL, 0,
				"another runner moved the stamp; "
				"planning again", NULL);
		mg_revset_clear(&cur);
		rc = mg_revset_from_stamp(&cur, r->graph,
						(const char *const *)rows.v,
						rows.n, d);
		if (!rc)
			rc = mg_prepare(&p, r->graph, direction, &cur, &tgt,
					drop, r->dialects, d);
		if (!rc && (flags & MG_RUN_VERIFY))
			rc = mg_prepare_verify(&p, r, d);
		if (!rc)
			rc = mg_run_outside_tx_check(r, &p, d);
		if (!rc)
			rc = mg_hooks_start(&hv, r, &p, direction, 0, &cur, d);
	}
out:
	mg_prepared_free(&p);
	mg_prepared_free(&kept);
	if (locked)
		rc = mg_runner_unlock(r, rc, d);
	if (hv.started)
		mg_hooks_after_run(&r->hooks, &hv.run, rc == 0,
				   rc ? d->message : NULL);
	mg_hook_view_free(&hv);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	mg_strvec_clear(&rows);
	return rc;
}

int mg_runner_upgrade(mg_runner *r, const char *target,
			    mg_strvec *ran, mg_diag *d)
{
	return run(r, MIGRATOR_UPGRADE, target, 0, ran, d);
}

int mg_runner_upgrade_verified(mg_runner *r, const char *target,
			       mg_strvec *ran, mg_diag *d)
{
	return run(r, MIGRATOR_UPGRADE, target, MG_RUN_VERIFY, ran, d);
}

int mg_runner_downgrade(mg_runner *r, const char *target,
			      mg_strvec *ran, mg_diag *d)
{
	return run(r, MIGRATOR_DOWNGRADE, target, 0, ran, d);
}
