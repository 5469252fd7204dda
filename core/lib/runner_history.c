/*
 * runner_history.c - the run history table and the edited-file check.
 *
 * Each revision that runs gets one history row, written by the driver in
 * the migration's own transaction (for a "transactional false" revision,
 * in the stamp's transaction), so history and stamp never disagree.  The
 * checksum is the SHA-256 of the section's SQL text exactly as it ran for
 * this backend's dialect.  Drivers older than ABI 1.1 keep no history.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "graph_build.h"
#include "history_sink.h"
#include "runner_int.h"
#include "sha256.h"
#include "sum_cache.h"

const char *mg_runner_history_table(const mg_runner *r)
{
	return r->history_table;
}

static int has_history(const mg_runner *r)
{
	return MG_DRV_HAS(r->drv, history_ensure) &&
	       MG_DRV_HAS(r->drv, history_write) &&
	       MG_DRV_HAS(r->drv, history_read);
}

int mg_history_ensure(mg_runner *r, mg_diag *d)
{
	if (!has_history(r))
		return 0;
	return r->drv->history_ensure(r->conn, r->history_table, d);
}

void mg_history_now(char out[32])
{
	struct timespec ts;
	struct tm tm;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 ||
	    !gmtime_r(&ts.tv_sec, &tm)) {
		snprintf(out, 32, "1970-01-01T00:00:00.000Z");
		return;
	}
	if (strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm) != 19) {
		snprintf(out, 32, "1970-01-01T00:00:00.000Z");
		return;
	}
	snprintf(out + 19, 32 - 19, ".%03dZ",
		 (int)(ts.tv_nsec / 1000000) % 1000);
}

static void checksum(char out[65], const struct migrator_section *sec)
{
	mg_sha256_hex(out, sec ? sec->sql : "", sec ? sec->len : 0);
}

int mg_history_write(mg_runner *r, const struct migrator_step *st,
		     const struct migrator_section *sec,
		     const char *started_at, long long ms, mg_diag *d)
{
	char sum[65];

	if (!has_history(r))
		return 0;
	checksum(sum, sec);
	return r->drv->history_write(
		r->conn, r->history_table, st->rev->id,
		st->direction == MIGRATOR_UPGRADE ? "upgrade" : "downgrade",
		sum, started_at, ms, d);
}

/* A revision's last recorded upgrade checksum, from history_read. */
struct recorded {
	const char *rev;
	const char *sum;
};

/* By revision in byte order (the database's ORDER BY follows its
 * collation, so the core sorts for itself). */
static int by_revision(const void *a, const void *b)
{
	return strcmp(((const struct recorded *)a)->rev,
		      ((const struct recorded *)b)->rev);
}

static const char *recorded_sum(const struct recorded *v, size_t n,
				const char *id)
{
	struct recorded key = { id, NULL };
	const struct recorded *hit =
		n ? bsearch(&key, v, n, sizeof(*v), by_revision) : NULL;

	return hit ? hit->sum : NULL;
}

int mg_history_edited(mg_strvec *out, mg_runner *r,
		      const mg_revset *cur, mg_diag *d)
{
	struct migrator_history rows = MG_HISTORY_INIT;
	const struct migrator_revision **stack = NULL;
	unsigned char *applied = NULL;
	size_t nrev = 0;
	struct recorded *sums = NULL;
	struct mg_sum_cache cache;
	size_t n = 0;
	int rc;

	if (!has_history(r))
		return 0;
	mg_sum_cache_start(&cache, r->graph_read_ms);
	rc = r->drv->history_read(r->conn, r->history_table, &rows, d);
	/* sorted, so that a long history is not scanned once per applied
	 * revision */
	if (!rc && rows.revs.n) {
		n = rows.revs.n;
		sums = malloc(n * sizeof(*sums));
		if (!sums)
			rc = mg_diag_set(d, MIGRATOR_ENOMEM,
					       "out of memory");
		for (size_t k = 0; sums && k < n; k++) {
			sums[k].rev = rows.revs.v[k];
			sums[k].sum = rows.sums.v[k];
		}
		if (sums)
			qsort(sums, n, sizeof(*sums), by_revision);
	}
	/* every applied revision (the stamp and all below it), oldest first
	 * (the graph's order): the set an upgrade from base to the stamp
	 * would run, without planning its steps */
	if (!rc && n && (nrev = mg_graph_size(r->graph)) > 0) {
		applied = calloc(nrev, 1);
		stack = calloc(nrev, sizeof(*stack));
		if (!applied || !stack)
			rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		else
			mg_graph_mark(applied, stack, cur->v, cur->n,
				      MG_BELOW);
	}
	/* the checksums of files unchanged since an earlier run */
	if (!rc && applied)
		mg_sum_cache_open(&cache, mg_graph_dir(r->graph),
				  (const char *const *)r->dialects);
	for (size_t i = 0; !rc && applied && i < nrev; i++) {
		const struct migrator_revision *rev = mg_graph_at(r->graph, i);
		const char *was = applied[i] ? recorded_sum(sums, n, rev->id)
					     : NULL;
		const char *kept;
		struct mg_file_id id;
		char sum[65];

		if (!was)
			continue;
		kept = mg_sum_cache_get(&cache, rev->script, &id);
		if (kept)
			memcpy(sum, kept, sizeof(sum));
		else
			checksum(sum, mg_script_section_of(rev->script,
							   MIGRATOR_UPGRADE,
							   r->dialects, NULL));
		mg_sum_cache_put(&cache, rev->script, &id, sum, kept != NULL);
		if (strcmp(sum, was) != 0 &&
		    mg_strvec_push(out, rev->id) < 0)
			rc = mg_diag_set(d, MIGRATOR_ENOMEM,
					       "out of memory");
	}
	if (rc == 0)
		mg_sum_cache_finish(&cache);
	else
		mg_sum_cache_drop(&cache);
	free(sums);
	free(applied);
	free(stack);
	mg_history_clear(&rows);
	return rc;
}

char *mg_runner_edited_warning(mg_runner *r, const char *id)
{
	const struct migrator_revision *rev =
		r->graph ? mg_graph_get(r->graph, id) : NULL;

	return mg_strdup_printf("%s was edited after revision %s was applied "
				"(its checksum differs from the run history)",
				rev ? rev->script->path : id, id);
}

int mg_runner_edited_error(size_t n, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_EDRIFT,
			  "%zu applied migration file%s edited (--strict)", n,
			  n == 1 ? " was" : "s were");
	mg_diag_hint(d, "Restore the file%s as %s ran, or put the change "
			      "in a new revision.",
			   n == 1 ? "" : "s", n == 1 ? "it" : "they");
	return MIGRATOR_EDRIFT;
}

int mg_history_warn_edited(mg_strvec *out, mg_runner *r,
			   const mg_revset *cur, mg_diag *d)
{
	mg_strvec own = MG_STRVEC_INIT;
	mg_strvec *ed = out ? out : &own;
	size_t before = ed->n;
	int rc = mg_history_edited(ed, r, cur, d);

	for (size_t i = before; !rc && i < ed->n; i++) {
		char *text = mg_runner_edited_warning(r, ed->v[i]);

		if (!text) {
			rc = mg_diag_set(d, MIGRATOR_ENOMEM,
					       "out of memory");
			break;
		}
		mg_runner_event(r, MIGRATOR_EVENT_WARNING, NULL, 0, text, NULL);
		free(text);
	}
	if (!rc && ed->n > before && r->strict)
		rc = mg_runner_edited_error(ed->n - before, d);
	mg_strvec_clear(&own);
	return rc;
}

/* The stamp, then what was edited; warn: as mg_history_warn_edited(). */
static int edited(mg_strvec *out, mg_runner *r, int warn, mg_diag *d)
{
	mg_revset cur = MG_REVSET_INIT;
	int rc = mg_runner_current(&cur, r, d);

	if (!rc)
		rc = warn ? mg_history_warn_edited(out, r, &cur, d)
			  : mg_history_edited(out, r, &cur, d);
	mg_revset_clear(&cur);
	return rc;
}

int mg_runner_edited(mg_strvec *out, mg_runner *r, mg_diag *d)
{
	return edited(out, r, 0, d);
}

int mg_runner_warn_edited(mg_strvec *out, mg_runner *r, mg_diag *d)
{
	return edited(out, r, 1, d);
}
