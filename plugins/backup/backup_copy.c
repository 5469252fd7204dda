/*
 * backup_copy.c - one online backup of a SQLite file, and the pruning of
 * old ones.
 *
 * The copy goes through sqlite3_backup (a consistent snapshot even while
 * another process writes) into "NAME.tmp-PID" in the backup directory,
 * which is then linked to its final name: a crash never leaves a
 * half-written file under a backup's name, and an existing backup is
 * never overwritten.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "backup.h"

#define SUFFIX ".backup"
#define BUSY_MS 10000 /* wait this long for a writer to let go */

/* The concatenation of the strings up to NULL, malloc'd. */
static char *cat(const char *first, ...)
{
	va_list ap;
	size_t n = 0;
	char *s;

	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *))
		n += strlen(p);
	va_end(ap);
	s = malloc(n + 1);
	if (!s)
		return NULL;
	s[0] = '\0';
	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *))
		strcat(s, p);
	va_end(ap);
	return s;
}

/* The directory part of path ("." for a bare name), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "20261123T195501123Z": UTC, to the millisecond, sortable as text. */
static void stamp_now(char out[64])
{
	struct timespec ts;
	struct tm tm;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
		ts.tv_sec = time(NULL);
		ts.tv_nsec = 0;
	}
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, 64, "%04d%02d%02dT%02d%02d%02d%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000L));
}

/* rev with anything unusual in a file name made '_'. */
static char *safe_rev(const char *rev)
{
	char *s = strdup(rev);

	for (char *p = s; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		      *p == '+'))
			*p = '_';
	return s;
}

/* Debian's SQLite reads a name starting with "file:" as a URI. */
static char *open_name(const char *path)
{
	if (strncmp(path, "file:", 5) == 0)
		return cat("./", path, (char *)NULL);
	return strdup(path);
}

static int copy_db(struct backup *b, struct migrator_diag *d,
		   const char *src, const char *dst)
{
	sqlite3 *from = NULL, *to = NULL;
	sqlite3_backup *bk;
	char *name = open_name(src), *dname = open_name(dst);
	int rc = SQLITE_NOMEM;

	if (!name || !dname)
		goto out;
	rc = sqlite3_open_v2(name, &from, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(from, BUSY_MS);
	if (rc != SQLITE_OK) {
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "cannot open %s to back it up", src);
		b->host->diag_detail(d, "%s.",
				     from ? sqlite3_errmsg(from)
					  : sqlite3_errstr(rc));
		goto out;
	}
	rc = sqlite3_open_v2(dname, &to,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "cannot create the backup file %s", dst);
		b->host->diag_detail(d, "%s.",
				     to ? sqlite3_errmsg(to)
					: sqlite3_errstr(rc));
		goto out;
	}
	bk = sqlite3_backup_init(to, "main", from, "main");
	if (!bk) {
		rc = sqlite3_errcode(to);
	} else {
		/* all pages in one step; a busy source is retried by the
		 * busy timeout of its connection */
		do {
			rc = sqlite3_backup_step(bk, -1);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(50);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
			 rc == SQLITE_LOCKED);
		sqlite3_backup_finish(bk);
		if (rc == SQLITE_DONE)
			rc = sqlite3_errcode(to);
	}
	if (rc != SQLITE_OK) {
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "backup of %s failed", src);
		b->host->diag_detail(d, "%s.", sqlite3_errmsg(to));
	}
out:
	if (rc == SQLITE_NOMEM && !name)
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "out of memory");
	if (to && sqlite3_close(to) != SQLITE_OK && rc == SQLITE_OK) {
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "cannot close the backup file %s", dst);
		rc = SQLITE_ERROR;
	}
	sqlite3_close(from);
	free(name);
	free(dname);
	return rc == SQLITE_OK ? 0 : -1;
}

/* 1 if name is "BASE.<stamp>.<rev>.backup" (a backup of BASE made here). */
static int is_backup_of(const char *name, const char *base)
{
	size_t bl = strlen(base), nl = strlen(name), sl = strlen(SUFFIX);
	const char *p = name + bl + 1;

	if (nl <= bl + 1 + 19 + sl || strncmp(name, base, bl) != 0 ||
	    name[bl] != '.' || strcmp(name + nl - sl, SUFFIX) != 0)
		return 0;
	for (int i = 0; i < 18; i++)
		if (i == 8 ? p[i] != 'T' : (p[i] < '0' || p[i] > '9'))
			return 0;
	return p[18] == 'Z' && p[19] == '.';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Deletes the oldest backups of base in dir beyond keep.  A failure here
 * is a warning: the new backup is there. */
static void prune(struct backup *b, struct migrator_hook_ctx *ctx,
		  const char *dir, const char *base)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char **names = NULL, **grown;
	size_t n = 0, cap = 0;

	if (!dh) {
		b->host->warn(ctx, NULL, 0, "cannot list %s to prune old "
			      "backups: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(dh)) != NULL) {
		if (!is_backup_of(e->d_name, base))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				break;
			names = grown;
		}
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(dh);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; n > b->keep && i < n - b->keep; i++) {
		char *path = cat(dir, "/", names[i], (char *)NULL);

		if (path && unlink(path) != 0)
			b->host->warn(ctx, NULL, 0, "cannot delete old backup "
				      "%s: %s", path, strerror(errno));
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The backup directory for db: b->dir, relative to db's directory. */
static char *backup_dir(const struct backup *b, const char *db)
{
	char *dbdir = dir_of(db), *dir;

	if (!dbdir || !b->dir || b->dir[0] == '/') {
		if (b->dir && b->dir[0] == '/') {
			free(dbdir);
			return strdup(b->dir);
		}
		return dbdir;
	}
	dir = cat(dbdir, "/", b->dir, (char *)NULL);
	free(dbdir);
	return dir;
}

int backup_take(struct backup *b, struct migrator_hook_ctx *ctx,
		const char *db, const char *rev, char **out,
		struct migrator_diag *d)
{
	char stamp[64], pid[24];
	char *dir = backup_dir(b, db), *srev = safe_rev(rev);
	char *name = NULL, *path = NULL, *tmp = NULL;
	struct stat st;
	int rc = -1;

	*out = NULL;
	stamp_now(stamp);
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	if (dir && srev)
		name = cat(base_of(db), ".", stamp, ".", srev, SUFFIX,
			   (char *)NULL);
	if (name) {
		path = cat(dir, "/", name, (char *)NULL);
		tmp = cat(dir, "/.", name, ".tmp-", pid, (char *)NULL);
	}
	if (!path || !tmp) {
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "out of memory");
		goto out;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "backup directory %s does not exist", dir);
		b->host->diag_hint(d, "Create it, or set the plugin's dir "
				   "option (--plugin backup:dir=DIR).");
		goto out;
	}
	if (copy_db(b, d, db, tmp) != 0) {
		unlink(tmp);
		goto out;
	}
	/* link() refuses to replace an existing file, rename() would not */
	if (link(tmp, path) != 0) {
		b->host->diag_set(d, MIGRATOR_HOOK_FAIL, "cannot create the backup %s", path);
		b->host->diag_detail(d, "%s.", strerror(errno));
		unlink(tmp);
		goto out;
	}
	unlink(tmp);
	prune(b, ctx, dir, base_of(db));
	*out = path;
	path = NULL;
	rc = 0;
out:
	free(dir);
	free(srev);
	free(name);
	free(path);
	free(tmp);
	return rc;
}
