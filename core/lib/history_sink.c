/*
 * history_sink.c - the typed sink of driver->history_read (history_sink.h).
 */
#include "config.h"

#include "history_sink.h"
#include "migrator/diag.h"

int mg_history_row(struct migrator_history *h, const char *revision,
		   const char *checksum)
{
	if (!revision) /* a row without a revision: nothing to compare */
		return 0;
	if (migrator_strvec_push(&h->revs, revision) < 0)
		return MIGRATOR_ENOMEM;
	if (migrator_strvec_push(&h->sums, checksum ? checksum : "") < 0) {
		/* keep the two lists the same length */
		migrator_strvec_remove(&h->revs, h->revs.n - 1);
		return MIGRATOR_ENOMEM;
	}
	return 0;
}

void mg_history_clear(struct migrator_history *h)
{
	migrator_strvec_clear(&h->revs);
	migrator_strvec_clear(&h->sums);
}
