/*
 * plan.c - which revisions an upgrade or downgrade runs, in which order,
 * and the exact stamp delta of each step.
 *
 * The stamp holds the heads of the applied set along parent and depends_on
 * links alike, as Alembic writes alembic_version: a revision applied as a
 * dependency of an applied revision has no row of its own, the dependent's
 * row covers it as a merge's row covers its parents.  Upgrading r deletes
 * those parents and dependencies of r that are stamped and inserts r;
 * downgrading r deletes r and inserts each parent and dependency that no
 * applied revision covers any more.  Every walk below is iterative, with
 * one mark byte per revision indexed by rev->order.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "graph_build.h"
#include "plan.h"

struct migrator_plan {
	struct mg_arena arena;
	struct migrator_step *steps;
	size_t n;
};

/* Scratch space of one planning run. */
struct work {
	size_t n;
	unsigned char *applied, *keep, *desc, *stamped;
	const struct migrator_revision **stack;
	size_t *live_children; /* applied children and dependents */
};

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static void work_free(struct work *w)
{
	free(w->applied);
	free(w->keep);
	free(w->desc);
	free(w->stamped);
	free(w->stack);
	free(w->live_children);
}

static int work_init(struct work *w, const mg_graph *g, int down)
{
	size_t n = mg_graph_size(g), m = n ? n : 1;

	memset(w, 0, sizeof(*w));
	w->n = n;
	w->applied = calloc(m, 1);
	w->keep = calloc(m, 1);
	w->desc = calloc(m, 1);
	w->stamped = calloc(m, 1);
	w->stack = calloc(m, sizeof(*w->stack));
	if (down)
		w->live_children = calloc(m, sizeof(*w->live_children));
	if (!w->applied || !w->keep || !w->desc || !w->stamped || !w->stack ||
	    (down && !w->live_children)) {
		work_free(w);
		return MIGRATOR_ENOMEM;
	}
	return 0;
}

/* Marks set and all it is built on (MG_BELOW) or all built on it
 * (MG_ABOVE). */
static void mark_closure(unsigned char *mark, const struct migrator_revision **stack,
			 const mg_revset *set, unsigned links)
{
	mg_graph_mark(mark, stack, set->v, set->n, links);
}

/* r's j-th link down: its parents, then its depends_on targets. */
static const struct migrator_revision *link_at(const struct migrator_revision *r,
					  size_t j)
{
	return j < r->n_parents ? r->parents[j] : r->depends[j - r->n_parents];
}

static int plan_new(migrator_plan **out, size_t nsteps, mg_diag *d)
{
	migrator_plan *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return nomem(d);
	if (nsteps == 0)
		goto done;
	if (nsteps > SIZE_MAX / sizeof(*p->steps) ||
	    !(p->steps = mg_arena_alloc(&p->arena,
					nsteps * sizeof(*p->steps)))) {
		mg_plan_free(p);
		return nomem(d);
	}
done:
	*out = p;
	return 0;
}

static const char **id_array(migrator_plan *p, size_t n)
{
	if (n > SIZE_MAX / sizeof(const char *))
		return NULL;
	return mg_arena_alloc(&p->arena, n * sizeof(const char *));
}

/*
 * Marks the stamp rows in w->stamped.  A row that another row covers (a
 * stamp that an earlier migrator wrote with a dependency's own row, or one
 * written by hand) goes to stale instead: the plan's first step deletes
 * it, so every stamp after it is in Alembic's layout, and a downgrade that
 * uncovers that revision inserts its row again.
 */
static int stamp_rows(struct work *w, const mg_revset *current,
		      mg_revset *stale)
{
	unsigned char *covered = calloc(w->n ? w->n : 1, 1);
	int rc = covered ? 0 : MIGRATOR_ENOMEM;

	if (rc == 0)
		mg_graph_mark(covered, w->stack, current->v, current->n,
			      MG_BELOW | MG_STRICT);
	for (size_t i = 0; rc == 0 && i < current->n; i++) {
		const struct migrator_revision *r = current->v[i];

		if (!covered[r->order])
			w->stamped[r->order] = 1;
		else if (mg_revset_add(stale, r) < 0)
			rc = MIGRATOR_ENOMEM;
	}
	free(covered);
	return rc;
}

/* The first step of a plan also deletes the stale rows. */
static int first_del(migrator_plan *p, struct migrator_step *s, size_t links,
		     mg_revset *stale)
{
	size_t extra = p->n == 1 ? stale->n : 0;

	s->del = id_array(p, links + extra);
	if (!s->del)
		return MIGRATOR_ENOMEM;
	for (size_t i = 0; i < extra; i++)
		s->del[s->ndel++] = stale->v[i]->id;
	return 0;
}

/* "upgrade PARENTS -> ID" or "downgrade ID -> PARENTS" ("<base>" for
 * none): the one wording of a step, for progress, --sql and the API. */
int mg_step_line(struct mg_buf *b, const struct migrator_step *st)
{
	const struct migrator_revision *r = st->rev;
	const struct migrator_revision *const *par =
		(const struct migrator_revision *const *)r->parents;

	if (st->direction == MIGRATOR_UPGRADE)
		return mg_buf_puts(b, "upgrade ") ||
		       mg_revs_format(b, par, r->n_parents, MG_REVS_BASE) ||
		       mg_buf_printf(b, " -> %s", r->id)
			       ? MIGRATOR_ENOMEM
			       : 0;
	return mg_buf_printf(b, "downgrade %s -> ", r->id) ||
		       mg_revs_format(b, par, r->n_parents, MG_REVS_BASE)
		       ? MIGRATOR_ENOMEM
		       : 0;
}

/* Each step's text: its line and, after two spaces, the message. */
static int step_texts(migrator_plan *p, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < p->n; i++) {
		struct migrator_step *st = &p->steps[i];
		const char *msg = st->rev->script->message;

		mg_buf_reset(&b);
		rc = mg_step_line(&b, st);
		if (rc == 0 && msg[0] && mg_buf_printf(&b, "  %s", msg) < 0)
			rc = MIGRATOR_ENOMEM;
		if (rc == 0 &&
		    !(st->text = mg_arena_strdup(&p->arena, mg_buf_cstr(&b))))
			rc = MIGRATOR_ENOMEM;
	}
	mg_buf_free(&b);
	return rc ? nomem(d) : 0;
}

int mg_plan_upgrade(migrator_plan **out, const mg_graph *g,
			  const mg_revset *current,
			  const mg_revset *target, mg_diag *d)
{
	mg_revset stale = MG_REVSET_INIT;
	struct work w;
	migrator_plan *p = NULL;
	size_t count = 0;
	int rc;

	*out = NULL;
	if (work_init(&w, g, 0) < 0)
		return nomem(d);
	mark_closure(w.applied, w.stack, current, MG_BELOW);
	mark_closure(w.keep, w.stack, target, MG_BELOW); /* needed */
	for (size_t i = 0; i < w.n; i++)
		count += w.keep[i] && !w.applied[i];
	rc = plan_new(&p, count, d);
	if (!rc && stamp_rows(&w, current, &stale) < 0)
		rc = nomem(d);
	if (rc)
		goto out;
	for (size_t i = 0; i < w.n; i++) {
		const struct migrator_revision *r = mg_graph_at(g, i);
		struct migrator_step *s;

		if (!w.keep[i] || w.applied[i])
			continue;
		s = &p->steps[p->n++];
		s->rev = r;
		s->direction = MIGRATOR_UPGRADE;
		s->add = id_array(p, 1);
		if (first_del(p, s, r->n_parents + r->n_depends, &stale) < 0 ||
		    !s->add) {
			rc = nomem(d);
			goto out;
		}
		for (size_t j = 0; j < r->n_parents + r->n_depends; j++) {
			const struct migrator_revision *par = link_at(r, j);

			if (w.stamped[par->order]) {
				w.stamped[par->order] = 0;
				s->del[s->ndel++] = par->id;
			}
		}
		s->add[s->nadd++] = r->id;
		w.stamped[i] = 1;
	}
out:
	mg_revset_clear(&stale);
	work_free(&w);
	if (rc == 0)
		rc = step_texts(p, d);
	if (rc)
		mg_plan_free(p);
	else
		*out = p;
	return rc;
}

/*
 * Removes every applied revision marked in w->desc (the caller's set to
 * drop, closed over children and dependents), newest first.
 */
static int plan_removal(migrator_plan **out, struct work *w,
			const mg_graph *g, const mg_revset *current,
			mg_diag *d)
{
	mg_revset stale = MG_REVSET_INIT;
	migrator_plan *p = NULL;
	size_t count = 0;
	int rc;

	for (size_t i = 0; i < w->n; i++) {
		const struct migrator_revision *r = mg_graph_at(g, i);

		if (!w->applied[i])
			continue;
		for (size_t j = 0; j < r->n_parents + r->n_depends; j++)
			w->live_children[link_at(r, j)->order]++;
		count += w->desc[i];
	}
	rc = plan_new(&p, count, d);
	if (rc)
		return rc;
	if (stamp_rows(w, current, &stale) < 0) {
		mg_plan_free(p);
		mg_revset_clear(&stale);
		return nomem(d);
	}
	for (size_t i = w->n; i-- > 0;) {
		const struct migrator_revision *r = mg_graph_at(g, i);
		size_t nlinks = r->n_parents + r->n_depends;
		struct migrator_step *s;

		if (!w->applied[i] || !w->desc[i])
			continue;
		s = &p->steps[p->n++];
		s->rev = r;
		s->direction = MIGRATOR_DOWNGRADE;
		s->add = id_array(p, nlinks);
		if (first_del(p, s, 1, &stale) < 0 || !s->add) {
			mg_plan_free(p);
			mg_revset_clear(&stale);
			return nomem(d);
		}
		if (w->stamped[i]) {
			w->stamped[i] = 0;
			s->del[s->ndel++] = r->id;
		}
		w->applied[i] = 0;
		for (size_t j = 0; j < nlinks; j++) {
			const struct migrator_revision *par = link_at(r, j);

			if (--w->live_children[par->order] == 0 &&
			    !w->stamped[par->order]) {
				w->stamped[par->order] = 1;
				s->add[s->nadd++] = par->id;
			}
		}
	}
	mg_revset_clear(&stale);
	rc = step_texts(p, d);
	if (rc) {
		mg_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/* Keeps in w->desc only the applied revisions. */
static void only_applied(struct work *w)
{
	for (size_t i = 0; i < w->n; i++)
		w->desc[i] = w->desc[i] && w->applied[i];
}

int mg_plan_downgrade(migrator_plan **out, const mg_graph *g,
			    const mg_revset *current,
			    const mg_revset *target, mg_diag *d)
{
	mg_revset kids = MG_REVSET_INIT;
	struct work w;
	int rc = 0;

	*out = NULL;
	if (work_init(&w, g, 1) < 0)
		return nomem(d);
	mark_closure(w.applied, w.stack, current, MG_BELOW);
	for (size_t i = 0; i < target->n; i++) {
		const struct migrator_revision *t = target->v[i];

		if (!w.applied[t->order]) {
			mg_diag_set(d, MIGRATOR_EUSAGE,
					  "revision %s is not applied; use "
					  "upgrade",
					  t->id);
			mg_diag_revision(d, t->id);
			rc = MIGRATOR_EUSAGE;
			goto out;
		}
		/* What goes is built on a child of the target; a revision
		 * that only depends_on the target stays (Alembic). */
		for (size_t j = 0; j < t->n_children; j++)
			if (mg_revset_add(&kids, t->children[j]) < 0) {
				rc = nomem(d);
				goto out;
			}
	}
	if (target->n) {
		mark_closure(w.desc, w.stack, &kids, MG_ABOVE);
		/* a target that is also a child of another target stays */
		mark_closure(w.keep, w.stack, target, MG_BELOW);
		for (size_t i = 0; i < w.n; i++)
			w.desc[i] = w.desc[i] && !w.keep[i];
		only_applied(&w);
	} else {
		memcpy(w.desc, w.applied, w.n);
	}
	rc = plan_removal(out, &w, g, current, d);
out:
	mg_revset_clear(&kids);
	work_free(&w);
	return rc;
}

int mg_plan_downgrade_drop(migrator_plan **out, const mg_graph *g,
				 const mg_revset *current,
				 const mg_revset *drop, mg_diag *d)
{
	struct work w;
	int rc;

	*out = NULL;
	if (work_init(&w, g, 1) < 0)
		return nomem(d);
	mark_closure(w.applied, w.stack, current, MG_BELOW);
	mark_closure(w.desc, w.stack, drop, MG_ABOVE);
	only_applied(&w);
	rc = plan_removal(out, &w, g, current, d);
	work_free(&w);
	return rc;
}

void mg_plan_free(migrator_plan *p)
{
	if (!p)
		return;
	mg_arena_free(&p->arena);
	free(p);
}

size_t mg_plan_size(const migrator_plan *p)
{
	return p->n;
}

const struct migrator_step *mg_plan_step(const migrator_plan *p,
					       size_t i)
{
	return i < p->n ? &p->steps[i] : NULL;
}

int mg_plan_check_sections(const migrator_plan *p, const char *dialect,
				 mg_diag *d)
{
	const char *names[] = {dialect, NULL};

	return mg_plan_check_sections_of(p, names, d);
}

int mg_plan_check_sections_of(const migrator_plan *p,
				    const char *const *names,
				    mg_diag *d)
{
	const char *dialect = names && names[0] ? names[0] : "";

	for (size_t i = 0; i < p->n; i++) {
		const struct migrator_step *s = &p->steps[i];
		const struct mg_script *sc = s->rev->script;
		const char *dir = s->direction == MIGRATOR_UPGRADE ?
					  "upgrade" :
					  "downgrade";
		size_t named;

		if (mg_script_section_of(sc, s->direction, names,
					       &named) &&
		    named > 1) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
					  "revision %s has %zu %s sections "
					  "for %s",
					  s->rev->id, named, dir, dialect);
			mg_diag_detail(d, "The driver declares several "
						"names for its dialect; the "
						"file uses more than one.");
			mg_diag_hint(d, "Keep one \"-- migrator:%s %s\" "
					      "section.",
					   dir, dialect);
			mg_diag_locate(d, sc->path, sc->revision_line);
			mg_diag_revision(d, s->rev->id);
			return MIGRATOR_ESCRIPT;
		}
		if (mg_script_section_of(sc, s->direction, names, NULL))
			continue;
		mg_diag_set(d, MIGRATOR_ESCRIPT,
				  "revision %s has no %s section for %s",
				  s->rev->id, dir, dialect);
		mg_diag_hint(d, "Add a \"-- migrator:%s\" section to "
				      "the file (an empty one is a no-op), or "
				      "a \"-- migrator:%s %s\" one.",
				   dir, dir, dialect);
		mg_diag_locate(d, sc->path, sc->revision_line);
		mg_diag_revision(d, s->rev->id);
		return MIGRATOR_ESCRIPT;
	}
	return 0;
}
