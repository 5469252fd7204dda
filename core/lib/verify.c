/*
 * verify.c - `migrator verify`: the walk (verify.h).
 *
 * The steps run through the runner's own step code (mg_run_step: begin,
 * statements, verify section, history row, stamp, commit), which works
 * on r->conn: while the walk runs, the scratch connection stands in for
 * the live one.  The live connection (where the driver needs one to make
 * a scratch database: PostgreSQL's CREATE DATABASE) only creates and
 * drops the scratch database; nothing runs on it.  SQLite's scratch
 * database is in memory and needs none (MIGRATOR_CAP_SCRATCH_ALONE), so
 * verify never opens, nor creates, the URL's file.
 *
 * Snapshots are check's (mg_schema_snapshot, mg_schema_diff): what the
 * schema model carries, verify compares, column order included (which
 * check leaves out).  S0 of a revision is S3 of the
 * one before it, taken once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_schema.h"
#include "runner_int.h"
#include "scratch.h"
#include "verify.h"
#include "verify_data.h"

struct walk {
	mg_runner *r;
	mg_verify *out;
	struct mg_prepared up; /* the range's upgrade steps, with their
				* verify sections */
	mg_strvec rows;        /* the scratch database's stamp, sorted */
	struct migrator_schema *before; /* S0 of the next revision; NULL:
					 * take it */
	int stop; /* the scratch database no longer holds what the
		   * migrations build: nothing after it can be judged */
	/* --with-data (verify_data.c): rows made for every table before
	 * each upgrade, counted after each move; NULL: none.  filled: the
	 * tables held rows when a step failed (its hint says so). */
	struct mg_vdata *data;
	int filled;
};

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* A step failed with e: a finding (0, e moved into it), unless a signal
 * caused it or memory ran out (the error). */
static int found(struct walk *w, enum mg_finding_kind kind,
		 const struct migrator_revision *rev, mg_diag *e, mg_diag *d)
{
	if (w->r->interrupted) {
		mg_diag_clear(e);
		return mg_scratch_poll(w->r, d);
	}
	if (e->code == MIGRATOR_ENOMEM) {
		mg_diag_clear(e);
		return nomem(d);
	}
	if (!e->code) /* a driver that forgot to say why */
		mg_diag_set(e, MIGRATOR_EDB, "unknown error");
	if (w->filled && kind != MG_FIND_NO_DOWNGRADE &&
	    kind != MG_FIND_SEVERAL_HEADS)
		mg_vdata_hint(w->data, e);
	if (mg_verify_add(w->out, kind, rev, e, NULL))
		return nomem(d);
	return 0;
}

/* Step i of p on the scratch database; its error in e. */
static int step(struct walk *w, const struct mg_prepared *p, size_t i,
		unsigned flags, unsigned *failed_in, mg_diag *e)
{
	int moved = 0;
	int rc = mg_run_step(w->r, p, i, flags | MG_RUN_SCRATCH, &w->rows,
			     &moved, failed_in, e);

	if (!rc && moved) /* nobody else writes the scratch database */
		rc = mg_diag_set(e, MIGRATOR_EDB,
				 "the scratch database's stamp moved");
	return rc;
}

static int snapshot(struct walk *w, struct migrator_schema **out,
		    mg_diag *d)
{
	int rc = mg_schema_snapshot(out, w->r, w->r->conn, d);

	if (rc) {
		mg_schema_free(*out);
		*out = NULL;
	}
	return rc ? rc : mg_scratch_poll(w->r, d);
}

/* The differences from expected to found, as one finding if any. */
static int compare(struct walk *w, enum mg_finding_kind kind,
		   const struct migrator_revision *rev,
		   struct migrator_schema *expected,
		   struct migrator_schema *found_, mg_diag *d)
{
	mg_check *c = NULL;

	/* both sides are built by the same scripts: order counts */
	if (mg_schema_diff(&c, expected, found_, MG_SCHEMA_COLUMN_ORDER))
		return nomem(d);
	if (!mg_check_size(c)) {
		mg_check_free(c);
		return 0;
	}
	return mg_verify_add(w->out, kind, rev, NULL, c) ? nomem(d) : 0;
}

static int no_downgrade(struct walk *w, const struct migrator_revision *rev,
			mg_diag *d)
{
	mg_diag e = MG_DIAG_INIT;

	mg_diag_set(&e, MIGRATOR_ESCRIPT, "no downgrade section for %s",
		    w->r->dialects[0]);
	mg_diag_hint(&e, "Add a \"-- migrator:downgrade\" section that "
			 "undoes the upgrade.");
	mg_diag_locate(&e, rev->script->path, 0);
	mg_diag_revision(&e, rev->id);
	if (!e.message) {
		mg_diag_clear(&e);
		return nomem(d);
	}
	return found(w, MG_FIND_NO_DOWNGRADE, rev, &e, d);
}

/* The downgrade of rev, the revision just applied: one step. */
static int prepare_down(struct walk *w, struct mg_prepared *down,
			const struct migrator_revision *rev, mg_diag *d)
{
	mg_revset cur = MG_REVSET_INIT, drop = MG_REVSET_INIT;
	int rc;

	rc = mg_revset_from_stamp(&cur, w->r->graph,
				  (const char *const *)w->rows.v, w->rows.n, d);
	if (!rc && mg_revset_add(&drop, rev) < 0)
		rc = nomem(d);
	if (!rc)
		rc = mg_prepare(down, w->r->graph, MIGRATOR_DOWNGRADE, &cur,
				&drop, 1, w->r->dialects, d);
	mg_revset_clear(&cur);
	mg_revset_clear(&drop);
	return rc;
}

/* Upgrade with the verify section: S1 in *s1, or a finding (and maybe
 * w->stop) and *s1 NULL. */
static int up_verified(struct walk *w, size_t i,
		       struct migrator_schema **s1, mg_diag *d)
{
	const struct migrator_revision *rev = mg_plan_step(w->up.plan, i)->rev;
	mg_diag e = MG_DIAG_INIT;
	unsigned failed_in = 0;
	int rc;

	*s1 = NULL;
	rc = step(w, &w->up, i, MG_RUN_VERIFY, &failed_in, &e);
	if (rc && (failed_in & MG_STEP_IN_VERIFY)) {
		rc = found(w, MG_FIND_VERIFY_FAILED, rev, &e, d);
		if (rc)
			return rc;
		/* Rolled back: build it again, unchecked, to go on.  Outside
		 * a transaction its statements stayed and its stamp did not
		 * move: nothing after it can be built. */
		if (!mg_rev_in_tx(w->r, rev)) {
			w->stop = 1;
			return 0;
		}
		rc = step(w, &w->up, i, 0, NULL, &e);
	}
	if (rc) {
		w->stop = 1;
		return found(w, MG_FIND_UPGRADE_FAILED, rev, &e, d);
	}
	return snapshot(w, s1, d);
}

/* Down (S2 against S0) and up again (S3 against S1); w->before becomes
 * S3, or NULL when the state is not known.  An upgrade that fails, or
 * builds another schema, the second time stops the walk. */
static int down_up(struct walk *w, size_t i, struct migrator_schema *s1,
		   mg_diag *d)
{
	const struct migrator_revision *rev = mg_plan_step(w->up.plan, i)->rev;
	struct migrator_schema *s2 = NULL, *s3 = NULL;
	struct mg_prepared down;
	mg_diag e = MG_DIAG_INIT;
	int rc;

	memset(&down, 0, sizeof(down));
	rc = prepare_down(w, &down, rev, d);
	if (!rc && step(w, &down, 0, 0, NULL, &e)) {
		rc = found(w, MG_FIND_DOWNGRADE_FAILED, rev, &e, d);
		goto out; /* rolled back, or half done: look again */
	}
	if (!rc)
		rc = snapshot(w, &s2, d);
	if (!rc && w->data)
		rc = mg_vdata_count(w->data, 2, d);
	if (!rc)
		rc = compare(w, MG_FIND_DOWNGRADE_DRIFT, rev, w->before, s2, d);
	if (!rc && step(w, &w->up, i, 0, NULL, &e)) {
		w->stop = 1;
		rc = found(w, MG_FIND_REUPGRADE_FAILED, rev, &e, d);
		goto out;
	}
	if (!rc)
		rc = snapshot(w, &s3, d);
	if (!rc && w->data)
		rc = mg_vdata_count(w->data, 3, d);
	if (!rc) {
		size_t n = mg_verify_size(w->out);

		rc = compare(w, MG_FIND_REUPGRADE_DRIFT, rev, s1, s3, d);
		/* the scratch database no longer holds what the migrations
		 * build: what follows would be judged on another schema */
		if (!rc && mg_verify_size(w->out) > n)
			w->stop = 1;
	}
out:
	mg_prepared_free(&down);
	mg_schema_free(w->before);
	w->before = rc ? NULL : s3;
	if (rc)
		mg_schema_free(s3);
	mg_schema_free(s2);
	return rc;
}

static int round_trip(struct walk *w, size_t i, mg_diag *d)
{
	const struct migrator_revision *rev = mg_plan_step(w->up.plan, i)->rev;
	struct migrator_schema *s1 = NULL;
	int rc = 0;

	if (!w->before)
		rc = snapshot(w, &w->before, d);
	if (!rc && w->data) {
		rc = mg_vdata_fill(w->data, w->out, rev, i, d);
		w->filled = !rc;
	}
	if (!rc)
		rc = up_verified(w, i, &s1, d);
	if (rc || !s1)
		goto out;
	if (w->data)
		rc = mg_vdata_count(w->data, 1, d);
	if (rc)
		goto out;
	if (!mg_script_section_of(rev->script, MIGRATOR_DOWNGRADE,
				  w->r->dialects, NULL)) {
		/* it stays applied: S1 is the next revision's S0 */
		mg_schema_free(w->before);
		w->before = s1;
		s1 = NULL;
		rc = no_downgrade(w, rev, d);
		goto out;
	}
	rc = down_up(w, i, s1, d);
	if (!rc && w->data)
		rc = mg_vdata_compare(w->data, w->out, rev, d);
out:
	if (rc || w->stop) {
		mg_schema_free(w->before);
		w->before = NULL;
	}
	mg_schema_free(s1);
	return rc;
}

/* "verify ID  message", the progress events' text. */
static char *event_text(const struct migrator_revision *rev)
{
	const char *msg = rev->script->message;

	return mg_strdup_printf("verify %s%s%s", rev->id, *msg ? "  " : "",
				msg);
}

static int walk_all(struct walk *w, mg_diag *d)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && !w->stop && i < w->up.n; i++) {
		const struct migrator_step *st = mg_plan_step(w->up.plan, i);
		char *text = event_text(st->rev);
		size_t before = mg_verify_size(w->out);
		unsigned long t0 = mg_now_ms();

		if (!text)
			return nomem(d);
		mg_runner_event_ext(w->r, MIGRATOR_EVENT_VERIFY_START, st, 0,
				    text, NULL, 0);
		rc = round_trip(w, i, d);
		if (!rc)
			mg_runner_event_ext(w->r, MIGRATOR_EVENT_VERIFY_DONE,
					    st, mg_now_ms() - t0, text, NULL,
					    mg_verify_size(w->out) - before);
		free(text);
		if (!rc)
			rc = mg_scratch_poll(w->r, d);
	}
	mg_verify_set_counts(w->out, w->up.n, i,
			     w->stop ? mg_plan_step(w->up.plan, i - 1)->rev
				     : NULL);
	return rc;
}

/* START of START:TARGET and what it is built on, unverified; a failure
 * is the finding of the revision that failed, and stops the walk. */
static int build_start(struct walk *w, const mg_revset *start, mg_diag *d)
{
	mg_revset none = MG_REVSET_INIT;
	struct mg_prepared p;
	char *text;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = mg_prepare(&p, w->r->graph, MIGRATOR_UPGRADE, &none, start, 0,
			w->r->dialects, d);
	if (!rc && p.n) {
		text = mg_strdup_printf("building the scratch database up to "
					"the start of the range: %zu "
					"revision%s, not verified",
					p.n, p.n == 1 ? "" : "s");
		if (text)
			mg_runner_event(w->r, MIGRATOR_EVENT_INFO, NULL, 0,
					text, NULL);
		free(text);
	}
	for (size_t i = 0; !rc && !w->stop && i < p.n; i++) {
		mg_diag e = MG_DIAG_INIT;

		if (step(w, &p, i, 0, NULL, &e)) {
			w->stop = 1;
			rc = found(w, MG_FIND_UPGRADE_FAILED,
				   mg_plan_step(p.plan, i)->rev, &e, d);
			/* the range's first revision is where it stopped */
			if (!rc)
				mg_verify_set_counts(w->out, w->up.n, 0,
						     mg_plan_step(p.plan, i)->rev);
		}
		if (!rc)
			rc = mg_scratch_poll(w->r, d);
	}
	mg_prepared_free(&p);
	return rc;
}

/* More than one head, as a finding (pytest-alembic's single head test). */
static int heads(struct walk *w, mg_diag *d)
{
	const struct migrator_revision *const *v;
	struct mg_buf b = MG_BUF_INIT;
	mg_diag e = MG_DIAG_INIT;
	size_t n;
	int rc;

	v = mg_graph_heads(w->r->graph, &n);
	if (n < 2)
		return 0;
	rc = mg_buf_printf(&b, "the graph has %zu heads: ", n);
	if (!rc)
		rc = mg_revs_format(&b, v, n, MG_REVS_CAP);
	if (!rc)
		mg_diag_set(&e, MIGRATOR_ESCRIPT, "%s", mg_buf_cstr(&b));
	mg_buf_free(&b);
	if (rc || !e.message) {
		mg_diag_clear(&e);
		return nomem(d);
	}
	mg_diag_hint(&e, "Merge them (migrator merge -m MESSAGE heads), or "
			 "allow branches if they are meant to stay.");
	return found(w, MG_FIND_SEVERAL_HEADS, NULL, &e, d);
}

/* The walk on the scratch database sc, which stands in for r->conn. */
static int on_scratch(struct walk *w, struct migrator_conn *sc,
		      const mg_revset *start, mg_diag *d)
{
	struct migrator_conn *live = w->r->conn;
	int rc;

	w->r->conn = sc;
	rc = mg_run_ensure_tables(w->r, d);
	if (!rc && start->n)
		rc = build_start(w, start, d);
	if (!rc && !w->stop)
		rc = walk_all(w, d);
	w->r->conn = live;
	return rc;
}

/* Everything that can be wrong with the scripts or the driver, found
 * before a scratch database is made. */
static int prepare(struct walk *w, const char *range, unsigned flags,
		   const struct mg_verify_data *data, mg_revset *start,
		   mg_diag *d)
{
	mg_runner *r = w->r;
	mg_revset tgt = MG_REVSET_INIT;
	int rc;

	rc = mg_runner_load_graph(r, d);
	if (!rc)
		rc = mg_runner_load_plugin(r, d);
	if (!rc)
		rc = mg_scratch_supported(r, "verify", d);
	if (!rc)
		rc = mg_resolve_range(start, &tgt, r->graph, range, d);
	if (!rc)
		rc = mg_prepare(&w->up, r->graph, MIGRATOR_UPGRADE, start, &tgt,
				0, r->dialects, d);
	if (!rc)
		rc = mg_prepare_verify(&w->up, r, d);
	if (!rc && (flags & MG_VERIFY_WITH_DATA))
		rc = mg_vdata_new(&w->data, r, data, d);
	if (!rc)
		rc = mg_verify_new(&w->out) ? nomem(d) : 0;
	if (!rc && w->data)
		mg_verify_set_seed(w->out, data->seed);
	if (!rc && !(flags & MG_VERIFY_ALLOW_BRANCHES))
		rc = heads(w, d);
	/* the live database only where the scratch one is made through it */
	if (!rc && !(r->drv->caps & MIGRATOR_CAP_SCRATCH_ALONE))
		rc = mg_runner_connect(r, 0, d);
	mg_revset_clear(&tgt);
	return rc;
}

int mg_runner_verify(mg_verify **out, mg_runner *r, const char *range,
		     unsigned flags, const struct mg_verify_data *data,
		     mg_diag *d)
{
	mg_revset start = MG_REVSET_INIT;
	struct migrator_conn *sc = NULL;
	struct walk w;
	int rc;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.r = r;
	rc = prepare(&w, range, flags, data, &start, d);
	if (!rc) {
		rc = mg_scratch_open(&sc, r, d);
		if (!rc)
			rc = on_scratch(&w, sc, &start, d);
		rc = mg_scratch_close(r, sc, rc, d);
	}
	if (!rc) {
		*out = w.out;
		w.out = NULL;
	}
	mg_verify_free(w.out);
	mg_vdata_free(w.data);
	mg_schema_free(w.before);
	mg_prepared_free(&w.up);
	mg_strvec_clear(&w.rows);
	mg_revset_clear(&start);
	return rc;
}
