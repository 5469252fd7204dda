/*
 * runner_stamp.c - `stamp`: moves the stamp without running migrations.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runner_int.h"

/* 1 if r is an ancestor or descendant of (or equal to) some revision of t. */
static int related(const migrator_graph *g, const struct migrator_rev *r,
		   const migrator_revset *t, migrator_diag *d)
{
	for (size_t i = 0; i < t->n; i++) {
		int rc;

		if (t->v[i] == r)
			return 1;
		rc = mg_rev_is_ancestor(g, r, t->v[i], d);
		if (rc == 0)
			rc = mg_rev_is_ancestor(g, t->v[i], r, d);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * The new stamp: the target's revisions that no other target revision is
 * built on (a dependency has no row of its own, as Alembic writes it), plus
 * the stamped ones on branches the target does not touch (Alembic keeps
 * those).  base empties it; NAME@base (below, when not NULL) empties the
 * rows of below's lineage only.
 */
static int new_stamp(migrator_strvec *out, const migrator_graph *g,
		     const migrator_revset *cur, const migrator_revset *tgt,
		     const struct migrator_rev *below, migrator_diag *d)
{
	migrator_revset keep_of = MIGRATOR_REVSET_INIT;
	const migrator_revset *touch = tgt;

	for (size_t i = 0; i < tgt->n; i++) {
		int covered = 0;

		for (size_t j = 0; j < tgt->n && !covered; j++) {
			int rc = j == i ? 0
					: mg_rev_is_ancestor(g, tgt->v[i],
							     tgt->v[j], d);

			if (rc < 0)
				return rc;
			covered = rc;
		}
		if (!covered && migrator_strvec_push(out, tgt->v[i]->id) < 0)
			return migrator_diag_set(d, MIGRATOR_ENOMEM,
						 "out of memory");
	}
	if (below) {
		if (migrator_revset_add(&keep_of, below) < 0)
			return migrator_diag_set(d, MIGRATOR_ENOMEM,
						 "out of memory");
		touch = &keep_of;
	}
	for (size_t i = 0; touch->n && i < cur->n; i++) {
		int rc = related(g, cur->v[i], touch, d);

		if (rc < 0) {
			migrator_revset_clear(&keep_of);
			return rc;
		}
		if (rc == 0 && migrator_strvec_push(out, cur->v[i]->id) < 0) {
			migrator_revset_clear(&keep_of);
			return migrator_diag_set(d, MIGRATOR_ENOMEM,
						 "out of memory");
		}
	}
	migrator_revset_clear(&keep_of);
	migrator_strvec_sort(out);
	return 0;
}

/* del = rows not in want, add = want not in rows (borrowed pointers). */
static int diff(const char ***del, size_t *ndel, const char ***add,
		size_t *nadd, const migrator_strvec *rows,
		const migrator_strvec *want, migrator_diag *d)
{
	*ndel = *nadd = 0;
	*del = malloc((rows->n ? rows->n : 1) * sizeof(**del));
	*add = malloc((want->n ? want->n : 1) * sizeof(**add));
	if (!*del || !*add)
		return migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	for (size_t i = 0; i < rows->n; i++)
		if (migrator_strvec_find(want, rows->v[i]) < 0)
			(*del)[(*ndel)++] = rows->v[i];
	for (size_t i = 0; i < want->n; i++)
		if (migrator_strvec_find(rows, want->v[i]) < 0)
			(*add)[(*nadd)++] = want->v[i];
	return 0;
}

int migrator_runner_stamp(migrator_runner *r, const char *target, int purge,
			  migrator_diag *d)
{
	migrator_strvec rows = MIGRATOR_STRVEC_INIT;
	migrator_strvec want = MIGRATOR_STRVEC_INIT;
	migrator_revset cur = MIGRATOR_REVSET_INIT;
	migrator_revset tgt = MIGRATOR_REVSET_INIT;
	const char **del = NULL, **add = NULL;
	const struct migrator_rev *below = NULL;
	size_t ndel = 0, nadd = 0;
	int locked = 0, in_tx = 0, rc;

	rc = mg_runner_load_graph(r, d);
	if (!rc && !mg_target_is_relative(MIGRATOR_UPGRADE, target))
		rc = migrator_target_resolve(&tgt, r->graph, target, NULL, d);
	if (!rc)
		rc = migrator_target_below(&below, r->graph, target, d);
	if (!rc)
		rc = mg_runner_connect(r, MIGRATOR_CONNECT_CREATE, d);
	if (!rc)
		rc = mg_runner_lock(r, d);
	if (rc)
		goto out;
	locked = 1;
	rc = r->drv->begin(r->conn, d);
	if (rc)
		goto out;
	in_tx = 1;
	rc = r->drv->stamp_ensure(r->conn, r->version_table, d);
	if (!rc)
		rc = r->drv->stamp_read(r->conn, r->version_table, &rows, d);
	if (rc)
		goto out;
	if (purge) {
		/* rows may name nothing; relative targets then start at base */
		migrator_diag tmp = MIGRATOR_DIAG_INIT;

		if (migrator_revset_from_stamp(&cur, r->graph,
					       (const char *const *)rows.v,
					       rows.n, &tmp))
			migrator_revset_clear(&cur);
		migrator_diag_clear(&tmp);
	} else {
		rc = migrator_revset_from_stamp(&cur, r->graph,
						(const char *const *)rows.v,
						rows.n, d);
	}
	if (!rc && mg_target_is_relative(MIGRATOR_UPGRADE, target))
		rc = migrator_target_resolve(&tgt, r->graph, target, &cur, d);
	if (!rc) {
		/* --purge keeps nothing of the old stamp */
		migrator_revset none = MIGRATOR_REVSET_INIT;

		rc = new_stamp(&want, r->graph, purge ? &none : &cur, &tgt,
			       below, d);
	}
	if (!rc)
		rc = diff(&del, &ndel, &add, &nadd, &rows, &want, d);
	if (!rc && (ndel || nadd))
		rc = r->drv->stamp_write(r->conn, r->version_table, del, ndel,
					 add, nadd, d);
	if (!rc) {
		rc = r->drv->commit(r->conn, d);
		in_tx = rc != 0;
	}
out:
	if (in_tx) {
		migrator_diag tmp = MIGRATOR_DIAG_INIT;

		r->drv->rollback(r->conn, &tmp);
		migrator_diag_clear(&tmp);
	}
	if (locked)
		rc = mg_runner_unlock(r, rc, d);
	free(del);
	free(add);
	migrator_strvec_clear(&rows);
	migrator_strvec_clear(&want);
	migrator_revset_clear(&cur);
	migrator_revset_clear(&tgt);
	return rc;
}
