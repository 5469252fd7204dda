/*
 * fuzz_target.c - target expressions (mg_target_resolve and
 * mg_target_resolve_one) on small fixed graphs, and the upgrade or
 * downgrade plan to whatever they resolve to.
 *
 * Input: byte 0 picks the graph and the current stamp; the rest is the
 * expression (up to the first NUL).
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "graph_build.h"
#include "plan.h"
#include "target.h"

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

static mg_graph *graphs[NGRAPHS];

static void load_graphs(void)
{
	for (size_t i = 0; i < NGRAPHS; i++) {
		mg_diag d = MG_DIAG_INIT;

		if (graphs[i])
			continue;
		if (mg_graph_from_spec(&graphs[i], specs[i], &d) != 0) {
			fprintf(stderr, "fuzz_target: spec %zu: %s\n", i,
				d.message ? d.message : "?");
			abort();
		}
	}
}

static void stamp_set(mg_revset *cur, const mg_graph *g,
		      const char *list)
{
	char buf[64];
	char *save = NULL, *tok;

	FUZZ_CHECK(strlen(list) < sizeof(buf));
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		const struct migrator_revision *r = mg_graph_get(g, tok);

		FUZZ_CHECK(r != NULL);
		FUZZ_CHECK(mg_revset_add(cur, r) == 0);
	}
}

static void check_error(int rc, const mg_diag *d)
{
	FUZZ_CHECK(rc == d->code);
	FUZZ_CHECK(rc == MIGRATOR_EUSAGE || rc == MIGRATOR_ENOMEM ||
		   rc == MIGRATOR_ESCRIPT);
	FUZZ_CHECK_MESSAGE(d->message);
}

static int in_graph(const mg_graph *g, const struct migrator_revision *r)
{
	return r && mg_graph_get(g, r->id) == r;
}

/* Plans from cur to target: each step's revision is in the graph, and no
 * revision runs twice. */
static void plan(const mg_graph *g, const mg_revset *cur,
		 const mg_revset *target, int down)
{
	migrator_plan *p = NULL;
	mg_diag d = MG_DIAG_INIT;
	mg_revset seen = MG_REVSET_INIT;
	int rc;

	rc = down ? mg_plan_downgrade(&p, g, cur, target, &d)
		  : mg_plan_upgrade(&p, g, cur, target, &d);
	if (rc != 0) {
		check_error(rc, &d);
		FUZZ_CHECK(p == NULL);
		goto out;
	}
	FUZZ_CHECK(p != NULL);
	FUZZ_CHECK(mg_plan_size(p) <= mg_graph_size(g));
	for (size_t i = 0; i < mg_plan_size(p); i++) {
		const struct migrator_step *s = mg_plan_step(p, i);

		FUZZ_CHECK(in_graph(g, s->rev));
		FUZZ_CHECK(!mg_revset_has(&seen, s->rev));
		FUZZ_CHECK(mg_revset_add(&seen, s->rev) == 0);
	}
	rc = mg_plan_check_sections(p, "postgresql", &d);
	if (rc != 0)
		check_error(rc, &d);
out:
	mg_plan_free(p);
	mg_revset_clear(&seen);
	mg_diag_clear(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mg_revset cur = MG_REVSET_INIT;
	mg_revset out = MG_REVSET_INIT;
	mg_diag d = MG_DIAG_INIT;
	const struct migrator_revision *one = NULL;
	const mg_graph *g;
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

	rc = mg_target_resolve(&out, g, expr, stamp ? &cur : NULL, &d);
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
	mg_diag_clear(&d);

	rc = mg_target_resolve_one(&one, g, expr, stamp ? &cur : NULL,
					 &d);
	if (rc != 0)
		check_error(rc, &d);
	else
		FUZZ_CHECK(in_graph(g, one));
	mg_diag_clear(&d);
	mg_revset_clear(&out);
	mg_revset_clear(&cur);
	free(expr);
	return 0;
}
