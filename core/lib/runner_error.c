/*
 * runner_error.c - the one wording of a step's failure, for the runs
 * (runner_run.c) and the verify sections they run (runner_verify.c), and
 * of a command the driver cannot do.
 */
#include "config.h"

#include "runner_int.h"

int mg_run_error(mg_diag *d, mg_diag *tmp, const char *what,
		 const struct migrator_step *st, unsigned line)
{
	int code = tmp->code ? tmp->code : MIGRATOR_EDB;

	if (code != MIGRATOR_ENOMEM && code != MIGRATOR_ELOCK)
		code = MIGRATOR_EDB;
	mg_diag_set(d, code, "%s in revision %s", what, st->rev->id);
	mg_diag_cause(d, tmp);
	mg_diag_locate(d, st->rev->script->path, line);
	mg_diag_revision(d, st->rev->id);
	mg_diag_clear(tmp);
	return code;
}

int mg_run_unsupported(mg_runner *r, const char *command, const char *lacks,
		       mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_EPLUGIN, "%s is not supported by this driver",
		    command);
	mg_diag_detail(d, "The %s driver (%s) %s.", r->drv->name,
		       mg_plugin_path(r->plugin), lacks);
	return MIGRATOR_EPLUGIN;
}
