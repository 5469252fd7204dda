/*
 * test_api_fleet.c - fleets (issue 18) in the public C API: the schemas
 * of a database that match a pattern (migrator_schemas) and a context
 * that works in one schema (the open options' schema).  Linked to
 * libmigrator.so alone, against real databases through the real driver
 * plugins.
 *
 * PostgreSQL (tests/embed/api-fleet-pg.sh: FLEET_URL, an empty database):
 * the schemas are made by a migration run through the API itself.
 * SQLite (the default): both are MIGRATOR_ECONFIG, SQLite has no schemas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <migrator/migrator.h>

#include "embed_util.h"
#include "tap.h"

#define REV_S "a1a1a1a1a1a1"
#define REV_T "b2b2b2b2b2b2"

static const char schemas_rev[] =
	"-- migrator:revision " REV_S "\n"
	"-- migrator:message schemas\n\n"
	"-- migrator:upgrade\n"
	"CREATE SCHEMA tenant_a;\nCREATE SCHEMA tenant_b;\n"
	"CREATE SCHEMA tenantxa;\nCREATE SCHEMA \"te%nant\";\n"
	"-- migrator:downgrade\n"
	"DROP SCHEMA tenant_a;\nDROP SCHEMA tenant_b;\n"
	"DROP SCHEMA tenantxa;\nDROP SCHEMA \"te%nant\";\n";
/* unqualified: it lands in the schema the context works in */
static const char tenant_rev[] =
	"-- migrator:revision " REV_T "\n"
	"-- migrator:message notes\n\n"
	"-- migrator:upgrade\n"
	"CREATE TABLE notes (id INTEGER PRIMARY KEY);\n"
	"-- migrator:downgrade\n"
	"DROP TABLE notes;\n";

static char *url, *migs_setup, *migs_tenant;
static int on_sqlite;

static migrator_ctx *open_in(const char *dir, const char *schema)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *ctx = NULL;

	o.url = url;
	o.migrations = dir;
	o.schema = schema;
	if (migrator_open_ext(&ctx, &o) != 0)
		printf("# open %s: %s\n", dir, migrator_errmsg(ctx));
	return ctx;
}

/* migrator_schemas() of pattern, joined by ","; "ERROR" on failure. */
static const char *schemas(migrator_ctx *ctx, const char *pattern)
{
	static char buf[256];
	char **v = NULL;
	size_t n = 0;

	if (migrator_schemas(ctx, pattern, &v, &n) != 0)
		return "ERROR";
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? "," : "", v[i]);
	check(v[n] == NULL);
	migrator_free(v);
	return buf;
}

static void test_sqlite(void)
{
	migrator_ctx *ctx = open_in(migs_tenant, NULL);
	char **v = (char **)1;
	size_t n = 7;

	check_int(migrator_schemas(ctx, "*", &v, &n), ==, MIGRATOR_ECONFIG);
	check(contains(migrator_errmsg(ctx), "the sqlite driver has no "
					     "schemas"));
	check(v == NULL && n == 0);
	migrator_close(ctx);
	/* a schema to work in: refused at the first connection */
	ctx = open_in(migs_tenant, "tenant_a");
	check_int(migrator_upgrade(ctx, "head", NULL), ==, MIGRATOR_ECONFIG);
	check(contains(migrator_errmsg(ctx), "no schemas"));
	migrator_close(ctx);
}

static void test_patterns(void)
{
	migrator_ctx *ctx = open_in(migs_setup, NULL);

	check_int(migrator_upgrade(ctx, "head", NULL), ==, 0);
	/* '_' is a character, not LIKE's any-one; '?' is any one */
	check_str(schemas(ctx, "tenant_*"), "tenant_a,tenant_b");
	check_str(schemas(ctx, "tenant?a"), "tenant_a,tenantxa");
	/* '%' is a character too; '\' quotes the next one */
	check_str(schemas(ctx, "te%*"), "te%nant");
	check_str(schemas(ctx, "tenant\\*"), "");
	check_str(schemas(ctx, "nothing*"), "");
	/* system schemas are left out */
	check(!contains(schemas(ctx, "*"), "pg_catalog"));
	check(!contains(schemas(ctx, "*"), "information_schema"));
	check_int(migrator_schemas(ctx, NULL, NULL, NULL), ==, MIGRATOR_EUSAGE);
	migrator_close(ctx);
}

static void test_work_in_schema(void)
{
	migrator_ctx *a = open_in(migs_tenant, "tenant_a");
	migrator_ctx *b = open_in(migs_tenant, "tenant_b");
	migrator_ctx *plain = open_in(migs_setup, NULL);
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	migrator_ctx *bad = NULL;

	check_int(migrator_upgrade(a, "head", NULL), ==, 0);
	check_str(current(a), REV_T);
	/* the stamp is tenant_a's: tenant_b is at base, the search_path's
	 * own stamp (public's, of the schemas' revision) is as it was */
	check_str(current(b), "");
	check_str(current(plain), REV_S);
	check_int(migrator_upgrade(b, "head", NULL), ==, 0);
	check_str(current(b), REV_T);
	/* each schema's own table: check finds no drift in either */
	{
		migrator_driftlist *dl = NULL;

		check_int(migrator_check_schema(a, &dl), ==, 0);
		migrator_driftlist_free(dl);
	}
	migrator_close(a);
	migrator_close(b);
	migrator_close(plain);
	/* a schema name with a '.' is refused */
	o.url = url;
	o.migrations = migs_tenant;
	o.schema = "a.b";
	check_int(migrator_open_ext(&bad, &o), ==, MIGRATOR_ECONFIG);
	check(contains(migrator_errmsg(bad), "invalid schema name"));
	migrator_close(bad);
}

int main(int argc, char **argv)
{
	static const char *const vars[] = {"FLEET_URL", NULL};
	int rc;

	on_sqlite = embed_setup(argc, argv, vars,
				"tests/embed/api-fleet-pg.sh");
	url = url_or_sqlite("FLEET_URL", "fleet");
	migs_setup = new_dir("setup");
	write_file(migs_setup, REV_S "_schemas.sql", schemas_rev);
	migs_tenant = new_dir("tenant");
	write_file(migs_tenant, REV_T "_notes.sql", tenant_rev);
	if (on_sqlite) {
		TEST(test_sqlite(), "SQLite has no schemas: ECONFIG");
	} else {
		TEST(test_patterns(),
		     "schemas matching a glob, matched by the server");
		TEST(test_work_in_schema(),
		     "a context in a schema: its stamp and tables there");
	}
	rc = test_done();
	cleanup();
	free(url);
	free(migs_setup);
	free(migs_tenant);
	return rc;
}
