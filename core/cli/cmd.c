/*
 * cmd.c - the command table, command options, and the setup commands
 * declare.
 *
 * Warnings about the graph (several heads or roots, a file name that
 * disagrees with its revision ID) go to stderr as "migrator: warning: ...".
 * They are shown only with -v: branches are often deliberate, and where
 * several heads do matter (`upgrade head`) the error itself names them.
 */
#include "config.h"

#include <string.h>

#include "cmd.h"

#define VQ (ACCEPT(OPT_VERBOSE) | ACCEPT(OPT_QUIET) | ACCEPT(OPT_HELP))
#define RUN_OPTS \
	(VQ | ACCEPT(OPT_SQL) | ACCEPT(OPT_DRY_RUN) | ACCEPT(OPT_FORMAT) | \
	 FLEET)
/* fleets (issue 18): the commands that run over many targets */
#define FLEET \
	(ACCEPT(OPT_TARGET) | ACCEPT(OPT_ALL_TARGETS) | \
	 ACCEPT(OPT_TARGETS_FILE) | ACCEPT(OPT_SCHEMAS) | ACCEPT(OPT_JOBS) | \
	 ACCEPT(OPT_FAIL_FAST) | ACCEPT(OPT_CANARY))
#define FLEET_USAGE \
	"[--target NAME... | --all-targets | --targets-file FILE] " \
	"[--schemas PATTERN] [-j N] [--fail-fast] [--canary N] "

static const struct cli_cmd commands[] = {
	{"upgrade", cmd_upgrade, NEED_GRAPH | NEED_DB | JSON_RUN,
	 RUN_OPTS | ACCEPT(OPT_STRICT) | ACCEPT(OPT_VERIFY), 1, 1,
	 "upgrade [--sql] [--dry-run] [--strict] [--verify] [--format json] "
	 FLEET_USAGE "TARGET"},
	{"downgrade", cmd_downgrade, NEED_GRAPH | NEED_DB | JSON_RUN,
	 RUN_OPTS, 1, 1,
	 "downgrade [--sql] [--dry-run] [--format json] " FLEET_USAGE
	 "TARGET"},
	{"current", cmd_current, NEED_GRAPH | NEED_DB,
	 VQ | ACCEPT(OPT_FORMAT) | ACCEPT(OPT_STRICT) | FLEET, 0, 0,
	 "current [-v] [--strict] [--format json] " FLEET_USAGE},
	{"heads", cmd_heads, NEED_GRAPH, VQ | ACCEPT(OPT_FORMAT), 0, 0,
	 "heads [-v] [--format json]"},
	{"branches", cmd_branches, NEED_GRAPH, VQ | ACCEPT(OPT_FORMAT), 0, 0,
	 "branches [-v] [--format json]"},
	{"history", cmd_history, NEED_GRAPH,
	 VQ | ACCEPT(OPT_FORMAT) | ACCEPT(OPT_RANGE) |
		 ACCEPT(OPT_INDICATE_CURRENT) | ACCEPT(OPT_GRAPH),
	 0, 0, "history [-r A:B] [-i] [-v] [--graph] "
	       "[--format json|dot|mermaid]"},
	{"show", cmd_show, NEED_GRAPH, VQ, 1, 1, "show REV"},
	{"stamp", cmd_stamp, NEED_GRAPH | NEED_DB,
	 VQ | ACCEPT(OPT_PURGE) | FLEET, 1, 1,
	 "stamp [--purge] " FLEET_USAGE "TARGET"},
	{"init", cmd_init, 0, VQ, 0, 1, "init [DIR]"},
	{"revision", cmd_revision, NEED_GRAPH,
	 VQ | ACCEPT(OPT_MESSAGE) | ACCEPT(OPT_HEAD) |
		 ACCEPT(OPT_BRANCH_LABEL) | ACCEPT(OPT_DEPENDS_ON),
	 0, 0,
	 "revision -m MESSAGE [--head REV] [--branch-label L] "
	 "[--depends-on REV]"},
	{"merge", cmd_merge, NEED_GRAPH, VQ | ACCEPT(OPT_MESSAGE), 1,
	 (size_t)-1, "merge -m MESSAGE heads|REV..."},
	{"check", cmd_check, NEED_GRAPH | NEED_DB,
	 VQ | ACCEPT(OPT_FORMAT) | ACCEPT(OPT_STRICT) | FLEET, 0, 0,
	 "check [--strict] [--format json] " FLEET_USAGE},
	{"dump", cmd_dump, NEED_DB,
	 VQ | ACCEPT(OPT_OUTPUT) | ACCEPT(OPT_CHECK), 0, 1,
	 "dump [-o FILE] | dump --check [FILE]"},
	{"load", cmd_load, NEED_DB, VQ, 1, 1, "load FILE"},
	{"lint", cmd_lint, NEED_GRAPH,
	 VQ | ACCEPT(OPT_STRICT) | ACCEPT(OPT_DIALECT), 0, 1,
	 "lint [--strict] [--dialect sqlite|postgresql] [START:END|END]"},
	{"verify", cmd_verify, NEED_GRAPH | NEED_DB,
	 VQ | ACCEPT(OPT_FORMAT) | ACCEPT(OPT_ALLOW_BRANCHES) |
		 ACCEPT(OPT_WITH_DATA) | ACCEPT(OPT_SEED) | FLEET,
	 0, 1,
	 "verify [--allow-branches] [--with-data [--seed N]] [--format json] "
	 FLEET_USAGE "[START:END|END]"},
	/* issue 17: switching from another tool */
	{"import", cmd_import, 0,
	 VQ | ACCEPT(OPT_FROM) | ACCEPT(OPT_MESSAGE) | ACCEPT(OPT_DIALECTS), 1,
	 1,
	 "import --from dbmate|golang-migrate|flyway|sqitch|alembic "
	 "[-m DIR] [--dialects LIST] SRC"},
	{"adopt", cmd_adopt, NEED_GRAPH | NEED_DB,
	 VQ | ACCEPT(OPT_FROM) | ACCEPT(OPT_DRY_RUN) | ACCEPT(OPT_TABLE), 0, 0,
	 "adopt --from dbmate|golang-migrate|flyway|sqitch|alembic "
	 "[--table NAME] [--dry-run]"},
	/* issue 15 */
	{"diff", cmd_diff, NEED_GRAPH | NEED_DB,
	 VQ | ACCEPT(OPT_MESSAGE) | ACCEPT(OPT_HEAD) | ACCEPT(OPT_TO) |
		 ACCEPT(OPT_RENAME) | ACCEPT(OPT_SQL) | ACCEPT(OPT_STRICT) |
		 ACCEPT(OPT_DIALECTS) | ACCEPT(OPT_DIALECT_URL),
	 0, 0,
	 "diff -m MESSAGE --to SOURCE [--rename table:OLD=NEW] "
	 "[--rename column:TABLE.OLD=NEW] [--sql] [--strict] [--head REV] "
	 "[--dialects LIST [--dialect-url DIALECT=URL]...]"},
};

static const struct cli_opt cmd_opts[] = {
	{"verbose", 'v', 0, OPT_VERBOSE},
	{"quiet", 'q', 0, OPT_QUIET},
	{"help", 'h', 0, OPT_HELP},
	{"sql", 0, 0, OPT_SQL},
	{"dry-run", 0, 0, OPT_DRY_RUN},
	{"format", 0, 1, OPT_FORMAT},
	{"purge", 0, 0, OPT_PURGE},
	{"rev-range", 'r', 1, OPT_RANGE},
	{"message", 'm', 1, OPT_MESSAGE},
	{"head", 0, 1, OPT_HEAD},
	{"branch-label", 0, 1, OPT_BRANCH_LABEL},
	{"depends-on", 0, 1, OPT_DEPENDS_ON},
	{"strict", 0, 0, OPT_STRICT},
	{"dialect", 0, 1, OPT_DIALECT},
	{"indicate-current", 'i', 0, OPT_INDICATE_CURRENT},
	{"verify", 0, 0, OPT_VERIFY},
	{"allow-branches", 0, 0, OPT_ALLOW_BRANCHES},
	{"output", 'o', 1, OPT_OUTPUT},
	{"check", 0, 0, OPT_CHECK},
	{"graph", 0, 0, OPT_GRAPH},
	{"with-data", 0, 0, OPT_WITH_DATA},
	{"seed", 0, 1, OPT_SEED},
	{"from", 0, 1, OPT_FROM},
	{"dialects", 0, 1, OPT_DIALECTS},
	{"table", 0, 1, OPT_TABLE},
	/* fleets */
	{"target", 0, 1, OPT_TARGET},
	{"all-targets", 0, 0, OPT_ALL_TARGETS},
	{"targets-file", 0, 1, OPT_TARGETS_FILE},
	{"schemas", 0, 1, OPT_SCHEMAS},
	{"jobs", 'j', 1, OPT_JOBS},
	{"fail-fast", 0, 0, OPT_FAIL_FAST},
	{"canary", 0, 1, OPT_CANARY},
	{"to", 0, 1, OPT_TO},
	{"rename", 0, 1, OPT_RENAME},
	{"dialect-url", 0, 1, OPT_DIALECT_URL},
	{NULL, 0, 0, 0},
};

const struct cli_cmd *cli_find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

struct parse_ctx {
	struct cli *cli;
	const struct cli_cmd *cmd;
	int help;
};

/* An option of revision or merge given twice is a mistake, not "the last
 * wins"; lists are comma-separated, as in the file header. */
static int set_once(const char **slot, const char *arg, const char *name,
		    struct cli_err *d)
{
	if (*slot) {
		cli_err_set(d, MIGRATOR_EUSAGE, "%s is given twice",
				  name);
		if (name[1] == '-' && strcmp(name, "--head") != 0 &&
		    strcmp(name, "--from") != 0 &&
		    strcmp(name, "--table") != 0)
			cli_err_hint(d, "Give several as one "
					      "comma-separated list: "
					      "%s a,b.",
					   name);
		return MIGRATOR_EUSAGE;
	}
	*slot = arg;
	return 0;
}

/* --format: json and text everywhere, dot and mermaid for history. */
static int set_format(struct parse_ctx *p, const char *arg,
		      struct cli_err *d)
{
	struct cli_args *a = &p->cli->args;
	int graph = p->cmd->fn == cmd_history;

	a->json = strcmp(arg, "json") == 0;
	a->export_fmt = !graph			    ? CLI_FMT_TEXT
			: strcmp(arg, "dot") == 0     ? CLI_FMT_DOT
			: strcmp(arg, "mermaid") == 0 ? CLI_FMT_MERMAID
						      : CLI_FMT_TEXT;
	if (a->json || a->export_fmt || strcmp(arg, "text") == 0)
		return 0;
	return cli_err_set(d, MIGRATOR_EUSAGE,
			   "unknown format \"%s\": expected %s", arg,
			   graph ? "json, text, dot or mermaid"
				 : "json or text");
}

/* verify --seed N: a decimal number of 0 to 2^64-1; it implies
 * --with-data. */
static int parse_seed(struct cli_args *a, const char *arg, struct cli_err *d)
{
	unsigned long long v = 0;
	const char *p = arg;

	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned digit = (unsigned)(*p - '0');

		if (v > (~0ull - digit) / 10)
			break;
		v = v * 10 + digit;
	}
	if (!*arg || *p) {
		cli_err_set(d, MIGRATOR_EUSAGE, "bad --seed \"%s\"", arg);
		cli_err_hint(d, "A seed is a whole number from 0 to "
				"18446744073709551615.");
		return MIGRATOR_EUSAGE;
	}
	a->seed = v;
	a->seeded = a->with_data = 1;
	return 0;
}

static int on_cmd_opt(void *ctx, enum cli_opt_id id, const char *arg,
		      struct cli_err *d)
{
	struct parse_ctx *p = ctx;
	struct cli_args *a = &p->cli->args;

	if (!(p->cmd->accepts & ACCEPT(id))) {
		const char *name = "?";

		for (const struct cli_opt *o = cmd_opts; o->id; o++)
			if (o->id == id)
				name = o->lng;
		cli_err_set(d, MIGRATOR_EUSAGE,
				  "%s does not take --%s", p->cmd->name, name);
		cli_err_hint(d, "usage: migrator %s", p->cmd->usage);
		return MIGRATOR_EUSAGE;
	}
	switch (id) {
	case OPT_VERBOSE: p->cli->verbose = 1; break;
	case OPT_QUIET: p->cli->quiet = 1; break;
	case OPT_HELP: p->help = 1; break;
	case OPT_SQL: a->sql = 1; break;
	case OPT_DRY_RUN: a->dry_run = 1; break;
	case OPT_PURGE: a->purge = 1; break;
	case OPT_RANGE: a->range = arg; break;
	case OPT_MESSAGE: return set_once(&a->message, arg, "-m", d);
	case OPT_HEAD: return set_once(&a->head, arg, "--head", d);
	case OPT_BRANCH_LABEL:
		return set_once(&a->branch_label, arg, "--branch-label", d);
	case OPT_DEPENDS_ON:
		return set_once(&a->depends_on, arg, "--depends-on", d);
	case OPT_STRICT: a->strict = 1; break;
	case OPT_INDICATE_CURRENT: a->indicate_current = 1; break;
	case OPT_VERIFY: a->verify = 1; break;
	case OPT_ALLOW_BRANCHES: a->allow_branches = 1; break;
	case OPT_OUTPUT: return set_once(&a->output, arg, "-o", d);
	case OPT_CHECK: a->check = 1; break;
	case OPT_WITH_DATA: a->with_data = 1; break;
	case OPT_SEED: return parse_seed(a, arg, d);
	case OPT_DIALECT:
		if (!*arg)
			return cli_err_set(d, MIGRATOR_EUSAGE,
						 "empty --dialect");
		a->dialect = arg;
		break;
	case OPT_FORMAT:
		return set_format(p, arg, d);
	case OPT_GRAPH: a->graph = 1; break;
	case OPT_FROM: return set_once(&a->from, arg, "--from", d);
	case OPT_DIALECTS: return set_once(&a->dialects, arg, "--dialects", d);
	case OPT_TABLE:
		if (!*arg)
			return cli_err_set(d, MIGRATOR_EUSAGE, "empty --table");
		return set_once(&a->table, arg, "--table", d);
	case OPT_TARGET:
	case OPT_ALL_TARGETS:
	case OPT_TARGETS_FILE:
	case OPT_SCHEMAS:
	case OPT_JOBS:
	case OPT_FAIL_FAST:
	case OPT_CANARY:
		return cli_fleet_opt(a, id, arg, d);
	case OPT_TO: return set_once(&a->to, arg, "--to", d);
	case OPT_RENAME:
		return cli_strs_push(&a->renames, arg) ? cli_err_set(
				d, MIGRATOR_ENOMEM, "out of memory") : 0;
	case OPT_DIALECT_URL:
		return cli_strs_push(&a->dialect_urls, arg) ? cli_err_set(
				d, MIGRATOR_ENOMEM, "out of memory") : 0;
	default: break;
	}
	return 0;
}

int cli_parse_cmd(struct cli *cli, const struct cli_cmd *cmd, int argc,
		  char **argv, int i, struct cli_err *d)
{
	struct parse_ctx p = {cli, cmd, 0};
	struct cli_args *a = &cli->args;
	int rc;

	rc = cli_parse(argc, argv, &i, cmd_opts, on_cmd_opt, &p, &a->pos, d);
	if (rc)
		return rc;
	if (p.help) {
		printf("usage: migrator %s\n", cmd->usage);
		return 1; /* done, nothing to run */
	}
	if (a->sql && a->dry_run)
		return cli_err_set(d, MIGRATOR_EUSAGE,
					 "--sql and --dry-run exclude each "
					 "other");
	if (a->sql && a->verify) {
		cli_err_set(d, MIGRATOR_EUSAGE,
			    "--sql and --verify exclude each other");
		cli_err_hint(d, "A script run by psql or sqlite3 cannot judge "
				"what a verify query returns: run `migrator "
				"verify` before you hand the script over.");
		return MIGRATOR_EUSAGE;
	}
	rc = cli_fleet_check_args(a, d);
	if (rc)
		return rc;
	if (a->pos.n < cmd->min_args || a->pos.n > cmd->max_args) {
		if (a->pos.n < cmd->min_args)
			cli_err_set(d, MIGRATOR_EUSAGE,
					  "%s needs an argument", cmd->name);
		else
			cli_err_set(d, MIGRATOR_EUSAGE,
					  "unexpected argument \"%s\"",
					  a->pos.v[cmd->max_args]);
		cli_err_hint(d, "usage: migrator %s", cmd->usage);
		return MIGRATOR_EUSAGE;
	}
	return 0;
}

/* The graph's warnings (a file name that does not match its revision,
 * ...) are -v lines. */
static void show_warnings(const struct cli *cli, const char *const *w,
			  size_t n)
{
	if (cli->quiet || !cli->verbose)
		return;
	for (size_t i = 0; i < n; i++)
		cli_warn("%s", w[i]);
}

int cli_setup(struct cli *cli, const struct cli_cmd *cmd, struct cli_err *d)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	const char *const *w = NULL;
	size_t n = 0;
	int rc;

	o.flags = MIGRATOR_OPEN_LAZY;
	o.url = cli->set.url;
	o.migrations = cli->set.migrations;
	o.version_table = cli->set.version_table;
	o.plugin_dir = cli->set.plugin_dir;
	o.lock_timeout_ms = cli->set.lock_timeout_ms;
	o.connect_timeout_ms = cli->set.connect_timeout_ms;
	o.strict = cli->args.strict;
	o.plugins = (const char *const *)cli->set.plugins.v;
	o.n_plugins = cli->set.plugins.n;
	o.plugin_options = (const char *const *)cli->set.plugin_options.v;
	o.n_plugin_options = cli->set.plugin_options.n;
	o.schema_file = cli->set.schema_file;
	o.ddl_lock_timeout_ms = cli->set.ddl_lock_timeout_ms;
	o.lock_retries = cli->set.lock_retries;
	o.schema = cli->set.schema; /* fleets: a tenant schema */
	/* open first: the context exists only after the call (an argument
	 * list has no order of evaluation) */
	rc = migrator_open_ext(&cli->ctx, &o);
	rc = cli_err_take(d, cli->ctx, rc);
	if (rc == 0)
		migrator_set_event_callback(cli->ctx, cli_on_event, cli);
	if (rc || !(cmd->flags & NEED_GRAPH))
		return rc;
	rc = cli_err_take(d, cli->ctx, migrator_graph_load(cli->ctx, &w, &n));
	if (!rc)
		show_warnings(cli, w, n);
	return rc;
}
