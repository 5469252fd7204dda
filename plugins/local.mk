# The plugin SDK: the driver ABI header, installed as <migrator/driver.h>.
migratorinclude_HEADERS += %reldir%/sdk/migrator/driver.h
EXTRA_DIST += %reldir%/README.md

# Drop the libtool archives of installed modules: dlopen needs only the .so.
install-exec-hook:
	rm -f $(DESTDIR)$(pkglibdir)/*.la
