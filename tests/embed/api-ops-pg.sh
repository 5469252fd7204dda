#!/bin/sh
# api-ops-pg.sh - tests/embed/test_api_ops on PostgreSQL, on three
# databases of its own (MIGRATOR_TEST_PG_URL: unset is a failure).  TAP
# output.
set -u
. "$TOP_SRCDIR/tests/embed/pg_dbs.sh"
pg_require "test_api_ops on PostgreSQL" || exit 1
trap pg_drop_dbs EXIT
for v in PLAN STAMP EDIT; do
	if ! pg_new_db "OPS_URL_$v" "ops_$(echo "$v" | tr 'A-Z' 'a-z')"; then
		echo "Bail out! cannot create a database on $MIGRATOR_TEST_PG_URL"
		exit 1
	fi
done
export OPS_URL_PLAN OPS_URL_STAMP OPS_URL_EDIT
"$EMBED_BUILDDIR/test_api_ops" postgresql
