/*
 * file_io.c - whole files (see file_io.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_io.h"

int mg_io_error(mg_diag *d, const char *what, const char *path, int err)
{
	mg_diag_set(d, MIGRATOR_EIO, "cannot %s %s", what, path);
	mg_diag_detail(d, "%s.", strerror(err));
	return MIGRATOR_EIO;
}

int mg_file_read(struct mg_buf *out, const char *path, mg_diag *d)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return mg_io_error(d, "read", path, errno);
	if (fstat(fd, &st) != 0) {
		rc = mg_io_error(d, "read", path, errno);
	} else if (!S_ISREG(st.st_mode)) {
		rc = mg_io_error(d, "read", path,
			      S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
	} else if (st.st_size > 0 && (unsigned long long)st.st_size < SIZE_MAX / 2 &&
		   mg_buf_grow(out, (size_t)st.st_size + 64 * 1024)) {
		/* room for the whole file at once (it may still grow) */
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	}
	while (rc == 0) {
		ssize_t got;

		if (mg_buf_grow(out, 64 * 1024)) {
			rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
			break;
		}
		out->ptr[out->len] = '\0';
		got = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = mg_io_error(d, "read", path, errno);
		if (got <= 0)
			break;
		out->len += (size_t)got;
		out->ptr[out->len] = '\0';
	}
	close(fd);
	return rc;
}

int mg_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A new file beside path, named path.tmp.PID.N, made with O_EXCL: the
 * umask applies to its mode as to any new file.  -1 with errno. */
static int create_beside(struct mg_buf *name, const char *path)
{
	for (int i = 0; i < 100; i++) {
		int fd;

		mg_buf_reset(name);
		if (mg_buf_printf(name, "%s.tmp.%ld.%d", path, (long)getpid(),
				  i)) {
			errno = ENOMEM;
			return -1;
		}
		fd = open(name->ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int mg_file_replace(const char *path, const char *text, size_t len,
		    mg_diag *d)
{
	struct mg_buf tmp = MG_BUF_INIT;
	struct stat st;
	int had = stat(path, &st) == 0;
	int fd = create_beside(&tmp, path), rc = 0, err;

	if (fd < 0) {
		rc = mg_io_error(d, "write", path, errno);
		goto out;
	}
	/* an existing file keeps its permissions */
	if ((had && fchmod(fd, st.st_mode & 07777) != 0) ||
	    mg_write_all(fd, text, len) != 0 || fsync(fd) != 0) {
		err = errno;
		close(fd);
		unlink(tmp.ptr);
		rc = mg_io_error(d, "write", path, err);
		goto out;
	}
	if (close(fd) != 0 || rename(tmp.ptr, path) != 0) {
		err = errno;
		unlink(tmp.ptr);
		rc = mg_io_error(d, "write", path, err);
	}
out:
	mg_buf_free(&tmp);
	return rc;
}
