#!/bin/sh
# api-fleet-pg.sh - tests/embed/test_api_fleet on PostgreSQL, on a database
# of its own (MIGRATOR_TEST_PG_URL: unset is a failure).  TAP output.
set -u
. "$TOP_SRCDIR/tests/embed/pg_dbs.sh"
pg_require "test_api_fleet on PostgreSQL" || exit 1
trap pg_drop_dbs EXIT
if ! pg_new_db FLEET_URL fleet; then
	echo "Bail out! cannot create a database on $MIGRATOR_TEST_PG_URL"
	exit 1
fi
export FLEET_URL
"$EMBED_BUILDDIR/test_api_fleet" postgresql
