/*
 * embed_util.h - what the test programs of the public API (test_api.c,
 * test_api_ops.c) share: a temporary directory with files in it, the
 * database URLs, the lint plugin of the build tree.  Each helper prints
 * "Bail out!" and exits when it cannot do its job.
 */
#ifndef EMBED_UTIL_H
#define EMBED_UTIL_H

#include <migrator/migrator.h>

/* The test's temporary directory, made by embed_setup(). */
extern char tmpdir[];

/*
 * Starts a test program: makes tmpdir, puts the build tree's lint hook
 * plugin on MIGRATOR_PLUGIN_PATH (beside the drivers that make check puts
 * there, as tests/e2e/lint.bats does) and picks the backend.  PostgreSQL
 * when argv[1] is "postgresql": vars[0] must then be set (by script,
 * named when it is not); else SQLite, and the variables vars (up to NULL)
 * are unset.  Returns 1 for SQLite, 0 for PostgreSQL.
 */
int embed_setup(int argc, char **argv, const char *const *vars,
		const char *script);

/* The concatenation of the strings up to NULL, malloc'd. */
char *join(const char *first, ...);
/* Writes text to dir/name. */
void write_file(const char *dir, const char *name, const char *text);
/* Makes tmpdir/name; returns its path, malloc'd. */
char *new_dir(const char *name);
/* The URL in the environment variable env, else an SQLite file
 * tmpdir/name.db; malloc'd. */
char *url_or_sqlite(const char *env, const char *name);
/* The IDs of l joined by ",": one of four static buffers, in turn. */
char *list_text(const migrator_revlist *l);
/* The stamp ctx's migrator_current() reads, as list_text() gives it;
 * "ERROR" on failure. */
const char *current(migrator_ctx *ctx);
/* 1 when s is not NULL and holds part. */
int contains(const char *s, const char *part);
/* Removes tmpdir and everything in it. */
void cleanup(void);

#endif
