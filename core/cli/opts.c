/*
 * opts.c - command-line parsing: global options before the command.
 *
 * A small parser of our own rather than getopt: `downgrade -1` must treat
 * "-1" as an argument, and the same code parses the options of each
 * command (cmd.c).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt *find_long(const struct cli_opt *opts,
				       const char *name, size_t len)
{
	for (; opts->id; opts++)
		if (opts->lng && strlen(opts->lng) == len &&
		    strncmp(opts->lng, name, len) == 0)
			return opts;
	return NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *opts, char c)
{
	for (; opts->id; opts++)
		if (opts->shrt == c)
			return opts;
	return NULL;
}

static int bad_option(struct cli_err *d, const char *arg)
{
	cli_err_set(d, MIGRATOR_EUSAGE, "unknown option \"%s\"", arg);
	cli_err_hint(d, "Run \"migrator --help\" for the options.");
	return MIGRATOR_EUSAGE;
}

int cli_parse(int argc, char **argv, int *i, const struct cli_opt *opts,
	      cli_opt_fn fn, void *ctx, struct cli_strs *pos,
	      struct cli_err *d)
{
	int only_pos = 0;

	for (; *i < argc; (*i)++) {
		const char *a = argv[*i];
		const struct cli_opt *o;
		const char *val = NULL;
		int rc;

		if (only_pos || a[0] != '-' || a[1] == '\0' ||
		    (a[1] >= '0' && a[1] <= '9')) {
			if (!pos)
				return 0;
			if (cli_strs_push(pos, a) < 0)
				return cli_err_set(d, MIGRATOR_ENOMEM,
							 "out of memory");
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = 1;
			if (!pos) {
				(*i)++;
				return 0;
			}
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, a + 2, len);
			if (!o)
				return bad_option(d, a);
			if (eq && !o->has_arg)
				return cli_err_set(
					d, MIGRATOR_EUSAGE,
					"option --%s takes no value", o->lng);
			if (eq)
				val = eq + 1;
		} else {
			o = find_short(opts, a[1]);
			if (!o)
				return bad_option(d, a);
			if (a[2] && !o->has_arg)
				return bad_option(d, a);
			if (a[2])
				val = a + 2;
		}
		if (o->has_arg && !val) {
			if (*i + 1 >= argc)
				return cli_err_set(d, MIGRATOR_EUSAGE,
							 "option %s needs a "
							 "value",
							 a);
			val = argv[++(*i)];
		}
		rc = fn(ctx, o->id, val, d);
		if (rc)
			return rc;
	}
	return 0;
}

static const struct cli_opt global_opts[] = {
	{"database", 'd', 1, OPT_DATABASE},
	{"migrations", 'm', 1, OPT_MIGRATIONS},
	{"config", 'c', 1, OPT_CONFIG},
	{"version-table", 0, 1, OPT_VERSION_TABLE},
	{"plugin-dir", 0, 1, OPT_PLUGIN_DIR},
	{"plugin", 0, 1, OPT_PLUGIN},
	{"lock-timeout", 0, 1, OPT_LOCK_TIMEOUT},
	{"connect-timeout", 0, 1, OPT_CONNECT_TIMEOUT},
	{"schema-file", 0, 1, OPT_SCHEMA_FILE},
	{"ddl-lock-timeout", 0, 1, OPT_DDL_LOCK_TIMEOUT},
	{"lock-retries", 0, 1, OPT_LOCK_RETRIES},
	{"quiet", 'q', 0, OPT_QUIET},
	{"verbose", 'v', 0, OPT_VERBOSE},
	{"help", 'h', 0, OPT_HELP},
	{"version", 'V', 0, OPT_VERSION},
	{NULL, 0, 0, 0},
};

int cli_parse_seconds(unsigned *ms, const char *what, const char *arg,
		      unsigned min, struct cli_err *d)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || arg[0] == '-' ||
	    v > UINT_MAX / 1000u)
		return cli_err_set(d, MIGRATOR_EUSAGE,
					 "bad %s \"%s\": expected whole "
					 "seconds",
					 what, arg);
	if (v < min)
		return cli_err_set(d, MIGRATOR_EUSAGE,
					 "bad %s \"%s\": expected at least "
					 "%u seconds",
					 what, arg, min);
	*ms = (unsigned)v * 1000u;
	return 0;
}

static int on_global(void *ctx, enum cli_opt_id id, const char *arg,
		     struct cli_err *d)
{
	struct cli_global *g = ctx;

	switch (id) {
	case OPT_DATABASE: g->database = arg; break;
	case OPT_MIGRATIONS: g->migrations = arg; break;
	case OPT_CONFIG: g->config = arg; break;
	case OPT_VERSION_TABLE:
		if (!*arg)
			return cli_err_set(d, MIGRATOR_EUSAGE,
						 "empty --version-table");
		g->version_table = arg;
		break;
	case OPT_PLUGIN_DIR: g->plugin_dir = arg; break;
	case OPT_SCHEMA_FILE:
		if (!*arg)
			return cli_err_set(d, MIGRATOR_EUSAGE,
					   "empty --schema-file");
		g->schema_file = arg;
		break;
	case OPT_LOCK_TIMEOUT:
		g->have_lock_timeout = 1;
		return cli_parse_seconds(&g->lock_timeout_ms, "--lock-timeout",
					 arg, 0, d);
	case OPT_CONNECT_TIMEOUT:
		g->have_connect_timeout = 1;
		return cli_parse_seconds(&g->connect_timeout_ms,
					 "--connect-timeout", arg,
					 CLI_MIN_CONNECT_TIMEOUT, d);
	case OPT_DDL_LOCK_TIMEOUT:
		g->have_ddl_lock_timeout = 1;
		return cli_parse_duration(&g->ddl_lock_timeout_ms,
					  "--ddl-lock-timeout", arg, d);
	case OPT_LOCK_RETRIES:
		g->have_lock_retries = 1;
		return cli_parse_count(&g->lock_retries, "--lock-retries", arg,
				       d);
	case OPT_QUIET: g->quiet = 1; break;
	case OPT_VERBOSE: g->verbose = 1; break;
	case OPT_HELP: g->help = 1; break;
	case OPT_VERSION: g->version = 1; break;
	default: break;
	}
	return 0;
}

int cli_parse_global(struct cli_global *g, int argc, char **argv, int *i,
		     struct cli_err *d)
{
	memset(g, 0, sizeof(*g));
	g->argc = argc;
	g->argv = argv;
	*i = 1;
	return cli_parse(argc, argv, i, global_opts, on_global, g, NULL, d);
}

static int on_plugin(void *ctx, enum cli_opt_id id, const char *arg,
		     struct cli_err *d)
{
	if (id != OPT_PLUGIN)
		return 0;
	if (!*arg)
		return cli_err_set(d, MIGRATOR_EUSAGE, "empty --plugin");
	if (cli_strs_push(ctx, arg) < 0)
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	return 0;
}

/* A second pass over the global options (cli_parse_global() checked them)
 * keeps struct cli_global free of anything to free. */
int cli_global_plugins(const struct cli_global *g, struct cli_strs *out,
		       struct cli_err *d)
{
	int i = 1;

	if (!g->argv)
		return 0;
	return cli_parse(g->argc, g->argv, &i, global_opts, on_plugin, out,
			 NULL, d);
}

void cli_usage(FILE *f)
{
	fputs("usage: migrator [global options] COMMAND [options] [args]\n"
	      "\n"
	      "commands:\n"
	      "  upgrade [--sql] [--dry-run] [--strict] [--verify] [--format json] TARGET\n"
	      "                      apply upgrades up to TARGET (e.g. head); "
	      "--verify:\n"
	      "                      run each revision's verify section too\n"
	      "  downgrade [--sql] [--dry-run] [--format json] TARGET\n"
	      "                      revert down to TARGET (-1, a revision, base)\n"
	      "  current [-v] [--strict] [--format json]\n"
	      "                      the revision(s) stamped in the database\n"
	      "  heads [-v] [--format json]   the heads of the revision graph\n"
	      "  branches [-v]       the branch points and their children\n"
	      "  history [-r A:B] [-i] [-v] [--graph] [--format json|dot|mermaid]\n"
	      "                      the revisions, newest first; --graph: "
	      "drawn as a graph\n"
	      "  show REV            one revision and its SQL\n"
	      "  stamp [--purge] TARGET\n"
	      "                      write the stamp table without running "
	      "anything\n"
	      "  init [DIR]          create a migrations directory (default "
	      "migrations)\n"
	      "                      and a migrator.ini pointing at it\n"
	      "  revision -m MESSAGE [--head REV] [--branch-label L] "
	      "[--depends-on REV]\n"
	      "                      write a new migration file after the "
	      "head\n"
	      "  merge -m MESSAGE heads|REV...\n"
	      "                      write a merge revision joining those "
	      "revisions\n"
	      "  check [--strict] [--format json]\n"
	      "                      compare the live schema with what the "
	      "migrations\n"
	      "                      build up to the stamp; exit 1 on drift\n"
	      "  dump [-o FILE]      the database's schema and stamp as SQL\n"
	      "  dump --check [FILE] compare FILE (default: the schema file) "
	      "with what\n"
	      "                      the migrations build; exit 1 and a diff "
	      "if it differs\n"
	      "  load FILE           build an empty database from a dump\n"
	      "  lint [--strict] [--dialect sqlite|postgresql] [RANGE]\n"
	      "                      flag risky statements of the "
	      "migrations (START:END,\n"
	      "                      default all) without a database; "
	      "--strict: exit 1\n"
	      "                      on any warning\n"
	      "  verify [--allow-branches] [--with-data [--seed N]] "
	      "[--format json] [RANGE]\n"
	      "                      prove each revision on a scratch "
	      "database: up, its\n"
	      "                      verify section, down, up again; exit 1 "
	      "on any problem;\n"
	      "                      --with-data: generated rows in every "
	      "table first\n"
	      "  import --from FORMAT [-m DIR] [--dialects LIST] SRC\n"
	      "                      convert another tool's migrations "
	      "(dbmate,\n"
	      "                      golang-migrate, flyway, sqitch, alembic) "
	      "into DIR\n"
	      "  adopt --from FORMAT [--table NAME] [--dry-run]\n"
	      "                      stamp the database where that tool's "
	      "own record\n"
	      "                      says it is; runs no migration\n"
	      "  diff -m MESSAGE --to SOURCE [--rename KIND:OLD=NEW] [--sql]\n"
	      "       [--strict] [--dialects LIST [--dialect-url D=URL]]\n"
	      "                      write the revision that turns the head "
	      "schema\n"
	      "                      into SOURCE's (a database URL or a .sql "
	      "file),\n"
	      "                      proven on a scratch database first\n"
	      "\n"
	      "many databases (upgrade, downgrade, stamp, current, check, "
	      "verify):\n"
	      "  --target NAME, --all-targets   [target NAME] sections of "
	      "the config\n"
	      "  --targets-file FILE     one database URL per line\n"
	      "  --schemas PATTERN       PostgreSQL: each schema matching "
	      "PATTERN\n"
	      "  -j N, --fail-fast, --canary N  at most N at once; stop "
	      "after a failure;\n"
	      "                          the first N alone first\n"
	      "\n"
	      "global options (before the command):\n"
	      "  -d, --database URL      database URL (else "
	      "MIGRATOR_DATABASE_URL,\n"
	      "                          DATABASE_URL, url in the config)\n"
	      "  -m, --migrations DIR    migrations directory (default "
	      "./migrations)\n"
	      "  -c, --config FILE       config file (default ./migrator.ini "
	      "if present)\n"
	      "  --version-table NAME    stamp table (default "
	      "migrator_version)\n"
	      "  --plugin-dir DIR        where plugins are (else "
	      "MIGRATOR_PLUGIN_PATH)\n"
	      "  --plugin NAME[:K=V,...] load hook plugin NAME (lint, backup, "
	      "...) with\n"
	      "                          options; repeatable; adds to plugins "
	      "= in the config\n"
	      "  --lock-timeout SECONDS  wait at most this long for the run "
	      "lock (300)\n"
	      "  --connect-timeout SECONDS\n"
	      "                          PostgreSQL: wait at most this long "
	      "for the server\n"
	      "                          to answer when connecting (10)\n"
	      "  --ddl-lock-timeout SECONDS\n"
	      "                          PostgreSQL: how long each statement of a\n"
	      "                          transactional revision may wait for a lock "
	      "(5;\n"
	      "                          also 500ms, 2min; 0: none)\n"
	      "  --lock-retries N        run such a revision again up to N times "
	      "after\n"
	      "                          it failed for lack of a lock (5)\n"
	      "  --schema-file FILE      rewrite FILE with the database's dump "
	      "after each\n"
	      "                          upgrade, downgrade or stamp that "
	      "changes it\n"
	      "  -q, --quiet             print only errors and results\n"
	      "  -v, --verbose           print more\n"
	      "  -h, --help              this text\n"
	      "  -V, --version           print the version\n"
	      "\n"
	      "exit status: 0 ok, 1 database or migration failure, 2 usage "
	      "error,\n"
	      "3 invalid migration scripts\n",
	      f);
}
