# The plugin SDK: the driver and hook ABI headers, installed as
# <migrator/driver.h> and <migrator/hook.h>.
migratorinclude_HEADERS += %reldir%/sdk/migrator/driver.h \
	%reldir%/sdk/migrator/hook.h
EXTRA_DIST += %reldir%/README.md

# Drop the libtool archives of installed modules: dlopen needs only the .so.
install-exec-hook:
	rm -f $(DESTDIR)$(pkglibdir)/*.la

# Without the .la files libtool's uninstall cannot find the modules.
uninstall-hook:
	for la in $(pkglib_LTLIBRARIES); do \
	  rm -f "$(DESTDIR)$(pkglibdir)/$$(basename "$$la" .la).so"; \
	done
