/*
 * author.h - writing migrations: init, revision and merge (DESIGN 3).
 *
 * These functions only write files; they never connect to a database and
 * never print.  A path handed back through a char ** is malloc'd and the
 * caller frees it with free().
 */
#ifndef MG_AUTHOR_H
#define MG_AUTHOR_H

#include <stddef.h>

#include "diag.h"
#include "graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Generated revision IDs: this many lowercase hex digits, as Alembic. */
#define MG_AUTHOR_ID_LEN 12
/* The longest revision ID (DESIGN 1). */
#define MG_AUTHOR_ID_MAX 32
/* File names are "<revision>_<slug>.sql" with a slug of at most this many
 * characters. */
#define MG_AUTHOR_SLUG_MAX 40

/*
 * Writes a new revision into the graph's directory: a file named
 * "<12 hex>_<slug>.sql" holding the header (revision, down_revision,
 * message, branch_labels, depends_on), a creation-date comment and empty
 * "-- migrator:upgrade" and "-- migrator:downgrade" sections.  The ID
 * comes from the system's random source and is drawn again in the unlikely
 * event that it is taken.  The file is created with O_EXCL and removed
 * again if it cannot be written in full or the directory's graph does not
 * load with it.  IDs and prefixes given for --head and depends_on are
 * written as full IDs.  Bad input is MIGRATOR_EUSAGE, file errors
 * MIGRATOR_EIO.  *path_out (dir/name) is NULL on failure.  spec is the
 * public struct (<migrator/migrator.h>, which says what each member
 * means); its version is the facade's to check.
 */
int mg_author_revision(char **path_out, const mg_graph *g,
			     const struct migrator_revision_spec *spec,
			     mg_diag *d);

/* mg_author_revision() with body (the "-- migrator:upgrade" and
 * "-- migrator:downgrade" sections, `migrator diff`) in place of the
 * empty sections. */
int mg_author_revision_body(char **path_out, const mg_graph *g,
			    const struct migrator_revision_spec *spec,
			    const char *body, mg_diag *d);

/*
 * Writes a merge revision whose down_revision lists the revisions that
 * targets[0..n) resolve to (each a target expression; "heads" gives every
 * head), in the order given, each once.  They must be at least two and
 * none may be an ancestor of another (MIGRATOR_EUSAGE otherwise).  The
 * sections are empty.  As mg_author_revision() otherwise.
 */
int mg_author_merge(char **path_out, const mg_graph *g,
			  const char *message, const char *const *targets,
			  size_t n, mg_diag *d);

/* mg_author_init() sets this in *made when it created the
 * directory (rather than adopting an empty one): the public flag. */
#define MG_AUTHOR_MADE_DIR MIGRATOR_INIT_MADE_DIR

/*
 * Creates a project: the migrations directory dir (with missing parents)
 * and the config file ini_path, whose [migrator] section sets
 * "migrations = dir" and shows a commented url line for each backend.  A
 * relative dir is relative to ini_path's directory, as every path in a
 * config file is (DESIGN 8).  An existing, empty dir is used as it is.
 * Refuses, with MIGRATOR_EUSAGE and nothing changed, when ini_path exists
 * or dir exists and is not an empty directory.  On a later failure
 * (MIGRATOR_EIO) what was created is removed again.
 */
int mg_author_init(unsigned *made, const char *ini_path,
			 const char *dir, mg_diag *d);

#ifdef __cplusplus
}
#endif
#endif
