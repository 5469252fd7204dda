#!/bin/sh
# Every public header compiles on its own with -std=c11 -pedantic (libgit2's
# headertest): no hidden include-order dependencies.  So does every
# internal header of core/lib, with the core's include path (without
# -pedantic: they may use GNU attributes).  TAP output.
set -u
n=0
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for h in "$TOP_SRCDIR"/core/include/migrator/*.h "$TOP_SRCDIR"/plugins/sdk/migrator/*.h; do
	name=$(basename "$h")
	n=$((n + 1))
	printf '#include <migrator/%s>\n#include <migrator/%s>\nint x;\n' "$name" "$name" >"$tmp/t.c"
	# The SDK's headers stand alone: a plugin has only plugins/sdk.
	case $h in
	"$TOP_SRCDIR"/plugins/sdk/*) inc="-I$TOP_SRCDIR/plugins/sdk" ;;
	*) inc="-I$TOP_SRCDIR/core/include -I$TOP_SRCDIR/plugins/sdk" ;;
	esac
	# shellcheck disable=SC2086 # $inc: one or two -I words (no blanks in TOP_SRCDIR)
	if ${CC:-cc} -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only $inc \
		"$tmp/t.c" 2>"$tmp/err"; then
		echo "ok $n - $name is self-contained"
	else
		fail=1
		echo "not ok $n - $name is self-contained"
		sed 's/^/# /' "$tmp/err"
	fi
done
for h in "$TOP_SRCDIR"/core/lib/*.h; do
	name=$(basename "$h")
	n=$((n + 1))
	printf '#include "%s"\n#include "%s"\nint x;\n' "$name" "$name" >"$tmp/t.c"
	if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -fsyntax-only \
		-I"$TOP_SRCDIR/core/lib" -I"$TOP_SRCDIR/core/include" \
		-I"$TOP_SRCDIR/plugins/sdk" "$tmp/t.c" 2>"$tmp/err"; then
		echo "ok $n - core/lib/$name is self-contained"
	else
		fail=1
		echo "not ok $n - core/lib/$name is self-contained"
		sed 's/^/# /' "$tmp/err"
	fi
done
echo "1..$n"
exit $fail
