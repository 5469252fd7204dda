# The plugin SDK: the driver and hook ABI headers, installed as
# <migrator/module.h> (the descriptor every plugin exports),
# <migrator/driver.h> and <migrator/hook.h>.
migratorinclude_HEADERS += %reldir%/sdk/migrator/module.h \
	%reldir%/sdk/migrator/driver.h \
	%reldir%/sdk/migrator/hook.h
EXTRA_DIST += %reldir%/README.md

# What a plugin (driver or hook) sees: the SDK and its own directory (its
# quoted includes), never core/ (tests/arch/plugins_see_sdk.sh checks).
# Every plugin target sets its CPPFLAGS from this, not from AM_CPPFLAGS.
PLUGIN_CPPFLAGS = -I$(top_srcdir)/%reldir%/sdk

# Installed, each kind has its own directory, $(driversdir) and
# $(hooksdir) (Makefile.am): a URL's scheme never opens a hook plugin.
# Drop the libtool archives of installed modules: dlopen needs only the .so.
install-exec-hook:
	rm -f $(DESTDIR)$(driversdir)/*.la $(DESTDIR)$(hooksdir)/*.la

# Without the .la files libtool's uninstall cannot find the modules.
uninstall-hook:
	for la in $(drivers_LTLIBRARIES); do \
	  rm -f "$(DESTDIR)$(driversdir)/$$(basename "$$la" .la).so"; \
	done
	for la in $(hooks_LTLIBRARIES); do \
	  rm -f "$(DESTDIR)$(hooksdir)/$$(basename "$$la" .la).so"; \
	done

# The example driver of the SDK: built by tests/plugins/example_driver.sh
# against the installed headers only, never here.
EXTRA_DIST += %reldir%/sdk/example/example_driver.c \
	%reldir%/sdk/example/README.md
