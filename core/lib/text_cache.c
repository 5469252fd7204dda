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
 *   concurrent runners are safe.
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
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache_file.h"
#include "diag.h"
#include "file_io.h"
#include "text_cache.h"

#define HEADER "migrator-texts 1\n"
/* Texts above this in all are not kept: the cache is read whole, and a
 * run that reads the files keeps copies until it writes it (a directory
 * of 100,000 files would cost its size in memory on every run). */
#define TEXT_CACHE_MAX (8ull * 1024 * 1024)

struct text_entry {
	const char *name, *text; /* into the cache's buffer */
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
	struct mg_buf raw; /* the cache file as read */
	struct text_entry *v;
	size_t n, cap;
	struct text_slot *slot;
	size_t nslot;
	atomic_ullong total; /* bytes of the texts put */
};

/* Indexes c->raw; -1 (and an empty index) if it is not a whole cache. */
static int parse(struct mg_text_cache *c)
{
	char *p = c->raw.ptr, *end = c->raw.ptr + c->raw.len;

	if (c->raw.len < sizeof(HEADER) - 1 ||
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
		*nl = '\0';
		e.name = p;
		e.text = nl + 1;
		/* strictly in name order: looked up by bsearch */
		if (c->n && strcmp(c->v[c->n - 1].name, e.name) >= 0)
			return -1;
		if (mg_array_grow(&c->v, &c->cap, c->n + 1, sizeof(*c->v),
				  64) < 0)
			return -1;
		c->v[c->n++] = e;
		p = nl + 1 + e.id.size + 1;
	}
	return 0;
}

struct mg_text_cache *mg_text_cache_open(const char *dir,
					 long long started_ms, size_t nfiles)
{
	struct mg_text_cache *c;
	struct stat st;
	mg_diag d;

	if (!started_ms || !nfiles || !(c = calloc(1, sizeof(*c))))
		return NULL;
	c->before = mg_cache_before(started_ms);
	c->raw = (struct mg_buf)MG_BUF_INIT;
	c->slot = calloc(nfiles, sizeof(*c->slot));
	c->nslot = nfiles;
	c->dir = mg_cache_dir(dir, "texts", NULL, &c->path);
	if (!c->slot || !c->dir) {
		mg_text_cache_drop(c);
		return NULL;
	}
	atomic_init(&c->total, 0);
	mg_diag_init(&d);
	/* a missing, unreadable or oversized cache is an empty one */
	if (stat(c->path, &st) == 0 &&
	    (unsigned long long)st.st_size <= 2 * TEXT_CACHE_MAX &&
	    mg_file_read(&c->raw, c->path, &d) == 0 && parse(c) < 0)
		c->n = 0;
	mg_diag_clear(&d);
	return c;
}

static int by_name(const void *key, const void *e)
{
	return strcmp(key, ((const struct text_entry *)e)->name);
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
	mg_buf_free(&c->raw);
	free(c->path);
	free(c->dir);
	free(c);
}
