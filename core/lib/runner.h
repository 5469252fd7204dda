/*
 * runner.h - runs migrations against a database (DESIGN 3, 5, 6).
 *
 * A runner holds the options of one run, the graph (loaded once), the
 * driver plugin (loaded once) and one connection (opened once, on first
 * need).  It never prints: progress, database notices and other chatter
 * reach the caller through the event callback.  No globals; one runner per
 * thread.
 *
 * Everything returned as a pointer is borrowed from the runner and valid
 * until mg_runner_free() unless said otherwise.
 */
#ifndef MG_RUNNER_H
#define MG_RUNNER_H

#include <stddef.h>

#include "diag.h"
#include "graph.h"
#include "plan.h"
#include "strvec.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mg_runner mg_runner;

/* Copies the options (<migrator/migrator.h>: url may be NULL for
 * graph-only work; the caller checks the version); loads and connects
 * nothing yet.  *out NULL on failure. */
int mg_runner_new(mg_runner **out, const struct migrator_open_options *opts,
		  mg_diag *d);
/* Where progress, notices and warnings go (fn NULL: nowhere). */
void mg_runner_set_event(mg_runner *r, migrator_event_fn fn, void *payload);
/* Closes the connection, unloads the plugin, frees the graph; accepts
 * NULL. */
void mg_runner_free(mg_runner *r);

/* The graph, loaded on first call (MIGRATOR_ESCRIPT / MIGRATOR_EIO). */
int mg_runner_graph(const mg_graph **out, mg_runner *r,
			  mg_diag *d);
/* The migrations directory was written to (a new revision): the next
 * need reads it again.  What was read before stays valid until
 * mg_runner_free(): revisions borrowed from it do not dangle. */
void mg_runner_graph_changed(mg_runner *r);

/* The options as copied: the migrations directory (the default filled
 * in) and strict. */
const char *mg_runner_migrations(const mg_runner *r);
int mg_runner_strict(const mg_runner *r);

/* The driver's section dialect ("sqlite", "postgresql"); loads the plugin
 * for the URL's scheme but does not connect. */
int mg_runner_dialect(const char **out, mg_runner *r,
			    mg_diag *d);

/*
 * The revisions stamped in the database (empty: base, also when the stamp
 * table does not exist yet).  Connects without creating anything: a missing
 * SQLite file is the driver's error.  A row naming no revision is
 * MIGRATOR_ESTAMP.  out must be empty; the caller clears it.
 */
int mg_runner_current(mg_revset *out, mg_runner *r,
			    mg_diag *d);
/* runner_schema.c (fleets): pushes the schemas of r's database matching
 * the glob pattern onto out (driver schemas_list); MIGRATOR_ECONFIG for
 * a driver without schemas. */
int mg_runner_schemas(mg_strvec *out, mg_runner *r, const char *pattern,
		      mg_diag *d);

/*
 * What upgrade / downgrade to target would run (--dry-run): connects,
 * reads the stamp, takes no lock, changes nothing.  Missing sections and
 * SQL that cannot be split are found here (MIGRATOR_ESCRIPT).  The caller
 * frees *out with mg_plan_free().
 */
int mg_runner_plan(migrator_plan **out, mg_runner *r,
			 enum migrator_direction direction, const char *target,
			 mg_diag *d);

/*
 * Upgrades (creating the database if the driver can) or downgrades to the
 * target expression.  Takes the run lock, creates the stamp table if
 * missing, plans from the stamp and checks every step before the first one
 * runs.  Each transactional revision runs in its own transaction together
 * with its stamp change; a failure rolls that one back, keeps the earlier
 * ones and is MIGRATOR_EDB "statement failed in revision X" with file and
 * line of the statement, the database's message (and SQLSTATE) as detail
 * and its hint as hint.  When another runner moved the stamp meanwhile the
 * run plans again from the new stamp.  ran (may be NULL) receives the IDs
 * of the revisions that ran, in order.
 */
int mg_runner_upgrade(mg_runner *r, const char *target,
			    mg_strvec *ran, mg_diag *d);
int mg_runner_downgrade(mg_runner *r, const char *target,
			      mg_strvec *ran, mg_diag *d);
/* upgrade --verify: as mg_runner_upgrade, and each revision's
 * "-- migrator:verify" section runs after its statements, in its
 * transaction; a verify that fails rolls the revision back (the error
 * names file and line).  The sections are found and split before
 * anything runs. */
int mg_runner_upgrade_verified(mg_runner *r, const char *target,
			       mg_strvec *ran, mg_diag *d);

/*
 * Asks the run to stop because a signal came (SIGINT, SIGTERM, SIGHUP).
 * Async-signal-safe: call it from the handler.  While a scratch database
 * exists (check, verify) it records the request, asks the database to cancel the
 * running statements and returns 1: the run then fails with "interrupted"
 * after dropping the scratch database, and the caller ends the process
 * as the signal would have.  Otherwise it does nothing and returns 0:
 * there is nothing to clean up that the database would not (a killed
 * connection's transaction rolls back), so the caller lets the signal do
 * what it does by default.  r may be NULL.
 */
int mg_runner_interrupt(mg_runner *r);

/*
 * Writes the stamp for target without running any migration.  "base"
 * empties the table.  Stamped revisions unrelated to the target (other
 * branches) stay.  With purge every row is deleted first, even rows that
 * name no revision.  *changed: 1 when rows were written (committed).
 */
int mg_runner_stamp(mg_runner *r, const char *target, int purge,
		    int *changed, mg_diag *d);
/* The same for the revisions ids[0..n) (each a full ID; issue 17's
 * adopt, whose record may name several heads), in one transaction. */
int mg_runner_stamp_ids(mg_runner *r, const char *const *ids, size_t n,
			int *changed, mg_diag *d);

/*
 * Run history (DESIGN 5): drivers of ABI 1.1 keep a row per revision run
 * (revision, direction, SHA-256 of the section's SQL, start time,
 * duration, user) in the history table, written in the migration's
 * transaction.  Its name comes from the version table: a trailing
 * "_version" becomes "_history" (migrator_version -> migrator_history,
 * alembic_version -> alembic_history), any other name gets "_history"
 * appended.  Borrowed from the runner.
 */
const char *mg_runner_history_table(const mg_runner *r);

/*
 * The applied revisions (the stamped ones and their ancestors) whose
 * upgrade SQL no longer has the checksum recorded when it last ran: their
 * files were edited afterwards.  Pushes their IDs to out, oldest first.
 * Connects without creating anything; a driver without history, or a
 * database without a history table, finds nothing.  upgrade reports the
 * same as MIGRATOR_EVENT_WARNING events (an error, MIGRATOR_EDRIFT, before
 * anything runs when the options say strict).
 */
int mg_runner_edited(mg_strvec *out, mg_runner *r,
			   mg_diag *d);
/* The same, reporting each as upgrade does: a MIGRATOR_EVENT_WARNING
 * event (mg_runner_edited_warning), and with strict a non-empty result
 * is the error of mg_runner_edited_error() (out filled also then). */
int mg_runner_warn_edited(mg_strvec *out, mg_runner *r, mg_diag *d);

/*
 * The one wording of what mg_runner_edited() found, for every command
 * (upgrade, current, check).  The warning for revision id: "FILE was edited
 * after revision ID was applied (its checksum differs from the run
 * history)", malloc'd, NULL when out of memory.  The --strict error:
 * MIGRATOR_EDRIFT "N applied migration file(s) was/were edited (--strict)"
 * with a hint, set in d and returned (n > 0).
 */
char *mg_runner_edited_warning(mg_runner *r, const char *id);
int mg_runner_edited_error(size_t n, mg_diag *d);

/*
 * `migrator lint`: hands every upgrade step in range to the hook plugins'
 * before_run (MIGRATOR_HOOK_RUN_LINT) without connecting, with "lint"
 * loaded even if the options do not name it.  range is NULL (base to all
 * heads), "TARGET" (base to TARGET) or "START:TARGET" (the steps after
 * START).  dialect NULL: the URL's driver's (no URL either:
 * MIGRATOR_EUSAGE "lint needs a dialect").  warnings (may be NULL)
 * receives how many warnings the plugins reported; with the options'
 * strict, a plugin may fail the run instead (MIGRATOR_EPLUGIN).
 */
int mg_runner_lint(mg_runner *r, const char *dialect,
			 const char *range, unsigned long *warnings,
			 mg_diag *d);

/*
 * Offline mode (--sql): the SQL that would run, for the URL's dialect,
 * without connecting.  range is "TARGET" or "START:TARGET"; without a start,
 * an upgrade starts from base and a downgrade from all heads.  The text
 * creates the stamp table if missing, wraps each transactional revision in
 * BEGIN;/COMMIT; and moves the stamp with literal IDs.  *out is malloc'd.
 */
int mg_runner_offline_sql(char **out, mg_runner *r,
				enum migrator_direction direction,
				const char *range, mg_diag *d);

#ifdef __cplusplus
}
#endif
#endif
