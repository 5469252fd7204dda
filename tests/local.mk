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
