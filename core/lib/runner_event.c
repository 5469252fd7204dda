/*
 * runner_event.c - the runner's one way to tell its caller something:
 * progress, database notices, warnings and hook plugins' lines, as the
 * public struct migrator_event (<migrator/migrator.h>); and the clock
 * their times are measured with.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "runner_int.h"

unsigned long mg_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (unsigned long)ts.tv_sec * 1000ul +
	       (unsigned long)(ts.tv_nsec / 1000000);
}

void mg_runner_set_event(mg_runner *r, migrator_event_fn fn, void *payload)
{
	r->on_event = fn;
	r->payload = payload;
}

void mg_runner_event(mg_runner *r, enum migrator_event_kind kind,
		     const struct migrator_step *step, unsigned long ms,
		     const char *text, const char *plugin)
{
	mg_runner_event_ext(r, kind, step, ms, text, plugin, 0);
}

/* ev's other members are set: kind and step, then to the caller. */
static void send_event(mg_runner *r, enum migrator_event_kind kind,
		       const struct migrator_step *step,
		       struct migrator_event *ev)
{
	ev->kind = kind;
	ev->step = step;
	if (r->on_event)
		r->on_event(ev, r->payload);
}

void mg_runner_event_ext(mg_runner *r, enum migrator_event_kind kind,
			 const struct migrator_step *step, unsigned long ms,
			 const char *text, const char *plugin,
			 size_t findings)
{
	struct migrator_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.elapsed_ms = ms;
	/* Steps carry their text (plan.c) unless the event has its own
	 * (VERIFY_*); other events always have one. */
	ev.text = text ? text : step ? step->text : "";
	ev.plugin = plugin;
	ev.findings = findings;
	send_event(r, kind, step, &ev);
}

/* lock timeouts: a MIGRATOR_EVENT_LOCK_RETRY event (runner_retry.c) */
void mg_runner_event_retry(mg_runner *r, const struct migrator_step *step,
			   const char *text, unsigned retry, unsigned retries,
			   unsigned long delay_ms)
{
	struct migrator_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.text = text;
	ev.retry = retry;
	ev.retries = retries;
	ev.delay_ms = delay_ms;
	send_event(r, MIGRATOR_EVENT_LOCK_RETRY, step, &ev);
}
