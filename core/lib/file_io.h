/*
 * file_io.h - whole files: read one into memory, replace one atomically.
 */
#ifndef MG_FILE_IO_H
#define MG_FILE_IO_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* Appends the bytes of the file at path to out.  A directory or another
 * file that is not regular, or a read that fails, is MIGRATOR_EIO "cannot
 * read PATH" with the system's reason as detail. */
int mg_file_read(struct mg_buf *out, const char *path, mg_diag *d);

/* Replaces the file at path with text[0..len), atomically: readers see
 * the old file or the new one, never a part.  The text goes to a new
 * file beside it, is flushed to disk, and is renamed over path; on any
 * failure the new file is removed and path is untouched
 * (MIGRATOR_EIO "cannot write PATH", the reason as detail).  The new
 * file keeps the old one's permissions; a file that did not exist gets
 * 0666 less the umask. */
int mg_file_replace(const char *path, const char *text, size_t len,
		    mg_diag *d);

/* Writes all of p[0..n) to fd, again after EINTR and short writes.  0,
 * or -1 with errno. */
int mg_write_all(int fd, const char *p, size_t n);

/* MIGRATOR_EIO "cannot WHAT PATH" with strerror(err) as detail, set in
 * d and returned. */
int mg_io_error(mg_diag *d, const char *what, const char *path, int err);

#endif
