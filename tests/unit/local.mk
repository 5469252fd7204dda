# The core's unit tests (TAP).  They link the internal library, so the
# mg_* internals are reachable; those that test internals add core/lib.
unit_ldadd = %reldir%/libtap.la core/libmigrator-internal.la
unit_internal_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
check_LTLIBRARIES += %reldir%/libtap.la
%canon_reldir%_libtap_la_SOURCES = %reldir%/tap.c %reldir%/tap.h

# The migration file parser (also over the Kratos corpus, KRATOS_CORPUS)
# and the SQL splitter.
check_PROGRAMS += %reldir%/test_script_parse %reldir%/test_sql_split
TESTS += %reldir%/test_script_parse %reldir%/test_sql_split
%canon_reldir%_test_script_parse_SOURCES = %reldir%/test_script_parse.c
%canon_reldir%_test_script_parse_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_script_parse_LDADD = $(unit_ldadd)
%canon_reldir%_test_sql_split_SOURCES = %reldir%/test_sql_split.c
%canon_reldir%_test_sql_split_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_sql_split_LDADD = $(unit_ldadd)

# The revision graph, target expressions and plans, on tests/fixtures
# (test_graph also loads the Kratos corpus).
graph_test_cppflags = $(unit_internal_cppflags) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
check_PROGRAMS += %reldir%/test_graph %reldir%/test_target %reldir%/test_plan
TESTS += %reldir%/test_graph %reldir%/test_target %reldir%/test_plan
%canon_reldir%_test_graph_SOURCES = %reldir%/test_graph.c
%canon_reldir%_test_graph_CPPFLAGS = $(graph_test_cppflags)
%canon_reldir%_test_graph_LDADD = $(unit_ldadd)
%canon_reldir%_test_target_SOURCES = %reldir%/test_target.c
%canon_reldir%_test_target_CPPFLAGS = $(graph_test_cppflags)
%canon_reldir%_test_target_LDADD = $(unit_ldadd)
%canon_reldir%_test_plan_SOURCES = %reldir%/test_plan.c
%canon_reldir%_test_plan_CPPFLAGS = $(graph_test_cppflags)
%canon_reldir%_test_plan_LDADD = $(unit_ldadd)

# The plugin loader, on the test plugins of tests/plugins (TEST_PLUGIN_DIR).
check_PROGRAMS += %reldir%/test_plugin_load
TESTS += %reldir%/test_plugin_load
%canon_reldir%_test_plugin_load_SOURCES = %reldir%/test_plugin_load.c
# core/lib: hook_int.h, to load the test hook plugins
%canon_reldir%_test_plugin_load_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
%canon_reldir%_test_plugin_load_LDADD = $(unit_ldadd)

# The runner: real SQLite files through the real driver.
check_PROGRAMS += %reldir%/test_runner
TESTS += %reldir%/test_runner
%canon_reldir%_test_runner_SOURCES = %reldir%/test_runner.c
%canon_reldir%_test_runner_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_runner_LDADD = $(unit_ldadd)

# SHA-256 (run history checksums) and check's schema diff.
check_PROGRAMS += %reldir%/test_check
TESTS += %reldir%/test_check
%canon_reldir%_test_check_SOURCES = %reldir%/test_check.c
%canon_reldir%_test_check_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_check_LDADD = $(unit_ldadd)

# The authoring functions (slugs, messages, files read back).
check_PROGRAMS += %reldir%/test_author
TESTS += %reldir%/test_author
%canon_reldir%_test_author_SOURCES = %reldir%/test_author.c
%canon_reldir%_test_author_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_author_LDADD = $(unit_ldadd)

# The drivers through the plugin loader (MIGRATOR_PLUGIN_PATH): SQLite on
# real files, PostgreSQL on a real server (MIGRATOR_TEST_PG_URL; unset, it
# fails).
check_PROGRAMS += %reldir%/test_driver_sqlite
TESTS += %reldir%/test_driver_sqlite
%canon_reldir%_test_driver_sqlite_SOURCES = %reldir%/test_driver_sqlite.c
%canon_reldir%_test_driver_sqlite_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_driver_sqlite_LDADD = $(unit_ldadd)
if WITH_POSTGRESQL
check_PROGRAMS += %reldir%/test_driver_postgres
TESTS += %reldir%/test_driver_postgres
%canon_reldir%_test_driver_postgres_SOURCES = %reldir%/test_driver_postgres.c
%canon_reldir%_test_driver_postgres_CPPFLAGS = $(unit_internal_cppflags) $(LIBPQ_CFLAGS)
%canon_reldir%_test_driver_postgres_CFLAGS = $(AM_CFLAGS) -pthread
%canon_reldir%_test_driver_postgres_LDFLAGS = $(AM_LDFLAGS) -pthread
%canon_reldir%_test_driver_postgres_LDADD = $(unit_ldadd) $(LIBPQ_LIBS)
# the same with a libpq shim whose pipelined COMMIT fails to send
TESTS += %reldir%/pg_pipe_send.sh
endif
EXTRA_DIST += %reldir%/pg_pipe_send.sh

# The harness itself: a TEST that made no check fails (tap_selftest.sh
# reads tap_selftest's output; the program alone is meant to fail).
check_PROGRAMS += %reldir%/tap_selftest
%canon_reldir%_tap_selftest_SOURCES = %reldir%/tap_selftest.c
%canon_reldir%_tap_selftest_LDADD = %reldir%/libtap.la
TESTS += %reldir%/tap_selftest.sh
EXTRA_DIST += %reldir%/tap_selftest.sh

# The core's memory helpers (buf.c): arrays that grow.
check_PROGRAMS += %reldir%/test_buf
TESTS += %reldir%/test_buf
%canon_reldir%_test_buf_SOURCES = %reldir%/test_buf.c
%canon_reldir%_test_buf_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_buf_LDADD = $(unit_ldadd)

# The program's unified diff (core/cli/udiff.c, dump --check).
check_PROGRAMS += %reldir%/test_udiff
TESTS += %reldir%/test_udiff
%canon_reldir%_test_udiff_SOURCES = %reldir%/test_udiff.c \
	core/cli/udiff.c core/cli/udiff.h
%canon_reldir%_test_udiff_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/cli
%canon_reldir%_test_udiff_LDADD = %reldir%/libtap.la

# import (issue 17): version -> revision ID, Flyway's and golang-migrate's
# order.
check_PROGRAMS += %reldir%/test_import
TESTS += %reldir%/test_import
%canon_reldir%_test_import_SOURCES = %reldir%/test_import.c
%canon_reldir%_test_import_CPPFLAGS = $(unit_internal_cppflags)
%canon_reldir%_test_import_LDADD = $(unit_ldadd)
