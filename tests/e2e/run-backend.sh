#!/bin/sh
# run-backend.sh BACKEND FILE.bats: runs one end-to-end suite on one backend
# (sqlite or postgresql) and prints TAP.
#
# make check runs each generic suite twice: NAME.bats on SQLite, and
# NAME-pg.pgbats, a one-line wrapper generated in the build tree that calls
# this script, on PostgreSQL.  The PostgreSQL run fails, never skips, when
# MIGRATOR_TEST_PG_URL is unset: tests/run-suite.sh starts a throwaway
# server and sets it.  To run only SQLite: make check E2E_PG_TESTS=
set -u
if [ $# -ne 2 ]; then
	echo "usage: run-backend.sh sqlite|postgresql FILE.bats" >&2
	exit 2
fi
backend=$1
file=$2
case $backend in
sqlite) ;;
postgresql)
	if [ -z "${MIGRATOR_TEST_PG_URL:-}" ]; then
		echo "1..1"
		echo "not ok 1 - $file on PostgreSQL: MIGRATOR_TEST_PG_URL is unset"
		echo "# Start a server with tests/run-suite.sh (or set MIGRATOR_TEST_PG_URL),"
		echo "# or run the SQLite suites only: make check E2E_PG_TESTS="
		exit 1
	fi
	;;
*)
	echo "run-backend.sh: unknown backend \"$backend\" (sqlite or postgresql)" >&2
	exit 2
	;;
esac
MIGRATOR_TEST_BACKEND=$backend
export MIGRATOR_TEST_BACKEND
exec "${BATS:-bats}" --tap "$file"
