/*
 * cache_file.h - what the caches kept between runs share (the checksum
 * cache, sum_cache.c; the text cache, text_cache.c): where they live, the
 * key of a file's identity, git's rule for racily clean files, and the
 * atomic, best-effort write.  sum_cache.c says why a cache keyed so
 * cannot hide an edit.
 */
#ifndef MG_CACHE_FILE_H
#define MG_CACHE_FILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "script.h"

/* $XDG_CACHE_HOME/migrator (or ~/.cache/migrator) and, in *path, the
 * cache file KIND-KEY there, KEY naming the migrations directory by its
 * real path and the strings of extra (NULL-terminated; may be NULL).
 * NULL (and *path NULL) when there is no such place or dir is not there. */
char *mg_cache_dir(const char *dir, const char *kind,
		   const char *const *extra, char **path);

/* The identity of the file st describes. */
void mg_file_id_of(struct mg_file_id *id, const struct stat *st);

/* Two identities of one unchanged file. */
int mg_file_id_same(const struct mg_file_id *a, const struct mg_file_id *b);

/* The limit of git's rule for racily clean files, for a run that began
 * reading the migrations at started_ms: the margin (2 s, or
 * MIGRATOR_SUM_CACHE_RACY_MS) earlier; 0 when started_ms is 0.  settled:
 * the file's mtime and ctime are both older than that limit (before).
 * Only such files go into a cache. */
long long mg_cache_before(long long started_ms);
/* fd is a cache this user may trust (fstat into *st): a regular file of
 * the effective user that no one else may write.  A cache decides what
 * text a run executes, so one planted by another user in a shared cache
 * directory must not be read. */
int mg_cache_trusted(int fd, struct stat *st);
int mg_cache_settled(long long before, const struct mg_file_id *id);

/* "dev ino size mtime_s mtime_ns ctime_s ctime_ns " at *p: parsed into
 * id, *p moved past it; -1 if that is not what is there. */
int mg_cache_id_parse(char **p, struct mg_file_id *id);
/* The same text, appended to b; -1 without memory. */
int mg_cache_id_print(struct mg_buf *b, const struct mg_file_id *id);

/* text[0..len) into the cache file path (in cdir, made 0700 if missing),
 * through a temporary file renamed over it: readers see a whole cache.
 * Best effort: a cache that cannot be written is not. */
void mg_cache_save(char *cdir, const char *path, const char *text,
		   size_t len);

/* The wall clock (CLOCK_REALTIME) in ms, 0 if it cannot be read. */
long long mg_cache_now(void);

#endif
