#!/bin/sh
# configure_quiet.sh - ./configure run beside our core/ directory (as the
# README's first command runs it) prints nothing on stderr and cleans up
# after itself.  Autoconf's own "rm -f core" (a leftover core dump) used to
# print "rm: cannot remove 'core': Is a directory" 24 times and to leave
# confdefs.h behind (configure.ac's rm wrapper).  TAP output.
#
# The generated configure and the files it reads are copied with an empty
# core/ into a scratch directory, so that the build tree is not touched.
# From the test environment: TOP_SRCDIR.
set -u
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# Not the parent make's jobserver: config.status runs make itself.
unset MAKEFLAGS MFLAGS MAKELEVEL

src=$tmp/src
mkdir -p "$src/core/lib" &&
	cp -p "$TOP_SRCDIR/configure" "$TOP_SRCDIR/Makefile.in" "$TOP_SRCDIR/config.h.in" \
		"$TOP_SRCDIR/libmigrator.pc.in" "$src/" &&
	cp -pR "$TOP_SRCDIR/build-aux" "$src/" &&
	cp -p "$TOP_SRCDIR/core/lib/diag.c" "$src/core/lib/" ||
	{ notok "copy configure and its inputs"; echo "1..$n"; exit 1; }

(cd "$src" && ./configure --without-sqlite --without-postgresql) \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "configure succeeds"
else
	notok "configure succeeds (exit $rc)"
	tail -n 5 "$tmp/out" | sed 's/^/# /'
fi
if [ ! -s "$tmp/err" ]; then
	ok "configure prints nothing on stderr"
else
	notok "configure prints nothing on stderr ($(wc -l <"$tmp/err") lines)"
	sort "$tmp/err" | uniq -c | head -n 5 | sed 's/^/# /'
fi
left=$(cd "$src" && ls -d conftest* confdefs* 2>/dev/null)
if [ -z "$left" ]; then
	ok "no conftest* or confdefs* is left behind"
else
	notok "no conftest* or confdefs* is left behind: $(echo $left)"
fi
if [ -f "$src/core/lib/diag.c" ]; then
	ok "core/ and its files are still there"
else
	notok "core/ and its files are still there"
fi
echo "1..$n"
exit $fail
