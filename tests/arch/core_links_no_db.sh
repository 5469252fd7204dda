#!/bin/sh
# The core knows no database: libmigrator and the migrator program must not
# link libpq or libsqlite3, and no core source may include their headers.
# TAP output.
set -u
top_builddir=$(dirname "$MIGRATOR")
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

needed() { objdump -p "$1" 2>/dev/null | awk '$1 == "NEEDED" { print $2 }'; }

lib="$top_builddir/core/.libs/libmigrator.so"
# The program itself, or the binary behind a libtool wrapper script.
exe="$top_builddir/migrator"
if ! head -c 4 "$exe" | grep -q ELF; then
	exe="$top_builddir/.libs/migrator"
	[ -f "$exe" ] || exe="$top_builddir/.libs/lt-migrator"
fi
for f in "$lib" "$exe"; do
	if [ ! -f "$f" ]; then
		notok "$f exists"
		continue
	fi
	libs=$(needed "$f")
	if [ -z "$libs" ]; then
		notok "objdump lists the NEEDED entries of $f"
	elif echo "$libs" | grep -Eq 'libpq|libsqlite3'; then
		notok "$(basename "$f") links no database library (NEEDED: $(echo $libs))"
	else
		ok "$(basename "$f") links no database library"
	fi
done

hits=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"](sqlite3|libpq-fe|libpq/)' \
	"$TOP_SRCDIR/core" 2>/dev/null)
if [ -n "$hits" ]; then
	notok "no core source includes a database header ($hits)"
else
	ok "no core source includes a database header"
fi
echo "1..$n"
exit $fail
