/*
 * test_graph.c - the revision graph: links, order, heads and roots, every
 * graph error, big graphs without recursion, and loading real fixture
 * directories.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "graph_build.h"
#include "graph.h"
#include "sum_cache.h"
#include "tap.h"

#ifndef FIXTURES_DIR
#error "FIXTURES_DIR must name tests/fixtures"
#endif

/* The topological order as "a b c". */
static char *order_str(const mg_graph *g)
{
	size_t n = mg_graph_size(g), len = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(mg_graph_at(g, i)->id) + 1;
	s = calloc(len, 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, mg_graph_at(g, i)->id);
	}
	return s;
}

static char *ids_str(const struct migrator_revision *const *v, size_t n)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]->id) + 1;
	s = calloc(len, 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, v[i]->id);
	}
	return s;
}

static mg_graph *spec(const char *text)
{
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;

	if (!check_int(mg_graph_from_spec(&g, text, &d), ==, 0))
		printf("# %s: %s\n", text, d.message ? d.message : "?");
	mg_diag_clear(&d);
	return g;
}

static void check_order(const mg_graph *g, const char *want)
{
	char *s = order_str(g);

	check_str(s, want);
	free(s);
}

static void check_heads(const mg_graph *g, const char *want)
{
	size_t n;
	const struct migrator_revision *const *v = mg_graph_heads(g, &n);
	char *s = ids_str(v, n);

	check_str(s, want);
	free(s);
}

static void check_roots(const mg_graph *g, const char *want)
{
	size_t n;
	const struct migrator_revision *const *v = mg_graph_roots(g, &n);
	char *s = ids_str(v, n);

	check_str(s, want);
	free(s);
}

/* Every parent and depends_on target comes before its revision. */
static int order_is_topological(const mg_graph *g)
{
	for (size_t i = 0; i < mg_graph_size(g); i++) {
		const struct migrator_revision *r = mg_graph_at(g, i);

		if (r->order != i)
			return 0;
		for (size_t j = 0; j < r->n_parents; j++)
			if (r->parents[j]->order >= i)
				return 0;
		for (size_t j = 0; j < r->n_depends; j++)
			if (r->depends[j]->order >= i)
				return 0;
	}
	return 1;
}

static void test_linear(void)
{
	mg_graph *g = spec("a; b<a; c<b");
	const struct migrator_revision *b;

	if (!g)
		return;
	check_int(mg_graph_size(g), ==, 3);
	check_order(g, "a b c");
	check_heads(g, "c");
	check_roots(g, "a");
	b = mg_graph_get(g, "b");
	check(b != NULL);
	check(mg_graph_get(g, "d") == NULL);
	check(mg_graph_get(g, "") == NULL);
	if (b) {
		check_int(b->n_parents, ==, 1);
		check_str(b->parents[0]->id, "a");
		check_int(b->n_children, ==, 1);
		check_str(b->children[0]->id, "c");
		check(!mg_rev_is_head(b));
		check_str(b->script->path, "b_spec.sql");
	}
	check_int(mg_graph_warnings(g)->n, ==, 0);
	check(mg_graph_dir(g) == NULL);
	mg_graph_free(g);
}

static void test_empty(void)
{
	mg_graph *g = spec("");
	size_t n = 99;

	if (!g)
		return;
	check_int(mg_graph_size(g), ==, 0);
	mg_graph_heads(g, &n);
	check_int(n, ==, 0);
	check(mg_graph_at(g, 0) == NULL);
	check(mg_graph_get(g, "a") == NULL);
	mg_graph_free(g);
	mg_graph_free(NULL);
}

static void test_branches(void)
{
	/* Files in an order unlike the id order; ties go by id. */
	mg_graph *g = spec("r; z<r; y<r; x<y");
	const struct migrator_revision *r;
	const mg_strvec *w;

	if (!g)
		return;
	check_order(g, "r y x z");
	check_heads(g, "x z");
	check_roots(g, "r");
	r = mg_graph_get(g, "r");
	if (r) {
		check(mg_rev_is_branchpoint(r));
		check_int(r->n_children, ==, 2);
		check_str(r->children[0]->id, "y"); /* sorted by id */
		check_str(r->children[1]->id, "z");
	}
	w = mg_graph_warnings(g);
	check_int(w->n, ==, 1);
	if (w->n)
		check_str(w->v[0], "2 heads: x, z");
	mg_graph_free(g);
}

static void test_ties_by_id(void)
{
	mg_graph *g = spec("c; a; b; e<c; d<a");
	const mg_strvec *w;

	if (!g)
		return;
	/* Kahn with a min-heap: d becomes ready after a and sorts before
	 * b, which was ready since the start. */
	check_order(g, "a b c d e");
	check_roots(g, "a b c");
	w = mg_graph_warnings(g);
	check_int(w->n, ==, 2);
	if (w->n == 2)
		check_str(w->v[1], "3 roots: a, b, c");
	mg_graph_free(g);
}

static void test_merge(void)
{
	mg_graph *g = spec("a; c<a; b<a; m<c,b; n<m");
	const struct migrator_revision *m;

	if (!g)
		return;
	check_order(g, "a b c m n");
	check_heads(g, "n");
	m = mg_graph_get(g, "m");
	if (m) {
		check(mg_rev_is_mergepoint(m));
		check_int(m->n_parents, ==, 2);
		check_str(m->parents[0]->id, "c"); /* header order */
		check_str(m->parents[1]->id, "b");
	}
	check_int(mg_graph_warnings(g)->n, ==, 0);
	mg_graph_free(g);
}

static void test_depends(void)
{
	/* aa depends on zz: zz runs first although aa sorts first, and zz
	 * stays a head of its own branch (depends_on is not a parent). */
	mg_graph *g = spec("aa dep=zz; zz; ab<aa");
	const struct migrator_revision *zz;

	if (!g)
		return;
	check_order(g, "zz aa ab");
	check_heads(g, "ab zz");
	check_roots(g, "aa zz");
	zz = mg_graph_get(g, "zz");
	if (zz) {
		check_int(zz->n_children, ==, 0);
		check_int(zz->n_dependents, ==, 1);
		check_str(zz->dependents[0]->id, "aa");
	}
	check(order_is_topological(g));
	mg_graph_free(g);
}

static void test_depends_and_parent(void)
{
	/* Naming the parent in depends_on too is redundant, not an error. */
	mg_graph *g = spec("a; b<a dep=a");

	if (!g)
		return;
	check_order(g, "a b");
	check_heads(g, "b");
	mg_graph_free(g);
}

static void test_labels(void)
{
	mg_graph *g = spec("a; b<a label=billing,money; c<a label=audit");

	if (!g)
		return;
	check(mg_graph_label(g, "billing") == mg_graph_get(g, "b"));
	check(mg_graph_label(g, "money") == mg_graph_get(g, "b"));
	check(mg_graph_label(g, "audit") == mg_graph_get(g, "c"));
	check(mg_graph_label(g, "nope") == NULL);
	mg_graph_free(g);
}

static void test_prefix(void)
{
	mg_graph *g = spec("ab12; ab34; ac56; b");
	size_t first = 99;

	if (!g)
		return;
	check_int(mg_graph_prefix(g, "ab", &first), ==, 2);
	check_str(mg_graph_by_id(g)[first]->id, "ab12");
	check_int(mg_graph_prefix(g, "ac", &first), ==, 1);
	check_str(mg_graph_by_id(g)[first]->id, "ac56");
	check_int(mg_graph_prefix(g, "abc", &first), ==, 0);
	check_int(mg_graph_prefix(g, "zz", &first), ==, 0);
	check_int(mg_graph_prefix(g, "a", &first), ==, 3);
	mg_graph_free(g);
}

/* Building spec fails with code, a message containing needle, d.file. */
static void expect_error_at(const char *text, int code, const char *needle,
			    const char *file, unsigned line)
{
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = (mg_graph *)1;
	int rc = mg_graph_from_spec(&g, text, &d);

	check_int(rc, ==, code);
	check(g == NULL);
	check_int(d.code, ==, code);
	if (!check(d.message && strstr(d.message, needle)))
		printf("# message: %s\n", d.message ? d.message : "(null)");
	if (file)
		check_str(d.file, file);
	if (line)
		check_int(d.line, ==, line);
	mg_diag_clear(&d);
}

static void expect_error(const char *text, int code, const char *needle,
			 const char *file)
{
	expect_error_at(text, code, needle, file, 0);
}

static void test_errors(void)
{
	expect_error("a; b<a; a<b", MIGRATOR_ESCRIPT,
		     "duplicate revision a in a_spec.sql and a_spec.sql",
		     "a_spec.sql");
	expect_error_at("a; b<x", MIGRATOR_ESCRIPT,
			"down_revision x of revision b names no revision",
			"b_spec.sql", 2);
	expect_error_at("a; b<a dep=q", MIGRATOR_ESCRIPT,
			"depends_on q of revision b names no revision",
			"b_spec.sql", 3);
	expect_error("a<a", MIGRATOR_ESCRIPT,
		     "revision a names itself in its down_revision",
		     "a_spec.sql");
	expect_error("a dep=a", MIGRATOR_ESCRIPT,
		     "revision a names itself in its depends_on", "a_spec.sql");
	expect_error("a; b<a,a", MIGRATOR_ESCRIPT,
		     "revision b lists a twice in its down_revision",
		     "b_spec.sql");
	expect_error("a label=x; b<a label=x", MIGRATOR_ESCRIPT,
		     "branch label x is used by both a_spec.sql and "
		     "b_spec.sql",
		     "b_spec.sql");
	expect_error("a; b<a label=a", MIGRATOR_ESCRIPT,
		     "branch label a of revision b is also the id of revision a",
		     "b_spec.sql");
	expect_error("a; b<a xyz", MIGRATOR_EUSAGE,
		     "bad graph spec word \"xyz\"", NULL);
}

static void test_cycle(void)
{
	/* root, then a ring b -> d -> c -> b through down_revision. */
	expect_error_at("a; b<d; c<b; d<c", MIGRATOR_ESCRIPT,
			"cycle in the revision graph: b_spec.sql -> "
			"d_spec.sql -> c_spec.sql -> b_spec.sql",
			"b_spec.sql", 2);
	/* A cycle closed by depends_on: the line is depends_on's. */
	expect_error_at("a dep=c; b<a; c<b", MIGRATOR_ESCRIPT,
			"cycle in the revision graph: a_spec.sql -> "
			"c_spec.sql -> b_spec.sql -> a_spec.sql",
			"a_spec.sql", 3);
	/* Revisions hanging below a cycle are not on it. */
	expect_error("x<y; y<z; z<y; w<x", MIGRATOR_ESCRIPT,
		     "cycle in the revision graph: y_spec.sql -> z_spec.sql -> "
		     "y_spec.sql",
		     "y_spec.sql");
}

struct bulk {
	struct mg_script *scripts;
	char (*ids)[16];
	const char **names; /* names[i] = ids[i] */
	const char ***parents;
};

static int bulk_init(struct bulk *b, size_t n)
{
	b->scripts = calloc(n, sizeof(*b->scripts));
	b->ids = calloc(n, sizeof(*b->ids));
	b->names = calloc(n, sizeof(*b->names));
	b->parents = calloc(n, sizeof(*b->parents));
	if (!b->scripts || !b->ids || !b->names || !b->parents)
		return -1;
	for (size_t i = 0; i < n; i++) {
		snprintf(b->ids[i], sizeof(b->ids[i]), "r%07zu", i);
		b->names[i] = b->ids[i];
		b->scripts[i].revision = b->ids[i];
		b->scripts[i].message = "";
		b->scripts[i].transactional = 1;
	}
	return 0;
}

static void bulk_free(struct bulk *b, size_t n)
{
	for (size_t i = 0; i < n && b->parents; i++)
		free(b->parents[i]);
	free(b->scripts);
	free(b->ids);
	free(b->names);
	free(b->parents);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reports the time taken, for the log only: speed is claimed by bench/,
 * never asserted by a unit test on a shared, noisy machine. */
static void report_time(double start)
{
	printf("# took %.3fs\n", now() - start);
}

#define CHAIN 100000

static void test_chain_100k(void)
{
	struct bulk b;
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	const struct migrator_revision *const *h;
	size_t n = 0;
	double t0;

	if (!check_int(bulk_init(&b, CHAIN), ==, 0))
		goto out;
	/* Files in reverse order so the order cannot be an accident. */
	for (size_t i = 1; i < CHAIN; i++) {
		b.scripts[CHAIN - 1 - i].revision = b.ids[i];
		b.scripts[CHAIN - 1 - i].down_revisions = &b.names[i - 1];
		b.scripts[CHAIN - 1 - i].n_down_revisions = 1;
	}
	b.scripts[CHAIN - 1].revision = b.ids[0];
	t0 = now();
	if (!check_int(mg_graph_build(&g, "big", b.scripts, CHAIN, &d), ==, 0)) {
		printf("# %s\n", d.message ? d.message : "?");
		goto out;
	}
	h = mg_graph_heads(g, &n);
	report_time(t0);
	check_int(n, ==, 1);
	check_str(h[0]->id, "r0099999");
	check_str(mg_graph_at(g, 0)->id, "r0000000");
	check_str(mg_graph_at(g, CHAIN - 1)->id, "r0099999");
	check(order_is_topological(g));
	check_str(mg_graph_dir(g), "big");
	check(mg_graph_get(g, "r0054321") ==
	      mg_graph_at(g, 54321));
out:
	mg_graph_free(g);
	mg_diag_clear(&d);
	bulk_free(&b, CHAIN);
}

/* 100,000 revisions as a binary tree (parent of i is (i-1)/2), plus a
 * depends_on from every 7th revision to its predecessor. */
static void test_tree_100k(void)
{
	struct bulk b;
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	size_t n = 0;
	double t0;

	if (!check_int(bulk_init(&b, CHAIN), ==, 0))
		goto out;
	for (size_t i = 1; i < CHAIN; i++) {
		b.scripts[i].down_revisions = &b.names[(i - 1) / 2];
		b.scripts[i].n_down_revisions = 1;
		if (i % 7 == 0 && (i - 1) != (i - 1) / 2) {
			b.scripts[i].depends_on = &b.names[i - 1];
			b.scripts[i].n_depends_on = 1;
		}
	}
	t0 = now();
	if (!check_int(mg_graph_build(&g, NULL, b.scripts, CHAIN, &d), ==, 0)) {
		printf("# %s\n", d.message ? d.message : "?");
		goto out;
	}
	mg_graph_heads(g, &n);
	report_time(t0);
	check_int(n, ==, CHAIN / 2);
	check(order_is_topological(g));
	mg_graph_roots(g, &n);
	check_int(n, ==, 1);
out:
	mg_graph_free(g);
	mg_diag_clear(&d);
	bulk_free(&b, CHAIN);
}

/* A 10,000-revision ring: found and reported without recursion. */
static void test_long_cycle(void)
{
	enum { RING = 10000 };
	struct bulk b;
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;

	if (!check_int(bulk_init(&b, RING), ==, 0))
		goto out;
	for (size_t i = 0; i < RING; i++) {
		b.scripts[i].down_revisions = &b.names[(i + RING - 1) % RING];
		b.scripts[i].n_down_revisions = 1;
		b.scripts[i].path = b.ids[i];
	}
	check_int(mg_graph_build(&g, NULL, b.scripts, RING, &d), ==,
		  MIGRATOR_ESCRIPT);
	check(g == NULL);
	{
		const char *want = "cycle in the revision graph: r0000000 -> "
				   "r0009999 -> r0009998 -> ";

		check(d.message &&
		      strncmp(d.message, want, strlen(want)) == 0);
	}
	check_str(d.file, "r0000000");
out:
	mg_diag_clear(&d);
	bulk_free(&b, RING);
}

static void test_merge_50(void)
{
	enum { N = 51 };
	struct bulk b;
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	const struct migrator_revision *m;
	size_t n = 0;

	if (!check_int(bulk_init(&b, N), ==, 0))
		goto out;
	/* r0000050 merges the 50 roots, named in reverse id order. */
	b.parents[N - 1] = calloc(N - 1, sizeof(char *));
	if (!check(b.parents[N - 1] != NULL))
		goto out;
	for (size_t i = 0; i < N - 1; i++)
		b.parents[N - 1][i] = b.ids[N - 2 - i];
	b.scripts[N - 1].down_revisions = b.parents[N - 1];
	b.scripts[N - 1].n_down_revisions = N - 1;
	if (!check_int(mg_graph_build(&g, NULL, b.scripts, N, &d), ==, 0))
		goto out;
	m = mg_graph_get(g, "r0000050");
	check(m && m->n_parents == 50);
	check(m && strcmp(m->parents[0]->id, "r0000049") == 0);
	check(mg_graph_at(g, 50) == m);
	mg_graph_heads(g, &n);
	check_int(n, ==, 1);
	mg_graph_roots(g, &n);
	check_int(n, ==, 50);
	for (size_t i = 0; i < 50; i++)
		check_int(mg_graph_get(g, b.ids[i])->n_children, ==, 1);
	check(order_is_topological(g));
out:
	mg_graph_free(g);
	mg_diag_clear(&d);
	bulk_free(&b, N);
}

/* ---- loading directories ---- */

static mg_graph *load(const char *name)
{
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, name);
	if (!check_int(mg_graph_load(&g, path, &d), ==, 0))
		printf("# %s: %s\n", name, d.message ? d.message : "?");
	mg_diag_clear(&d);
	return g;
}

static void test_load_linear(void)
{
	mg_graph *g = load("linear");
	const struct migrator_revision *r;

	if (!g)
		return;
	check_int(mg_graph_size(g), ==, 3); /* README.txt ignored */
	check_order(g, "1a2b3c4d5e6f 2b3c4d5e6f70 3c4d5e6f7081");
	check_heads(g, "3c4d5e6f7081");
	r = mg_graph_get(g, "2b3c4d5e6f70");
	check(r && strstr(r->script->path,
			  "linear/2b3c4d5e6f70_add_email.sql") != NULL);
	check(r && r->script->n_sections >= 2);
	check(strstr(mg_graph_dir(g), "linear") != NULL);
	check_int(mg_graph_warnings(g)->n, ==, 0);
	mg_graph_free(g);
}

static void test_load_shapes(void)
{
	mg_graph *g = load("branchy");
	const mg_strvec *w;

	if (g) {
		check_heads(g, "b3000000000b c2000000000c");
		check(mg_graph_label(g, "billing") ==
		      mg_graph_get(g, "b2000000000b"));
		w = mg_graph_warnings(g);
		check(w->n == 1 && strcmp(w->v[0], "2 heads: b3000000000b, "
						   "c2000000000c") == 0);
		mg_graph_free(g);
	}
	g = load("merge");
	if (g) {
		const struct migrator_revision *m =
			mg_graph_get(g, "f3000000000f");

		check_heads(g, "f4000000000f");
		check(m && m->n_parents == 2);
		check_order(g, "d1000000000d e2000000000e f2000000000f "
			       "f3000000000f f4000000000f");
		mg_graph_free(g);
	}
	g = load("depends");
	if (g) {
		check_order(g, "9a0000000001 0b0000000002");
		check_heads(g, "0b0000000002 9a0000000001");
		mg_graph_free(g);
	}
}

static void expect_load_error(const char *name, int code, const char *needle,
			      const char *file_end)
{
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = (mg_graph *)1;
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, name);
	rc = mg_graph_load(&g, path, &d);
	check_int(rc, ==, code);
	check(g == NULL);
	if (!check(d.message && strstr(d.message, needle)))
		printf("# %s: %s\n", name, d.message ? d.message : "(null)");
	if (!file_end)
		check(d.file == NULL);
	else if (!check(d.file && strlen(d.file) >= strlen(file_end) &&
		   strcmp(d.file + strlen(d.file) - strlen(file_end),
			  file_end) == 0))
		printf("# %s: file %s\n", name, d.file ? d.file : "(null)");
	mg_diag_clear(&d);
}

static void test_load_errors(void)
{
	/* Messages name files by base name; d->file has the path. */
	expect_load_error("cycle", MIGRATOR_ESCRIPT,
			  "cycle in the revision graph: c1111111111b_first.sql "
			  "-> c3333333333d_third.sql -> c2222222222c_second.sql "
			  "-> c1111111111b_first.sql",
			  "cycle/c1111111111b_first.sql");
	expect_load_error("dup_id", MIGRATOR_ESCRIPT,
			  "duplicate revision aa11bb22cc33 in "
			  "aa11bb22cc33_create_widgets.sql and "
			  "aa11bb22cc34_create_gadgets.sql",
			  "dup_id/aa11bb22cc34_create_gadgets.sql");
	expect_load_error("dangling_parent", MIGRATOR_ESCRIPT,
			  "down_revision deadbeef0000 of revision 6f6f6f6f6f6f",
			  "6f6f6f6f6f6f_add_note_title.sql");
	expect_load_error("dangling_depends", MIGRATOR_ESCRIPT,
			  "depends_on feedface0000 of revision 8b8b8b8b8b8b",
			  "8b8b8b8b8b8b_create_event_index.sql");
	expect_load_error("self_parent", MIGRATOR_ESCRIPT,
			  "names itself",
			  "9c9c9c9c9c9c_create_jobs.sql");
	expect_load_error("no_header", MIGRATOR_ESCRIPT, "",
			  "2e2e2e2e2e2e_forgot_header.sql");
	expect_load_error("unknown_key", MIGRATOR_ESCRIPT, "down_revison",
			  "3f3f3f3f3f3f_create_sessions.sql");
	expect_load_error("no_such_fixture", MIGRATOR_EIO,
			  "cannot open migrations directory", NULL);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* A scratch directory for cases that cannot live in the source tree. */
static void test_load_io(void)
{
	char dir[] = "/tmp/mg-graph-XXXXXX", path[256], sub[256];
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;

	if (!check(mkdtemp(dir) != NULL))
		return;
	/* An empty directory is an empty graph. */
	check_int(mg_graph_load(&g, dir, &d), ==, 0);
	check(g && mg_graph_size(g) == 0);
	mg_graph_free(g);
	g = NULL;

	/* A file name that disagrees with its revision: a warning only. */
	snprintf(path, sizeof(path), "%s/0001_first.sql", dir);
	check_int(write_file(path, "-- migrator:revision abc123\n"
				   "-- migrator:upgrade\n"
				   "CREATE TABLE t (x INTEGER);\n"), ==, 0);
	check_int(mg_graph_load(&g, dir, &d), ==, 0);
	if (check(g != NULL)) {
		const mg_strvec *w = mg_graph_warnings(g);

		check_int(w->n, ==, 1);
		check(w->n && strstr(w->v[0], "0001_first.sql declares "
					      "revision abc123") != NULL);
	}
	mg_graph_free(g);
	g = NULL;
	mg_diag_clear(&d);

	/* A file far larger than the first read, in a directory named with a
	 * trailing slash. */
	snprintf(sub, sizeof(sub), "%s/big000_big.sql", dir);
	{
		FILE *f = fopen(sub, "w");
		char slashed[300];

		if (check(f != NULL)) {
			fputs("-- migrator:revision big000\n"
			      "-- migrator:down_revision abc123\n"
			      "-- migrator:upgrade\n",
			      f);
			for (int i = 0; i < 20000; i++)
				fprintf(f, "-- padding line %05d of a big file\n",
					i);
			fputs("SELECT 1;\n", f);
			check_int(fclose(f), ==, 0);
		}
		snprintf(slashed, sizeof(slashed), "%s/", dir);
		check_int(mg_graph_load(&g, slashed, &d), ==, 0);
		if (check(g != NULL)) {
			const struct migrator_revision *r =
				mg_graph_get(g, "big000");
			const struct migrator_section *up =
				r ? mg_script_section(r->script,
							    MIGRATOR_UPGRADE,
							    "sqlite")
				  : NULL;

			check(up && up->len > 20000 * 30);
			check(up && strstr(up->sql, "SELECT 1;") != NULL);
			check(r && strstr(r->script->path, "//") == NULL);
			check_heads(g, "big000");
		}
		mg_graph_free(g);
		g = NULL;
		mg_diag_clear(&d);
		unlink(sub);
	}

	/* A directory named like a migration. */
	snprintf(sub, sizeof(sub), "%s/zz_dir.sql", dir);
	check_int(mkdir(sub, 0700), ==, 0);
	check_int(mg_graph_load(&g, dir, &d), ==, MIGRATOR_EIO);
	check(g == NULL);
	check(d.message && strstr(d.message, "zz_dir.sql: not a regular "
					     "file") != NULL);
	mg_diag_clear(&d);
	rmdir(sub);

	/* A FIFO named like a migration: an error, not a hang. */
	snprintf(sub, sizeof(sub), "%s/zz_fifo.sql", dir);
	check_int(mkfifo(sub, 0600), ==, 0);
	check_int(mg_graph_load(&g, dir, &d), ==, MIGRATOR_EIO);
	check(d.message && strstr(d.message, "zz_fifo.sql: not a regular "
					     "file") != NULL);
	mg_diag_clear(&d);
	unlink(sub);

	/* A file that cannot be read (a dangling symlink: root reads
	 * everything else). */
	snprintf(sub, sizeof(sub), "%s/zz_link.sql", dir);
	check_int(symlink("/nonexistent/target.sql", sub), ==, 0);
	check_int(mg_graph_load(&g, dir, &d), ==, MIGRATOR_EIO);
	check(g == NULL);
	check(d.message && strstr(d.message, "zz_link.sql") != NULL);
	check(d.detail && strstr(d.detail, "No such file") != NULL);
	mg_diag_clear(&d);
	unlink(sub);
	unlink(path);
	check_int(rmdir(dir), ==, 0);
}

/* One run of the checksum cache (sum_cache.c) as the history check uses
 * it, on file abc123 of directory dir, read first: if edit, the file is
 * edited after the read; out is the checksum the cache gives for the
 * script read (returned; NULL: none); if sum, sum is put as the checksum
 * of the text read. */
static const char *cache_round(const char *dir, const char *sum, int edit,
			       char out[65])
{
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	struct mg_sum_cache c;
	struct mg_file_id id;
	const char *kept = NULL;

	out[0] = '\0';
	if (!check_int(mg_graph_load(&g, dir, &d), ==, 0)) {
		mg_diag_clear(&d);
		return NULL;
	}
	/* the file server's clock lags the host's by a minute: every file
	 * looks settled */
	mg_sum_cache_start(&c, mg_sum_cache_now() + 60000);
	mg_sum_cache_open(&c, dir, NULL);
	if (edit) {
		/* the file is edited after the graph was read, before the
		 * history check hashes the text read */
		char path[300];

		snprintf(path, sizeof(path), "%s/0001_first.sql", dir);
		check_int(write_file(path, "-- migrator:revision abc123\n"
					   "-- migrator:upgrade\n"
					   "DROP TABLE everything;\n"), ==, 0);
	}
	kept = mg_sum_cache_get(&c, mg_graph_get(g, "abc123")->script, &id);
	if (kept)
		memcpy(out, kept, 65);
	if (sum)
		mg_sum_cache_put(&c, mg_graph_get(g, "abc123")->script, &id,
				 sum, 0);
	mg_sum_cache_finish(&c);
	mg_graph_free(g);
	return out[0] ? out : NULL;
}

/* An edit between the read of a file and the history check is never kept
 * as the old text's checksum under the edited file's identity: the
 * identity is the one fstat gave before the text was read. */
static void test_load_sum_cache(void)
{
	char dir[] = "/tmp/mg-sums-XXXXXX", cache[64], path[300], got[65];
	char rm[128];
	char old_sum[65], any[65];
	const char *was = getenv("XDG_CACHE_HOME");
	char *saved = was ? strdup(was) : NULL;

	memset(old_sum, 'a', 64);
	old_sum[64] = '\0';
	if (!check(mkdtemp(dir) != NULL))
		return;
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	setenv("XDG_CACHE_HOME", cache, 1);
	snprintf(path, sizeof(path), "%s/0001_first.sql", dir);
	check_int(write_file(path, "-- migrator:revision abc123\n"
				   "-- migrator:upgrade\n"
				   "CREATE TABLE t (x INTEGER);\n"), ==, 0);
	/* read, edited, the old text's checksum put */
	check(cache_round(dir, old_sum, 1, any) == NULL);
	/* the edited file is hashed again, not given the old checksum */
	check(cache_round(dir, NULL, 0, got) == NULL);
	/* a file left alone is found (the cache works at all) */
	check(cache_round(dir, old_sum, 0, any) == NULL);
	if (check(cache_round(dir, NULL, 0, got) != NULL))
		check_str(got, old_sum);
	if (saved)
		setenv("XDG_CACHE_HOME", saved, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(saved);
	snprintf(rm, sizeof(rm), "rm -rf -- '%s'", dir); /* mkdtemp's name */
	check_int(system(rm), ==, 0);
}

/*
 * A directory big enough for two reader threads: the graph is the same as
 * a sequential read would give, and of several bad files the one first in
 * name order is reported, wherever the threads are.  Names of different
 * lengths after a long shared prefix exercise the sort.
 */
static void test_load_threaded(void)
{
	enum { N = 700 };
	char dir[] = "/tmp/mg-graph-XXXXXX", path[256];
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	int ok = 1;

	if (!check(mkdtemp(dir) != NULL))
		return;
	/* Revision i is "p0000000000<i>" in "<id>_m.sql": names of 1 to 3
	 * digits after a shared prefix, and name order is not id order
	 * ("..._m" sorts after "...0_m"). */
	for (int i = 1; i <= N && ok; i++) {
		char text[256];

		snprintf(path, sizeof(path), "%s/p0000000000%d_m.sql", dir, i);
		if (i == 1)
			snprintf(text, sizeof(text),
				 "-- migrator:revision p0000000000%d\n"
				 "-- migrator:upgrade\nSELECT %d;\n",
				 i, i);
		else
			snprintf(text, sizeof(text),
				 "-- migrator:revision p0000000000%d\n"
				 "-- migrator:down_revision p0000000000%d\n"
				 "-- migrator:upgrade\nSELECT %d;\n",
				 i, i - 1, i);
		ok = check_int(write_file(path, text), ==, 0);
	}
	if (ok && check_int(mg_graph_load(&g, dir, &d), ==, 0)) {
		check_int(mg_graph_size(g), ==, N);
		check_heads(g, "p0000000000700");
		check(order_is_topological(g));
		for (int i = 1; i <= N; i++) {
			char id[32], name[64], sql[32];
			const struct migrator_revision *r;
			const struct migrator_section *up;

			snprintf(id, sizeof(id), "p0000000000%d", i);
			snprintf(name, sizeof(name), "/%s_m.sql", id);
			snprintf(sql, sizeof(sql), "SELECT %d;\n", i);
			r = mg_graph_get(g, id);
			up = r ? mg_script_section(r->script,
							 MIGRATOR_UPGRADE,
							 NULL)
			       : NULL;
			/* Each script holds its own file's text, and the
			 * chain order is the revision order. */
			if (!check(r && strstr(r->script->path, name) &&
				   up && strcmp(up->sql, sql) == 0 &&
				   mg_graph_at(g, (size_t)i - 1) == r))
				break;
		}
	}
	mg_graph_free(g);
	g = NULL;
	mg_diag_clear(&d);

	/* Files 200 to 700 made bad: in name order (1, 10, 100..109, 11,
	 * ..., 2, 20, 200, ...) the first of them, 200, is the 114th file,
	 * and both threads meet bad files; 200 is what must be reported,
	 * every time. */
	for (int i = 200; i <= N && ok; i++) {
		snprintf(path, sizeof(path), "%s/p0000000000%d_m.sql", dir, i);
		ok = check_int(write_file(path, "-- migrator:revision\n"), ==,
			       0);
	}
	for (int round = 0; round < 5 && ok; round++) {
		ok = check_int(mg_graph_load(&g, dir, &d), ==,
			       MIGRATOR_ESCRIPT);
		check(g == NULL);
		ok = ok && check(d.file &&
				  strstr(d.file, "/p0000000000200_m.sql"));
		check_int(d.line, ==, 1);
		check(d.message &&
		      strcmp(d.message, "empty migrator:revision") == 0);
		mg_diag_clear(&d);
	}
	for (int i = 1; i <= N; i++) {
		snprintf(path, sizeof(path), "%s/p0000000000%d_m.sql", dir, i);
		unlink(path);
	}
	check_int(rmdir(dir), ==, 0);
}

static void test_load_corpus(void)
{
	const char *root = getenv("KRATOS_CORPUS");
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	char dir[4096];
	size_t n = 0;

	/* KRATOS_CORPUS names the corpus root (make check sets it); else the
	 * copy in the source tree, tests/corpora/kratos.  Missing, it fails. */
	n = (size_t)snprintf(dir, sizeof(dir), "%s/migrator",
			     root && *root ? root
					   : FIXTURES_DIR "/../corpora/kratos");
	if (!check(n < sizeof(dir)))
		goto out;
	if (!check_int(mg_graph_load(&g, dir, &d), ==, 0)) {
		printf("# %s: %s\n", dir, d.message ? d.message : "?");
		goto out;
	}
	check_int(mg_graph_size(g), ==, 694);
	check(order_is_topological(g));
	mg_graph_heads(g, &n);
	check_int(n, ==, 1);
out:
	mg_graph_free(g);
	mg_diag_clear(&d);
}

int main(void)
{
	TEST(test_linear(), "a chain: order, heads, roots, links");
	TEST(test_empty(), "an empty graph");
	TEST(test_branches(), "a branch point: two heads and a warning");
	TEST(test_ties_by_id(), "ties in the order are broken by id");
	TEST(test_merge(), "a merge point keeps its parents in header order");
	TEST(test_depends(), "depends_on orders without making a parent");
	TEST(test_depends_and_parent(), "depends_on naming the parent");
	TEST(test_labels(), "branch labels are found");
	TEST(test_prefix(), "prefix lookup over the id-sorted revisions");
	TEST(test_errors(), "duplicate, dangling, self, label errors");
	TEST(test_cycle(), "cycles name the files on them");
	TEST(test_chain_100k(), "a 100,000-revision chain, fast");
	TEST(test_tree_100k(), "a 100,000-revision tree with depends_on");
	TEST(test_long_cycle(), "a 10,000-revision cycle is reported");
	TEST(test_merge_50(), "a 50-parent merge");
	TEST(test_load_linear(), "load: linear fixture, other files ignored");
	TEST(test_load_shapes(), "load: branchy, merge and depends fixtures");
	TEST(test_load_errors(), "load: each error fixture names its file");
	TEST(test_load_io(), "load: empty dir, misnamed file, I/O errors");
	TEST(test_load_sum_cache(), "load: an edit after the read is not cached");
	TEST(test_load_threaded(), "load: 700 files on two threads, first error by name");
	TEST(test_load_corpus(), "load: the Kratos corpus");
	return test_done();
}
