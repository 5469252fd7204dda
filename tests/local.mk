# The test harness: C unit tests (TAP) and end-to-end bats suites run by
# one TAP driver, with one environment.  The tests themselves belong to
# the local.mk of the directory they live in.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS += .bats .sh
BATS_LOG_DRIVER = $(LOG_DRIVER)
BATS_LOG_COMPILER = $(BATS)
AM_BATS_LOG_FLAGS = --tap
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)

check-local:
	@test "$(BATS)" != no || { echo "bats not found: install bats (apt-get install bats)"; exit 1; }

# What every test may read: the program and the plugins just built, the
# source tree and its fixtures, and the tools.  The generic e2e suites run
# on SQLite unless run-backend.sh says otherwise.
AM_TESTS_ENVIRONMENT += \
	export MIGRATOR='$(abs_top_builddir)/migrator' \
	MIGRATOR_PLUGIN_PATH='$(abs_top_builddir)/backends/sqlite/.libs:$(abs_top_builddir)/backends/postgres/.libs' \
	TEST_PLUGIN_DIR='$(abs_top_builddir)/%reldir%/plugins/.libs' \
	HOOKS_PLUGIN_DIRS='$(abs_top_builddir)/plugins/lint/.libs:$(abs_top_builddir)/plugins/backup/.libs' \
	FIXTURES='$(abs_top_srcdir)/%reldir%/fixtures' \
	TOP_SRCDIR='$(abs_top_srcdir)' \
	SQLITE3_CLI='$(SQLITE3_CLI)' \
	CC='$(CC)' \
	MIGRATOR_TEST_BACKEND=sqlite;
# The build tree and make, for the tests that install or inspect it
# (tests/install, tests/arch).
AM_TESTS_ENVIRONMENT += MAKE='$(MAKE)' BUILDDIR='$(abs_top_builddir)' \
	PKGLIB_MODULES='$(drivers_LTLIBRARIES) $(hooks_LTLIBRARIES)' \
	DRIVER_MODULES='$(drivers_LTLIBRARIES)' \
	HOOK_MODULES='$(hooks_LTLIBRARIES)'; \
	export MAKE BUILDDIR PKGLIB_MODULES DRIVER_MODULES HOOK_MODULES;

# The PostgreSQL server: MIGRATOR_TEST_PG_URL comes from the caller's
# environment (or make's command line); tests/run-suite.sh and CI start one
# with tests/pg_cluster.sh.  Unset, the PostgreSQL tests fail.
AM_TESTS_ENVIRONMENT += export MIGRATOR_TEST_PG_URL='$(MIGRATOR_TEST_PG_URL)';
EXTRA_DIST += %reldir%/run-suite.sh %reldir%/pg_cluster.sh %reldir%/pg_matrix.sh %reldir%/peer_tools.sh \
	%reldir%/pgbouncer.sh %reldir%/stall_proxy.py

# The Kratos corpus (tests/corpora/kratos, distributed whole; `make check
# KRATOS_CORPUS=dir` reads another copy).
KRATOS_CORPUS = $(abs_top_srcdir)/%reldir%/corpora/kratos
AM_TESTS_ENVIRONMENT += export KRATOS_CORPUS='$(KRATOS_CORPUS)';
EXTRA_DIST += %reldir%/corpora

# The e2e suites (tests/e2e) and the other tests that need a PostgreSQL
# server (E2E_PG_TESTS, Makefile.am).
TESTS += $(E2E_SUITES_SQLITE) $(E2E_PG_TESTS)
