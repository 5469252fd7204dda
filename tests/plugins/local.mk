# Test-only plugin modules (drivers, and one hook) that prove each plugin
# loader message
# (tests/unit/test_plugin_load and tests/e2e/check.bats load them through
# TEST_PLUGIN_DIR); plugins, so they see only the SDK.  -rpath:
# libtool builds no .so for a library it will not install without one.
TEST_PLUGIN_LDFLAGS = -module -avoid-version -no-undefined -rpath /nowhere \
	-export-symbols-regex '^(migrator_module|migrator_driver_init|not_a_driver)$$'
noinst_HEADERS += %reldir%/fake_driver.h
check_LTLIBRARIES += %reldir%/noentry.la %reldir%/wrongabi.la \
	%reldir%/refuses.la %reldir%/missingreq.la %reldir%/goodfake.la \
	%reldir%/smalldesc.la %reldir%/oldabi.la %reldir%/fakehook.la \
	%reldir%/smallhook.la %reldir%/tinydesc.la %reldir%/liesize.la \
	%reldir%/badname.la %reldir%/crashhook.la
%canon_reldir%_noentry_la_SOURCES = %reldir%/noentry.c
%canon_reldir%_noentry_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_noentry_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_wrongabi_la_SOURCES = %reldir%/wrongabi.c
%canon_reldir%_wrongabi_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_wrongabi_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_refuses_la_SOURCES = %reldir%/refuses.c
%canon_reldir%_refuses_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_refuses_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_missingreq_la_SOURCES = %reldir%/missingreq.c
%canon_reldir%_missingreq_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_missingreq_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_goodfake_la_SOURCES = %reldir%/goodfake.c
%canon_reldir%_goodfake_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_goodfake_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_smalldesc_la_SOURCES = %reldir%/smalldesc.c
%canon_reldir%_smalldesc_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_smalldesc_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_oldabi_la_SOURCES = %reldir%/oldabi.c
%canon_reldir%_oldabi_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_oldabi_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
# fleets (issue 18): a hook that crashes the run of one target
%canon_reldir%_crashhook_la_SOURCES = %reldir%/crashhook.c
%canon_reldir%_crashhook_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_crashhook_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_fakehook_la_SOURCES = %reldir%/fakehook.c
%canon_reldir%_fakehook_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_fakehook_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_smallhook_la_SOURCES = %reldir%/smallhook.c
%canon_reldir%_smallhook_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_smallhook_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_tinydesc_la_SOURCES = %reldir%/tinydesc.c
%canon_reldir%_tinydesc_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
# Not instrumented: AddressSanitizer pads a global with a redzone and
# counts it in the symbol's size, so the 4-byte symbol would look big
# enough to the loader in the sanitizer build (a real plugin is not built
# that way).
%canon_reldir%_tinydesc_la_CFLAGS = $(WARN_CFLAGS)
%canon_reldir%_tinydesc_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_liesize_la_SOURCES = %reldir%/liesize.c
%canon_reldir%_liesize_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_liesize_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)
%canon_reldir%_badname_la_SOURCES = %reldir%/badname.c
%canon_reldir%_badname_la_CPPFLAGS = $(PLUGIN_CPPFLAGS)
%canon_reldir%_badname_la_LDFLAGS = $(AM_LDFLAGS) $(TEST_PLUGIN_LDFLAGS)

# The SDK's example driver (plugins/sdk/example), built out of tree against
# the installed headers only and loaded by the installed migrator.
TESTS += %reldir%/example_driver.sh
EXTRA_DIST += %reldir%/example_driver.sh
