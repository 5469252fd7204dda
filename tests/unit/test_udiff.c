/*
 * test_udiff.c - the program's unified diff (core/cli/udiff.c, `dump
 * --check`): diff -u's exact text on small cases, and on random texts a
 * diff that applies (its hunks turn the first text into the second) and is
 * minimal (as many changed lines as the longest common subsequence
 * leaves).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "udiff.h"

/* cli_udiff's output as a malloc'd string. */
static char *udiff(const char *a, const char *b)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	if (cli_udiff(f, a, strlen(a), "A", b, strlen(b), "B") < 0) {
		fclose(f);
		free(out);
		return NULL;
	}
	fclose(f);
	return out;
}

static void expect(const char *a, const char *b, const char *want)
{
	char *got = udiff(a, b);

	check_str(got, want);
	free(got);
}

static void test_exact(void)
{
	expect("a\nb\n", "a\nb\n", "--- A\n+++ B\n");
	expect("a\nb\nc\n", "a\nx\nc\n",
	       "--- A\n+++ B\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n");
	expect("", "x\ny\n", "--- A\n+++ B\n@@ -0,0 +1,2 @@\n+x\n+y\n");
	expect("x\n", "", "--- A\n+++ B\n@@ -1 +0,0 @@\n-x\n");
	expect("a\nb", "a\nb\n",
	       "--- A\n+++ B\n@@ -1,2 +1,2 @@\n a\n-b\n"
	       "\\ No newline at end of file\n+b\n");
	/* two changes more than 6 lines apart: two hunks, 3 lines of
	 * context each */
	expect("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
	       "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\ny\n",
	       "--- A\n+++ B\n@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n"
	       "@@ -8,4 +8,4 @@\n 8\n 9\n 10\n-11\n+y\n");
	/* six apart: one hunk */
	expect("1\n2\n3\n4\n5\n6\n7\n8\n", "x\n2\n3\n4\n5\n6\n7\ny\n",
	       "--- A\n+++ B\n@@ -1,8 +1,8 @@\n-1\n+x\n 2\n 3\n 4\n 5\n 6\n"
	       " 7\n-8\n+y\n");
}

/* A random text of n lines from a small alphabet (many repeats). */
static char *random_text(unsigned *seed, int n)
{
	char *s = malloc((size_t)n * 3 + 1), *p = s;

	for (int i = 0; s && i < n; i++) {
		*p++ = (char)('a' + rand_r(seed) % 4);
		if (rand_r(seed) % 3 == 0)
			*p++ = (char)('a' + rand_r(seed) % 4);
		*p++ = '\n';
	}
	if (s)
		*p = '\0';
	return s;
}

/* The lines of s, each a malloc'd copy without its newline. */
static size_t lines_of(const char *s, char ***out)
{
	size_t n = 0, cap = 16;
	char **v = malloc(cap * sizeof(*v));

	while (v && *s) {
		size_t k = strcspn(s, "\n");

		if (n == cap)
			v = realloc(v, (cap *= 2) * sizeof(*v));
		if (!v)
			break;
		v[n++] = strndup(s, k);
		s += k + (s[k] == '\n');
	}
	*out = v;
	return n;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Applies the hunks of diff to a; the result, or NULL when a hunk does
 * not fit.  *changed counts the - and + lines. */
static char *apply(const char *a, const char *diff, long *changed)
{
	char **al, **dl, *out = NULL;
	size_t na = lines_of(a, &al), nd = lines_of(diff, &dl), i = 0;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int ok = f != NULL;

	*changed = 0;
	for (size_t k = 2; ok && k < nd; k++) {
		const char *l = dl[k];
		long start;

		if (strncmp(l, "@@ -", 4) == 0) {
			char *end;

			/* "-S,0" follows line S; else it starts at S */
			start = strtol(l + 4, &end, 10);
			if (!(end[0] == ',' && strtol(end + 1, NULL, 10) == 0))
				start--;
			while (ok && (long)i < start && i < na)
				fprintf(f, "%s\n", al[i++]);
			ok = (long)i == start;
		} else if (l[0] == ' ' || l[0] == '-') {
			ok = i < na && strcmp(al[i], l + 1) == 0;
			if (ok && l[0] == ' ')
				fprintf(f, "%s\n", al[i]);
			i++;
			*changed += l[0] == '-';
		} else if (l[0] == '+') {
			fprintf(f, "%s\n", l + 1);
			(*changed)++;
		} else {
			ok = 0;
		}
	}
	while (ok && i < na)
		fprintf(f, "%s\n", al[i++]);
	if (f)
		fclose(f);
	free_lines(al, na);
	free_lines(dl, nd);
	if (!ok) {
		free(out);
		return NULL;
	}
	return out;
}

/* Lines in neither's longest common subsequence (plain dynamic
 * programming). */
static long edit_distance(const char *a, const char *b)
{
	char **al, **bl;
	size_t na = lines_of(a, &al), nb = lines_of(b, &bl);
	long *t = calloc((na + 1) * (nb + 1), sizeof(*t)), lcs;

	for (size_t i = 1; t && i <= na; i++)
		for (size_t j = 1; j <= nb; j++) {
			long up = t[(i - 1) * (nb + 1) + j];
			long left = t[i * (nb + 1) + j - 1];

			t[i * (nb + 1) + j] =
				strcmp(al[i - 1], bl[j - 1]) == 0
					? t[(i - 1) * (nb + 1) + j - 1] + 1
					: (up > left ? up : left);
		}
	lcs = t ? t[na * (nb + 1) + nb] : -1;
	free(t);
	free_lines(al, na);
	free_lines(bl, nb);
	return (long)(na + nb) - 2 * lcs;
}

static void test_random(void)
{
	unsigned seed = 14;
	int bad = 0;

	for (int round = 0; round < 500; round++) {
		char *a = random_text(&seed, rand_r(&seed) % 40);
		char *b = random_text(&seed, rand_r(&seed) % 40);
		char *d = udiff(a, b), *got;
		long changed = 0;

		got = d ? apply(a, d, &changed) : NULL;
		if (!got || strcmp(got, b) != 0 ||
		    changed != edit_distance(a, b)) {
			if (!bad++)
				printf("# round %d:\n# A:\n%s# B:\n%s# diff:\n%s",
				       round, a, b, d ? d : "(none)\n");
		}
		free(got);
		free(d);
		free(a);
		free(b);
	}
	check_int(bad, ==, 0);
}

int main(void)
{
	TEST(test_exact(), "diff -u's text: hunks, ranges, context, no "
			   "newline at the end");
	TEST(test_random(), "500 random texts: the diff applies and is "
			    "minimal");
	return test_done();
}
