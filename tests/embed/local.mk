# The public C API (issue 7, part 1): what an application sees.
#
# test_api links libmigrator.so alone (no internals) and runs on SQLite;
# api-pg.sh runs it on PostgreSQL.  test_api_ops and api-ops-pg.sh do
# the same for the calls beside the runs.  installed.sh installs the tree with
# make install DESTDIR=..., builds app.c with pkg-config as an application
# would and runs it on SQLite; installed-pg.sh does the same on PostgreSQL.
# The PostgreSQL ones join E2E_PG_TESTS: they fail when
# MIGRATOR_TEST_PG_URL is unset, and `make check E2E_PG_TESTS=` leaves
# them out.
check_PROGRAMS += %reldir%/test_api
%canon_reldir%_test_api_SOURCES = %reldir%/test_api.c \
	%reldir%/embed_util.c %reldir%/embed_util.h
%canon_reldir%_test_api_CPPFLAGS = -I$(top_srcdir)/core/include -I$(top_srcdir)/tests/unit
%canon_reldir%_test_api_CFLAGS = $(AM_CFLAGS) -pthread
%canon_reldir%_test_api_LDFLAGS = $(AM_LDFLAGS) -pthread
%canon_reldir%_test_api_LDADD = tests/unit/libtap.la core/libmigrator.la
# test_api_ops: the calls beside the runs (plans, stamp, edited, lint,
# authoring); api-ops-pg.sh runs it on PostgreSQL.
check_PROGRAMS += %reldir%/test_api_ops
%canon_reldir%_test_api_ops_SOURCES = %reldir%/test_api_ops.c \
	%reldir%/embed_util.c %reldir%/embed_util.h
%canon_reldir%_test_api_ops_CPPFLAGS = $(%canon_reldir%_test_api_CPPFLAGS)
%canon_reldir%_test_api_ops_LDADD = tests/unit/libtap.la core/libmigrator.la
# test_api_graph: revisions and graph queries, on SQLite, compared with
# what the program ($MIGRATOR) prints for the same migrations.
check_PROGRAMS += %reldir%/test_api_graph
%canon_reldir%_test_api_graph_SOURCES = %reldir%/test_api_graph.c \
	%reldir%/embed_util.c %reldir%/embed_util.h
%canon_reldir%_test_api_graph_CPPFLAGS = $(%canon_reldir%_test_api_CPPFLAGS)
%canon_reldir%_test_api_graph_LDADD = tests/unit/libtap.la core/libmigrator.la
# test_api_verify: migrator verify, verify sections and upgrade --verify
# (issue 14); api-verify-pg.sh runs it on PostgreSQL.
check_PROGRAMS += %reldir%/test_api_verify
%canon_reldir%_test_api_verify_SOURCES = %reldir%/test_api_verify.c \
	%reldir%/embed_util.c %reldir%/embed_util.h
%canon_reldir%_test_api_verify_CPPFLAGS = $(%canon_reldir%_test_api_CPPFLAGS)
%canon_reldir%_test_api_verify_LDADD = tests/unit/libtap.la core/libmigrator.la
# test_api_dump: the schema file (dump, load, schema_file);
# api-dump-pg.sh runs it on PostgreSQL.
check_PROGRAMS += %reldir%/test_api_dump
%canon_reldir%_test_api_dump_SOURCES = %reldir%/test_api_dump.c \
	%reldir%/embed_util.c %reldir%/embed_util.h
%canon_reldir%_test_api_dump_CPPFLAGS = $(%canon_reldir%_test_api_CPPFLAGS)
%canon_reldir%_test_api_dump_LDADD = tests/unit/libtap.la core/libmigrator.la
# test_api_lock: lock timeouts with retries (issue 16); api-lock-pg.sh
# runs it on PostgreSQL with a real blocker.
check_PROGRAMS += %reldir%/test_api_lock
%canon_reldir%_test_api_lock_SOURCES = %reldir%/test_api_lock.c \
	%reldir%/embed_util.c %reldir%/embed_util.h
%canon_reldir%_test_api_lock_CPPFLAGS = $(%canon_reldir%_test_api_CPPFLAGS)
%canon_reldir%_test_api_lock_LDADD = tests/unit/libtap.la core/libmigrator.la
TESTS += %reldir%/test_api_lock
E2E_PG_TESTS += %reldir%/api-lock-pg.sh
EXTRA_DIST += %reldir%/api-lock-pg.sh
# test_api_fleet: fleets (issue 18), tenant schemas: migrator_schemas and
# the open options' schema; api-fleet-pg.sh runs it on PostgreSQL.
check_PROGRAMS += %reldir%/test_api_fleet
%canon_reldir%_test_api_fleet_SOURCES = %reldir%/test_api_fleet.c \
	%reldir%/embed_util.c %reldir%/embed_util.h
%canon_reldir%_test_api_fleet_CPPFLAGS = $(%canon_reldir%_test_api_CPPFLAGS)
%canon_reldir%_test_api_fleet_LDADD = tests/unit/libtap.la core/libmigrator.la
TESTS += %reldir%/test_api_fleet
E2E_PG_TESTS += %reldir%/api-fleet-pg.sh
EXTRA_DIST += %reldir%/api-fleet-pg.sh
TESTS += %reldir%/test_api %reldir%/test_api_ops %reldir%/test_api_graph \
	%reldir%/test_api_verify %reldir%/test_api_dump %reldir%/installed.sh
E2E_PG_TESTS += %reldir%/api-pg.sh %reldir%/api-ops-pg.sh \
	%reldir%/api-verify-pg.sh %reldir%/api-dump-pg.sh %reldir%/installed-pg.sh
AM_TESTS_ENVIRONMENT += EMBED_MAKE='$(MAKE)' \
	EMBED_BUILDDIR='$(abs_top_builddir)/%reldir%' \
	EMBED_LIBDIR='$(libdir)' EMBED_PKGLIBDIR='$(pkglibdir)' \
	EMBED_INCLUDEDIR='$(includedir)' EMBED_SAN_CFLAGS='$(SAN_CFLAGS)'; \
	export EMBED_MAKE EMBED_BUILDDIR EMBED_LIBDIR EMBED_PKGLIBDIR \
	EMBED_INCLUDEDIR EMBED_SAN_CFLAGS;
EXTRA_DIST += %reldir%/app.c %reldir%/pg_dbs.sh \
	%reldir%/app_migrations/5e1f00000001_create_notes.sql \
	%reldir%/app_migrations/5e1f00000002_add_note_author.sql \
	%reldir%/api-pg.sh %reldir%/api-ops-pg.sh %reldir%/api-verify-pg.sh \
	%reldir%/api-dump-pg.sh \
	%reldir%/installed.sh \
	%reldir%/installed-pg.sh
# installed.sh's trees (DESTDIR) and scratch files.
clean-local:
	-rm -rf %reldir%/inst-* %reldir%/work-*
