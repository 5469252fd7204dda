/*
 * import_flyway.c - Flyway's SQL migrations: "V<version>__<description>.sql"
 * (versioned) and "U<version>__<description>.sql" (undo, Flyway Teams),
 * the version's parts separated by '.' or '_' ("V1_1__x.sql" is version
 * 1.1, as Flyway records it in flyway_schema_history.version).  Repeatable
 * "R__" files, Java migrations, callbacks (beforeMigrate.sql, ...) and
 * per-script configuration (.sql.conf) are listed as not imported.
 * Flyway orders versions by their numeric parts (1.10 after 1.9; 1.0
 * equals 1).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "import_text.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

/* Skips leading zeros of the part at *p; its significant digits' start
 * and length. */
static const char *part(const char **p, size_t *len)
{
	const char *b = *p;

	while (*b == '0' && b[1] >= '0' && b[1] <= '9')
		b++;
	*len = strspn(b, "0123456789");
	*p = b + *len;
	if (**p == '.')
		(*p)++;
	return b;
}

int mg_import_flyway_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		size_t la = 0, lb = 0;
		const char *pa = *a ? part(&a, &la) : "0",
			   *pb = *b ? part(&b, &lb) : "0";
		int c;

		if (!la)
			la = 1;
		if (!lb)
			lb = 1;
		if (la != lb)
			return la < lb ? -1 : 1;
		c = strncmp(pa, pb, la);
		if (c)
			return c;
	}
	return 0;
}

static int by_version(const void *x, const void *y)
{
	return mg_import_flyway_cmp(((const struct mg_import_rev *)x)->version,
			   ((const struct mg_import_rev *)y)->version);
}

static int skip(struct mg_import *im, const char *name, const char *why,
		mg_diag *d)
{
	char *line = mg_strdup_printf("%s: %s", name, why);
	int rc = line && mg_strvec_push(&im->skipped, line) == 0 ? 0
								 : nomem(d);

	free(line);
	return rc;
}

/* "1_2.3" -> "1.2.3" when name[1..] starts with a version followed by
 * "__"; NULL otherwise.  *desc points after the "__". */
static char *version_of(const char *name, const char **desc)
{
	const char *p = name + 1;
	struct mg_buf b = MG_BUF_INIT;

	for (;;) {
		size_t n = strspn(p, "0123456789");

		if (n == 0 || mg_buf_add(&b, p, n) < 0)
			break;
		p += n;
		if (p[0] == '_' && p[1] == '_') {
			*desc = p + 2;
			return mg_buf_detach(&b);
		}
		if ((*p != '.' && *p != '_') || mg_buf_putc(&b, '.') < 0)
			break;
		p++;
	}
	mg_buf_free(&b);
	return NULL;
}

static int not_ours(const char *src, const char *name, mg_diag *d)
{
	mg_diag_set(d, MIGRATOR_ESCRIPT, "%s/%s is not a Flyway migration",
		    src, name);
	mg_diag_hint(d, "Flyway's SQL migrations are V<version>__<description>"
			".sql, undo files U<version>__<description>.sql and "
			"repeatable ones R__<description>.sql; move other "
			"files out of the directory.");
	return MIGRATOR_ESCRIPT;
}

static int one(struct mg_import *im, void *arg, const char *src,
	       const char *name, mg_diag *d)
{
	mg_strvec *undo = arg;
	size_t len = strlen(name);
	const char *desc = NULL;
	struct mg_import_rev *r;
	char *v;
	int rc;

	if (len > 5 && (strcmp(name + len - 5, ".java") == 0 ||
			strcmp(name + len - 6, ".class") == 0))
		return skip(im, name, "Java migration (only SQL migrations "
				      "can be converted; port it to SQL by "
				      "hand)", d);
	if (len > 9 && strcmp(name + len - 9, ".sql.conf") == 0)
		return skip(im, name, "script configuration (Flyway's per-"
				      "script settings; migrator has "
				      "-- migrator:transactional and the "
				      "timeouts in the header)", d);
	if (len < 4 || strcmp(name + len - 4, ".sql") != 0)
		return not_ours(src, name, d);
	if (strncmp(name, "before", 6) == 0 || strncmp(name, "after", 5) == 0)
		return skip(im, name, "callback (Flyway runs it around its "
				      "own commands; run it yourself, or make "
				      "it a hook plugin)", d);
	if (strncmp(name, "R__", 3) == 0)
		return skip(im, name, "repeatable migration (Flyway runs it "
				      "again whenever it changes; migrator "
				      "has no such kind: make it a revision "
				      "when it changes)", d);
	if (name[0] != 'V' && name[0] != 'U')
		return not_ours(src, name, d);
	v = version_of(name, &desc);
	if (!v)
		return not_ours(src, name, d);
	if (name[0] == 'U') {
		/* paired with its V file once all are read */
		rc = mg_strvec_push(undo, name) < 0 ||
				     mg_strvec_push(undo, v) < 0
			     ? nomem(d)
			     : 0;
		free(v);
		return rc;
	}
	r = mg_import_add(im, d);
	if (!r) {
		free(v);
		return MIGRATOR_ENOMEM;
	}
	r->version = v;
	r->message = mg_imp_message(desc, (size_t)(name + len - 4 - desc));
	r->file = strdup(name);
	if (!r->message || !r->file)
		return nomem(d);
	return mg_import_read(&r->upgrade, src, name, d);
}

static int pair_undo(struct mg_import *im, const mg_strvec *undo,
		     const char *src, mg_diag *d)
{
	for (size_t i = 0; i + 1 < undo->n; i += 2) {
		struct mg_import_rev *r = NULL;

		for (size_t k = 0; k < im->n && !r; k++)
			if (mg_import_flyway_cmp(im->v[k].version, undo->v[i + 1]) == 0)
				r = &im->v[k];
		if (!r) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
				    "%s/%s undoes version %s, which no V file "
				    "has",
				    src, undo->v[i], undo->v[i + 1]);
			return MIGRATOR_ESCRIPT;
		}
		if (r->downgrade) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
				    "%s/%s: a second undo file for version %s",
				    src, undo->v[i], r->version);
			return MIGRATOR_ESCRIPT;
		}
		if (mg_import_read(&r->downgrade, src, undo->v[i], d))
			return MIGRATOR_EIO;
	}
	return 0;
}

int mg_import_flyway(struct mg_import *im, const char *src, mg_diag *d)
{
	mg_strvec undo = MG_STRVEC_INIT;
	int rc = mg_import_each(im, src, one, &undo, d);

	if (!rc && im->n > 1)
		qsort(im->v, im->n, sizeof(*im->v), by_version);
	for (size_t i = 1; !rc && i < im->n; i++)
		if (mg_import_flyway_cmp(im->v[i - 1].version, im->v[i].version) == 0) {
			mg_diag_set(d, MIGRATOR_ESCRIPT,
				    "%s/%s and %s/%s have the same version "
				    "%s",
				    src, im->v[i - 1].file, src,
				    im->v[i].file, im->v[i].version);
			mg_diag_hint(d, "Flyway refuses this too: give each "
					"migration a version of its own.");
			rc = MIGRATOR_ESCRIPT;
		}
	if (!rc)
		rc = pair_undo(im, &undo, src, d);
	mg_strvec_clear(&undo);
	return rc;
}
