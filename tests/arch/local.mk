# Architecture tests: the layout's promises, checked.  The core links no
# database library; the public headers stand alone; the program finds the
# drivers it was built with; plugins see only the SDK; each driver exports
# migrator_module alone; libmigrator.so exports exactly what
# migrator.h declares.
TESTS += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh %reldir%/plugins_see_sdk.sh \
	%reldir%/driver_exports.sh %reldir%/lib_exports.sh
EXTRA_DIST += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh %reldir%/plugins_see_sdk.sh \
	%reldir%/driver_exports.sh %reldir%/lib_exports.sh
# The core writes no SQL: no keyword in a core string literal (issue 13).
TESTS += %reldir%/core_writes_no_sql.sh
EXTRA_DIST += %reldir%/core_writes_no_sql.sh
# No two source files of a component call each other in a loop: the
# file-level call graph from the objects' symbols (issue 13).
TESTS += %reldir%/no_file_cycles.sh
EXTRA_DIST += %reldir%/no_file_cycles.sh
# The program is built on the public API alone: it links libmigrator.so,
# imports only exported symbols and includes only migrator.h (issue 13).
TESTS += %reldir%/cli_public_api.sh
EXTRA_DIST += %reldir%/cli_public_api.sh
