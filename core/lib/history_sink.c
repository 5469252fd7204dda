/*
 * history_sink.c - the typed sink of driver->history_read (history_sink.h).
 */
#include "config.h"

#include "history_sink.h"
#include "diag.h"

int mg_history_row(struct migrator_history *h, const char *revision,
		   const char *checksum)
{
	if (!revision) /* a row without a revision: nothing to compare */
		return 0;
	if (mg_strvec_push(&h->revs, revision) < 0)
		return MIGRATOR_ENOMEM;
	if (mg_strvec_push(&h->sums, checksum ? checksum : "") < 0) {
		/* keep the two lists the same length */
		mg_strvec_remove(&h->revs, h->revs.n - 1);
		return MIGRATOR_ENOMEM;
	}
	return 0;
}

void mg_history_clear(struct migrator_history *h)
{
	mg_strvec_clear(&h->revs);
	mg_strvec_clear(&h->sums);
}
