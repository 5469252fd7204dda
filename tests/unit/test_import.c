/*
 * test_import.c - `migrator import`'s pure parts (issue 17): version ->
 * revision ID, the same for import and adopt, and Flyway's and
 * golang-migrate's order, read from fixture-like files in a temporary
 * directory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_import.XXXXXX";

static void check_id(const char *version, const char *want, int want_mapped)
{
	int mapped = -1;
	char *id = mg_import_id(version, &mapped);

	check_str(id, want);
	check_int(mapped, ==, want_mapped);
	free(id);
}

static void test_ids(void)
{
	char *a, *b, long_v[41];

	check_id("20240101120000", "20240101120000", 0);
	check_id("1.2.3", "1_2_3", 1);
	check_id("create_users", "create_users", 0);
	check_id("users@v1.0", "users_v1_0", 1);
	check_id("users-table", "users_table", 1);
	/* longer than 32: "v" and 31 hex digits of its SHA-256, stable */
	memset(long_v, '7', sizeof(long_v) - 1);
	long_v[sizeof(long_v) - 1] = '\0';
	a = mg_import_id(long_v, NULL);
	b = mg_import_id(long_v, NULL);
	check_int(strlen(a), ==, 32);
	check_int(a[0], ==, 'v');
	check_str(a, b);
	free(a);
	free(b);
}

/* the files put() made, removed at the end */
static char made[16][256];
static size_t n_made;

static void put(const char *name, const char *text)
{
	char *path;
	FILE *f;

	if (n_made >= sizeof(made) / sizeof(*made))
		abort();
	path = made[n_made++];
	snprintf(path, sizeof(made[0]), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

static void test_flyway_order(void)
{
	struct mg_import im = MG_IMPORT_INIT;
	mg_diag d = MG_DIAG_INIT;
	const char *want[] = {"1", "1.2", "1.9", "1.10", "2", "10"};

	put("V10__ten.sql", "SELECT 10;\n");
	put("V1_10__one_ten.sql", "x;\n");
	put("V1.9__one_nine.sql", "x;\n");
	put("V1__one.sql", "x;\n");
	put("V2__two.sql", "x;\n");
	put("V1_2__one_two.sql", "x;\n");
	put("U2__two.sql", "undo;\n");
	put("R__view.sql", "x;\n");
	put("afterMigrate.sql", "x;\n");
	put("V2__two.sql.conf", "executeInTransaction=false\n");
	im.format = "flyway";
	check_int(mg_import_flyway(&im, tmpdir, &d), ==, 0);
	check_int(im.n, ==, 6);
	for (size_t i = 0; i < im.n && i < 6; i++)
		check_str(im.v[i].version, want[i]);
	check_str(im.v[4].downgrade, "undo;\n");
	check_str(im.v[3].message, "one ten");
	check_int(im.skipped.n, ==, 3);
	check_int(mg_import_finish(&im, &d), ==, 0);
	check_str(im.v[3].id, "1_10");
	mg_import_clear(&im);
	mg_diag_clear(&d);
}

static void test_golang_order(void)
{
	struct mg_import im = MG_IMPORT_INIT;
	mg_diag d = MG_DIAG_INIT;
	char path[256];

	snprintf(path, sizeof(path), "%s/g", tmpdir);
	if (mkdir(path, 0700) != 0)
		abort();
	put("g/10_ten.up.sql", "t;\n");
	put("g/9_nine.up.sql", "n;\n");
	put("g/9_nine.down.sql", "dn;\n");
	put("g/000002_two.up.sql", "\xEF\xBB\xBFw;\n");
	im.format = "golang-migrate";
	check_int(mg_import_golang(&im, path, &d), ==, 0);
	check_int(im.n, ==, 3);
	check_str(im.v[0].version, "2");
	check_str(im.v[0].upgrade, "w;\n"); /* without the BOM */
	check_str(im.v[1].version, "9");
	check_str(im.v[1].downgrade, "dn;\n");
	check_str(im.v[1].file, "9_nine.up.sql");
	check_str(im.v[2].version, "10");
	mg_import_clear(&im);
	mg_diag_clear(&d);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	TEST(test_ids(), "version -> revision ID: as is, mapped, hashed");
	TEST(test_flyway_order(), "flyway: numeric order, undo files, repeatables skipped");
	TEST(test_golang_order(), "golang-migrate: numeric order, up and down paired");
	for (size_t i = 0; i < n_made; i++)
		unlink(made[i]);
	snprintf(made[0], sizeof(made[0]), "%s/g", tmpdir);
	rmdir(made[0]);
	rmdir(tmpdir);
	return test_done();
}
