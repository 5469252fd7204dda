# Architecture tests: the layout's promises, checked.
TESTS += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh
EXTRA_DIST += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh
# The core writes no SQL: no keyword in a core string literal (issue 13).
TESTS += %reldir%/core_writes_no_sql.sh
EXTRA_DIST += %reldir%/core_writes_no_sql.sh
