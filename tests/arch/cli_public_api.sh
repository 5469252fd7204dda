#!/bin/sh
# The migrator program is built on the public API alone (issue 13), as
# SQLite's shell uses only sqlite3.h: it links libmigrator.so, every core
# symbol it uses is one the library exports, none of the core is compiled
# into it, and its sources include no header but <migrator/migrator.h> of
# the core.  TAP output.
set -u
top_builddir=$(dirname "$MIGRATOR")
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

# The program itself, or the binary behind a libtool wrapper script.
exe="$top_builddir/migrator"
if ! head -c 4 "$exe" | grep -q ELF; then
	exe="$top_builddir/.libs/migrator"
	[ -f "$exe" ] || exe="$top_builddir/.libs/lt-migrator"
fi
lib="$top_builddir/core/.libs/libmigrator.so"
sym="$TOP_SRCDIR/core/libmigrator.sym"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# 1. Linked dynamically: without this, 2 would pass on a static program.
soname=$(objdump -p "$lib" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
if [ -n "$soname" ] && objdump -p "$exe" 2>/dev/null |
	awk '$1 == "NEEDED" { print $2 }' | grep -qx "$soname"; then
	ok "the program links $soname"
else
	notok "the program links libmigrator.so (SONAME ${soname:-?}): NEEDED $(objdump -p "$exe" 2>/dev/null | awk '$1 == "NEEDED" { printf "%s ", $2 }')"
fi

# 2. The core symbols it imports are a subset of what the library
# exports, which is what libmigrator.sym lists.
nm -D --undefined-only "$exe" | awk '{ print $NF }' | sed 's/@.*//' |
	grep -E '^(migrator|mg)_' | sort -u >"$tmp/used"
nm -D --defined-only "$lib" | awk '{ print $NF }' | sed 's/@.*//' |
	grep -E '^(migrator|mg)_' | sort -u >"$tmp/exported"
sort -u "$sym" >"$tmp/listed"
extra=$(comm -23 "$tmp/used" "$tmp/exported" | tr '\n' ' ')
unlisted=$(comm -23 "$tmp/exported" "$tmp/listed" | tr '\n' ' ')
if [ ! -s "$tmp/used" ]; then
	notok "the program imports core symbols from the library (none found)"
elif [ -n "$extra" ]; then
	notok "every core symbol the program imports is exported: not $extra"
else
	ok "every core symbol the program imports is exported ($(wc -l <"$tmp/used") of $(wc -l <"$tmp/exported"))"
fi
if [ -n "$unlisted" ]; then
	notok "the library exports only libmigrator.sym: also $unlisted"
else
	ok "the library exports only libmigrator.sym"
fi

# 3. Nothing of the core is compiled into the program.
inside=$(nm --defined-only "$exe" 2>/dev/null | awk '{ print $NF }' |
	grep -E '^(migrator|mg)_' | tr '\n' ' ')
if [ -n "$inside" ]; then
	notok "no core function is compiled into the program: $inside"
else
	ok "no core function is compiled into the program"
fi

# 4. Its sources include only the public header of the core.
bad=$(grep -nE '^[[:space:]]*#[[:space:]]*include' "$TOP_SRCDIR"/core/cli/*.[ch] |
	grep -E '[<"]migrator/|\.\./|[<"](api_int|author|check|diag|graph|plan|plugin|runner|script|strvec|target|url|buf|arena)\.h[>"]' |
	grep -v '<migrator/migrator.h>')
if [ -n "$bad" ]; then
	notok "core/cli includes only <migrator/migrator.h> of the core"
	echo "$bad" | sed 's/^/# /'
else
	ok "core/cli includes only <migrator/migrator.h> of the core"
fi
echo "1..$n"
exit $fail
