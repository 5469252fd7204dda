/*
 * runner_stamp.c - `stamp`: moves the stamp without running migrations.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "graph_build.h"
#include "runner_int.h"

/*
 * The new stamp: the target's revisions that no other target revision is
 * built on (a dependency has no row of its own, as Alembic writes it), plus
 * the stamped ones on branches the target does not touch, neither below
 * nor above it (Alembic keeps those).  base empties it; NAME@base (below,
 * when not NULL) empties the rows of below's lineage only.  Two marking
 * walks, whatever the number of rows.
 */
static int new_stamp(mg_strvec *out, const mg_graph *g,
		     const mg_revset *cur, const mg_revset *tgt,
		     const struct migrator_revision *below, mg_diag *d)
{
	size_t n = mg_graph_size(g), m = n ? n : 1;
	const struct migrator_revision *const *touch = below ? &below : tgt->v;
	size_t ntouch = below ? 1 : tgt->n;
	/* one mark array per walk: a walk stops at what is marked */
	unsigned char *covered = calloc(m, 1), *under = calloc(m, 1),
		      *over = calloc(m, 1);
	const struct migrator_revision **stack = calloc(m, sizeof(*stack));
	int rc = covered && under && over && stack ? 0 : MIGRATOR_ENOMEM;

	if (rc == 0) {
		mg_graph_mark(covered, stack, tgt->v, tgt->n,
			      MG_BELOW | MG_STRICT);
		mg_graph_mark(under, stack, touch, ntouch, MG_BELOW);
		mg_graph_mark(over, stack, touch, ntouch, MG_ABOVE);
	}
	for (size_t i = 0; rc == 0 && i < tgt->n; i++)
		if (!covered[tgt->v[i]->order] &&
		    mg_strvec_push(out, tgt->v[i]->id) < 0)
			rc = MIGRATOR_ENOMEM;
	for (size_t i = 0; rc == 0 && ntouch && i < cur->n; i++)
		if (!under[cur->v[i]->order] && !over[cur->v[i]->order] &&
		    mg_strvec_push(out, cur->v[i]->id) < 0)
			rc = MIGRATOR_ENOMEM;
	free(covered);
	free(under);
	free(over);
	free(stack);
	if (rc)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	mg_strvec_sort(out);
	return 0;
}

/* del = rows not in want, add = want not in rows (borrowed pointers). */
static int diff(const char ***del, size_t *ndel, const char ***add,
		size_t *nadd, const mg_strvec *rows,
		const mg_strvec *want, mg_diag *d)
{
	*ndel = *nadd = 0;
	*del = malloc((rows->n ? rows->n : 1) * sizeof(**del));
	*add = malloc((want->n ? want->n : 1) * sizeof(**add));
	if (!*del || !*add)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	for (size_t i = 0; i < rows->n; i++)
		if (mg_strvec_find(want, rows->v[i]) < 0)
			(*del)[(*ndel)++] = rows->v[i];
	for (size_t i = 0; i < want->n; i++)
		if (mg_strvec_find(rows, want->v[i]) < 0)
			(*add)[(*nadd)++] = want->v[i];
	return 0;
}

/* The stamp for target, or (target NULL) for the revisions ids[0..n). */
static int stamp(mg_runner *r, const char *target, const char *const *ids,
		 size_t n, int purge, int *changed, mg_diag *d)
{
	mg_strvec rows = MG_STRVEC_INIT;
	mg_strvec want = MG_STRVEC_INIT;
	mg_revset cur = MG_REVSET_INIT;
	mg_revset tgt = MG_REVSET_INIT;
	const char **del = NULL, **add = NULL;
	const struct migrator_revision *below = NULL;
	size_t ndel = 0, nadd = 0;
	int locked = 0, in_tx = 0, rc;

	*changed = 0;
	rc = mg_runner_load_graph(r, d);
	if (!rc && !target)
		rc = mg_revset_from_stamp(&tgt, r->graph, ids, n, d);
	else if (!rc && !mg_target_is_relative(MIGRATOR_UPGRADE, target))
		rc = mg_target_resolve(&tgt, r->graph, target, NULL, d);
	if (!rc && target)
		rc = mg_target_below(&below, r->graph, target, d);
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
		mg_diag tmp = MG_DIAG_INIT;

		if (mg_revset_from_stamp(&cur, r->graph,
					       (const char *const *)rows.v,
					       rows.n, &tmp))
			mg_revset_clear(&cur);
		mg_diag_clear(&tmp);
	} else {
		rc = mg_revset_from_stamp(&cur, r->graph,
						(const char *const *)rows.v,
						rows.n, d);
	}
	if (!rc && target && mg_target_is_relative(MIGRATOR_UPGRADE, target))
		rc = mg_target_resolve(&tgt, r->graph, target, &cur, d);
	if (!rc) {
		/* --purge keeps nothing of the old stamp */
		mg_revset none = MG_REVSET_INIT;

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
		*changed = !rc && (ndel || nadd);
	}
out:
	if (in_tx) {
		mg_diag tmp = MG_DIAG_INIT;

		r->drv->rollback(r->conn, &tmp);
		mg_diag_clear(&tmp);
	}
	if (locked)
		rc = mg_runner_unlock(r, rc, d);
	free(del);
	free(add);
	mg_strvec_clear(&rows);
	mg_strvec_clear(&want);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	return rc;
}

int mg_runner_stamp(mg_runner *r, const char *target, int purge,
		    int *changed, mg_diag *d)
{
	return stamp(r, target, NULL, 0, purge, changed, d);
}

int mg_runner_stamp_ids(mg_runner *r, const char *const *ids, size_t n,
			int *changed, mg_diag *d)
{
	return stamp(r, NULL, ids, n, 0, changed, d);
}
