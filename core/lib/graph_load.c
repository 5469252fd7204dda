/*
 * graph_load.c - reads a migrations directory: one readdir, the *.sql
 * files in name order, each read whole and parsed into an arena.
 *
 * Thousands of files make the syscalls the cost: files are opened relative
 * to the directory's fd and one buffer per reader, grown as needed, serves
 * every file.  Each is fstat'ed on its descriptor before it is read: the
 * identity the checksum cache keys the text with (sum_cache.c).  Above
 * LOAD_THREADED_MIN files a second thread reads and parses alongside the
 * caller's (a 2-core machine halves the wall time), taking chunks of
 * files in name order; the error of the first failing file in
 * name order is the one reported, as if one thread had read them in turn.
 * mg_graph_load_cached() (the runner's loads) first asks the text cache
 * (text_cache.c) for each file: one fstatat by name, and the text kept
 * from an earlier run when the file is exactly as it was then.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache_file.h"
#include "graph_build.h"
#include "script_parse.h"
#include "text_cache.h"

/* The first read's size: larger than nearly every migration. */
#define READ_CHUNK (64u * 1024u)

/* Directories with fewer files are read on the caller's thread alone:
 * starting a thread costs more than it saves. */
#define LOAD_THREADED_MIN 256
/* Files a reader takes at a time. */
#define LOAD_CHUNK 32

/* A directory entry: d_type (DT_UNKNOWN when the file system gives none),
 * the name, and as a sort key the 8 bytes of the name that follow the
 * prefix every name shares (big-endian, zero-padded), so that most
 * comparisons in the sort need no strcmp. */
struct entry {
	uint64_t key;
	char *name;
	size_t skip; /* length of that shared prefix, the same in all */
	unsigned char type;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static int io_error(mg_diag *d, const char *what, const char *path,
		    int err)
{
	/* The message names the path; d->file stays empty so that it is not
	 * printed twice. */
	mg_diag_set(d, MIGRATOR_EIO, "cannot %s %s", what, path);
	mg_diag_detail(d, "%s.", strerror(err));
	return MIGRATOR_EIO;
}

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int is_migration_name(const char *name)
{
	size_t len = strlen(name);

	/* Hidden files (editor locks such as .#x.sql) are not migrations. */
	return name[0] != '.' && len > 4 && strcmp(name + len - 4, ".sql") == 0;
}

static int entry_less(const struct entry *x, const struct entry *y)
{
	if (x->key != y->key)
		return x->key < y->key;
	return strcmp(x->name + x->skip, y->name + y->skip) < 0;
}

/* Bottom-up merge sort of v[0..n) with tmp[0..n) as scratch: the inline
 * comparison costs a fraction of qsort's call per comparison, and with
 * 100,000 files the sort is a visible part of a load. */
static void sort_by_key(struct entry *v, struct entry *tmp, size_t n)
{
	struct entry *src = v, *dst = tmp;

	for (size_t w = 1; w < n; w *= 2) {
		struct entry *t;

		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = mid + w < n ? mid + w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				dst[k++] = entry_less(&src[j], &src[i]) ?
						   src[j++] :
						   src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

static void entries_free(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].name);
	free(es->v);
}

static int entries_push(struct entries *es, const struct dirent *e)
{
	if (mg_array_grow(&es->v, &es->cap, es->n + 1, sizeof(*es->v), 64) <
	    0)
		return MIGRATOR_ENOMEM;
	es->v[es->n].name = strdup(e->d_name);
	if (!es->v[es->n].name)
		return MIGRATOR_ENOMEM;
	es->v[es->n++].type = e->d_type;
	return 0;
}

/*
 * Sorts es by name (strcmp order).  Generated revision IDs often share a
 * long prefix (a counter's high digits), so the keys start after the
 * prefix common to all names.
 */
static int sort_entries(struct entries *es)
{
	struct entry *tmp;
	size_t skip, i;

	if (es->n < 2)
		return 0;
	skip = strlen(es->v[0].name);
	for (i = 1; i < es->n && skip > 0; i++) {
		const char *a = es->v[0].name, *b = es->v[i].name;
		size_t k = 0;

		while (k < skip && a[k] == b[k])
			k++;
		skip = k;
	}
	for (i = 0; i < es->n; i++) {
		const unsigned char *c =
			(const unsigned char *)es->v[i].name + skip;
		uint64_t key = 0;
		int k;

		for (k = 0; k < 8 && c[k]; k++)
			key |= (uint64_t)c[k] << (56 - 8 * k);
		es->v[i].key = key;
		es->v[i].skip = skip;
	}
	tmp = malloc(es->n * sizeof(*tmp)); /* n <= cap: no overflow */
	if (!tmp)
		return MIGRATOR_ENOMEM;
	sort_by_key(es->v, tmp, es->n);
	free(tmp);
	return 0;
}

/* The *.sql entries of dh, sorted by name. */
static int list_dir(struct entries *es, DIR *dh, const char *dir,
		    mg_diag *d)
{
	struct dirent *e;

	for (;;) {
		errno = 0;
		e = readdir(dh);
		if (!e)
			break;
		if (is_migration_name(e->d_name) && entries_push(es, e) < 0)
			return nomem(d);
	}
	if (errno)
		return io_error(d, "read migrations directory", dir, errno);
	if (sort_entries(es) < 0)
		return nomem(d);
	return 0;
}

static int not_regular(const char *path, mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_EIO,
				 "cannot read %s: not a regular file", path);
}

/* readdir's d_type allows a regular file (a symlink or an unknown type is
 * fstat'ed on its descriptor to know) */
static int may_be_regular(const struct entry *e)
{
	return e->type == DT_REG || e->type == DT_UNKNOWN || e->type == DT_LNK;
}

/* Reads the whole regular file e (path names it in messages) into text;
 * *id: its identity, fstat'ed before the read (so an edit during or after
 * the read gives another identity than the one kept with its text). */
static int read_file(struct mg_buf *text, struct mg_file_id *id, int dirfd,
		     const struct entry *e, const char *path, mg_diag *d)
{
	int fd, rc = 0;
	struct stat st;

	mg_buf_reset(text);
	memset(id, 0, sizeof(*id));
	if (!may_be_regular(e))
		return not_regular(path, d);
	/* O_NONBLOCK: a FIFO behind a symlink must not hang the open. */
	fd = openat(dirfd, e->name, O_RDONLY | O_CLOEXEC | O_NOCTTY |
					    O_NONBLOCK);
	if (fd < 0)
		return io_error(d, "read", path, errno);
	if (fstat(fd, &st) < 0) {
		rc = io_error(d, "read", path, errno);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = not_regular(path, d);
		goto out;
	}
	mg_file_id_of(id, &st);
	for (;;) {
		ssize_t got;
		size_t want;

		if (text->cap - text->len < 2 &&
		    mg_buf_grow(text, text->cap ? text->cap : READ_CHUNK) < 0) {
			rc = nomem(d);
			goto out;
		}
		want = text->cap - text->len - 1;
		got = read(fd, text->ptr + text->len, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = io_error(d, "read", path, errno);
			goto out;
		}
		if (got == 0)
			break;
		text->len += (size_t)got;
		/* A regular file gives less than asked only at its end
		 * (Linux, no signal handlers here): spare the read that
		 * would return 0. */
		if ((size_t)got < want)
			break;
	}
	text->ptr[text->len] = '\0';
out:
	close(fd);
	return rc;
}

/* What the readers share: the sorted entries, where each script goes, the
 * next chunk to take, and the first failing file so far. */
struct load {
	const char *dir;
	size_t dirlen;
	int dirfd;
	const struct entries *es;
	struct mg_script *scripts;
	struct mg_text_cache *cache; /* NULL: none */
	atomic_size_t next;
	atomic_size_t failed; /* index of the first failing file, or SIZE_MAX */
};

/* One reader: its own arena, buffers and diagnostic. */
struct reader {
	struct load *load;
	struct mg_arena arena;
	struct mg_buf path, text;
	mg_diag d;
	size_t failed; /* the file its error is about, or SIZE_MAX */
	int rc;
};

/* Reads and parses file i into load->scripts[i]. */
static int load_one(struct reader *r, size_t i)
{
	struct load *l = r->load;
	const struct entry *e = &l->es->v[i];
	struct mg_file_id id;
	const char *text = NULL;
	size_t len = 0;
	int rc = 0;

	mg_buf_reset(&r->path);
	if (mg_buf_add(&r->path, l->dir, l->dirlen) < 0 ||
	    mg_buf_putc(&r->path, '/') < 0 || mg_buf_puts(&r->path, e->name) < 0)
		return nomem(&r->d);
	/* kept from an earlier run, the file unchanged since (a type that
	 * read_file refuses is never looked up: its error stays the same) */
	if (may_be_regular(e))
		text = mg_text_cache_get(l->cache, l->dirfd, e->name, &len,
					 &id);
	if (!text) {
		rc = read_file(&r->text, &id, l->dirfd, e,
			       mg_buf_cstr(&r->path), &r->d);
		text = r->text.ptr;
		len = r->text.len;
	}
	if (rc == 0)
		rc = mg_script_parse(&l->scripts[i], &r->arena,
				     mg_buf_cstr(&r->path), text, len, &r->d);
	if (rc == 0) {
		l->scripts[i].file_id = id;
		mg_text_cache_put(l->cache, i, e->name, &id, text, len,
				  text != r->text.ptr);
	}
	return rc;
}

/* Takes chunks of files in order until none is left or an earlier file
 * has failed (its error wins over any later one). */
static void *reader_run(void *arg)
{
	struct reader *r = arg;
	struct load *l = r->load;
	size_t n = l->es->n;

	for (;;) {
		size_t start = atomic_fetch_add(&l->next, LOAD_CHUNK);
		size_t end = start + LOAD_CHUNK < n ? start + LOAD_CHUNK : n;

		if (start >= n || start > atomic_load(&l->failed))
			break;
		for (size_t i = start; i < end; i++) {
			size_t seen;

			r->rc = load_one(r, i);
			if (r->rc == 0)
				continue;
			r->failed = i;
			seen = atomic_load(&l->failed);
			while (i < seen &&
			       !atomic_compare_exchange_weak(&l->failed, &seen,
							     i))
				;
			return NULL;
		}
	}
	return NULL;
}

static void reader_init(struct reader *r, struct load *l)
{
	*r = (struct reader){.load = l, .failed = SIZE_MAX};
	r->arena = (struct mg_arena)MG_ARENA_INIT;
	r->path = (struct mg_buf)MG_BUF_INIT;
	r->text = (struct mg_buf)MG_BUF_INIT;
	mg_diag_init(&r->d);
}

static void reader_free(struct reader *r)
{
	mg_arena_free(&r->arena);
	mg_buf_free(&r->path);
	mg_buf_free(&r->text);
	mg_diag_clear(&r->d);
}

/* Reads and parses every entry with one or two readers; their arenas end
 * up in arena.  On failure d holds the error of the first failing file. */
static int load_all(struct load *l, struct mg_arena *arena, mg_diag *d)
{
	struct reader r[2];
	struct reader *first = NULL;
	pthread_t helper;
	int threaded = 0, rc = 0;

	reader_init(&r[0], l);
	reader_init(&r[1], l);
	if (mg_buf_grow(&r[0].text, READ_CHUNK) < 0 ||
	    mg_buf_grow(&r[1].text, READ_CHUNK) < 0) {
		reader_free(&r[0]);
		reader_free(&r[1]);
		return nomem(d);
	}
	/* Without a second thread the caller's reads everything. */
	if (l->es->n >= LOAD_THREADED_MIN)
		threaded = pthread_create(&helper, NULL, reader_run, &r[1]) == 0;
	reader_run(&r[0]);
	if (threaded)
		pthread_join(helper, NULL);
	for (int k = 0; k < 2; k++)
		if (r[k].rc && (!first || r[k].failed < first->failed))
			first = &r[k];
	if (first) {
		rc = first->rc;
		if (d->code == 0) {
			/* The reader's strings move to d. */
			mg_diag_clear(d);
			*d = first->d;
			mg_diag_init(&first->d);
		}
	}
	for (int k = 0; k < 2; k++) {
		mg_arena_adopt(arena, &r[k].arena);
		reader_free(&r[k]);
	}
	return rc;
}

int mg_graph_load(mg_graph **out, const char *dir,
			mg_diag *d)
{
	return mg_graph_load_cached(out, dir, 0, d);
}

int mg_graph_load_cached(mg_graph **out, const char *dir,
			 long long started_ms, mg_diag *d)
{
	struct entries es = {NULL, 0, 0};
	struct mg_arena arena = MG_ARENA_INIT;
	struct mg_script *scripts = NULL;
	struct load l;
	size_t dirlen = strlen(dir);
	DIR *dh;
	int rc;

	*out = NULL;
	dh = opendir(dir);
	if (!dh)
		return io_error(d, "open migrations directory", dir, errno);
	rc = list_dir(&es, dh, dir, d);
	if (rc)
		goto out;
	if (es.n > SIZE_MAX / sizeof(*scripts) ||
	    !(scripts = mg_arena_alloc(&arena, es.n * sizeof(*scripts)))) {
		rc = nomem(d);
		goto out;
	}
	while (dirlen > 1 && dir[dirlen - 1] == '/')
		dirlen--;
	l.dir = dir;
	l.dirlen = dirlen;
	l.dirfd = dirfd(dh);
	l.es = &es;
	l.scripts = scripts;
	l.cache = mg_text_cache_open(dir, started_ms, es.n);
	atomic_init(&l.next, 0);
	atomic_init(&l.failed, SIZE_MAX);
	rc = load_all(&l, &arena, d);
	if (rc == 0)
		mg_text_cache_close(l.cache);
	else
		mg_text_cache_drop(l.cache);
	if (rc == 0)
		rc = mg_graph_link(out, &arena, dir, scripts, es.n, d);
out:
	mg_arena_free(&arena); /* a no-op once mg_graph_link took it */
	entries_free(&es);
	closedir(dh);
	return rc;
}
