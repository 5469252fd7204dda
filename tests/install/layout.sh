#!/bin/sh
# layout.sh - `make install DESTDIR=...` puts everything where it belongs
# (issue 7, item 4): the program, the library, its header and .pc, every
# driver in $(pkglibdir)/drivers and every hook plugin in
# $(pkglibdir)/hooks, both man pages and the bash completion, the Alembic
# importer in $(pkglibexecdir);
# nothing outside the prefix; the installed program migrates the sample
# with the installed drivers; `make uninstall` takes every file away.
# Prints TAP.
#
# From the test environment: the install directories (INST_*, set in
# tests/install/local.mk); MAKE, BUILDDIR, DRIVER_MODULES
# (drivers_LTLIBRARIES), HOOK_MODULES (hooks_LTLIBRARIES) and TOP_SRCDIR
# (tests/local.mk).
set -u
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { # check DESCRIPTION COMMAND...
	what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

dest=$(mktemp -d "${TMPDIR:-/tmp}/migrator-layout.XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT
echo "1..18"

# One make install at a time in the build tree: tests/embed/installed.sh
# installs too, and may run beside us (make -j2).  Its lock directory.
lock=$BUILDDIR/tests/embed/inst-lock
mkdir -p "$BUILDDIR/tests/embed"
waited=0
until mkdir "$lock" 2>/dev/null; do
	if [ $waited -ge 600 ]; then
		not_ok "make install: $lock held for 10 minutes (stale? remove it)"
		exit 1
	fi
	sleep 1
	waited=$((waited + 1))
done
trap '[ -z "$lock" ] || rmdir "$lock"; rm -rf "$dest"' EXIT

# A make of our own: no jobserver or flags of the make check that runs us.
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $MAKE -C "$BUILDDIR" install \
	DESTDIR="$dest" >"$dest.log" 2>&1; then
	not_ok "make install DESTDIR=..."
	sed 's/^/# /' "$dest.log"
	rm -f "$dest.log"
	exit 1
fi
rm -f "$dest.log"
ok "make install DESTDIR=..."

d=$dest
check "the program in bindir" test -x "$d$INST_BINDIR/migrator"
check "libmigrator.so in libdir" test -e "$d$INST_LIBDIR/libmigrator.so"
check "the header in includedir/migrator" test -f "$d$INST_INCLUDEDIR/migrator/migrator.h"
check "libmigrator.pc in pkgconfigdir" test -f "$d$INST_PKGCONFIGDIR/libmigrator.pc"
# Only the public header and the plugin SDK's: no internal header leaks.
headers=$(cd "$d$INST_INCLUDEDIR/migrator" && ls | tr '\n' ' ')
check "includedir/migrator holds migrator.h and the SDK only ($headers)" \
	test "$headers" = "driver.h hook.h migrator.h module.h "

# in_dir KIND SUBDIR MODULES: every module of the kind in pkglibdir/SUBDIR
in_dir() {
	missing=
	for m in $3; do
		so=$(basename "$m" .la).so
		[ -f "$d$INST_PKGLIBDIR/$2/$so" ] || missing="$missing $so"
	done
	if [ -z "$missing" ] && [ -n "$3" ]; then
		ok "every $1 in pkglibdir/$2 ($(echo $3))"
	else
		not_ok "every $1 in pkglibdir/$2 ($(echo $3))"
		echo "# missing:$missing"
	fi
}
in_dir driver drivers "$DRIVER_MODULES"
in_dir "hook plugin" hooks "$HOOK_MODULES"
loose=$(cd "$d$INST_PKGLIBDIR" && find . -maxdepth 1 ! -type d)
check "nothing loose in pkglibdir itself: drivers and hooks live apart" \
	test -z "$loose"

# The Alembic importer (issue 17), executable, where `migrator import`
# looks for it.
check "migrator-import-alembic in pkglibexecdir, executable, as written" \
	sh -c 'test -x "$1" && cmp -s "$2" "$1"' sh \
	"$d$INST_PKGLIBEXECDIR/migrator-import-alembic" \
	"$TOP_SRCDIR/contrib/migrator-import-alembic"
check "migrator.1 in man1, as written" \
	cmp -s "$TOP_SRCDIR/core/cli/migrator.1" "$d$INST_MANDIR/man1/migrator.1"
check "migrator.ini.5 in man5, as written" \
	cmp -s "$TOP_SRCDIR/core/cli/migrator.ini.5" "$d$INST_MANDIR/man5/migrator.ini.5"
check "the bash completion in the completions directory" \
	bash -c '. "$1" && complete -p migrator' sh "$d$INST_BASHCOMPLETIONDIR/migrator"

# Nothing outside the prefix (distcheck installs into a prefix of its own).
outside=$(cd "$d" && find . ! -type d | sed 's|^\.||' | grep -v "^$INST_PREFIX/")
if [ -z "$outside" ]; then
	ok "nothing installed outside $INST_PREFIX"
else
	not_ok "nothing installed outside $INST_PREFIX"
	printf '%s\n' "$outside" | sed 's/^/# /'
fi

# The installed program, with the installed library and drivers only.
db=$dest/app.db
out=$(LD_LIBRARY_PATH="$d$INST_LIBDIR" MIGRATOR_PLUGIN_PATH= \
	"$d$INST_BINDIR/migrator" --plugin-dir "$d$INST_PKGLIBDIR/drivers" \
	-d "sqlite:///$db" -m "$TOP_SRCDIR/migrations" upgrade head 2>&1)
if [ $? -eq 0 ] && [ -s "$db" ]; then
	ok "the installed migrator upgrades the sample with the installed sqlite.so"
else
	not_ok "the installed migrator upgrades the sample with the installed sqlite.so"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
# Installed, a URL's scheme never opens a hook plugin: -d lint://x finds no
# lint.so among the drivers (and says where it looked).
out=$(cd "$dest" && LD_LIBRARY_PATH="$d$INST_LIBDIR" MIGRATOR_PLUGIN_PATH= \
	"$d$INST_BINDIR/migrator" --plugin-dir "$d$INST_PKGLIBDIR/drivers" \
	-d "lint://x" -m "$TOP_SRCDIR/migrations" upgrade head 2>&1)
case $out in
*'no driver plugin handles URL scheme "lint"'*) ok "-d lint://x: lint.so is not among the installed drivers" ;;
*) not_ok "-d lint://x: lint.so is not among the installed drivers"; printf '%s\n' "$out" | sed 's/^/# /' ;;
esac
check "pkg-config finds libmigrator in the installed tree" \
	sh -c 'PKG_CONFIG_PATH="$1" pkg-config --define-variable=prefix="$2" --libs libmigrator | grep -q -- -lmigrator' \
	sh "$d$INST_PKGCONFIGDIR" "$d$INST_PREFIX"

# make uninstall leaves no file behind.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $MAKE -C "$BUILDDIR" uninstall \
	DESTDIR="$dest" >/dev/null 2>&1
rm -f "$db"
rmdir "$lock"
lock= # released: the exit trap must not remove a lock taken since
left=$(cd "$d" && find . ! -type d)
if [ -z "$left" ]; then
	ok "make uninstall removes every installed file"
else
	not_ok "make uninstall removes every installed file"
	printf '%s\n' "$left" | sed 's/^/# /'
fi
exit $failed
