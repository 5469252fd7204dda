#!/bin/sh
# api-pg.sh - tests/embed/test_api on PostgreSQL, on five databases of its
# own (MIGRATOR_TEST_PG_URL: unset is a failure).  TAP output.
set -u
. "$TOP_SRCDIR/tests/embed/pg_dbs.sh"
pg_require "test_api on PostgreSQL" || exit 1
trap pg_drop_dbs EXIT
for v in MAIN FAIL T1 T2 LINT; do
	if ! pg_new_db "API_URL_$v" "api_$(echo "$v" | tr 'A-Z' 'a-z')"; then
		echo "Bail out! cannot create a database on $MIGRATOR_TEST_PG_URL"
		exit 1
	fi
done
export API_URL_MAIN API_URL_FAIL API_URL_T1 API_URL_T2 API_URL_LINT
"$EMBED_BUILDDIR/test_api" postgresql
