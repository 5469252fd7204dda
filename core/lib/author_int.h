/*
 * author_int.h - what author_revision.c and author_write.c share.
 */
#ifndef MG_AUTHOR_INT_H
#define MG_AUTHOR_INT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "graph.h"

/* The header of a revision file about to be written; every value has been
 * checked already. */
struct mg_author_file {
	const char *message; /* one line, trimmed */
	const char *const *parents;
	size_t n_parents; /* 0: a root */
	const char *const *labels;
	size_t n_labels;
	const char *const *depends;
	size_t n_depends;
	/* issue 17 (`migrator import`): all may be NULL/0, as `revision`
	 * leaves them */
	const char *id;	     /* the revision ID; NULL: a random one */
	const char *made_by; /* "revision" in the creation line when NULL */
	const char *comment; /* more header comment lines ("-- ..."), or NULL */
	int nontransactional; /* "-- migrator:transactional false" */
	/* the sections' text; NULL: empty (verify: none) */
	const char *upgrade, *downgrade, *verify;
	/* the sections, "-- migrator:upgrade ..." (diff), instead of upgrade and downgrade; NULL: those */
	const char *body;
};

/* Checks that a message is one non-empty line of valid UTF-8 and puts it,
 * without surrounding blanks, into out (MIGRATOR_EUSAGE). */
int mg_author_message(struct mg_buf *out, const char *message,
		      mg_diag *d);

/* The file-name slug of message: lower-case ASCII letters and digits,
 * runs of anything else as one '_', cut at a word boundary to at most
 * MG_AUTHOR_SLUG_MAX; "revision" when nothing is left. */
int mg_author_slug(struct mg_buf *out, const char *message);

/*
 * Draws a fresh revision ID (or takes f->id), writes "<id>_<slug>.sql"
 * into the graph's directory (O_CREAT | O_EXCL, every byte checked), then
 * loads the directory again and removes the file if the graph does not
 * load with it.  A given ID whose file exists is MIGRATOR_EUSAGE.
 * *path_out is malloc'd; NULL on failure.
 */
int mg_author_write(char **path_out, const mg_graph *g,
		    const struct mg_author_file *f, mg_diag *d);

#endif
