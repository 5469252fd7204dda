/*
 * import.c - what the import parsers share: the list of revisions,
 * version -> revision ID, reading the source directory, and the last
 * checks before anything is written.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "file_io.h"
#include "import.h"
#include "sha256.h"

#define ID_MAX 32

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static void rev_clear(struct mg_import_rev *r)
{
	free(r->id);
	free(r->version);
	free(r->message);
	free(r->file);
	free(r->upgrade);
	free(r->downgrade);
	free(r->verify);
	free(r->comment);
	mg_strvec_clear(&r->depends);
}

void mg_import_clear(struct mg_import *im)
{
	for (size_t i = 0; i < im->n; i++)
		rev_clear(&im->v[i]);
	free(im->v);
	im->v = NULL;
	im->n = im->cap = 0;
	mg_strvec_clear(&im->skipped);
	mg_strvec_clear(&im->notes);
}

struct mg_import_rev *mg_import_add(struct mg_import *im, mg_diag *d)
{
	struct mg_import_rev *r;

	if (mg_array_grow(&im->v, &im->cap, im->n + 1, sizeof(*im->v), 16) <
	    0) {
		nomem(d);
		return NULL;
	}
	r = &im->v[im->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static int id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

char *mg_import_id(const char *version, int *mapped)
{
	size_t n = strlen(version);
	char *id = malloc(n + 1 > ID_MAX + 1 ? n + 1 : ID_MAX + 1);
	int changed = n == 0;

	if (!id)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		id[i] = id_char(version[i]) ? version[i] : '_';
		changed |= id[i] != version[i];
	}
	id[n] = '\0';
	if (n == 0 || n > ID_MAX) {
		char hex[65];

		mg_sha256_hex(hex, version, n);
		id[0] = 'v';
		memcpy(id + 1, hex, ID_MAX - 1);
		id[ID_MAX] = '\0';
		changed = 1;
	}
	if (mapped)
		*mapped = changed;
	return id;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int mg_import_list(mg_strvec *names, const char *dir, mg_diag *d)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!dp)
		return mg_io_error(d, "read directory", dir, errno);
	while (!rc && (errno = 0, e = readdir(dp)) != NULL) {
		struct mg_buf path = MG_BUF_INIT;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if (mg_buf_printf(&path, "%s/%s", dir, e->d_name) < 0) {
			rc = nomem(d);
			break;
		}
		if (stat(mg_buf_cstr(&path), &st) == 0 && S_ISDIR(st.st_mode)) {
			mg_buf_free(&path);
			continue;
		}
		mg_buf_free(&path);
		if (mg_strvec_push(names, e->d_name) < 0)
			rc = nomem(d);
	}
	if (!rc && errno)
		rc = mg_io_error(d, "read directory", dir, errno);
	closedir(dp);
	if (!rc && names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), by_name);
	return rc;
}

int mg_import_each(struct mg_import *im, const char *src,
		   mg_import_file_fn fn, void *arg, mg_diag *d)
{
	mg_strvec names = MG_STRVEC_INIT;
	int rc = mg_import_list(&names, src, d);

	for (size_t i = 0; !rc && i < names.n; i++)
		rc = fn(im, arg, src, names.v[i], d);
	mg_strvec_clear(&names);
	return rc;
}

int mg_import_read(char **out, const char *dir, const char *name,
		   mg_diag *d)
{
	struct mg_buf path = MG_BUF_INIT, text = MG_BUF_INIT;
	int rc;

	*out = NULL;
	if (mg_buf_printf(&path, "%s/%s", dir, name) < 0) {
		mg_buf_free(&path);
		return nomem(d);
	}
	rc = mg_file_read(&text, mg_buf_cstr(&path), d);
	if (!rc && memchr(text.ptr ? text.ptr : "", '\0', text.len)) {
		rc = mg_diag_set(d, MIGRATOR_ESCRIPT,
				 "%s holds a NUL byte", mg_buf_cstr(&path));
	}
	/* a UTF-8 BOM would hide a first line's marker */
	if (!rc && text.len >= 3 && memcmp(text.ptr, "\xEF\xBB\xBF", 3) == 0) {
		memmove(text.ptr, text.ptr + 3, text.len - 3 + 1);
		text.len -= 3;
	}
	if (!rc && !(*out = mg_buf_detach(&text)))
		*out = strdup("");
	if (!rc && !*out)
		rc = nomem(d);
	mg_buf_free(&path);
	mg_buf_free(&text);
	return rc;
}

static int dup_error(const struct mg_import_rev *a,
		     const struct mg_import_rev *b, const char *what,
		     mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_ESCRIPT, "%s and %s have the same %s %s",
		    a->file, b->file, what,
		    strcmp(what, "version") == 0 ? a->version : a->id);
	mg_diag_hint(d, "Each migration needs a version of its own; rename "
			"one of the files.");
	return MIGRATOR_ESCRIPT;
}

static int set_comment(struct mg_import_rev *r, const char *format,
		       int mapped)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc = mg_buf_printf(&b, "-- Imported from %s: %s (version %s).\n",
			       format, r->file, r->version);

	if (!rc && mapped)
		rc = mg_buf_printf(&b, "-- Version map: %s = revision %s (a "
				       "revision ID has only A-Z, a-z, 0-9 "
				       "and _, at most 32).\n",
				   r->version, r->id);
	if (!rc && r->comment)
		rc = mg_buf_puts(&b, r->comment);
	if (rc) {
		mg_buf_free(&b);
		return rc;
	}
	free(r->comment);
	r->comment = mg_buf_detach(&b);
	return r->comment ? 0 : -1;
}

int mg_import_finish(struct mg_import *im, mg_diag *d)
{
	for (size_t i = 0; i < im->n; i++) {
		struct mg_import_rev *r = &im->v[i];
		int mapped = 0;

		if (!r->id && !(r->id = mg_import_id(r->version, &mapped)))
			return nomem(d);
		if (r->id && strcmp(r->id, r->version) != 0)
			mapped = 1;
		for (size_t k = 0; k < i; k++) {
			if (strcmp(im->v[k].version, r->version) == 0)
				return dup_error(&im->v[k], r, "version", d);
			if (strcmp(im->v[k].id, r->id) == 0)
				return dup_error(&im->v[k], r, "revision ID",
						 d);
		}
		if (set_comment(r, im->format, mapped) < 0)
			return nomem(d);
		if (mapped) {
			char *line = mg_strdup_printf("version map: %s = "
						      "revision %s",
						      r->version, r->id);

			if (!line || mg_strvec_push(&im->notes, line) < 0) {
				free(line);
				return nomem(d);
			}
			free(line);
		}
	}
	return 0;
}
