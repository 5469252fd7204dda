#!/bin/sh
# out_of_tree.sh - a third party's hook plugin (hello_hook.c), built
# against nothing but the installed <migrator/hook.h> and loaded by the
# installed migrator with --plugin: make install DESTDIR=..., cc -shared,
# then runs on SQLite that check every callback, the host's info(), warn()
# and fail(), the options, and the refusal of another ABI major.  TAP.
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
src=$TOP_SRCDIR/tests/hooks
mkdir -p "$HOOKS_BUILDDIR" || exit 1
tmp=$(mktemp -d "$HOOKS_BUILDDIR/oot.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/inst
work=$tmp/work
mkdir -p "$work"

# make check runs us inside make: start a make of our own, not a job of it.
if out=$(cd "$top" && MAKEFLAGS= MFLAGS= ${HOOKS_MAKE:-make} -s install \
	DESTDIR="$dest" 2>&1); then
	ok "make install DESTDIR=..."
else
	notok "make install DESTDIR=..."
	show "$out"
	finish
fi
inc=$dest$HOOKS_INCLUDEDIR
check "migrator/hook.h is installed beside driver.h" \
	test -f "$inc/migrator/hook.h" -a -f "$inc/migrator/driver.h"
check "lint.so and backup.so are installed in the hooks directory" \
	test -f "$dest$HOOKS_PKGLIBDIR/hooks/lint.so" -a -f "$dest$HOOKS_PKGLIBDIR/hooks/backup.so"

# Built as a stranger would: the installed header, no libmigrator.
build() { # build OUT [CFLAGS...]
	o=$1
	shift
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -shared -fPIC -I"$inc" "$@" \
		-o "$o" "$src/hello_hook.c" 2>&1
}
if out=$(build "$work/hello.so"); then
	ok "hello_hook.c builds against the installed <migrator/hook.h>"
else
	notok "hello_hook.c builds against the installed <migrator/hook.h>"
	show "$out"
	finish
fi
mkdir -p "$work/abi99"
if out=$(build "$work/abi99/hello.so" -DHELLO_ABI_MAJOR=99); then
	ok "a copy claiming hook ABI 99 builds"
else
	notok "a copy claiming hook ABI 99 builds"
	show "$out"
fi

mg=$dest$HOOKS_BINDIR/migrator
LD_LIBRARY_PATH=$dest$HOOKS_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
unset MIGRATOR_DATABASE_URL DATABASE_URL
migs=$TOP_SRCDIR/migrations
R3=2ead98d98913
R4=111c6a8bb173
R7=a906f967ec63
db=$work/app.db
log=$work/hello.log
run() { # run PLUGIN_PATH ARGS...: sets rc, out (stdout), err (stderr)
	pp=$1
	shift
	out=$(cd "$work" && MIGRATOR_PLUGIN_PATH=$pp "$mg" -d "sqlite:///$db" \
		-m "$migs" "$@" 2>"$work/stderr")
	rc=$?
	err=$(cat "$work/stderr")
}
# a directory of the path holds plugins of both kinds: the installed
# drivers' and hooks' directories, and ours
path=$work:$dest$HOOKS_PKGLIBDIR/drivers:$dest$HOOKS_PKGLIBDIR/hooks

# 1. A whole upgrade: every callback, in order, with the plan's data.
run "$path" --plugin "hello:log=$log" upgrade head
if [ $rc -eq 0 ]; then
	ok "the installed migrator loads hello.so with --plugin hello:log=..."
else
	notok "the installed migrator loads hello.so with --plugin hello:log=... (exit $rc)"
	show "$err"
	finish
fi
got=$(sed -n '1p;2p' "$log")
want="create hello strict=0
before_run upgrade sqlite sqlite:///$db steps=7 current=0"
check "create gets the name and options; before_run the direction, backend, URL and 7 steps" \
	test "$got" = "$want"
check "each step comes with revision, message, SQL line, statements and path" \
	grep -q "^  step 28d086b6b595 create token_usage line=[0-9]* stmts=[1-9][0-9]* tx=1 .*28d086b6b595_create_token_usage.sql$" "$log"
seq=$(grep -E '^(before_step|after_step|after_run|destroy)' "$log" | tr '\n' ' ')
want="before_step 28d086b6b595 after_step 28d086b6b595 ok=1 "
check "before_step and after_step (ok=1) around each migration, after_run ok=1, then destroy" \
	sh -c 'case "$1" in "$2"*"after_step $3 ok=1 after_run ok=1 destroy ") exit 0 ;; *) exit 1 ;; esac' \
	- "$seq" "$want" "$R7"
check "7 before_step and 7 after_step calls" \
	test "$(grep -c '^before_step' "$log")" = 7 -a "$(grep -c '^after_step' "$log")" = 7
case $err in
*"migrator: hello: hello, 7 step(s) to go"*) ok "info() is printed as \"migrator: hello: ...\"" ;;
*) notok "info() is printed as \"migrator: hello: ...\""; show "$err" ;;
esac
case $err in
*"migrator: warning: "*"28d086b6b595_create_token_usage.sql:"[0-9]*": hello: first statement has "*) ok "warn() is printed as a warning with FILE:LINE and the plugin's name" ;;
*) notok "warn() is printed as a warning with FILE:LINE and the plugin's name"; show "$err" ;;
esac

# 2. diag_set() in before_step stops the run before that revision.
rm -f "$db" "$log"
run "$path" --plugin "hello:log=$log,fail_at=$R4" upgrade head
stamp=$("${SQLITE3_CLI:-sqlite3}" "$db" "SELECT version_num FROM migrator_version" 2>&1)
if [ $rc -eq 1 ] && [ "$stamp" = "$R3" ]; then
	ok "diag_set() in before_step: exit 1, the earlier revisions stay ($R3)"
else
	notok "diag_set() in before_step: exit 1, the earlier revisions stay (exit $rc, stamp $stamp)"
	show "$err"
fi
case $err in
*"migrator: error: hello: not past $R4"*"hint: Ask hello."*) ok "its message and hint are the run's error" ;;
*) notok "its message and hint are the run's error"; show "$err" ;;
esac
check "after_run sees ok=0 and the error" \
	grep -q "^after_run ok=0 hello: not past $R4$" "$log"
check "the failing revision gets no after_step" \
	test "$(grep -c "^after_step $R4" "$log")" = 0

# 3. A dry run: before_run only, flagged dry.
rm -f "$log"
run "$path" --plugin "hello:log=$log" upgrade --dry-run head
check "--dry-run: before_run with the dry flag and the remaining steps, no step calls" \
	test $rc -eq 0 -a "$(sed -n 2p "$log")" = "before_run upgrade sqlite sqlite:///$db steps=4 current=1 dry" \
	-a "$(grep -c '^before_step' "$log")" = 0

# 4. Refusals, each with one clear message and exit 1.
run "$path" --plugin hello upgrade head
case "$rc $err" in
"1 migrator: error: hello: needs log=PATH, a file it can write"*) ok "create() may refuse with diag_set(): exit 1, its message" ;;
*) notok "create() may refuse with diag_set(): exit 1, its message (exit $rc)"; show "$err" ;;
esac
rm -f "$log"
run "$work/abi99:$dest$HOOKS_PKGLIBDIR/drivers" --plugin "hello:log=$log" upgrade head
case "$rc $err" in
"1 migrator: error: $work/abi99/hello.so was built for hook ABI 99; this migrator speaks 2"*) ok "another ABI major is refused, naming the file" ;;
*) notok "another ABI major is refused, naming the file (exit $rc)"; show "$err" ;;
esac
# its create() aborts: had it run, the exit would be 134
check "the descriptor is refused before create() runs (no abort, no log)" \
	test $rc -eq 1 -a ! -e "$log"
stamp=$("${SQLITE3_CLI:-sqlite3}" "$db" "SELECT version_num FROM migrator_version" 2>&1)
check "nothing ran after a refusal (stamp still $R3)" test "$stamp" = "$R3"
finish
