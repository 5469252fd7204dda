/*
 * check.c - `check`: the migrations' schema against the live one.
 *
 * The scratch database comes from scratch.c (the driver's
 * scratch_connect: SQLite opens one in memory, PostgreSQL creates a
 * database of its own and drops it when the scratch connection closes;
 * scratch.c makes sure that happens also when a signal stops the run).  The migrations from base to the
 * stamp run there as upgrade would run them (each transactional revision
 * between begin and commit, others statement by statement), without a
 * stamp or history table, so both sides hold the same kinds of tables.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_schema.h"
#include "runner_int.h"
#include "scratch.h"

/* Runs one prepared step on the scratch connection; with stamp, its
 * stamp change too, in its transaction as a run makes it. */
static int build_step(mg_runner *r, struct migrator_conn *sc,
		      const struct mg_prepared *p, size_t i, int stamp,
		      mg_diag *d)
{
	const struct migrator_step *st = mg_plan_step(p->plan, i);
	const struct migrator_section *sec = p->sec[i];
	int tx = mg_rev_in_tx(r, st->rev);
	mg_diag tmp = MG_DIAG_INIT;
	int rc = tx ? r->drv->begin(sc, &tmp) : 0;

	for (size_t k = 0; !rc && sec && k < p->stmts[i].n; k++) {
		const struct mg_stmt *s = &p->stmts[i].v[k];

		rc = r->drv->exec(sc, sec->sql + s->off, s->len, &tmp);
		if (rc)
			mg_diag_locate(d, st->rev->script->path,
					     sec->line + s->line);
	}
	if (!rc && stamp)
		rc = r->drv->stamp_write(sc, r->version_table, st->del,
					 st->ndel, st->add, st->nadd, &tmp);
	if (!rc && tx)
		rc = r->drv->commit(sc, &tmp);
	if (rc) {
		if (tx) {
			mg_diag ignore = MG_DIAG_INIT;

			r->drv->rollback(sc, &ignore);
			mg_diag_clear(&ignore);
		}
		mg_diag_set(d, MIGRATOR_EDB,
				  "could not build the expected schema: "
				  "revision %s failed on the scratch database",
				  st->rev->id);
		mg_diag_detail(d, "%s", tmp.message ? tmp.message
							   : "unknown error");
		mg_diag_revision(d, st->rev->id);
		rc = MIGRATOR_EDB;
	}
	mg_diag_clear(&tmp);
	return rc;
}

int mg_check_build(mg_runner *r, struct migrator_conn *sc,
		   const mg_revset *target, int stamp, mg_diag *d)
{
	mg_revset base = MG_REVSET_INIT;
	struct mg_prepared p;
	int rc;

	rc = mg_prepare(&p, r->graph, MIGRATOR_UPGRADE, &base, target, 0,
			r->dialects, d);
	if (!rc && stamp)
		rc = r->drv->stamp_ensure(sc, r->version_table, d);
	for (size_t i = 0; !rc && i < p.n; i++) {
		rc = build_step(r, sc, &p, i, stamp, d);
		if (!rc)
			rc = mg_scratch_poll(r, d);
	}
	if (p.plan)
		mg_prepared_free(&p);
	return rc;
}

/* The records of the tools `migrator adopt` takes databases over from
 * (Alembic; dbmate and golang-migrate; Flyway): adopt leaves them where
 * they are, so that both tools can run side by side while a team
 * switches, and check must not report them as drift meanwhile.  (Sqitch
 * keeps its registry in a schema or file of its own.) */
static const char *const foreign_records[] = {
	"alembic_version", "schema_migrations", "flyway_schema_history",
};
#define NFOREIGN (sizeof foreign_records / sizeof foreign_records[0])

int mg_schema_snapshot(struct migrator_schema **out, mg_runner *r,
		       struct migrator_conn *c, mg_diag *d)
{
	const char *exclude[2 + NFOREIGN];
	int rc;

	exclude[0] = r->version_table;
	exclude[1] = r->history_table;
	for (size_t i = 0; i < NFOREIGN; i++)
		exclude[2 + i] = foreign_records[i];
	rc = mg_schema_new(out, exclude, 2 + NFOREIGN);
	if (rc)
		return mg_diag_set(d, rc, "out of memory");
	return r->drv->introspect(c, *out, d);
}

int mg_runner_check(mg_check **out, mg_runner *r,
			  mg_diag *d)
{
	mg_revset cur = MG_REVSET_INIT;
	struct migrator_schema *want = NULL, *have = NULL;
	struct migrator_conn *sc = NULL;
	int rc;

	*out = NULL;
	/* an unsupported driver is named before anything connects */
	rc = mg_runner_load_plugin(r, d);
	if (!rc)
		rc = mg_scratch_supported(r, "check", d);
	if (!rc)
		rc = mg_runner_current(&cur, r, d);
	if (rc)
		goto out;
	rc = mg_scratch_open(&sc, r, d);
	if (!rc)
		rc = mg_check_build(r, sc, &cur, 0, d);
	if (!rc)
		rc = mg_schema_snapshot(&want, r, sc, d);
	if (!rc)
		rc = mg_schema_snapshot(&have, r, r->conn, d);
	rc = mg_scratch_close(r, sc, rc, d);
	if (!rc) {
		rc = mg_schema_diff(out, want, have, 0);
		if (rc)
			mg_diag_set(d, rc, "out of memory");
	}
out:
	mg_schema_free(want);
	mg_schema_free(have);
	mg_revset_clear(&cur);
	return rc;
}
