/*
 * import_write.c - writes imported revisions as migrator files: each one
 * through mg_author_write (the code `migrator revision` writes with), as
 * a chain in the other tool's order.  All or nothing: on a failure the
 * files written so far (and a directory made here) are removed again.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "author_int.h"
#include "file_io.h"
#include "graph_build.h"
#include "import.h"

static int nomem(mg_diag *d)
{
	return mg_diag_set(d, MIGRATOR_ENOMEM, "out of memory");
}

static void file_of(struct mg_author_file *f, const struct mg_import_rev *r,
		    const char *const *parent)
{
	memset(f, 0, sizeof(*f));
	f->id = r->id;
	f->message = r->message;
	f->parents = parent;
	f->n_parents = parent ? 1 : 0;
	f->depends = (const char *const *)r->depends.v;
	f->n_depends = r->depends.n;
	f->made_by = "import";
	f->comment = r->comment;
	f->nontransactional = r->nontransactional;
	f->upgrade = r->upgrade;
	f->downgrade = r->downgrade;
	f->verify = r->verify;
}

/* Makes dir when it is missing; *made says so. */
static int ensure_dir(const char *dir, int *made, mg_diag *d)
{
	struct stat st;

	*made = 0;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode)
			       ? 0
			       : mg_diag_set(d, MIGRATOR_EUSAGE,
					     "%s is not a directory", dir);
	if (errno != ENOENT || mkdir(dir, 0777) < 0)
		return mg_io_error(d, "create directory", dir, errno);
	*made = 1;
	return 0;
}

static int summarize(mg_strvec *out, const struct mg_import *im,
		     const char *dir, mg_diag *d)
{
	char *line = mg_strdup_printf(
		"imported %zu revision%s from %s into %s", im->n,
		im->n == 1 ? "" : "s", im->format, dir);
	int rc = line && mg_strvec_push(out, line) == 0 ? 0 : nomem(d);

	free(line);
	for (size_t i = 0; !rc && i < im->n; i++) {
		line = mg_strdup_printf("  %s <- %s", im->v[i].id,
					im->v[i].file);
		rc = line && mg_strvec_push(out, line) == 0 ? 0 : nomem(d);
		free(line);
	}
	for (size_t i = 0; !rc && i < im->notes.n; i++)
		rc = mg_strvec_push(out, im->notes.v[i]) == 0 ? 0 : nomem(d);
	for (size_t i = 0; !rc && i < im->skipped.n; i++) {
		line = mg_strdup_printf("not imported: %s", im->skipped.v[i]);
		rc = line && mg_strvec_push(out, line) == 0 ? 0 : nomem(d);
		free(line);
	}
	return rc;
}

int mg_import_write(const struct mg_import *im, const char *dir,
		    mg_strvec *summary, mg_diag *d)
{
	mg_strvec written = MG_STRVEC_INIT;
	mg_graph *g = NULL;
	int made = 0, rc;

	if (im->n == 0) {
		mg_diag_set(d, MIGRATOR_ESCRIPT,
			    "no %s migrations found to import", im->format);
		return MIGRATOR_ESCRIPT;
	}
	rc = ensure_dir(dir, &made, d);
	if (!rc)
		rc = mg_graph_load(&g, dir, d);
	for (size_t i = 0; !rc && i < im->n; i++) {
		const char *parent = i ? im->v[i - 1].id : NULL;
		struct mg_author_file f;
		char *path = NULL;

		file_of(&f, &im->v[i], parent ? &parent : NULL);
		rc = mg_author_write(&path, g, &f, d);
		if (!rc && mg_strvec_push(&written, path) < 0)
			rc = nomem(d);
		if (rc && path)
			unlink(path);
		free(path);
	}
	if (!rc)
		rc = summarize(summary, im, dir, d);
	if (rc) {
		for (size_t i = 0; i < written.n; i++)
			unlink(written.v[i]);
		if (made)
			rmdir(dir);
	}
	mg_strvec_clear(&written);
	mg_graph_free(g);
	return rc;
}
