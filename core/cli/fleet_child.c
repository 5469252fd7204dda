/*
 * fleet_child.c - fleets (issue 18): one target in a child process.
 *
 * The child runs the ordinary command, as `migrator -d URL COMMAND` would:
 * its own connection, lock, stamp and history.  Its stdout and stderr are
 * pipes the parent reads; on a third pipe it reports, one "key<TAB>value"
 * line each:
 *
 *   from   the revisions stamped before, comma-separated ("" base)
 *   to     the same, after
 *   heads  the graph's heads
 *   ran    how many revisions ran
 *   code   the MIGRATOR_E* code (0: success)
 *   error  the error's message
 *
 * Nothing the child does reaches the parent's memory: a crash in one
 * target cannot take the others down.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleet.h"

static void put_list(FILE *f, const char *key, migrator_revlist *l)
{
	size_t n = migrator_revlist_count(l);

	fprintf(f, "%s\t", key);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "," : "", migrator_revlist_get(l, i));
	fputc('\n', f);
	migrator_revlist_free(l);
}

/* The stamp now, as a report line; nothing when it cannot be read (a
 * SQLite file not there yet, a failed connection). */
static void put_current(FILE *f, const char *key, migrator_ctx *ctx)
{
	migrator_revlist *l = NULL;

	if (migrator_current(ctx, &l) == 0)
		put_list(f, key, l);
}

/* One line of text: tabs and newlines become spaces. */
static void put_text(FILE *f, const char *key, const char *s)
{
	fprintf(f, "%s\t", key);
	for (; s && *s; s++)
		fputc(*s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s, f);
	fputc('\n', f);
}

static int replace(char **slot, const char *v)
{
	char *copy;

	if (!v)
		return 0;
	copy = strdup(v);
	if (!copy)
		return MIGRATOR_ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

void cli_fleet_child(struct cli *cli, const struct cli_cmd *cmd,
		     const struct cli_target *t, int out, int err, int rep)
{
	struct cli_err d = CLI_ERR_INIT;
	int live = cmd->fn != cmd_verify; /* verify needs no live database */
	migrator_revlist *heads = NULL;
	FILE *r;
	int rc;

	/* the parent gone (kill -9), the target still finishes its run */
	signal(SIGPIPE, SIG_IGN);
	if (dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
		_exit(migrator_exit_status(MIGRATOR_EIO));
	close(out);
	close(err);
	setvbuf(stdout, NULL, _IOLBF, 0);
	r = fdopen(rep, "w");
	if (!r)
		_exit(migrator_exit_status(MIGRATOR_ENOMEM));
	cli->args.json = 0; /* the parent writes the JSON */
	rc = replace(&cli->set.url, t->url);
	if (!rc)
		rc = replace(&cli->set.version_table, t->version_table);
	if (!rc)
		rc = replace(&cli->set.schema, t->schema);
	if (rc)
		cli_err_set(&d, rc, "out of memory");
	if (!rc)
		rc = cli_setup(cli, cmd, &d);
	if (!rc && live)
		put_current(r, "from", cli->ctx);
	if (!rc)
		rc = cmd->fn(cli, &d);
	if (!rc)
		rc = cli_flush(&d);
	if (cli->ctx && live)
		put_current(r, "to", cli->ctx);
	if (cli->ctx && migrator_heads(cli->ctx, &heads) == 0)
		put_list(r, "heads", heads);
	fprintf(r, "ran\t%zu\n", cli->progress.done);
	if (rc && !d.code)
		cli_err_set(&d, rc, "failed");
	fprintf(r, "code\t%d\n", d.code);
	if (rc) {
		put_text(r, "error", d.message);
		cli_print_err(&d);
	}
	fflush(stdout);
	fflush(stderr);
	fclose(r);
	migrator_close(cli->ctx); /* a clean goodbye to the server */
	cli->ctx = NULL;
	_exit(migrator_exit_status(rc ? d.code : 0));
}
