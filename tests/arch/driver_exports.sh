#!/bin/sh
# Each driver plugin exports exactly one symbol, its descriptor migrator_module
# (plugins/README.md): its internals can clash with nothing in the host or
# in another plugin.  A driver .so that was not built is a failure.
# TAP output.
set -u
top_builddir=$(dirname "$MIGRATOR")
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

for name in sqlite postgres; do
	so="$top_builddir/backends/$name/.libs/$name.so"
	if [ ! -f "$so" ]; then
		notok "$name.so exists ($so)"
		continue
	fi
	if ! syms=$(nm -D --defined-only "$so" 2>&1); then
		notok "nm -D lists the symbols of $name.so: $syms"
		continue
	fi
	names=$(echo "$syms" | awk 'NF >= 3 { print $3 }' | sort | tr '\n' ' ')
	if [ "$names" = "migrator_module " ]; then
		ok "$name.so exports only migrator_module"
	else
		notok "$name.so exports only migrator_module (exports: $names)"
	fi
done
echo "1..$n"
exit $fail
