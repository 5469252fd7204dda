# libmigrator: the backend-neutral core.  It never links a database library.
# The program is core/cli/local.mk; the core's unit tests are
# tests/unit/local.mk.

# The one installed header: the opaque public API (the facade, lib/api*.c).
migratorinclude_HEADERS += %reldir%/include/migrator/migrator.h

# Everything of the core, internals included; the program and the unit
# tests link this.
noinst_LTLIBRARIES += %reldir%/libmigrator-internal.la
%canon_reldir%_libmigrator_internal_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(srcdir)/%reldir%/lib \
	-DMIGRATOR_PLUGINDIR='"$(pkglibdir)"' \
	-DMIGRATOR_BUILDDIR='"$(abs_top_builddir)"'
%canon_reldir%_libmigrator_internal_la_LIBADD = $(DL_LIBS)
# Memory, text, diagnostics.
%canon_reldir%_libmigrator_internal_la_SOURCES = \
	%reldir%/lib/arena.c %reldir%/lib/arena.h \
	%reldir%/lib/buf.c %reldir%/lib/buf.h \
	%reldir%/lib/diag.c %reldir%/lib/diag.h \
	%reldir%/lib/version.c \
	%reldir%/lib/strvec.c %reldir%/lib/strvec.h \
	%reldir%/lib/sha256.c %reldir%/lib/sha256.h
# Migration files: the parser and the SQL statement splitter.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/script_parse.c %reldir%/lib/script_parse.h %reldir%/lib/script.h \
	%reldir%/lib/sql_split.c %reldir%/lib/sql_split.h
# lock timeouts: header durations and the retries of a revision that
# failed for lack of a lock.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/duration.c %reldir%/lib/duration.h \
	%reldir%/lib/runner_retry.c
# The revision graph, target expressions and plans.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/graph.c %reldir%/lib/graph.h %reldir%/lib/graph_build.h \
	%reldir%/lib/graph_order.c %reldir%/lib/graph_order.h \
	%reldir%/lib/graph_load.c \
	%reldir%/lib/text_cache.c %reldir%/lib/text_cache.h \
	%reldir%/lib/graph_spec.c \
	%reldir%/lib/graph_walk.c \
	%reldir%/lib/graph_range.c %reldir%/lib/graph_range.h \
	%reldir%/lib/target.c %reldir%/lib/target.h \
	%reldir%/lib/plan.c %reldir%/lib/plan.h
# Plugins: URLs, the one plugin loader (plugin_open.c: descriptors), its
# directories, drivers (plugin_load.c), hook plugins
# (<migrator/hook.h>) and the host's callbacks.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/url.c %reldir%/lib/url.h \
	%reldir%/lib/plugin_load.c %reldir%/lib/plugin.h \
	%reldir%/lib/plugin_dirs.c %reldir%/lib/plugin_dirs.h \
	%reldir%/lib/plugin_open.c %reldir%/lib/plugin_open.h \
	%reldir%/lib/host.c %reldir%/lib/host.h \
	%reldir%/lib/hook_int.h \
	%reldir%/lib/hook_load.c \
	%reldir%/lib/hook_call.c
# The runner: runs, stamps, offline SQL, run history, hooks, lint.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/runner.c %reldir%/lib/runner.h %reldir%/lib/runner_int.h \
	%reldir%/lib/runner_event.c \
	%reldir%/lib/runner_run.c \
	%reldir%/lib/runner_error.c \
	%reldir%/lib/runner_verify.c \
	%reldir%/lib/runner_stamp.c \
	%reldir%/lib/runner_offline.c \
	%reldir%/lib/runner_history.c \
	%reldir%/lib/sum_cache.c %reldir%/lib/sum_cache.h \
	%reldir%/lib/cache_file.c %reldir%/lib/cache_file.h \
	%reldir%/lib/history_sink.c %reldir%/lib/history_sink.h \
	%reldir%/lib/runner_hooks.c \
	%reldir%/lib/runner_lint.c
# fleets: tenant schemas (driver ABI 2.4).
%canon_reldir%_libmigrator_internal_la_SOURCES += %reldir%/lib/runner_schema.c
# what the run's connection allows: poolers, invalid indexes (ABI 2.3).
%canon_reldir%_libmigrator_internal_la_SOURCES += %reldir%/lib/runner_conn.c
# check: schema drift against a scratch database.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/check.c %reldir%/lib/check.h \
	%reldir%/lib/scratch.c %reldir%/lib/scratch.h \
	%reldir%/lib/check_schema.c %reldir%/lib/check_schema.h
# verify: every revision up, down and up again on a scratch database.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/verify.c %reldir%/lib/verify.h \
	%reldir%/lib/verify_result.c
# verify --with-data: rows in the tables, counted after each move.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/verify_data.c %reldir%/lib/verify_data.h
# The schema file: dump, dump --check, load, schema_file.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/dump.c %reldir%/lib/dump.h \
	%reldir%/lib/dump_text.c \
	%reldir%/lib/dump_check.c \
	%reldir%/lib/dump_canon.c \
	%reldir%/lib/load.c \
	%reldir%/lib/schema_file.c \
	%reldir%/lib/file_io.c %reldir%/lib/file_io.h
# Authoring: init, revision, merge.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/author.h %reldir%/lib/author_int.h \
	%reldir%/lib/author_write.c \
	%reldir%/lib/author_revision.c \
	%reldir%/lib/author_init.c
# issue 17: import (other tools' migrations) and adopt (their records).
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/import.c %reldir%/lib/import.h \
	%reldir%/lib/import_text.c %reldir%/lib/import_text.h \
	%reldir%/lib/import_write.c \
	%reldir%/lib/import_dbmate.c \
	%reldir%/lib/import_golang.c \
	%reldir%/lib/import_flyway.c \
	%reldir%/lib/import_sqitch.c \
	%reldir%/lib/adopt.c %reldir%/lib/adopt.h

# diff: the next revision from a schema change (issue 15).
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/diff.c %reldir%/lib/diff.h \
	%reldir%/lib/diff_plan.c %reldir%/lib/diff_dialects.c

# The shared library is the facade and exports exactly the functions of
# migrator.h, listed in libmigrator.sym (tests/arch/lib_exports.sh checks
# the two agree).  curl's versioning rules: interfaces changed or removed
# -> C+1:0:0; added -> C+1:0:A+1; else C:R+1:A.  1:0:0 dropped the
# detailed API that 0:0:0 exported.  2:0:0 is the API the program is built
# on (issue 13): the log record became the event, the options version 2,
# the error parts one record.  3:0:1 added verify, dump, dump_expected and
# load and the options version 3 (schema_file) (issue 14).  4:0:2 added
# migrator_verify_ext and the verify list's warnings and seed (issue 14
# --with-data), the options version 4 (lock timeouts and retries), and
# members at the end of struct migrator_event (retries, step numbers) and
# struct migrator_verify_item (issue 16, 20).  5:0:3 (this round, issue
# 18): migrator_schemas and the open options' schema.
lib_LTLIBRARIES += %reldir%/libmigrator.la
%canon_reldir%_libmigrator_la_SOURCES = \
	%reldir%/lib/api.c %reldir%/lib/api_int.h \
	%reldir%/lib/api_revlist.c \
	%reldir%/lib/api_run.c \
	%reldir%/lib/api_graph.c \
	%reldir%/lib/api_check.c \
	%reldir%/lib/api_verify.c \
	%reldir%/lib/api_ops.c \
	%reldir%/lib/api_plan.c \
	%reldir%/lib/api_author.c \
	%reldir%/lib/api_diff.c \
	%reldir%/lib/api_dump.c
# issue 17: import and adopt.
%canon_reldir%_libmigrator_la_SOURCES += %reldir%/lib/api_import.c
# fleets (issue 18): tenant schemas.
%canon_reldir%_libmigrator_la_SOURCES += %reldir%/lib/api_fleet.c
%canon_reldir%_libmigrator_la_LDFLAGS = $(AM_LDFLAGS) -no-undefined \
	-version-info 5:0:3 -export-symbols $(srcdir)/%reldir%/libmigrator.sym
%canon_reldir%_libmigrator_la_LIBADD = %reldir%/libmigrator-internal.la $(DL_LIBS)
EXTRA_%canon_reldir%_libmigrator_la_DEPENDENCIES = %reldir%/libmigrator.sym
EXTRA_DIST += %reldir%/libmigrator.sym

# The installed program links libmigrator.so.N.  A real install (no
# DESTDIR) as root refreshes the loader's cache, as libtool's "run
# ldconfig" note asks, so that `migrator` runs right after `make install`
# when libdir is one of the loader's directories (/usr/local/lib); for
# other prefixes libtool gives the program an rpath.
install-exec-hook: install-ldconfig
install-ldconfig:
	@if test -z '$(DESTDIR)' && test "`id -u`" = 0 && \
	    command -v ldconfig >/dev/null 2>&1; then \
	  echo " ldconfig"; ldconfig || true; \
	fi
.PHONY: install-ldconfig
