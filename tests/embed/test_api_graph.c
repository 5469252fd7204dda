/*
 * test_api_graph.c - the graph half of the public C API
 * (<migrator/migrator.h>): revisions and their accessors, revision lists,
 * migrator_graph_load, migrator_history, migrator_revision_lookup and
 * migrator_url, linked to libmigrator.so alone.
 *
 * The migrations are written to a temporary directory:
 *
 *   a1 --+-- b2 (billing, not transactional) --+-- d4 (merge) -- e5
 *        +-- b21 (three sections) -------------+                 :
 *        +-- f6 (file named f6..e: a warning) <.. depends_on ....:
 *
 * Orders and error messages are compared with what the migrator program
 * ($MIGRATOR, set by make check) prints for the same directory, so the
 * library and the program cannot drift apart; `current` is read from a
 * real SQLite file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <migrator/migrator.h>

#include "tap.h"
#include "embed_util.h"

#define R1 "a1000000000a"
#define R2 "b2000000000b"
#define R3 "b2100000000c"
#define R4 "d4000000000d"
#define R5 "e5000000000e"
#define R6 "f6000000000f"

static char *migs, *migs_bad, *db_url;

static void write_graph(void)
{
	migs = new_dir("migs");
	write_file(migs, R1 "_create_a.sql",
		   "-- migrator:revision " R1 "\n"
		   "-- migrator:message create a\n"
		   "\n"
		   "-- migrator:upgrade\n"
		   "CREATE TABLE a (id INTEGER);\n"
		   "-- migrator:downgrade\n"
		   "DROP TABLE a;\n");
	write_file(migs, R2 "_billing.sql",
		   "-- migrator:revision " R2 "\n"
		   "-- migrator:down_revision " R1 "\n"
		   "-- migrator:branch_labels billing\n"
		   "-- migrator:transactional false\n"
		   "-- migrator:message billing\n"
		   "\n"
		   "-- migrator:upgrade\n"
		   "CREATE TABLE b (id INTEGER);\n"
		   "-- migrator:downgrade\n"
		   "DROP TABLE b;\n");
	/* No message; a plain, a dialect and a downgrade section. */
	write_file(migs, R3 "_c.sql",
		   "-- migrator:revision " R3 "\n"
		   "-- migrator:down_revision " R1 "\n"
		   "\n"
		   "-- migrator:upgrade\n"
		   "CREATE TABLE c (id INTEGER);\n"
		   "-- migrator:upgrade sqlite\n"
		   "CREATE TABLE c (id INTEGER PRIMARY KEY);\n"
		   "-- migrator:downgrade\n"
		   "DROP TABLE c;\n");
	/* The parents in the file's order: R3 first. */
	write_file(migs, R4 "_merge.sql",
		   "-- migrator:revision " R4 "\n"
		   "-- migrator:down_revision " R3 ", " R2 "\n"
		   "-- migrator:message merge\n"
		   "\n"
		   "-- migrator:upgrade\n"
		   "-- migrator:downgrade\n");
	write_file(migs, R5 "_top.sql",
		   "-- migrator:revision " R5 "\n"
		   "-- migrator:down_revision " R4 "\n"
		   "-- migrator:depends_on " R6 "\n"
		   "-- migrator:message top\n"
		   "\n"
		   "-- migrator:upgrade\n"
		   "CREATE TABLE e (id INTEGER);\n"
		   "-- migrator:downgrade\n"
		   "DROP TABLE e;\n");
	/* A file name that disagrees with its revision: a graph warning. */
	write_file(migs, "f6000000000e_side.sql",
		   "-- migrator:revision " R6 "\n"
		   "-- migrator:down_revision " R1 "\n"
		   "-- migrator:message side\n"
		   "\n"
		   "-- migrator:upgrade\n"
		   "CREATE TABLE f (id INTEGER);\n"
		   "-- migrator:downgrade\n"
		   "DROP TABLE f;\n");
	migs_bad = new_dir("migs_bad");
	write_file(migs_bad, R1 "_bad.sql",
		   "-- migrator:revision " R1 "\n"
		   "-- migrator:no_such_key x\n");
}

/* ------------------------------------------------------------------ */
/* The migrator program, for comparison                                */

/* The program's output for "ARGS" on migs (with db_url when db), stderr
 * too when err; malloc'd. */
static char *program(int db, const char *args, int err)
{
	const char *prog = getenv("MIGRATOR");
	char *cmd = join("'", prog, "' -m '", migs, "' ", db ? "-d '" : "",
			 db ? db_url : "", db ? "' " : "", args,
			 err ? " 2>&1" : " 2>/dev/null", (char *)NULL);
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t len = 0, cap = 0;
	int c;

	if (!p) {
		printf("Bail out! cannot run %s\n", cmd);
		exit(1);
	}
	while ((c = fgetc(p)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? 2 * cap : 256;
			out = realloc(out, cap);
			if (!out) {
				printf("Bail out! out of memory\n");
				exit(1);
			}
		}
		out[len++] = (char)c;
	}
	pclose(p);
	free(cmd);
	if (!out)
		return join("", (char *)NULL);
	out[len] = '\0';
	return out;
}

/* The IDs `migrator history ARGS` prints ("<base> -> ID ..." per line),
 * space-separated; malloc'd. */
static char *program_history(int db, const char *args)
{
	char *cmd = join("history ", args, (char *)NULL);
	char *out = program(db, cmd, 0), *ids = join("", (char *)NULL);

	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char *arrow = strstr(line, " -> "), *old = ids;

		if (!arrow)
			continue;
		arrow += 4;
		arrow[strspn(arrow, "0123456789abcdef")] = '\0';
		ids = join(old, old[0] ? " " : "", arrow, (char *)NULL);
		free(old);
	}
	free(out);
	free(cmd);
	return ids;
}

/* The list's IDs, space-separated; malloc'd. */
static char *list_ids(const migrator_revlist *l)
{
	char *ids = join("", (char *)NULL);

	for (size_t i = 0; i < migrator_revlist_count(l); i++) {
		char *old = ids;

		ids = join(old, i ? " " : "", migrator_revlist_get(l, i),
			   (char *)NULL);
		free(old);
	}
	return ids;
}

/* ------------------------------------------------------------------ */

/* A lazy context on migs without a URL. */
static migrator_ctx *open_lazy(const char *dir, const char *url)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;

	o.url = url;
	o.migrations = dir;
	o.flags = MIGRATOR_OPEN_LAZY;
	check_int(migrator_open_ext(&ctx, &o), ==, 0);
	return ctx;
}

static const migrator_revision *lookup(migrator_ctx *ctx, const char *expr)
{
	const migrator_revision *r = NULL;

	check_int(migrator_revision_lookup(ctx, expr, &r), ==, 0);
	check(r != NULL);
	return r;
}

static void test_lazy_no_url(void)
{
	migrator_ctx *ctx = open_lazy(migs, NULL);
	migrator_revlist *l = NULL;
	char *ids;

	check_str(migrator_url(ctx), "");
	check_int(migrator_heads(ctx, &l), ==, 0);
	ids = list_ids(l);
	check_str(ids, R5 " " R6);
	free(ids);
	check(migrator_revlist_revision(l, 0) == lookup(ctx, R5));
	check(migrator_revlist_revision(l, 1) == lookup(ctx, R6));
	check(migrator_revlist_revision(l, 2) == NULL);
	migrator_revlist_free(l);
	check_int(migrator_history(ctx, NULL, &l), ==, 0);
	check_int(migrator_revlist_count(l), ==, 6);
	migrator_revlist_free(l);
	/* what needs the database says so */
	check_int(migrator_current(ctx, &l), ==, MIGRATOR_ECONFIG);
	check(l == NULL);
	check(strstr(migrator_errmsg(ctx), "no database URL") != NULL);
	check_int(migrator_history(ctx, "current:", &l), ==, MIGRATOR_ECONFIG);
	check(l == NULL);
	/* and the context still answers graph queries afterwards */
	check_int(migrator_history(ctx, R2 ":", &l), ==, 0);
	check_int(migrator_errcode(ctx), ==, 0);
	migrator_revlist_free(l);
	migrator_close(ctx);
}

static void test_url(void)
{
	migrator_ctx *ctx =
		open_lazy(migs, "postgresql://alice:s3cret@db.example/app");

	check(strstr(migrator_url(ctx), "alice") != NULL);
	check(strstr(migrator_url(ctx), "***") != NULL);
	check(strstr(migrator_url(ctx), "s3cret") == NULL);
	migrator_close(ctx);
	check_str(migrator_url(NULL), "");
}

static void test_graph_load(void)
{
	migrator_ctx *ctx = open_lazy(migs, NULL);
	const char *const *w = NULL, *const *w2 = NULL;
	size_t n = 0, n2 = 0;
	char *name = join(migs, "/f6000000000e_side.sql declares revision " R6
			  "; the file name disagrees", (char *)NULL);

	check_int(migrator_graph_load(ctx, &w, &n), ==, 0);
	check_int(n, ==, 2);
	if (n == 2) {
		check_str(w[0], name);
		check_str(w[1], "2 heads: " R5 ", " R6);
	}
	/* loaded once: the same borrowed warnings again */
	check_int(migrator_graph_load(ctx, &w2, &n2), ==, 0);
	check(w2 == w);
	check_int(n2, ==, n);
	check_int(migrator_graph_load(ctx, NULL, NULL), ==, 0);
	migrator_close(ctx);
	free(name);

	/* a bad file: the lazy open succeeds, the first graph call fails */
	ctx = open_lazy(migs_bad, NULL);
	w = (const char *const *)&n; /* not NULL: must be cleared */
	check_int(migrator_graph_load(ctx, &w, &n), ==, MIGRATOR_ESCRIPT);
	check(w == NULL);
	check_int(n, ==, 0);
	check(strstr(migrator_errmsg(ctx), R1 "_bad.sql:2: ") != NULL);
	check_int(migrator_heads(ctx, &(migrator_revlist *){NULL}), ==,
		  MIGRATOR_ESCRIPT);
	migrator_close(ctx);

	check_int(migrator_graph_load(NULL, &w, &n), ==, MIGRATOR_ENOMEM);
}

static void check_links(const migrator_revision *r, enum migrator_link which,
			const char *want)
{
	size_t n = 99;
	const migrator_revision *const *v = migrator_revision_links(r, which,
								    &n);
	char *ids = join("", (char *)NULL);

	for (size_t i = 0; i < n; i++) {
		char *old = ids;

		ids = join(old, i ? " " : "", migrator_revision_id(v[i]),
			   (char *)NULL);
		free(old);
	}
	check_str(ids, want);
	check(n ? v != NULL : v == NULL);
	free(ids);
}

/* r's section i is dir for dialect (NULL: plain), starts with sql on
 * line. */
static void check_section(const migrator_revision *r, size_t i,
			  enum migrator_direction dir, const char *dialect,
			  const char *sql, unsigned line)
{
	const struct migrator_section *s = migrator_revision_section(r, i);

	check(s != NULL);
	if (!s)
		return;
	check_int(s->direction, ==, dir);
	if (dialect)
		check_str(s->dialect, dialect);
	else
		check(s->dialect == NULL);
	check(strncmp(s->sql, sql, strlen(sql)) == 0);
	check_int(s->len, ==, strlen(s->sql));
	check_int(s->line, ==, line);
}

static void test_accessors(void)
{
	migrator_ctx *ctx = open_lazy(migs, NULL);
	const migrator_revision *r1 = lookup(ctx, R1), *r2 = lookup(ctx, R2),
				*r3 = lookup(ctx, R3), *r4 = lookup(ctx, R4),
				*r5 = lookup(ctx, R5), *r6 = lookup(ctx, R6);
	const char *const *labels;
	size_t n = 99;
	char *path = join(migs, "/" R3 "_c.sql", (char *)NULL);

	check_str(migrator_revision_id(r3), R3);
	check_str(migrator_revision_message(r1), "create a");
	check_str(migrator_revision_message(r3), "");
	check_str(migrator_revision_path(r3), path);
	free(path);

	check_int(migrator_revision_flags(r1), ==,
		  MIGRATOR_REV_BRANCHPOINT | MIGRATOR_REV_TRANSACTIONAL);
	check_int(migrator_revision_flags(r2), ==, 0);
	check_int(migrator_revision_flags(r4), ==,
		  MIGRATOR_REV_MERGEPOINT | MIGRATOR_REV_TRANSACTIONAL);
	check_int(migrator_revision_flags(r5), ==,
		  MIGRATOR_REV_HEAD | MIGRATOR_REV_TRANSACTIONAL);
	check_int(migrator_revision_flags(r6), ==,
		  MIGRATOR_REV_HEAD | MIGRATOR_REV_TRANSACTIONAL);

	check_links(r1, MIGRATOR_LINK_PARENTS, "");
	check_links(r1, MIGRATOR_LINK_CHILDREN, R2 " " R3 " " R6);
	check_links(r4, MIGRATOR_LINK_PARENTS, R3 " " R2); /* file order */
	check_links(r4, MIGRATOR_LINK_CHILDREN, R5);
	check_links(r5, MIGRATOR_LINK_DEPENDS_ON, R6);
	check_links(r5, MIGRATOR_LINK_DEPENDENTS, "");
	check_links(r6, MIGRATOR_LINK_DEPENDENTS, R5);
	check_links(r6, MIGRATOR_LINK_DEPENDS_ON, "");
	/* the links are the graph's revisions themselves */
	check(migrator_revision_links(r4, MIGRATOR_LINK_PARENTS, &n)[1] == r2);

	labels = migrator_revision_labels(r2, &n);
	check_int(n, ==, 1);
	if (n == 1)
		check_str(labels[0], "billing");
	n = 99;
	check(migrator_revision_labels(r3, &n) == NULL);
	check_int(n, ==, 0);

	check_section(r3, 0, MIGRATOR_UPGRADE, NULL,
		      "CREATE TABLE c (id INTEGER);\n", 5);
	check_section(r3, 1, MIGRATOR_UPGRADE, "sqlite",
		      "CREATE TABLE c (id INTEGER PRIMARY KEY);\n", 7);
	check_section(r3, 2, MIGRATOR_DOWNGRADE, NULL, "DROP TABLE c;\n", 9);
	check(migrator_revision_section(r3, 3) == NULL);
	check(migrator_revision_section(r4, 0) != NULL); /* empty sections */
	if (migrator_revision_section(r4, 0))
		check_int(migrator_revision_section(r4, 0)->len, ==, 0);

	/* NULL is safe */
	n = 99;
	check(migrator_revision_id(NULL) == NULL);
	check(migrator_revision_message(NULL) == NULL);
	check(migrator_revision_path(NULL) == NULL);
	check_int(migrator_revision_flags(NULL), ==, 0);
	check(migrator_revision_links(NULL, MIGRATOR_LINK_PARENTS, &n) ==
	      NULL);
	check_int(n, ==, 0);
	check(migrator_revision_labels(NULL, NULL) == NULL);
	check(migrator_revision_section(NULL, 0) == NULL);
	check(migrator_revlist_revision(NULL, 0) == NULL);
	migrator_close(ctx);
}

/* migrator_history(range) lists want, as the program does. */
static void check_history(migrator_ctx *ctx, int db, const char *range,
			  const char *want)
{
	migrator_revlist *l = NULL;
	char *args = join(range ? "-r '" : "", range ? range : "",
			  range ? "'" : "", (char *)NULL);
	char *got, *prog;

	check_int(migrator_history(ctx, range, &l), ==, 0);
	got = list_ids(l);
	prog = program_history(db, args);
	if (want)
		check_str(got, want);
	check_str(got, prog);
	for (size_t i = 0; i < migrator_revlist_count(l); i++)
		check_str(migrator_revision_id(migrator_revlist_revision(l, i)),
			  migrator_revlist_get(l, i));
	migrator_revlist_free(l);
	free(got);
	free(prog);
	free(args);
}

/* migrator_history(range) fails with code and the program's message. */
static void check_history_error(migrator_ctx *ctx, const char *range,
				int code, const char *msg)
{
	migrator_revlist *l = (migrator_revlist *)&l; /* must be cleared */
	char *args = join("history -r '", range, "'", (char *)NULL);
	char *prog = program(0, args, 1);

	check_int(migrator_history(ctx, range, &l), ==, code);
	check(l == NULL);
	check_str(migrator_errmsg(ctx), msg);
	if (!strstr(prog, migrator_errmsg(ctx)))
		printf("# the program said: %s", prog);
	check(strstr(prog, migrator_errmsg(ctx)) != NULL);
	free(prog);
	free(args);
}

static void test_history(void)
{
	migrator_ctx *ctx = open_lazy(migs, NULL);

	check_history(ctx, 0, NULL, NULL);
	check_history(ctx, 0, R2 ":" R5, R5 " " R4 " " R2);
	check_history(ctx, 0, "b21:", R5 " " R4 " " R3);
	check_history(ctx, 0, ":" R4, NULL);
	check_history(ctx, 0, ":billing", R2 " " R1);
	check_history(ctx, 0, "billing:heads", R5 " " R4 " " R2);
	check_history(ctx, 0, "base:" R6, R6 " " R1);
	check_history(ctx, 0, R6 ":" R5, ""); /* depends_on is no path */
	/* -1 from a merge point is both parents */
	check_history(ctx, 0, "-1:" R4, R4 " " R3 " " R2);
	check_history(ctx, 0, ":", NULL);

	check_history_error(ctx, "b2", MIGRATOR_EUSAGE,
			    "bad range \"b2\": expected A:B");
	check_history_error(ctx, "zz:", MIGRATOR_EUSAGE,
			    "unknown revision \"zz\"");
	check_history_error(ctx, ":head", MIGRATOR_EUSAGE,
			    "head is ambiguous: the graph has several heads: " R5
			    ", " R6);

	check_int(migrator_history(ctx, NULL, NULL), ==, MIGRATOR_EUSAGE);
	check_int(migrator_history(NULL, NULL, &(migrator_revlist *){NULL}),
		  ==, MIGRATOR_ENOMEM);
	migrator_close(ctx);
}

/* A stamped SQLite file: current ends a range; the lists' revisions. */
static void test_history_current(void)
{
	migrator_ctx *ctx = NULL;
	migrator_revlist *ran = NULL, *cur = NULL;
	const migrator_revision *r4;
	char *ids;

	check_int(migrator_open(&ctx, db_url, migs), ==, 0);
	check_str(migrator_url(ctx), db_url);
	check_int(migrator_upgrade(ctx, R4, &ran), ==, 0);
	r4 = lookup(ctx, R4);
	check_int(migrator_revlist_count(ran), ==, 4);
	for (size_t i = 0; i < migrator_revlist_count(ran); i++) {
		const migrator_revision *r = migrator_revlist_revision(ran, i);

		check(r != NULL);
		check_str(migrator_revision_id(r), migrator_revlist_get(ran, i));
		check(r == lookup(ctx, migrator_revlist_get(ran, i)));
	}
	check(migrator_revlist_revision(ran, 3) == r4);
	check(migrator_revlist_revision(ran, 4) == NULL);

	check_int(migrator_current(ctx, &cur), ==, 0);
	check_int(migrator_revlist_count(cur), ==, 1);
	check(migrator_revlist_revision(cur, 0) == r4);
	migrator_revlist_free(cur);

	check_history(ctx, 1, "current:", R5 " " R4);
	check_history(ctx, 1, ":current", NULL);
	check_history(ctx, 1, "-1:current", R4 " " R3 " " R2);
	check_history(ctx, 1, "current:current", R4);
	check_history(ctx, 1, "billing:current", R4 " " R2);

	/* the IDs outlive the context (v1), the revisions do not */
	migrator_close(ctx);
	ids = list_ids(ran);
	check_str(ids, R1 " " R2 " " R3 " " R4);
	free(ids);
	migrator_revlist_free(ran);

	/* a missing SQLite file is an error, and is not created */
	{
		char *missing = join("sqlite:///", tmpdir, "/none.db",
				     (char *)NULL);
		char *file = join(tmpdir, "/none.db", (char *)NULL);
		struct stat st;
		migrator_revlist *l = NULL;

		check_int(migrator_open(&ctx, missing, migs), ==, 0);
		check_int(migrator_history(ctx, "current:", &l), ==,
			  MIGRATOR_EDB);
		check(l == NULL);
		check(stat(file, &st) != 0);
		migrator_close(ctx);
		free(missing);
		free(file);
	}
}

static void test_lookup(void)
{
	migrator_ctx *ctx = open_lazy(migs, NULL), *bad = NULL;
	const migrator_revision *r = NULL;
	char *prog;

	check(lookup(ctx, "a1") == lookup(ctx, R1)); /* prefix */
	check_str(migrator_revision_id(lookup(ctx, "billing")), R2);
	check_str(migrator_revision_id(lookup(ctx, "billing@head")), R5);
	check_str(migrator_revision_id(lookup(ctx, "b21")), R3);

	/* an ambiguous prefix: the program's message */
	r = (const migrator_revision *)ctx;
	check_int(migrator_revision_lookup(ctx, "b2", &r), ==,
		  MIGRATOR_EUSAGE);
	check(r == NULL);
	check(strstr(migrator_errmsg(ctx), R2) != NULL);
	check(strstr(migrator_errmsg(ctx), R3) != NULL);
	prog = program(0, "show b2", 1);
	check(strstr(prog, migrator_errmsg(ctx)) != NULL);
	free(prog);

	check_int(migrator_revision_lookup(ctx, "nope", &r), ==,
		  MIGRATOR_EUSAGE);
	prog = program(0, "show nope", 1);
	check(strstr(prog, migrator_errmsg(ctx)) != NULL);
	free(prog);
	check_int(migrator_revision_lookup(ctx, "head", &r), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_revision_lookup(ctx, "base", &r), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_revision_lookup(ctx, NULL, &r), ==,
		  MIGRATOR_EUSAGE);
	check_int(migrator_revision_lookup(ctx, R1, NULL), ==,
		  MIGRATOR_EUSAGE);
	migrator_close(ctx);

	/* a context that failed to open answers nothing */
	check(migrator_open(&bad, "nosuch://x", migs) != 0);
	check_int(migrator_revision_lookup(bad, R1, &r), ==, MIGRATOR_EUSAGE);
	check_str(migrator_errmsg(bad), "the context failed to open");
	check_int(migrator_history(bad, NULL, &(migrator_revlist *){NULL}),
		  ==, MIGRATOR_EUSAGE);
	migrator_close(bad);
}

int main(int argc, char **argv)
{
	int rc;

	static const char *const no_vars[] = {NULL};

	(void)argc; /* SQLite only */
	embed_setup(1, argv, no_vars, NULL);
	write_graph();
	db_url = join("sqlite:///", tmpdir, "/main.db", (char *)NULL);

	TEST(test_lazy_no_url(),
	     "lazy, no URL: heads, history and lookup work; current is "
	     "ECONFIG");
	TEST(test_url(), "migrator_url hides the password");
	TEST(test_graph_load(),
	     "graph_load: borrowed warnings; a bad file fails on first need");
	TEST(test_accessors(),
	     "revision accessors: id, message, path, flags, links, labels, "
	     "sections");
	TEST(test_history(),
	     "history ranges as the program lists them; bad ranges");
	TEST(test_history_current(),
	     "history with current on SQLite; lists carry their revisions");
	TEST(test_lookup(),
	     "revision_lookup: ID, prefix, label, label@head; errors");
	rc = test_done();
	cleanup();
	free(migs);
	free(migs_bad);
	free(db_url);
	return rc;
}
