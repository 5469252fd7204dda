# Hook plugins end to end (issue 7, part 2): tests/e2e/hooks.bats on both
# backends, and a plugin built out of tree against the installed
# <migrator/hook.h> (out_of_tree.sh).
TESTS += tests/e2e/hooks.bats %reldir%/out_of_tree.sh
E2E_PG_WRAPPERS += tests/e2e/hooks-pg.pgbats
# lint.bats (plugins/lint/local.mk) on PostgreSQL too; here because
# E2E_PG_WRAPPERS is first set in tests/local.mk, included after plugins/.
E2E_PG_WRAPPERS += tests/e2e/lint-pg.pgbats
AM_TESTS_ENVIRONMENT += \
	HOOKS_PLUGIN_DIRS='$(abs_top_builddir)/plugins/lint/.libs:$(abs_top_builddir)/plugins/backup/.libs' \
	HOOKS_MAKE='$(MAKE)' HOOKS_BUILDDIR='$(abs_top_builddir)/%reldir%' \
	HOOKS_BINDIR='$(bindir)' HOOKS_LIBDIR='$(libdir)' \
	HOOKS_PKGLIBDIR='$(pkglibdir)' HOOKS_INCLUDEDIR='$(includedir)'; \
	export HOOKS_PLUGIN_DIRS HOOKS_MAKE HOOKS_BUILDDIR HOOKS_BINDIR \
	HOOKS_LIBDIR HOOKS_PKGLIBDIR HOOKS_INCLUDEDIR;
EXTRA_DIST += tests/e2e/hooks.bats %reldir%/out_of_tree.sh \
	%reldir%/hello_hook.c
