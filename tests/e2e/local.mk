# End-to-end suites (bats), run through the program as users run it.  Each
# generic suite runs on both backends: as NAME.bats on SQLite (in
# E2E_SUITES_SQLITE), and as NAME-pg.pgbats (a one-line wrapper generated
# below, in E2E_PG_WRAPPERS) on PostgreSQL through run-backend.sh, which
# fails when MIGRATOR_TEST_PG_URL is unset.  SQLite only, without a server:
#     make check E2E_PG_TESTS=
# Both lists join TESTS in tests/local.mk.
EXTRA_DIST += %reldir%/helpers.bash %reldir%/run-backend.sh \
	%reldir%/pg_schema.sql

# Upgrades, branches, errors, offline SQL, the other commands, concurrent
# runners, the Kratos corpus (tests/corpora), depends_on.
E2E_SUITES_SQLITE += \
	%reldir%/upgrade.bats \
	%reldir%/branches.bats \
	%reldir%/errors.bats \
	%reldir%/offline.bats \
	%reldir%/commands.bats \
	%reldir%/concurrency.bats \
	%reldir%/kratos.bats \
	%reldir%/depends.bats
E2E_PG_WRAPPERS += \
	%reldir%/upgrade-pg.pgbats \
	%reldir%/branches-pg.pgbats \
	%reldir%/errors-pg.pgbats \
	%reldir%/offline-pg.pgbats \
	%reldir%/commands-pg.pgbats \
	%reldir%/concurrency-pg.pgbats \
	%reldir%/kratos-pg.pgbats \
	%reldir%/depends-pg.pgbats
EXTRA_DIST += \
	%reldir%/upgrade.bats \
	%reldir%/branches.bats \
	%reldir%/errors.bats \
	%reldir%/offline.bats \
	%reldir%/commands.bats \
	%reldir%/concurrency.bats \
	%reldir%/kratos.bats \
	%reldir%/depends.bats

# PostgreSQL only (CONCURRENTLY, server errors, non-transactional failures).
E2E_PG_WRAPPERS += %reldir%/pg_only-pg.pgbats
EXTRA_DIST += %reldir%/pg_only.bats

# Bad inputs: graph-level, so on SQLite only.
TESTS += %reldir%/bad_inputs.bats
EXTRA_DIST += %reldir%/bad_inputs.bats

# check (schema drift) and the run history; on PostgreSQL only, what check
# reads from the catalogs where server versions differ (check_pg).
E2E_SUITES_SQLITE += %reldir%/check.bats %reldir%/history.bats
E2E_PG_WRAPPERS += %reldir%/check-pg.pgbats %reldir%/history-pg.pgbats \
	%reldir%/check_pg-pg.pgbats
EXTRA_DIST += %reldir%/check.bats %reldir%/history.bats %reldir%/check_pg.bats

# Authoring: init, revision, merge and adopting an Alembic database.
E2E_SUITES_SQLITE += %reldir%/authoring.bats
E2E_PG_WRAPPERS += %reldir%/authoring-pg.pgbats
EXTRA_DIST += %reldir%/authoring.bats

# Fault injection: kill -9 during a 300-revision upgrade on both backends;
# SQLite's locks, read-only files, a full disk and the file size limit;
# PostgreSQL's terminated connections and a server that never answers
# (tests/fault).  FAULT_SEED=N FAULT_TRIALS=N.  Scratch databases never
# outlive their run: check interrupted by SIGINT, SIGTERM and SIGHUP on
# both backends (faults_scratch); the sweep of what killed runs left is in
# faults_pg.bats.
E2E_SUITES_SQLITE += %reldir%/faults.bats %reldir%/faults_scratch.bats
E2E_PG_WRAPPERS += %reldir%/faults-pg.pgbats %reldir%/faults_pg-pg.pgbats \
	%reldir%/faults_scratch-pg.pgbats
TESTS += %reldir%/faults_sqlite.bats
AM_TESTS_ENVIRONMENT += export FAULT_SEED='$(FAULT_SEED)' FAULT_TRIALS='$(FAULT_TRIALS)';
EXTRA_DIST += %reldir%/faults.bats %reldir%/faults_pg.bats \
	%reldir%/faults_sqlite.bats %reldir%/faults_scratch.bats

# Security: odd version-table names and decoy plugins on both backends;
# passwords and bound parameters on PostgreSQL; file modes and URL
# parameters on SQLite.
E2E_SUITES_SQLITE += %reldir%/security.bats
E2E_PG_WRAPPERS += %reldir%/security-pg.pgbats %reldir%/security_pg-pg.pgbats
TESTS += %reldir%/security_sqlite.bats
EXTRA_DIST += %reldir%/security.bats %reldir%/security_pg.bats \
	%reldir%/security_sqlite.bats

# verify (issue 14): every revision up, down and up again on a scratch
# database; upgrade --verify; the seed scenarios of issue 14 item 7.
E2E_SUITES_SQLITE += %reldir%/verify.bats
E2E_PG_WRAPPERS += %reldir%/verify-pg.pgbats
EXTRA_DIST += %reldir%/verify.bats

# Snapshots (issue 14 item 1): views, triggers, sequences, functions,
# types and column order in check and verify.
E2E_SUITES_SQLITE += %reldir%/snapshot.bats
E2E_PG_WRAPPERS += %reldir%/snapshot-pg.pgbats
EXTRA_DIST += %reldir%/snapshot.bats

# Progress lines.
E2E_SUITES_SQLITE += %reldir%/progress.bats
E2E_PG_WRAPPERS += %reldir%/progress-pg.pgbats
EXTRA_DIST += %reldir%/progress.bats

# The schema file: dump, load, schema_file, dump --check (issue 14).
E2E_SUITES_SQLITE += %reldir%/dump.bats
E2E_PG_WRAPPERS += %reldir%/dump-pg.pgbats
EXTRA_DIST += %reldir%/dump.bats

# Hook plugins (plugins/lint, plugins/backup; HOOKS_PLUGIN_DIRS): the hook
# calls, and `migrator lint` and `--plugin lint` with the built plugin.
E2E_SUITES_SQLITE += %reldir%/hooks.bats %reldir%/lint.bats
E2E_PG_WRAPPERS += %reldir%/hooks-pg.pgbats %reldir%/lint-pg.pgbats
EXTRA_DIST += %reldir%/hooks.bats %reldir%/lint.bats

# Behind Debian's PgBouncer (tests/pgbouncer.sh), in session and in
# transaction pooling mode: concurrent runners, locks, SIGKILL, and
# transactional false revisions (issue 16).
E2E_PG_WRAPPERS += %reldir%/pgbouncer-pg.pgbats
EXTRA_DIST += %reldir%/pgbouncer.bats
# Lock timeouts with retries (issue 16): a real blocker, a third session's
# reads timed while migrator waits and retries; PostgreSQL only.
E2E_PG_WRAPPERS += %reldir%/lock_retry-pg.pgbats
EXTRA_DIST += %reldir%/lock_retry.bats

# NAME-pg.pgbats runs $(srcdir)/tests/e2e/NAME.bats (its own log: NAME-pg.log).
TEST_EXTENSIONS += .pgbats
PGBATS_LOG_DRIVER = $(LOG_DRIVER)
PGBATS_LOG_COMPILER = $(SHELL)
$(E2E_PG_WRAPPERS): Makefile
	$(AM_V_GEN)$(MKDIR_P) $$(dirname '$@') && \
	src=$(abs_top_srcdir)/%reldir%/$$(basename '$@' -pg.pgbats).bats && \
	{ echo "# generated: $$src on PostgreSQL"; \
	  echo "BATS='$(BATS)' exec '$(SHELL)' '$(abs_top_srcdir)/%reldir%/run-backend.sh' postgresql '$$src'"; \
	} >$@
CLEANFILES += $(E2E_PG_WRAPPERS)

# history --graph, --format dot and mermaid (issue 20): golden pictures in
# graph/, the generated graph of 200 revisions from graph_gen.bash.
E2E_SUITES_SQLITE += %reldir%/graph.bats
E2E_PG_WRAPPERS += %reldir%/graph-pg.pgbats
EXTRA_DIST += %reldir%/graph.bats %reldir%/graph_gen.bash \
	%reldir%/graph/sample.txt %reldir%/graph/sample.ascii \
	%reldir%/graph/branchy.txt %reldir%/graph/merge.txt \
	%reldir%/graph/depends.txt %reldir%/graph/generated200.txt \
	%reldir%/graph/generated200.ascii %reldir%/graph/sample.dot \
	%reldir%/graph/depends.dot %reldir%/graph/sample.mmd \
	%reldir%/graph/depends.mmd %reldir%/graph/tangle.txt \
	%reldir%/graph/tangle.ascii \
	docs/sample-graph.txt docs/sample-graph.svg
# verify --with-data (issue 14 item 2): generated rows, row counts, tables
# not exercised; on PostgreSQL only, casts and the catalog's types.
E2E_SUITES_SQLITE += %reldir%/verify_data.bats
E2E_PG_WRAPPERS += %reldir%/verify_data-pg.pgbats \
	%reldir%/verify_data_pg-pg.pgbats
EXTRA_DIST += %reldir%/verify_data.bats %reldir%/verify_data_pg.bats

# diff: the next revision from a schema change (issue 15).
E2E_SUITES_SQLITE += %reldir%/diff.bats
E2E_PG_WRAPPERS += %reldir%/diff-pg.pgbats
EXTRA_DIST += %reldir%/diff.bats
