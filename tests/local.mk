# Tests: C unit tests (TAP) and end-to-end bats suites, one harness.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .bats .sh
BATS_LOG_DRIVER = $(LOG_DRIVER)
BATS_LOG_COMPILER = $(BATS)
AM_BATS_LOG_FLAGS = --tap
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	export MIGRATOR='$(abs_top_builddir)/migrator' \
	MIGRATOR_PLUGIN_PATH='$(abs_top_builddir)/backends/sqlite/.libs:$(abs_top_builddir)/backends/postgres/.libs' \
	TEST_PLUGIN_DIR='$(abs_top_builddir)/tests/plugins/.libs' \
	FIXTURES='$(abs_top_srcdir)/tests/fixtures' \
	TOP_SRCDIR='$(abs_top_srcdir)' \
	SQLITE3_CLI='$(SQLITE3_CLI)' \
	CC='$(CC)';

# Unit tests link the internal library so mg_* internals are reachable.
unit_ldadd = core/libmigrator-internal.la
check_LTLIBRARIES += %reldir%/unit/libtap.la
%canon_reldir%_unit_libtap_la_SOURCES = %reldir%/unit/tap.c %reldir%/unit/tap.h

check-local:
	@test "$(BATS)" != no || { echo "bats not found: install bats (apt-get install bats)"; exit 1; }

# The SQLite driver, loaded through the plugin loader (MIGRATOR_PLUGIN_PATH).
check_PROGRAMS += tests/unit/test_driver_sqlite
TESTS += tests/unit/test_driver_sqlite
tests_unit_test_driver_sqlite_SOURCES = tests/unit/test_driver_sqlite.c
tests_unit_test_driver_sqlite_LDADD = tests/unit/libtap.la $(unit_ldadd)

# Each driver .so exports migrator_driver_init and nothing else.
TESTS += tests/arch/driver_exports.sh
EXTRA_DIST += tests/arch/driver_exports.sh

# The migration file parser and the SQL splitter (the parser's test also
# runs over the Kratos corpus, found through TOP_SRCDIR).
check_PROGRAMS += %reldir%/unit/test_script_parse %reldir%/unit/test_sql_split
TESTS += %reldir%/unit/test_script_parse %reldir%/unit/test_sql_split
%canon_reldir%_unit_test_script_parse_SOURCES = %reldir%/unit/test_script_parse.c
%canon_reldir%_unit_test_script_parse_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
%canon_reldir%_unit_test_script_parse_LDADD = %reldir%/unit/libtap.la $(unit_ldadd)
%canon_reldir%_unit_test_sql_split_SOURCES = %reldir%/unit/test_sql_split.c
%canon_reldir%_unit_test_sql_split_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
%canon_reldir%_unit_test_sql_split_LDADD = %reldir%/unit/libtap.la $(unit_ldadd)

# The revision graph, target expressions and plans (internals via core/lib).
graph_test_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
check_PROGRAMS += tests/unit/test_graph
TESTS += tests/unit/test_graph
tests_unit_test_graph_SOURCES = tests/unit/test_graph.c
tests_unit_test_graph_CPPFLAGS = $(graph_test_cppflags)
tests_unit_test_graph_LDADD = tests/unit/libtap.la $(unit_ldadd)
check_PROGRAMS += tests/unit/test_target
TESTS += tests/unit/test_target
tests_unit_test_target_SOURCES = tests/unit/test_target.c
tests_unit_test_target_CPPFLAGS = $(graph_test_cppflags)
tests_unit_test_target_LDADD = tests/unit/libtap.la $(unit_ldadd)
check_PROGRAMS += tests/unit/test_plan
TESTS += tests/unit/test_plan
tests_unit_test_plan_SOURCES = tests/unit/test_plan.c
tests_unit_test_plan_CPPFLAGS = $(graph_test_cppflags)
tests_unit_test_plan_LDADD = tests/unit/libtap.la $(unit_ldadd)
EXTRA_DIST += \
	tests/fixtures/linear/1a2b3c4d5e6f_create_users.sql \
	tests/fixtures/linear/2b3c4d5e6f70_add_email.sql \
	tests/fixtures/linear/3c4d5e6f7081_create_posts.sql \
	tests/fixtures/linear/README.txt \
	tests/fixtures/branchy/a1000000000a_create_accounts.sql \
	tests/fixtures/branchy/b2000000000b_create_invoices.sql \
	tests/fixtures/branchy/b3000000000b_add_invoice_due.sql \
	tests/fixtures/branchy/c2000000000c_create_audit_log.sql \
	tests/fixtures/merge/d1000000000d_create_products.sql \
	tests/fixtures/merge/e2000000000e_add_price.sql \
	tests/fixtures/merge/f2000000000f_create_tags.sql \
	tests/fixtures/merge/f3000000000f_merge_price_and_tags.sql \
	tests/fixtures/merge/f4000000000f_create_tag_index.sql \
	tests/fixtures/depends/0b0000000002_create_orders.sql \
	tests/fixtures/depends/9a0000000001_create_customers.sql \
	tests/fixtures/cycle/c0000000000a_create_base.sql \
	tests/fixtures/cycle/c1111111111b_first.sql \
	tests/fixtures/cycle/c2222222222c_second.sql \
	tests/fixtures/cycle/c3333333333d_third.sql \
	tests/fixtures/dup_id/aa11bb22cc33_create_widgets.sql \
	tests/fixtures/dup_id/aa11bb22cc34_create_gadgets.sql \
	tests/fixtures/dangling_parent/5e5e5e5e5e5e_create_notes.sql \
	tests/fixtures/dangling_parent/6f6f6f6f6f6f_add_note_title.sql \
	tests/fixtures/dangling_depends/7a7a7a7a7a7a_create_events.sql \
	tests/fixtures/dangling_depends/8b8b8b8b8b8b_create_event_index.sql \
	tests/fixtures/self_parent/9c9c9c9c9c9c_create_jobs.sql \
	tests/fixtures/no_header/1d1d1d1d1d1d_create_logs.sql \
	tests/fixtures/no_header/2e2e2e2e2e2e_forgot_header.sql \
	tests/fixtures/unknown_key/3f3f3f3f3f3f_create_sessions.sql \
	tests/fixtures/no_downgrade/4a4a4a4a4a4a_create_settings.sql \
	tests/fixtures/no_downgrade/5b5b5b5b5b5b_seed_settings.sql
