#!/bin/sh
# example_driver.sh - a third party can write a driver: the SDK's example
# (plugins/sdk/example/example_driver.c) is built against nothing but the
# headers of `make install DESTDIR=...` and loaded by the installed
# migrator.  It keeps the stamp in a flat file and runs no SQL, and says
# so.  TAP.
set -u
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { printf '%s\n' "$1" | sed 's/^/# /'; }
finish() { echo "1..$n"; exit $fail; }
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
	d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}

top=$(dirname "$MIGRATOR")
mkdir -p "$HOOKS_BUILDDIR" || exit 1
tmp=$(mktemp -d "$HOOKS_BUILDDIR/exdrv.XXXXXX") || exit 1
dest=$tmp/inst
work=$tmp/work
mkdir -p "$work"

# One make install at a time in the build tree (tests/install/layout.sh).
lock=$top/tests/embed/inst-lock
mkdir -p "$top/tests/embed"
waited=0
until mkdir "$lock" 2>/dev/null; do
	if [ $waited -ge 600 ]; then
		notok "make install: $lock held for 10 minutes (stale? remove it)"
		finish
	fi
	sleep 1
	waited=$((waited + 1))
done
trap '[ -z "$lock" ] || rmdir "$lock"; rm -rf "$tmp"' EXIT
# make check runs us inside make: start a make of our own, not a job of it.
out=$(cd "$top" && MAKEFLAGS= MFLAGS= ${HOOKS_MAKE:-make} -s install \
	DESTDIR="$dest" 2>&1)
rc=$?
rmdir "$lock"
lock=
if [ $rc -eq 0 ]; then
	ok "make install DESTDIR=..."
else
	notok "make install DESTDIR=..."
	show "$out"
	finish
fi

# Built as a stranger would: a copy of the source, the installed headers
# only (no -I into this tree), no libmigrator.
inc=$dest$HOOKS_INCLUDEDIR
cp "$TOP_SRCDIR/plugins/sdk/example/example_driver.c" "$work/" || exit 1
if out=$(cd "$work" && ${CC:-cc} -std=c11 -Wall -Wextra -Werror -shared \
	-fPIC -I"$inc" -o example.so example_driver.c 2>&1); then
	ok "example_driver.c builds against the installed <migrator/driver.h>"
else
	notok "example_driver.c builds against the installed <migrator/driver.h>"
	show "$out"
	finish
fi
syms=$(nm -D --defined-only "$work/example.so" | awk 'NF >= 3 { print $3 }' | tr '\n' ' ')
check "example.so exports its descriptor migrator_module ($syms)" \
	sh -c 'case " $1" in *" migrator_module "*) exit 0 ;; *) exit 1 ;; esac' - "$syms"

mg=$dest$HOOKS_BINDIR/migrator
LD_LIBRARY_PATH=$dest$HOOKS_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
unset MIGRATOR_DATABASE_URL DATABASE_URL MIGRATOR_PLUGIN_PATH
stamp=$work/stamp.txt
migs=$TOP_SRCDIR/migrations
HEAD=a906f967ec63
run() { # run ARGS...: sets rc, out (stdout), err (stderr)
	out=$(cd "$work" && MIGRATOR_PLUGIN_PATH=$work:$dest$HOOKS_PKGLIBDIR/drivers \
		"$mg" -d "example://$stamp" "$@" 2>"$work/stderr")
	rc=$?
	err=$(cat "$work/stderr")
}

run -m "$migs" stamp head
if [ $rc -eq 0 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$HEAD" ]; then
	ok "the installed migrator loads example.so: stamp head writes $HEAD to the file"
else
	notok "the installed migrator loads example.so: stamp head writes $HEAD to the file (exit $rc)"
	show "$err"
	finish
fi
run -m "$migs" current
check "current reads the stamp back through the driver" \
	test $rc -eq 0 -a "$out" = "$HEAD (head)"
run -m "$migs" stamp base
check "stamp base empties the file" test $rc -eq 0 -a ! -s "$stamp"

# A migration with SQL for every backend: the driver refuses it, clearly,
# and the stamp does not move.
mkdir "$work/migs"
cat >"$work/migs/e0e0e0e0e0e1_create_t.sql" <<'SQL'
-- migrator:revision e0e0e0e0e0e1
-- migrator:message create t

-- migrator:upgrade
CREATE TABLE t (x INTEGER);
SQL
run -m "$work/migs" upgrade head
case "$rc $err" in
"1 "*"example: this driver cannot run SQL"*"keeps only the stamp"*) ok "upgrade: the SQL is refused with the driver's own message, exit 1" ;;
*) notok "upgrade: the SQL is refused with the driver's own message (exit $rc)"; show "$err" ;;
esac
check "the refused upgrade left the stamp empty" test ! -s "$stamp"

# A driver without verify_exec (driver ABI 2.1) and without introspection:
# upgrade --verify refuses a verify section before anything runs, and
# verify refuses the driver.
cat >>"$work/migs/e0e0e0e0e0e1_create_t.sql" <<'SQL'
-- migrator:verify
SELECT count(*) = 0 FROM t;
SQL
run -m "$work/migs" upgrade --verify head
case "$rc $err" in
"1 "*"e0e0e0e0e0e1_create_t.sql:6: the example driver cannot run verify sections"*) ok "upgrade --verify: a driver without verify_exec is refused, naming the section" ;;
*) notok "upgrade --verify: a driver without verify_exec is refused, naming the section (exit $rc)"; show "$err" ;;
esac
check "the refused upgrade --verify left the stamp empty" test ! -s "$stamp"
run -m "$work/migs" verify
case "$rc $err" in
"1 "*"verify is not supported by this driver"*) ok "verify: a driver without introspection is refused" ;;
*) notok "verify: a driver without introspection is refused (exit $rc)"; show "$err" ;;
esac

# The same file is no hook plugin: --plugin example refuses it by name.
run -m "$migs" --plugin example upgrade --dry-run head
case "$rc $err" in
"1 "*"example.so is a driver, not a hook plugin"*) ok "--plugin example: refused by name as a driver" ;;
*) notok "--plugin example: refused by name as a driver (exit $rc)"; show "$err" ;;
esac
finish
