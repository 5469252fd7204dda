/*
 * test_check.c - SHA-256 against the FIPS 180-4 example vectors, and the
 * schema diff behind `check` (core/lib/check_schema.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_schema.h"
#include "runner_int.h"
#include "scratch.h"
#include "sha256.h"
#include "tap.h"

static void hex_of(const char *msg, const char *want)
{
	char out[65];

	mg_sha256_hex(out, msg, strlen(msg));
	check_str(out, want);
}

static void test_vectors(void)
{
	hex_of("abc", "ba7816bf8f01cfea414140de5dae2223"
		      "b00361a396177a9cb410ff61f20015ad");
	hex_of("", "e3b0c44298fc1c149afbf4c8996fb924"
		   "27ae41e4649b934ca495991b7852b855");
	hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	       "248d6a61d20638b8e5c026930c3e6039"
	       "a33ce45964ff2167f6ecedd419db06c1");
	hex_of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	       "cf5b16a778af8380036ce59e7b049237"
	       "0b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', fed in uneven pieces: block boundaries fall inside
 * updates. */
static void test_million(void)
{
	static const char hex[] = "0123456789abcdef";
	struct mg_sha256 s;
	unsigned char md[32];
	char out[65], *a = malloc(1000000);
	size_t done = 0, step = 1;

	if (!check(a != NULL))
		return;
	memset(a, 'a', 1000000);
	mg_sha256_init(&s);
	while (done < 1000000) {
		size_t n = step < 1000000 - done ? step : 1000000 - done;

		mg_sha256_update(&s, a + done, n);
		done += n;
		step = step * 3 + 1;
		if (step > 70000)
			step = 63;
	}
	mg_sha256_final(&s, md);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	check_str(out, "cdc76e5c9914fb9281a1c7e284d73e67"
		       "f1809a48a497200e046d39ccc7112cd0");
	/* the same in one call */
	mg_sha256_hex(out, a, 1000000);
	check_str(out, "cdc76e5c9914fb9281a1c7e284d73e67"
		       "f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

/* 55, 56 and 64 bytes: the padding's edge cases give different digests
 * from their neighbours and from a second run of the same input. */
static void test_padding_edges(void)
{
	char buf[130], x[65], y[65];

	memset(buf, 'x', sizeof(buf));
	for (size_t n = 54; n <= 129; n++) {
		mg_sha256_hex(x, buf, n);
		mg_sha256_hex(y, buf, n + 1);
		check(strcmp(x, y) != 0);
		mg_sha256_hex(y, buf, n);
		check_str(x, y);
	}
}

/* The sample's users/posts tables as the migrations would build them. */
static struct migrator_schema *base_schema(void)
{
	const char *exclude[] = {"migrator_version", "main.migrator_history"};
	struct migrator_schema *s;

	if (mg_schema_new(&s, exclude, 2))
		return NULL;
	mg_schema_table(s, "users");
	mg_schema_column(s, "users", "id", "INTEGER", 1, NULL);
	mg_schema_column(s, "users", "email", "VARCHAR(200)", 1, "''");
	mg_schema_index(s, "users", "ix_users_email", 1, "email");
	mg_schema_table(s, "posts");
	mg_schema_column(s, "posts", "id", "INTEGER", 1, NULL);
	mg_schema_column(s, "posts", "user_id", "INTEGER", 0, NULL);
	mg_schema_fkey(s, "posts", "user_id", "users", "id");
	return s;
}

static const struct mg_drift *find(const mg_check *c,
					 enum mg_drift_kind kind,
					 const char *table, const char *name)
{
	for (size_t i = 0; i < mg_check_size(c); i++) {
		const struct mg_drift *x = mg_check_at(c, i);

		if (x->kind == kind && strcmp(x->table, table) == 0 &&
		    ((!name && !x->name) ||
		     (name && x->name && strcmp(x->name, name) == 0)))
			return x;
	}
	return NULL;
}

static void test_same(void)
{
	struct migrator_schema *a = base_schema(), *b = base_schema();
	mg_check *c = NULL;

	/* the version and history tables never count */
	mg_schema_table(b, "migrator_version");
	mg_schema_column(b, "migrator_version", "version_num", "VARCHAR(32)",
			 1, NULL);
	mg_schema_table(b, "migrator_history");
	check_int(mg_schema_diff(&c, a, b, 0), ==, 0);
	check_int(mg_check_size(c), ==, 0);
	mg_check_free(c);
	mg_schema_free(a);
	mg_schema_free(b);
}

static void test_each_kind(void)
{
	struct migrator_schema *want = base_schema(), *have;
	const char *exclude[] = {"migrator_version"};
	const struct mg_drift *x;
	mg_check *c = NULL;

	/* live: email's type changed and nullable, an extra column, no
	 * index, no posts table, an extra table */
	check_int(mg_schema_new(&have, exclude, 1), ==, 0);
	mg_schema_table(have, "users");
	mg_schema_column(have, "users", "id", "INTEGER", 1, NULL);
	mg_schema_column(have, "users", "email", "TEXT", 0, "''");
	mg_schema_column(have, "users", "total_tokens", "INTEGER", 0, "0");
	mg_schema_table(have, "scratch");
	mg_schema_column(have, "scratch", "x", "INTEGER", 0, NULL);
	check_int(mg_schema_diff(&c, want, have, 0), ==, 0);

	check(find(c, MG_DRIFT_MISSING_TABLE, "posts", NULL) != NULL);
	check(find(c, MG_DRIFT_EXTRA_TABLE, "scratch", NULL) != NULL);
	x = find(c, MG_DRIFT_EXTRA_COLUMN, "users", "total_tokens");
	if (check(x != NULL))
		check_str(x->found, "INTEGER DEFAULT 0");
	x = find(c, MG_DRIFT_MISSING_INDEX, "users", "ix_users_email");
	if (check(x != NULL))
		check_str(x->expected, "UNIQUE (email)");
	/* two changes to one column: one entry each */
	x = find(c, MG_DRIFT_CHANGED_COLUMN, "users", "email");
	if (check(x != NULL)) {
		check_str(x->field, "type");
		check_str(x->expected, "VARCHAR(200)");
		check_str(x->found, "TEXT");
	}
	/* the missing table's columns and key are not listed again, nor the
	 * extra table's */
	check(find(c, MG_DRIFT_MISSING_COLUMN, "posts", "id") == NULL);
	check(find(c, MG_DRIFT_MISSING_FKEY, "posts",
		   "user_id -> users(id)") == NULL);
	check(find(c, MG_DRIFT_EXTRA_COLUMN, "scratch", "x") == NULL);
	check_int(mg_check_size(c), ==, 6);
	for (size_t i = 0; i < mg_check_size(c); i++) {
		x = mg_check_at(c, i);
		if (x->kind == MG_DRIFT_CHANGED_COLUMN &&
		    strcmp(x->field, "nullable") == 0) {
			check_str(x->expected, "NOT NULL");
			check_str(x->found, "NULL");
		}
	}
	check_str(mg_drift_kind_name(MG_DRIFT_CHANGED_COLUMN),
		  "changed_column");
	mg_check_free(c);
	mg_schema_free(want);
	mg_schema_free(have);
}

static void test_index_and_fkey(void)
{
	struct migrator_schema *want = base_schema(), *have = base_schema();
	mg_check *c = NULL;
	const struct mg_drift *x;

	/* same name, other columns and not unique; the key points elsewhere;
	 * a default dropped */
	mg_schema_free(have);
	check_int(mg_schema_new(&have, NULL, 0), ==, 0);
	mg_schema_table(have, "users");
	mg_schema_column(have, "users", "id", "INTEGER", 1, NULL);
	mg_schema_column(have, "users", "email", "VARCHAR(200)", 1, NULL);
	mg_schema_index(have, "users", "ix_users_email", 0, "email, id");
	mg_schema_index(have, "users", "ix_extra", 0, "id");
	mg_schema_table(have, "posts");
	mg_schema_column(have, "posts", "id", "INTEGER", 1, NULL);
	mg_schema_column(have, "posts", "user_id", "INTEGER", 0, NULL);
	mg_schema_fkey(have, "posts", "user_id", "accounts", "id");
	check_int(mg_schema_diff(&c, want, have, 0), ==, 0);
	check_int(mg_check_size(c), ==, 6);
	x = find(c, MG_DRIFT_CHANGED_COLUMN, "users", "email");
	if (check(x != NULL)) {
		check_str(x->field, "default");
		check_str(x->expected, "''");
		check(x->found == NULL);
	}
	check(find(c, MG_DRIFT_CHANGED_INDEX, "users",
		   "ix_users_email") != NULL);
	check(find(c, MG_DRIFT_EXTRA_INDEX, "users", "ix_extra") != NULL);
	check(find(c, MG_DRIFT_MISSING_FKEY, "posts",
		   "user_id -> users(id)") != NULL);
	check(find(c, MG_DRIFT_EXTRA_FKEY, "posts",
		   "user_id -> accounts(id)") != NULL);
	mg_check_free(c);
	mg_schema_free(want);
	mg_schema_free(have);
}

/* The difference of kind about the object name (table NULL or its). */
static const struct mg_drift *find_obj(const mg_check *c,
				       enum mg_drift_kind kind,
				       const char *name)
{
	for (size_t i = 0; i < mg_check_size(c); i++) {
		const struct mg_drift *x = mg_check_at(c, i);

		if (x->kind == kind && x->name && strcmp(x->name, name) == 0)
			return x;
	}
	return NULL;
}

/* Expected: base_schema() with a view, triggers, a type and a function.
 * Found: users' columns in another order with one more, the view
 * changed, a trigger and the function gone, a sequence and a table (with
 * its trigger) more. */
static struct migrator_schema *objects_schema(int found)
{
	struct migrator_schema *s;

	if (!found) {
		s = base_schema();
	} else if (mg_schema_new(&s, NULL, 0) == 0) {
		mg_schema_table(s, "users");
		mg_schema_column(s, "users", "email", "VARCHAR(200)", 1, "''");
		mg_schema_column(s, "users", "note", "TEXT", 0, NULL);
		mg_schema_column(s, "users", "id", "INTEGER", 1, NULL);
		mg_schema_index(s, "users", "ix_users_email", 1, "email");
		mg_schema_table(s, "posts");
		mg_schema_column(s, "posts", "id", "INTEGER", 1, NULL);
		mg_schema_column(s, "posts", "user_id", "INTEGER", 0, NULL);
		mg_schema_fkey(s, "posts", "user_id", "users", "id");
	} else {
		s = NULL;
	}
	if (!s)
		return NULL;
	mg_schema_object(s, "view", NULL, "v", found ? "SELECT 2" : "SELECT 1");
	mg_schema_object(s, "trigger", "v", "tv", "INSTEAD OF");
	mg_schema_object(s, "type", NULL, "mood", "ENUM ('a')");
	/* a kind no host knows: left out */
	mg_schema_object(s, "rule", NULL, "r", found ? "1" : "2");
	if (found) {
		mg_schema_object(s, "sequence", NULL, "s", "AS bigint");
		/* a trigger of a table the other side lacks: the table's
		 * line says it */
		mg_schema_table(s, "gone");
		mg_schema_column(s, "gone", "id", "INTEGER", 0, NULL);
		mg_schema_object(s, "trigger", "gone", "tg", "T");
	} else {
		mg_schema_object(s, "trigger", "users", "t1", "T1");
		mg_schema_object(s, "function", NULL, "f(integer)", "F");
		/* the version table's (excluded by base_schema): left out */
		mg_schema_object(s, "trigger", "migrator_version", "x", "X");
	}
	return s;
}

static void test_objects_and_order(void)
{
	struct migrator_schema *want = objects_schema(0);
	struct migrator_schema *have = objects_schema(1);
	const struct mg_drift *x;
	mg_check *c = NULL;

	if (!check(want && have))
		goto out;
	check_int(mg_schema_diff(&c, want, have, 0), ==, 0);
	x = find_obj(c, MG_DRIFT_CHANGED_VIEW, "v");
	if (check(x != NULL)) {
		check(x->table == NULL);
		check_str(x->field, "definition");
		check_str(x->expected, "SELECT 1");
		check_str(x->found, "SELECT 2");
	}
	x = find_obj(c, MG_DRIFT_MISSING_TRIGGER, "t1");
	if (check(x != NULL)) {
		check_str(x->table, "users");
		check_str(x->expected, "T1");
		check(x->found == NULL);
	}
	x = find_obj(c, MG_DRIFT_EXTRA_SEQUENCE, "s");
	if (check(x != NULL))
		check_str(x->found, "AS bigint");
	check(find_obj(c, MG_DRIFT_MISSING_FUNCTION, "f(integer)") != NULL);
	check(find(c, MG_DRIFT_EXTRA_TABLE, "gone", NULL) != NULL);
	check(find(c, MG_DRIFT_EXTRA_COLUMN, "users", "note") != NULL);
	/* view v, trigger t1, sequence s, function f, table gone, column
	 * note; not the trigger of gone, nor the version table's, nor the
	 * rule; no column order without the flag */
	check_int(mg_check_size(c), ==, 6);
	check_str(mg_drift_kind_name(MG_DRIFT_CHANGED_TYPE), "changed_type");
	check_str(mg_drift_kind_name(MG_DRIFT_EXTRA_TRIGGER), "extra_trigger");
	mg_check_free(c);
	c = NULL;
	/* with it: the columns both sides have stand in another order */
	check_int(mg_schema_diff(&c, want, have, MG_SCHEMA_COLUMN_ORDER), ==,
		  0);
	check_int(mg_check_size(c), ==, 7);
	x = find(c, MG_DRIFT_CHANGED_TABLE, "users", NULL);
	if (check(x != NULL)) {
		check_str(x->field, "column_order");
		check_str(x->expected, "id, email");
		check_str(x->found, "email, note, id");
	}
	check(find(c, MG_DRIFT_CHANGED_TABLE, "posts", NULL) == NULL);
	check_str(mg_drift_kind_name(MG_DRIFT_CHANGED_TABLE), "changed_table");
out:
	mg_check_free(c);
	mg_schema_free(want);
	mg_schema_free(have);
}

static int fake_introspect(struct migrator_conn *c,
			   struct migrator_schema *out,
			   struct migrator_diag *d)
{
	(void)c, (void)out, (void)d;
	return 0;
}

/* The core reads an optional member (ABI 2.0) only from a driver whose
 * struct is large enough to hold it, and a member of a later minor only
 * from a driver that says that minor. */
static void test_abi_minor(void)
{
	struct migrator_driver drv;

	memset(&drv, 0, sizeof(drv));
	drv.abi_major = MIGRATOR_DRIVER_ABI_MAJOR;
	drv.abi_minor = 0;
	drv.size = sizeof(drv);
	drv.introspect = fake_introspect;
	check(MG_DRV_HAS(&drv, introspect));
	check(!MG_DRV_HAS(&drv, history_read)); /* NULL: unsupported */
	check(!MG_DRV_HAS_MINOR(&drv, 1, introspect)); /* a 2.0 driver */
	drv.abi_minor = 1;
	check(MG_DRV_HAS_MINOR(&drv, 1, introspect));
	drv.size = (uint32_t)offsetof(struct migrator_driver, introspect);
	check(!MG_DRV_HAS(&drv, introspect));
}

/* mg_runner_interrupt() (scratch.c), as a signal handler calls it:
 * it asks the driver to cancel only while a scratch database is in use,
 * and reads the ABI 1.2 member only from a 1.2 driver. */
static int cancels;
static void fake_cancel(struct migrator_conn *c)
{
	(void)c;
	cancels++;
}

static void test_interrupt(void)
{
	struct migrator_open_options o = MIGRATOR_OPEN_OPTIONS_INIT;
	struct migrator_driver drv;
	mg_diag d = MG_DIAG_INIT;
	mg_runner *r = NULL;
	static char live, scratch; /* stand-ins for the two connections */

	check_int(mg_runner_new(&r, &o, &d), ==, 0);
	if (!r)
		return;
	memset(&drv, 0, sizeof(drv));
	drv.abi_major = MIGRATOR_DRIVER_ABI_MAJOR;
	drv.abi_minor = MIGRATOR_DRIVER_ABI_MINOR;
	drv.size = sizeof(drv);
	drv.cancel = fake_cancel;
	check(MG_DRV_HAS(&drv, cancel));
	check(!MG_DRV_HAS(&drv, scratch_sweep));
	r->drv = &drv;
	r->conn = (struct migrator_conn *)&live;

	check_int(mg_runner_interrupt(r), ==, 0); /* no scratch */
	check_int(cancels, ==, 0);
	check_int(r->interrupted, ==, 0);
	check_int(mg_scratch_poll(r, &d), ==, 0);

	r->scratch_state = MG_SCRATCH_ACTIVE;
	r->scratch = (struct migrator_conn *)&scratch;
	check_int(mg_runner_interrupt(r), ==, 1);
	check_int(cancels, ==, 2); /* the scratch and the live connection */
	check_int(mg_scratch_poll(r, &d), ==, MIGRATOR_EDB);
	check_str(d.message, "interrupted by a signal");

	r->scratch_state = MG_SCRATCH_CLEANUP; /* dropping: cancel nothing */
	check_int(mg_runner_interrupt(r), ==, 1);
	check_int(cancels, ==, 2);

	/* a driver whose struct ends before cancel has none */
	drv.size = (uint32_t)offsetof(struct migrator_driver, cancel);
	r->scratch_state = MG_SCRATCH_ACTIVE;
	check_int(mg_runner_interrupt(r), ==, 1);
	check_int(cancels, ==, 2);

	check_int(mg_runner_interrupt(NULL), ==, 0);
	r->scratch_state = MG_SCRATCH_NONE;
	r->scratch = NULL;
	r->conn = NULL; /* nothing for mg_runner_free to close */
	r->drv = NULL;
	mg_runner_free(r);
	mg_diag_clear(&d);
}

int main(void)
{
	TEST(test_vectors(), "sha256: FIPS 180-4 example messages");
	TEST(test_million(), "sha256: one million 'a', in pieces and at once");
	TEST(test_padding_edges(), "sha256: lengths around the padding edges");
	TEST(test_same(), "check: equal schemas, version/history tables ignored");
	TEST(test_each_kind(), "check: missing/extra table, extra column, "
			       "changed type and nullability, missing index");
	TEST(test_index_and_fkey(), "check: changed index, extra index, "
				    "dropped default, foreign keys");
	TEST(test_objects_and_order(), "check: views, triggers, sequences, "
				       "functions, types; column order "
				       "only when asked");
	TEST(test_abi_minor(), "optional driver members are read only from "
			       "drivers that have them");
	TEST(test_interrupt(), "a signal cancels only while a scratch "
			       "database is in use, through ABI 1.2 cancel");
	return test_done();
}
