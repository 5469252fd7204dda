/*
 * main.c - the migrator program: global options, settings, then the
 * command.  The only place that exits.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

/*
 * SIGINT, SIGTERM and SIGHUP while a scratch database exists (check, verify): the
 * handler records the signal and asks the library to stop (migrator_interrupt) (it cancels the
 * running statements); the run unwinds, drops the scratch database, and
 * main() ends the process with the same signal, so that the shell sees
 * what it would have seen.  At any other moment, and for a second signal,
 * the signal does what it does by default: nothing needs cleaning up that
 * the database does not clean up itself.  A signal ignored when migrator
 * started (nohup, a background job without job control) stays ignored.
 */
static struct cli *volatile sig_cli;
static volatile sig_atomic_t sig_caught;

static void on_signal(int sig)
{
	int saved = errno;
	struct cli *cli = sig_cli;

	/* Recorded before the cancel, which may wait on the network: a
	 * second signal meanwhile finds it set and ends the run at once. */
	if (!sig_caught && cli) {
		sig_caught = sig;
		if (migrator_interrupt(cli->ctx)) {
			errno = saved;
			return;
		}
		sig_caught = 0; /* nothing to clean up: the default */
	}
	signal(sig, SIG_DFL);
	raise(sig); /* SA_NODEFER: delivered at once */
	errno = saved;
}

static void catch_signals(struct cli *cli)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa, old;

	sig_cli = cli;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* SA_RESTART: the run goes on to clean up, no EINTR.  SA_NODEFER and
	 * an empty mask: a second signal reaches the handler even while the
	 * first one's cancel waits (a pooler may never answer it). */
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

/* After an interrupted run has cleaned up: die of the signal. */
static void end_as_signalled(void)
{
	int sig = sig_caught;

	if (!sig)
		return;
	fflush(NULL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int run(struct cli *cli, int argc, char **argv, struct cli_err *d)
{
	struct cli_global g;
	const struct cli_cmd *cmd;
	int i, rc;

	rc = cli_parse_global(&g, argc, argv, &i, d);
	if (rc)
		return rc;
	cli->verbose = g.verbose;
	cli->quiet = g.quiet;
	if (g.help) {
		cli_usage(stdout);
		return 0;
	}
	if (g.version) {
		printf("migrator %s\n", migrator_version());
		return 0;
	}
	if (i >= argc) {
		cli_err_set(d, MIGRATOR_EUSAGE, "no command given");
		cli_err_hint(d, "Run \"migrator --help\" for the commands.");
		return MIGRATOR_EUSAGE;
	}
	cmd = cli_find_cmd(argv[i]);
	if (!cmd) {
		cli_err_set(d, MIGRATOR_EUSAGE, "unknown command \"%s\"",
				  argv[i]);
		cli_err_hint(d, "Run \"migrator --help\" for the commands.");
		return MIGRATOR_EUSAGE;
	}
	rc = cli_parse_cmd(cli, cmd, argc, argv, i + 1, d);
	if (rc)
		return rc > 0 ? 0 : rc; /* > 0: --help printed */
	rc = cli_settings_resolve(&cli->set, &g, d);
	if (!rc && cli_is_fleet(&cli->args)) /* fleets: a child per target */
		return cli_fleet_run(cli, cmd, d);
	if (!rc)
		rc = cli_setup(cli, cmd, d);
	if (!rc)
		rc = cmd->fn(cli, d);
	if (rc && (cmd->flags & JSON_RUN) && cli->args.json) {
		if (!d->code) /* a path that forgot to say why */
			cli_err_set(d, rc, "failed");
		cli_json_failed(cli, cmd, d);
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct cli_err d = CLI_ERR_INIT;
	struct cli cli;
	int rc, status;

	/* A write past the file size limit (ulimit -f) then fails with EFBIG,
	 * which the driver reports after rolling back, instead of SIGXFSZ
	 * killing the process in the middle of a migration. */
	signal(SIGXFSZ, SIG_IGN);
	memset(&cli, 0, sizeof(cli));
	catch_signals(&cli);
	rc = run(&cli, argc, argv, &d);
	if (!rc)
		rc = cli_flush(&d);
	if (rc && !d.code) /* a path that forgot to say why */
		cli_err_set(&d, rc, "failed");
	if (rc)
		cli_print_err(&d);
	status = migrator_exit_status(d.code ? d.code : rc);
	if (cli.exit_status) /* import --from alembic: the converter's */
		status = cli.exit_status;
	sig_cli = NULL; /* the handler must not reach a closed context */
	migrator_close(cli.ctx);
	cli_settings_free(&cli.set);
	cli_strs_free(&cli.args.pos);
	cli_strs_free(&cli.args.targets);
	cli_strs_free(&cli.args.renames);
	cli_strs_free(&cli.args.dialect_urls);
	cli_ran_free(&cli);
	cli_err_clear(&d);
	end_as_signalled();
	return status;
}
