#!/bin/sh
# plugins_see_sdk.sh - drivers and hook plugins are built against the
# plugin SDK alone (plugins/sdk): no file under backends/ or plugins/
# includes a core header, and no plugin module is compiled from a core
# source or reads a core header.  The plugins' unit tests (plugins/*/
# test_*.c) link the core on purpose, as tests/unit/ do, and are not
# plugin code.  TAP output.
#
# From the test environment: TOP_SRCDIR, BUILDDIR, MAKE, PKGLIB_MODULES.
set -u
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

# 1. The text: each #include names neither a path into core/ nor a header
# the core has (one the SDK or the file's own directory does not have).
core_headers=$(cd "$TOP_SRCDIR" && find core -name '*.h' | sort)
files=$(cd "$TOP_SRCDIR" && find backends plugins -name '*.[ch]' ! -name 'test_*.c' | sort)
[ -n "$core_headers" ] && [ -n "$files" ] || notok "core headers and plugin sources found"
for f in $files; do
	bad=
	incs=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]\([^">]*\)[">].*/\1/p' \
		"$TOP_SRCDIR/$f")
	for i in $incs; do
		case $i in *core/*) bad="$bad $i"; continue ;; esac
		[ -e "$TOP_SRCDIR/plugins/sdk/$i" ] && continue
		[ -e "$TOP_SRCDIR/$(dirname "$f")/$i" ] && continue
		for h in $core_headers; do
			case $h in */"$i") bad="$bad $i"; break ;; esac
		done
	done
	if [ -z "$bad" ]; then
		ok "$f includes no core header"
	else
		notok "$f includes a core header:$bad"
	fi
done

# 2. The build: with every file under core/ taken as just changed, make
# rebuilds no plugin module (make knows each object's sources and, through
# the compiler's dependency files, every header it read).  A file is named
# as make names it: relative to the build tree, and absolute.  -o config.h:
# config.h has a stamp file, so make -n would take it as changed.
rel=$(sed -n 's/^top_srcdir = //p' "$BUILDDIR/Makefile")
wflags() {
	for p in "$@"; do
		printf ' -W %s -W %s' "$rel/$p" "$TOP_SRCDIR/$p"
		[ "$rel" = . ] && printf ' -W %s' "$p"
	done
}
would_rebuild() {
	(cd "$BUILDDIR" && MAKEFLAGS= MFLAGS= $MAKE -n -o config.h $(wflags "$@") $PKGLIB_MODULES 2>&1) |
		grep -v -e 'is up to date' -e 'Nothing to be done' -e 'Entering directory' \
			-e 'Leaving directory'
}
# The check can fail: a plugin's own source does rebuild its module.
if [ -n "$(would_rebuild plugins/lint/lint_plugin.c)" ]; then
	ok "make -n -W sees a plugin source change"
else
	notok "make -n -W sees a plugin source change (is the build up to date?)"
fi
core_files=$(cd "$TOP_SRCDIR" && find core -name '*.[ch]' | sort)
out=$(would_rebuild $core_files)
if [ -z "$out" ]; then
	ok "no plugin module ($(echo $PKGLIB_MODULES)) depends on a file under core/"
else
	notok "a plugin module depends on a file under core/"
	printf '%s\n' "$out" | sed -n 's/^echo "  [A-Z]* *" \([^;]*\);.*/# would rebuild \1/p'
fi
echo "1..$n"
exit $fail
