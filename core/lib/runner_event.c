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

/* The event's members from its arguments (text: a step's unless given). */
static void fill(struct migrator_event *ev, enum migrator_event_kind kind,
		 const struct migrator_step *step, unsigned long ms,
		 const char *text)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->step = step;
	ev->elapsed_ms = ms;
	/* Steps carry their text (plan.c) unless the event has its own
	 * (VERIFY_*); other events always have one. */
	ev->text = text ? text : step ? step->text : "";
}

static void send_event(mg_runner *r, const struct migrator_event *ev)
{
	if (r->on_event)
		r->on_event(ev, r->payload);
}

void mg_runner_event_ext(mg_runner *r, enum migrator_event_kind kind,
			 const struct migrator_step *step, unsigned long ms,
			 const char *text, const char *plugin,
			 size_t findings)
{
	struct migrator_event ev;

	fill(&ev, kind, step, ms, text);
	ev.plugin = plugin;
	ev.findings = findings;
	send_event(r, &ev);
}

/* lock timeouts: a MIGRATOR_EVENT_LOCK_RETRY event (runner_retry.c) */
void mg_runner_event_retry(mg_runner *r, const struct migrator_step *step,
			   const char *text, unsigned retry, unsigned retries,
			   unsigned long delay_ms)
{
	struct migrator_event ev;

	fill(&ev, MIGRATOR_EVENT_LOCK_RETRY, step, 0, text);
	ev.retry = retry;
	ev.retries = retries;
	ev.delay_ms = delay_ms;
	send_event(r, &ev);
}

/* progress: STEP_START and STEP_DONE with the step's place in its run */
void mg_runner_step_event(mg_runner *r, enum migrator_event_kind kind,
			  const struct migrator_step *step, unsigned long ms,
			  size_t i, size_t n)
{
	struct migrator_event ev;

	fill(&ev, kind, step, ms, NULL);
	ev.step_number = i + 1;
	ev.step_count = n;
	send_event(r, &ev);
}
