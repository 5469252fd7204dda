/*
 * udiff.c - a unified diff of two texts, line by line (`dump --check`).
 *
 * The longest common subsequence of lines comes from Myers' O(ND)
 * algorithm in linear space (the middle snake, divide and conquer, as in
 * "An O(ND) Difference Algorithm and Its Variations", 1986), after the
 * common head and tail are set aside.  The output is diff -u's: "---" and
 * "+++" headers, hunks "@@ -start,count +start,count @@" with three lines
 * of context, "\ No newline at end of file" after a last line without
 * one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "udiff.h"

#define CONTEXT 3

struct line {
	const char *p;
	size_t len; /* without the newline */
	int nl;     /* ends in a newline */
};

struct lines {
	struct line *v;
	size_t n;
};

static int split_lines(struct lines *out, const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	out->v = calloc(n + 2, sizeof(*out->v));
	out->n = 0;
	if (!out->v)
		return -1;
	while (len > 0) {
		const char *nl = memchr(s, '\n', len);
		size_t k = nl ? (size_t)(nl - s) : len;

		out->v[out->n].p = s;
		out->v[out->n].len = k;
		out->v[out->n++].nl = nl != NULL;
		s += k + (nl != NULL);
		len -= k + (nl != NULL);
	}
	return 0;
}

struct diff {
	const struct lines *a, *b;
	unsigned char *del, *add; /* per line: not in the common part */
};

static int same(const struct diff *x, long i, long j)
{
	const struct line *p = &x->a->v[i], *q = &x->b->v[j];

	return p->len == q->len && p->nl == q->nl &&
	       memcmp(p->p, q->p, p->len) == 0;
}

static int compare(struct diff *x, long a0, long a1, long b0, long b1);

/* The box a[a0..a1) x b[b0..b1) of one bisection, and the two sweeps
 * over its diagonals k, v[off + k] the furthest x each reached: from the
 * start (v1) and from the end (v2). */
struct box {
	long a0, a1, b0, b1, n, m, delta, off, len;
	long *v[2];
	long ks[2], ke[2]; /* diagonals that ran off the box, at each end */
};

/* How far diagonal k of sweep back (0: forward) gets in round d. */
static long reach(const struct diff *x, const struct box *bx, int back,
		  long k, long d)
{
	const long *v = bx->v[back] + bx->off;
	long xx = k == -d || (k != d && v[k - 1] < v[k + 1]) ? v[k + 1]
							    : v[k - 1] + 1;
	long yy = xx - k;

	while (xx < bx->n && yy < bx->m &&
	       (back ? same(x, bx->a1 - xx - 1, bx->b1 - yy - 1)
		     : same(x, bx->a0 + xx, bx->b0 + yy)))
		xx++, yy++;
	return xx;
}

/* Round d of one sweep; when the sweeps overlap (checked by the forward
 * one when delta is odd, else by the backward one) the middle snake is
 * found: *sx, *sy.  1 then, else 0. */
static int sweep(const struct diff *x, struct box *bx, int back, long d,
		 long *sx, long *sy)
{
	int check = back != ((bx->delta & 1) != 0);

	for (long k = -d + bx->ks[back]; k <= d - bx->ke[back]; k += 2) {
		long xx = reach(x, bx, back, k, d), o = bx->off + bx->delta - k;
		const long *other = bx->v[!back];

		bx->v[back][bx->off + k] = xx;
		if (xx > bx->n) {
			bx->ke[back] += 2;
		} else if (xx - k > bx->m) {
			bx->ks[back] += 2;
		} else if (check && o >= 0 && o < bx->len && other[o] != -1 &&
			   xx + other[o] >= bx->n) {
			*sx = back ? other[o] : xx;
			*sy = back ? *sx - (bx->delta - k) : xx - k;
			return 1;
		}
	}
	return 0;
}

/* The middle snake of a[a0..a1) and b[b0..b1), both non-empty, with no
 * common head or tail: the two halves are compared on their own. */
static int bisect(struct diff *x, long a0, long a1, long b0, long b1)
{
	struct box bx = {a0, a1, b0, b1, a1 - a0, b1 - b0, 0, 0, 0,
			 {NULL, NULL}, {0, 0}, {0, 0}};
	long max = (bx.n + bx.m + 1) / 2, sx = -1, sy = -1;
	int found = 0;

	bx.delta = bx.n - bx.m;
	bx.off = max;
	bx.len = 2 * max + 2;
	bx.v[0] = malloc((size_t)bx.len * sizeof(long));
	bx.v[1] = malloc((size_t)bx.len * sizeof(long));
	if (!bx.v[0] || !bx.v[1]) {
		free(bx.v[0]);
		free(bx.v[1]);
		return -1;
	}
	for (long i = 0; i < bx.len; i++)
		bx.v[0][i] = bx.v[1][i] = -1;
	bx.v[0][bx.off + 1] = bx.v[1][bx.off + 1] = 0;
	for (long d = 0; d < max && !found; d++)
		found = sweep(x, &bx, 0, d, &sx, &sy) ||
			sweep(x, &bx, 1, d, &sx, &sy);
	free(bx.v[0]);
	free(bx.v[1]);
	if (!found) { /* nothing in common */
		memset(x->del + a0, 1, (size_t)bx.n);
		memset(x->add + b0, 1, (size_t)bx.m);
		return 0;
	}
	if (compare(x, a0, a0 + sx, b0, b0 + sy) < 0)
		return -1;
	return compare(x, a0 + sx, a1, b0 + sy, b1);
}

static int compare(struct diff *x, long a0, long a1, long b0, long b1)
{
	while (a0 < a1 && b0 < b1 && same(x, a0, b0))
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && same(x, a1 - 1, b1 - 1))
		a1--, b1--;
	if (a0 == a1 || b0 == b1) {
		memset(x->del + a0, 1, (size_t)(a1 - a0));
		memset(x->add + b0, 1, (size_t)(b1 - b0));
		return 0;
	}
	return bisect(x, a0, a1, b0, b1);
}

/* The edit script: for each step, the line of a (or -1) and of b (or
 * -1); both set for a common line. */
struct op {
	long i, j;
};

static size_t script(const struct diff *x, struct op *ops)
{
	size_t i = 0, j = 0, k = 0;

	while (i < x->a->n || j < x->b->n) {
		if (i < x->a->n && x->del[i])
			ops[k++] = (struct op){(long)i++, -1};
		else if (j < x->b->n && x->add[j])
			ops[k++] = (struct op){-1, (long)j++};
		else
			ops[k++] = (struct op){(long)i++, (long)j++};
	}
	return k;
}

static void put_line(FILE *f, char mark, const struct line *l)
{
	fputc(mark, f);
	fwrite(l->p, 1, l->len, f);
	fputs(l->nl ? "\n" : "\n\\ No newline at end of file\n", f);
}

/* "start,count" of diff -u: the count left out when 1, the start the
 * line before when 0. */
static void put_range(FILE *f, long first, long count)
{
	if (count == 1)
		fprintf(f, "%ld", first + 1);
	else
		fprintf(f, "%ld,%ld", count ? first + 1 : first, count);
}

static int changed(const struct op *o)
{
	return o->i < 0 || o->j < 0;
}

/* The hunk of ops[from..to): its header, then its lines. */
static void put_hunk(FILE *f, const struct diff *x, const struct op *ops,
		     size_t from, size_t to, long ai, long bj)
{
	long na = 0, nb = 0;

	for (size_t k = from; k < to; k++) {
		na += ops[k].i >= 0;
		nb += ops[k].j >= 0;
	}
	fputs("@@ -", f);
	put_range(f, ai, na);
	fputs(" +", f);
	put_range(f, bj, nb);
	fputs(" @@\n", f);
	for (size_t k = from; k < to; k++) {
		if (ops[k].i >= 0 && ops[k].j >= 0)
			put_line(f, ' ', &x->a->v[ops[k].i]);
		else if (ops[k].i >= 0)
			put_line(f, '-', &x->a->v[ops[k].i]);
		else
			put_line(f, '+', &x->b->v[ops[k].j]);
	}
}

static void put_hunks(FILE *f, const struct diff *x, const struct op *ops,
		      size_t n)
{
	size_t k = 0;
	long ai = 0, bj = 0; /* lines of a and b before ops[k] */

	while (k < n) {
		size_t c = k, from, to, last;

		while (c < n && !changed(&ops[c]))
			c++;
		if (c == n)
			break;
		from = c > k + CONTEXT ? c - CONTEXT : k;
		/* extend while the next change is within 2 * CONTEXT */
		last = c;
		for (size_t e = c + 1; e < n; e++) {
			if (changed(&ops[e])) {
				last = e;
				continue;
			}
			if (e - last > 2 * CONTEXT)
				break;
		}
		to = last + 1 + CONTEXT < n ? last + 1 + CONTEXT : n;
		for (size_t s = k; s < from; s++) {
			ai += ops[s].i >= 0;
			bj += ops[s].j >= 0;
		}
		put_hunk(f, x, ops, from, to, ai, bj);
		for (size_t s = from; s < to; s++) {
			ai += ops[s].i >= 0;
			bj += ops[s].j >= 0;
		}
		k = to;
	}
}

int cli_udiff(FILE *f, const char *a, size_t alen, const char *a_name,
	      const char *b, size_t blen, const char *b_name)
{
	struct lines la = {NULL, 0}, lb = {NULL, 0};
	struct diff x = {&la, &lb, NULL, NULL};
	struct op *ops = NULL;
	int rc = -1;

	if (split_lines(&la, a, alen) < 0 || split_lines(&lb, b, blen) < 0)
		goto out;
	x.del = calloc(la.n + 1, 1);
	x.add = calloc(lb.n + 1, 1);
	ops = calloc(la.n + lb.n + 1, sizeof(*ops));
	if (!x.del || !x.add || !ops ||
	    compare(&x, 0, (long)la.n, 0, (long)lb.n) < 0)
		goto out;
	fprintf(f, "--- %s\n+++ %s\n", a_name, b_name);
	put_hunks(f, &x, ops, script(&x, ops));
	rc = 0;
out:
	free(la.v);
	free(lb.v);
	free(x.del);
	free(x.add);
	free(ops);
	return rc;
}
