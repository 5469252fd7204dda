/*
 * sum_cache.c - applied files' checksums kept between runs (issue 19).
 *
 * The edited-file check (runner_history.c) hashes the upgrade section of
 * every applied revision on every upgrade: most of a no-op run's
 * instructions.  This cache maps a file's identity, as fstat saw it just
 * before the file was read (device, inode, size, mtime and ctime in ns),
 * to the checksum of the section that was read then.  A file whose
 * identity is the same as when its checksum was taken is not hashed again.
 *
 * Why it cannot hide an edit (README, "The checksum cache"):
 * - any write to a file, and any utimensat (touch -d), sets its ctime to
 *   the current time, which no unprivileged call can set back; a file
 *   replaced (rename, a new copy) has another inode;
 * - the identity is taken before the text is read, so the checksum is
 *   never of text older than its key;
 * - a file is written into the cache only if its ctime and mtime are at
 *   least RACY_MS older than the moment this run began reading the files
 *   ("racily clean" entries, as git calls them, are hashed every time):
 *   an edit made after the read gets a later ctime even where timestamps
 *   are coarse (a kernel tick; a second on some file systems);
 * - a cache that cannot be read or parsed is not used, one that cannot be
 *   written is not written; it lives under $XDG_CACHE_HOME (or
 *   ~/.cache)/migrator, written to a temporary file and renamed, so a
 *   read-only migrations directory and concurrent runners are safe.
 *
 * File: a first line "migrator-sums 1", then one line per file:
 *   dev ino size mtime_s mtime_ns ctime_s ctime_ns sha256 name
 * name: the file's name in the directory (no '/', no newline).  One
 * cache file per migrations directory (its real path) and dialect.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sha256.h"
#include "sum_cache.h"

#define HEADER "migrator-sums 1"
#define RACY_MS 2000LL

struct sum_entry { /* id.has: 1 */
	char *name;
	struct mg_file_id id;
	char sum[65];
};

static long long ms_of(long long s, long ns)
{
	return s * 1000LL + ns / 1000000L;
}

long long mg_sum_cache_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return ms_of((long long)ts.tv_sec, ts.tv_nsec);
}

void mg_sum_cache_start(struct mg_sum_cache *c, long long started_ms)
{
	memset(c, 0, sizeof(*c));
	c->started_ms = started_ms;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct sum_entry *)a)->name,
		      ((const struct sum_entry *)b)->name);
}

static void entries_free(struct sum_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* $XDG_CACHE_HOME/migrator or ~/.cache/migrator; NULL without either. */
static char *cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (x && x[0] == '/')
		return mg_strdup_printf("%s/migrator", x);
	if (home && home[0] == '/')
		return mg_strdup_printf("%s/.cache/migrator", home);
	return NULL;
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

/* One line into e; 0 or -1 if it is not one. */
static int parse_line(struct sum_entry *e, char *line)
{
	unsigned long long f[7];
	char *p = line;

	memset(e, 0, sizeof(*e));
	for (int i = 0; i < 7 && p; i++)
		p = number(p, &f[i]);
	if (!p || strspn(p, "0123456789abcdef") != 64 || p[64] != ' ' ||
	    !p[65] || strchr(p + 65, '/') || f[4] > 999999999ull ||
	    f[6] > 999999999ull || f[3] > LLONG_MAX || f[5] > LLONG_MAX)
		return -1;
	e->id = (struct mg_file_id){1, f[0], f[1], f[2], (long long)f[3],
				    (long long)f[5], (long)f[4], (long)f[6]};
	memcpy(e->sum, p, 64);
	e->sum[64] = '\0';
	e->name = strdup(p + 65);
	return e->name ? 0 : -1;
}

/* Reads the cache file; any fault leaves the cache empty. */
static void load(struct mg_sum_cache *c)
{
	FILE *f = fopen(c->path, "re");
	struct sum_entry *v = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	int ok;

	if (!f)
		return;
	len = getline(&line, &lcap, f);
	ok = len > 0 && strcmp(line, HEADER "\n") == 0;
	while (ok && (len = getline(&line, &lcap, f)) > 0) {
		if (line[len - 1] != '\n') {
			ok = 0; /* cut short */
			break;
		}
		line[len - 1] = '\0';
		if (n == cap) {
			struct sum_entry *w;

			cap = cap ? 2 * cap : 64;
			w = realloc(v, cap * sizeof(*v));
			if (!w) {
				ok = 0;
				break;
			}
			v = w;
		}
		if (parse_line(&v[n], line) < 0) {
			ok = 0;
			break;
		}
		n++;
	}
	if (ok && ferror(f))
		ok = 0;
	free(line);
	fclose(f);
	if (!ok) {
		entries_free(v, n);
		return;
	}
	qsort(v, n, sizeof(*v), by_name);
	c->v = v;
	c->n = n;
}

void mg_sum_cache_open(struct mg_sum_cache *c, const char *dir,
		       const char *const *dialects)
{
	struct mg_sha256 h;
	unsigned char bin[32];
	char key[65];
	char *real = realpath(dir, NULL);
	char *cdir = cache_dir();

	if (!real || !cdir || !c->started_ms) {
		free(real);
		free(cdir);
		return; /* no cache */
	}
	/* the directory and the dialect: the checksum is of the section
	 * the dialect picks */
	mg_sha256_init(&h);
	mg_sha256_update(&h, real, strlen(real) + 1);
	for (size_t i = 0; dialects && dialects[i]; i++)
		mg_sha256_update(&h, dialects[i], strlen(dialects[i]) + 1);
	mg_sha256_final(&h, bin);
	for (int i = 0; i < 16; i++)
		snprintf(key + 2 * i, 3, "%02x", bin[i]);
	free(real);
	c->dir = cdir;
	c->path = mg_strdup_printf("%s/sums-%s", cdir, key);
	if (!c->path)
		return;
	c->on = 1;
	load(c);
}

static int same_id(const struct mg_file_id *a, const struct mg_file_id *b)
{
	return a->has && b->has && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime_s == b->mtime_s &&
	       a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
	       a->ctime_ns == b->ctime_ns;
}

const char *mg_sum_cache_get(const struct mg_sum_cache *c,
			     const struct mg_script *s, struct mg_file_id *id)
{
	struct sum_entry key, *hit;

	memset(id, 0, sizeof(*id));
	if (!c->on)
		return NULL;
	*id = s->file_id;
	if (!c->n || !id->has)
		return NULL;
	key.name = (char *)base_name(s->path);
	hit = bsearch(&key, c->v, c->n, sizeof(*c->v), by_name);
	return hit && same_id(&hit->id, id) ? hit->sum : NULL;
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

/* Not racily clean: changed last well before this run began reading. */
static int settled(const struct mg_sum_cache *c, const struct mg_file_id *id)
{
	long long before = c->started_ms - racy_ms();

	return ms_of(id->mtime_s, id->mtime_ns) < before &&
	       ms_of(id->ctime_s, id->ctime_ns) < before;
}

void mg_sum_cache_put(struct mg_sum_cache *c, const struct mg_script *s,
		      const struct mg_file_id *id, const char *sum,
		      int from_cache)
{
	const char *name = base_name(s->path);

	struct mg_sum_kept *k;

	if (!c->on)
		return;
	if (!from_cache)
		c->dirty = 1;
	if (!id->has || !settled(c, id) || strchr(name, '\n'))
		return;
	if (c->nout == c->capout) {
		size_t cap = c->capout ? 2 * c->capout : 64;

		k = realloc(c->kept, cap * sizeof(*k));
		if (!k) {
			c->on = 0; /* no memory: no cache */
			return;
		}
		c->kept = k;
		c->capout = cap;
	}
	k = &c->kept[c->nout++];
	k->name = name;
	k->id = *id;
	memcpy(k->sum, sum, sizeof(k->sum));
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

/* Writes the entries put, when something was hashed: to a temporary file
 * in the cache's directory, renamed over the cache.  Best effort. */
static void save(struct mg_sum_cache *c)
{
	char *tmp;
	int fd;
	size_t off = 0;
	const char *text;

	if (!c->on || !c->dirty || !c->nout)
		return;
	if (make_dirs(c->dir) < 0)
		return;
	tmp = mg_strdup_printf("%s.XXXXXX", c->path);
	if (!tmp)
		return;
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return;
	}
	if (mg_buf_puts(&c->head, HEADER "\n") < 0)
		c->head.len = 0;
	for (size_t i = 0; c->head.len && i < c->nout; i++) {
		const struct mg_sum_kept *k = &c->kept[i];

		if (mg_buf_printf(&c->head,
				  "%llu %llu %llu %lld %ld %lld %ld %s %s\n",
				  k->id.dev, k->id.ino, k->id.size,
				  k->id.mtime_s, k->id.mtime_ns, k->id.ctime_s,
				  k->id.ctime_ns, k->sum, k->name) < 0)
			c->head.len = 0;
	}
	if (c->head.len) {
		text = mg_buf_cstr(&c->head);
		while (off < c->head.len) {
			ssize_t w = write(fd, text + off, c->head.len - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
	}
	if (close(fd) == 0 && off == c->head.len && c->head.len > 0 &&
	    rename(tmp, c->path) == 0) {
		free(tmp);
		return;
	}
	unlink(tmp);
	free(tmp);
}

void mg_sum_cache_finish(struct mg_sum_cache *c)
{
	save(c);
	mg_sum_cache_drop(c);
}

void mg_sum_cache_drop(struct mg_sum_cache *c)
{
	entries_free(c->v, c->n);
	free(c->kept);
	mg_buf_free(&c->head);
	free(c->path);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}
