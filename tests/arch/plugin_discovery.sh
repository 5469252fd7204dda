#!/bin/sh
# ./migrator in its build tree finds the freshly built drivers without
# MIGRATOR_PLUGIN_PATH or make install; the same program copied out of the
# build tree does not look there (nor in the current directory).  TAP output.
set -u
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
unset MIGRATOR_PLUGIN_PATH MIGRATOR_DATABASE_URL DATABASE_URL

if out=$(cd "$tmp" && "$MIGRATOR" -m "$TOP_SRCDIR/migrations" \
	-d "sqlite:///$tmp/built.db" upgrade head 2>&1); then
	ok "the build tree's migrator finds its drivers"
else
	notok "the build tree's migrator finds its drivers"
	echo "$out" | sed 's/^/# /'
fi

# The real program and its library, copied out.  The program links the
# core statically, so $MIGRATOR is itself the binary; if it is a libtool
# wrapper script after all, the binary hides in .libs.
top=$(dirname "$MIGRATOR")
real=$MIGRATOR
if ! head -c 4 "$real" | grep -q ELF; then
	real="$top/.libs/migrator"
	[ -x "$real" ] || real="$top/.libs/lt-migrator"
fi
mkdir "$tmp/out"
cp "$real" "$tmp/out/migrator" && cp -L "$top"/core/.libs/libmigrator.so* "$tmp/out/" 2>/dev/null
# A decoy sqlite.so in the current directory must not be loaded.
cp "$top"/backends/sqlite/.libs/sqlite.so "$tmp/out/" 2>/dev/null
out=$(cd "$tmp/out" && LD_LIBRARY_PATH="$tmp/out" ./migrator -m "$TOP_SRCDIR/migrations" \
	-d "sqlite:///$tmp/copied.db" upgrade head 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && echo "$out" | grep -q "no driver plugin handles URL scheme \"sqlite\"" &&
	! echo "$out" | grep -q "backends/"; then
	ok "a copy outside the build tree searches only the installed plugin dir"
else
	notok "a copy outside the build tree searches only the installed plugin dir (exit $rc)"
	echo "$out" | sed 's/^/# /'
fi
if [ -e "$tmp/copied.db" ]; then
	notok "no database file is created when the driver is missing"
else
	ok "no database file is created when the driver is missing"
fi

# In a directory the user names, drivers and hook plugins may sit side by
# side (installed, each kind has its own).  postgresql://
# names no file (the driver is postgres.so): the loader asks postgres.so
# first and opens no hook plugin (backup.so would load libsqlite3 into a
# PostgreSQL run).  LD_DEBUG=files lists what the dynamic linker opens.
mkdir "$tmp/pd"
cp "$top"/backends/postgres/.libs/postgres.so "$top"/backends/sqlite/.libs/sqlite.so \
	"$top"/plugins/backup/.libs/backup.so "$top"/plugins/lint/.libs/lint.so "$tmp/pd/"
out=$(LD_DEBUG=files "$MIGRATOR" --plugin-dir "$tmp/pd" -m "$TOP_SRCDIR/migrations" \
	-d "postgresql://127.0.0.1:1/none?connect_timeout=2" current 2>&1)
if echo "$out" | grep -q "file=$tmp/pd/postgres.so" &&
	! echo "$out" | grep -q "file=$tmp/pd/backup.so" &&
	! echo "$out" | grep -q "file=$tmp/pd/lint.so"; then
	ok "postgresql:// opens postgres.so and no hook plugin"
else
	notok "postgresql:// opens postgres.so and no hook plugin"
	echo "$out" | grep "file=$tmp/pd" | sed 's/^/# /'
fi
echo "1..$n"
exit $fail
