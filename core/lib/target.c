/*
 * target.c - revision sets and the target expressions of DESIGN 2:
 * head, heads, base, ID, prefix, label, NAME@head, +N, -N, REV+N, REV-N.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "graph_build.h"
#include "target.h"

/* A relative count beyond this is a typo, not a plan. */
#define STEPS_MAX 1000000000ul

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* Index where r is or would go, by id. */
static size_t revset_pos(const mg_revset *s, const struct migrator_revision *r,
			 int *found)
{
	size_t lo = 0, hi = s->n;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid]->id, r->id);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int mg_revset_add(mg_revset *s, const struct migrator_revision *r)
{
	int found;
	size_t i = revset_pos(s, r, &found);

	if (found)
		return 0;
	if (mg_array_grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v), 4) < 0)
		return MIGRATOR_ENOMEM;
	memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof(*s->v));
	s->v[i] = r;
	s->n++;
	return 0;
}

int mg_revset_has(const mg_revset *s, const struct migrator_revision *r)
{
	int found;

	revset_pos(s, r, &found);
	return found;
}

void mg_revset_clear(mg_revset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Sets d to the message fmt says, then ": " and the ids of v: "several
 * heads: a, b".  Returns MIGRATOR_EUSAGE (MIGRATOR_ENOMEM). */
static int fail_list(mg_diag *d, const struct migrator_revision *const *v,
		     size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_list(mg_diag *d, const struct migrator_revision *const *v,
		     size_t n, const char *fmt, ...)
{
	struct mg_buf b = MG_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = mg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc == 0)
		rc = mg_buf_puts(&b, ": ");
	if (rc == 0)
		rc = mg_revs_format(&b, v, n, MG_REVS_CAP);
	if (rc < 0) {
		mg_buf_free(&b);
		return nomem(d);
	}
	mg_diag_set(d, MIGRATOR_EUSAGE, "%s", mg_buf_cstr(&b));
	mg_buf_free(&b);
	return MIGRATOR_EUSAGE;
}

int mg_revset_from_stamp(mg_revset *out, const mg_graph *g,
			       const char *const *rows, size_t n,
			       mg_diag *d)
{
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		const struct migrator_revision *r = mg_graph_get(g, rows[i]);

		if (!r) {
			mg_revset_clear(out);
			mg_diag_set(d, MIGRATOR_ESTAMP,
					  "the stamp table names revision %s, "
					  "which no migration file has",
					  rows[i]);
			mg_diag_hint(d, "If the file was deleted on "
					      "purpose, reset the stamp with "
					      "`migrator stamp --purge "
					      "TARGET`.");
			mg_diag_revision(d, rows[i]);
			return MIGRATOR_ESTAMP;
		}
		if (mg_revset_add(out, r) < 0) {
			mg_revset_clear(out);
			return nomem(d);
		}
	}
	return 0;
}

/* "12" -> 12; anything but 1..STEPS_MAX digits fails. */
static int parse_count(const char *s, unsigned long *out)
{
	unsigned long n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > STEPS_MAX)
			return -1;
	}
	*out = n;
	return 0;
}

/* The single head; several are an error; an empty graph gives NULL. */
static int single_head(const struct migrator_revision **out,
		       const mg_graph *g, mg_diag *d)
{
	size_t n;
	const struct migrator_revision *const *h = mg_graph_heads(g, &n);

	*out = n ? h[0] : NULL;
	if (n <= 1)
		return 0;
	fail_list(d, h, n, "head is ambiguous: the graph has several heads");
	mg_diag_hint(d, "Use `heads` to target all of them, or join "
			      "them with `migrator merge`.");
	return MIGRATOR_EUSAGE;
}

/* An exact ID, a branch label or a unique ID prefix. */
static int one_rev(const struct migrator_revision **out, const mg_graph *g,
		   const char *name, mg_diag *d)
{
	size_t first, n;

	*out = mg_graph_get(g, name);
	if (*out)
		return 0;
	*out = mg_graph_label(g, name);
	if (*out)
		return 0;
	n = *name ? mg_graph_prefix(g, name, &first) : 0;
	if (n == 1) {
		*out = mg_graph_by_id(g)[first];
		return 0;
	}
	if (n == 0)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "unknown revision \"%s\"", name);
	return fail_list(d, mg_graph_by_id(g) + first, n,
			 "revision prefix \"%s\" is ambiguous; it matches",
			 name);
}

/* NAME@head: the one head reached through children from NAME. */
static int name_at_head(const struct migrator_revision **out,
			const mg_graph *g, const char *name,
			mg_diag *d)
{
	const struct migrator_revision *start, **stack = NULL;
	mg_revset heads = MG_REVSET_INIT;
	unsigned char *seen = NULL;
	size_t n = mg_graph_size(g);
	int rc = one_rev(&start, g, name, d);

	*out = NULL;
	if (rc)
		return rc;
	stack = malloc(n * sizeof(*stack));
	seen = calloc(n, 1);
	if (!stack || !seen) {
		rc = nomem(d);
		goto out;
	}
	mg_graph_mark(seen, stack, &start, 1, MG_CHILDREN);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct migrator_revision *r = mg_graph_at(g, i);

		if (seen[i] && r->n_children == 0 &&
		    mg_revset_add(&heads, r) < 0)
			rc = nomem(d);
	}
	if (rc == 0 && heads.n == 1) {
		*out = heads.v[0];
	} else if (rc == 0) {
		rc = fail_list(d, heads.v, heads.n,
			       "%s@head is ambiguous: %s leads to several "
			       "heads",
			       name, start->id);
		mg_diag_hint(d, "Name one of the heads, or join them "
				      "with `migrator merge`.");
	}
out:
	mg_revset_clear(&heads);
	free(stack);
	free(seen);
	return rc;
}

/* Replaces *set by the union of its members' parents (those marked in
 * only, when only is not NULL), n times. */
static int step_back_only(mg_revset *set, unsigned long n,
			  const unsigned char *only, const char *expr,
			  mg_diag *d)
{
	mg_revset next = MG_REVSET_INIT;

	for (unsigned long k = 0; k < n; k++) {
		if (set->n == 0) {
			mg_diag_set(d, MIGRATOR_EUSAGE,
					  "%s goes below base: only %lu "
					  "step(s) back are possible",
					  expr, k);
			mg_revset_clear(&next);
			return MIGRATOR_EUSAGE;
		}
		next.n = 0;
		for (size_t i = 0; i < set->n; i++)
			for (size_t j = 0; j < set->v[i]->n_parents; j++)
				if ((!only ||
				     only[set->v[i]->parents[j]->order]) &&
				    mg_revset_add(
					    &next, set->v[i]->parents[j]) < 0) {
					mg_revset_clear(&next);
					return nomem(d);
				}
		mg_revset swap = *set;
		*set = next;
		next = swap;
	}
	mg_revset_clear(&next);
	return 0;
}

static int step_back(mg_revset *set, unsigned long n, const char *expr,
		     mg_diag *d)
{
	return step_back_only(set, n, NULL, expr, d);
}

/* The revisions one step up from at (the roots from NULL), those marked
 * in only when only is not NULL. */
static int next_up(mg_revset *out, const mg_graph *g,
		   const struct migrator_revision *at, const unsigned char *only)
{
	const struct migrator_revision *const *next;
	size_t nn;

	out->n = 0;
	if (at) {
		next = (const struct migrator_revision *const *)at->children;
		nn = at->n_children;
	} else {
		next = mg_graph_roots(g, &nn);
	}
	for (size_t i = 0; i < nn; i++)
		if ((!only || only[next[i]->order]) &&
		    mg_revset_add(out, next[i]) < 0)
			return MIGRATOR_ENOMEM;
	return 0;
}

/* Moves *at n steps forward along the only child (from NULL: the root),
 * counting only the revisions marked in only when only is not NULL. */
static int step_forward(const struct migrator_revision **at,
			const mg_graph *g, unsigned long n,
			const unsigned char *only, const char *expr,
			mg_diag *d)
{
	mg_revset next = MG_REVSET_INIT;
	int rc = 0;

	for (unsigned long k = 0; k < n && rc == 0; k++) {
		if (next_up(&next, g, *at, only) < 0) {
			rc = nomem(d);
			break;
		}
		if (next.n == 1) {
			*at = next.v[0];
			continue;
		}
		if (next.n == 0 && *at) {
			rc = mg_diag_set(d, MIGRATOR_EUSAGE,
					       "%s goes past head %s: only %lu "
					       "step(s) forward are possible",
					       expr, (*at)->id, k);
			break;
		}
		if (next.n == 0) {
			rc = mg_diag_set(d, MIGRATOR_EUSAGE,
					       "%s goes past head: the graph "
					       "has no revisions",
					       expr);
			break;
		}
		if (*at)
			rc = fail_list(d, next.v, next.n,
				       "%s is ambiguous: %s is a branch point "
				       "with children",
				       expr, (*at)->id);
		else
			rc = fail_list(d, next.v, next.n,
				       "%s is ambiguous: the graph has "
				       "several roots",
				       expr);
		mg_diag_hint(d, "Name the branch instead, e.g. REV+N or "
				      "LABEL@+N.");
	}
	mg_revset_clear(&next);
	return rc;
}

/*
 * Finds "REV+N" / "REV-N" in expr: the last sign followed only by digits.
 * Returns the sign's offset or 0 when expr is not of that form.
 */
static size_t relative_split(const char *expr, unsigned long *n)
{
	const char *p = expr + strlen(expr);

	while (p > expr && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == expr || !*p || (p[-1] != '+' && p[-1] != '-'))
		return 0;
	if (parse_count(p, n) < 0)
		return 0;
	return (size_t)(p - 1 - expr);
}

static int add_one(mg_revset *out, const struct migrator_revision *r,
		   mg_diag *d)
{
	if (r && mg_revset_add(out, r) < 0)
		return nomem(d);
	return 0;
}

/*
 * Counting from several revisions (the database's rows, a range's end):
 * which line to walk is a guess, so refuse, as Alembic does for +N, and
 * name the form that picks one.  (REV-1 would go down to REV's parent and
 * remove what is built on it, more than REV@-1 does.)
 */
static int several_starts(mg_diag *d, const mg_revset *from,
			  char sign, unsigned long n)
{
	fail_list(d, from->v, from->n,
		  "a relative target counts from one revision, but there "
		  "are several");
	mg_diag_hint(d, "Name the line to count on, e.g. %s@%c%lu.",
			   from->v[0]->id, sign, n);
	return MIGRATOR_EUSAGE;
}

/* +N / -N / REV+N / REV-N from the set from. */
static int resolve_relative(mg_revset *out, const mg_graph *g,
			    const mg_revset *from, char sign,
			    unsigned long n, const char *expr,
			    mg_diag *d)
{
	/* From several revisions, which branch to walk is a guess: refuse,
	 * as Alembic does.  (REV-N from a merge point walks both parents.) */
	if (from->n > 1)
		return several_starts(d, from, sign, n);
	if (sign == '-') {
		for (size_t i = 0; i < from->n; i++)
			if (mg_revset_add(out, from->v[i]) < 0)
				return nomem(d);
		return step_back(out, n, expr, d);
	}
	{
		const struct migrator_revision *at = from->n ? from->v[0] : NULL;
		int rc = step_forward(&at, g, n, NULL, expr, d);

		return rc ? rc : add_one(out, at, d);
	}
}

/* The rows that no other row covers: where a relative target counts from
 * (a stamp that an earlier migrator wrote may hold a dependency's own row
 * beside its dependent's). */
static int uncovered_rows(mg_revset *out, const mg_graph *g,
			  const mg_revset *rows, mg_diag *d)
{
	size_t n = mg_graph_size(g), m = n ? n : 1;
	unsigned char *covered = calloc(m, 1);
	const struct migrator_revision **stack = calloc(m, sizeof(*stack));
	int rc = covered && stack ? 0 : nomem(d);

	if (rc == 0)
		mg_graph_mark(covered, stack, rows->v, rows->n,
			      MG_BELOW | MG_STRICT);
	for (size_t i = 0; rc == 0 && i < rows->n; i++)
		if (!covered[rows->v[i]->order])
			rc = add_one(out, rows->v[i], d);
	free(covered);
	free(stack);
	return rc;
}

/*
 * NAME@+N, NAME@-N and NAME@base count along NAME's lineage: the
 * revisions that are ancestors or descendants of NAME's revision along
 * parent links (Alembic's filter_for_lineage).
 */
struct lineage {
	const struct migrator_revision *rev; /* NAME's revision */
	unsigned char *in;		/* in[order]: on the lineage */
	unsigned char *anc;		/* anc[order]: rev or an ancestor */
	const struct migrator_revision **stack;
};

static void lineage_free(struct lineage *l)
{
	free(l->in);
	free(l->anc);
	free(l->stack);
	memset(l, 0, sizeof(*l));
}

/* The revision the first len bytes of name name (an ID, prefix or label:
 * the NAME of NAME@...). */
static int named_rev(const struct migrator_revision **out, const mg_graph *g,
		     const char *name, size_t len, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc;

	*out = NULL;
	if (mg_buf_add(&b, name, len) < 0)
		return nomem(d);
	rc = one_rev(out, g, mg_buf_cstr(&b), d);
	mg_buf_free(&b);
	return rc;
}

static int lineage_init(struct lineage *l, const mg_graph *g,
			const char *name, size_t len, mg_diag *d)
{
	size_t n = mg_graph_size(g), m = n ? n : 1;
	int rc;

	memset(l, 0, sizeof(*l));
	rc = named_rev(&l->rev, g, name, len, d);
	if (rc)
		return rc;
	l->in = calloc(m, 1);
	l->anc = calloc(m, 1);
	l->stack = calloc(m, sizeof(*l->stack));
	if (!l->in || !l->anc || !l->stack) {
		lineage_free(l);
		return nomem(d);
	}
	mg_graph_mark(l->anc, l->stack, &l->rev, 1, MG_PARENTS);
	mg_graph_mark(l->in, l->stack, &l->rev, 1, MG_CHILDREN);
	for (size_t i = 0; i < n; i++)
		l->in[i] |= l->anc[i];
	return 0;
}

/*
 * Where the database stands on the lineage: the stamped revision on it or,
 * when no stamp row is (a dependency's row covers it), the newest applied
 * revision on it.  NULL when nothing of it is applied.
 */
static int lineage_current(const struct migrator_revision **out,
			   const struct lineage *l, const mg_graph *g,
			   const mg_revset *current, int own_only,
			   const char *expr, mg_diag *d)
{
	mg_revset at = MG_REVSET_INIT;
	size_t n = mg_graph_size(g);
	unsigned char *applied = NULL;
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; i < current->n && rc == 0; i++)
		if (l->in[current->v[i]->order] &&
		    mg_revset_add(&at, current->v[i]) < 0)
			rc = nomem(d);
	if (rc == 0 && at.n == 0) {
		applied = calloc(n ? n : 1, 1);
		if (!applied) {
			rc = nomem(d);
			goto out;
		}
		mg_graph_mark(applied, l->stack, current->v, current->n,
			      MG_BELOW);
		for (size_t i = 0; i < n && rc == 0; i++) {
			const struct migrator_revision *r = mg_graph_at(g, i);
			int tip = applied[i] && l->in[i] &&
				  (!own_only || !l->anc[i] || r == l->rev);

			for (size_t k = 0; tip && k < r->n_children; k++)
				if (applied[r->children[k]->order] &&
				    l->in[r->children[k]->order])
					tip = 0;
			if (tip && mg_revset_add(&at, r) < 0)
				rc = nomem(d);
		}
	}
	if (rc == 0 && at.n == 1) {
		*out = at.v[0];
	} else if (rc == 0 && at.n > 1) {
		rc = fail_list(d, at.v, at.n,
			       "%s is ambiguous: the branch of %s is "
			       "applied up to several revisions",
			       expr, l->rev->id);
		mg_diag_hint(d, "Count from one of them instead, e.g. "
				      "REV+N or REV-N.");
	}
out:
	free(applied);
	mg_revset_clear(&at);
	return rc;
}

/* "NAME@+N" / "NAME@-N": the offset of '@' when expr has that form. */
static size_t label_relative(const char *expr, unsigned long *n)
{
	const char *at = strchr(expr, '@');

	if (!at || at == expr || (at[1] != '+' && at[1] != '-') ||
	    parse_count(at + 2, n) < 0)
		return 0;
	return (size_t)(at - expr);
}

/* "NAME@base": the offset of '@' when expr has that form. */
static size_t label_base(const char *expr)
{
	const char *at = strchr(expr, '@');

	if (!at || at == expr || strcmp(at + 1, "base") != 0)
		return 0;
	return (size_t)(at - expr);
}

/* A relative target with no database to count from; count is its "+N"
 * or "-N" part. */
static int needs_db(const char *expr, const char *count, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_EUSAGE,
			  "relative target %s needs the database's current "
			  "revision",
			  expr);
	mg_diag_hint(d, "Use REV%s to count from a named revision.",
			   count);
	return MIGRATOR_EUSAGE;
}

/* NAME@+N / NAME@-N as a target: N steps up NAME's lineage from where the
 * database stands on it (from base when nothing of it is applied), or N
 * steps down along parent links. */
static int resolve_label_relative(mg_revset *out,
				  const mg_graph *g, const char *expr,
				  size_t split, unsigned long n,
				  const mg_revset *current,
				  mg_diag *d)
{
	const struct migrator_revision *at;
	struct lineage l;
	int rc;

	if (!current)
		return needs_db(expr, expr + split + 1, d);
	rc = lineage_init(&l, g, expr, split, d);
	if (!rc)
		rc = lineage_current(&at, &l, g, current, 0, expr, d);
	if (!rc && expr[split + 1] == '+') {
		rc = step_forward(&at, g, n, l.in, expr, d);
		if (!rc)
			rc = add_one(out, at, d);
	} else if (!rc) {
		rc = add_one(out, at, d);
		if (!rc)
			rc = step_back_only(out, n, l.in, expr, d);
	}
	lineage_free(&l);
	return rc;
}

static int resolve(mg_revset *out, const mg_graph *g,
		   const char *expr, const mg_revset *current,
		   mg_diag *d)
{
	const struct migrator_revision *r;
	const char *at;
	unsigned long n;
	size_t split;
	int rc;

	if (!*expr)
		return mg_diag_set(d, MIGRATOR_EUSAGE, "empty target");
	if (strcmp(expr, "base") == 0)
		return 0;
	if (strcmp(expr, "heads") == 0) {
		size_t nh;
		const struct migrator_revision *const *h = mg_graph_heads(g, &nh);

		for (size_t i = 0; i < nh; i++)
			if (mg_revset_add(out, h[i]) < 0)
				return nomem(d);
		return 0;
	}
	if (strcmp(expr, "head") == 0) {
		rc = single_head(&r, g, d);
		return rc ? rc : add_one(out, r, d);
	}
	if (expr[0] == '+' || expr[0] == '-') {
		if (parse_count(expr + 1, &n) < 0)
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "bad relative target \"%s\"",
						 expr);
		if (!current)
			return needs_db(expr, expr, d);
		{
			mg_revset from = MG_REVSET_INIT;

			rc = uncovered_rows(&from, g, current, d);
			if (!rc)
				rc = resolve_relative(out, g, &from, expr[0], n,
						      expr, d);
			mg_revset_clear(&from);
			return rc;
		}
	}
	split = label_relative(expr, &n);
	if (split)
		return resolve_label_relative(out, g, expr, split, n, current,
					      d);
	split = label_base(expr);
	if (split) /* below anything of NAME's: base, once NAME is known */
		return named_rev(&r, g, expr, split, d);
	at = strchr(expr, '@');
	if (at) {
		struct mg_buf name = MG_BUF_INIT;

		if (strcmp(at + 1, "head") != 0)
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "unsupported target \"%s\": "
						 "after @ only head, base, +N "
						 "and -N are known",
						 expr);
		if (mg_buf_add(&name, expr, (size_t)(at - expr)) < 0)
			return nomem(d);
		rc = name_at_head(&r, g, mg_buf_cstr(&name), d);
		mg_buf_free(&name);
		return rc ? rc : add_one(out, r, d);
	}
	/* A label that happens to end in -N is still a label. */
	split = mg_graph_label(g, expr) ? 0 : relative_split(expr, &n);
	if (split) {
		struct mg_buf name = MG_BUF_INIT;
		mg_revset from = MG_REVSET_INIT;

		if (mg_buf_add(&name, expr, split) < 0)
			return nomem(d);
		rc = one_rev(&r, g, mg_buf_cstr(&name), d);
		if (rc == 0)
			rc = add_one(&from, r, d);
		if (rc == 0)
			rc = resolve_relative(out, g, &from, expr[split], n,
					      expr, d);
		mg_revset_clear(&from);
		mg_buf_free(&name);
		return rc;
	}
	rc = one_rev(&r, g, expr, d);
	return rc ? rc : add_one(out, r, d);
}

/* Messages quote the expression, and a control character (a newline, say)
 * would break their one line; no revision ID or label holds one. */
static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int mg_target_resolve(mg_revset *out, const mg_graph *g,
			    const char *expr, const mg_revset *current,
			    mg_diag *d)
{
	int rc;

	out->n = 0;
	if (has_control(expr)) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "target contains a control character");
		mg_diag_hint(d, "Revision IDs and branch labels hold "
				      "letters, digits, '_', '.' and '-'.");
		return MIGRATOR_EUSAGE;
	}
	rc = resolve(out, g, expr, current, d);
	if (rc)
		mg_revset_clear(out);
	return rc;
}

int mg_target_resolve_one(const struct migrator_revision **out,
				const mg_graph *g, const char *expr,
				const mg_revset *current,
				mg_diag *d)
{
	mg_revset set = MG_REVSET_INIT;
	int rc = mg_target_resolve(&set, g, expr, current, d);

	*out = NULL;
	if (rc)
		return rc;
	if (set.n == 1)
		*out = set.v[0];
	else if (set.n == 0)
		rc = mg_diag_set(d, MIGRATOR_EUSAGE,
				       "%s names no revision (it is base)",
				       expr);
	else
		rc = fail_list(d, set.v, set.n, "%s names several revisions",
			       expr);
	mg_revset_clear(&set);
	return rc;
}

int mg_target_needs_current(const char *expr)
{
	unsigned long n;

	if ((expr[0] == '+' || expr[0] == '-') && parse_count(expr + 1, &n) == 0)
		return 1;
	return label_relative(expr, &n) != 0;
}

int mg_target_is_drop(const char *expr)
{
	unsigned long n;
	size_t split;

	if (expr[0] == '-' && parse_count(expr + 1, &n) == 0)
		return 1;
	split = label_relative(expr, &n);
	if (split && expr[split + 1] == '-')
		return 1;
	return label_base(expr) != 0;
}

static int has_parent(const struct migrator_revision *r, const unsigned char *only)
{
	for (size_t j = 0; j < r->n_parents; j++)
		if (!only || only[r->parents[j]->order])
			return 1;
	return 0;
}

/* Counting -N from one revision: the revisions N - 1 steps down along
 * parent links, which go with all that is built on them. */
static int chain_drop(mg_revset *drop, const struct migrator_revision *from,
		      unsigned long n, const unsigned char *only,
		      const char *expr, mg_diag *d)
{
	mg_revset level = MG_REVSET_INIT;
	int rc;

	if (n == 0)
		return 0;
	if (!from)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "%s goes below base: only 0 step(s) "
					 "back are possible",
					 expr);
	/* every level walked goes, so a root passed on one side of a
	 * merge is not forgotten when the other side goes on */
	rc = add_one(&level, from, d);
	for (unsigned long k = 0; !rc && k < n; k++) {
		if (level.n == 0) {
			rc = mg_diag_set(d, MIGRATOR_EUSAGE,
					       "%s goes below base: only %lu "
					       "step(s) back are possible",
					       expr, k);
			break;
		}
		/* the last level, and what an earlier level leaves at base */
		for (size_t i = 0; !rc && i < level.n; i++)
			if (k + 1 == n || !has_parent(level.v[i], only))
				rc = add_one(drop, level.v[i], d);
		if (!rc && k + 1 < n)
			rc = step_back_only(&level, 1, only, expr, d);
	}
	mg_revset_clear(&level);
	return rc;
}

static int resolve_drop(mg_revset *drop, const mg_graph *g,
			const char *expr, const mg_revset *current,
			mg_diag *d)
{
	const struct migrator_revision *at = NULL;
	struct lineage l;
	unsigned long n;
	size_t split;
	int rc;

	if (expr[0] == '-' && parse_count(expr + 1, &n) == 0) {
		mg_revset from = MG_REVSET_INIT;

		rc = uncovered_rows(&from, g, current, d);
		if (!rc && from.n > 1)
			rc = several_starts(d, &from, '-', n);
		else if (!rc)
			rc = chain_drop(drop, from.n ? from.v[0] : NULL, n,
					NULL, expr, d);
		mg_revset_clear(&from);
		return rc;
	}
	split = label_base(expr);
	if (split) {
		/* the roots NAME's revision is built on, with all built on
		 * them */
		size_t nr;
		const struct migrator_revision *const *roots;

		rc = lineage_init(&l, g, expr, split, d);
		roots = mg_graph_roots(g, &nr);
		for (size_t i = 0; rc == 0 && i < nr; i++)
			if (l.anc[roots[i]->order])
				rc = add_one(drop, roots[i], d);
		lineage_free(&l);
		return rc;
	}
	split = label_relative(expr, &n);
	rc = lineage_init(&l, g, expr, split, d);
	if (!rc)
		rc = lineage_current(&at, &l, g, current, 1, expr, d);
	if (!rc && !at && n)
		rc = mg_diag_set(d, MIGRATOR_EUSAGE,
				       "%s: nothing of %s's line is applied",
				       expr, l.rev->id);
	if (!rc)
		rc = chain_drop(drop, at, n, l.in, expr, d);
	lineage_free(&l);
	return rc;
}

int mg_target_resolve_drop(mg_revset *drop,
				 const mg_graph *g, const char *expr,
				 const mg_revset *current,
				 mg_diag *d)
{
	int rc;

	drop->n = 0;
	if (has_control(expr))
		return mg_target_resolve(drop, g, expr, current, d);
	rc = resolve_drop(drop, g, expr, current, d);
	if (rc)
		mg_revset_clear(drop);
	return rc;
}

int mg_target_below(const struct migrator_revision **out,
			  const mg_graph *g, const char *expr,
			  mg_diag *d)
{
	size_t split = label_base(expr);

	*out = NULL;
	return split ? named_rev(out, g, expr, split, d) : 0;
}
