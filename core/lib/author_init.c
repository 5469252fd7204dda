/*
 * author_init.c - `init`: a migrations directory and a migrator.ini that
 * points at it.
 *
 * Nothing that exists is overwritten: the config file is created with
 * O_EXCL, and the directory must be missing or empty.  The checks come
 * first so that a refusal changes nothing; a failure after the directory
 * was made removes it again.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "author.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int io_error(mg_diag *d, const char *what, const char *path,
		    int err)
{
	mg_diag_set(d, MIGRATOR_EIO, "cannot %s %s", what, path);
	mg_diag_detail(d, "%s.", strerror(err));
	return MIGRATOR_EIO;
}

/* dir goes into the file as "migrations = dir": the reader trims blanks
 * and reads one line, so neither may be lost. */
static int check_dir_name(const char *dir, mg_diag *d)
{
	size_t n = strlen(dir);

	if (n == 0)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "empty migrations directory name");
	for (const char *c = dir; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return mg_diag_set(d, MIGRATOR_EUSAGE,
						 "the migrations directory "
						 "name contains a control "
						 "character");
	if (dir[0] == ' ' || dir[n - 1] == ' ')
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "the migrations directory name "
					 "\"%s\" begins or ends with a blank",
					 dir);
	return 0;
}

/* The directory as seen from here: relative to ini_path's directory. */
static int dir_path(struct mg_buf *out, const char *ini_path, const char *dir)
{
	const char *slash = strrchr(ini_path, '/');

	if (dir[0] != '/' && slash &&
	    mg_buf_add(out, ini_path, (size_t)(slash - ini_path) + 1) < 0)
		return MIGRATOR_ENOMEM;
	return mg_buf_puts(out, dir);
}

/* 0: path is missing (*exists = 0) or an empty directory (*exists = 1). */
static int check_dir(int *exists, const char *path, mg_diag *d)
{
	DIR *dh = opendir(path);
	struct dirent *e;
	int rc = 0;

	*exists = 0;
	if (!dh && errno == ENOENT)
		return 0;
	if (!dh && errno == ENOTDIR)
		return mg_diag_set(d, MIGRATOR_EUSAGE,
					 "%s exists and is not a directory",
					 path);
	if (!dh)
		return io_error(d, "open", path, errno);
	*exists = 1;
	for (;;) {
		errno = 0;
		e = readdir(dh);
		if (!e)
			break;
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			mg_diag_set(d, MIGRATOR_EUSAGE,
					  "directory %s is not empty", path);
			mg_diag_hint(d, "init starts a new project; "
					      "name a new or empty "
					      "directory.");
			rc = MIGRATOR_EUSAGE;
			break;
		}
	}
	if (!rc && errno)
		rc = io_error(d, "read", path, errno);
	closedir(dh);
	return rc;
}

/* mkdir -p; the last component must be new. */
static int make_dirs(char *path, mg_diag *d)
{
	for (char *c = path + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			int err = errno;

			*c = '/';
			return io_error(d, "create directory", path, err);
		}
		*c = '/';
	}
	if (mkdir(path, 0777) < 0)
		return io_error(d, "create directory", path, errno);
	return 0;
}

static int render(struct mg_buf *b, const char *dir)
{
	return mg_buf_printf(
		b,
		"# migrator settings, written by \"migrator init\".\n"
		"# Command-line options win over the environment, which wins "
		"over this file.\n"
		"# Relative paths are relative to this file's directory.\n"
		"[migrator]\n"
		"# The database (else -d URL, MIGRATOR_DATABASE_URL or "
		"DATABASE_URL), e.g.\n"
		"#   url = sqlite:///app.db\n"
		"#   url = postgresql://user@localhost:5432/app\n"
		"# url = sqlite:///app.db\n"
		"migrations = %s\n"
		"# version_table = migrator_version\n",
		dir);
}

static int write_ini(const char *path, const struct mg_buf *text,
		     mg_diag *d)
{
	const char *p = text->ptr;
	size_t n = text->len;
	int fd, err;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
		  0666);
	if (fd < 0 && errno == EEXIST) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "%s already exists",
				  path);
		mg_diag_hint(d, "init never overwrites a config file; "
				      "edit it, or remove it first.");
		return MIGRATOR_EUSAGE;
	}
	if (fd < 0)
		return io_error(d, "create", path, errno);
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : EIO;
			close(fd);
			unlink(path);
			return io_error(d, "write", path, err);
		}
		p += w;
		n -= (size_t)w;
	}
	if (close(fd) < 0) {
		err = errno;
		unlink(path);
		return io_error(d, "write", path, err);
	}
	return 0;
}

int mg_author_init(unsigned *made, const char *ini_path,
			 const char *dir, mg_diag *d)
{
	struct mg_buf path = MG_BUF_INIT, text = MG_BUF_INIT;
	struct stat st;
	int exists = 0, rc;

	*made = 0;
	rc = check_dir_name(dir, d);
	if (rc)
		return rc;
	if (lstat(ini_path, &st) == 0) {
		mg_diag_set(d, MIGRATOR_EUSAGE, "%s already exists",
				  ini_path);
		mg_diag_hint(d, "init never overwrites a config file; "
				      "edit it, or remove it first.");
		return MIGRATOR_EUSAGE;
	}
	if (errno != ENOENT)
		return io_error(d, "look at", ini_path, errno);
	if (dir_path(&path, ini_path, dir) < 0 || render(&text, dir) < 0) {
		rc = nomem(d);
		goto out;
	}
	while (path.len > 1 && path.ptr[path.len - 1] == '/')
		path.ptr[--path.len] = '\0';
	rc = check_dir(&exists, mg_buf_cstr(&path), d);
	if (rc)
		goto out;
	if (!exists) {
		rc = make_dirs(path.ptr, d);
		if (rc)
			goto out;
		*made = MG_AUTHOR_MADE_DIR;
	}
	rc = write_ini(ini_path, &text, d);
	if (rc && !exists) {
		rmdir(mg_buf_cstr(&path));
		*made = 0;
	}
out:
	mg_buf_free(&path);
	mg_buf_free(&text);
	return rc;
}
