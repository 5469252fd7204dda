#!/bin/sh
# api-dump-pg.sh - tests/embed/test_api_dump on PostgreSQL, on four
# databases of its own (MIGRATOR_TEST_PG_URL: unset is a failure).  TAP
# output.
set -u
. "$TOP_SRCDIR/tests/embed/pg_dbs.sh"
pg_require "test_api_dump on PostgreSQL" || exit 1
trap pg_drop_dbs EXIT
for v in A B C D; do
	if ! pg_new_db "DUMP_URL_$v" "dump_$(echo "$v" | tr 'A-Z' 'a-z')"; then
		echo "Bail out! cannot create a database on $MIGRATOR_TEST_PG_URL"
		exit 1
	fi
done
export DUMP_URL_A DUMP_URL_B DUMP_URL_C DUMP_URL_D
"$EMBED_BUILDDIR/test_api_dump" postgresql
