/*
 * progress.c - how far a run of upgrade or downgrade has come, on a
 * terminal (issue 20):
 *
 *   [ 12/694] upgrade 5a.. -> 6b..  add index ... (about 9 s left)
 *   [ 12/694] upgrade 5a.. -> 6b..  add index  (14 ms)
 *   ...
 *   694 migrations in 14.2 s
 *
 * the step's number in the run before each line, an estimate of the time
 * left on the open line once a few migrations have run (their average
 * time, times the steps left), and a summary line when the run is done.
 * Into a pipe or a file none of this is printed (cmd_upgrade.c asks only
 * on a terminal), so logs keep their one line per migration; the count
 * and the total time also go to --format json.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"

/* An estimate needs this many migrations done. */
#define ETA_AFTER 3

static unsigned long now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (unsigned long)ts.tv_sec * 1000ul +
	       (unsigned long)(ts.tv_nsec / 1000000);
}

void cli_progress_started(struct cli_progress *p)
{
	if (!p->done && !p->started_ms)
		p->started_ms = now_ms();
}

void cli_progress_ran(struct cli_progress *p, unsigned long ms)
{
	free(p->open_text); /* its step is done */
	p->open_text = NULL;
	p->done++;
	p->ran_ms += ms;
	p->total_ms = now_ms() - p->started_ms;
}

void cli_progress_counter(FILE *f, size_t number, size_t count)
{
	int width = 1;

	if (!count)
		return;
	for (size_t n = count; n >= 10; n /= 10)
		width++;
	fprintf(f, "[%*zu/%zu] ", width, number, count);
}

/* "12 s", "3 min 5 s", "<1 s" */
static void put_duration(FILE *f, unsigned long ms)
{
	unsigned long s = (ms + 500) / 1000;

	if (s == 0)
		fputs("<1 s", f);
	else if (s < 60)
		fprintf(f, "%lu s", s);
	else if (s < 3600)
		fprintf(f, "%lu min %lu s", s / 60, s % 60);
	else
		fprintf(f, "%lu h %lu min", s / 3600, s % 3600 / 60);
}

void cli_progress_eta(FILE *f, struct cli_progress *p,
		      const struct migrator_event *ev)
{
	size_t left;

	free(p->open_text);
	/* out of memory: a failure leaves the line as it is */
	p->open_text = strdup(ev->text);
	p->open_number = ev->step_number;
	p->open_count = ev->step_count;
	p->open_down = migrator_step_direction(ev->step) == MIGRATOR_DOWNGRADE;
	p->open_eta = 0;
	if (p->done < ETA_AFTER || !ev->step_count ||
	    ev->step_number > ev->step_count)
		return;
	left = ev->step_count - ev->step_number + 1; /* this one too */
	fputs(" (about ", f);
	put_duration(f, p->ran_ms / p->done * left);
	fputs(" left)", f);
	p->open_eta = 1;
}

void cli_progress_free(struct cli_progress *p)
{
	free(p->open_text);
	p->open_text = NULL;
}

void cli_progress_summary(FILE *f, const struct cli_progress *p)
{
	fprintf(f, "%zu migration%s in %lu.%lu s\n", p->done,
		p->done == 1 ? "" : "s", p->total_ms / 1000,
		p->total_ms % 1000 / 100);
	fflush(f);
}
