# A hook plugin built out of tree against the installed <migrator/hook.h>
# (out_of_tree.sh builds hello_hook.c).  The hooks end to end:
# tests/e2e/hooks.bats.
TESTS += %reldir%/out_of_tree.sh
AM_TESTS_ENVIRONMENT += \
	HOOKS_MAKE='$(MAKE)' HOOKS_BUILDDIR='$(abs_top_builddir)/%reldir%' \
	HOOKS_BINDIR='$(bindir)' HOOKS_LIBDIR='$(libdir)' \
	HOOKS_PKGLIBDIR='$(pkglibdir)' HOOKS_INCLUDEDIR='$(includedir)'; \
	export HOOKS_MAKE HOOKS_BUILDDIR HOOKS_BINDIR \
	HOOKS_LIBDIR HOOKS_PKGLIBDIR HOOKS_INCLUDEDIR;
EXTRA_DIST += %reldir%/out_of_tree.sh %reldir%/hello_hook.c
