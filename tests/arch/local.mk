# Architecture tests: the layout's promises, checked.  The core links no
# database library; the public headers stand alone; the program finds the
# drivers it was built with; plugins see only the SDK; each driver exports
# migrator_driver_init alone; libmigrator.so exports exactly what
# migrator.h declares.
TESTS += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh %reldir%/plugins_see_sdk.sh \
	%reldir%/driver_exports.sh %reldir%/lib_exports.sh
EXTRA_DIST += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh %reldir%/plugins_see_sdk.sh \
	%reldir%/driver_exports.sh %reldir%/lib_exports.sh
