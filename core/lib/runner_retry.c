/*
 * runner_retry.c - lock timeouts with retries (issue 16).
 *
 * An ALTER TABLE that waits for its lock behind one long query makes every
 * later query on that table wait behind it: the application stops.  So
 * each transactional revision runs with a lock timeout (the driver sets it
 * inside the revision's transaction), and when it fails for lack of a lock
 * (the driver's MIGRATOR_ELOCK: PostgreSQL's lock_not_available, 55P03)
 * its transaction is rolled back, nothing of it stays, and it runs again
 * after a wait, up to r->lock_retries times: the queue behind it drains
 * between tries, and each try blocks others for at most the lock timeout.
 *
 * Waits: 0.5 s, doubled each time up to 30 s, and of each wait half is
 * random ("equal jitter"), so that runners blocked together do not come
 * back together.
 *
 * A revision outside a transaction (transactional false) is never run
 * again: what ran before the failing statement stays applied, and a failed
 * CREATE INDEX CONCURRENTLY leaves an INVALID index that a second try would
 * trip over (or, with IF NOT EXISTS, silently keep).  Its statements get a
 * lock timeout only when the file sets one: CONCURRENTLY takes no lock that
 * queues the application's queries, but waits for every older transaction
 * through the lock manager, and a lock timeout would fail it there.
 *
 * The core sets nothing itself: the driver renders the settings
 * (set_timeouts) and decides which failures are "no lock in time".
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "runner_int.h"

#define RETRY_FIRST_MS 500ul
#define RETRY_MAX_MS 30000ul

static int has_timeouts(const mg_runner *r)
{
	return MG_DRV_HAS_MINOR(r->drv, 3, set_timeouts);
}

/* The lock timeout of st's statements (tx: in its transaction). */
static unsigned lock_of(const mg_runner *r, const struct migrator_step *st,
			int tx)
{
	const struct mg_script *s = st->rev->script;

	return s->has_lock_timeout ? s->lock_timeout_ms
	       : tx                ? r->ddl_lock_timeout_ms
				   : 0;
}

int mg_run_begin(mg_runner *r, const struct migrator_step *st, int timed,
		 int *set, mg_diag *d)
{
	unsigned lock = lock_of(r, st, 1);
	unsigned stmt = st->rev->script->statement_timeout_ms;

	*set = 0;
	if (!timed || !has_timeouts(r) || !(lock || stmt) ||
	    !MG_DRV_HAS_MINOR(r->drv, 4, begin_timeouts))
		return r->drv->begin(r->conn, d);
	*set = 1;
	return r->drv->begin_timeouts(r->conn, lock, stmt, d);
}

int mg_run_timeouts(mg_runner *r, const struct migrator_step *st, int tx,
		    int on, mg_diag *d)
{
	const struct mg_script *s = st->rev->script;
	unsigned lock = lock_of(r, st, tx);
	unsigned stmt = s->statement_timeout_ms;
	mg_diag tmp = MG_DIAG_INIT;
	char *text;

	if (!has_timeouts(r)) {
		if (!on || !(s->has_lock_timeout || stmt))
			return 0;
		text = mg_strdup_printf("revision %s: lock_timeout and "
					"statement_timeout are ignored: the "
					"%s driver cannot bound a "
					"statement's waits",
					st->rev->id, r->drv->name);
		if (text)
			mg_runner_event(r, MIGRATOR_EVENT_INFO, NULL, 0, text,
					NULL);
		free(text);
		return 0;
	}
	if (!lock && !stmt)
		return 0;
	if (tx && !on) /* the settings end with the transaction */
		return 0;
	if (!on)
		lock = stmt = 0;
	if (r->drv->set_timeouts(r->conn, lock, stmt, &tmp) == 0)
		return 0;
	return mg_run_error(d, &tmp,
			    on ? "could not set the timeouts"
			       : "could not reset the timeouts",
			    st, 0);
}

static unsigned long backoff_ms(unsigned retry, uint32_t *seed)
{
	unsigned long base = RETRY_FIRST_MS;

	for (unsigned k = 1; k < retry && base < RETRY_MAX_MS; k++)
		base *= 2;
	if (base > RETRY_MAX_MS)
		base = RETRY_MAX_MS;
	/* xorshift32: enough to spread runners apart */
	*seed ^= *seed << 13;
	*seed ^= *seed >> 17;
	*seed ^= *seed << 5;
	return base / 2 + *seed % (base / 2 + 1);
}

static void sleep_ms(unsigned long ms)
{
	struct timespec ts = {(time_t)(ms / 1000ul),
			      (long)(ms % 1000ul) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The retry's line: "revision ID could not get a lock in time
 * (FILE:LINE), retry N of M in 1.2 s: the database's words. Who blocked
 * it." */
static void tell_retry(mg_runner *r, const struct migrator_step *st,
		       const mg_diag *d, unsigned retry, unsigned long ms)
{
	char *text = mg_strdup_printf(
		"revision %s could not get a lock in time (%s:%u), retry %u "
		"of %u in %lu.%lu s: %s",
		st->rev->id, d->file ? d->file : st->rev->script->path,
		d->line, retry, r->lock_retries, ms / 1000ul,
		ms % 1000ul / 100ul, d->detail ? d->detail : d->message);

	if (text)
		mg_runner_event_retry(r, st, text, retry, r->lock_retries, ms);
	free(text);
}

static void give_up_hint(const struct migrator_step *st, unsigned tries,
			 mg_diag *d)
{
	mg_diag_hint(d, "Revision %s ran %u time%s and each time waited "
			"longer than its lock timeout for a lock another "
			"session held (the detail names it): its transaction "
			"was rolled back, so nothing of it stays applied and "
			"the stamp did not move.  Run the command again once "
			"that session is done, or allow more "
			"(--ddl-lock-timeout, --lock-retries, or "
			"\"-- migrator:lock_timeout\" in the file).",
		     st->rev->id, tries, tries == 1 ? "" : "s");
}

int mg_lock_retry(mg_runner *r, const struct migrator_step *st, int rc,
		  struct mg_lock_retry *state, mg_diag *d)
{
	int retryable = mg_rev_in_tx(r, st->rev) && has_timeouts(r);
	unsigned long ms;

	if (rc != MIGRATOR_ELOCK || !retryable)
		return 0;
	if (state->retry >= r->lock_retries) {
		give_up_hint(st, state->retry + 1, d);
		return 0;
	}
	if (!state->seed)
		state->seed = ((uint32_t)mg_now_ms() ^
			       ((uint32_t)getpid() << 16)) | 1u;
	state->retry++;
	ms = backoff_ms(state->retry, &state->seed);
	tell_retry(r, st, d, state->retry, ms);
	mg_diag_clear(d);
	sleep_ms(ms);
	return 1;
}
