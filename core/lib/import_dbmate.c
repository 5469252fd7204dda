/*
 * import_dbmate.c - dbmate's migrations: "VERSION_name.sql" (VERSION
 * digits), each with a "-- migrate:up" and an optional "-- migrate:down"
 * block; "transaction:false" after the marker runs the block outside a
 * transaction (-- migrator:transactional false).  dbmate records the
 * version string in schema_migrations.version.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "import_text.h"

static int bad(mg_diag *d, const char *file, unsigned line,
	       const char *why, const char *hint)
{
	mg_diag_set(d, MIGRATOR_ESCRIPT, "%s", why);
	mg_diag_locate(d, file, line);
	if (hint)
		mg_diag_hint(d, "%s", hint);
	return MIGRATOR_ESCRIPT;
}

/* "-- migrate:up transaction:false": which block, and its option. */
static int marker(const char *l, size_t n, int *up, int *notx)
{
	const char *opt;

	if (!mg_imp_starts(l, n, "-- migrate:"))
		return 0;
	while (*l == ' ' || *l == '\t') {
		l++;
		n--;
	}
	l += 11;
	n -= 11;
	if (n >= 2 && strncmp(l, "up", 2) == 0)
		*up = 1;
	else if (n >= 4 && strncmp(l, "down", 4) == 0)
		*up = 0;
	else
		return -1;
	opt = *up ? l + 2 : l + 4;
	*notx = 0;
	for (const char *p = opt; p + 17 <= l + n; p++)
		if (strncmp(p, "transaction:false", 17) == 0)
			*notx = 1;
	return 1;
}

static int parse(struct mg_import_rev *r, const char *text, const char *file,
		 mg_diag *d)
{
	const char *p = text, *l, *start[2] = {NULL, NULL},
		   *end[2] = {NULL, NULL};
	size_t n;
	unsigned line = 0;
	int cur = -1, notx[2] = {0, 0};

	while ((l = mg_imp_line(&p, &n)) != NULL) {
		int up = 0, nt = 0, m = marker(l, n, &up, &nt);

		line++;
		if (m < 0)
			return bad(d, file, line,
				   "unknown dbmate marker",
				   "dbmate knows \"-- migrate:up\" and "
				   "\"-- migrate:down\".");
		if (m == 0) {
			if (cur >= 0)
				end[cur] = p;
			continue;
		}
		if (start[up ? 0 : 1])
			return bad(d, file, line,
				   up ? "a second \"-- migrate:up\" block"
				      : "a second \"-- migrate:down\" block",
				   NULL);
		cur = up ? 0 : 1;
		start[cur] = end[cur] = p;
		notx[cur] = nt;
	}
	if (!start[0])
		return bad(d, file, 0, "no \"-- migrate:up\" block",
			   "dbmate needs one; migrator imports only what "
			   "dbmate would run.");
	r->upgrade = mg_imp_strndup(start[0], (size_t)(end[0] - start[0]));
	r->downgrade = start[1] ? mg_imp_strndup(start[1],
						 (size_t)(end[1] - start[1]))
				: NULL;
	/* dbmate takes the option from the block it runs; migrator has one
	 * flag per revision, for both directions */
	r->nontransactional = notx[0] || notx[1];
	if (!r->upgrade || (start[1] && !r->downgrade))
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	return 0;
}

/* A newline in a file name would break the comment lines the name goes
 * in; the message shows it as \n. */
static int newline_in_name(const char *src, const char *name, mg_diag *d)
{
	struct mg_buf b = MG_BUF_INIT;
	int rc = 0;

	for (const char *c = name; !rc && *c; c++)
		rc = *c == '\n' ? mg_buf_puts(&b, "\\n") : mg_buf_putc(&b, *c);
	if (rc < 0)
		rc = mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	else
		rc = mg_diag_set(d, MIGRATOR_ESCRIPT,
				 "%s/%s: a file name with a newline cannot be "
				 "imported",
				 src, mg_buf_cstr(&b));
	if (rc == MIGRATOR_ESCRIPT)
		mg_diag_hint(d, "Rename the file.");
	mg_buf_free(&b);
	return rc;
}

static int one(struct mg_import *im, void *arg, const char *src,
	       const char *name, mg_diag *d)
{
	size_t len = strlen(name), digits = strspn(name, "0123456789");
	struct mg_import_rev *r;
	char *text = NULL;
	const char *slug;
	int rc;

	(void)arg;
	if (strchr(name, '\n'))
		return newline_in_name(src, name, d);
	if (digits == 0 || len < 4 || strcmp(name + len - 4, ".sql") != 0) {
		mg_diag_set(d, MIGRATOR_ESCRIPT,
			    "%s/%s is not a dbmate migration", src, name);
		mg_diag_hint(d, "dbmate's files are VERSION_name.sql, VERSION "
				"being digits (dbmate new writes "
				"YYYYMMDDHHMMSS_name.sql); move other files "
				"out of the directory.");
		return MIGRATOR_ESCRIPT;
	}
	r = mg_import_add(im, d);
	if (!r)
		return MIGRATOR_ENOMEM;
	slug = name + digits + (name[digits] == '_');
	r->version = mg_imp_strndup(name, digits);
	r->message = mg_imp_message(slug, (size_t)(name + len - 4 - slug));
	r->file = strdup(name);
	if (!r->version || !r->message || !r->file)
		return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
	rc = mg_import_read(&text, src, name, d);
	if (!rc) {
		char *path = mg_strdup_printf("%s/%s", src, name);

		rc = path ? parse(r, text, path, d)
			  : mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
		free(path);
	}
	free(text);
	return rc;
}

int mg_import_dbmate(struct mg_import *im, const char *src, mg_diag *d)
{
	/* dbmate applies the files in the order of their names */
	return mg_import_each(im, src, one, NULL, d);
}
