#!/bin/sh
# test_driver_postgres with tests/fault/pq_fail_send.c preloaded (built
# here with $CC): libpq's PQsendQueryParams fails for the pipelined COMMIT
# while the connection is good, and the driver must end the pipeline
# (pg_pipe.c).  TAP output: test_driver_postgres's, in that mode.
set -u
src=$(dirname "$0")
shim=$(mktemp "${TMPDIR:-/tmp}/pq_fail_send.XXXXXX") || exit 1
trap 'rm -f "$shim"' EXIT
if ! "${CC:-cc}" -shared -fPIC -o "$shim" "$src/../fault/pq_fail_send.c" -ldl -Wl,--no-as-needed -lpq; then
	echo "Bail out! cannot build the libpq shim"
	exit 1
fi
# ASan wants its runtime first; the shim only wraps one libpq call.  A
# pipeline left open made the ROLLBACK wait forever: timeout.
PQ_FAIL_SEND=COMMIT LD_PRELOAD=$shim \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	timeout 120 "${BUILDDIR:-.}/tests/unit/test_driver_postgres"
st=$?
[ "$st" != 124 ] || echo "not ok - test_driver_postgres hung (the pipeline was left open)"
exit "$st"
