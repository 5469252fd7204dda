/*
 * text_cache.h - the texts of migration files kept between runs, so that
 * a run reads one cache file and stats each migration instead of opening
 * and reading each (text_cache.c says why it cannot hide an edit).
 */
#ifndef MG_TEXT_CACHE_H
#define MG_TEXT_CACHE_H

#include <stddef.h>

#include "script.h"

struct mg_text_cache;

/* The cache of migrations directory dir, for a load of nfiles files that
 * began at started_ms (the wall clock in ms, before the directory was
 * read).  NULL: no cache (started_ms 0, no cache directory, no memory);
 * every function below accepts NULL and then does nothing. */
struct mg_text_cache *mg_text_cache_open(const char *dir,
					 long long started_ms, size_t nfiles);

/* The text kept for the file name (in the directory open as dirfd) if the
 * file is now, by fstatat, exactly as it was when that text was read:
 * the text (NUL-terminated) and its length in *len, the identity in *id.
 * NULL when there is none (then read the file). */
const char *mg_text_cache_get(const struct mg_text_cache *c, int dirfd,
			      const char *name, size_t *len,
			      struct mg_file_id *id);

/* File i of the load (name borrowed until close) was read with identity
 * id as text[0..len) (from_cache: text came from get).  Thread-safe for
 * distinct i. */
void mg_text_cache_put(struct mg_text_cache *c, size_t i, const char *name,
		       const struct mg_file_id *id, const char *text,
		       size_t len, int from_cache);

/* Writes the cache when a file was read from disk or one went away, then
 * frees c.  drop: frees c without writing (a load that failed). */
void mg_text_cache_close(struct mg_text_cache *c);
void mg_text_cache_drop(struct mg_text_cache *c);

#endif
