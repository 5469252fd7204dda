# The lint hook plugin (issue 7): flags risky statements before a run.
# The rules engine is a convenience library, so that its unit tests reach
# it without the hook ABI; the module adds the entry point and buf.c.
noinst_LTLIBRARIES += %reldir%/liblintrules.la
%canon_reldir%_liblintrules_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core/lib
%canon_reldir%_liblintrules_la_SOURCES = \
	%reldir%/lint_rules.c %reldir%/lint_rules.h \
	%reldir%/lint_lex.c %reldir%/lint_lex.h

# The rules, positive and negative; the statements are cut by the core's
# splitter (libmigrator-internal), as the host cuts them for the plugin.
check_PROGRAMS += %reldir%/test_lint_rules
TESTS += %reldir%/test_lint_rules
%canon_reldir%_test_lint_rules_SOURCES = %reldir%/test_lint_rules.c
%canon_reldir%_test_lint_rules_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/core/lib -I$(top_srcdir)/tests/unit
%canon_reldir%_test_lint_rules_LDADD = %reldir%/liblintrules.la \
	tests/unit/libtap.la core/libmigrator-internal.la
