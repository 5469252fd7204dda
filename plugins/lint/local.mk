# The lint hook plugin (issue 7): flags risky statements before a run.
# The rules engine is a convenience library, so that its unit tests reach
# it without the hook ABI; the module adds the entry point.  Like every
# plugin it sees only the SDK: no core header, no core source.
noinst_LTLIBRARIES += %reldir%/liblintrules.la
%canon_reldir%_liblintrules_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_liblintrules_la_SOURCES = \
	%reldir%/lint_rules.c %reldir%/lint_rules.h \
	%reldir%/lint_lex.c %reldir%/lint_lex.h \
	%reldir%/lint_str.c %reldir%/lint_str.h

# The rules, positive and negative; the statements are cut by the core's
# splitter (libmigrator-internal), as the host cuts them for the plugin.
check_PROGRAMS += %reldir%/test_lint_rules
TESTS += %reldir%/test_lint_rules
%canon_reldir%_test_lint_rules_SOURCES = %reldir%/test_lint_rules.c
%canon_reldir%_test_lint_rules_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/core/lib -I$(top_srcdir)/tests/unit
%canon_reldir%_test_lint_rules_LDADD = %reldir%/liblintrules.la \
	tests/unit/libtap.la core/libmigrator-internal.la

# The module: lint.so in $(hooksdir), exporting only its descriptor.
hooks_LTLIBRARIES += %reldir%/lint.la
%canon_reldir%_lint_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_lint_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version \
	-no-undefined -export-symbols-regex '^migrator_module$$'
%canon_reldir%_lint_la_LIBADD = %reldir%/liblintrules.la
%canon_reldir%_lint_la_SOURCES = %reldir%/lint_plugin.c
TESTS += %reldir%/exports.sh
EXTRA_DIST += %reldir%/exports.sh

# The SQLite rules against the real engine: flagged exactly when refused.
if WITH_SQLITE
check_PROGRAMS += %reldir%/test_lint_sqlite
TESTS += %reldir%/test_lint_sqlite
%canon_reldir%_test_lint_sqlite_SOURCES = %reldir%/test_lint_sqlite.c
%canon_reldir%_test_lint_sqlite_CPPFLAGS = $(AM_CPPFLAGS) $(SQLITE3_CFLAGS) \
	-I$(top_srcdir)/core/lib -I$(top_srcdir)/tests/unit
%canon_reldir%_test_lint_sqlite_LDADD = %reldir%/liblintrules.la \
	tests/unit/libtap.la core/libmigrator-internal.la $(SQLITE3_LIBS)
endif
