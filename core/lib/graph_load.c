/*
 * graph_load.c - reads a migrations directory: one readdir, the *.sql
 * files in name order, each read whole and parsed into the graph's arena.
 *
 * Thousands of files make the syscalls the cost: files are opened relative
 * to the directory's fd, readdir's d_type spares an fstat when it says
 * "regular file", and one buffer, grown as needed, serves every file.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "graph_build.h"
#include "script_parse.h"

/* The first read's size: larger than nearly every migration. */
#define READ_CHUNK (64u * 1024u)

/* A directory entry: d_type (DT_UNKNOWN when the file system gives none)
 * and the name. */
struct entry {
	unsigned char type;
	char *name;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static int io_error(migrator_diag *d, const char *what, const char *path,
		    int err)
{
	/* The message names the path; d->file stays empty so that it is not
	 * printed twice. */
	migrator_diag_set(d, MIGRATOR_EIO, "cannot %s %s", what, path);
	migrator_diag_detail(d, "%s.", strerror(err));
	return MIGRATOR_EIO;
}

static int nomem(migrator_diag *d)
{
	return migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int is_migration_name(const char *name)
{
	size_t len = strlen(name);

	/* Hidden files (editor locks such as .#x.sql) are not migrations. */
	return name[0] != '.' && len > 4 && strcmp(name + len - 4, ".sql") == 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void entries_free(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].name);
	free(es->v);
}

static int entries_push(struct entries *es, const struct dirent *e)
{
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 64;
		struct entry *v;

		if (cap > SIZE_MAX / sizeof(*v))
			return MIGRATOR_ENOMEM;
		v = realloc(es->v, cap * sizeof(*v));
		if (!v)
			return MIGRATOR_ENOMEM;
		es->v = v;
		es->cap = cap;
	}
	es->v[es->n].name = strdup(e->d_name);
	if (!es->v[es->n].name)
		return MIGRATOR_ENOMEM;
	es->v[es->n++].type = e->d_type;
	return 0;
}

/* The *.sql entries of dh, sorted by name. */
static int list_dir(struct entries *es, DIR *dh, const char *dir,
		    migrator_diag *d)
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
	if (es->n > 1)
		qsort(es->v, es->n, sizeof(*es->v), cmp_entry);
	return 0;
}

static int not_regular(const char *path, migrator_diag *d)
{
	return migrator_diag_set(d, MIGRATOR_EIO,
				 "cannot read %s: not a regular file", path);
}

/* Reads the whole regular file e (path names it in messages) into text. */
static int read_file(struct mg_buf *text, int dirfd, const struct entry *e,
		     const char *path, migrator_diag *d)
{
	int fd, rc = 0;

	mg_buf_reset(text);
	if (e->type != DT_REG && e->type != DT_UNKNOWN && e->type != DT_LNK)
		return not_regular(path, d);
	/* O_NONBLOCK: a FIFO behind a symlink must not hang the open. */
	fd = openat(dirfd, e->name, O_RDONLY | O_CLOEXEC | O_NOCTTY |
					    O_NONBLOCK);
	if (fd < 0)
		return io_error(d, "read", path, errno);
	if (e->type != DT_REG) {
		struct stat st;

		if (fstat(fd, &st) < 0) {
			rc = io_error(d, "read", path, errno);
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			rc = not_regular(path, d);
			goto out;
		}
	}
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

int migrator_graph_load(migrator_graph **out, const char *dir,
			migrator_diag *d)
{
	struct entries es = {NULL, 0, 0};
	struct mg_arena arena = MG_ARENA_INIT;
	struct mg_buf path = MG_BUF_INIT, text = MG_BUF_INIT;
	struct migrator_script *scripts = NULL;
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
	if (mg_buf_grow(&text, READ_CHUNK) < 0) {
		rc = nomem(d);
		goto out;
	}
	for (size_t i = 0; i < es.n; i++) {
		mg_buf_reset(&path);
		if (mg_buf_add(&path, dir, dirlen) < 0 ||
		    mg_buf_putc(&path, '/') < 0 ||
		    mg_buf_puts(&path, es.v[i].name) < 0) {
			rc = nomem(d);
			goto out;
		}
		rc = read_file(&text, dirfd(dh), &es.v[i], mg_buf_cstr(&path),
			       d);
		if (rc == 0)
			rc = mg_script_parse(&scripts[i], &arena,
					     mg_buf_cstr(&path), text.ptr,
					     text.len, d);
		if (rc)
			goto out;
	}
	rc = mg_graph_link(out, &arena, dir, scripts, es.n, d);
out:
	mg_arena_free(&arena); /* a no-op once mg_graph_link took it */
	mg_buf_free(&path);
	mg_buf_free(&text);
	entries_free(&es);
	closedir(dh);
	return rc;
}
