/*
 * runner_error.c - the one wording of a step's failure, for the runs
 * (runner_run.c) and the verify sections they run (runner_verify.c).
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
