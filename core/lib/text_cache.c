/*
 * text_cache.c - the texts of migration files kept between runs (issue 19).
 *
 * After the checksum cache (sum_cache.c), a no-op upgrade at 1000
 * revisions spent most of its system time opening, fstat'ing, reading and
 * closing each file: four system calls per file.  This cache keeps, per
 * migrations directory, each file's whole text with the identity fstat gave
 * on the descriptor it was read from, before the read (device, inode, size,
 * mtime and ctime in ns).  A run stats each file by name (one call): when
 * the identity is exactly the one kept, it parses the kept text, which is
 * the text the file holds; otherwise it reads the file.  The parse is the
 * same either way, so a file's errors are the same too.
 *
 * Why it cannot hide an edit: the same argument as the checksum cache's
 * (sum_cache.c, README "The checksum cache"), with the text in place of
 * its checksum:
 * - any write to a file, and any utimensat, sets its ctime to the current
 *   time, which no unprivileged call can set back; a file replaced
 *   (rename, a new copy, a symlink pointed elsewhere) has another inode;
 * - the identity kept is taken before the text is read, on the same
 *   descriptor, so the text is never older than its key, and a text whose
 *   length is not the identity's size (a write during the read) is not
 *   kept;
 * - a file goes into the cache only if its ctime and mtime are at least
 *   2 s older than the moment the run began reading the files (racily
 *   clean files are read every time): an edit made after the read gets a
 *   later ctime even where timestamps are coarse;
 * - a kept text is used only when this run's stat of the file gives
 *   exactly the kept identity;
 * - a cache that cannot be read, is cut short or holds anything unexpected
 *   is ignored (and rewritten); one that cannot be written is not; it lives
 *   beside the checksum cache under $XDG_CACHE_HOME/migrator, written to a
 *   temporary file and renamed, so a read-only migrations directory and
 *   concurrent runners are safe; a run maps it read-only, and a rename
 *   leaves the mapped file as it was.
 *
 * File: a first line "migrator-texts 1", then per file, in name order:
 *   dev ino size mtime_s mtime_ns ctime_s ctime_ns name\n
 * followed by the file's size bytes of text and a NUL byte.
 */
#include "config.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache_file.h"
#include "text_cache.h"

#define HEADER "migrator-texts 1\n"
/* Texts above this in all are not kept: the cache is mapped whole, and a
 * run that reads the files keeps copies until it writes it (a directory
 * of 100,000 files would cost its size in memory on every run). */
#define TEXT_CACHE_MAX (8ull * 1024 * 1024)

struct text_entry {
	const char *name, *text; /* into the cache's mapping */
	size_t nlen;             /* name is not NUL-terminated */
	struct mg_file_id id;
};

struct text_slot { /* one per file of the load */
	const char *name, *text;
	char *own; /* text copied from a reader's buffer */
	struct mg_file_id id;
	int kept, from_cache;
};

struct mg_text_cache {
	long long before; /* mg_cache_before() of the load */
	char *dir, *path;
	char *map; /* the cache file, mapped read-only (NULL: none) */
	size_t maplen;
	struct text_entry *v;
	size_t n, cap;
	struct text_slot *slot;
	size_t nslot;
	atomic_ullong total; /* bytes of the texts put */
};

/* (name, nlen) against the NUL-terminated key: strcmp's order. */
static int name_cmp(const char *key, const char *name, size_t nlen)
{
	int r = strncmp(key, name, nlen);

	return r ? r : (unsigned char)key[nlen];
}

/* Indexes c->map; -1 (and an empty index) if it is not a whole cache.
 * A whole one ends with a text's NUL byte, which stops every scan below
 * within the mapping. */
static int parse(struct mg_text_cache *c)
{
	char *p = c->map, *end = c->map + c->maplen;

	if (c->maplen < sizeof(HEADER) || end[-1] != '\0' ||
	    memcmp(p, HEADER, sizeof(HEADER) - 1) != 0)
		return -1;
	p += sizeof(HEADER) - 1;
	while (p < end) {
		struct text_entry e;
		char *nl;

		if (mg_cache_id_parse(&p, &e.id) < 0 ||
		    !(nl = memchr(p, '\n', (size_t)(end - p))) || nl == p ||
		    memchr(p, '/', (size_t)(nl - p)) ||
		    memchr(p, '\0', (size_t)(nl - p)) ||
		    e.id.size >= (unsigned long long)(end - nl - 1) ||
		    nl[1 + e.id.size] != '\0')
			return -1;
		e.name = p;
		e.nlen = (size_t)(nl - p);
		e.text = nl + 1;
		/* strictly in name order: looked up by bsearch */
		if (c->n) {
			const struct text_entry *last = &c->v[c->n - 1];
			size_t k = last->nlen < e.nlen ? last->nlen : e.nlen;
			int r = memcmp(last->name, e.name, k);

			if (r > 0 || (r == 0 && last->nlen >= e.nlen))
				return -1;
		}
		if (mg_array_grow(&c->v, &c->cap, c->n + 1, sizeof(*c->v),
				  64) < 0)
			return -1;
		c->v[c->n++] = e;
		p = nl + 1 + e.id.size + 1;
	}
	return 0;
}

/* Maps the cache file read-only: its pages come from the page cache, not
 * copied into fresh memory (a 1 MB cache read whole was a quarter of a
 * no-op run's page faults).  The cache is only ever replaced by a rename,
 * never truncated in place, so the mapping keeps the text it began with. */
static void map_cache(struct mg_text_cache *c)
{
	struct stat st;
	void *m;
	int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return;
	if (mg_cache_trusted(fd, &st) && st.st_size > 0 &&
	    (unsigned long long)st.st_size <= 2 * TEXT_CACHE_MAX) {
#ifdef MAP_POPULATE
		m = mmap(NULL, (size_t)st.st_size, PROT_READ,
			 MAP_PRIVATE | MAP_POPULATE, fd, 0);
#else
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			 0);
#endif
		if (m != MAP_FAILED) {
			c->map = m;
			c->maplen = (size_t)st.st_size;
		}
	}
	close(fd);
}

struct mg_text_cache *mg_text_cache_open(const char *dir,
					 long long started_ms, size_t nfiles)
{
	struct mg_text_cache *c;

	if (!started_ms || !nfiles || !(c = calloc(1, sizeof(*c))))
		return NULL;
	c->before = mg_cache_before(started_ms);
	c->slot = calloc(nfiles, sizeof(*c->slot));
	c->nslot = nfiles;
	c->dir = mg_cache_dir(dir, "texts", NULL, &c->path);
	if (!c->slot || !c->dir) {
		mg_text_cache_drop(c);
		return NULL;
	}
	atomic_init(&c->total, 0);
	/* a missing, unreadable, oversized or malformed cache is an empty
	 * one */
	map_cache(c);
	if (c->map && parse(c) < 0)
		c->n = 0;
	return c;
}

static int by_name(const void *key, const void *e)
{
	const struct text_entry *t = e;

	return name_cmp(key, t->name, t->nlen);
}

const char *mg_text_cache_get(const struct mg_text_cache *c, int dirfd,
			      const char *name, size_t *len,
			      struct mg_file_id *id)
{
	const struct text_entry *hit;
	struct stat st;

	if (!c || !c->n)
		return NULL;
	hit = bsearch(name, c->v, c->n, sizeof(*c->v), by_name);
	if (!hit || fstatat(dirfd, name, &st, 0) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	mg_file_id_of(id, &st);
	if (!mg_file_id_same(id, &hit->id)) {
		memset(id, 0, sizeof(*id));
		return NULL;
	}
	*len = (size_t)hit->id.size;
	return hit->text;
}

void mg_text_cache_put(struct mg_text_cache *c, size_t i, const char *name,
		       const struct mg_file_id *id, const char *text,
		       size_t len, int from_cache)
{
	struct text_slot *s;

	if (!c || i >= c->nslot || !mg_cache_settled(c->before, id) ||
	    len != id->size || strchr(name, '\n'))
		return;
	/* past the limit: nothing more is copied, and nothing is written */
	if (atomic_fetch_add(&c->total, len) + len > TEXT_CACHE_MAX)
		return;
	s = &c->slot[i];
	if (!from_cache) {
		if (!(s->own = malloc(len + 1)))
			return;
		memcpy(s->own, text, len);
		s->own[len] = '\0';
		text = s->own;
	}
	s->name = name;
	s->text = text;
	s->id = *id;
	s->from_cache = from_cache;
	s->kept = 1;
}

/* The cache anew, when a file was read from disk or went away. */
static void save(struct mg_text_cache *c)
{
	struct mg_buf out = MG_BUF_INIT;
	size_t kept = 0, fresh = 0;
	unsigned long long total = atomic_load(&c->total);

	if (total > TEXT_CACHE_MAX) {
		/* too large to keep: an older cache would only be read */
		unlink(c->path);
		return;
	}
	for (size_t i = 0; i < c->nslot; i++) {
		kept += c->slot[i].kept;
		fresh += c->slot[i].kept && !c->slot[i].from_cache;
	}
	if ((!fresh && kept == c->n) ||
	    mg_buf_grow(&out, (size_t)total + 64 * kept + 64) < 0 ||
	    mg_buf_puts(&out, HEADER) < 0)
		goto out;
	for (size_t i = 0; i < c->nslot; i++) {
		const struct text_slot *s = &c->slot[i];

		if (!s->kept)
			continue;
		if (mg_cache_id_print(&out, &s->id) < 0 ||
		    mg_buf_printf(&out, "%s\n", s->name) < 0 ||
		    mg_buf_add(&out, s->text, (size_t)s->id.size) < 0 ||
		    mg_buf_putc(&out, '\0') < 0)
			goto out;
	}
	mg_cache_save(c->dir, c->path, out.ptr, out.len);
out:
	mg_buf_free(&out);
}

void mg_text_cache_close(struct mg_text_cache *c)
{
	if (!c)
		return;
	save(c);
	mg_text_cache_drop(c);
}

void mg_text_cache_drop(struct mg_text_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; c->slot && i < c->nslot; i++)
		free(c->slot[i].own);
	free(c->slot);
	free(c->v);
	if (c->map)
		munmap(c->map, c->maplen);
	free(c->path);
	free(c->dir);
	free(c);
}
