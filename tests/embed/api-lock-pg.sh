#!/bin/sh
# api-lock-pg.sh - tests/embed/test_api_lock on PostgreSQL, on a database
# of its own (MIGRATOR_TEST_PG_URL: unset is a failure).  TAP output.
set -u
. "$TOP_SRCDIR/tests/embed/pg_dbs.sh"
pg_require "test_api_lock on PostgreSQL" || exit 1
trap pg_drop_dbs EXIT
if ! pg_new_db LOCK_URL lock; then
	echo "Bail out! cannot create a database on $MIGRATOR_TEST_PG_URL"
	exit 1
fi
export LOCK_URL
"$EMBED_BUILDDIR/test_api_lock" postgresql
