#!/usr/bin/env bats
# faults.bats - kill -9 of the runner at random moments during a
# 300-revision upgrade (issue 5, item 3), on both backends.  After each
# kill the stamp must match the schema (migrator check, and a count of the
# chain's tables and indexes) and a rerun of "upgrade head" must complete.
#
# The kill moments are random fractions (0 to 95 %) of a measured full run,
# aimed earlier whenever a run ends before its kill; the seed is printed,
# and FAULT_SEED=N reruns the same moments (FAULT_TRIALS=N changes the
# number of trials, 30 by default):
#     make check TESTS=tests/e2e/faults.bats FAULT_SEED=12345

load helpers
load ../fault/fault_helpers

setup() {
	e2e_setup
}

teardown() {
	fault_teardown
}

N_REVS=300

@test "kill -9 during a 300-revision upgrade: stamp matches schema, rerun completes (30 trials)" {
	local dir url seed trials t0 full_ms trial delay pid st killed=0 k tabs
	fast_dir
	dir=$FAST_DIR
	sh "$FAULT_DIR_TOOLS/gen_chain.sh" "$BATS_TEST_TMPDIR/chain" "$N_REVS"
	MIGS="$BATS_TEST_TMPDIR/chain"
	head=$(printf 'fa%010x' "$N_REVS")
	seed=${FAULT_SEED:-$(($(od -An -N2 -tu2 /dev/urandom) + 0))}
	trials=${FAULT_TRIALS:-30}
	RANDOM=$seed
	echo "# $BACKEND: seed $seed (rerun with FAULT_SEED=$seed)" >&3

	# One full run measures how long the upgrade takes.
	url=$(db_url_in "$dir" measure)
	t0=$(now_ms)
	run --separate-stderr "$MIGRATOR" -q -d "$url" -m "$MIGS" upgrade head
	full_ms=$(($(now_ms) - t0))
	assert_status 0
	assert_eq "$(stamp_on "$url")" "$head"
	drop_url "$url"
	echo "# $BACKEND: a full run takes $full_ms ms" >&3

	for ((trial = 1; trial <= trials; trial++)); do
		url=$(db_url_in "$dir" "k$trial")
		delay=$((full_ms * (RANDOM % 950) / 1000))
		# detect_leaks=0: a kill that lands during LeakSanitizer's
		# check at exit (the sanitizer stage of CI) makes its tracer
		# write "Unable to get registers from thread N", which counts
		# as a report.  A killed run has no leak check to lose; the
		# rerun below, an ordinary upgrade, keeps its own.
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
			"$MIGRATOR" -q -d "$url" -m "$MIGS" upgrade head >/dev/null 2>&1 &
		pid=$!
		sleep_ms "$delay"
		kill -9 "$pid" 2>/dev/null || true
		st=0
		wait "$pid" || st=$?
		if [ "$st" -eq 137 ]; then
			killed=$((killed + 1))
		elif [ "$delay" -gt 0 ]; then
			# It finished first: runs are quicker than measured (a
			# busy machine makes timings noisy), so aim earlier.
			full_ms=$((delay * 9 / 10))
		fi

		# What the kill left: a stamp at revision k, and exactly the
		# k chain tables with their indexes.
		k=$(stamp_chain_index "$url")
		tabs=$(chain_tables_on "$url")
		if [ "$tabs" != "$k $k" ]; then
			echo "trial $trial (seed $seed, kill after $delay ms): stamp at $k, tables and indexes $tabs" >&2
			return 1
		fi
		if [ "$k" -gt 0 ] || [ "$BACKEND" = postgresql ] || [ -e "${url#sqlite:///}" ]; then
			run --separate-stderr "$MIGRATOR" -d "$url" -m "$MIGS" check
			if [ "$status" -ne 0 ]; then
				echo "trial $trial (seed $seed, kill after $delay ms): check exited $status at revision $k" >&2
				show_run >&2
				return 1
			fi
		fi
		run --separate-stderr "$MIGRATOR" -q -d "$url" -m "$MIGS" upgrade head
		if [ "$status" -ne 0 ]; then
			echo "trial $trial (seed $seed, kill after $delay ms): the rerun exited $status" >&2
			show_run >&2
			return 1
		fi
		assert_eq "$(stamp_on "$url")" "$head"
		assert_eq "$(chain_tables_on "$url")" "$N_REVS $N_REVS"
		[ "$BACKEND" = postgresql ] || integrity_ok "${url#sqlite:///}"
		drop_url "$url"
	done
	echo "# $BACKEND: $killed of $trials runs killed mid-way" >&3
	# Most kills must land inside the run, or the test proves little.
	[ "$killed" -ge $((trials * 2 / 3)) ] ||
		fail "only $killed of $trials kills landed before the run ended"
}
