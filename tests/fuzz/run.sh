#!/bin/sh
# run.sh [SECONDS]: runs every built fuzz target for SECONDS each (default
# 60), one after the other, from a fresh copy of its seed corpus, and fails
# if any of them finds a crash, a leak, a timeout or a broken invariant.
# It builds nothing: run it from the top of a build tree configured with
#
#     ./configure --enable-fuzzing CC=clang && make
#
# FUZZ_OUT names a directory for the results (default: a new temporary
# one, kept when something was found).  Each target's findings are saved as
# FUZZ_OUT/NAME/crash-* (or leak-*, timeout-*, oom-*): reproduce one with
# tests/fuzz/fuzz_NAME FILE, then keep it as a seed in
# tests/fuzz/corpus/NAME/ so make check replays it for good.
set -u
secs=${1:-60}
case $secs in
'' | *[!0-9]*)
	echo "usage: run.sh [SECONDS]" >&2
	exit 2
	;;
esac
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
names="script_parse sql_split target graph url"

built=
for n in $names; do
	[ -x "tests/fuzz/fuzz_$n" ] && built="$built $n"
done
if [ -z "$built" ]; then
	echo "run.sh: no fuzz target in $(pwd)/tests/fuzz: run me from a build tree" >&2
	echo "configured with --enable-fuzzing CC=clang, after make" >&2
	exit 2
fi

out=${FUZZ_OUT:-}
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/migrator-fuzz.XXXXXX") || exit 1
mkdir -p "$out" || exit 1

failed=0
summary=
for n in $built; do
	dir=$out/$n
	rm -rf "$dir"
	mkdir -p "$dir/corpus" || exit 1
	cp "$srcdir/tests/fuzz/corpus/$n/"* "$dir/corpus/" 2>/dev/null
	echo "== fuzz_$n: $secs s from $(ls "$dir/corpus" | wc -l) seeds"
	# -timeout: one input taking 10 s is a hang; ASan checks leaks at exit
	# of each run (detect_leaks is on by default).
	"tests/fuzz/fuzz_$n" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
		-artifact_prefix="$dir/" "$dir/corpus" >"$dir/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
	found=$(ls "$dir" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | tr '\n' ' ')
	if [ $rc -ne 0 ] || [ -n "$found" ]; then
		failed=$((failed + 1))
		status="FAIL (exit $rc) ${found:-see $dir/log}"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant failed)' "$dir/log" | head -n 5
	else
		status=ok
	fi
	line=$(printf '%-14s %8s runs  %4s files in corpus  %s' "$n" "${runs:-?}" \
		"$(ls "$dir/corpus" | wc -l)" "$status")
	echo "$line"
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
