#!/bin/sh
# Runs the whole test suite (make check) against SQLite and a real,
# throwaway PostgreSQL cluster that this script starts and stops.  Run it
# from the top of a configured build tree:
#
#     tests/run-suite.sh [make arguments, e.g. TESTS=tests/e2e/upgrade.bats]
#
# With MIGRATOR_TEST_PG_URL already set, that server is used instead.
# The last line is the count of test results: "N passed, N failed".
set -u
srcdir=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f Makefile ]; then
	echo "run-suite.sh: run me from a configured build tree (./configure first)" >&2
	exit 2
fi

pgdir=
cleanup() {
	if [ -n "$pgdir" ]; then
		sh "$srcdir/tests/pg_cluster.sh" stop "$pgdir" >/dev/null 2>&1
		rm -rf "$pgdir"
	fi
}
trap cleanup EXIT INT TERM

if [ -z "${MIGRATOR_TEST_PG_URL:-}" ]; then
	pgdir=$(mktemp -d /tmp/migrator-pg.XXXXXX) || exit 1
	if ! sh "$srcdir/tests/pg_cluster.sh" start "$pgdir" >"$pgdir/start.log" 2>&1; then
		cat "$pgdir/start.log" >&2
		echo "run-suite.sh: could not start PostgreSQL (is the postgresql package installed?)" >&2
		exit 1
	fi
	eval "$(sh "$srcdir/tests/pg_cluster.sh" env "$pgdir")"
	export PGHOST PGPORT PGUSER PGDATABASE MIGRATOR_TEST_PG_URL
fi
echo "PostgreSQL for the tests: $MIGRATOR_TEST_PG_URL"

# Old results must not count.
find . -name '*.trs' -exec rm -f {} + 2>/dev/null
make -j2 check "$@"
rc=$?

# The closing line CI reads: one count over every test's .trs file.
find . -name '*.trs' -exec cat {} + 2>/dev/null |
	awk '/^:test-result: /{n[$2]++} END{printf "%d passed, %d failed\n", n["PASS"], n["FAIL"]+n["ERROR"]+n["XPASS"]}'
exit $rc
