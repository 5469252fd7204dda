#!/bin/sh
# The TAP harness (tap.c) fails a TEST that made no check: such a test
# passes whatever the code does.  tap_selftest runs one TEST that checks
# and one that does not; this reads its output.  TAP output.
set -u
prog=$(dirname "$0")/tap_selftest
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

out=$("$prog" 2>&1)
status=$?
echo "$out" | sed 's/^/# | /'
if echo "$out" | grep -qx 'ok 1 - a test that checks'; then
	ok "a TEST whose check passes is ok"
else
	notok "a TEST whose check passes is ok"
fi
if echo "$out" | grep -qx 'not ok 2 - a test that checks nothing' &&
	echo "$out" | grep -qx '# no checks were made'; then
	ok "a TEST that made no check is not ok, saying why"
else
	notok "a TEST that made no check is not ok, saying why"
fi
if [ "$status" -ne 0 ]; then
	ok "the program exits non-zero ($status)"
else
	notok "the program exits non-zero"
fi
echo "1..$n"
exit $fail
