/*
 * api_int.h - what the files of the public facade (api*.c) share.
 *
 * The facade (<migrator/migrator.h>) is a thin, opaque layer over the
 * detailed internal API (the headers of core/lib): a context wraps one runner and
 * keeps the last error, formatted once, for migrator_errmsg().
 */
#ifndef MG_API_INT_H
#define MG_API_INT_H

#include "author.h"
#include "check.h"
#include "diag.h"
#include "graph.h"
#include "migrator/migrator.h"
#include "plan.h"
#include "plugin.h"
#include "runner.h"
#include "script.h"
#include "strvec.h"
#include "target.h"
#include "url.h"

struct migrator_ctx {
	mg_runner *runner; /* NULL: the open failed */
	mg_diag diag; /* the last call's error; code 0 after success */
	char *errmsg;       /* "FILE:LINE: message", or NULL */
	struct migrator_errinfo info; /* diag's parts, set by mg_api_end */
};

struct migrator_revlist {
	mg_strvec ids;
};

/* Starts a call: forgets the previous call's error. */
void mg_api_begin(migrator_ctx *ctx);
/* Starts a call on a context that must be open: mg_api_begin, then
 * MIGRATOR_ENOMEM for ctx NULL (an open that ran out of memory) or
 * MIGRATOR_EUSAGE "the context failed to open", already ended
 * (mg_api_end).  0: go on. */
int mg_api_enter(migrator_ctx *ctx);
/* Ends a call that returned rc: keeps the error for migrator_errmsg()
 * (a code without a message gets a generic one).  Returns rc. */
int mg_api_end(migrator_ctx *ctx, int rc);

/* A new list holding (moving) the strings of v, which is left empty; NULL
 * when out of memory (v is then cleared). */
migrator_revlist *mg_api_revlist_take(mg_strvec *v);

#endif
