/*
 * verify.h - `migrator verify`: every revision up, down and up again on a
 * scratch database, its verify section run, the schema compared after
 * each move.
 *
 * For each revision R of the range, in upgrade order, on a scratch
 * database of the URL's backend (scratch.c, as check uses it): snapshot
 * S0; upgrade R through the runner's own step code (mg_run_step: its
 * transaction, history row and stamp) with its verify section; S1;
 * downgrade R; S2; upgrade R again; S3.  A snapshot is the driver's
 * introspection, the same schema model and diff as check's
 * (check_schema.c), so whatever that model compares, verify compares.
 * Findings, not errors: a failing upgrade (which stops the walk: nothing
 * after it can be built), a failing verify section, no downgrade section
 * for the dialect, a failing downgrade, S2 != S0, an upgrade that fails
 * after its own downgrade, S3 != S1 (both stop the walk too: the scratch
 * database no longer holds what the migrations build, and what follows
 * would be judged on another schema); and, unless allowed, more than one
 * head.  Errors are what stops verify from
 * working at all: bad scripts, no scratch database, a signal.  With
 * data (MG_VERIFY_WITH_DATA, verify_data.h) the driver fills every table
 * before each upgrade and counts the rows after each move: ROWS_CHANGED
 * findings, NOT_EXERCISED warnings (kept apart from the findings).
 */
#ifndef MG_VERIFY_H
#define MG_VERIFY_H

#include <stddef.h>

#include "check.h"
#include "diag.h"
#include "runner.h"

enum mg_finding_kind {
	MG_FIND_SEVERAL_HEADS,    /* the graph has more than one head */
	MG_FIND_UPGRADE_FAILED,   /* the walk stops here */
	MG_FIND_VERIFY_FAILED,    /* its verify section failed */
	MG_FIND_NO_DOWNGRADE,     /* no downgrade section for the dialect */
	MG_FIND_DOWNGRADE_FAILED, /* its downgrade failed */
	MG_FIND_DOWNGRADE_DRIFT,  /* S2 != S0 */
	MG_FIND_REUPGRADE_FAILED, /* the walk stops here */
	MG_FIND_REUPGRADE_DRIFT,  /* S3 != S1; the walk stops here */
	/* --with-data (verify_data.c) */
	MG_FIND_ROWS_CHANGED,     /* a table's row count, C2 != C0 or
				   * C3 != C1 */
	MG_FIND_NOT_EXERCISED     /* a warning: no row could be made */
};

/* One finding.  diag: *_FAILED the step's error as a run reports it
 * (message, the database's words as detail, file, line, SQLSTATE);
 * SEVERAL_HEADS and NO_DOWNGRADE a message (and the file).  drift:
 * *_DRIFT the differences, "expected" the schema before the move that
 * should have restored it (S0, S1), "found" the one after (S2, S3). */
struct mg_finding {
	enum mg_finding_kind kind;
	const struct migrator_revision *rev; /* NULL: SEVERAL_HEADS */
	mg_diag diag;
	mg_check *drift; /* *_DRIFT only; else NULL */
	/* ROWS_CHANGED, NOT_EXERCISED: the table (malloc'd; else NULL);
	 * ROWS_CHANGED: its counts (else -1) */
	char *table;
	long long before, after;
};

typedef struct mg_verify mg_verify;

/* "several_heads", "upgrade_failed", ... */
const char *mg_finding_kind_name(enum mg_finding_kind kind);

/* flags */
#define MG_VERIFY_ALLOW_BRANCHES 0x1u /* several heads are no finding */
#define MG_VERIFY_WITH_DATA 0x2u /* rows in the tables (seed, rows) */

/* --with-data: what the driver's data_fill is given */
struct mg_verify_data {
	unsigned long long seed;
	unsigned rows;
};

/*
 * Runs the walk over range: NULL (base to every head), "TARGET" (base to
 * TARGET) or "START:TARGET" (the revisions after START; those up to START
 * are built first, unverified, and a failure among them is an
 * UPGRADE_FAILED finding too).  Findings are not errors: *out lists them
 * (none: the migrations passed).  A driver without introspection,
 * scratch databases or verify_exec (for a file with a verify section), or
 * with MG_VERIFY_WITH_DATA (data: its seed and rows) without data_fill
 * and data_count, is MIGRATOR_EPLUGIN; a signal (mg_runner_interrupt) MIGRATOR_EDB
 * "interrupted by a signal", the scratch database dropped.  *out is
 * freed with mg_verify_free() (NULL on error).
 */
int mg_runner_verify(mg_verify **out, mg_runner *r, const char *range,
		     unsigned flags, const struct mg_verify_data *data,
		     mg_diag *d);

size_t mg_verify_size(const mg_verify *v);
const struct mg_finding *mg_verify_at(const mg_verify *v, size_t i);
/* Finding i's differences, handed over to the caller (mg_check_free);
 * the finding keeps none. */
mg_check *mg_verify_take_drift(mg_verify *v, size_t i);
/* How many revisions the walk was to cover, and how many it covered
 * (fewer when it stopped: then stopped is the revision it stopped at). */
size_t mg_verify_planned(const mg_verify *v);
size_t mg_verify_walked(const mg_verify *v);
const struct migrator_revision *mg_verify_stopped(const mg_verify *v);
void mg_verify_free(mg_verify *v);
/* The warnings (NOT_EXERCISED), apart from the findings. */
size_t mg_verify_warnings(const mg_verify *v);
const struct mg_finding *mg_verify_warning_at(const mg_verify *v, size_t i);
/* 1 and *seed when the walk ran with data. */
int mg_verify_seed(const mg_verify *v, unsigned long long *seed);

/* verify_result.c, for verify.c: a new, empty result; a finding added
 * (d's contents move into it, d is left empty; drift is taken over; both
 * may be empty / NULL); the counts.  0 or MIGRATOR_ENOMEM. */
int mg_verify_new(mg_verify **out);
int mg_verify_add(mg_verify *v, enum mg_finding_kind kind,
		  const struct migrator_revision *rev, mg_diag *d,
		  mg_check *drift);
void mg_verify_set_counts(mg_verify *v, size_t planned, size_t walked,
			  const struct migrator_revision *stopped);
/* verify_data.c's: a finding or a warning about table (copied), with
 * its row counts (-1: none); d's contents move as mg_verify_add's. */
int mg_verify_add_table(mg_verify *v, enum mg_finding_kind kind,
			const struct migrator_revision *rev, mg_diag *d,
			const char *table, long long before, long long after);
void mg_verify_set_seed(mg_verify *v, unsigned long long seed);

#endif
