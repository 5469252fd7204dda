/*
 * test_author.c - the pieces of `revision` and `init` that need no
 * command line: slugs, message checks, the written file read back through
 * the real graph loader, and init's refusals, in a temporary directory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "author_int.h"
#include "buf.h"
#include "author.h"
#include "graph.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_author.XXXXXX";

static const char *slug(struct mg_buf *b, const char *msg)
{
	if (mg_author_slug(b, msg) < 0)
		abort();
	return mg_buf_cstr(b);
}

static void test_slug(void)
{
	struct mg_buf b = MG_BUF_INIT;
	char word[51];

	check_str(slug(&b, "add budgets.currency"), "add_budgets_currency");
	check_str(slug(&b, "  Create  Users!! "), "create_users");
	check_str(slug(&b, "Ünïcode 数据"), "n_code");
	check_str(slug(&b, "!!!"), "revision");
	check_str(slug(&b, "数据"), "revision");
	/* cut at a word boundary, at most 40 */
	check_str(slug(&b, "a very long message with many words that goes on"),
		  "a_very_long_message_with_many_words_that");
	check_str(slug(&b, "add a column to every table we have in the sample"),
		  "add_a_column_to_every_table_we_have_in");
	/* one long word is cut where it must be */
	memset(word, 'x', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	check_int(strlen(slug(&b, word)), ==, MG_AUTHOR_SLUG_MAX);
	mg_buf_free(&b);
}

static int message(const char *msg, const char *want)
{
	struct mg_buf b = MG_BUF_INIT;
	mg_diag d = MG_DIAG_INIT;
	int rc = mg_author_message(&b, msg, &d);

	if (want)
		check_str(rc ? d.message : mg_buf_cstr(&b), want);
	mg_buf_free(&b);
	mg_diag_clear(&d);
	return rc;
}

static void test_message(void)
{
	check_int(message("  add x\t", "add x"), ==, 0);
	check_int(message("", "the message is empty"), ==, MIGRATOR_EUSAGE);
	check_int(message(" \t ", NULL), ==, MIGRATOR_EUSAGE);
	check_int(message(NULL, NULL), ==, MIGRATOR_EUSAGE);
	check_int(message("a\nb", "the message must be one line"), ==,
		  MIGRATOR_EUSAGE);
	check_int(message("a\rb", NULL), ==, MIGRATOR_EUSAGE);
	check_int(message("a\x1b[31m", "the message contains a control "
				       "character"),
		  ==, MIGRATOR_EUSAGE);
	check_int(message("caf\xc3", "the message is not valid UTF-8"), ==,
		  MIGRATOR_EUSAGE);
	check_int(message("\xed\xa0\x80", NULL), ==, MIGRATOR_EUSAGE);
	check_int(message("café ☕", "café ☕"), ==, 0);
}

static char *path_in(const char *name)
{
	char *p = malloc(strlen(tmpdir) + strlen(name) + 2);

	if (!p)
		abort();
	sprintf(p, "%s/%s", tmpdir, name);
	return p;
}

/* revision twice into an empty directory: a root, then its child; both
 * read back through mg_graph_load. */
static void test_revision_roundtrip(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_graph *g = NULL;
	struct migrator_revision_spec spec = MIGRATOR_REVISION_SPEC_INIT;
	char *dir = path_in("migs"), *p1 = NULL, *p2 = NULL;
	const struct migrator_revision *r;
	size_t n;

	spec.message = "first one";
	spec.branch_labels = "core";
	check_int(mkdir(dir, 0777), ==, 0);
	check_int(mg_graph_load(&g, dir, &d), ==, 0);
	check_int(mg_author_revision(&p1, g, &spec, &d), ==, 0);
	mg_graph_free(g);
	g = NULL;
	check(p1 && strncmp(p1, dir, strlen(dir)) == 0);
	check(p1 && strstr(p1, "_first_one.sql"));
	check_int(mg_graph_load(&g, dir, &d), ==, 0);
	check_int(mg_graph_size(g), ==, 1);
	r = mg_graph_at(g, 0);
	check_int(strlen(r->id), ==, MG_AUTHOR_ID_LEN);
	check_int(strspn(r->id, "0123456789abcdef"), ==,
		  MG_AUTHOR_ID_LEN);
	check_int(r->n_parents, ==, 0);
	check_str(r->script->message, "first one");
	check_int(r->script->n_branch_labels, ==, 1);
	spec.message = "second";
	spec.branch_labels = "core"; /* taken now */
	check_int(mg_author_revision(&p2, g, &spec, &d), ==,
		  MIGRATOR_EUSAGE);
	check(p2 == NULL);
	mg_diag_clear(&d);
	spec.branch_labels = NULL;
	spec.head = "core";
	check_int(mg_author_revision(&p2, g, &spec, &d), ==, 0);
	mg_graph_free(g);
	g = NULL;
	check_int(mg_graph_load(&g, dir, &d), ==, 0);
	mg_graph_heads(g, &n);
	check_int(n, ==, 1);
	check_int(mg_graph_size(g), ==, 2);
	r = mg_graph_at(g, 1);
	check_int(r->n_parents, ==, 1);
	check_str(r->parents[0]->script->message, "first one");
	if (p1)
		unlink(p1);
	if (p2)
		unlink(p2);
	rmdir(dir);
	mg_graph_free(g);
	mg_diag_clear(&d);
	free(p1);
	free(p2);
	free(dir);
}

static void test_init(void)
{
	mg_diag d = MG_DIAG_INIT;
	char *ini = path_in("migrator.ini"), *dir = path_in("a/b/migs");
	char *a = path_in("a"), *ab = path_in("a/b");
	unsigned made = 7;
	struct stat st;

	/* a relative DIR is relative to the ini's directory */
	check_int(mg_author_init(&made, ini, "a/b/migs", &d), ==, 0);
	check_int(made, ==, MG_AUTHOR_MADE_DIR);
	check_int(stat(dir, &st), ==, 0);
	check(S_ISDIR(st.st_mode));
	check_int(stat(ini, &st), ==, 0);
	/* again: the ini exists */
	check_int(mg_author_init(&made, ini, "other", &d), ==,
		  MIGRATOR_EUSAGE);
	check_int(made, ==, 0);
	mg_diag_clear(&d);
	unlink(ini);
	/* the empty directory is adopted */
	check_int(mg_author_init(&made, ini, "a/b/migs/", &d), ==, 0);
	check_int(made, ==, 0);
	unlink(ini);
	/* a directory with something in it is refused, and no ini written */
	check_int(mg_author_init(&made, ini, "a/b", &d), ==,
		  MIGRATOR_EUSAGE);
	check_int(stat(ini, &st), ==, -1);
	mg_diag_clear(&d);
	check_int(mg_author_init(&made, ini, " x", &d), ==,
		  MIGRATOR_EUSAGE);
	mg_diag_clear(&d);
	rmdir(dir);
	rmdir(ab);
	rmdir(a);
	free(ini);
	free(dir);
	free(a);
	free(ab);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	TEST(test_slug(), "slugs: lower-case words joined by _, at most 40");
	TEST(test_message(), "messages: one trimmed line of valid UTF-8");
	TEST(test_revision_roundtrip(),
	     "revision writes files the graph loader reads back");
	TEST(test_init(), "init: creates, adopts an empty dir, refuses");
	rmdir(tmpdir);
	return test_done();
}
