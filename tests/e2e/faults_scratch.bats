#!/usr/bin/env bats
# faults_scratch.bats - check's scratch database never outlives its run
# (issue 21, defect 2), on both backends, nor dump --check's (issue 14).  check is interrupted with
# SIGINT, SIGTERM and SIGHUP at random moments; after each run no scratch
# database of that run may be left (PostgreSQL: a database named
# migrator_scratch_<epoch>_<pid>_<random>; SQLite: any file in the
# temporary directory or beside the database).  The killed-run sweep is
# in faults_pg.bats.
#
# The moments are random fractions of a measured full check of a
# 300-revision chain, aimed earlier whenever a run ends before its signal;
# the seed is printed and FAULT_SEED=N replays them
# (FAULT_TRIALS=N changes the 10 trials per signal):
#     make check TESTS=tests/e2e/faults_scratch.bats FAULT_SEED=12345

load helpers
load ../fault/fault_helpers

setup() {
	e2e_setup
}

teardown() {
	fault_teardown
}

N_REVS=300

# scratch_left PID: how many scratch databases of run PID exist.
scratch_left() {
	case $BACKEND in
	postgresql)
		# also the names before issue 21: migrator_check_<pid>_<random>
		sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(*) FROM pg_database
			WHERE datname ~ '^migrator_[a-z]+_([0-9]+_)?$1_[0-9a-f]{8}\$'"
		;;
	sqlite)
		# SQLite's temporary files go to SQLITE_TMPDIR; beside the
		# database there must be nothing new.
		{
			find "$SQLITE_TMPDIR" -mindepth 1
			ls -A "$BATS_TEST_TMPDIR" | grep -vxF -f "$BATS_TEST_TMPDIR/before"
		} | wc -l
		;;
	esac
}

@test "check interrupted by SIGINT, SIGTERM or SIGHUP at random moments leaves no scratch database (10 trials each)" {
	local seed trials t0 full_ms sig num trial delay pid st hit=0 done_first=0 total=0 left
	sh "$FAULT_DIR_TOOLS/gen_chain.sh" "$BATS_TEST_TMPDIR/chain" "$N_REVS"
	MIGS="$BATS_TEST_TMPDIR/chain"
	mg -q upgrade head
	export SQLITE_TMPDIR="$BATS_TEST_TMPDIR/tmp" TMPDIR="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$SQLITE_TMPDIR"
	touch "$BATS_TEST_TMPDIR/err"
	ls -A "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/before"
	echo before >>"$BATS_TEST_TMPDIR/before"
	seed=${FAULT_SEED:-$(($(od -An -N2 -tu2 /dev/urandom) + 0))}
	trials=${FAULT_TRIALS:-10}
	RANDOM=$seed
	echo "# $BACKEND: seed $seed (rerun with FAULT_SEED=$seed)" >&3

	t0=$(now_ms)
	run mg check
	full_ms=$(($(now_ms) - t0))
	assert_status 0
	assert_eq "$output" "no drift"
	echo "# $BACKEND: a full check takes $full_ms ms" >&3

	for sig in INT TERM HUP; do
		num=$(kill -l "$sig")
		for ((trial = 1; trial <= trials; trial++)); do
			total=$((total + 1))
			delay=$((full_ms * (RANDOM % 1000) / 1000))
			# bash starts background jobs with SIGINT ignored, and
			# migrator leaves an ignored signal ignored (nohup)
			env --default-signal=INT,TERM,HUP \
				"$MIGRATOR" -d "$DB_URL" -m "$MIGS" check \
				>/dev/null 2>"$BATS_TEST_TMPDIR/err" &
			pid=$!
			sleep_ms "$delay"
			kill -s "$sig" "$pid" 2>/dev/null || true
			st=0
			wait "$pid" || st=$?
			if [ "$st" -eq 0 ]; then
				# It finished first: runs are quicker than
				# measured (a busy machine makes timings
				# noisy), so aim earlier.
				done_first=$((done_first + 1))
				[ "$delay" -eq 0 ] || full_ms=$((delay * 9 / 10))
			elif [ "$st" -ne $((128 + num)) ]; then
				echo "SIG$sig trial $trial (seed $seed, after $delay ms): exit $st" >&2
				cat "$BATS_TEST_TMPDIR/err" >&2
				return 1
			fi
			# the signal came while the scratch database existed
			if grep -q "interrupted by a signal" "$BATS_TEST_TMPDIR/err"; then
				hit=$((hit + 1))
			fi
			left=$(scratch_left "$pid")
			if [ "$left" != 0 ]; then
				echo "SIG$sig trial $trial (seed $seed, after $delay ms): $left scratch database(s) of run $pid left" >&2
				[ "$BACKEND" = postgresql ] || ls -la "$SQLITE_TMPDIR" "$BATS_TEST_TMPDIR" >&2
				return 1
			fi
		done
	done
	echo "# $BACKEND: $total runs, $hit stopped while their scratch database existed, $done_first finished first, 0 scratch databases left" >&3
	# Most signals must land while the scratch database exists, or the
	# test proves little.
	[ "$hit" -ge $((total / 3)) ] ||
		fail "only $hit of $total signals came while a scratch database existed"
	# and the live database is untouched
	run --separate-stderr mg check
	assert_status 0
}

@test "dump --check interrupted by SIGINT leaves no scratch database" {
	local pid st delay full_ms t0 hit=0 left
	sh "$FAULT_DIR_TOOLS/gen_chain.sh" "$BATS_TEST_TMPDIR/chain" "$N_REVS"
	MIGS="$BATS_TEST_TMPDIR/chain"
	mg -q --schema-file "$BATS_TEST_TMPDIR/schema.sql" upgrade head
	export SQLITE_TMPDIR="$BATS_TEST_TMPDIR/tmp" TMPDIR="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$SQLITE_TMPDIR"
	touch "$BATS_TEST_TMPDIR/err"
	ls -A "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/before"
	echo before >>"$BATS_TEST_TMPDIR/before"
	t0=$(now_ms)
	run mg dump --check "$BATS_TEST_TMPDIR/schema.sql"
	full_ms=$(($(now_ms) - t0))
	assert_status 0
	# a signal at a random moment of the build, until one lands there
	for ((trial = 1; trial <= 10 && hit == 0; trial++)); do
		delay=$((full_ms * (RANDOM % 800) / 1000))
		env --default-signal=INT "$MIGRATOR" -d "$DB_URL" -m "$MIGS" \
			dump --check "$BATS_TEST_TMPDIR/schema.sql" \
			>/dev/null 2>"$BATS_TEST_TMPDIR/err" &
		pid=$!
		sleep_ms "$delay"
		kill -s INT "$pid" 2>/dev/null || true
		st=0
		wait "$pid" || st=$?
		[ "$st" -eq 0 ] || [ "$st" -eq 130 ] ||
			fail "exit $st: $(cat "$BATS_TEST_TMPDIR/err")"
		grep -q "interrupted by a signal" "$BATS_TEST_TMPDIR/err" && hit=1
		left=$(scratch_left "$pid")
		assert_eq "$left" 0
	done
	[ "$hit" = 1 ] || fail "no signal came while a scratch database existed"
}
