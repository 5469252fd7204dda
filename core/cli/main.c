/*
 * main.c - the migrator program: global options, settings, then the
 * command.  The only place that exits.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static int run(struct cli *cli, int argc, char **argv, migrator_diag *d)
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
		migrator_diag_set(d, MIGRATOR_EUSAGE, "no command given");
		migrator_diag_hint(d, "Run \"migrator --help\" for the commands.");
		return MIGRATOR_EUSAGE;
	}
	cmd = cli_find_cmd(argv[i]);
	if (!cmd) {
		migrator_diag_set(d, MIGRATOR_EUSAGE, "unknown command \"%s\"",
				  argv[i]);
		migrator_diag_hint(d, "Run \"migrator --help\" for the commands.");
		return MIGRATOR_EUSAGE;
	}
	rc = cli_parse_cmd(cli, cmd, argc, argv, i + 1, d);
	if (rc)
		return rc > 0 ? 0 : rc; /* > 0: --help printed */
	rc = cli_settings_resolve(&cli->set, &g, d);
	if (!rc)
		rc = cli_setup(cli, cmd, d);
	if (!rc)
		rc = cmd->fn(cli, d);
	return rc;
}

int main(int argc, char **argv)
{
	migrator_diag d = MIGRATOR_DIAG_INIT;
	struct cli cli;
	int rc, status;

	/* A write past the file size limit (ulimit -f) then fails with EFBIG,
	 * which the driver reports after rolling back, instead of SIGXFSZ
	 * killing the process in the middle of a migration. */
	signal(SIGXFSZ, SIG_IGN);
	memset(&cli, 0, sizeof(cli));
	rc = run(&cli, argc, argv, &d);
	if (!rc)
		rc = cli_flush(&d);
	if (rc && !d.code) /* a path that forgot to say why */
		migrator_diag_set(&d, rc, "failed");
	if (rc)
		cli_print_diag(&d);
	status = cli_exit_status(d.code ? d.code : rc);
	migrator_runner_free(cli.runner);
	cli_settings_free(&cli.set);
	migrator_strvec_clear(&cli.args.pos);
	cli_ran_free(&cli);
	migrator_diag_clear(&d);
	return status;
}
