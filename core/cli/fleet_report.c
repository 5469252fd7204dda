/*
 * fleet_report.c - fleets (issue 18): what a fleet run prints at the end.
 *
 * Text: a table, one row per target (target, from, to, revisions run,
 * time, result); `current` instead lists each stamped revision with the
 * targets at it, those at the heads first.  --format json: one object per
 * target and line,
 *
 *   {"target":"tenant_1","from":["a1"],"to":["b2"],"revisions":1,
 *    "ms":120,"result":"ok","head":true,"error":null}
 *
 * from and to are null when unknown (verify; a database that could not
 * be read); "head" is whether the target is at the graph's heads.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "fleet.h"

int cli_fleet_ok(const struct fleet_job *j)
{
	return j->state == JOB_DONE && WIFEXITED(j->status) &&
	       WEXITSTATUS(j->status) == 0;
}

const char *cli_fleet_result(const struct fleet_job *j)
{
	if (j->state == JOB_SKIPPED || j->state == JOB_WAITING)
		return "skipped";
	if (cli_fleet_ok(j))
		return "ok";
	if (WIFSIGNALED(j->status))
		return "crashed";
	return j->code == MIGRATOR_EDRIFT ? "drift" : "failed";
}

/* A comma-separated list of revisions as a JSON array, null for NULL. */
static void json_revs(FILE *f, const char *list)
{
	if (!list) {
		fputs("null", f);
		return;
	}
	fputc('[', f);
	while (*list) {
		size_t n = strcspn(list, ",");
		char *id = strndup(list, n);

		if (id)
			cli_json_str(f, id);
		free(id);
		list += n;
		if (*list == ',' && list++)
			fputc(',', f);
	}
	fputc(']', f);
}

static int at_head(const struct fleet_job *j)
{
	return j->to && j->heads && strcmp(j->to, j->heads) == 0;
}

static void json_job(const struct fleet_job *j)
{
	fputs("{\"target\":", stdout);
	cli_json_str(stdout, j->t->name);
	fputs(",\"from\":", stdout);
	json_revs(stdout, j->from);
	fputs(",\"to\":", stdout);
	json_revs(stdout, j->to);
	printf(",\"revisions\":%lu,\"ms\":%lu", j->ran, j->ms);
	cli_json_member(stdout, "result", cli_fleet_result(j));
	printf(",\"head\":%s", at_head(j) ? "true" : "false");
	cli_json_member(stdout, "error", j->error);
	fputs("}\n", stdout);
}

static const char *revs_text(const char *list)
{
	return !list ? "-" : *list ? list : "base";
}

static int width(const struct fleet *f, int col, int min)
{
	int w = min;

	for (size_t i = 0; i < f->n; i++) {
		const struct fleet_job *j = &f->jobs[i];
		const char *s = col == 0   ? j->t->name
				: col == 1 ? revs_text(j->from)
					   : revs_text(j->to);
		int len = (int)strlen(s);

		if (len > w)
			w = len;
	}
	return w;
}

static void table(const struct fleet *f)
{
	int wn = width(f, 0, 6), wf = width(f, 1, 4), wt = width(f, 2, 2);

	printf("%-*s  %-*s  %-*s  %9s  %8s  %s\n", wn, "target", wf, "from",
	       wt, "to", "revisions", "time", "result");
	for (size_t i = 0; i < f->n; i++) {
		const struct fleet_job *j = &f->jobs[i];

		printf("%-*s  %-*s  %-*s  %9lu  %6.1f s  %s\n", wn,
		       j->t->name, wf, revs_text(j->from), wt,
		       revs_text(j->to), j->ran, (double)j->ms / 1000.0,
		       cli_fleet_result(j));
	}
}

/* current: the stamp a target is at, NULL when it could not be read. */
static const char *stamp_of(const struct fleet_job *j)
{
	return cli_fleet_ok(j) ? j->to : NULL;
}

static int same_stamp(const struct fleet_job *a, const struct fleet_job *b)
{
	const char *x = stamp_of(a), *y = stamp_of(b);

	return x && y ? strcmp(x, y) == 0 : x == y;
}

/* The targets from i on at the stamp of target i, on one line. */
static void group(const struct fleet *f, size_t i, char *seen, int pass)
{
	const struct fleet_job *j = &f->jobs[i];
	size_t count = 0;

	for (size_t k = i; k < f->n; k++)
		count += !seen[k] && same_stamp(&f->jobs[k], j);
	if (pass == 2)
		printf("not read (%zu):", count);
	else
		printf("%s (%s, %zu):", revs_text(stamp_of(j)),
		       pass == 0 ? "head" : "behind", count);
	for (size_t k = i; k < f->n; k++)
		if (!seen[k] && same_stamp(&f->jobs[k], j)) {
			seen[k] = 1;
			printf(" %s", f->jobs[k].t->name);
		}
	putchar('\n');
}

/* current: each stamp with its targets, those at the heads first, then
 * those behind, then those that could not be read. */
static void by_revision(const struct fleet *f)
{
	char *seen = calloc(f->n ? f->n : 1, 1);

	if (!seen) {
		table(f);
		return;
	}
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < f->n; i++) {
			const struct fleet_job *j = &f->jobs[i];
			int want = pass == 0   ? stamp_of(j) && at_head(j)
				   : pass == 1 ? stamp_of(j) != NULL
					       : 1;

			if (!seen[i] && want)
				group(f, i, seen, pass);
		}
	free(seen);
}

void cli_fleet_report(const struct fleet *f)
{
	if (f->cli->args.json) {
		for (size_t i = 0; i < f->n; i++)
			json_job(&f->jobs[i]);
	} else if (f->cli->quiet) {
		return;
	} else if (f->cmd->fn == cmd_current) {
		by_revision(f);
	} else {
		table(f);
	}
	fflush(stdout);
}
