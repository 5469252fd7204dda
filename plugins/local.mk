# The plugin SDK: the driver and hook ABI headers, installed as
# <migrator/driver.h> and <migrator/hook.h>.
migratorinclude_HEADERS += %reldir%/sdk/migrator/driver.h \
	%reldir%/sdk/migrator/hook.h
EXTRA_DIST += %reldir%/README.md

# What a plugin (driver or hook) sees: the SDK and its own directory (its
# quoted includes), never core/ (tests/arch/plugins_see_sdk.sh checks).
# Every plugin target sets its CPPFLAGS from this, not from AM_CPPFLAGS.
PLUGIN_CPPFLAGS = -I$(top_srcdir)/%reldir%/sdk

# Drop the libtool archives of installed modules: dlopen needs only the .so.
install-exec-hook:
	rm -f $(DESTDIR)$(pkglibdir)/*.la

# Without the .la files libtool's uninstall cannot find the modules.
uninstall-hook:
	for la in $(pkglib_LTLIBRARIES); do \
	  rm -f "$(DESTDIR)$(pkglibdir)/$$(basename "$$la" .la).so"; \
	done
