# libmigrator: the backend-neutral core.  It never links a database library.

# The one installed header: the opaque public API (the facade, lib/api*.c).
migratorinclude_HEADERS += %reldir%/include/migrator/migrator.h
# The detailed API the program, the facade and the unit tests use; not
# installed, not exported (core.h includes them all).
noinst_HEADERS += \
	%reldir%/include/migrator/core.h \
	%reldir%/include/migrator/diag.h \
	%reldir%/include/migrator/strvec.h \
	%reldir%/include/migrator/script.h \
	%reldir%/include/migrator/graph.h \
	%reldir%/include/migrator/target.h \
	%reldir%/include/migrator/plan.h \
	%reldir%/include/migrator/plugin.h \
	%reldir%/include/migrator/url.h \
	%reldir%/include/migrator/runner.h

# Everything of the core, internals included; unit tests link this.
noinst_LTLIBRARIES += %reldir%/libmigrator-internal.la
%canon_reldir%_libmigrator_internal_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIGRATOR_PLUGINDIR='"$(pkglibdir)"' \
	-DMIGRATOR_BUILDDIR='"$(abs_top_builddir)"'
%canon_reldir%_libmigrator_internal_la_LIBADD = $(DL_LIBS)
%canon_reldir%_libmigrator_internal_la_SOURCES = \
	%reldir%/lib/arena.c %reldir%/lib/arena.h \
	%reldir%/lib/buf.c %reldir%/lib/buf.h \
	%reldir%/lib/diag.c \
	%reldir%/lib/version.c \
	%reldir%/lib/strvec.c \
	%reldir%/lib/url.c \
	%reldir%/lib/plugin_load.c \
	%reldir%/lib/plugin_dirs.c %reldir%/lib/plugin_dirs.h \
	%reldir%/lib/host.c %reldir%/lib/host.h \
	%reldir%/lib/runner.c %reldir%/lib/runner_int.h \
	%reldir%/lib/runner_run.c \
	%reldir%/lib/runner_stamp.c \
	%reldir%/lib/runner_offline.c

# The shared library is the facade and exports exactly the functions of
# migrator.h, listed in libmigrator.sym (tests/arch/lib_exports.sh checks
# the two agree).  curl's versioning rules: interfaces changed or removed
# -> C+1:0:0; added -> C+1:0:A+1; else C:R+1:A.  1:0:0 dropped the
# detailed API that 0:0:0 exported.
lib_LTLIBRARIES += %reldir%/libmigrator.la
%canon_reldir%_libmigrator_la_SOURCES = \
	%reldir%/lib/api.c %reldir%/lib/api_int.h \
	%reldir%/lib/api_run.c \
	%reldir%/lib/api_check.c
%canon_reldir%_libmigrator_la_LDFLAGS = $(AM_LDFLAGS) -no-undefined \
	-version-info 1:0:0 -export-symbols $(srcdir)/%reldir%/libmigrator.sym
%canon_reldir%_libmigrator_la_LIBADD = %reldir%/libmigrator-internal.la $(DL_LIBS)
EXTRA_%canon_reldir%_libmigrator_la_DEPENDENCIES = %reldir%/libmigrator.sym
EXTRA_DIST += %reldir%/libmigrator.sym

# The program, at the top of the build tree so that ./migrator works.
bin_PROGRAMS += migrator
migrator_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/cli
# It needs the detailed API, so it links the core itself, not libmigrator.so.
migrator_LDADD = %reldir%/libmigrator-internal.la
migrator_SOURCES = \
	%reldir%/cli/main.c %reldir%/cli/cli.h \
	%reldir%/cli/opts.c \
	%reldir%/cli/config_ini.c \
	%reldir%/cli/config_url.c \
	%reldir%/cli/ini_parse.c %reldir%/cli/ini_parse.h \
	%reldir%/cli/exit.c \
	%reldir%/cli/output.c \
	%reldir%/cli/cmd.c %reldir%/cli/cmd.h \
	%reldir%/cli/cmd_upgrade.c \
	%reldir%/cli/cmd_current.c \
	%reldir%/cli/cmd_heads.c \
	%reldir%/cli/cmd_history.c \
	%reldir%/cli/cmd_show.c \
	%reldir%/cli/cmd_stamp.c

# The revision graph, target expressions and plans.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/graph.c %reldir%/lib/graph_build.h \
	%reldir%/lib/graph_order.c %reldir%/lib/graph_order.h \
	%reldir%/lib/graph_load.c \
	%reldir%/lib/graph_spec.c \
	%reldir%/lib/target.c \
	%reldir%/lib/plan.c

# The migration file parser and the SQL statement splitter.
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/script_parse.c %reldir%/lib/script_parse.h \
	%reldir%/lib/sql_split.c %reldir%/lib/sql_split.h

# The runner's unit test: real SQLite files through the real driver.
check_PROGRAMS += tests/unit/test_runner
TESTS += tests/unit/test_runner
tests_unit_test_runner_SOURCES = tests/unit/test_runner.c
tests_unit_test_runner_LDADD = tests/unit/libtap.la core/libmigrator-internal.la

# check (schema drift), run history and its checksums (issue 4, part B).
noinst_HEADERS += %reldir%/include/migrator/check.h
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/check.c \
	%reldir%/lib/scratch.c %reldir%/lib/scratch.h \
	%reldir%/lib/check_schema.c %reldir%/lib/check_schema.h \
	%reldir%/lib/runner_history.c \
	%reldir%/lib/sha256.c %reldir%/lib/sha256.h
migrator_SOURCES += %reldir%/cli/cmd_check.c

# Authoring: init, revision, merge (author.h).
noinst_HEADERS += %reldir%/include/migrator/author.h
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/author_int.h \
	%reldir%/lib/author_write.c \
	%reldir%/lib/author_revision.c \
	%reldir%/lib/author_init.c
migrator_SOURCES += \
	%reldir%/cli/cmd_init.c \
	%reldir%/cli/cmd_revision.c \
	%reldir%/cli/cmd_merge.c

# The authoring functions' unit test (slugs, messages, files read back).
check_PROGRAMS += tests/unit/test_author
TESTS += tests/unit/test_author
tests_unit_test_author_SOURCES = tests/unit/test_author.c
tests_unit_test_author_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
tests_unit_test_author_LDADD = tests/unit/libtap.la core/libmigrator-internal.la

# Hook plugins (<migrator/hook.h>): loading, host callbacks, the runner's
# calls, `migrator lint` (issue 7, part 2).
%canon_reldir%_libmigrator_internal_la_SOURCES += \
	%reldir%/lib/hook_int.h \
	%reldir%/lib/hook_load.c \
	%reldir%/lib/hook_call.c \
	%reldir%/lib/runner_hooks.c \
	%reldir%/lib/runner_lint.c
migrator_SOURCES += %reldir%/cli/cmd_lint.c

# Man pages and the bash completion script (issue 7, item 4).  The script
# is installed as "migrator", the name bash-completion loads it by.
dist_man_MANS = %reldir%/cli/migrator.1 %reldir%/cli/migrator.ini.5
EXTRA_DIST += %reldir%/cli/migrator.bash
install-data-local:
	$(MKDIR_P) '$(DESTDIR)$(bashcompletiondir)'
	$(INSTALL_DATA) '$(srcdir)/%reldir%/cli/migrator.bash' \
		'$(DESTDIR)$(bashcompletiondir)/migrator'
uninstall-local:
	rm -f '$(DESTDIR)$(bashcompletiondir)/migrator'
