/*
 * sum_cache.h - applied files' checksums kept between runs (sum_cache.c
 * says why it cannot hide an edit).
 */
#ifndef MG_SUM_CACHE_H
#define MG_SUM_CACHE_H

#include <stddef.h>

#include "buf.h"
#include "script.h"

struct sum_entry;

struct mg_sum_cache {
	int on;                /* a cache file name was found */
	int dirty;             /* something was hashed: write the cache */
	long long started_ms;  /* when the files began to be read */
	long long before;      /* mg_cache_before(started_ms) */
	char *dir, *path;
	struct sum_entry *v;   /* read from the file, by name */
	size_t n;
	struct mg_sum_kept {   /* the entries to write */
		const char *name; /* borrowed from the script */
		struct mg_file_id id;
		char sum[65];
	} *kept;
	size_t nout, capout;
	struct mg_buf head;    /* the file's text */
};

/* started_ms: the wall clock (CLOCK_REALTIME, ms) taken before the files
 * were read; 0 leaves the cache off.  open: the cache of
 * migrations directory dir for dialects; never fails (no cache then). */
void mg_sum_cache_start(struct mg_sum_cache *c, long long started_ms);
void mg_sum_cache_open(struct mg_sum_cache *c, const char *dir,
		       const char *const *dialects);
/* The checksum kept for s if its file was, when s was read, as it was
 * then, else NULL; *id: the identity s was read with (s->file_id), for
 * put. */
const char *mg_sum_cache_get(const struct mg_sum_cache *c,
			     const struct mg_script *s, struct mg_file_id *id);
/* sum is the checksum of s as read (from_cache: it came from get). */
void mg_sum_cache_put(struct mg_sum_cache *c, const struct mg_script *s,
		      const struct mg_file_id *id, const char *sum,
		      int from_cache);
/* Writes the cache if something was hashed; frees c.  drop: frees c
 * without writing. */
void mg_sum_cache_finish(struct mg_sum_cache *c);
void mg_sum_cache_drop(struct mg_sum_cache *c);

/* The wall clock in ms, for started_ms (0 if it cannot be read). */
long long mg_sum_cache_now(void);

#endif
