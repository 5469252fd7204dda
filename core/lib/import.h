/*
 * import.h - `migrator import` (issue 17): another tool's migrations as a
 * list of revisions, parsed in plain C (no SQL runs), then written as
 * migrator files by the authoring code (author_write.c).
 *
 * Each format's parser (import_dbmate.c, import_golang.c,
 * import_flyway.c, import_sqitch.c) fills a struct mg_import in the
 * other tool's order; the revisions become one linear chain in that
 * order (each one's parent is the one before), so heads and history show
 * the tool's order.  Revision IDs come from the tool's version
 * (mg_import_id), the same function `migrator adopt` uses to find the
 * revision of a version it reads from the database.
 */
#ifndef MG_IMPORT_H
#define MG_IMPORT_H

#include <stddef.h>

#include "diag.h"
#include "strvec.h"

struct mg_import_rev {
	char *id;      /* the revision ID (mg_import_id of version) */
	char *version; /* the other tool's version, as it records it */
	char *message; /* one line */
	char *file;    /* the source file (its path under SRC) */
	char *upgrade, *downgrade, *verify; /* NULL: empty, none */
	int nontransactional;
	char *comment;     /* more header lines ("-- ...\n"), or NULL */
	mg_strvec depends; /* revision IDs (Sqitch's requires) */
	/* the format's sort key, when the files' order is not the plan's */
	unsigned long long num;
};

struct mg_import {
	const char *format; /* "dbmate", ... (static) */
	struct mg_import_rev *v;
	size_t n, cap;
	mg_strvec skipped; /* "FILE: reason", not imported */
	mg_strvec notes;   /* more summary lines */
};
#define MG_IMPORT_INIT {NULL, NULL, 0, 0, MG_STRVEC_INIT, MG_STRVEC_INIT}

void mg_import_clear(struct mg_import *im);
/* A new revision at the end (zeroed but for depends); NULL: out of
 * memory (d set). */
struct mg_import_rev *mg_import_add(struct mg_import *im, mg_diag *d);

/*
 * The revision ID of a version: the version itself when it is a valid
 * ID ([A-Za-z0-9_], 1 to 32 characters); otherwise every other character
 * becomes '_' ("1.2" -> "1_2"), and a result still longer than 32
 * characters becomes "v" and the first 31 hex digits of its SHA-256.
 * *mapped (may be NULL) is 1 when the ID differs from the version.  A
 * pure function: the same version always gives the same ID.  Malloc'd;
 * NULL when out of memory.
 */
char *mg_import_id(const char *version, int *mapped);

/* The regular files of dir (no dot files), sorted by name, into names;
 * a sub-directory is skipped.  MIGRATOR_EIO naming dir when it cannot be
 * read. */
int mg_import_list(mg_strvec *names, const char *dir, mg_diag *d);

/* Calls fn for each file mg_import_list finds in src, in name order,
 * until one fails. */
typedef int (*mg_import_file_fn)(struct mg_import *im, void *arg,
				 const char *src, const char *name,
				 mg_diag *d);
int mg_import_each(struct mg_import *im, const char *src,
		   mg_import_file_fn fn, void *arg, mg_diag *d);

/* Reads dir/name into a malloc'd string (*out); MIGRATOR_EIO. */
int mg_import_read(char **out, const char *dir, const char *name,
		   mg_diag *d);

/* Sets ids from versions, checks that no two revisions share an ID (nor
 * a version) and writes the header comment of each (where it came
 * from; the mapping, when the ID is not the version).  MIGRATOR_ESCRIPT
 * naming both files. */
int mg_import_finish(struct mg_import *im, mg_diag *d);

/* The parsers: src is the other tool's migrations directory (Sqitch: the
 * project directory, holding sqitch.plan).  Bad input is MIGRATOR_ESCRIPT
 * naming the file (and line). */
int mg_import_dbmate(struct mg_import *im, const char *src, mg_diag *d);
int mg_import_golang(struct mg_import *im, const char *src, mg_diag *d);
int mg_import_flyway(struct mg_import *im, const char *src, mg_diag *d);
/* Flyway's order of two dotted versions: numeric parts, leading zeros and
 * a missing part counting as 0 (1.10 after 1.9; 1.0 equals 1). */
int mg_import_flyway_cmp(const char *a, const char *b);
int mg_import_sqitch(struct mg_import *im, const char *src, mg_diag *d);

/*
 * Writes im's revisions into dir (created when missing) as a chain, in
 * order, through mg_author_write; on any failure every file written is
 * removed again.  summary receives the lines to print: what was written
 * and what was not.
 */
int mg_import_write(const struct mg_import *im, const char *dir,
		    mg_strvec *summary, mg_diag *d);

#endif
