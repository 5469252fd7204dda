/*
 * test_target.c - revision sets, stamp rows and every target expression
 * form with its errors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph_build.h"
#include "target.h"
#include "tap.h"

/*
 * aa01 - aa02 -+- bb01 (left) - bb02 -+- mm01 - zz01
 *              +- cc01 (right) - cc02 -+
 */
#define G1 \
	"aa01; aa02<aa01; bb01<aa02 label=left; bb02<bb01; " \
	"cc01<aa02 label=right; cc02<cc01; mm01<bb02,cc02; zz01<mm01"
/* r -+- x (xl)
 *    +- y - y2      two heads */
#define G2 "r; x<r label=xl; y<r; y2<y"

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

/* "a b c" from a set, "" for base. */
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

/* Builds a set from space-separated ids of g ("" = base). */
static void set_of(mg_revset *s, const mg_graph *g,
		   const char *ids)
{
	char buf[256], *save = NULL;

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

/* Resolves expr from current (NULL: no database; else ids) to want. */
static void expect(const mg_graph *g, const char *expr,
		   const char *current, const char *want)
{
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT, out = MG_REVSET_INIT;
	char *got;
	int rc;

	if (current)
		set_of(&cur, g, current);
	rc = mg_target_resolve(&out, g, expr, current ? &cur : NULL, &d);
	if (!check_int(rc, ==, 0))
		printf("# %s: %s\n", expr, d.message ? d.message : "?");
	got = set_str(&out);
	if (!check_str(got, want))
		printf("# expression: %s (from %s)\n", expr,
		       current ? current : "no database");
	free(got);
	mg_revset_clear(&cur);
	mg_revset_clear(&out);
	mg_diag_clear(&d);
}

/* Resolving fails with code and needle in the message; out stays empty. */
static void expect_fail(const mg_graph *g, const char *expr,
			const char *current, int code, const char *needle)
{
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT, out = MG_REVSET_INIT;
	int rc;

	if (current)
		set_of(&cur, g, current);
	rc = mg_target_resolve(&out, g, expr, current ? &cur : NULL, &d);
	if (!check_int(rc, ==, code))
		printf("# expression: %s\n", expr);
	check_int(d.code, ==, code);
	check_int(out.n, ==, 0);
	if (!check(d.message && strstr(d.message, needle)))
		printf("# %s: message %s\n", expr,
		       d.message ? d.message : "(null)");
	mg_revset_clear(&cur);
	mg_revset_clear(&out);
	mg_diag_clear(&d);
}

static void test_revset(void)
{
	mg_graph *g = spec(G1);
	mg_revset s = MG_REVSET_INIT;
	char *str;

	if (!g)
		return;
	check_int(mg_revset_add(&s, mg_graph_get(g, "mm01")), ==, 0);
	check_int(mg_revset_add(&s, mg_graph_get(g, "aa01")), ==, 0);
	check_int(mg_revset_add(&s, mg_graph_get(g, "cc02")), ==, 0);
	check_int(mg_revset_add(&s, mg_graph_get(g, "aa01")), ==, 0);
	str = set_str(&s);
	check_str(str, "aa01 cc02 mm01"); /* sorted, no duplicates */
	free(str);
	check(mg_revset_has(&s, mg_graph_get(g, "cc02")));
	check(!mg_revset_has(&s, mg_graph_get(g, "cc01")));
	mg_revset_clear(&s);
	check_int(s.n, ==, 0);
	check(s.v == NULL);
	check(!mg_revset_has(&s, mg_graph_get(g, "cc02")));
	mg_graph_free(g);
}

static void test_from_stamp(void)
{
	mg_graph *g = spec(G1);
	mg_diag d = MG_DIAG_INIT;
	mg_revset s = MG_REVSET_INIT;
	const char *rows[] = {"cc02", "bb02", "cc02"};
	const char *bad[] = {"bb02", "f00d"};
	char *str;
	int rc;

	if (!g)
		return;
	rc = mg_revset_from_stamp(&s, g, rows, 3, &d);
	check_int(rc, ==, 0);
	str = set_str(&s);
	check_str(str, "bb02 cc02");
	free(str);
	rc = mg_revset_from_stamp(&s, g, rows, 0, &d);
	check_int(rc, ==, 0);
	check_int(s.n, ==, 0); /* an empty stamp is base */

	rc = mg_revset_from_stamp(&s, g, bad, 2, &d);
	check_int(rc, ==, MIGRATOR_ESTAMP);
	check_int(s.n, ==, 0);
	check(d.message && strstr(d.message, "f00d") != NULL);
	check(d.hint && strstr(d.hint, "migrator stamp --purge") != NULL);
	check_str(d.revision, "f00d");
	mg_diag_clear(&d);
	mg_revset_clear(&s);
	mg_graph_free(g);
}

static void test_keywords(void)
{
	mg_graph *g = spec(G1), *g2 = spec(G2), *e = spec("");

	if (g) {
		expect(g, "head", NULL, "zz01");
		expect(g, "heads", NULL, "zz01");
		expect(g, "base", NULL, "");
		expect_fail(g, "", NULL, MIGRATOR_EUSAGE, "empty target");
	}
	if (g2) {
		mg_diag d = MG_DIAG_INIT;
		mg_revset out = MG_REVSET_INIT;
		int rc = mg_target_resolve(&out, g2, "head", NULL, &d);

		check_int(rc, ==, MIGRATOR_EUSAGE);
		check_int(out.n, ==, 0);
		check_str(d.message, "head is ambiguous: the graph has several "
				     "heads: x, y2");
		check(d.hint && strstr(d.hint, "`heads`") &&
		      strstr(d.hint, "merge"));
		mg_diag_clear(&d);
		expect(g2, "heads", NULL, "x y2");
	}
	if (e) { /* no migrations at all: head is base */
		expect(e, "head", NULL, "");
		expect(e, "heads", NULL, "");
	}
	mg_graph_free(g);
	mg_graph_free(g2);
	mg_graph_free(e);
}

static void test_ids(void)
{
	mg_graph *g = spec(G1 "; ab12<zz01; ab34<zz01");

	if (!g)
		return;
	expect(g, "bb02", NULL, "bb02");
	expect(g, "zz", NULL, "zz01");   /* unique prefix */
	expect(g, "mm0", NULL, "mm01");
	expect(g, "ab1", NULL, "ab12");
	expect_fail(g, "aa0", NULL, MIGRATOR_EUSAGE,
		    "revision prefix \"aa0\" is ambiguous; it matches: "
		    "aa01, aa02");
	expect_fail(g, "ab", NULL, MIGRATOR_EUSAGE, "ab12, ab34");
	expect_fail(g, "q", NULL, MIGRATOR_EUSAGE,
		    "unknown revision \"q\"");
	expect_fail(g, "bb021", NULL, MIGRATOR_EUSAGE,
		    "unknown revision \"bb021\"");
	mg_graph_free(g);
}

static void test_labels(void)
{
	mg_graph *g = spec(G1), *g2 = spec(G2),
		       *g3 = spec("a label=v-2; b<a; c<b label=rel+1");

	if (g) {
		expect(g, "left", NULL, "bb01");
		expect(g, "right", NULL, "cc01");
		expect(g, "left@head", NULL, "zz01");
		expect(g, "aa02@head", NULL, "zz01");
		expect(g, "mm@head", NULL, "zz01"); /* prefix@head */
		expect_fail(g, "nope@head", NULL, MIGRATOR_EUSAGE,
			    "unknown revision \"nope\"");
		expect(g, "left@base", NULL, ""); /* below the label: base */
		expect_fail(g, "nope@base", NULL, MIGRATOR_EUSAGE,
			    "unknown revision \"nope\"");
		expect_fail(g, "left@tail", NULL, MIGRATOR_EUSAGE,
			    "unsupported target \"left@tail\": after @ only "
			    "head, base, +N and -N are known");
	}
	if (g2) {
		expect(g2, "xl@head", NULL, "x");
		expect(g2, "y@head", NULL, "y2");
		expect_fail(g2, "r@head", NULL, MIGRATOR_EUSAGE,
			    "r@head is ambiguous: r leads to several heads: "
			    "x, y2");
	}
	if (g3) { /* labels that look like REV-N stay labels */
		expect(g3, "v-2", NULL, "a");
		expect(g3, "rel+1", NULL, "c");
		expect(g3, "b-1", NULL, "a");
		expect(g3, "v-2+2", NULL, "c");
	}
	mg_graph_free(g);
	mg_graph_free(g2);
	mg_graph_free(g3);
}

static void test_relative_current(void)
{
	mg_graph *g = spec(G1);

	if (!g)
		return;
	expect(g, "+1", "", "aa01"); /* from base: the only root */
	expect(g, "+2", "", "aa02");
	expect(g, "+1", "aa01", "aa02");
	expect(g, "+0", "bb02", "bb02");
	expect(g, "+3", "bb01", "zz01"); /* through the merge point */
	expect_fail(g, "+2", "aa01", MIGRATOR_EUSAGE,
		    "+2 is ambiguous: aa02 is a branch point with children: "
		    "bb01, cc01");
	expect_fail(g, "+4", "bb01", MIGRATOR_EUSAGE,
		    "+4 goes past head zz01: only 3 step(s) forward");
	expect(g, "-1", "zz01", "mm01");
	expect(g, "-1", "mm01", "bb02 cc02"); /* both parents */
	expect(g, "-2", "mm01", "bb01 cc01");
	expect(g, "-3", "mm01", "aa02");
	expect(g, "-5", "mm01", "");     /* exactly base */
	expect_fail(g, "-1", "bb02 cc02", MIGRATOR_EUSAGE,
		    "counts from one revision, but there are several: "
		    "bb02, cc02");
	expect(g, "bb02-1", "bb02 cc02", "bb01");
	expect_fail(g, "-6", "mm01", MIGRATOR_EUSAGE,
		    "-6 goes below base: only 5 step(s) back");
	expect_fail(g, "-1", "", MIGRATOR_EUSAGE, "-1 goes below base");
	expect_fail(g, "+1", "bb02 cc02", MIGRATOR_EUSAGE,
		    "counts from one revision, but there are several: "
		    "bb02, cc02");
	expect_fail(g, "+1", NULL, MIGRATOR_EUSAGE,
		    "relative target +1 needs the database's current "
		    "revision");
	expect_fail(g, "+x", "aa01", MIGRATOR_EUSAGE,
		    "bad relative target \"+x\"");
	expect_fail(g, "-", "aa01", MIGRATOR_EUSAGE,
		    "bad relative target \"-\"");
	expect_fail(g, "+99999999999999999999", "aa01", MIGRATOR_EUSAGE,
		    "bad relative target");
	mg_graph_free(g);
}

/* What a downgrade to expr removes (with all built on it). */
static void expect_drop(const mg_graph *g, const char *expr,
			const char *current, const char *want)
{
	mg_diag d = MG_DIAG_INIT;
	mg_revset cur = MG_REVSET_INIT, out = MG_REVSET_INIT;
	char *got;
	int rc;

	set_of(&cur, g, current);
	check(mg_target_is_drop(expr));
	rc = mg_target_resolve_drop(&out, g, expr, &cur, &d);
	if (want) {
		if (!check_int(rc, ==, 0))
			printf("# %s: %s\n", expr, d.message ? d.message : "?");
		got = set_str(&out);
		if (!check_str(got, want))
			printf("# drop: %s (from %s)\n", expr, current);
		free(got);
	} else {
		check_int(rc, ==, MIGRATOR_EUSAGE);
		printf("# %s from [%s]: %s\n", expr, current,
		       d.message ? d.message : "?");
	}
	mg_revset_clear(&cur);
	mg_revset_clear(&out);
	mg_diag_clear(&d);
}

static void test_label_relative(void)
{
	mg_graph *g = spec(G1);

	if (!g)
		return;
	/* Up the label's lineage: at the branch point aa02 only bb01 is on
	 * left's line, only cc01 on right's. */
	expect(g, "left@+1", "aa02", "bb01");
	expect(g, "right@+2", "aa02", "cc02");
	expect(g, "left@+1", "", "aa01"); /* nothing of it yet: from base */
	expect(g, "left@+1", "bb02 cc02", "mm01");
	expect(g, "right@+3", "aa01", "cc02");
	expect_fail(g, "left@+4", "bb02 cc02", MIGRATOR_EUSAGE,
		    "left@+4 goes past head zz01");
	/* Down from where the database stands on the lineage. */
	expect(g, "right@-1", "bb02 cc02", "cc01");
	expect(g, "left@-2", "bb02 cc02", "aa02");
	/* A stamp row on another line only: the newest applied revision of
	 * left's line counts (aa02 here). */
	expect(g, "left@+1", "cc01", "bb01");
	expect_fail(g, "left@+1", NULL, MIGRATOR_EUSAGE,
		    "relative target left@+1 needs the database's current "
		    "revision");
	check(mg_target_needs_current("left@+1"));
	check(mg_target_needs_current("-2"));
	check(!mg_target_needs_current("left@head"));
	check(!mg_target_needs_current("bb01-1"));
	mg_graph_free(g);
}

static void test_drop(void)
{
	mg_graph *g = spec(G1);

	if (!g)
		return;
	/* -N: the current revision's own chain, N - 1 steps down. */
	expect_drop(g, "-1", "zz01", "zz01");
	expect_drop(g, "-2", "zz01", "mm01");
	expect_drop(g, "-2", "mm01", "bb02 cc02"); /* both parents */
	expect_drop(g, "-5", "mm01", "aa01");	    /* down to base */
	expect_drop(g, "-6", "mm01", NULL);
	expect_drop(g, "-1", "", NULL);
	expect_drop(g, "-1", "bb02 cc02", NULL); /* which one? */
	expect_drop(g, "-0", "zz01", "");
	/* LABEL@-N counts on the label's line; LABEL@base drops its root. */
	expect_drop(g, "right@-1", "bb02 cc02", "cc02");
	expect_drop(g, "left@-3", "bb02 cc02", "aa02");
	expect_drop(g, "left@base", "bb02 cc02", "aa01");
	check(!mg_target_is_drop("base"));
	check(!mg_target_is_drop("aa01"));
	check(!mg_target_is_drop("left@+1"));
	check(!mg_target_is_drop("bb01-1")); /* REV-N is absolute */
	/* Nothing of left's own line is applied (only aa01, aa02, which it
	 * shares with right, under cc01): left@-1 must not drop aa02, which
	 * would take right's cc01 with it. */
	expect_drop(g, "left@-1", "cc01", NULL);
	mg_graph_free(g);
	/* a1 (a root) and b1 <- b2 merge into m: -2 drops a1 and b2 (with
	 * m); -3 drops at least as much, a1 included. */
	g = spec("a1; b1; b2<b1; m<a1,b2");
	if (!g)
		return;
	expect_drop(g, "-2", "m", "a1 b2");
	expect_drop(g, "-3", "m", "a1 b1");
	expect_drop(g, "-4", "m", NULL);
	mg_graph_free(g);
}

static void test_relative_rev(void)
{
	mg_graph *g = spec(G1), *g2 = spec(G2 "; s; t<s");

	if (g) {
		expect(g, "aa01+1", NULL, "aa02");
		expect(g, "left+1", NULL, "bb02");
		expect(g, "cc02+1", NULL, "mm01");
		expect_fail(g, "bb+1", NULL, MIGRATOR_EUSAGE,
			    "revision prefix \"bb\" is ambiguous");
		expect(g, "mm01-1", NULL, "bb02 cc02");
		expect(g, "zz01-4", NULL, "aa02");
		expect(g, "zz01-6", NULL, "");
		expect(g, "zz01+0", NULL, "zz01");
		expect_fail(g, "aa02+1", NULL, MIGRATOR_EUSAGE,
			    "aa02+1 is ambiguous: aa02 is a branch point");
		expect_fail(g, "zz01+1", NULL, MIGRATOR_EUSAGE,
			    "zz01+1 goes past head zz01: only 0 step(s)");
		expect_fail(g, "qq+1", NULL, MIGRATOR_EUSAGE,
			    "unknown revision \"qq\"");
		expect_fail(g, "aa01+", NULL, MIGRATOR_EUSAGE,
			    "unknown revision \"aa01+\"");
	}
	if (g2) { /* several roots: +1 from base is ambiguous */
		expect_fail(g2, "+1", "", MIGRATOR_EUSAGE,
			    "+1 is ambiguous: the graph has several roots: r, "
			    "s");
		expect(g2, "s+1", "r", "t");
	}
	mg_graph_free(g);
	mg_graph_free(g2);
}

static void test_resolve_one(void)
{
	mg_graph *g = spec(G1), *g2 = spec(G2);
	mg_diag d = MG_DIAG_INIT;
	const struct migrator_revision *r = NULL;
	int rc;

	if (!g || !g2)
		goto out;
	rc = mg_target_resolve_one(&r, g, "head", NULL, &d);
	check_int(rc, ==, 0);
	check(r == mg_graph_get(g, "zz01"));
	rc = mg_target_resolve_one(&r, g, "right", NULL, &d);
	check_int(rc, ==, 0);
	check(r == mg_graph_get(g, "cc01"));
	rc = mg_target_resolve_one(&r, g, "left@head", NULL, &d);
	check_int(rc, ==, 0);
	check(r == mg_graph_get(g, "zz01"));

	rc = mg_target_resolve_one(&r, g, "base", NULL, &d);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check(r == NULL);
	check_str(d.message, "base names no revision (it is base)");
	mg_diag_clear(&d);

	rc = mg_target_resolve_one(&r, g, "mm01-1", NULL, &d);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check_str(d.message, "mm01-1 names several revisions: bb02, cc02");
	mg_diag_clear(&d);

	rc = mg_target_resolve_one(&r, g2, "heads", NULL, &d);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check(r == NULL);
	mg_diag_clear(&d);

	rc = mg_target_resolve_one(&r, g2, "head", NULL, &d);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check(d.message && strstr(d.message, "several heads") != NULL);
out:
	mg_diag_clear(&d);
	mg_graph_free(g);
	mg_graph_free(g2);
}

/* Long lists in messages are cut short. */
static void test_long_lists(void)
{
	char text[4096] = "root";
	mg_graph *g;
	mg_diag d = MG_DIAG_INIT;
	mg_revset out = MG_REVSET_INIT;
	int rc;

	for (int i = 0; i < 30; i++) {
		size_t len = strlen(text);

		snprintf(text + len, sizeof(text) - len, "; h%02d<root", i);
	}
	g = spec(text);
	if (!g)
		return;
	rc = mg_target_resolve(&out, g, "head", NULL, &d);
	check_int(rc, ==, MIGRATOR_EUSAGE);
	check(d.message && strstr(d.message, "h09, ... (30 in all)") != NULL);
	mg_diag_clear(&d);
	mg_graph_free(g);
}

int main(void)
{
	TEST(test_revset(), "revsets stay sorted and unique");
	TEST(test_from_stamp(), "stamp rows to revisions; unknown row");
	TEST(test_keywords(), "head, heads, base; several heads");
	TEST(test_ids(), "full ids, unique and ambiguous prefixes");
	TEST(test_labels(), "branch labels and NAME@head");
	TEST(test_relative_current(), "+N and -N from the current revision");
	TEST(test_relative_rev(), "REV+N and REV-N");
	TEST(test_label_relative(), "LABEL@+N and LABEL@-N along the lineage");
	TEST(test_drop(), "what -N, LABEL@-N and LABEL@base remove");
	TEST(test_resolve_one(), "resolve_one wants exactly one revision");
	TEST(test_long_lists(), "long lists are cut short");
	return test_done();
}
