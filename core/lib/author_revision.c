/*
 * author_revision.c - `revision` and `merge`: work out the new revision's
 * parents, labels and dependencies from the graph, then hand the header to
 * mg_author_write().
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "author_int.h"
#include "buf.h"
#include "graph_build.h"
#include "script_parse.h"
#include "author.h"
#include "strvec.h"
#include "target.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Splits a comma-separated list ("a, b") into out; what names it in
 * messages.  NULL or "" is an empty list; an empty item is an error. */
static int split_list(mg_strvec *out, const char *list,
		      const char *what, mg_diag *d)
{
	const char *b = list;

	if (!list || !*list)
		return 0;
	for (;;) {
		const char *e = strchr(b, ',');
		const char *ie = e ? e : b + strlen(b), *ib = b;

		while (ib < ie && is_blank(*ib))
			ib++;
		while (ie > ib && is_blank(ie[-1]))
			ie--;
		if (ib == ie)
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "empty item in %s \"%s\"",
						 what, list);
		if (mg_strvec_pushn(out, ib, (size_t)(ie - ib)) < 0)
			return nomem(d);
		if (!e)
			return 0;
		b = e + 1;
	}
}

/* A new label: one the file parser accepts (mg_label_check), and taken
 * by no revision or label yet. */
static int check_label(const mg_graph *g, const mg_strvec *all,
		       size_t i, mg_diag *d)
{
	const char *l = all->v[i];
	const struct migrator_revision *r;
	int rc = mg_label_check(l, strlen(l), MIGRATOR_EUSAGE, d);

	if (rc)
		return rc;
	for (size_t k = 0; k < i; k++)
		if (strcmp(all->v[k], l) == 0)
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "branch label \"%s\" is given "
						 "twice",
						 l);
	r = mg_graph_label(g, l);
	if (r) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "branch label \"%s\" is already used by "
				  "revision %s",
				  l, r->id);
		mg_diag_locate(d, r->script->path, 0);
		return MIGRATOR_EUSAGE;
	}
	r = mg_graph_get(g, l);
	if (r)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "branch label \"%s\" is the ID of "
					 "revision %s",
					 l, r->id);
	return 0;
}

static const char *const *ids_of(const mg_strvec *v)
{
	return (const char *const *)v->v;
}

/* What every new revision file has: a message and its parents (f borrows
 * both). */
static void file_init(struct mg_author_file *f, const struct mg_buf *msg,
		      const mg_strvec *parents)
{
	memset(f, 0, sizeof(*f));
	f->message = mg_buf_cstr(msg);
	f->parents = ids_of(parents);
	f->n_parents = parents->n;
}

/* The parent(s) of a new revision: --head, else the single head. */
static int pick_parent(mg_strvec *parents, const mg_graph *g,
		       const char *head, mg_diag *d)
{
	const struct migrator_revision *r;
	size_t n;
	const struct migrator_revision *const *h;
	struct mg_buf list = MG_BUF_INIT;
	int rc;

	if (head && strcmp(head, "base") == 0)
		return 0;
	if (head) {
		rc = mg_target_resolve_one(&r, g, head, NULL, d);
		if (rc)
			return rc;
		return mg_strvec_push(parents, r->id) < 0 ? nomem(d) : 0;
	}
	h = mg_graph_heads(g, &n);
	if (n == 0)
		return 0; /* the first revision: a root */
	if (n == 1)
		return mg_strvec_push(parents, h[0]->id) < 0 ? nomem(d)
								   : 0;
	if (mg_revs_format(&list, h, n, 0) < 0) {
		mg_buf_free(&list);
		return nomem(d);
	}
	mg_diag_set(d, MIGRATOR_EUSAGE,
			  "the migrations have %zu heads: %s", n,
			  mg_buf_cstr(&list));
	mg_diag_hint(d, "Choose the parent with --head REV, or join the "
			      "heads first with \"migrator merge -m MESSAGE "
			      "heads\".");
	mg_buf_free(&list);
	return MIGRATOR_EUSAGE;
}

static int pick_depends(mg_strvec *out, const mg_graph *g,
			const char *list, const mg_strvec *parents,
			mg_diag *d)
{
	mg_strvec exprs = MG_STRVEC_INIT;
	int rc = split_list(&exprs, list, "--depends-on", d);

	for (size_t i = 0; !rc && i < exprs.n; i++) {
		const struct migrator_revision *r;

		rc = mg_target_resolve_one(&r, g, exprs.v[i], NULL, d);
		if (rc)
			break;
		if (mg_strvec_find(parents, r->id) >= 0) {
			rc = mg_diag_set(d, MIGRATOR_EUSAGE,
					       "--depends-on %s names the new "
					       "revision's parent",
					       exprs.v[i]);
			mg_diag_hint(d, "depends_on orders a revision "
					      "after another branch's; the "
					      "parent comes first anyway.");
			break;
		}
		if (mg_strvec_find(out, r->id) < 0 &&
		    mg_strvec_push(out, r->id) < 0)
			rc = nomem(d);
	}
	mg_strvec_clear(&exprs);
	return rc;
}

int mg_author_revision(char **path_out, const mg_graph *g,
			     const struct migrator_revision_spec *spec,
			     mg_diag *d)
{
	return mg_author_revision_body(path_out, g, spec, NULL, d);
}

int mg_author_revision_body(char **path_out, const mg_graph *g,
			    const struct migrator_revision_spec *spec,
			    const char *body, mg_diag *d)
{
	mg_strvec parents = MG_STRVEC_INIT,
			labels = MG_STRVEC_INIT,
			depends = MG_STRVEC_INIT;
	struct mg_buf msg = MG_BUF_INIT;
	struct mg_author_file f;
	int rc;

	*path_out = NULL;
	rc = mg_author_message(&msg, spec->message, d);
	if (!rc)
		rc = pick_parent(&parents, g, spec->head, d);
	if (!rc)
		rc = split_list(&labels, spec->branch_labels,
				"--branch-label", d);
	for (size_t i = 0; !rc && i < labels.n; i++)
		rc = check_label(g, &labels, i, d);
	if (!rc)
		rc = pick_depends(&depends, g, spec->depends_on, &parents, d);
	if (rc)
		goto out;
	file_init(&f, &msg, &parents);
	f.labels = ids_of(&labels);
	f.n_labels = labels.n;
	f.depends = ids_of(&depends);
	f.n_depends = depends.n;
	f.body = body;
	rc = mg_author_write(path_out, g, &f, d);
out:
	mg_strvec_clear(&parents);
	mg_strvec_clear(&labels);
	mg_strvec_clear(&depends);
	mg_buf_free(&msg);
	return rc;
}

/* 1 if b is reached from a by following parents (a != b). */
static int is_ancestor(const struct migrator_revision *anc,
		       const struct migrator_revision *of, unsigned char *seen,
		       const struct migrator_revision **stack, size_t n_graph)
{
	size_t top = 0;

	memset(seen, 0, n_graph);
	stack[top++] = of;
	while (top > 0) {
		const struct migrator_revision *r = stack[--top];

		for (size_t i = 0; i < r->n_parents; i++) {
			const struct migrator_revision *p = r->parents[i];

			if (p == anc)
				return 1;
			if (!seen[p->order]) {
				seen[p->order] = 1;
				stack[top++] = p;
			}
		}
	}
	return 0;
}

/* Fails when one of v[0..n) is an ancestor of another: merging them would
 * join nothing. */
static int check_unrelated(const mg_graph *g,
			   const struct migrator_revision *const *v, size_t n,
			   mg_diag *d)
{
	size_t ng = mg_graph_size(g);
	unsigned char *seen = malloc(ng ? ng : 1);
	const struct migrator_revision **stack =
		ng <= SIZE_MAX / sizeof(*stack) ? malloc((ng ? ng : 1) *
							 sizeof(*stack))
						: NULL;
	int rc = 0;

	if (!seen || !stack) {
		rc = nomem(d);
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++)
		for (size_t k = 0; k < n && !rc; k++)
			if (k != i && is_ancestor(v[i], v[k], seen, stack, ng)) {
				rc = mg_diag_set(d, MIGRATOR_EUSAGE,
						       "cannot merge %s and "
						       "%s: %s is an ancestor "
						       "of %s",
						       v[i]->id, v[k]->id,
						       v[i]->id, v[k]->id);
				mg_diag_hint(d, "A merge joins revisions "
						      "on separate branches, "
						      "such as the heads.");
			}
out:
	free(seen);
	free(stack);
	return rc;
}

int mg_author_merge(char **path_out, const mg_graph *g,
			  const char *message, const char *const *targets,
			  size_t n, mg_diag *d)
{
	mg_revset set = MG_REVSET_INIT;
	mg_strvec parents = MG_STRVEC_INIT;
	const struct migrator_revision **revs = NULL;
	struct mg_buf msg = MG_BUF_INIT;
	struct mg_author_file f;
	size_t nrevs = 0, cap = 0;
	int rc;

	*path_out = NULL;
	rc = mg_author_message(&msg, message, d);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = mg_target_resolve(&set, g, targets[i], NULL, d);
		for (size_t k = 0; !rc && k < set.n; k++) {
			if (mg_strvec_find(&parents, set.v[k]->id) >= 0)
				continue;
			if (mg_array_grow(&revs, &cap, nrevs + 1,
					  sizeof(*revs), 8) < 0) {
				rc = nomem(d);
				break;
			}
			revs[nrevs++] = set.v[k];
			if (mg_strvec_push(&parents, set.v[k]->id) < 0)
				rc = nomem(d);
		}
	}
	if (!rc && nrevs < 2) {
		if (nrevs == 1)
			mg_diag_set(d, MIGRATOR_EUSAGE,
					  "nothing to merge: %s names only "
					  "%s",
					  n == 1 ? targets[0] : "the list",
					  revs[0]->id);
		else
			mg_diag_set(d, MIGRATOR_EUSAGE,
					  "nothing to merge: no revisions "
					  "given");
		mg_diag_hint(d, "A merge joins two or more heads: "
				      "\"migrator merge -m MESSAGE heads\".");
		rc = MIGRATOR_EUSAGE;
	}
	if (!rc)
		rc = check_unrelated(g, revs, nrevs, d);
	if (rc)
		goto out;
	file_init(&f, &msg, &parents);
	rc = mg_author_write(path_out, g, &f, d);
out:
	mg_revset_clear(&set);
	mg_strvec_clear(&parents);
	free(revs);
	mg_buf_free(&msg);
	return rc;
}
