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

# Switching from Alembic (issue 17 item 1): the real Alembic takes a
# database halfway, contrib/migrator-import-alembic converts the fixture
# project tests/e2e/alembic, migrator finishes; on both backends.  The
# graph against `alembic heads`/`history` and the bad inputs: SQLite only.
E2E_SUITES_SQLITE += %reldir%/import_alembic.bats
E2E_PG_WRAPPERS += %reldir%/import_alembic-pg.pgbats
TESTS += %reldir%/import_alembic_graph.bats
EXTRA_DIST += %reldir%/import_alembic.bats %reldir%/import_alembic_graph.bats \
	%reldir%/alembic/alembic.ini %reldir%/alembic/env.py \
	%reldir%/alembic/versions/04b6d8f9b103_create_audit_posts.py \
	%reldir%/alembic/versions/0a1c3e5f7b01_create_users.py \
	%reldir%/alembic/versions/15c7e9a0c212_merge_comments_and_audit.py \
	%reldir%/alembic/versions/1b2d4f6a8c02_create_posts.py \
	%reldir%/alembic/versions/26d8fab1d313_drop_users_legacy_batch.py \
	%reldir%/alembic/versions/2c3e5a7b9d03_add_users_email.py \
	%reldir%/alembic/versions/37e9abc2e414_create_settings.py \
	%reldir%/alembic/versions/3d4f6b8cae04_seed_users.py \
	%reldir%/alembic/versions/48fabcd3f515_seed_settings.py \
	%reldir%/alembic/versions/4e5a7c9dbf05_index_posts_user_id.py \
	%reldir%/alembic/versions/59abcde4a616_rename_users_name_to_username_batch.py \
	%reldir%/alembic/versions/5f6b8daec006_create_tags.py \
	%reldir%/alembic/versions/6a7c9ebfd107_create_post_tags.py \
	%reldir%/alembic/versions/6abcdef5b717_create_view_published_posts.py \
	%reldir%/alembic/versions/7b8dafc0e208_seed_tags.py \
	%reldir%/alembic/versions/7bcdef06c818_index_comments_post_id_concurrently.py \
	%reldir%/alembic/versions/8c9eb0d1f306_add_posts_published.py \
	%reldir%/alembic/versions/8cdef017d919_light_theme.py \
	%reldir%/alembic/versions/9dafc1e2a407_widen_posts_title_batch.py \
	%reldir%/alembic/versions/9def0128ea20_add_users_active.py \
	%reldir%/alembic/versions/aeb0d2f3b508_publish_ada_s_posts.py \
	%reldir%/alembic/versions/bfc1e3a4c609_merge_tagging_and_publishing.py \
	%reldir%/alembic/versions/c0d2f4b5d710_create_comments.py \
	%reldir%/alembic/versions/d1e3a5c6e811_add_comments_score.py \
	%reldir%/alembic/versions/e2f4b6d7f901_create_audit_log.py \
	%reldir%/alembic/versions/f3a5c7e8a002_add_audit_log_detail.py

# The checksum cache of the edited-file check (issue 19).
E2E_SUITES_SQLITE += %reldir%/sum_cache.bats
E2E_PG_WRAPPERS += %reldir%/sum_cache-pg.pgbats
EXTRA_DIST += %reldir%/sum_cache.bats

# import and adopt (issue 17): dbmate for real (tests/peer_tools.sh).
# golang-migrate and Flyway: their files and version tables as their
# documentation lays them out.
E2E_SUITES_SQLITE += %reldir%/import_dbmate.bats %reldir%/import_formats.bats
E2E_PG_WRAPPERS += %reldir%/import_dbmate-pg.pgbats \
	%reldir%/import_formats-pg.pgbats
EXTRA_DIST += %reldir%/import_dbmate.bats %reldir%/import_formats.bats

# Sqitch for real (Debian's sqitch), its registry on both backends.
E2E_SUITES_SQLITE += %reldir%/import_sqitch.bats
E2E_PG_WRAPPERS += %reldir%/import_sqitch-pg.pgbats
EXTRA_DIST += %reldir%/import_sqitch.bats

# import --from alembic's dispatch to the converter, adopt --from alembic.
E2E_SUITES_SQLITE += %reldir%/import_alembic_cli.bats
E2E_PG_WRAPPERS += %reldir%/import_alembic_cli-pg.pgbats
EXTRA_DIST += %reldir%/import_alembic_cli.bats

# fleets (issue 18): one command over many SQLite files or tenant schemas.
E2E_SUITES_SQLITE += %reldir%/fleet.bats
E2E_PG_WRAPPERS += %reldir%/fleet-pg.pgbats
EXTRA_DIST += %reldir%/fleet.bats

# diff: the next revision from a schema change (issue 15).
E2E_SUITES_SQLITE += %reldir%/diff.bats
E2E_PG_WRAPPERS += %reldir%/diff-pg.pgbats
EXTRA_DIST += %reldir%/diff.bats
