/*
 * fleet_opts.c - fleets (issue 18): the options that pick the targets and
 * how they run.
 *
 *   --target NAME (repeatable), --all-targets   [target NAME] sections
 *   --targets-file FILE                          one URL per line
 *   --schemas PATTERN                            tenant schemas (PostgreSQL)
 *   -j N, --fail-fast, --canary N                how they run
 */
#include "config.h"

#include <string.h>

#include "cmd.h"

/* "N", a whole number from 1 to max. */
static int parse_positive(unsigned *out, const char *what, const char *arg,
			  unsigned max, struct cli_err *d)
{
	unsigned long v = 0;
	const char *p = arg;

	for (; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (!*arg || *p || v < 1 || v > max) {
		cli_err_set(d, MIGRATOR_EUSAGE, "bad %s \"%s\"", what, arg);
		cli_err_hint(d, "%s takes a whole number from 1 to %u.", what,
			     max);
		return MIGRATOR_EUSAGE;
	}
	*out = (unsigned)v;
	return 0;
}

static int once(const char **slot, const char *arg, const char *name,
		struct cli_err *d)
{
	if (*slot)
		return cli_err_set(d, MIGRATOR_EUSAGE, "%s is given twice",
				   name);
	if (!*arg)
		return cli_err_set(d, MIGRATOR_EUSAGE, "empty %s", name);
	*slot = arg;
	return 0;
}

int cli_fleet_opt(struct cli_args *a, enum cli_opt_id id, const char *arg,
		  struct cli_err *d)
{
	switch (id) {
	case OPT_TARGET:
		if (!*arg)
			return cli_err_set(d, MIGRATOR_EUSAGE,
					   "empty --target");
		if (cli_strs_push(&a->targets, arg) < 0)
			return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
		return 0;
	case OPT_ALL_TARGETS: a->all_targets = 1; return 0;
	case OPT_TARGETS_FILE:
		return once(&a->targets_file, arg, "--targets-file", d);
	case OPT_SCHEMAS: return once(&a->schemas, arg, "--schemas", d);
	case OPT_JOBS: return parse_positive(&a->jobs, "-j", arg, 1024, d);
	case OPT_FAIL_FAST: a->fail_fast = 1; return 0;
	case OPT_CANARY:
		return parse_positive(&a->canary, "--canary", arg, 1000000, d);
	default: return 0;
	}
}

int cli_fleet_check_args(const struct cli_args *a, struct cli_err *d)
{
	const char *lone = a->jobs	  ? "-j"
			   : a->fail_fast ? "--fail-fast"
			   : a->canary	  ? "--canary"
					  : NULL;

	if (!cli_is_fleet(a)) {
		if (!lone)
			return 0;
		cli_err_set(d, MIGRATOR_EUSAGE, "%s needs targets", lone);
		cli_err_hint(d, "Pick them with --target NAME, --all-targets, "
				"--targets-file FILE or --schemas PATTERN.");
		return MIGRATOR_EUSAGE;
	}
	if (a->all_targets && a->targets.n)
		return cli_err_set(d, MIGRATOR_EUSAGE, "--target and "
				   "--all-targets exclude each other");
	if (a->sql) {
		cli_err_set(d, MIGRATOR_EUSAGE,
			    "--sql does not run over targets");
		cli_err_hint(d, "Render the script once, without --target: "
				"every target gets the same one.");
		return MIGRATOR_EUSAGE;
	}
	return 0;
}
