# What users see of the program besides its commands: the man pages, bash
# completion, the installed layout, and ./configure itself.  (Progress
# lines: tests/e2e/progress.bats.)

# The man pages lint clean with groff and cover --help; the completion
# script completes commands, options and revision IDs.
TESTS += %reldir%/man_pages.sh %reldir%/completion.bats

# make install DESTDIR=... layout, and make uninstall.
TESTS += %reldir%/layout.sh
AM_TESTS_ENVIRONMENT += \
	INST_PREFIX='$(prefix)' INST_BINDIR='$(bindir)' INST_LIBDIR='$(libdir)' \
	INST_INCLUDEDIR='$(includedir)' INST_PKGCONFIGDIR='$(pkgconfigdir)' \
	INST_PKGLIBDIR='$(pkglibdir)' INST_MANDIR='$(mandir)' \
	INST_BASHCOMPLETIONDIR='$(bashcompletiondir)' \
	INST_PKGLIBEXECDIR='$(pkglibexecdir)'; \
	export INST_PKGLIBEXECDIR INST_PREFIX INST_BINDIR INST_LIBDIR INST_INCLUDEDIR \
	INST_PKGCONFIGDIR INST_PKGLIBDIR INST_MANDIR INST_BASHCOMPLETIONDIR;

# First contact (issue 13, item 5): the README's first two commands install
# their packages as root without sudo and as a user with sudo; ./configure
# beside core/ prints no error.
TESTS += %reldir%/readme_commands.sh %reldir%/configure_quiet.sh

EXTRA_DIST += %reldir%/man_pages.sh %reldir%/completion.bats %reldir%/layout.sh \
	%reldir%/readme_commands.sh %reldir%/configure_quiet.sh
