# Test-only driver modules that prove each plugin loader message
# (tests/unit/test_plugin_load and tests/e2e/check.bats load them through
# TEST_PLUGIN_DIR); plugins, so they see only the SDK.  -rpath:
# libtool builds no .so for a library it will not install without one.
TEST_PLUGIN_LDFLAGS = -module -avoid-version -no-undefined -rpath /nowhere \
	-export-symbols-regex '^(migrator_driver_init|not_a_driver)$$'
noinst_HEADERS += %reldir%/fake_driver.h
check_LTLIBRARIES += %reldir%/noentry.la %reldir%/wrongabi.la \
	%reldir%/refuses.la %reldir%/missingreq.la %reldir%/goodfake.la
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
