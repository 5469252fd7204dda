/*
 * fuzz_target.c - target expressions (migrator_target_resolve and
 * migrator_target_resolve_one) on small fixed graphs, and the upgrade or
 * downgrade plan to whatever they resolve to.
 *
 * Input: byte 0 picks the graph and the current stamp; the rest is the
 * expression (up to the first NUL).
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "graph_build.h"
#include "migrator/plan.h"
#include "migrator/target.h"

/* Branches, a merge, labels, depends_on, shared prefixes; the second graph
 * has two heads, so "head" is ambiguous there. */
static const char *const specs[] = {
	"a1b2c3; a1b2c4<a1b2c3 label=billing; b00001<a1b2c3;"
	"b00002<b00001 dep=a1b2c4; m00001<a1b2c4,b00002 label=merged;"
	"c00001<m00001 nodown; c00002<c00001 label=tail",
	"r1; r2<r1; x1<r2 label=x; x2<x1; y1<r2 label=y,why; y2<y1 dep=x1;"
	"z9<r1 sqlite",
};
#define NGRAPHS (sizeof(specs) / sizeof(specs[0]))

/* Current stamps, by graph; "" is base; NULL: no database. */
static const char *const stamps[NGRAPHS][5] = {
	{NULL, "", "a1b2c3", "m00001", "a1b2c4,b00001"},
	{NULL, "", "r1", "x2,y2,z9", "x1,y1"},
};

static migrator_graph *graphs[NGRAPHS];

static void load_graphs(void)
{
	for (size_t i = 0; i < NGRAPHS; i++) {
		migrator_diag d = MIGRATOR_DIAG_INIT;

		if (graphs[i])
			continue;
		if (mg_graph_from_spec(&graphs[i], specs[i], &d) != 0) {
			fprintf(stderr, "fuzz_target: spec %zu: %s\n", i,
				d.message ? d.message : "?");
			abort();
		}
	}
}

static void stamp_set(migrator_revset *cur, const migrator_graph *g,
		      const char *list)
{
	char buf[64];
	char *save = NULL, *tok;

	FUZZ_CHECK(strlen(list) < sizeof(buf));
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		const struct migrator_rev *r = migrator_graph_get(g, tok);

		FUZZ_CHECK(r != NULL);
		FUZZ_CHECK(migrator_revset_add(cur, r) == 0);
	}
}

static void check_error(int rc, const migrator_diag *d)
{
	FUZZ_CHECK(rc == d->code);
	FUZZ_CHECK(rc == MIGRATOR_EUSAGE || rc == MIGRATOR_ENOMEM ||
		   rc == MIGRATOR_ESCRIPT);
	FUZZ_CHECK_MESSAGE(d->message);
}

static int in_graph(const migrator_graph *g, const struct migrator_rev *r)
{
	return r && migrator_graph_get(g, r->id) == r;
}

/* Plans from cur to target: each step's revision is in the graph, and no
 * revision runs twice. */
static void plan(const migrator_graph *g, const migrator_revset *cur,
		 const migrator_revset *target, int down)
{
	migrator_plan *p = NULL;
	migrator_diag d = MIGRATOR_DIAG_INIT;
	migrator_revset seen = MIGRATOR_REVSET_INIT;
	int rc;

	rc = down ? migrator_plan_downgrade(&p, g, cur, target, &d)
		  : migrator_plan_upgrade(&p, g, cur, target, &d);
	if (rc != 0) {
		check_error(rc, &d);
		FUZZ_CHECK(p == NULL);
		goto out;
	}
	FUZZ_CHECK(p != NULL);
	FUZZ_CHECK(migrator_plan_size(p) <= migrator_graph_size(g));
	for (size_t i = 0; i < migrator_plan_size(p); i++) {
		const struct migrator_step *s = migrator_plan_step(p, i);

		FUZZ_CHECK(in_graph(g, s->rev));
		FUZZ_CHECK(!migrator_revset_has(&seen, s->rev));
		FUZZ_CHECK(migrator_revset_add(&seen, s->rev) == 0);
	}
	rc = migrator_plan_check_sections(p, "postgresql", &d);
	if (rc != 0)
		check_error(rc, &d);
out:
	migrator_plan_free(p);
	migrator_revset_clear(&seen);
	migrator_diag_clear(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	migrator_revset cur = MIGRATOR_REVSET_INIT;
	migrator_revset out = MIGRATOR_REVSET_INIT;
	migrator_diag d = MIGRATOR_DIAG_INIT;
	const struct migrator_rev *one = NULL;
	const migrator_graph *g;
	const char *stamp;
	char *expr;
	int rc;

	if (size < 1)
		return 0;
	load_graphs();
	g = graphs[data[0] % NGRAPHS];
	stamp = stamps[data[0] % NGRAPHS][(data[0] / NGRAPHS) % 5];
	if (stamp)
		stamp_set(&cur, g, stamp);
	expr = malloc(size);
	FUZZ_CHECK(expr != NULL);
	memcpy(expr, data + 1, size - 1);
	expr[size - 1] = '\0';

	rc = migrator_target_resolve(&out, g, expr, stamp ? &cur : NULL, &d);
	if (rc != 0) {
		check_error(rc, &d);
		FUZZ_CHECK(out.n == 0);
	} else {
		for (size_t i = 0; i < out.n; i++) {
			FUZZ_CHECK(in_graph(g, out.v[i]));
			if (i)
				FUZZ_CHECK(strcmp(out.v[i - 1]->id,
						  out.v[i]->id) < 0);
		}
		plan(g, &cur, &out, 0);
		plan(g, &cur, &out, 1);
	}
	migrator_diag_clear(&d);

	rc = migrator_target_resolve_one(&one, g, expr, stamp ? &cur : NULL,
					 &d);
	if (rc != 0)
		check_error(rc, &d);
	else
		FUZZ_CHECK(in_graph(g, one));
	migrator_diag_clear(&d);
	migrator_revset_clear(&out);
	migrator_revset_clear(&cur);
	free(expr);
	return 0;
}
