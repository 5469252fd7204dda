/*
 * import_golang.c - golang-migrate's migrations: "VERSION_title.up.sql"
 * and "VERSION_title.down.sql", VERSION an unsigned decimal number (its
 * documentation: {version}_{title}.up.{extension}).  golang-migrate keeps
 * one row in schema_migrations: the version as a bigint and the dirty
 * flag; the revision ID is that number in decimal, without leading zeros.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "import_text.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static int not_ours(const char *src, const char *name, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_ESCRIPT,
		    "%s/%s is not a golang-migrate migration", src, name);
	mg_diag_hint(d, "golang-migrate's files are VERSION_title.up.sql and "
			"VERSION_title.down.sql, VERSION an unsigned number; "
			"move other files out of the directory.");
	return MIGRATOR_ESCRIPT;
}

static int by_num(const void *a, const void *b)
{
	const struct mg_import_rev *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

static struct mg_import_rev *find(struct mg_import *im,
				  unsigned long long v)
{
	for (size_t i = 0; i < im->n; i++)
		if (im->v[i].num == v)
			return &im->v[i];
	return NULL;
}

static int one(struct mg_import *im, void *arg, const char *src,
	       const char *name, mg_diag *d)
{
	size_t len = strlen(name), digits = strspn(name, "0123456789");
	const char *title, *ext;
	unsigned long long v;
	struct mg_import_rev *r;
	char *end, **slot;
	int up, rc;

	(void)arg;
	if (digits == 0 || name[digits] != '_' || len < 8 ||
	    strcmp(name + len - 4, ".sql") != 0)
		return not_ours(src, name, d);
	ext = name + len - 4;
	if (ext - name >= 3 && strncmp(ext - 3, ".up", 3) == 0)
		up = 1;
	else if (ext - name >= 5 && strncmp(ext - 5, ".down", 5) == 0)
		up = 0;
	else
		return not_ours(src, name, d);
	errno = 0;
	v = strtoull(name, &end, 10);
	if (errno || end != name + digits || v > 9223372036854775807ull) {
		mg_diag_set(d, MIGRATOR_ESCRIPT,
			    "%s/%s: the version is too large", src, name);
		return MIGRATOR_ESCRIPT;
	}
	title = name + digits + 1;
	r = find(im, v);
	if (!r) {
		r = mg_import_add(im, d);
		if (!r)
			return MIGRATOR_ENOMEM;
		r->num = v;
		r->version = mg_strdup_printf("%llu", v);
		r->message = mg_imp_message(
			title, (size_t)(ext - (up ? 3 : 5) - title));
		r->file = strdup(name);
		if (!r->version || !r->message || !r->file)
			return nomem(d);
	}
	slot = up ? &r->upgrade : &r->downgrade;
	if (*slot) {
		mg_diag_set(d, MIGRATOR_ESCRIPT,
			    "%s/%s: a second %s migration for version %llu",
			    src, name, up ? "up" : "down", v);
		mg_diag_hint(d, "golang-migrate allows one up and one down "
				"file per version.");
		return MIGRATOR_ESCRIPT;
	}
	rc = mg_import_read(slot, src, name, d);
	if (!rc && up && strcmp(r->file, name) != 0) {
		/* name the revision after its up file */
		free(r->file);
		r->file = strdup(name);
		if (!r->file)
			rc = nomem(d);
	}
	return rc;
}

int mg_import_golang(struct mg_import *im, const char *src, mg_diag *d)
{
	int rc = mg_import_each(im, src, one, NULL, d);

	for (size_t i = 0; !rc && i < im->n; i++)
		if (!im->v[i].upgrade) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
				    "%s/%s has no up migration", src,
				    im->v[i].file);
			mg_diag_hint(d, "golang-migrate needs "
					"VERSION_title.up.sql for each "
					"version.");
			rc = MIGRATOR_ESCRIPT;
		}
	/* golang-migrate applies by the number's order */
	if (!rc && im->n > 1)
		qsort(im->v, im->n, sizeof(*im->v), by_num);
	return rc;
}
