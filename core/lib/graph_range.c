/*
 * graph_range.c - the revisions of a history range ("A:B", "A:", ":B"),
 * newest first: the descendants of A that are ancestors of B.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "graph_build.h"
#include "graph_range.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* One end of the range, s[0..len): empty is dflt (NULL: nothing),
 * "current" the stamp (current, may be NULL: none), else a target
 * expression (a relative one counts from from). */
static int resolve_end(mg_revset *out, const mg_graph *g, const char *s,
		       size_t len, const char *dflt, const mg_revset *current,
		       const mg_revset *from, mg_diag *d)
{
	char *expr;
	int rc = 0;

	if (len == 0)
		return dflt ? mg_target_resolve(out, g, dflt, NULL, d) : 0;
	expr = strndup(s, len);
	if (!expr)
		return nomem(d);
	if (strcmp(expr, "current") != 0)
		rc = mg_target_resolve(out, g, expr, from, d);
	else
		for (size_t i = 0; !rc && current && i < current->n; i++)
			if (mg_revset_add(out, current->v[i]) < 0)
				rc = nomem(d);
	free(expr);
	return rc;
}

int mg_graph_range_needs_current(const char *range)
{
	const char *colon = range ? strchr(range, ':') : NULL;

	if (!colon)
		return 0;
	return strcmp(colon + 1, "current") == 0 ||
	       ((size_t)(colon - range) == strlen("current") &&
		strncmp(range, "current", (size_t)(colon - range)) == 0);
}

/* in[] = 1 for each revision (by order) the range "lo:hi" keeps: below
 * hi along parents and above lo along children (lo base: all below hi). */
static int select_range(unsigned char *in, const mg_graph *g,
			const char *range, const mg_revset *current,
			mg_diag *d)
{
	size_t n = mg_graph_size(g);
	const char *colon = strchr(range, ':');
	mg_revset lo = MG_REVSET_INIT, hi = MG_REVSET_INIT;
	unsigned char *below = NULL;
	const struct migrator_revision **stack = NULL;
	int rc;

	if (!colon) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
			    "bad range \"%s\": expected A:B", range);
		mg_diag_hint(d, "Use A:B, A: or :B, e.g. base:head.");
		return MIGRATOR_EUSAGE;
	}
	rc = resolve_end(&hi, g, colon + 1, strlen(colon + 1), "heads",
			 current, NULL, d);
	if (!rc)
		rc = resolve_end(&lo, g, range, (size_t)(colon - range), NULL,
				 current, &hi, d);
	if (!rc) {
		below = calloc(n ? n : 1, 1);
		stack = malloc((n ? n : 1) * sizeof(*stack));
		if (!below || !stack)
			rc = nomem(d);
	}
	if (!rc) {
		mg_graph_mark(below, stack, hi.v, hi.n, MG_PARENTS);
		if (lo.n == 0)
			memset(in, 1, n); /* from base: everything below hi */
		else
			mg_graph_mark(in, stack, lo.v, lo.n, MG_CHILDREN);
		for (size_t i = 0; i < n; i++)
			in[i] = in[i] && below[i];
	}
	free(stack);
	free(below);
	mg_revset_clear(&lo);
	mg_revset_clear(&hi);
	return rc;
}

int mg_graph_range(const struct migrator_revision ***out, size_t *n,
		   const mg_graph *g, const char *range,
		   const mg_revset *current, mg_diag *d)
{
	size_t size = mg_graph_size(g), k = 0;
	unsigned char *in = calloc(size ? size : 1, 1);
	const struct migrator_revision **v = malloc((size ? size : 1) *
						    sizeof(*v));
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!in || !v)
		rc = nomem(d);
	else if (range)
		rc = select_range(in, g, range, current, d);
	else
		memset(in, 1, size);
	for (size_t i = size; !rc && i-- > 0;)
		if (in[i])
			v[k++] = mg_graph_at(g, i);
	free(in);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}
