#!/bin/sh
# libmigrator.so exports exactly the functions that <migrator/migrator.h>
# declares (and core/libmigrator.sym lists): the detailed internal API
# stays inside.  TAP output.
set -u
top=$(dirname "$MIGRATOR")
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

so="$top/core/.libs/libmigrator.so"
hdr="$TOP_SRCDIR/core/include/migrator/migrator.h"
# Function names declared in the header: an identifier right before "(",
# not behind "(*" (a function pointer type).
grep -o '[(*]*migrator_[a-z_0-9]*(' "$hdr" | grep -v '^(\*' |
	tr -d '(*' | sort -u >"$tmp/declared"
sort -u "$TOP_SRCDIR/core/libmigrator.sym" >"$tmp/listed"
if ! nm -D --defined-only "$so" >"$tmp/nm" 2>&1; then
	notok "nm -D lists the symbols of libmigrator.so"
	sed 's/^/# /' "$tmp/nm"
	echo "1..$n"
	exit 1
fi
awk 'NF >= 3 { print $3 }' "$tmp/nm" | sed 's/@.*//' | sort -u >"$tmp/exported"

if [ -s "$tmp/declared" ] && cmp -s "$tmp/declared" "$tmp/exported"; then
	ok "libmigrator.so exports exactly what migrator.h declares ($(wc -l <"$tmp/declared") functions)"
else
	notok "libmigrator.so exports exactly what migrator.h declares"
	diff "$tmp/declared" "$tmp/exported" | sed 's/^/# /'
fi
if cmp -s "$tmp/declared" "$tmp/listed"; then
	ok "libmigrator.sym lists what migrator.h declares"
else
	notok "libmigrator.sym lists what migrator.h declares"
	diff "$tmp/declared" "$tmp/listed" | sed 's/^/# /'
fi
# The header stands alone: an application compiles against it with only
# its own directory on the include path.
mkdir -p "$tmp/inc/migrator" && cp "$hdr" "$tmp/inc/migrator/"
printf '#include <migrator/migrator.h>\nint main(void) { return migrator_version() == 0; }\n' >"$tmp/t.c"
if out=$(${CC:-cc} -std=c11 -pedantic -Wall -Wextra -Werror -I"$tmp/inc" \
	-c -o "$tmp/t.o" "$tmp/t.c" 2>&1); then
	ok "migrator.h compiles with no other migrator header around"
else
	notok "migrator.h compiles with no other migrator header around"
	echo "$out" | sed 's/^/# /'
fi
echo "1..$n"
exit $fail
