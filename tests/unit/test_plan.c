/*
 * test_plan.c - upgrade and downgrade plans: which revisions, in which
 * order, and the exact stamp delta of every step, through branches, merges
 * and depends_on; round trips; missing sections.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph_build.h"
#include "graph.h"
#include "plan.h"
#include "tap.h"

/*
 * aa01 - aa02 -+- bb01 (left) - bb02 -+- mm01 - zz01
 *              +- cc01 (right) - cc02 -+
 */
#define G1 \
	"aa01; aa02<aa01; bb01<aa02 label=left; bb02<bb01; " \
	"cc01<aa02 label=right; cc02<cc01; mm01<bb02,cc02; zz01<mm01"
/* Two branches; b1 depends on a1 and b2 on a2. */
#define GDEP "a1; a2<a1; b1 dep=a1; b2<b1 dep=a2"

static mg_graph *spec(const char *text)
{
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	int rc = mg_graph_from_spec(&g, text, &d);

	if (!check_int(rc, ==, 0))
		printf("# %s\n", d.message ? d.message : "?");
	mg_diag_clear(&d);
	return g;
}

static void set_of(mg_revset *s, const mg_graph *g,
		   const char *ids)
{
	char buf[512], *save = NULL;

	s->n = 0;
	snprintf(buf, sizeof(buf), "%s", ids);
	for (char *t = strtok_r(buf, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		const struct migrator_revision *r = mg_graph_get(g, t);

		if (!check(r != NULL))
			printf("# no revision %s\n", t);
		else
			check_int(mg_revset_add(s, r), ==, 0);
	}
}

static char *set_str(const mg_revset *s)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < s->n; i++)
		len += strlen(s->v[i]->id) + 1;
	out = calloc(len, 1);
	if (!out)
		abort();
	for (size_t i = 0; i < s->n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, s->v[i]->id);
	}
	return out;
}

/*
 * Applies the plan's deltas to stamp (a revset standing for the table's
 * rows), checking that every deleted row is there and every inserted row
 * is not: the deltas must be exact.
 */
static int apply(mg_revset *stamp, const mg_graph *g,
		 const migrator_plan *p)
{
	int ok = 1;

	for (size_t i = 0; i < mg_plan_size(p); i++) {
		const struct migrator_step *s = mg_plan_step(p, i);

		for (size_t j = 0; j < s->ndel; j++) {
			const struct migrator_revision *r =
				mg_graph_get(g, s->del[j]);
			size_t k;

			for (k = 0; k < stamp->n && stamp->v[k] != r; k++)
				;
			if (!check(k < stamp->n)) {
				printf("# step %s deletes %s: not stamped\n",
				       s->rev->id, s->del[j]);
				ok = 0;
				continue;
			}
			memmove(stamp->v + k, stamp->v + k + 1,
				(stamp->n - k - 1) * sizeof(*stamp->v));
			stamp->n--;
		}
		for (size_t j = 0; j < s->nadd; j++) {
			const struct migrator_revision *r =
				mg_graph_get(g, s->add[j]);

			if (!check(!mg_revset_has(stamp, r))) {
				printf("# step %s inserts %s twice\n",
				       s->rev->id, s->add[j]);
				ok = 0;
			}
			check_int(mg_revset_add(stamp, r), ==, 0);
		}
	}
	return ok;
}

/* The applied set of stamp (ancestors through parents and depends_on). */
static unsigned char *applied_of(const mg_graph *g,
				 const mg_revset *stamp)
{
	size_t n = mg_graph_size(g);
	unsigned char *a = calloc(n ? n : 1, 1);

	if (!a)
		abort();
	for (size_t i = 0; i < stamp->n; i++)
		a[stamp->v[i]->order] = 1;
	/* Reverse topological order: descendants come later. */
	for (size_t i = n; i-- > 0;) {
		const struct migrator_revision *r = mg_graph_at(g, i);

		if (!a[i])
			continue;
		for (size_t j = 0; j < r->n_parents; j++)
			a[r->parents[j]->order] = 1;
		for (size_t j = 0; j < r->n_depends; j++)
			a[r->depends[j]->order] = 1;
	}
	return a;
}

/* The stamp the applied set calls for: applied revisions without an
 * applied child along parent links. */
static char *heads_of(const mg_graph *g, const unsigned char *a)
{
	mg_revset s = MG_REVSET_INIT;
	char *out;

	for (size_t i = 0; i < mg_graph_size(g); i++) {
		const struct migrator_revision *r = mg_graph_at(g, i);
		int head = a[i];

		for (size_t j = 0; head && j < r->n_children; j++)
			if (a[r->children[j]->order])
				head = 0;
		/* a dependency is covered by its dependent's row too */
		for (size_t j = 0; head && j < r->n_dependents; j++)
			if (a[r->dependents[j]->order])
				head = 0;
		if (head)
			mg_revset_add(&s, r);
	}
	out = set_str(&s);
	mg_revset_clear(&s);
	return out;
}

static char *steps_str(const migrator_plan *p)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < mg_plan_size(p); i++)
		len += strlen(mg_plan_step(p, i)->rev->id) + 1;
	out = calloc(len, 1);
	if (!out)
		abort();
	for (size_t i = 0; i < mg_plan_size(p); i++) {
		if (i)
			strcat(out, " ");
		strcat(out, mg_plan_step(p, i)->rev->id);
	}
	return out;
}

/* One step's delta as "-a -b +c". */
static char *delta_str(const struct migrator_step *s)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < s->ndel; i++)
		len += strlen(s->del[i]) + 2;
	for (size_t i = 0; i < s->nadd; i++)
		len += strlen(s->add[i]) + 2;
	out = calloc(len, 1);
	if (!out)
		abort();
	for (size_t i = 0; i < s->ndel; i++) {
		strcat(out, *out ? " -" : "-");
		strcat(out, s->del[i]);
	}
	for (size_t i = 0; i < s->nadd; i++) {
		strcat(out, *out ? " +" : "+");
		strcat(out, s->add[i]);
	}
	return out;
}

/*
 * Plans from current to target (ids), checks the steps, the deltas
 * (";"-separated, one per step; NULL to skip) and the final stamp, which
 * must also equal the heads of the resulting applied set.
 */
static void expect_plan(const mg_graph *g, int down,
			const char *current, const char *target,
			const char *steps, const char *deltas,
			const char *final)
{
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT, tgt = MG_REVSET_INIT;
	migrator_plan *p = NULL;
	char *got;
	int rc;

	set_of(&cur, g, current);
	set_of(&tgt, g, target);
	rc = down ? mg_plan_downgrade(&p, g, &cur, &tgt, &d) :
		    mg_plan_upgrade(&p, g, &cur, &tgt, &d);
	if (!check_int(rc, ==, 0)) {
		printf("# %s: %s\n", target, d.message ? d.message : "?");
		goto out;
	}
	got = steps_str(p);
	if (!check_str(got, steps))
		printf("# %s from [%s] to [%s]\n", down ? "down" : "up",
		       current, target);
	free(got);
	if (deltas) {
		char want[1024];
		size_t len = 0;

		want[0] = '\0';
		for (size_t i = 0; i < mg_plan_size(p); i++) {
			char *ds = delta_str(mg_plan_step(p, i));

			len += (size_t)snprintf(want + len, sizeof(want) - len,
						"%s%s", i ? "; " : "", ds);
			free(ds);
		}
		check_str(want, deltas);
	}
	for (size_t i = 0; i < mg_plan_size(p); i++)
		check_int(mg_plan_step(p, i)->direction, ==,
			 down ? MIGRATOR_DOWNGRADE : MIGRATOR_UPGRADE);
	if (apply(&cur, g, p)) {
		unsigned char *a = applied_of(g, &cur);
		char *h = heads_of(g, a);

		got = set_str(&cur);
		check_str(got, final);
		check_str(got, h); /* the stamp is the applied set's heads */
		free(got);
		free(h);
		free(a);
	}
out:
	mg_plan_free(p);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	mg_diag_clear(&d);
}

static void test_linear(void)
{
	mg_graph *g = spec("a; b<a; c<b");

	if (!g)
		return;
	expect_plan(g, 0, "", "c", "a b c", "+a; -a +b; -b +c", "c");
	expect_plan(g, 0, "a", "c", "b c", "-a +b; -b +c", "c");
	expect_plan(g, 0, "c", "c", "", "", "c");   /* already there */
	expect_plan(g, 0, "c", "a", "", "", "c");   /* already past it */
	expect_plan(g, 0, "b", "", "", "", "b");    /* upgrade to base */
	expect_plan(g, 1, "c", "a", "c b", "-c +b; -b +a", "a");
	expect_plan(g, 1, "c", "", "c b a", "-c +b; -b +a; -a", "");
	expect_plan(g, 1, "c", "c", "", "", "c");
	expect_plan(g, 1, "", "", "", "", "");
	mg_graph_free(g);
}

static void test_not_applied(void)
{
	mg_graph *g = spec(G1);
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT, tgt = MG_REVSET_INIT;
	migrator_plan *p = (migrator_plan *)1;
	int rc;

	if (!g)
		return;
	set_of(&cur, g, "bb01");
	set_of(&tgt, g, "zz01");
	rc = mg_plan_downgrade(&p, g, &cur, &tgt, &d);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check(p == NULL);
	check_str(d.message, "revision zz01 is not applied; use upgrade");
	mg_diag_clear(&d);
	/* A revision of another, unapplied branch is not applied either. */
	set_of(&tgt, g, "cc01");
	rc = mg_plan_downgrade(&p, g, &cur, &tgt, &d);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check_str(d.message, "revision cc01 is not applied; use upgrade");
	mg_diag_clear(&d);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	mg_graph_free(g);
}

static void test_branches_up(void)
{
	mg_graph *g = spec(G1);

	if (!g)
		return;
	expect_plan(g, 0, "", "bb02", "aa01 aa02 bb01 bb02",
		    "+aa01; -aa01 +aa02; -aa02 +bb01; -bb01 +bb02", "bb02");
	/* The second branch starts from a parent that is not stamped. */
	expect_plan(g, 0, "bb02", "cc02", "cc01 cc02", "+cc01; -cc01 +cc02",
		    "bb02 cc02");
	/* The merge deletes both heads. */
	expect_plan(g, 0, "bb02 cc02", "zz01", "mm01 zz01",
		    "-bb02 -cc02 +mm01; -mm01 +zz01", "zz01");
	/* Upgrading to the merge pulls in the other branch first. */
	expect_plan(g, 0, "bb01", "mm01", "bb02 cc01 cc02 mm01",
		    "-bb01 +bb02; +cc01; -cc01 +cc02; -bb02 -cc02 +mm01",
		    "mm01");
	/* Both heads of a branch point at once. */
	expect_plan(g, 0, "aa02", "bb01 cc01", "bb01 cc01",
		    "-aa02 +bb01; +cc01", "bb01 cc01");
	mg_graph_free(g);
}

static void test_branches_down(void)
{
	mg_graph *g = spec(G1);

	if (!g)
		return;
	/* -1 from the merge point: both parents come back. */
	expect_plan(g, 1, "mm01", "bb02 cc02", "mm01", "-mm01 +bb02 +cc02",
		    "bb02 cc02");
	/* Down to one parent: the other branch stays. */
	expect_plan(g, 1, "zz01", "bb02", "zz01 mm01",
		    "-zz01 +mm01; -mm01 +bb02 +cc02", "bb02 cc02");
	/* Down to the branch point removes both branches. */
	expect_plan(g, 1, "bb02 cc02", "aa02", "cc02 cc01 bb02 bb01",
		    "-cc02 +cc01; -cc01; -bb02 +bb01; -bb01 +aa02", "aa02");
	/* Down on one branch leaves the other alone. */
	expect_plan(g, 1, "bb02 cc02", "cc01", "cc02", "-cc02 +cc01",
		    "bb02 cc01");
	expect_plan(g, 1, "zz01", "", "zz01 mm01 cc02 cc01 bb02 bb01 aa02 aa01",
		    NULL, "");
	mg_graph_free(g);
}

static void test_depends(void)
{
	mg_graph *g = spec(GDEP);

	if (!g)
		return;
	/* a2 runs before b2 although it is on another branch; once b2 is
	 * applied its row covers a2, as Alembic writes alembic_version. */
	expect_plan(g, 0, "", "b2", "a1 a2 b1 b2",
		    "+a1; -a1 +a2; +b1; -b1 -a2 +b2", "b2");
	expect_plan(g, 0, "", "b1", "a1 b1", "+a1; -a1 +b1", "b1");
	/* Downgrading to a depends_on target removes what is built on its
	 * children (a2, and b2 which depends on a2), not b1, which only
	 * depends on a1 (issue R3); rows come back for the parent and the
	 * dependency that nothing covers any more (R1). */
	expect_plan(g, 1, "b2", "a1", "b2 a2", "-b2 +b1 +a2; -a2", "b1");
	expect_plan(g, 1, "b2", "b1", "b2", "-b2 +b1 +a2", "a2 b1");
	expect_plan(g, 1, "b2", "", "b2 b1 a2 a1",
		    "-b2 +b1 +a2; -b1; -a2 +a1; -a1", "");
	/* A stamp naming only the dependent still counts a1 as applied. */
	expect_plan(g, 0, "b1", "a2", "a2", "+a2", "a2 b1");
	mg_graph_free(g);
}

/*
 * Upgrade from S then downgrade to S restores S, for every state S
 * reached by upgrading from base and every target T whose new revisions
 * all descend from S (otherwise they are unrelated and rightly stay), and
 * always for S = base.
 */
static void roundtrip(const char *text, size_t *tried)
{
	mg_graph *g = spec(text);
	size_t n;

	if (!g)
		return;
	n = mg_graph_size(g);
	for (size_t i = 0; i <= n; i++) {
		for (size_t j = 0; j < n; j++) {
			mg_diag d = MG_DIAG_INIT;
			mg_revset base = MG_REVSET_INIT,
					s = MG_REVSET_INIT,
					t = MG_REVSET_INIT;
			migrator_plan *p = NULL;
			unsigned char *desc = NULL;
			char *want = NULL, *got = NULL;
			int rc, related = 1;

			/* S: base (i == n) or the stamp after upgrading to
			 * revision i. */
			if (i < n) {
				mg_revset_add(&t, mg_graph_at(g, i));
				rc = mg_plan_upgrade(&p, g, &base, &t, &d);
				if (!check_int(rc, ==, 0))
					goto next;
				apply(&s, g, p);
				mg_plan_free(p);
				p = NULL;
			}
			want = set_str(&s);
			t.n = 0;
			mg_revset_add(&t, mg_graph_at(g, j));
			rc = mg_plan_upgrade(&p, g, &s, &t, &d);
			if (!check_int(rc, ==, 0))
				goto next;
			/* Which revisions are built on a child of S (or all,
			 * for base): what a downgrade to S removes.  One that
			 * only depends_on S itself stays (Alembic). */
			desc = calloc(2 * n, 1);
			if (!desc)
				abort();
			for (size_t k = 0; k < s.n; k++)
				desc[n + s.v[k]->order] = 1; /* in S */
			for (size_t k = 0; k < n; k++) {
				const struct migrator_revision *r =
					mg_graph_at(g, k);

				for (size_t m = 0; m < r->n_parents; m++) {
					size_t o = r->parents[m]->order;

					desc[k] |= desc[o] | desc[n + o];
				}
				for (size_t m = 0; m < r->n_depends; m++)
					desc[k] |= desc[r->depends[m]->order];
			}
			for (size_t k = 0; k < mg_plan_size(p); k++)
				if (s.n && !desc[mg_plan_step(p, k)
							 ->rev->order])
					related = 0;
			apply(&s, g, p);
			mg_plan_free(p);
			p = NULL;
			if (!related)
				goto next;
			set_of(&t, g, want);
			rc = mg_plan_downgrade(&p, g, &s, &t, &d);
			if (!check_int(rc, ==, 0))
				goto next;
			apply(&s, g, p);
			got = set_str(&s);
			if (!check_str(got, want))
				printf("# up to %s, down to [%s]\n",
				       mg_graph_at(g, j)->id, want);
			(*tried)++;
		next:
			if (d.message)
				printf("# %s\n", d.message);
			mg_plan_free(p);
			mg_revset_clear(&base);
			mg_revset_clear(&s);
			mg_revset_clear(&t);
			mg_diag_clear(&d);
			free(desc);
			free(want);
			free(got);
		}
	}
	mg_graph_free(g);
}

static void test_roundtrips(void)
{
	size_t tried = 0;

	roundtrip(G1, &tried);
	roundtrip(GDEP, &tried);
	roundtrip("r; a<r; b<r; c<r; m<a,b,c; x<m dep=c; y<x", &tried);
	/* Enough pairs qualified for the property to mean something. */
	check(tried >= 60);
	printf("# %zu round trips\n", tried);
}

static void test_check_sections(void)
{
	mg_graph *g = spec("a; b<a nodown; c<b sqlite; e<c noup");
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT, tgt = MG_REVSET_INIT;
	migrator_plan *p = NULL;
	int rc;

	if (!g)
		return;
	set_of(&tgt, g, "c");
	rc = mg_plan_upgrade(&p, g, &cur, &tgt, &d);
	check_int(rc, ==, 0);
	check_int(mg_plan_check_sections(p, "sqlite", &d), ==, 0);
	rc = mg_plan_check_sections(p, "postgresql", &d);
	check_int(rc, ==, MIGRATOR_ESCRIPT);
	check_str(d.message, "revision c has no upgrade section for postgresql");
	check_str(d.file, "c_spec.sql");
	check_str(d.revision, "c");
	mg_diag_clear(&d);
	mg_plan_free(p);
	p = NULL;

	/* An upgrade through e, whose upgrade section is missing. */
	set_of(&tgt, g, "e");
	set_of(&cur, g, "c");
	rc = mg_plan_upgrade(&p, g, &cur, &tgt, &d);
	check_int(rc, ==, 0);
	rc = mg_plan_check_sections(p, "sqlite", &d);
	check_int(rc, ==, MIGRATOR_ESCRIPT);
	check_str(d.message, "revision e has no upgrade section for sqlite");
	mg_diag_clear(&d);
	mg_plan_free(p);
	p = NULL;

	/* Downgrading to base must pass b, which has no downgrade. */
	set_of(&cur, g, "c");
	tgt.n = 0;
	rc = mg_plan_downgrade(&p, g, &cur, &tgt, &d);
	check_int(rc, ==, 0);
	rc = mg_plan_check_sections(p, "sqlite", &d);
	check_int(rc, ==, MIGRATOR_ESCRIPT);
	check_str(d.message, "revision b has no downgrade section for sqlite");
	check_str(d.file, "b_spec.sql");
	check(d.hint && strstr(d.hint, "-- migrator:downgrade") != NULL);
	mg_diag_clear(&d);
	/* Only as far as c: the plain-less c has a sqlite downgrade. */
	mg_plan_free(p);
	p = NULL;
	set_of(&tgt, g, "b");
	rc = mg_plan_downgrade(&p, g, &cur, &tgt, &d);
	check_int(rc, ==, 0);
	check_int(mg_plan_size(p), ==, 1);
	check_int(mg_plan_check_sections(p, "sqlite", &d), ==, 0);
	rc = mg_plan_check_sections(p, "postgresql", &d);
	check_int(rc, ==, MIGRATOR_ESCRIPT);
	mg_diag_clear(&d);
	mg_plan_free(p);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	mg_graph_free(g);
}

#ifndef FIXTURES_DIR
#error "FIXTURES_DIR must name tests/fixtures"
#endif

/* Full upgrade and downgrade plans over a real directory; returns the
 * check_sections result for dialect in direction down (0 or 1). */
static int sections_of(const char *dir, int down, const char *dialect,
		       mg_diag *d)
{
	mg_graph *g = NULL;
	mg_revset none = MG_REVSET_INIT,
			all = MG_REVSET_INIT;
	migrator_plan *p = NULL;
	int rc = mg_graph_load(&g, dir, d);

	if (rc)
		return rc;
	rc = mg_target_resolve(&all, g, "heads", NULL, d);
	if (rc == 0)
		rc = down ? mg_plan_downgrade(&p, g, &all, &none, d) :
			    mg_plan_upgrade(&p, g, &none, &all, d);
	if (rc == 0) {
		check_int(mg_plan_size(p), ==, mg_graph_size(g));
		rc = mg_plan_check_sections(p, dialect, d);
	}
	mg_plan_free(p);
	mg_revset_clear(&all);
	mg_graph_free(g);
	return rc;
}

static void test_sections_on_files(void)
{
	const char *sample = FIXTURES_DIR "/../../migrations";
	const char *nd = FIXTURES_DIR "/no_downgrade";
	mg_diag d = MG_DIAG_INIT;
	int rc;

	/* The sample project runs both ways on both backends. */
	for (int down = 0; down < 2; down++) {
		rc = sections_of(sample, down, "sqlite", &d);
		if (!check_int(rc, ==, 0))
			printf("# %s\n", d.message ? d.message : "?");
		mg_diag_clear(&d);
		rc = sections_of(sample, down, "postgresql", &d);
		if (!check_int(rc, ==, 0))
			printf("# %s\n", d.message ? d.message : "?");
		mg_diag_clear(&d);
	}
	rc = sections_of(nd, 0, "sqlite", &d);
	check_int(rc, ==, 0);
	mg_diag_clear(&d);
	rc = sections_of(nd, 1, "sqlite", &d);
	check_int(rc, ==, MIGRATOR_ESCRIPT);
	check_str(d.message,
		  "revision 5b5b5b5b5b5b has no downgrade section for sqlite");
	check(d.file && strstr(d.file, "no_downgrade/5b5b5b5b5b5b_seed_"
				       "settings.sql") != NULL);
	check_str(d.revision, "5b5b5b5b5b5b");
	mg_diag_clear(&d);
}

/* 100,000 revisions up and down: no recursion, no quadratic walk. */
static void test_big(void)
{
	enum { N = 100000 };
	size_t cap = (size_t)N * 24, len = 0;
	char *text = malloc(cap);
	mg_graph *g = NULL;
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT, tgt = MG_REVSET_INIT;
	migrator_plan *p = NULL;
	const struct migrator_step *s;
	int rc;

	if (!check(text != NULL))
		return;
	len += (size_t)snprintf(text, cap, "r0000000");
	for (int i = 1; i < N; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"; r%07d<r%07d", i, i - 1);
	g = spec(text);
	free(text);
	if (!g)
		return;
	mg_revset_add(&tgt, mg_graph_at(g, N - 1));
	rc = mg_plan_upgrade(&p, g, &cur, &tgt, &d);
	check_int(rc, ==, 0);
	check_int(mg_plan_size(p), ==, N);
	s = mg_plan_step(p, N - 1);
	check(s && s->ndel == 1 && strcmp(s->add[0], "r0099999") == 0);
	mg_plan_free(p);
	p = NULL;
	rc = mg_plan_downgrade(&p, g, &tgt, &cur, &d);
	check_int(rc, ==, 0);
	check_int(mg_plan_size(p), ==, N);
	s = mg_plan_step(p, N - 1);
	check(s && strcmp(s->rev->id, "r0000000") == 0 && s->nadd == 0);
	mg_plan_free(p);
	mg_revset_clear(&cur);
	mg_revset_clear(&tgt);
	mg_diag_clear(&d);
	mg_graph_free(g);
}

int main(void)
{
	TEST(test_linear(), "a chain: up, down, already there");
	TEST(test_not_applied(), "downgrade to an unapplied revision");
	TEST(test_branches_up(), "upgrades through a branch and a merge");
	TEST(test_branches_down(), "downgrades through a merge and a branch");
	TEST(test_depends(), "depends_on orders and stays a head");
	TEST(test_roundtrips(), "upgrade then downgrade restores the stamp");
	TEST(test_check_sections(), "missing sections are found up front");
	TEST(test_sections_on_files(), "sections of real migration files");
	TEST(test_big(), "100,000 revisions up and down");
	return test_done();
}
