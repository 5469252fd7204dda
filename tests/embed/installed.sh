#!/bin/sh
# installed.sh [sqlite|postgresql] - the installed tree, as an application
# uses it: make install DESTDIR=<builddir>/tests/embed/inst-BACKEND, check
# the layout (one public header of libmigrator, the .pc, the library, the
# drivers in the plugin directory), build app.c with nothing but
# `pkg-config --cflags --libs libmigrator` (and its own database library),
# and run it twice against the backend: it migrates on start-up, then uses
# the table it created.  TAP output.
set -u
backend=${1:-sqlite}
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $backend: $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $backend: $1"; }
show() { echo "$1" | sed 's/^/# /'; }
finish() { echo "1..$n"; exit $fail; }

top=$(dirname "$MIGRATOR")
src=$TOP_SRCDIR/tests/embed
dest=$EMBED_BUILDDIR/inst-$backend
work=$EMBED_BUILDDIR/work-$backend
case $backend in
sqlite)
	url="sqlite:///$work/app.db"
	driver=sqlite.so
	;;
postgresql)
	. "$src/pg_dbs.sh"
	pg_require "installed tree on PostgreSQL" || exit 1
	trap pg_drop_dbs EXIT
	pg_new_db url app || { notok "create a database"; finish; }
	driver=postgres.so
	;;
*)
	echo "installed.sh: unknown backend \"$backend\"" >&2
	exit 2
	;;
esac
rm -rf "$dest" "$work"
mkdir -p "$work" || exit 1

# make check runs us inside make: start a make of our own, not a job of it.
# The SQLite and PostgreSQL runs may overlap (make -j2): one make install
# at a time in this build tree (a lock directory; clean-local removes it).
lock=$EMBED_BUILDDIR/inst-lock
waited=0
until mkdir "$lock" 2>/dev/null; do
	if [ $waited -ge 600 ]; then
		notok "make install: $lock held for 10 minutes (stale? remove it)"
		finish
	fi
	sleep 1
	waited=$((waited + 1))
done
out=$(cd "$top" && MAKEFLAGS= MFLAGS= ${EMBED_MAKE:-make} -s install \
	DESTDIR="$dest" 2>&1)
rc=$?
rmdir "$lock"
if [ $rc -eq 0 ]; then
	ok "make install DESTDIR=$dest"
else
	notok "make install DESTDIR=$dest"
	show "$out"
	finish
fi

# The layout.
inc=$dest$EMBED_INCLUDEDIR/migrator
lib=$dest$EMBED_LIBDIR
if [ -f "$inc/migrator.h" ] && [ -f "$inc/driver.h" ]; then
	ok "migrator/migrator.h and the driver SDK are installed"
else
	notok "migrator/migrator.h and the driver SDK are installed"
fi
extra=$(cd "$inc" && ls | grep -vx -e migrator.h -e module.h -e driver.h -e hook.h)
if [ -z "$extra" ]; then
	ok "no internal header is installed"
else
	notok "no internal header is installed (found: $(echo $extra))"
fi
if [ -f "$lib/pkgconfig/libmigrator.pc" ] && [ -e "$lib/libmigrator.so" ] &&
	ls "$lib"/libmigrator.so.2* >/dev/null 2>&1; then
	ok "libmigrator.so.2 and libmigrator.pc are installed"
else
	notok "libmigrator.so.2 and libmigrator.pc are installed"
fi

# pkg-config reads the .pc from the DESTDIR tree and prefixes its paths.
PKG_CONFIG_PATH=$lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$dest
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
if cflags=$(pkg-config --cflags libmigrator) &&
	libs=$(pkg-config --libs libmigrator) &&
	slibs=$(pkg-config --static --libs libmigrator) &&
	plugindir=$(pkg-config --variable=driverdir libmigrator); then
	ok "pkg-config knows libmigrator ($cflags $libs)"
else
	notok "pkg-config knows libmigrator"
	finish
fi
case $slibs in
*-lmigrator*) ok "pkg-config --static --libs names the library ($slibs)" ;;
*) notok "pkg-config --static --libs names the library ($slibs)" ;;
esac
case $plugindir in
"$dest"/*) ;;
*) plugindir=$dest$plugindir ;;
esac
if [ "$plugindir" = "$dest$EMBED_PKGLIBDIR/drivers" ] && [ -f "$plugindir/$driver" ]; then
	ok "$driver is in the .pc's driverdir"
else
	notok "$driver is in the .pc's driverdir ($plugindir)"
fi
# app.c speaks both backends, through their own client libraries.
dbflags=$(unset PKG_CONFIG_SYSROOT_DIR; pkg-config --cflags --libs sqlite3 libpq)

# Build the application: the installed header, the installed library.
# (EMBED_SAN_CFLAGS: a library built with sanitizers needs them at link.)
if out=$(${CC:-cc} -std=c11 -Wall -Wextra -Werror ${EMBED_SAN_CFLAGS:-} $cflags -o "$work/app" \
	"$src/app.c" $libs $dbflags 2>&1); then
	ok "app.c builds with pkg-config --cflags --libs libmigrator"
else
	notok "app.c builds with pkg-config --cflags --libs libmigrator"
	show "$out"
	finish
fi
LD_LIBRARY_PATH=$lib
MIGRATOR_PLUGIN_PATH=$plugindir
export LD_LIBRARY_PATH MIGRATOR_PLUGIN_PATH
resolved=$(ldd "$work/app" | awk '$1 ~ /^libmigrator/ { print $3 }')
case $resolved in
"$lib"/*) ok "app uses the installed libmigrator ($resolved)" ;;
*) notok "app uses the installed libmigrator (ldd: $resolved)" ;;
esac

# Start-up 1: migrates, then uses the table.
expect1="migrated: upgrade <base> -> 5e1f00000001  create notes  (
migrated: upgrade 5e1f00000001 -> 5e1f00000002  add notes.author  (
notes: 1, last by app: hello"
out=$(cd "$work" && ./app "$url" "$src/app_migrations" 2>&1)
rc=$?
got=$(echo "$out" | sed 's/(\([0-9]*\) ms)$/(/')
if [ $rc -eq 0 ] && [ "$got" = "$expect1" ]; then
	ok "app migrates on start-up and queries its table"
else
	notok "app migrates on start-up and queries its table (exit $rc)"
	show "$out"
fi
# Start-up 2: nothing to migrate.
out=$(cd "$work" && ./app "$url" "$src/app_migrations" 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ "$out" = "notes: 2, last by app: hello" ]; then
	ok "a second start-up finds nothing to migrate"
else
	notok "a second start-up finds nothing to migrate (exit $rc)"
	show "$out"
fi
# A broken migrations directory: the app says why and exits 3.
mkdir "$work/broken" && printf '%s\n' '-- migrator:revision 0bad' \
	'-- migrator:revison typo' >"$work/broken/0bad_typo.sql"
out=$(cd "$work" && ./app "$url" "$work/broken" 2>&1)
rc=$?
if [ $rc -eq 3 ] && echo "$out" | grep -q "0bad_typo.sql:2: "; then
	ok "a bad migration file stops the app with FILE:LINE, exit 3"
else
	notok "a bad migration file stops the app with FILE:LINE, exit 3 (exit $rc)"
	show "$out"
fi
finish
