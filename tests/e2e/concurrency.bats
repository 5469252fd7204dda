#!/usr/bin/env bats
# concurrency.bats - many replicas run "upgrade head" at once at start-up:
# each revision is applied exactly once and every runner succeeds
# (DESIGN 6: PostgreSQL's advisory lock, SQLite's write lock and busy wait).

load helpers

# runners N ARGS...: starts N migrators at once, waits for all; each one's
# exit status lands in $BATS_TEST_TMPDIR/rc.I, its stderr in err.I.  A
# runner still waiting after 120 s counts as hung (exit 124).
runners() {
	local n=$1 i
	shift
	for ((i = 1; i <= n; i++)); do
		(
			timeout 120 "$MIGRATOR" "$@" >"$BATS_TEST_TMPDIR/out.$i" 2>"$BATS_TEST_TMPDIR/err.$i"
			echo $? >"$BATS_TEST_TMPDIR/rc.$i"
		) &
	done
	wait
}

# all_succeeded N: every runner exited 0 (else show what they said).
all_succeeded() {
	local i bad=0
	for ((i = 1; i <= $1; i++)); do
		if [ "$(cat "$BATS_TEST_TMPDIR/rc.$i")" != 0 ]; then
			echo "runner $i exited $(cat "$BATS_TEST_TMPDIR/rc.$i"):" >&2
			cat "$BATS_TEST_TMPDIR/err.$i" >&2
			bad=1
		fi
	done
	return $bad
}

@test "8 concurrent upgrade head runners apply each revision exactly once, all exit 0" {
	MIGS="$FIXTURES/e2e_concurrent"
	runners 8 -d "$DB_URL" -m "$MIGS" upgrade head
	all_succeeded 8
	assert_eq "$(stamp)" c0c0c0c0c005
	assert_eq "$(sql "SELECT rev || ':' || count(*) FROM run_log GROUP BY rev ORDER BY rev" | tr '\n' ' ')" \
		"c0c0c0c0c001:1 c0c0c0c0c002:1 c0c0c0c0c003:1 c0c0c0c0c004:1 c0c0c0c0c005:1 "
}

@test "8 concurrent runners on a database half way: the rest runs once" {
	MIGS="$FIXTURES/e2e_concurrent"
	mg upgrade c0c0c0c0c002
	runners 8 -d "$DB_URL" -m "$MIGS" upgrade head
	all_succeeded 8
	assert_eq "$(stamp)" c0c0c0c0c005
	assert_eq "$(sql "SELECT count(*) FROM run_log")" 5
	assert_eq "$(sql "SELECT count(DISTINCT rev) FROM run_log")" 5
}
