#!/bin/sh
# lint.so is a hook plugin: it exports its descriptor migrator_module and nothing else
# (plugins/sdk/migrator/hook.h), and links no libmigrator.  TAP output.
set -u
so="$(dirname "$MIGRATOR")/plugins/lint/.libs/lint.so"
echo "1..2"
if ! syms=$(nm -D --defined-only "$so" 2>&1); then
	echo "not ok 1 - nm -D lists the symbols of lint.so: $syms"
	echo "not ok 2 - lint.so needs no libmigrator"
	exit 1
fi
names=$(echo "$syms" | awk 'NF >= 3 { print $3 }' | sort | tr '\n' ' ')
fail=0
if [ "$names" = "migrator_module " ]; then
	echo "ok 1 - lint.so exports only migrator_module"
else
	echo "not ok 1 - lint.so exports only migrator_module (exports: $names)"
	fail=1
fi
needed=$(objdump -p "$so" | awk '$1 == "NEEDED" { print $2 }' | tr '\n' ' ')
case "$needed" in
*libmigrator*)
	echo "not ok 2 - lint.so needs no libmigrator (NEEDED: $needed)"
	fail=1 ;;
*) echo "ok 2 - lint.so needs no libmigrator (NEEDED: $needed)" ;;
esac
exit $fail
