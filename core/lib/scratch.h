/*
 * scratch.h - the scratch database's lifecycle, one for every command that
 * builds a schema apart from the live one (check and verify now; diff
 * next).  The driver does the SQL (scratch_connect, cancel, scratch_sweep);
 * this module decides when: it sweeps what killed runs left, opens the
 * scratch database, lets a signal stop the run, and closes (drops) it on
 * every way out.
 *
 *   struct migrator_conn *sc;
 *   rc = mg_scratch_open(&sc, r, d);          // r connected
 *   while (!rc && more)
 *           rc = work(sc), rc = rc ? rc : mg_scratch_poll(r, d);
 *   rc = mg_scratch_close(r, sc, rc, d);      // sc may be NULL
 */
#ifndef MG_SCRATCH_H
#define MG_SCRATCH_H

#include "runner_int.h"

enum mg_scratch_state {
	MG_SCRATCH_NONE,    /* no scratch database: signals do their default */
	MG_SCRATCH_ACTIVE,  /* being created or in use: cancel and unwind */
	MG_SCRATCH_CLEANUP  /* being dropped: unwind, cancel nothing */
};

/* Scratch databases older than this many seconds that no session uses are
 * left-overs of killed runs; MIGRATOR_SCRATCH_MAX_AGE (seconds) changes
 * it.  An hour is far longer than any run takes between creating its
 * scratch database and connecting to it (the only time a live one has no
 * session), and covers clock differences between client machines. */
#define MG_SCRATCH_MAX_AGE_S 3600ul
#define MG_SCRATCH_MAX_AGE_ENV "MIGRATOR_SCRATCH_MAX_AGE"

/* 0 when r's driver (loaded) can make scratch databases and read their
 * schema; else MIGRATOR_EPLUGIN "COMMAND is not supported by this
 * driver". */
int mg_scratch_supported(mg_runner *r, const char *command, mg_diag *d);

/* Sweeps stale scratch databases (a warning event for each one dropped),
 * then opens a new one.  *out may be set even on failure (a signal came
 * while it was created): always end with mg_scratch_close(). */
int mg_scratch_open(struct migrator_conn **out, mg_runner *r,
		    mg_diag *d);
/* MIGRATOR_EDB "interrupted by a signal" once a signal asked the run to
 * stop; 0 otherwise.  Call it between statements. */
int mg_scratch_poll(mg_runner *r, mg_diag *d);
/* Closes sc (NULL: none), which drops the scratch database, and returns
 * rc, or the interruption if a signal came meanwhile. */
int mg_scratch_close(mg_runner *r, struct migrator_conn *sc, int rc,
		     mg_diag *d);

#endif
