/*
 * example_driver.c - a third party's driver, built against nothing but the
 * installed <migrator/driver.h> (tests/plugins/example_driver.sh does):
 *
 *   cc -std=c11 -shared -fPIC -I$PREFIX/include -o example.so example_driver.c
 *
 * It is no database and does not pretend to be one.  A URL
 * example:///PATH names a flat file that holds the stamp, one revision a
 * line: `stamp`, `current` and `heads` work; every SQL statement is refused
 * with a message saying so, so `upgrade` stops at the first migration that
 * has SQL and changes nothing.  What it shows: the descriptor
 * (MIGRATOR_DRIVER_MODULE), the required members, and errors reported the
 * one way every plugin reports them, host->diag_set(d, code, ...).
 *
 * The version table's name is ignored: the file is the only table.  No
 * run lock and no transactions: the stamp file is replaced with rename(),
 * which is atomic, and stamp_write refuses when a revision it should remove
 * is no longer there.  That check and the fixed PATH.tmp are not safe for
 * runners working at once: one migrator at a time on a stamp file (a real
 * driver takes its database's lock in lock()).
 */
#define _POSIX_C_SOURCE 200809L /* strdup, fdopen */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <migrator/driver.h>

#define SCHEME "example://"

static const struct migrator_host *host;

struct migrator_conn {
	char *path; /* the stamp file */
};

static int nomem(struct migrator_diag *d)
{
	return host->diag_set(d, MIGRATOR_DRIVER_ENOMEM, "out of memory");
}

static int ex_connect(struct migrator_conn **out,
		      const struct migrator_connect_params *params,
		      struct migrator_diag *d)
{
	const char *url = params->url;

	*out = NULL;
	/* example:///PATH: an absolute path, never one relative to
	 * wherever migrator happens to run */
	if (strncmp(url, SCHEME, strlen(SCHEME)) != 0 ||
	    url[strlen(SCHEME)] != '/' || !url[strlen(SCHEME) + 1]) {
		host->diag_hint(d, "Write example:///PATH, PATH being the "
				   "absolute path of the file that keeps the "
				   "stamp.");
		return host->diag_set(d, MIGRATOR_DRIVER_ECONFIG,
				      "example: bad URL: no absolute file "
				      "after %s",
				      SCHEME);
	}
	*out = calloc(1, sizeof(**out));
	if (!*out || !((*out)->path = strdup(url + strlen(SCHEME)))) {
		free(*out);
		*out = NULL;
		return nomem(d);
	}
	return 0;
}

static void ex_close(struct migrator_conn *c)
{
	if (!c)
		return;
	free(c->path);
	free(c);
}

static int ex_exec(struct migrator_conn *c, const char *sql, size_t len,
		   struct migrator_diag *d)
{
	(void)sql;
	(void)len;
	host->diag_detail(d, "The example driver keeps only the stamp, in "
			     "%s; it runs no SQL.",
			  c->path);
	return host->diag_set(d, MIGRATOR_DRIVER_EDB,
			      "example: this driver cannot run SQL");
}

/* No transactions: there is nothing to begin, commit or roll back. */
static int ex_tx(struct migrator_conn *c, struct migrator_diag *d)
{
	(void)c;
	(void)d;
	return 0;
}

/* No run lock (no MIGRATOR_CAP_RUN_LOCK): rename() keeps the file whole. */
static int ex_lock(struct migrator_conn *c, const char *table,
		   unsigned timeout_ms, struct migrator_diag *d)
{
	(void)c, (void)table, (void)timeout_ms, (void)d;
	return 0;
}

static int ex_unlock(struct migrator_conn *c, const char *table,
		     struct migrator_diag *d)
{
	(void)c, (void)table, (void)d;
	return 0;
}

static int io_error(const char *what, const char *path,
		    struct migrator_diag *d)
{
	int e = errno;

	host->diag_detail(d, "%s.", strerror(e));
	return host->diag_set(d, MIGRATOR_DRIVER_EDB, "example: cannot %s %s",
			      what, path);
}

/* The revisions in the file, one a line; a missing file has none. */
static int read_revs(const char *path, char ***revs, size_t *n,
		     struct migrator_diag *d)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	*revs = NULL;
	*n = 0;
	if (!f)
		return errno == ENOENT ? 0 : io_error("read", path, d);
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		char **v;

		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		v = realloc(*revs, (*n + 1) * sizeof(*v));
		if (!v || !(v[*n] = strdup(line))) {
			if (v)
				*revs = v;
			rc = nomem(d);
			break;
		}
		*revs = v;
		(*n)++;
	}
	if (rc == 0 && ferror(f))
		rc = io_error("read", path, d);
	free(line);
	fclose(f);
	return rc;
}

static void free_revs(char **revs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(revs[i]);
	free(revs);
}

static int ex_ensure(struct migrator_conn *c, const char *table,
		     struct migrator_diag *d)
{
	FILE *f;

	(void)table;
	f = fopen(c->path, "a"); /* creates it, changes nothing in it */
	if (!f)
		return io_error("create", c->path, d);
	if (fclose(f) != 0)
		return io_error("write", c->path, d);
	return 0;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ex_read(struct migrator_conn *c, const char *table,
		   struct migrator_strvec *out, struct migrator_diag *d)
{
	char **revs;
	size_t n;
	int rc = read_revs(c->path, &revs, &n, d);

	(void)table;
	if (rc == 0 && n)
		qsort(revs, n, sizeof(*revs), by_text);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (host->strvec_push(out, revs[i]) < 0)
			rc = nomem(d);
	free_revs(revs, n);
	return rc;
}

/* Writes revs (keep[i] != 0) to path through a temporary file and
 * rename(), so that a reader sees the old file or the new one. */
static int write_revs(const char *path, char **revs, const int *keep,
		      size_t n, const char *const *add, size_t nadd,
		      struct migrator_diag *d)
{
	size_t len = strlen(path) + sizeof(".tmp");
	char *tmp = malloc(len);
	FILE *f;
	int rc = 0;

	if (!tmp)
		return nomem(d);
	snprintf(tmp, len, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		rc = io_error("create", tmp, d);
		free(tmp);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			fprintf(f, "%s\n", revs[i]);
	for (size_t i = 0; i < nadd; i++)
		fprintf(f, "%s\n", add[i]);
	if (ferror(f) | (fclose(f) != 0))
		rc = io_error("write", tmp, d);
	else if (rename(tmp, path) != 0)
		rc = io_error("replace", path, d);
	if (rc)
		remove(tmp);
	free(tmp);
	return rc;
}

static int ex_write(struct migrator_conn *c, const char *table,
		    const char *const *del, size_t ndel,
		    const char *const *add, size_t nadd,
		    struct migrator_diag *d)
{
	char **revs;
	size_t n;
	int *keep = NULL;
	int rc = read_revs(c->path, &revs, &n, d);

	(void)table;
	if (rc == 0 && n && !(keep = malloc(n * sizeof(*keep))))
		rc = nomem(d);
	for (size_t i = 0; rc == 0 && i < n; i++)
		keep[i] = 1;
	for (size_t k = 0; rc == 0 && k < ndel; k++) {
		size_t i = 0;

		while (i < n && !(keep[i] && strcmp(revs[i], del[k]) == 0))
			i++;
		if (i == n)
			rc = host->diag_set(d, MIGRATOR_DRIVER_EDB,
					    "example: %s is no longer stamped "
					    "in %s (someone else moved the "
					    "stamp)",
					    del[k], c->path);
		else
			keep[i] = 0;
	}
	if (rc == 0)
		rc = write_revs(c->path, revs, keep, n, add, nadd, d);
	free(keep);
	free_revs(revs, n);
	return rc;
}

static const char *const schemes[] = {"example", NULL};

static const struct migrator_driver driver = {
	.abi_major = MIGRATOR_DRIVER_ABI_MAJOR,
	.abi_minor = MIGRATOR_DRIVER_ABI_MINOR,
	.size = sizeof(struct migrator_driver),
	.name = "example",
	.dialect = "example", /* no migration file has such a section */
	.schemes = schemes,
	.caps = MIGRATOR_CAP_NO_CREATE, /* connect() creates nothing */
	.connect = ex_connect,
	.close = ex_close,
	.exec = ex_exec,
	.begin = ex_tx,
	.commit = ex_tx,
	.rollback = ex_tx,
	.lock = ex_lock,
	.unlock = ex_unlock,
	.stamp_ensure = ex_ensure,
	.stamp_read = ex_read,
	.stamp_write = ex_write,
	/* every optional member NULL: no check, no history, no --sql */
};

/* Runs only after the host has checked the descriptor: the host speaks
 * this driver ABI major. */
static const struct migrator_driver *ex_create(
	const struct migrator_host *h, struct migrator_diag *d)
{
	(void)d;
	host = h;
	return &driver;
}

MIGRATOR_DRIVER_MODULE("example", ex_create, NULL);
