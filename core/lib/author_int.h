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
	/* the sections, "-- migrator:upgrade ..." (diff); NULL: empty ones */
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
 * Draws a fresh revision ID, writes "<id>_<slug>.sql" into the graph's
 * directory (O_CREAT | O_EXCL, every byte checked), then loads the
 * directory again and removes the file if the graph does not load with it.
 * *path_out is malloc'd; NULL on failure.
 */
int mg_author_write(char **path_out, const mg_graph *g,
		    const struct mg_author_file *f, mg_diag *d);

#endif
