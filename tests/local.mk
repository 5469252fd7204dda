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

# End-to-end suites (bats).  Each generic suite runs on both backends: as
# NAME.bats on SQLite, and as NAME-pg.pgbats (a one-line wrapper generated
# below) on PostgreSQL through tests/e2e/run-backend.sh, which fails when
# MIGRATOR_TEST_PG_URL is unset.  SQLite only, without a server:
#     make check E2E_PG_TESTS=
E2E_SUITES_SQLITE = \
	%reldir%/e2e/upgrade.bats \
	%reldir%/e2e/branches.bats \
	%reldir%/e2e/errors.bats \
	%reldir%/e2e/offline.bats \
	%reldir%/e2e/commands.bats \
	%reldir%/e2e/concurrency.bats \
	%reldir%/e2e/kratos.bats \
	%reldir%/e2e/depends.bats
E2E_PG_WRAPPERS = \
	%reldir%/e2e/upgrade-pg.pgbats \
	%reldir%/e2e/branches-pg.pgbats \
	%reldir%/e2e/errors-pg.pgbats \
	%reldir%/e2e/offline-pg.pgbats \
	%reldir%/e2e/commands-pg.pgbats \
	%reldir%/e2e/concurrency-pg.pgbats \
	%reldir%/e2e/kratos-pg.pgbats \
	%reldir%/e2e/depends-pg.pgbats \
	%reldir%/e2e/pg_only-pg.pgbats
E2E_PG_TESTS = $(E2E_PG_WRAPPERS)
TESTS += $(E2E_SUITES_SQLITE) $(E2E_PG_TESTS)
TEST_EXTENSIONS += .pgbats
PGBATS_LOG_DRIVER = $(LOG_DRIVER)
PGBATS_LOG_COMPILER = $(SHELL)
# NAME-pg.pgbats runs $(srcdir)/tests/e2e/NAME.bats (its own log: NAME-pg.log).
$(E2E_PG_WRAPPERS): Makefile
	$(AM_V_GEN)$(MKDIR_P) $$(dirname '$@') && \
	src=$(abs_top_srcdir)/%reldir%/e2e/$$(basename '$@' -pg.pgbats).bats && \
	{ echo "# generated: $$src on PostgreSQL"; \
	  echo "BATS='$(BATS)' exec '$(SHELL)' '$(abs_top_srcdir)/%reldir%/e2e/run-backend.sh' postgresql '$$src'"; \
	} >$@
CLEANFILES += $(E2E_PG_WRAPPERS)
# The Kratos corpus lies beside the source tree; AM_MAKEFLAGS hands its path
# to distcheck's build of the unpacked copy.  The generic suites run on
# SQLite unless run-backend.sh says otherwise.
KRATOS_CORPUS = $(abs_top_srcdir)/../shared/corpora/kratos
AM_MAKEFLAGS = KRATOS_CORPUS='$(KRATOS_CORPUS)'
AM_TESTS_ENVIRONMENT += MIGRATOR_TEST_BACKEND=sqlite KRATOS_CORPUS='$(KRATOS_CORPUS)'; \
	export MIGRATOR_TEST_BACKEND KRATOS_CORPUS;
EXTRA_DIST += %reldir%/e2e/helpers.bash %reldir%/e2e/run-backend.sh \
	%reldir%/e2e/upgrade.bats \
	%reldir%/e2e/branches.bats \
	%reldir%/e2e/errors.bats \
	%reldir%/e2e/offline.bats \
	%reldir%/e2e/commands.bats \
	%reldir%/e2e/concurrency.bats \
	%reldir%/e2e/kratos.bats \
	%reldir%/e2e/depends.bats \
	%reldir%/e2e/pg_only.bats \
	migrations/111c6a8bb173_add_slack_webhook_to_budget_alerts.sql \
	migrations/28d086b6b595_create_token_usage.sql \
	migrations/2ead98d98913_create_budget_alerts.sql \
	migrations/40e7c6d52794_create_budgets.sql \
	migrations/a906f967ec63_merge_usage_config_and_snapshots.sql \
	migrations/ad611e434c8f_create_usage_snapshots.sql \
	migrations/d5eaf50db3c2_create_usage_config.sql \
	%reldir%/fixtures/e2e_concurrent/c0c0c0c0c001_step_1.sql \
	%reldir%/fixtures/e2e_concurrent/c0c0c0c0c002_step_2.sql \
	%reldir%/fixtures/e2e_concurrent/c0c0c0c0c003_step_3.sql \
	%reldir%/fixtures/e2e_concurrent/c0c0c0c0c004_step_4.sql \
	%reldir%/fixtures/e2e_concurrent/c0c0c0c0c005_step_5.sql \
	%reldir%/fixtures/e2e_cycle/c00000000001_root.sql \
	%reldir%/fixtures/e2e_cycle/c00000000002_second.sql \
	%reldir%/fixtures/e2e_cycle/c00000000003_third.sql \
	%reldir%/fixtures/e2e_dangling/a00000000001_first.sql \
	%reldir%/fixtures/e2e_dangling/a00000000002_second.sql \
	%reldir%/fixtures/e2e_dup_id/d00000000001_first.sql \
	%reldir%/fixtures/e2e_dup_id/d00000000002_second.sql \
	%reldir%/fixtures/e2e_dup_id/d00000000003_copy_of_second.sql \
	%reldir%/fixtures/e2e_fail5/f00000000001_create_f1.sql \
	%reldir%/fixtures/e2e_fail5/f00000000002_create_f2.sql \
	%reldir%/fixtures/e2e_fail5/f00000000003_create_f3_then_fail.sql \
	%reldir%/fixtures/e2e_fail5/f00000000004_create_f4.sql \
	%reldir%/fixtures/e2e_fail5/f00000000005_create_f5.sql \
	%reldir%/fixtures/e2e_no_downgrade/9000000000a1_first.sql \
	%reldir%/fixtures/e2e_no_downgrade/9000000000a2_no_way_back.sql \
	%reldir%/fixtures/e2e_no_downgrade/9000000000a3_third.sql \
	%reldir%/fixtures/e2e_no_header/README.txt \
	%reldir%/fixtures/e2e_no_header/b00000000001_first.sql \
	%reldir%/fixtures/e2e_no_header/notes.sql \
	%reldir%/fixtures/e2e_pg_cic/e1c000000001_create_items.sql \
	%reldir%/fixtures/e2e_pg_cic/e1c000000002_index_items_concurrently.sql \
	%reldir%/fixtures/e2e_pg_cic/e1c000000003_add_items_price.sql \
	%reldir%/fixtures/e2e_pg_error/e3e000000001_create_accounts.sql \
	%reldir%/fixtures/e2e_pg_error/e3e000000002_duplicate_account.sql \
	%reldir%/fixtures/e2e_pg_nontx_fail/e2f000000001_create_things.sql \
	%reldir%/fixtures/e2e_pg_nontx_fail/e2f000000002_index_things.sql \
	%reldir%/fixtures/e2e_prefix/abc123000001_first.sql \
	%reldir%/fixtures/e2e_prefix/abc123f00002_second.sql \
	%reldir%/fixtures/e2e_unknown_key/e00000000001_first.sql \
	%reldir%/fixtures/e2e_fk_violation/fa0000000001_create_teams_and_members.sql \
	%reldir%/fixtures/e2e_fk_violation/fa0000000002_orphan_member.sql \
	%reldir%/fixtures/e2e_unknown_key/e00000000002_typo.sql

# The PostgreSQL driver against a real server: MIGRATOR_TEST_PG_URL comes
# from the caller's environment (or make's command line); tests/run-suite.sh
# and CI start one with tests/pg_cluster.sh.  Unset, the test fails.
AM_TESTS_ENVIRONMENT += export MIGRATOR_TEST_PG_URL='$(MIGRATOR_TEST_PG_URL)';
EXTRA_DIST += %reldir%/pg_cluster.sh
if WITH_POSTGRESQL
check_PROGRAMS += %reldir%/unit/test_driver_postgres
TESTS += %reldir%/unit/test_driver_postgres
%canon_reldir%_unit_test_driver_postgres_SOURCES = %reldir%/unit/test_driver_postgres.c
%canon_reldir%_unit_test_driver_postgres_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPQ_CFLAGS)
%canon_reldir%_unit_test_driver_postgres_CFLAGS = $(AM_CFLAGS) -pthread
%canon_reldir%_unit_test_driver_postgres_LDFLAGS = $(AM_LDFLAGS) -pthread
%canon_reldir%_unit_test_driver_postgres_LDADD = %reldir%/unit/libtap.la $(unit_ldadd) $(LIBPQ_LIBS)
endif

# Bad inputs (issue 5): graph-level, so on SQLite only.
TESTS += %reldir%/e2e/bad_inputs.bats
EXTRA_DIST += %reldir%/e2e/bad_inputs.bats \
	%reldir%/fixtures/bad_bom/e0000000000a_create_t1.sql \
	%reldir%/fixtures/bad_crlf/d0000000000a_create_t1.sql \
	%reldir%/fixtures/bad_crlf/d0000000000b_create_t2.sql \
	%reldir%/fixtures/bad_garbage/0badc0ffee00_garbage.sql \
	%reldir%/fixtures/bad_id_chars/1a000000000a_create_t1.sql \
	%reldir%/fixtures/bad_id_chars/1a000000000b_bad_chars.sql \
	%reldir%/fixtures/bad_id_long/2a000000000a_create_t1.sql \
	%reldir%/fixtures/bad_id_long/2a000000000b_long_id.sql \
	%reldir%/fixtures/bad_nul/b0000000000a_create_t1.sql \
	%reldir%/fixtures/bad_nul/b0000000000b_nul_byte.sql \
	%reldir%/fixtures/bad_self_parent/3a000000000a_create_t1.sql \
	%reldir%/fixtures/bad_self_parent/3a000000000b_own_parent.sql \
	%reldir%/fixtures/bad_unterminated_dollar/a0000000000a_create_t1.sql \
	%reldir%/fixtures/bad_unterminated_dollar/a0000000000b_open_dollar.sql \
	%reldir%/fixtures/bad_unterminated_string/f0000000000a_create_t1.sql \
	%reldir%/fixtures/bad_unterminated_string/f0000000000b_open_quote.sql \
	%reldir%/fixtures/bad_utf8/c0000000000a_create_t1.sql \
	%reldir%/fixtures/bad_utf8/c0000000000b_latin1.sql

# SHA-256 (run history checksums) and check's schema diff.
check_PROGRAMS += %reldir%/unit/test_check
TESTS += %reldir%/unit/test_check
%canon_reldir%_unit_test_check_SOURCES = %reldir%/unit/test_check.c
%canon_reldir%_unit_test_check_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
%canon_reldir%_unit_test_check_LDADD = %reldir%/unit/libtap.la $(unit_ldadd)
# check and the run history, end to end on both backends.
E2E_SUITES_SQLITE += %reldir%/e2e/check.bats %reldir%/e2e/history.bats
E2E_PG_WRAPPERS += %reldir%/e2e/check-pg.pgbats %reldir%/e2e/history-pg.pgbats
EXTRA_DIST += %reldir%/e2e/check.bats %reldir%/e2e/history.bats \
	%reldir%/fixtures/e2e_check/c4ec00000001_create_items.sql \
	%reldir%/fixtures/e2e_check/c4ec00000002_create_orders.sql

# Authoring: init, revision, merge and adopting an Alembic database, on
# both backends.
E2E_SUITES_SQLITE += %reldir%/e2e/authoring.bats
E2E_PG_WRAPPERS += %reldir%/e2e/authoring-pg.pgbats
EXTRA_DIST += %reldir%/e2e/authoring.bats

# Fault injection (issue 5): kill -9 during a 300-revision upgrade on both
# backends; SQLite's locks, read-only files, a full disk and the file size
# limit; PostgreSQL's terminated connections and a server that never
# answers (tests/fault/silent_server.c).  FAULT_SEED=N FAULT_TRIALS=N.
E2E_SUITES_SQLITE += %reldir%/e2e/faults.bats
E2E_PG_WRAPPERS += %reldir%/e2e/faults-pg.pgbats %reldir%/e2e/faults_pg-pg.pgbats
TESTS += %reldir%/e2e/faults_sqlite.bats
# Scratch databases never outlive their run (issue 21): check interrupted by
# SIGINT, SIGTERM and SIGHUP on both backends; the sweep of what killed runs
# left is in faults_pg.bats.
E2E_SUITES_SQLITE += %reldir%/e2e/faults_scratch.bats
E2E_PG_WRAPPERS += %reldir%/e2e/faults_scratch-pg.pgbats
AM_TESTS_ENVIRONMENT += export FAULT_SEED='$(FAULT_SEED)' FAULT_TRIALS='$(FAULT_TRIALS)';
EXTRA_DIST += %reldir%/e2e/faults.bats %reldir%/e2e/faults_pg.bats \
	%reldir%/e2e/faults_sqlite.bats %reldir%/e2e/faults_scratch.bats \
	%reldir%/fault/fault_helpers.bash %reldir%/fault/gen_chain.sh \
	%reldir%/fault/silent_server.c
# Security (issue 5): odd version-table names and decoy plugins on both
# backends; passwords and bound parameters on PostgreSQL; file modes and
# URL parameters on SQLite.
E2E_SUITES_SQLITE += %reldir%/e2e/security.bats
E2E_PG_WRAPPERS += %reldir%/e2e/security-pg.pgbats %reldir%/e2e/security_pg-pg.pgbats
TESTS += %reldir%/e2e/security_sqlite.bats
EXTRA_DIST += %reldir%/e2e/security.bats %reldir%/e2e/security_pg.bats \
	%reldir%/e2e/security_sqlite.bats %reldir%/fault/fake_pg_auth.c

# The differential test against Alembic (issue 12): random revision graphs
# run by both tools from identical SQLite files, every difference
# classified.  Needs python3-alembic (fails without it).
TESTS += %reldir%/alembic/difftest.sh
EXTRA_DIST += %reldir%/alembic/difftest.sh %reldir%/alembic/difftest.py \
	%reldir%/alembic/graphs.py %reldir%/alembic/judge.py \
	%reldir%/alembic/tools.py
