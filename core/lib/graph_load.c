/*
 * graph_load.c - reads a migrations directory: one readdir, the *.sql
 * files in name order, each read whole and parsed into the graph's arena.
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

static int io_error(migrator_diag *d, const char *what, const char *path,
		    int err)
{
	migrator_diag_set(d, MIGRATOR_EIO, "cannot %s %s", what, path);
	migrator_diag_detail(d, "%s.", strerror(err));
	migrator_diag_locate(d, path, 0);
	return MIGRATOR_EIO;
}

static int is_migration_name(const char *name)
{
	size_t len = strlen(name);

	/* Hidden files (editor locks such as .#x.sql) are not migrations. */
	return name[0] != '.' && len > 4 && strcmp(name + len - 4, ".sql") == 0;
}

static int list_dir(migrator_strvec *names, const char *dir, migrator_diag *d)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!dh)
		return io_error(d, "open migrations directory", dir, errno);
	for (;;) {
		errno = 0;
		e = readdir(dh);
		if (!e)
			break;
		if (is_migration_name(e->d_name) &&
		    migrator_strvec_push(names, e->d_name) < 0) {
			rc = migrator_diag_set(d, MIGRATOR_ENOMEM,
					       "out of memory");
			break;
		}
	}
	if (!e && errno && rc == 0)
		rc = io_error(d, "read migrations directory", dir, errno);
	closedir(dh);
	migrator_strvec_sort(names);
	return rc;
}

/* Reads the whole regular file path into *text (grown as needed). */
static int read_file(struct mg_buf *text, const char *path, migrator_diag *d)
{
	struct stat st;
	int fd, rc = 0;

	mg_buf_reset(text);
	/* O_NONBLOCK: a FIFO named x.sql must not hang the open. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return io_error(d, "read", path, errno);
	if (fstat(fd, &st) < 0) {
		rc = io_error(d, "read", path, errno);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		migrator_diag_set(d, MIGRATOR_EIO,
				  "cannot read %s: not a regular file", path);
		migrator_diag_locate(d, path, 0);
		rc = MIGRATOR_EIO;
		goto out;
	}
	if (mg_buf_grow(text, st.st_size > 0 ? (size_t)st.st_size : 0) < 0)
		goto nomem;
	for (;;) {
		ssize_t got;

		if (text->cap - text->len < 2 && mg_buf_grow(text, 4096) < 0)
			goto nomem;
		got = read(fd, text->ptr + text->len,
			   text->cap - text->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = io_error(d, "read", path, errno);
			goto out;
		}
		if (got == 0)
			break;
		text->len += (size_t)got;
	}
	if (text->ptr)
		text->ptr[text->len] = '\0';
	goto out;
nomem:
	rc = migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
out:
	close(fd);
	return rc;
}

int migrator_graph_load(migrator_graph **out, const char *dir,
			migrator_diag *d)
{
	migrator_strvec names = MIGRATOR_STRVEC_INIT;
	struct mg_arena arena = MG_ARENA_INIT;
	struct mg_buf path = MG_BUF_INIT, text = MG_BUF_INIT;
	struct migrator_script *scripts = NULL;
	size_t dirlen = strlen(dir);
	int rc;

	*out = NULL;
	rc = list_dir(&names, dir, d);
	if (rc)
		goto out;
	if (names.n && names.n > SIZE_MAX / sizeof(*scripts)) {
		rc = migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	scripts = mg_arena_alloc(&arena, names.n * sizeof(*scripts));
	if (!scripts) {
		rc = migrator_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		goto out;
	}
	while (dirlen > 1 && dir[dirlen - 1] == '/')
		dirlen--;
	for (size_t i = 0; i < names.n; i++) {
		mg_buf_reset(&path);
		if (mg_buf_printf(&path, "%.*s/%s", (int)dirlen, dir,
				  names.v[i]) < 0) {
			rc = migrator_diag_set(d, MIGRATOR_ENOMEM,
					       "out of memory");
			goto out;
		}
		rc = read_file(&text, mg_buf_cstr(&path), d);
		if (rc == 0)
			rc = mg_script_parse(&scripts[i], &arena,
					     mg_buf_cstr(&path),
					     text.ptr ? text.ptr : "", text.len,
					     d);
		if (rc)
			goto out;
	}
	rc = mg_graph_link(out, &arena, dir, scripts, names.n, d);
out:
	mg_arena_free(&arena); /* a no-op once mg_graph_link took it */
	mg_buf_free(&path);
	mg_buf_free(&text);
	migrator_strvec_clear(&names);
	return rc;
}
