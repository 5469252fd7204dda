/*
 * runner_int.h - what runner.c, runner_stamp.c and runner_offline.c share.
 */
#ifndef MG_RUNNER_INT_H
#define MG_RUNNER_INT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "hook_int.h"
#include "plugin.h"
#include "runner.h"
#include "sql_split.h"

struct mg_runner {
	char *url; /* as given: handed to the driver, never put in a message */
	char *migrations;
	char *version_table;
	char *plugin_dir;
	unsigned lock_timeout_ms;
	unsigned connect_timeout_ms; /* 0: the driver's default */
	migrator_event_fn on_event;
	void *payload;
	int strict;
	char *history_table;
	mg_strvec plugins, plugin_options; /* hook plugin specs */
	char *schema_file; /* rewritten after a run that changed the
			    * database (schema_file.c); NULL: none */
	/* lock timeouts (runner_retry.c): a transactional revision's lock
	 * timeout unless its header sets one (0: none), and how often it
	 * runs again after failing for lack of a lock */
	unsigned ddl_lock_timeout_ms;
	unsigned lock_retries;
	/* fleets: the schema each connection works in (driver
	 * schema_use); NULL: the connection's own */
	char *schema;
	struct mg_hooks hooks;
	int hooks_loaded;

	mg_graph *graph;
	/* graph_changed: the directory was written to (authoring), read it
	 * again on the next need; the graphs read before stay in retired
	 * until mg_runner_free(), as what was borrowed from them must */
	int graph_changed;
	/* when the graph's files began to be read (ms, wall clock): the
	 * checksum cache trusts only files changed well before (sum_cache.c) */
	long long graph_read_ms;
	mg_graph **retired;
	size_t n_retired;
	mg_plugin *plugin;
	const struct migrator_driver *drv; /* borrowed from plugin */
	/* the names drv declares for its dialect, NULL-terminated: dialect,
	 * then dialect_aliases (the array malloc'd, the names drv's) */
	const char **dialects;
	struct migrator_conn *conn;

	/* scratch.c: the scratch database's lifecycle, read by
	 * mg_runner_interrupt() from a signal handler */
	volatile sig_atomic_t scratch_state; /* enum mg_scratch_state */
	volatile sig_atomic_t interrupted;   /* a signal asked us to stop */
	struct migrator_conn *volatile scratch; /* while MG_SCRATCH_ACTIVE */
	/* diff --dialects (diff_dialects.c): the runner of another dialect
	 * while it works for this one; mg_runner_interrupt() passes the
	 * signal on to it */
	struct mg_runner *volatile sibling;
};

/* Whether rev's statements run in one transaction on r's database: its
 * file says so (transactional, the default) and the driver can. */
static inline int mg_rev_in_tx(const mg_runner *r,
			       const struct migrator_revision *rev)
{
	return rev->script->transactional &&
	       (r->drv->caps & MIGRATOR_CAP_TRANSACTIONAL_DDL);
}

/* A plan with each step's section and statements, ready to run: everything
 * that can be wrong with the scripts is found while building it. */
struct mg_prepared {
	migrator_plan *plan;
	const struct migrator_section **sec; /* per step; NULL: no SQL */
	struct mg_stmts *stmts;             /* per step */
	size_t n;
	/* mg_prepare_verify(): each step's verify section (NULL: none) and
	 * its statements; both NULL when not asked for */
	const struct migrator_section **vsec;
	struct mg_stmts *vstmts;
};

/* 1 if the driver has member m of driver ABI 2.minor: abi_minor >= minor,
 * its struct is large enough to hold m, and m is not NULL.  Every
 * optional member of ABI 1.1 to 1.3 is a 2.0 member: MG_DRV_HAS. */
#define MG_DRV_HAS(drv, m) \
	((drv)->size >= offsetof(struct migrator_driver, m) + sizeof((drv)->m) && \
	 (drv)->m != NULL)
#define MG_DRV_HAS_MINOR(drv, minor, m) \
	((drv)->abi_minor >= (minor) && MG_DRV_HAS(drv, m))

int mg_runner_load_graph(mg_runner *r, mg_diag *d);
int mg_runner_load_plugin(mg_runner *r, mg_diag *d);
int mg_runner_connect(mg_runner *r, unsigned flags, mg_diag *d);
/* fleets: MIGRATOR_ECONFIG "the NAME driver has no schemas". */
int mg_runner_no_schemas(const mg_runner *r, mg_diag *d);
/* The names a driver's dialect goes by (its dialect, then its
 * dialect_aliases), NULL-terminated; borrowed from drv, the array is the
 * caller's to free.  The core keeps no list of databases. */
int mg_driver_dialects(const char ***out, const struct migrator_driver *drv,
		       mg_diag *d);

/* The connect parameters of r's URL and settings (the run's connection
 * and a scratch database's alike); no notice callback. */
void mg_connect_params(struct migrator_connect_params *p,
		       const mg_runner *r, unsigned flags);
/* The run lock on the version table, for the connection's life or until
 * unlock.  Unlock's failure becomes the error only of a call that had
 * none (rc 0); it returns the call's code. */
int mg_runner_lock(mg_runner *r, mg_diag *d);
int mg_runner_unlock(mg_runner *r, int rc, mg_diag *d);
void mg_runner_event(mg_runner *r, enum migrator_event_kind kind,
		     const struct migrator_step *step, unsigned long ms,
		     const char *text, const char *plugin);
/* A monotonic clock in milliseconds, for the events' times (0 if the
 * system has none). */
unsigned long mg_now_ms(void);
/* The same with the findings of a VERIFY_DONE event; text, when given,
 * is the event's even with a step (VERIFY_*). */
void mg_runner_event_ext(mg_runner *r, enum migrator_event_kind kind,
			 const struct migrator_step *step, unsigned long ms,
			 const char *text, const char *plugin,
			 size_t findings);
/* A STEP_START or STEP_DONE event of step i (from 0) of a run of n. */
void mg_runner_step_event(mg_runner *r, enum migrator_event_kind kind,
			  const struct migrator_step *step, unsigned long ms,
			  size_t i, size_t n);

/*
 * Plans current -> target, checks the sections for dialects (the names of
 * one dialect, NULL-terminated: r->dialects) and splits them.
 * drop: a downgrade's target is what it removes (see mg_resolve_target).
 */
int mg_prepare(struct mg_prepared *p, const mg_graph *g,
	       enum migrator_direction direction,
	       const mg_revset *current, const mg_revset *target,
	       int drop, const char *const *dialects, mg_diag *d);
void mg_prepared_free(struct mg_prepared *p);

/* 1 if target ("+N", "-N", "L@-N", a downgrade to "L@base") needs the
 * stamped revisions to resolve. */
int mg_target_is_relative(enum migrator_direction direction,
			  const char *target);

/*
 * Resolves a run's target: current may be NULL only for a target that
 * mg_target_is_relative() says needs none.  An upgrade refuses -N, a
 * downgrade +N (each goes the other way).  *drop is set when a downgrade's
 * target is what it removes (-N, L@-N, L@base), for mg_prepare.
 */
int mg_resolve_target(mg_revset *out, int *drop,
		      const mg_graph *g,
		      enum migrator_direction direction, const char *target,
		      const mg_revset *current, mg_diag *d);

/* The ends of a range of upgrade steps, as lint and verify take it: NULL
 * or "" (cur base, tgt every head), "TARGET" (cur base), "START:TARGET"
 * (an empty TARGET: every head).  Errors are the target's
 * (MIGRATOR_EUSAGE). */
int mg_resolve_range(mg_revset *cur, mg_revset *tgt, const mg_graph *g,
		     const char *range, mg_diag *d);

/* runner_hooks.c: what the hook plugins see of a prepared plan.  The
 * strings point into the graph; the arrays are the view's own. */
struct mg_hook_view {
	struct migrator_hook_run run;
	struct migrator_hook_step *steps;
	struct migrator_hook_stmt *stmts;
	const char **current;
	char *url; /* redacted */
	int started; /* before_run was called: after_run is due */
};

/* Loads the hook plugins of the options (and extra, if not NULL and not
 * among them) once; again when extra is missing from what an earlier
 * call loaded. */
int mg_runner_load_hooks(mg_runner *r, const char *extra,
			 mg_diag *d);
/* Fills v for plan p (may be NULL: no steps); frees what v held before
 * but keeps v->started. */
int mg_hook_view_build(struct mg_hook_view *v, mg_runner *r,
		       const struct mg_prepared *p,
		       enum migrator_direction direction, unsigned flags,
		       const mg_revset *current, const char *backend,
		       mg_diag *d);
void mg_hook_view_free(struct mg_hook_view *v);
/* Loads the hooks, builds the view and calls before_run; a no-op without
 * hook plugins.  On a view already started (before_run called for an
 * earlier plan of the same run) it only rebuilds the view for p. */
int mg_hooks_start(struct mg_hook_view *v, mg_runner *r,
		   const struct mg_prepared *p,
		   enum migrator_direction direction, unsigned flags,
		   const mg_revset *current, mg_diag *d);

/* runner_error.c: a driver's failure (in tmp, which it clears) as the
 * run's error "WHAT in revision ID" at line of st's file, the database's
 * words as detail and hint.  Returns the code (MIGRATOR_EDB, or ENOMEM,
 * ELOCK). */
int mg_run_error(mg_diag *d, mg_diag *tmp, const char *what,
		 const struct migrator_step *st, unsigned line);
/* "COMMAND is not supported by this driver", detail "The NAME driver
 * (PATH) LACKS."; MIGRATOR_EPLUGIN. */
int mg_run_unsupported(mg_runner *r, const char *command, const char *lacks,
		       mg_diag *d);

/* runner_verify.c: "-- migrator:verify" sections.  mg_prepare_verify
 * finds the verify section of each upgrade step of p for r's dialect and
 * splits it (MIGRATOR_ESCRIPT: SQL that cannot be split, two sections
 * under names of one dialect; MIGRATOR_EPLUGIN: a driver without
 * verify_exec, when a step has one).  mg_run_verify runs step i's on
 * r->conn, after its statements, in the transaction that moves its stamp
 * (tx: the statements ran in it too); a failing statement, or a query
 * whose first row's first column is NULL, false or 0, is MIGRATOR_EDB
 * naming file, line and revision, with a hint saying what stays (the
 * caller rolls back). */
int mg_prepare_verify(struct mg_prepared *p, mg_runner *r, mg_diag *d);
int mg_run_verify(mg_runner *r, const struct mg_prepared *p, size_t i,
		  int tx, unsigned flags, mg_diag *d);

/* runner_run.c: one step of a prepared plan, as upgrade and downgrade
 * run it, on r->conn (verify.c runs them on its scratch connection):
 * begin, the statements, with MG_RUN_VERIFY the step's verify section
 * (p prepared with mg_prepare_verify), the history row, the stamp,
 * commit; a failure rolls back.  rows is the stamp believed (sorted),
 * moved as the step moves it; *moved is set, and nothing runs, when a
 * driver without a run lock finds the stamp moved.  *failed_in (may be
 * NULL) gets MG_STEP_IN_VERIFY when the failure came from the verify
 * section, MG_STEP_IN_STMT when from a statement of the revision (not
 * from begin, the timeouts, the stamp or the commit). */
#define MG_STEP_IN_VERIFY 0x1u
#define MG_STEP_IN_STMT 0x2u
#define MG_RUN_VERIFY 0x1u
/* the step runs on a scratch database (verify): its errors say nothing
 * about what stays of it */
#define MG_RUN_SCRATCH 0x2u
int mg_run_step(mg_runner *r, const struct mg_prepared *p, size_t i,
		unsigned flags, mg_strvec *rows, int *moved,
		unsigned *failed_in, mg_diag *d);
/* Creates the stamp and history tables if missing, in a transaction of
 * their own. */
int mg_run_ensure_tables(mg_runner *r, mg_diag *d);

/* runner_conn.c (driver ABI 2.3): the caps of r's connection once the run
 * lock is taken (drv->conn_caps, else drv->caps); the check, before
 * anything of the run is written, that p's steps that run outside a
 * transaction may run on it (MIGRATOR_EDB naming the first such step
 * when the driver says not); and, after such a statement failed, the
 * invalid indexes it may have left, with the statements that drop them,
 * appended to tmp's hint (best effort). */
unsigned mg_runner_caps(const mg_runner *r);
int mg_run_outside_tx_check(mg_runner *r, const struct mg_prepared *p,
			    mg_diag *d);
void mg_run_invalid_hint(mg_runner *r, mg_diag *tmp);
/* runner_retry.c: lock timeouts.  mg_lock_retry: step st (run by
 * mg_run_step, which rolled it back) ended with rc, a statement's outcome
 * (the caller passes 0 for a failure elsewhere: a run lock's timeout in
 * begin is not retried); 1 when it is to run again: a transactional step
 * whose statement failed for lack of a lock (MIGRATOR_ELOCK from a driver
 * with set_timeouts), fewer than
 * r->lock_retries times so far; it then sent the
 * MIGRATOR_EVENT_LOCK_RETRY event, cleared d and waited.  0 otherwise,
 * with a hint in d when the retries ran out.  state starts zeroed.
 * mg_run_timeouts bounds the waits of step st's statements through the
 * driver (tx: inside its transaction, with r->ddl_lock_timeout_ms
 * unless the file sets one; outside one: only what the file sets, until
 * called again with on 0); a no-op for a driver without set_timeouts
 * (an INFO event when the file asked for a timeout). */
struct mg_lock_retry {
	unsigned retry;
	uint32_t seed;
};
int mg_lock_retry(mg_runner *r, const struct migrator_step *st, int rc,
		  struct mg_lock_retry *state, mg_diag *d);
int mg_run_timeouts(mg_runner *r, const struct migrator_step *st, int tx,
		    int on, mg_diag *d);
/* begin() for st's transaction; when timed and the driver has ABI 2.4's
 * begin_timeouts, with st's timeouts in the same round trip (*set then
 * says that mg_run_timeouts has nothing left to do). */
int mg_run_begin(mg_runner *r, const struct migrator_step *st, int timed,
		 int *set, mg_diag *d);
/* runner_event.c: the MIGRATOR_EVENT_LOCK_RETRY event */
void mg_runner_event_retry(mg_runner *r, const struct migrator_step *step,
			   const char *text, unsigned retry, unsigned retries,
			   unsigned long delay_ms);

/* runner_history.c */
/* Creates the history table if the driver keeps one. */
int mg_history_ensure(mg_runner *r, mg_diag *d);
/* Records a step that ran; sec is the section that ran (NULL: none).  ms
 * -1: the statements are still to run with the row (exec_defer), and the
 * driver measures them. */
int mg_history_write(mg_runner *r, const struct migrator_step *st,
		     const struct migrator_section *sec,
		     const char *started_at, long long ms, mg_diag *d);
/* The current time as "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC). */
void mg_history_now(char out[32]);
/* mg_runner_edited() for a known stamp. */
int mg_history_edited(mg_strvec *out, mg_runner *r,
		      const mg_revset *cur, mg_diag *d);
/* Reports edited applied files as warnings; with strict, MIGRATOR_EDRIFT.
 * Their IDs go to out (NULL: not kept), also with that error. */
int mg_history_warn_edited(mg_strvec *out, mg_runner *r,
			   const mg_revset *cur, mg_diag *d);

#endif
