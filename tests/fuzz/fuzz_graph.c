/*
 * fuzz_graph.c - linking revisions into a graph (graph.c, graph_order.c)
 * from a compact description (mg_graph_from_spec, see graph_build.h), then
 * planning a full upgrade and a full downgrade.
 *
 * Besides not crashing: from base to every head runs each revision once,
 * after its parents and depends_on; from there back to base runs each once,
 * before them.  A graph error (cycle, dangling or duplicate ID) names a file.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "graph_build.h"
#include "plan.h"
#include "target.h"

/* The position of each revision in the plan, through rev->order. */
static void check_order(const mg_graph *g, const migrator_plan *p,
			int down)
{
	size_t n = mg_graph_size(g);
	size_t *pos = calloc(n ? n : 1, sizeof(*pos));

	FUZZ_CHECK(pos != NULL);
	FUZZ_CHECK(mg_plan_size(p) == n);
	for (size_t i = 0; i < n; i++) {
		const struct migrator_step *s = mg_plan_step(p, i);

		FUZZ_CHECK(s->rev->order < n && pos[s->rev->order] == 0);
		pos[s->rev->order] = i + 1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct migrator_revision *r = mg_graph_at(g, i);

		FUZZ_CHECK(r->order == i);
		for (size_t k = 0; k < r->n_parents + r->n_depends; k++) {
			const struct migrator_revision *q =
				k < r->n_parents ? r->parents[k]
						 : r->depends[k - r->n_parents];

			if (down)
				FUZZ_CHECK(pos[q->order] > pos[r->order]);
			else
				FUZZ_CHECK(pos[q->order] < pos[r->order]);
		}
	}
	free(pos);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mg_graph *g = NULL;
	mg_revset base = MG_REVSET_INIT;
	mg_revset heads = MG_REVSET_INIT;
	migrator_plan *p = NULL;
	mg_diag d = MG_DIAG_INIT;
	char *spec;
	int rc;

	spec = malloc(size + 1);
	FUZZ_CHECK(spec != NULL);
	memcpy(spec, data, size);
	spec[size] = '\0';
	rc = mg_graph_from_spec(&g, spec, &d);
	if (rc != 0) {
		FUZZ_CHECK(rc == d.code && g == NULL);
		FUZZ_CHECK(rc == MIGRATOR_ESCRIPT || rc == MIGRATOR_EUSAGE ||
			   rc == MIGRATOR_ENOMEM);
		FUZZ_CHECK_MESSAGE(d.message);
		goto out;
	}
	rc = mg_target_resolve(&heads, g, "heads", NULL, &d);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(mg_plan_upgrade(&p, g, &base, &heads, &d) == 0);
	check_order(g, p, 0);
	mg_plan_free(p);
	p = NULL;
	FUZZ_CHECK(mg_plan_downgrade(&p, g, &heads, &base, &d) == 0);
	check_order(g, p, 1);
out:
	mg_plan_free(p);
	mg_graph_free(g);
	mg_revset_clear(&heads);
	mg_diag_clear(&d);
	free(spec);
	return 0;
}
