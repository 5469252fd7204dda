/*
 * cmd_import_alembic.c - `import --from alembic SRC`: Alembic's revisions
 * are Python, so the converter is a Python program shipped with migrator,
 * migrator-import-alembic (contrib/, installed into $(pkglibexecdir)).
 * It is looked for in $MIGRATOR_LIBEXECDIR, then the installed
 * directory, then contrib/ of the build tree the running program is in,
 * and run as `/usr/bin/env python3 SCRIPT ...` ($MIGRATOR_PYTHON names
 * another interpreter) with posix_spawn: no shell, each argument as
 * given.  Its stdout (the summary) and stderr are ours; its exit status
 * becomes the program's.
 *
 * Its command line: --config ALEMBIC_INI (SRC a file) or
 * --script-location DIR (SRC a directory), -m OUTDIR, and --dialects
 * LIST when given.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"

#ifndef MIGRATOR_PKGLIBEXECDIR
#define MIGRATOR_PKGLIBEXECDIR "/usr/local/libexec/migrator"
#endif

#define SCRIPT "migrator-import-alembic"

extern char **environ;

/* dir/SCRIPT into out when it is a readable file. */
static int found(char *out, size_t size, const char *dir, const char *sub)
{
	struct stat st;
	int n;

	if (!dir || !*dir)
		return 0;
	n = snprintf(out, size, "%s%s/%s", dir, sub, SCRIPT);
	return n > 0 && (size_t)n < size && stat(out, &st) == 0 &&
	       S_ISREG(st.st_mode) && access(out, R_OK) == 0;
}

/* The build tree: the program is DIR/migrator or, run through libtool's
 * wrapper, DIR/.libs/lt-migrator; contrib/ is beside it. */
static int in_build_tree(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	if (found(out, size, exe, "/contrib"))
		return 1;
	slash = strrchr(exe, '/');
	if (!slash || strcmp(slash, "/.libs") != 0)
		return 0;
	*slash = '\0';
	return found(out, size, exe, "/contrib");
}

static int locate(char *out, size_t size, struct cli_err *d)
{
	const char *env = getenv("MIGRATOR_LIBEXECDIR");

	if (found(out, size, env, "") ||
	    found(out, size, MIGRATOR_PKGLIBEXECDIR, "") ||
	    in_build_tree(out, size))
		return 0;
	cli_err_set(d, MIGRATOR_EUSAGE,
		    "the Alembic converter %s is not installed", SCRIPT);
	cli_err_detail(d, "Looked in $MIGRATOR_LIBEXECDIR (%s), %s and "
			  "contrib/ beside the program.",
		       env && *env ? env : "not set", MIGRATOR_PKGLIBEXECDIR);
	cli_err_hint(d, "Install migrator with `make install` (it installs "
			"the converter), or set MIGRATOR_LIBEXECDIR to the "
			"directory that holds %s.",
		     SCRIPT);
	return MIGRATOR_EUSAGE;
}

/* The converter's exit status, or an error of ours. */
static int run(const char *const *argv, int *status, struct cli_err *d)
{
	pid_t pid;
	int rc, ws;

	fflush(stdout);
	fflush(stderr);
	/* spawnp: MIGRATOR_PYTHON may be a program on PATH (a name with a
	 * '/' is run as it is); still no shell */
	rc = posix_spawnp(&pid, argv[0], NULL, NULL, (char *const *)argv,
			  environ);
	if (rc) {
		cli_err_set(d, MIGRATOR_EIO, "cannot run %s", argv[0]);
		cli_err_detail(d, "%s.", strerror(rc));
		return MIGRATOR_EIO;
	}
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR) {
			cli_err_set(d, MIGRATOR_EIO, "cannot wait for %s",
				    SCRIPT);
			return MIGRATOR_EIO;
		}
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return 0;
}

int cli_import_alembic(struct cli *cli, const char *src, const char *dir,
		       struct cli_err *d)
{
	char script[PATH_MAX];
	const char *argv[12], *py = getenv("MIGRATOR_PYTHON");
	struct stat st;
	size_t n = 0;
	int status = 0, rc = locate(script, sizeof(script), d);

	if (rc)
		return rc;
	if (stat(src, &st) < 0) {
		cli_err_set(d, MIGRATOR_EIO, "cannot read %s", src);
		cli_err_detail(d, "%s.", strerror(errno));
		return MIGRATOR_EIO;
	}
	if (py && *py) {
		argv[n++] = py;
	} else {
		argv[n++] = "/usr/bin/env";
		argv[n++] = "python3";
	}
	argv[n++] = script;
	argv[n++] = S_ISDIR(st.st_mode) ? "--script-location" : "--config";
	argv[n++] = src;
	argv[n++] = "-m";
	argv[n++] = dir;
	if (cli->args.dialects) {
		argv[n++] = "--dialects";
		argv[n++] = cli->args.dialects;
	}
	argv[n] = NULL;
	rc = run(argv, &status, d);
	if (rc || status == 0)
		return rc;
	cli->exit_status = status;
	cli_err_set(d, MIGRATOR_EUSAGE, "%s failed (exit status %d)", SCRIPT,
		    status);
	return MIGRATOR_EUSAGE;
}
