/*
 * runner_error.c - the one wording of a step's failure, for the runs
 * (runner_run.c) and the verify sections they run (runner_verify.c).
 */
#include "config.h"

#include <string.h>

#include "runner_int.h"

int mg_run_error(mg_diag *d, mg_diag *tmp, const char *what,
		 const struct migrator_step *st, unsigned line)
{
	int code = tmp->code ? tmp->code : MIGRATOR_EDB;

	if (code != MIGRATOR_ENOMEM && code != MIGRATOR_ELOCK)
		code = MIGRATOR_EDB;
	mg_diag_set(d, code, "%s in revision %s", what, st->rev->id);
	if (tmp->message) {
		size_t n = strlen(tmp->message);
		const char *sep = n && tmp->message[n - 1] == '.' ? " " : ". ";

		/* the database's words: "message (SQLSTATE x). detail" */
		mg_diag_detail(d, "%s%s%s%s%s%s", tmp->message,
				     tmp->sqlstate[0] ? " (SQLSTATE " : "",
				     tmp->sqlstate,
				     tmp->sqlstate[0] ? ")" : "",
				     tmp->detail ? sep : "",
				     tmp->detail ? tmp->detail : "");
	}
	if (tmp->hint)
		mg_diag_hint(d, "%s", tmp->hint);
	mg_diag_sqlstate(d, tmp->sqlstate);
	mg_diag_locate(d, st->rev->script->path, line);
	mg_diag_revision(d, st->rev->id);
	mg_diag_clear(tmp);
	return code;
}
