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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache_file.h"
#include "sum_cache.h"

#define HEADER "migrator-sums 1"

struct sum_entry { /* id.has: 1 */
	char *name;
	struct mg_file_id id;
	char sum[65];
};

long long mg_sum_cache_now(void)
{
	return mg_cache_now();
}

void mg_sum_cache_start(struct mg_sum_cache *c, long long started_ms)
{
	memset(c, 0, sizeof(*c));
	c->started_ms = started_ms;
	c->before = mg_cache_before(started_ms);
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

/* One line into e; 0 or -1 if it is not one. */
static int parse_line(struct sum_entry *e, char *line)
{
	char *p = line;

	memset(e, 0, sizeof(*e));
	if (mg_cache_id_parse(&p, &e->id) < 0 ||
	    strspn(p, "0123456789abcdef") != 64 || p[64] != ' ' || !p[65] ||
	    strchr(p + 65, '/'))
		return -1;
	memcpy(e->sum, p, 64);
	e->sum[64] = '\0';
	e->name = strdup(p + 65);
	return e->name ? 0 : -1;
}

/* Reads the cache file; any fault leaves the cache empty. */
static void load(struct mg_sum_cache *c)
{
	FILE *f = fopen(c->path, "re");
	struct stat st;
	struct sum_entry *v = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	int ok;

	if (!f)
		return;
	if (!mg_cache_trusted(fileno(f), &st)) {
		fclose(f);
		return;
	}
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
	if (!c->started_ms)
		return; /* no cache */
	/* the directory and the dialect: the checksum is of the section
	 * the dialect picks */
	c->dir = mg_cache_dir(dir, "sums", dialects, &c->path);
	if (!c->dir)
		return;
	c->on = 1;
	load(c);
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
	return hit && mg_file_id_same(&hit->id, id) ? hit->sum : NULL;
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
	if (!mg_cache_settled(c->before, id) || strchr(name, '\n'))
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

/* Writes the entries put, when something was hashed.  Best effort. */
static void save(struct mg_sum_cache *c)
{
	if (!c->on || !c->dirty || !c->nout)
		return;
	if (mg_buf_puts(&c->head, HEADER "\n") < 0)
		return;
	for (size_t i = 0; i < c->nout; i++) {
		const struct mg_sum_kept *k = &c->kept[i];

		if (mg_cache_id_print(&c->head, &k->id) < 0 ||
		    mg_buf_printf(&c->head, "%s %s\n", k->sum, k->name) < 0)
			return;
	}
	mg_cache_save(c->dir, c->path, mg_buf_cstr(&c->head), c->head.len);
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
