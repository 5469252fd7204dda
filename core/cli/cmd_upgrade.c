/*
 * cmd_upgrade.c - `upgrade` and `downgrade`: online, --dry-run and --sql.
 *
 * Text output: one line per migration on stdout as it starts,
 *   Running upgrade <base> -> 3f2a9c1b7d4e, add budget alerts
 * (with -v also "  done in N ms"), nothing when already there; -q keeps
 * quiet.  --dry-run prints the same lines with "Would run" instead.
 *
 * --format json prints one object on stdout, also after a failure (then
 * with what ran before it), and no progress lines:
 *   {"direction":"upgrade","dry_run":false,
 *    "revisions":[{"revision":"3f2a9c1b7d4e","from":["1975ea83b712"],
 *                  "to":["3f2a9c1b7d4e"],"message":"...","elapsed_ms":12}]}
 * "from"/"to": upgrade from the revision's parents to it, downgrade from
 * it to its parents ([] is base); "elapsed_ms" is absent in a dry run.  An empty "revisions" list: nothing to do.
 *
 * Database notices and other -v chatter go to stderr.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static void print_revs(FILE *f, struct migrator_rev *const *v, size_t n)
{
	if (n == 0)
		fputs("<base>", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", v[i]->id);
}

/* "Running upgrade PARENTS -> ID, message" or "... downgrade ID ->
 * PARENTS": the revision's own links, as Alembic prints them (the stamp
 * rows may differ on branchy graphs). */
static void print_step(FILE *f, const char *verb,
		       const struct migrator_step *st)
{
	const struct migrator_rev *r = st->rev;

	fprintf(f, "%s %s ", verb,
		st->direction == MIGRATOR_UPGRADE ? "upgrade" : "downgrade");
	if (st->direction == MIGRATOR_UPGRADE)
		print_revs(f, r->parents, r->n_parents);
	else
		fputs(r->id, f);
	fputs(" -> ", f);
	if (st->direction == MIGRATOR_UPGRADE)
		fputs(r->id, f);
	else
		print_revs(f, r->parents, r->n_parents);
	if (r->script->message[0])
		fprintf(f, ", %s", r->script->message);
	fputc('\n', f);
	fflush(f);
}

static void json_revs(FILE *f, struct migrator_rev *const *v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		cli_json_str(f, v[i]->id);
	}
	fputc(']', f);
}

/* One step as a JSON object, kept as text until the run ends. */
static int keep_json(struct cli *cli, const struct migrator_step *st,
		     int with_ms, unsigned long ms)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f)
		return MIGRATOR_ENOMEM;
	fputs("{\"revision\":", f);
	cli_json_str(f, st->rev->id);
	fputs(",\"from\":", f);
	if (st->direction == MIGRATOR_UPGRADE)
		json_revs(f, st->rev->parents, st->rev->n_parents);
	else
		cli_json_ids(f, &st->rev->id, 1);
	fputs(",\"to\":", f);
	if (st->direction == MIGRATOR_UPGRADE)
		cli_json_ids(f, &st->rev->id, 1);
	else
		json_revs(f, st->rev->parents, st->rev->n_parents);
	fputs(",\"message\":", f);
	cli_json_str(f, st->rev->script->message);
	if (with_ms)
		fprintf(f, ",\"elapsed_ms\":%lu", ms);
	fputc('}', f);
	if (fclose(f) != 0) {
		free(text);
		return MIGRATOR_ENOMEM;
	}
	rc = migrator_strvec_push(&cli->ran_json, text);
	free(text);
	return rc;
}

void cli_on_event(const struct migrator_event *ev, void *payload)
{
	struct cli *cli = payload;

	switch (ev->type) {
	case MIGRATOR_EVENT_STEP_START:
		if (cli->args.json ? cli->verbose : !cli->quiet)
			print_step(cli->args.json ? stderr : stdout, "Running",
				   ev->step);
		break;
	case MIGRATOR_EVENT_STEP_DONE:
		if (cli->verbose)
			fprintf(cli->args.json ? stderr : stdout,
				"  done in %lu ms\n", ev->elapsed_ms);
		if (cli->args.json && keep_json(cli, ev->step, 1,
						ev->elapsed_ms))
			cli_warn("out of memory: the JSON report is "
				 "incomplete");
		break;
	case MIGRATOR_EVENT_NOTICE:
		if (cli->verbose)
			fprintf(stderr, "migrator: notice: %s\n", ev->text);
		break;
	case MIGRATOR_EVENT_INFO:
		if (cli->verbose)
			fprintf(stderr, "migrator: %s\n", ev->text);
		break;
	case MIGRATOR_EVENT_WARNING:
		if (!cli->quiet)
			cli_warn("%s", ev->text);
		break;
	}
}

void cli_ran_free(struct cli *cli)
{
	migrator_strvec_clear(&cli->ran_json);
}

static void print_json(struct cli *cli, enum migrator_direction dir)
{
	printf("{\"direction\":\"%s\",\"dry_run\":%s,\"revisions\":[",
	       dir == MIGRATOR_UPGRADE ? "upgrade" : "downgrade",
	       cli->args.dry_run ? "true" : "false");
	for (size_t i = 0; i < cli->ran_json.n; i++)
		printf("%s%s", i ? "," : "", cli->ran_json.v[i]);
	puts("]}");
}

static int dry_run(struct cli *cli, enum migrator_direction dir,
		   migrator_diag *d)
{
	migrator_plan *plan = NULL;
	int rc = migrator_runner_plan(&plan, cli->runner, dir,
				      cli->args.pos.v[0], d);

	for (size_t i = 0; !rc && i < migrator_plan_size(plan); i++) {
		const struct migrator_step *st = migrator_plan_step(plan, i);

		if (cli->args.json) {
			if (keep_json(cli, st, 0, 0))
				rc = migrator_diag_set(d, MIGRATOR_ENOMEM,
						       "out of memory");
		} else if (!cli->quiet) {
			print_step(stdout, "Would run", st);
		}
	}
	if (!rc && cli->args.json)
		print_json(cli, dir);
	migrator_plan_free(plan);
	return rc;
}

static int offline(struct cli *cli, enum migrator_direction dir,
		   migrator_diag *d)
{
	char *sql = NULL;
	int rc;

	if (cli->args.json)
		return migrator_diag_set(d, MIGRATOR_EUSAGE,
					 "--sql prints SQL: it does not take "
					 "--format json");
	rc = migrator_runner_offline_sql(&sql, cli->runner, dir,
					 cli->args.pos.v[0], d);
	if (!rc)
		fputs(sql, stdout);
	free(sql);
	return rc;
}

static int migrate(struct cli *cli, enum migrator_direction dir,
		   migrator_diag *d)
{
	const char *target = cli->args.pos.v[0];
	int rc;

	if (cli->args.sql)
		return offline(cli, dir, d);
	if (cli->args.dry_run)
		return dry_run(cli, dir, d);
	if (strchr(target, ':')) {
		migrator_diag_set(d, MIGRATOR_EUSAGE,
				  "a range START:TARGET needs --sql");
		migrator_diag_hint(d, "Online runs start from the revision "
				      "stamped in the database.");
		return MIGRATOR_EUSAGE;
	}
	if (dir == MIGRATOR_UPGRADE)
		rc = migrator_runner_upgrade(cli->runner, target, NULL, d);
	else
		rc = migrator_runner_downgrade(cli->runner, target, NULL, d);
	if (cli->args.json)
		print_json(cli, dir); /* also after a failure: what ran */
	return rc;
}

int cmd_upgrade(struct cli *cli, migrator_diag *d)
{
	return migrate(cli, MIGRATOR_UPGRADE, d);
}

int cmd_downgrade(struct cli *cli, migrator_diag *d)
{
	return migrate(cli, MIGRATOR_DOWNGRADE, d);
}
