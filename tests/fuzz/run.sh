#!/bin/sh
# run.sh [-j JOBS] [SECONDS]: runs every built fuzz target for SECONDS each
# (default 60) from a fresh copy of its seed corpus, JOBS targets at a time
# (default 1; CI uses 2, one per core), and fails if any of them finds a
# crash, a leak, a timeout or a broken invariant.  It builds nothing: run
# it from the top of a build tree configured with
#
#     ./configure --enable-fuzzing CC=clang && make
#
# FUZZ_OUT names a directory for the results (default: a new temporary
# one, kept when something was found).  Each target's findings are saved as
# FUZZ_OUT/NAME/crash-* (or leak-*, timeout-*, oom-*): reproduce one with
# tests/fuzz/fuzz_NAME FILE, then keep it as a seed in
# tests/fuzz/corpus/NAME/ so make check replays it for good.
set -u
usage() {
	echo "usage: run.sh [-j JOBS] [SECONDS]" >&2
	exit 2
}
jobs=1
if [ "${1:-}" = -j ]; then
	[ $# -ge 2 ] || usage
	jobs=$2
	shift 2
fi
secs=${1:-60}
for v in "$secs" "$jobs"; do
	case $v in
	'' | *[!0-9]* | 0) usage ;;
	esac
done
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
# Every tests/fuzz/fuzz_NAME.c is a target, and every one must be built:
# one quietly left out would look like a clean run.
built=
missing=
for f in "$srcdir"/tests/fuzz/fuzz_*.c; do
	n=${f##*/fuzz_}
	n=${n%.c}
	if [ -x "tests/fuzz/fuzz_$n" ]; then
		built="$built $n"
	else
		missing="$missing fuzz_$n"
	fi
done
if [ -n "$missing" ]; then
	echo "run.sh: not built in $(pwd)/tests/fuzz:$missing" >&2
	echo "run me from a build tree configured with --enable-fuzzing CC=clang, after make" >&2
	exit 2
fi

out=${FUZZ_OUT:-}
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/migrator-fuzz.XXXXXX") || exit 1
mkdir -p "$out" || exit 1

# Runs one target; leaves its summary line in $out/NAME/status.
fuzz_one() {
	n=$1
	dir=$out/$n
	rm -rf "$dir"
	mkdir -p "$dir/corpus" || exit 1
	cp "$srcdir/tests/fuzz/corpus/$n/"* "$dir/corpus/" 2>/dev/null
	echo "== fuzz_$n: $secs s from $(ls "$dir/corpus" | wc -l) seeds"
	# -timeout: one input (of at most 8 KB, each run in well under a
	# second) taking 30 s is a hang; 10 s once fired on a machine with a
	# load of 15 inside ASan's allocator, on an input that runs in 1 ms.
	# ASan checks leaks at exit of each run (detect_leaks is on by default).
	"tests/fuzz/fuzz_$n" -max_total_time="$secs" -timeout=30 \
		-rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
		-artifact_prefix="$dir/" "$dir/corpus" >"$dir/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
	found=$(ls "$dir" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | tr '\n' ' ')
	if [ $rc -ne 0 ] || [ -n "$found" ]; then
		status="FAIL (exit $rc) ${found:-see $dir/log}"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant failed)' "$dir/log" | head -n 5
	else
		status=ok
	fi
	printf '%-14s %8s runs  %4s files in corpus  %s\n' "$n" "${runs:-?}" \
		"$(ls "$dir/corpus" | wc -l)" "$status" >"$dir/status"
	cat "$dir/status"
}

# JOBS lanes, each running every JOBS-th target in turn.
lane=0
while [ $lane -lt "$jobs" ]; do
	i=0
	mine=
	for n in $built; do
		[ $((i % jobs)) -eq $lane ] && mine="$mine $n"
		i=$((i + 1))
	done
	if [ -n "$mine" ]; then
		(for n in $mine; do fuzz_one "$n"; done) &
	fi
	lane=$((lane + 1))
done
wait

failed=0
summary=
for n in $built; do
	if [ -r "$out/$n/status" ]; then
		line=$(cat "$out/$n/status")
	else
		line="$n: did not finish"
	fi
	case $line in
	*" ok") ;;
	*) failed=$((failed + 1)) ;;
	esac
	summary="$summary$line
"
done

echo
echo "fuzzing summary ($secs s per target, results in $out):"
printf '%s' "$summary"
if [ $failed -ne 0 ]; then
	echo "$failed target(s) found something"
	exit 1
fi
[ -n "${FUZZ_OUT:-}" ] || rm -rf "$out"
echo "all targets clean"
