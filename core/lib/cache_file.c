/*
 * cache_file.c - what the caches kept between runs share (cache_file.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache_file.h"
#include "file_io.h"
#include "sha256.h"

#define RACY_MS 2000LL

static long long ms_of(long long s, long ns)
{
	return s * 1000LL + ns / 1000000L;
}

long long mg_cache_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return ms_of((long long)ts.tv_sec, ts.tv_nsec);
}

/* $XDG_CACHE_HOME/migrator or ~/.cache/migrator; NULL without either. */
static char *cache_home(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (x && x[0] == '/')
		return mg_strdup_printf("%s/migrator", x);
	if (home && home[0] == '/')
		return mg_strdup_printf("%s/.cache/migrator", home);
	return NULL;
}

char *mg_cache_dir(const char *dir, const char *kind,
		   const char *const *extra, char **path)
{
	struct mg_sha256 h;
	unsigned char bin[32];
	char key[65];
	char *real = realpath(dir, NULL);
	char *cdir = cache_home();

	*path = NULL;
	if (!real || !cdir) {
		free(real);
		free(cdir);
		return NULL;
	}
	mg_sha256_init(&h);
	mg_sha256_update(&h, real, strlen(real) + 1);
	for (size_t i = 0; extra && extra[i]; i++)
		mg_sha256_update(&h, extra[i], strlen(extra[i]) + 1);
	mg_sha256_final(&h, bin);
	for (int i = 0; i < 16; i++)
		snprintf(key + 2 * i, 3, "%02x", bin[i]);
	free(real);
	*path = mg_strdup_printf("%s/%s-%s", cdir, kind, key);
	if (!*path) {
		free(cdir);
		return NULL;
	}
	return cdir;
}

void mg_file_id_of(struct mg_file_id *id, const struct stat *st)
{
	*id = (struct mg_file_id){
		.has = 1,
		.dev = (unsigned long long)st->st_dev,
		.ino = (unsigned long long)st->st_ino,
		.size = (unsigned long long)st->st_size,
		.mtime_s = (long long)st->st_mtim.tv_sec,
		.mtime_ns = st->st_mtim.tv_nsec,
		.ctime_s = (long long)st->st_ctim.tv_sec,
		.ctime_ns = st->st_ctim.tv_nsec,
	};
}

int mg_file_id_same(const struct mg_file_id *a, const struct mg_file_id *b)
{
	return a->has && b->has && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime_s == b->mtime_s &&
	       a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
	       a->ctime_ns == b->ctime_ns;
}

/* The margin: RACY_MS, or MIGRATOR_SUM_CACHE_RACY_MS (the tests' knob:
 * files they make are never seconds old). */
static long long racy_ms(void)
{
	const char *e = getenv("MIGRATOR_SUM_CACHE_RACY_MS");
	char *end;
	long long v;

	if (!e || !*e)
		return RACY_MS;
	v = strtoll(e, &end, 10);
	return *end || v < 0 ? RACY_MS : v;
}

long long mg_cache_before(long long started_ms)
{
	return started_ms > 0 ? started_ms - racy_ms() : 0;
}

int mg_cache_settled(long long before, const struct mg_file_id *id)
{
	/* times before 1970 are not kept: the cache's numbers are unsigned */
	return before > 0 && id->has && id->mtime_s >= 0 && id->ctime_s >= 0 &&
	       ms_of(id->mtime_s, id->mtime_ns) < before &&
	       ms_of(id->ctime_s, id->ctime_ns) < before;
}

int mg_cache_trusted(int fd, struct stat *st)
{
	return fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
	       st->st_uid == geteuid() && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* A decimal number and the space after it; NULL if there is none. */
static char *number(char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	char *p = s;

	while (*p >= '0' && *p <= '9' && p - s < 20)
		v = v * 10 + (unsigned long long)(*p++ - '0');
	if (p == s || *p != ' ')
		return NULL;
	*out = v;
	return p + 1;
}

int mg_cache_id_parse(char **p, struct mg_file_id *id)
{
	unsigned long long f[7];
	char *s = *p;

	for (int i = 0; i < 7 && s; i++)
		s = number(s, &f[i]);
	if (!s || f[4] > 999999999ull || f[6] > 999999999ull ||
	    f[3] > LLONG_MAX || f[5] > LLONG_MAX)
		return -1;
	*id = (struct mg_file_id){1, f[0], f[1], f[2], (long long)f[3],
				  (long long)f[5], (long)f[4], (long)f[6]};
	*p = s;
	return 0;
}

int mg_cache_id_print(struct mg_buf *b, const struct mg_file_id *id)
{
	return mg_buf_printf(b, "%llu %llu %llu %lld %ld %lld %ld ", id->dev,
			     id->ino, id->size, id->mtime_s, id->mtime_ns,
			     id->ctime_s, id->ctime_ns) < 0
		       ? -1
		       : 0;
}

/* mkdir -p, mode 0700 (the XDG base directory rule); 0 if dir is there. */
static int make_dirs(char *dir)
{
	for (char *s = dir + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return mkdir(dir, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

void mg_cache_save(char *cdir, const char *path, const char *text,
		   size_t len)
{
	char *tmp;
	int fd, ok;

	if (!len || make_dirs(cdir) < 0)
		return;
	tmp = mg_strdup_printf("%s.XXXXXX", path);
	if (!tmp)
		return;
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return;
	}
	/* on disk before the rename: a crash must not leave a torn cache
	 * under the cache's name (it is written only when it changed) */
	ok = mg_write_all(fd, text, len) == 0 && fsync(fd) == 0;
	if (close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
	free(tmp);
}
