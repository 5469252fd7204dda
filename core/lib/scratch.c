/*
 * scratch.c - the scratch database's lifecycle (see scratch.h).
 *
 * Signals: the program's handler calls mg_runner_interrupt(), which
 * while a scratch database exists records the signal and asks the driver
 * to cancel what runs on both connections.  The cancelled statement fails,
 * the run unwinds through mg_scratch_close(), which drops the database
 * from the live connection, and the program then ends as the signal
 * would have.  Nothing here allocates or reports inside the handler.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "scratch.h"

#define HAS_CANCEL(drv) MG_DRV_HAS(drv, cancel)

int mg_scratch_supported(mg_runner *r, const char *command, mg_diag *d)
{
	if (MG_DRV_HAS(r->drv, introspect) &&
	    MG_DRV_HAS(r->drv, scratch_connect))
		return 0;
	return mg_run_unsupported(r, command, "has no schema introspection or "
				  "no scratch databases (driver ABI 1.1)", d);
}

int mg_runner_interrupt(mg_runner *r)
{
	mg_runner *sib = r ? r->sibling : NULL;

	if (sib && mg_runner_interrupt(sib)) {
		r->interrupted = 1;
		return 1;
	}
	if (!r || r->scratch_state == MG_SCRATCH_NONE)
		return 0;
	r->interrupted = 1;
	if (r->scratch_state == MG_SCRATCH_ACTIVE && HAS_CANCEL(r->drv)) {
		struct migrator_conn *sc = r->scratch;

		if (sc)
			r->drv->cancel(sc);
		if (r->conn)
			r->drv->cancel(r->conn);
	}
	return 1;
}

static int max_age(unsigned long *out, mg_diag *d)
{
	const char *s = getenv(MG_SCRATCH_MAX_AGE_ENV);
	char *end;

	*out = MG_SCRATCH_MAX_AGE_S;
	if (!s || !*s)
		return 0;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end || *s < '0' || *s > '9')
		return mg_diag_set(d, MIGRATOR_ECONFIG,
					 "%s must be a number of seconds",
					 MG_SCRATCH_MAX_AGE_ENV);
	return 0;
}

/* "dropped scratch database X, left by a run that was killed (created
 * YYYY-MM-DD HH:MM:SS UTC)" for each pair the driver pushed. */
static void report(mg_runner *r, const mg_strvec *v)
{
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		time_t t = (time_t)strtoll(v->v[i + 1], NULL, 10);
		char when[32], *text;
		struct tm tm;

		if (!gmtime_r(&t, &tm) ||
		    !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm))
			snprintf(when, sizeof(when), "?");
		text = mg_strdup_printf("dropped scratch database %s, left "
					"behind by an earlier run that did "
					"not end normally (created %s UTC)",
					v->v[i], when);
		if (!text)
			continue;
		mg_runner_event(r, MIGRATOR_EVENT_WARNING, NULL, 0, text, NULL);
		free(text);
	}
}

/* Best effort: a sweep that fails leaves the left-overs for the next. */
static void sweep(mg_runner *r, unsigned long age)
{
	mg_strvec dropped = MG_STRVEC_INIT;
	mg_diag tmp = MG_DIAG_INIT;

	if (!MG_DRV_HAS(r->drv, scratch_sweep) || !r->conn)
		return;
	if (r->drv->scratch_sweep(r->conn, age, &dropped, &tmp) == 0)
		report(r, &dropped);
	else if (tmp.message)
		mg_runner_event(r, MIGRATOR_EVENT_INFO, NULL, 0, tmp.message, NULL);
	mg_strvec_clear(&dropped);
	mg_diag_clear(&tmp);
}

int mg_scratch_open(struct migrator_conn **out, mg_runner *r,
		    mg_diag *d)
{
	struct migrator_connect_params params;
	struct migrator_conn *sc = NULL;
	unsigned long age;
	int rc;

	*out = NULL;
	rc = max_age(&age, d);
	if (rc)
		return rc;
	sweep(r, age);
	mg_connect_params(&params, r, 0); /* the user's connect timeout too */
	r->interrupted = 0;
	/* active before the database exists: a signal during its creation
	 * cancels the CREATE, and the driver drops what it may have made */
	r->scratch_state = MG_SCRATCH_ACTIVE;
	rc = r->drv->scratch_connect(&sc, r->conn, &params, d);
	if (rc) {
		r->scratch_state = MG_SCRATCH_NONE;
		return mg_scratch_poll(r, d) ? MIGRATOR_EDB : rc;
	}
	r->scratch = sc;
	*out = sc;
	return mg_scratch_poll(r, d);
}

int mg_scratch_poll(mg_runner *r, mg_diag *d)
{
	if (!r->interrupted)
		return 0;
	/* the cancelled statement's error is not the cause: the signal is */
	mg_diag_clear(d);
	return mg_diag_set(d, MIGRATOR_EDB, "interrupted by a signal");
}

int mg_scratch_close(mg_runner *r, struct migrator_conn *sc, int rc,
		     mg_diag *d)
{
	/* from here on a signal cancels nothing: the DROP must run */
	r->scratch_state = MG_SCRATCH_CLEANUP;
	r->scratch = NULL;
	if (sc)
		r->drv->close(sc);
	if (r->interrupted)
		rc = mg_scratch_poll(r, d);
	r->scratch_state = MG_SCRATCH_NONE;
	return rc;
}
