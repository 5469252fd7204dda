/*
 * test_plugin_load.c - every message of the plugin loader for drivers, proved
 * with the test-only modules of tests/plugins and the real drivers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hook_int.h"
#include "plugin.h"
#include "url.h"
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
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p = (mg_plugin *)1;
	int rc = mg_plugin_load(&p, url, dir, &d);

	check_int(rc, ==, MIGRATOR_EPLUGIN);
	check(p == NULL);
	check(d.message != NULL);
	if (d.message && !check(strstr(d.message, needle) != NULL))
		printf("# message: %s\n", d.message);
	mg_diag_clear(&d);
}

static void test_unknown_scheme(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p;

	/* NULL: MIGRATOR_PLUGIN_PATH, the real drivers; the schemes listed
	 * are those the drivers declare (the core keeps no list). */
	check_int(mg_plugin_load(&p, "mysql://x/y", NULL, &d),
		  ==, MIGRATOR_EPLUGIN);
	check_str(d.message, "no driver plugin handles URL scheme \"mysql\"");
	check(d.hint && strstr(d.hint, "mysql.so"));
	check(d.hint && strstr(d.hint, "postgresql") && strstr(d.hint, "sqlite") &&
	      (strstr(d.hint, "postgres,") || strstr(d.hint, "postgres.")));
	mg_diag_clear(&d);
}

static void test_no_scheme(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p;

	check_int(mg_plugin_load(&p, "/tmp/app.db", NULL, &d), ==,
		  MIGRATOR_ECONFIG);
	check_str(d.message, "database URL has no scheme");
	mg_diag_clear(&d);
}

static void test_missing_plugin(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p;

	/* The test plugin dir holds no sqlite.so. */
	check_int(mg_plugin_load(&p, "sqlite:///x.db", plugin_dir(), &d),
		  ==, MIGRATOR_EPLUGIN);
	check_str(d.message, "no driver plugin handles URL scheme \"sqlite\"");
	check(d.detail && strstr(d.detail, plugin_dir()));
	/* the test modules declare their own schemes */
	check(d.hint && strstr(d.hint, "goodfake") && !strstr(d.hint, "sqlite,"));
	mg_diag_clear(&d);
}

static void test_no_entry(void)
{
	expect_fail("noentry://x", plugin_dir(),
		    "noentry.so is not a migrator plugin: no symbol "
		    "migrator_module");
}

/* An ABI 1 driver (migrator_driver_init, no descriptor): refused by name,
 * with the advice to rebuild it. */
static void test_old_abi(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p = NULL;

	check_int(mg_plugin_load(&p, "oldabi://x", plugin_dir(), &d), ==,
		  MIGRATOR_EPLUGIN);
	check(d.message && strstr(d.message, "oldabi.so is not a migrator "
					     "plugin: no symbol migrator_module"));
	check(d.hint && strstr(d.hint, "migrator_driver_init") &&
	      strstr(d.hint, "driver ABI 1") && strstr(d.hint, "rebuild"));
	mg_diag_clear(&d);
}

/* The descriptor says another major: refused before create() runs (the
 * module's create() aborts, so reaching it fails the test loudly). */
static void test_wrong_abi(void)
{
	char want[80];

	snprintf(want, sizeof(want),
		 "was built for driver ABI %d; this migrator speaks %d",
		 MIGRATOR_DRIVER_ABI_MAJOR + 1, MIGRATOR_DRIVER_ABI_MAJOR);
	expect_fail("wrongabi://x", plugin_dir(), want);
}

static void test_small_descriptor(void)
{
	expect_fail("smalldesc://x", plugin_dir(),
		    "smalldesc.so: plugin descriptor too small");
}

/* The descriptor is read no further than its symbol goes: a 4-byte
 * symbol, and a size field that claims more than the symbol holds. */
static void test_descriptor_bounds(void)
{
	expect_fail("tinydesc://x", plugin_dir(),
		    "tinydesc.so: migrator_module is no migrator plugin "
		    "descriptor (a symbol of 4 bytes)");
	expect_fail("liesize://x", plugin_dir(),
		    "liesize.so: plugin descriptor says 4294967295 bytes");
}

/* A refused plugin's name pointer is never read: badname's points at
 * address 1, and the hint names the file instead. */
static void test_refused_name_unread(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p = NULL;

	check_int(mg_plugin_load(&p, "badname://x", plugin_dir(), &d),
		  ==, MIGRATOR_EPLUGIN);
	check(d.message && strstr(d.message, "badname.so is a hook plugin, "
					     "not a driver"));
	check(d.hint && strstr(d.hint, "--plugin badname,"));
	mg_diag_clear(&d);
}

/* A hook plugin where a URL wants a driver: refused by name. */
static void test_wrong_kind(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p = NULL;

	check_int(mg_plugin_load(&p, "fakehook://x", plugin_dir(), &d),
		  ==, MIGRATOR_EPLUGIN);
	check(d.message && strstr(d.message, "fakehook.so is a hook plugin, "
					     "not a driver"));
	check(d.hint && strstr(d.hint, "--plugin fakehook"));
	mg_diag_clear(&d);
}

/* The hook side of the one loader: a driver is refused by name as a hook
 * plugin; a hook whose create() allocated and then returned a struct too
 * small is refused and still destroyed (nothing leaks). */
static void test_hook_refusals(void)
{
	struct mg_hooks h;
	mg_diag d = MG_DIAG_INIT;
	const char *spec[1] = {"goodfake"};
	char mark[256], spec2[300], line[32] = "";
	FILE *f;

	check_int(mg_hooks_load(&h, spec, 1, NULL, 0, plugin_dir(), 0, NULL,
				NULL, &d),
		  ==, MIGRATOR_EPLUGIN);
	check(d.message && strstr(d.message, "goodfake.so is a driver, not a "
					     "hook plugin"));
	mg_diag_clear(&d);

	snprintf(mark, sizeof(mark), "%s/smallhook.mark", plugin_dir());
	remove(mark);
	snprintf(spec2, sizeof(spec2), "smallhook:mark=%s", mark);
	spec[0] = spec2;
	check_int(mg_hooks_load(&h, spec, 1, NULL, 0, plugin_dir(), 0, NULL,
				NULL, &d),
		  ==, MIGRATOR_EPLUGIN);
	if (!check(d.message && strstr(d.message, "hook struct too small")))
		printf("# message: %s\n", d.message ? d.message : "(none)");
	mg_diag_clear(&d);
	f = fopen(mark, "r");
	if (check(f != NULL)) {
		check(fgets(line, sizeof(line), f) != NULL);
		fclose(f);
	}
	check_str(line, "destroyed\n");
	remove(mark);
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
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p = NULL;

	check_int(mg_plugin_load(&p, "goodfake://x", plugin_dir(), &d),
		  ==, 0);
	if (check(p != NULL)) {
		check_str(mg_plugin_driver(p)->name, "fake");
		check(strstr(mg_plugin_path(p), "goodfake.so") != NULL);
	}
	mg_plugin_free(p);
	mg_diag_clear(&d);
}

/* A scheme no file is named after: the driver that declares it. */
static void test_declared_alias(void)
{
	mg_diag d = MG_DIAG_INIT;
	mg_plugin *p = NULL;

	check_int(mg_plugin_load(&p, "fakealias://x", plugin_dir(), &d),
		  ==, 0);
	if (check(p != NULL))
		check(strstr(mg_plugin_path(p), "goodfake.so") != NULL);
	mg_plugin_free(p);
	mg_diag_clear(&d);
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
		mg_diag d = MG_DIAG_INIT;
		mg_plugin *p = NULL;

		/* NULL: MIGRATOR_PLUGIN_PATH from the test environment. */
		if (!check_int(mg_plugin_load(&p, cases[i].url, NULL, &d),
			       ==, 0))
			printf("# %s: %s\n", cases[i].url,
			       d.message ? d.message : "?");
		if (p) {
			check_str(mg_plugin_driver(p)->name,
				  cases[i].name);
			check_str(mg_plugin_driver(p)->dialect,
				  cases[i].dialect);
		}
		mg_plugin_free(p);
		mg_diag_clear(&d);
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
		char *r = mg_url_redact(cases[i].in);

		check_str(r, cases[i].out);
		free(r);
	}
}

int main(void)
{
	TEST(test_unknown_scheme(), "unknown scheme lists the drivers' schemes");
	TEST(test_no_scheme(), "a URL without a scheme is a config error");
	TEST(test_missing_plugin(), "missing plugin names the dirs searched");
	TEST(test_no_entry(), "a .so without a descriptor is refused");
	TEST(test_old_abi(), "an ABI 1 driver is refused with a rebuild hint");
	TEST(test_wrong_abi(),
	     "an ABI major mismatch is refused before create() runs");
	TEST(test_descriptor_bounds(),
	     "a descriptor is read no further than its symbol goes");
	TEST(test_refused_name_unread(),
	     "a refused plugin's name pointer is never read");
	TEST(test_small_descriptor(),
	     "a descriptor too small is refused before create() runs");
	TEST(test_wrong_kind(), "a hook plugin is refused as a driver, by name");
	TEST(test_hook_refusals(), "hooks: a driver is refused by name; a "
				   "struct too small is refused and destroyed");
	TEST(test_refuses(), "a plugin's own refusal is reported");
	TEST(test_missing_member(), "a NULL required member is refused");
	TEST(test_third_party(), "an unknown scheme loads <scheme>.so");
	TEST(test_declared_alias(),
	     "a scheme no file is named after loads the driver declaring it");
	TEST(test_real_drivers(), "the real drivers load and check out");
	TEST(test_redact(), "URLs are redacted before printing");
	return test_done();
}
