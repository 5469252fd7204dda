# Architecture tests: the layout's promises, checked.
TESTS += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh %reldir%/plugins_see_sdk.sh
EXTRA_DIST += %reldir%/core_links_no_db.sh %reldir%/headers_selfcontained.sh \
	%reldir%/plugin_discovery.sh %reldir%/plugins_see_sdk.sh
