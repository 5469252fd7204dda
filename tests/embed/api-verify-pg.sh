#!/bin/sh
# api-verify-pg.sh - tests/embed/test_api_verify on PostgreSQL, on two
# databases of its own (MIGRATOR_TEST_PG_URL: unset is a failure).  TAP
# output.
set -u
. "$TOP_SRCDIR/tests/embed/pg_dbs.sh"
pg_require "test_api_verify on PostgreSQL" || exit 1
trap pg_drop_dbs EXIT
for v in LIVE UP; do
	if ! pg_new_db "VERIFY_URL_$v" "verify_$(echo "$v" | tr 'A-Z' 'a-z')"; then
		echo "Bail out! cannot create a database on $MIGRATOR_TEST_PG_URL"
		exit 1
	fi
done
export VERIFY_URL_LIVE VERIFY_URL_UP
"$EMBED_BUILDDIR/test_api_verify" postgresql
