/*
 * history_sink.h - the typed sink of driver->history_read
 * (host->history_row): one row per revision, its last upgrade's checksum.
 */
#ifndef MG_HISTORY_SINK_H
#define MG_HISTORY_SINK_H

#include <migrator/driver.h>

#include "strvec.h"

/* revs.v[i] was last upgraded with checksum sums.v[i] ("" when the row
 * has none). */
struct migrator_history {
	mg_strvec revs, sums;
};

#define MG_HISTORY_INIT {MG_STRVEC_INIT, MG_STRVEC_INIT}

/* host->history_row: copies both; 0 or MIGRATOR_ENOMEM. */
int mg_history_row(struct migrator_history *h, const char *revision,
		   const char *checksum);
void mg_history_clear(struct migrator_history *h);

#endif
