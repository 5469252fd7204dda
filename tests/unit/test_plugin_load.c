/*
 * test_plugin_load.c - every message of the driver plugin loader, proved
 * with the test-only modules of tests/plugins and the real drivers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrator/plugin.h"
#include "migrator/url.h"
#include "tap.h"

static const char *plugin_dir(void)
{
	const char *dir = getenv("TEST_PLUGIN_DIR");

	if (!dir) {
		printf("# TEST_PLUGIN_DIR is not set: run through make check\n");
		exit(1);
	}
	return dir;
}

/* Loads url from dir and expects failure with needle in the message. */
static void expect_fail(const char *url, const char *dir, const char *needle)
{
	migrator_diag d = MIGRATOR_DIAG_INIT;
	migrator_plugin *p = (migrator_plugin *)1;
	int rc = migrator_plugin_load(&p, url, dir, &d);

	check_int(rc, ==, MIGRATOR_EPLUGIN);
	check(p == NULL);
	check(d.message != NULL);
	if (d.message && !check(strstr(d.message, needle) != NULL))
		printf("# message: %s\n", d.message);
	migrator_diag_clear(&d);
}

static void test_unknown_scheme(void)
{
	migrator_diag d = MIGRATOR_DIAG_INIT;
	migrator_plugin *p;

	/* NULL: MIGRATOR_PLUGIN_PATH, the real drivers; the schemes listed
	 * are those the drivers declare (the core keeps no list). */
	check_int(migrator_plugin_load(&p, "mysql://x/y", NULL, &d),
		  ==, MIGRATOR_EPLUGIN);
	check_str(d.message, "no driver plugin handles URL scheme \"mysql\"");
	check(d.hint && strstr(d.hint, "mysql.so"));
	check(d.hint && strstr(d.hint, "postgresql") && strstr(d.hint, "sqlite") &&
	      (strstr(d.hint, "postgres,") || strstr(d.hint, "postgres.")));
	migrator_diag_clear(&d);
}

static void test_no_scheme(void)
{
	migrator_diag d = MIGRATOR_DIAG_INIT;
	migrator_plugin *p;

	check_int(migrator_plugin_load(&p, "/tmp/app.db", NULL, &d), ==,
		  MIGRATOR_ECONFIG);
	check_str(d.message, "database URL has no scheme");
	migrator_diag_clear(&d);
}

static void test_missing_plugin(void)
{
	migrator_diag d = MIGRATOR_DIAG_INIT;
	migrator_plugin *p;

	/* The test plugin dir holds no sqlite.so. */
	check_int(migrator_plugin_load(&p, "sqlite:///x.db", plugin_dir(), &d),
		  ==, MIGRATOR_EPLUGIN);
	check_str(d.message, "no driver plugin handles URL scheme \"sqlite\"");
	check(d.detail && strstr(d.detail, plugin_dir()));
	/* the test modules declare their own schemes */
	check(d.hint && strstr(d.hint, "goodfake") && !strstr(d.hint, "sqlite,"));
	migrator_diag_clear(&d);
}

static void test_no_entry(void)
{
	expect_fail("noentry://x", plugin_dir(),
		    "is not a migrator driver: no symbol migrator_driver_init");
}

static void test_wrong_abi(void)
{
	expect_fail("wrongabi://x", plugin_dir(),
		    "was built for driver ABI 2; this migrator speaks 1");
}

static void test_refuses(void)
{
	/* First error wins: the plugin's own reason is kept. */
	expect_fail("refuses://x", plugin_dir(),
		    "refuses: the client library is too old");
}

static void test_missing_member(void)
{
	expect_fail("missingreq://x", plugin_dir(),
		    "required driver member exec is NULL");
}

static void test_third_party(void)
{
	migrator_diag d = MIGRATOR_DIAG_INIT;
	migrator_plugin *p = NULL;

	check_int(migrator_plugin_load(&p, "goodfake://x", plugin_dir(), &d),
		  ==, 0);
	if (check(p != NULL)) {
		check_str(migrator_plugin_driver(p)->name, "fake");
		check(strstr(migrator_plugin_path(p), "goodfake.so") != NULL);
	}
	migrator_plugin_free(p);
	migrator_diag_clear(&d);
}

/* A scheme no file is named after: the driver that declares it. */
static void test_declared_alias(void)
{
	migrator_diag d = MIGRATOR_DIAG_INIT;
	migrator_plugin *p = NULL;

	check_int(migrator_plugin_load(&p, "fakealias://x", plugin_dir(), &d),
		  ==, 0);
	if (check(p != NULL))
		check(strstr(migrator_plugin_path(p), "goodfake.so") != NULL);
	migrator_plugin_free(p);
	migrator_diag_clear(&d);
}

static void test_real_drivers(void)
{
	static const struct {
		const char *url, *name, *dialect;
	} cases[] = {
		{"sqlite::memory:", "sqlite", "sqlite"},
		{"postgresql://localhost/x", "postgres", "postgresql"},
		{"postgres://localhost/x", "postgres", "postgresql"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		migrator_diag d = MIGRATOR_DIAG_INIT;
		migrator_plugin *p = NULL;

		/* NULL: MIGRATOR_PLUGIN_PATH from the test environment. */
		if (!check_int(migrator_plugin_load(&p, cases[i].url, NULL, &d),
			       ==, 0))
			printf("# %s: %s\n", cases[i].url,
			       d.message ? d.message : "?");
		if (p) {
			check_str(migrator_plugin_driver(p)->name,
				  cases[i].name);
			check_str(migrator_plugin_driver(p)->dialect,
				  cases[i].dialect);
		}
		migrator_plugin_free(p);
		migrator_diag_clear(&d);
	}
}

static void test_redact(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"postgresql://bob:s3cret@db/app", "postgresql://bob:***@db/app"},
		{"postgresql://bob@db/app", "postgresql://bob@db/app"},
		{"postgresql://b:p@ss@db/app", "postgresql://b:***@db/app"},
		{"postgresql:///app?host=/tmp&password=pw&x=1",
		 "postgresql:///app?host=/tmp&password=***&x=1"},
		{"host=db password=pw dbname=x", "host=db password=*** dbname=x"},
		{"sqlite:///app.db", "sqlite:///app.db"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = migrator_url_redact(cases[i].in);

		check_str(r, cases[i].out);
		free(r);
	}
}

int main(void)
{
	TEST(test_unknown_scheme(), "unknown scheme lists the drivers' schemes");
	TEST(test_no_scheme(), "a URL without a scheme is a config error");
	TEST(test_missing_plugin(), "missing plugin names the dirs searched");
	TEST(test_no_entry(), "a .so without the entry symbol is refused");
	TEST(test_wrong_abi(), "an ABI major mismatch is refused");
	TEST(test_refuses(), "a plugin's own refusal is reported");
	TEST(test_missing_member(), "a NULL required member is refused");
	TEST(test_third_party(), "an unknown scheme loads <scheme>.so");
	TEST(test_declared_alias(),
	     "a scheme no file is named after loads the driver declaring it");
	TEST(test_real_drivers(), "the real drivers load and check out");
	TEST(test_redact(), "URLs are redacted before printing");
	return test_done();
}
