/*
 * cmd_history.c - `history [-r A:B]`: the graph, newest first.
 *
 * Text, one line per revision (Alembic's format):
 *   1975ea83b712 -> 3f2a9c1b7d4e (billing) (head), add slack webhook
 *   <base> -> 1975ea83b712 (branchpoint), create budgets
 * -v: a block per revision as `show` prints it, without SQL.
 * -r A:B keeps the revisions that are descendants of A (or A itself) and
 * ancestors of B (or B itself); "A:" runs to the heads, ":B" from base.
 * Either end takes any target expression (base, heads, a prefix,
 * label@head), or `current`: the revisions stamped in the database.  A
 * relative start (-3:current, -2:) counts down from the end, as Alembic.
 * -i (--indicate-current) marks the stamped revisions " (current)"; it and
 * `current` need the database, the rest of history none.
 * --format json: {"history":[<revision object as in current>, ...]}, each
 * with "current": true/false under -i.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* Marks in mark[] every revision reachable from set through parents
 * (up = 1) or children (up = 0), the set included. */
static int walk(unsigned char *mark, const mg_graph *g,
		const mg_revset *set, int up)
{
	size_t n = mg_graph_size(g), top = 0;
	const struct migrator_revision **stack = malloc((n ? n : 1) *
						   sizeof(*stack));

	if (!stack)
		return MIGRATOR_ENOMEM;
	for (size_t i = 0; i < set->n; i++)
		if (!mark[set->v[i]->order]) {
			mark[set->v[i]->order] = 1;
			stack[top++] = set->v[i];
		}
	while (top) {
		const struct migrator_revision *r = stack[--top];
		struct migrator_revision *const *next = up ? r->parents : r->children;
		size_t nn = up ? r->n_parents : r->n_children;

		for (size_t k = 0; k < nn; k++)
			if (!mark[next[k]->order]) {
				mark[next[k]->order] = 1;
				stack[top++] = next[k];
			}
	}
	free(stack);
	return 0;
}

/* One end of -r: "current" is the stamp, a relative start counts from
 * the end (from). */
static int resolve_end(mg_revset *out, const mg_graph *g,
		       const char *s, size_t len, const char *dflt,
		       const mg_revset *current,
		       const mg_revset *from, mg_diag *d)
{
	char *expr;
	int rc;

	if (len == 0)
		return dflt ? mg_target_resolve(out, g, dflt, NULL, d) : 0;
	expr = strndup(s, len);
	if (!expr)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (strcmp(expr, "current") == 0) {
		rc = 0;
		for (size_t i = 0; i < current->n && !rc; i++)
			if (mg_revset_add(out, current->v[i]) < 0)
				rc = mg_diag_set(d, MIGRATOR_ENOMEM,
						       "out of memory");
	} else {
		rc = mg_target_resolve(out, g, expr, from, d);
	}
	free(expr);
	return rc;
}

/* 1 when one end of the range is `current`. */
static int range_has_current(const char *range)
{
	const char *colon = range ? strchr(range, ':') : NULL;

	if (!colon)
		return 0;
	return strcmp(colon + 1, "current") == 0 ||
	       ((size_t)(colon - range) == strlen("current") &&
		strncmp(range, "current", (size_t)(colon - range)) == 0);
}

/* in[] = 1 for each revision the range keeps (all without -r). */
static int select_range(unsigned char *in, const mg_graph *g,
			const char *range, const mg_revset *current,
			mg_diag *d)
{
	size_t n = mg_graph_size(g);
	mg_revset lo = MG_REVSET_INIT, hi = MG_REVSET_INIT;
	unsigned char *below = NULL;
	const char *colon;
	int rc = 0;

	if (!range) {
		memset(in, 1, n);
		return 0;
	}
	colon = strchr(range, ':');
	if (!colon) {
		mg_diag_set(d, MIGRATOR_EUSAGE,
				  "bad range \"%s\": expected A:B", range);
		mg_diag_hint(d, "Use A:B, A: or :B, e.g. base:head.");
		return MIGRATOR_EUSAGE;
	}
	rc = resolve_end(&hi, g, colon + 1, strlen(colon + 1), "heads", current,
			 NULL, d);
	if (!rc)
		rc = resolve_end(&lo, g, range, (size_t)(colon - range), NULL,
				 current, &hi, d);
	below = calloc(n ? n : 1, 1);
	if (!rc && !below)
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (!rc && walk(below, g, &hi, 1))
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (!rc && lo.n == 0)
		memset(in, 1, n); /* from base: everything below hi */
	else if (!rc && walk(in, g, &lo, 0))
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < n; i++)
		in[i] = in[i] && below[i];
	free(below);
	mg_revset_clear(&lo);
	mg_revset_clear(&hi);
	return rc;
}

int cmd_history(struct cli *cli, mg_diag *d)
{
	const mg_graph *g = cli->graph;
	size_t n = mg_graph_size(g), shown = 0;
	unsigned char *in = calloc(n ? n : 1, 1);
	mg_revset cur = MG_REVSET_INIT;
	int rc = 0;

	if (!in)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (cli->args.indicate_current || range_has_current(cli->args.range))
		rc = mg_runner_current(&cur, cli->runner, d);
	if (!rc)
		rc = select_range(in, g, cli->args.range, &cur, d);
	if (rc)
		goto out;
	if (cli->args.json)
		fputs("{\"history\":[", stdout);
	for (size_t i = n; i-- > 0;) {
		const struct migrator_revision *r = mg_graph_at(g, i);

		int at = mg_revset_has(&cur, r);

		if (!in[r->order])
			continue;
		if (cli->args.json) {
			fputs(shown ? "," : "", stdout);
			cli_json_rev_at(stdout, r,
					cli->args.indicate_current ? at : -1);
		} else if (cli->verbose) {
			if (shown)
				fputc('\n', stdout);
			cli_print_rev_block_at(stdout, r,
					       cli->args.indicate_current && at);
		} else {
			cli_print_arrow(stdout, r);
			cli_print_labels(stdout, r);
			cli_print_marks_current(stdout, r,
						cli->args.indicate_current &&
							at);
			if (r->script->message[0])
				cli_put_textf(stdout, ", %s", r->script->message);
			fputc('\n', stdout);
		}
		shown++;
	}
	if (cli->args.json)
		puts("]}");
out:
	mg_revset_clear(&cur);
	free(in);
	return rc;
}
