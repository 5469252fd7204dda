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
#include "dump.h"
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
	char *url;          /* migrator_url(): redacted; NULL: "" */
};

/* One malloc'd block (api_revlist.c): the header, e[n], then the IDs'
 * text, to which e[i].id points. */
struct migrator_revlist {
	size_t n;
	struct mg_api_rev {
		const struct migrator_revision *rev; /* NULL: not in the graph */
		const char *id;
	} e[];
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

/* A new list of the revisions v[0..n) (none NULL), their IDs copied;
 * NULL when out of memory. */
migrator_revlist *mg_api_revlist_new(const struct migrator_revision *const *v,
				     size_t n);
/* A new list of the IDs ids[0..n), copied, each with its revision in g
 * (NULL when g is NULL or has none of that ID); NULL when out of
 * memory. */
migrator_revlist *mg_api_revlist_of_ids(const mg_graph *g,
					const char *const *ids, size_t n);

/* Starts a call that returns a list in *out: clears *out, then as
 * mg_api_enter(), and refuses out NULL (MIGRATOR_EUSAGE, ended).  0: go
 * on. */
int mg_api_begin_list(migrator_ctx *ctx, migrator_revlist **out);
/* Ends such a call: when rc is 0 the revisions v[0..n) become *out.
 * Returns mg_api_end() of rc, or of the error of making the list. */
int mg_api_end_list(migrator_ctx *ctx, migrator_revlist **out,
		    const struct migrator_revision *const *v, size_t n, int rc);

/* api_check.c: a public list of the differences check holds (taken
 * over: freed with the list, or here on failure); 0 or
 * MIGRATOR_ENOMEM. */
int mg_api_driftlist_new(migrator_driftlist **out, mg_check *check);

/* api_author.c: spec's version and message (MIGRATOR_EUSAGE). */
struct migrator_revision_spec;
int mg_api_check_revision_spec(mg_diag *d,
				const struct migrator_revision_spec *spec);

#endif
