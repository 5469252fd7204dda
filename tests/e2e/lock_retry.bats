#!/usr/bin/env bats
# lock_retry.bats - lock timeouts with retries (issue 16), against a real
# blocker: a second session holds a lock on lr_things in an open
# transaction, migrator's ALTER TABLE waits for its own lock, times out,
# rolls back and runs the revision again after a wait, naming the blocker;
# meanwhile a third session reads lr_things every 0.1 s and each read is
# timed.  The reads that queue behind the waiting ALTER must complete
# within the lock timeout plus a margin (2 s: the machine may be loaded);
# the same reads without a lock timeout are shown to wait for the blocker,
# so the measure can fail.  A lock watch whose connect never completes
# (tests/stall_proxy.py) does not hold up the run.  PostgreSQL only: SQLite
# has no lock queue (its one wait is the busy timeout, --lock-timeout).

load helpers

# The lock timeout of the queue tests, and the margin a read may take
# beyond it, in ms.
LOCK_MS=1000
MARGIN_MS=2000

setup() {
	e2e_setup
	require_backend postgresql
	MIGS="$BATS_TEST_TMPDIR/m"
	mkdir -p "$MIGS"
	HOLDER= READER=
	rev lr0000000001 "" "CREATE TABLE lr_things (id int PRIMARY KEY, name text);
INSERT INTO lr_things SELECT g, 'n' || g FROM generate_series(1, 100) g;" \
		"DROP TABLE lr_things;"
	rev lr0000000002 lr0000000001 "ALTER TABLE lr_things ADD COLUMN colour text;" \
		"ALTER TABLE lr_things DROP COLUMN colour;"
	rev lr0000000003 lr0000000002 "CREATE TABLE lr_other (id int);" \
		"DROP TABLE lr_other;"
}

teardown() {
	# the blocker and the reader end with their sessions
	[ -z "$HOLDER" ] || kill "$HOLDER" 2>/dev/null || true
	[ -z "$READER" ] || kill "$READER" 2>/dev/null || true
	e2e_teardown
}

# rev ID PARENT UPGRADE DOWNGRADE [HEADER...]: a migration file.
rev() {
	local id=$1 parent=$2 up=$3 down=$4 h
	shift 4
	{
		echo "-- migrator:revision $id"
		[ -z "$parent" ] || echo "-- migrator:down_revision $parent"
		for h in "$@"; do echo "-- migrator:$h"; done
		printf '\n-- migrator:upgrade\n%s\n\n-- migrator:downgrade\n%s\n' "$up" "$down"
	} >"$MIGS/${id}_m.sql"
}

# hold_lock MODE SECONDS: a session (application_name lr_blocker) holds
# lr_things in MODE for SECONDS in an open transaction, in the background;
# returns once it holds it, with BLOCKER_PID its server process.
hold_lock() {
	PGAPPNAME=lr_blocker psql -X -q "$DB_URL" \
		-c "BEGIN; LOCK TABLE lr_things IN $1 MODE; SELECT pg_sleep($2); COMMIT;" \
		>/dev/null 2>&1 3>&- &
	HOLDER=$!
	for _ in $(seq 100); do
		BLOCKER_PID=$(sql "SELECT pid FROM pg_stat_activity WHERE application_name = 'lr_blocker' AND wait_event = 'PgSleep' AND datname = current_database()")
		[ -z "$BLOCKER_PID" ] || return 0
		sleep 0.1
	done
	fail "the blocker never took its lock"
}

# start_reads N: N reads of lr_things 0.1 s apart, each in its own
# transaction, in the background; psql times each (\timing).
start_reads() {
	local f="$BATS_TEST_TMPDIR/reads.sql"
	{
		echo '\timing on'
		for _ in $(seq "$1"); do
			echo 'SELECT count(*) FROM lr_things;'
			echo 'SELECT pg_sleep(0.1);'
		done
	} >"$f"
	PGAPPNAME=lr_reader psql -X -q -A -t -v ON_ERROR_STOP=1 "$DB_URL" -f "$f" \
		>"$BATS_TEST_TMPDIR/reads.out" 2>&1 3>&- &
	READER=$!
}

# read_times: waits for the reader, sets TIMES to each read's time in
# whole ms, one a line.  (Not in $(...): a subshell cannot wait for it.)
read_times() {
	wait "$READER" || { cat "$BATS_TEST_TMPDIR/reads.out" >&2; return 1; }
	READER=
	TIMES=$(read_file_times)
}

read_file_times() {
	# a count's row, then its "Time: 1.234 ms" line
	awk '/^[0-9]+$/ { want = 1; next }
	     /^Time: / { if (want) printf "%d\n", $2; want = 0 }' \
		"$BATS_TEST_TMPDIR/reads.out"
}

# upgrades_of REV: how many times the run history says REV was applied.
upgrades_of() {
	sql "SELECT count(*) FROM migrator_history WHERE revision = '$1' AND direction = 'upgrade'"
}

@test "lock queue: the ALTER times out and retries while a session holds a lock; reads never wait longer than the lock timeout; it succeeds once the blocker commits" {
	local times max n
	mg upgrade lr0000000001 >/dev/null
	hold_lock "ACCESS SHARE" 5
	start_reads 40
	run --separate-stderr mg --ddl-lock-timeout "${LOCK_MS}ms" --lock-retries 10 upgrade head
	read_times
	times=$TIMES
	wait "$HOLDER"
	HOLDER=
	assert_status 0
	# one line per retry, naming the blocker and its query
	assert_match "$stderr" "warning: revision lr0000000002 could not get a lock in time \(.*lr0000000002_m\.sql:5\), retry 1 of 10 in [0-9.]+ s: canceling statement due to lock timeout \(SQLSTATE 55P03\)\. Blocked by server process $BLOCKER_PID \(active, application_name \"lr_blocker\", in a transaction for [0-9]+ s\): BEGIN; LOCK TABLE lr_things IN ACCESS SHARE MODE; SELECT pg_sleep\(5\)"
	assert_no_match "$stderr" "error"
	# each revision applied once, the ALTER included
	assert_eq "$(stamp)" lr0000000003
	assert_match "$(columns lr_things)" colour
	for r in lr0000000001 lr0000000002 lr0000000003; do
		assert_eq "$(upgrades_of $r)" 1
	done
	# the reads: all ran, none waited longer than the lock timeout + margin
	n=$(printf '%s\n' "$times" | wc -l)
	max=$(printf '%s\n' "$times" | sort -n | tail -n 1)
	echo "# lock queue, lock timeout ${LOCK_MS} ms: $(grep -c 'retry' <<<"$stderr") retries, $n reads, slowest ${max} ms, over 100 ms: $(awk '$1 > 100' <<<"$times" | wc -l)" >&3
	assert_eq "$n" 40
	[ "$max" -lt $((LOCK_MS + MARGIN_MS)) ] ||
		fail "a read waited ${max} ms, more than the lock timeout ${LOCK_MS} ms + ${MARGIN_MS} ms: $(tr '\n' ' ' <<<"$times")"
}

@test "lock queue without a lock timeout (--ddl-lock-timeout 0): the reads wait for the blocker, as the measure above must be able to see" {
	local times max
	mg upgrade lr0000000001 >/dev/null
	hold_lock "ACCESS SHARE" 5
	start_reads 40
	run --separate-stderr mg --ddl-lock-timeout 0 upgrade head
	read_times
	times=$TIMES
	assert_status 0
	assert_no_match "$stderr" "retry"
	assert_eq "$(stamp)" lr0000000003
	max=$(printf '%s\n' "$times" | sort -n | tail -n 1)
	echo "# lock queue, no lock timeout: slowest read ${max} ms" >&3
	[ "$max" -ge $((LOCK_MS + MARGIN_MS)) ] ||
		fail "no read waited behind the ALTER (slowest ${max} ms): the measure cannot tell"
}

@test "retries exhausted: exit 1 naming the blocker, nothing of the revision applied, the stamp unchanged" {
	local before
	mg upgrade lr0000000001 >/dev/null
	before=$(fingerprint)
	hold_lock "ROW EXCLUSIVE" 60
	run --separate-stderr mg --ddl-lock-timeout 500ms --lock-retries 2 upgrade head
	assert_status 1
	assert_eq "$(grep -c 'could not get a lock in time' <<<"$stderr")" 2
	assert_match "$stderr" "retry 2 of 2 in"
	assert_error "lr0000000002_m\.sql:5: statement failed in revision lr0000000002"
	assert_match "$stderr" "detail: canceling statement due to lock timeout \(SQLSTATE 55P03\)\. Blocked by server process $BLOCKER_PID \(active, application_name \"lr_blocker\""
	assert_match "$stderr" "LOCK TABLE lr_things IN ROW EXCLUSIVE MODE"
	assert_match "$stderr" "hint: Revision lr0000000002 ran 3 times"
	assert_eq "$(stamp)" lr0000000001
	assert_no_match "$(columns lr_things)" colour
	refute_table lr_other
	assert_eq "$(upgrades_of lr0000000002)" 0
	assert_unchanged "$before"
	# --format json: the same error, exit code and SQLSTATE
	run --separate-stderr mg --ddl-lock-timeout 200ms --lock-retries 0 upgrade --format json head
	assert_status 1
	assert_match "$output" '"exit_code":1'
	assert_match "$output" '"sqlstate":"55P03"'
	assert_match "$output" "Blocked by server process $BLOCKER_PID"
	assert_no_match "$stderr" "retry"
	assert_eq "$(stamp)" lr0000000001
}

@test "a revision's -- migrator:lock_timeout overrides --ddl-lock-timeout" {
	local start waited
	rev lr0000000002 lr0000000001 "ALTER TABLE lr_things ADD COLUMN colour text;" \
		"ALTER TABLE lr_things DROP COLUMN colour;" "lock_timeout 300ms"
	mg upgrade lr0000000001 >/dev/null
	hold_lock "ACCESS SHARE" 60
	start=$SECONDS
	run --separate-stderr mg --ddl-lock-timeout 60 --lock-retries 0 upgrade head
	waited=$((SECONDS - start))
	assert_status 1
	assert_match "$stderr" "Blocked by server process $BLOCKER_PID"
	[ "$waited" -lt 20 ] || fail "waited ${waited} s: the file's 300ms did not apply"
	assert_eq "$(stamp)" lr0000000001
}

@test "-- migrator:statement_timeout stops a slow statement, without retries" {
	rev lr0000000002 lr0000000001 "SELECT pg_sleep(30);" "" "statement_timeout 1s"
	local start waited
	start=$SECONDS
	run --separate-stderr mg upgrade head
	waited=$((SECONDS - start))
	assert_status 1
	assert_error "lr0000000002_m\.sql:6: statement failed in revision lr0000000002"
	assert_match "$stderr" "canceling statement due to statement timeout \(SQLSTATE 57014\)"
	assert_no_match "$stderr" "retry"
	[ "$waited" -lt 20 ] || fail "the statement ran ${waited} s"
	assert_eq "$(stamp)" lr0000000001
	refute_table lr_other
}

@test "transactional false: the global lock timeout does not apply, and a failure is never retried" {
	rev lr0000000002 lr0000000001 "CREATE INDEX CONCURRENTLY lr_things_name_idx ON lr_things (name);" \
		"DROP INDEX CONCURRENTLY lr_things_name_idx;" "transactional false"
	mg upgrade lr0000000001 >/dev/null
	# CONCURRENTLY waits for SHARE UPDATE EXCLUSIVE: a SHARE lock holds it
	hold_lock SHARE 3
	run --separate-stderr mg --ddl-lock-timeout 500ms upgrade head
	wait "$HOLDER"
	HOLDER=
	assert_status 0
	assert_no_match "$stderr" "retry"
	assert_eq "$(stamp)" lr0000000003
	# its own lock_timeout applies per statement: fails once, no retry
	mg downgrade lr0000000001 >/dev/null
	rev lr0000000002 lr0000000001 "CREATE INDEX CONCURRENTLY lr_things_name_idx ON lr_things (name);" \
		"DROP INDEX CONCURRENTLY lr_things_name_idx;" "transactional false" "lock_timeout 500ms"
	hold_lock SHARE 60
	run --separate-stderr mg --lock-retries 5 upgrade head
	assert_status 1
	assert_no_match "$stderr" "retry"
	assert_match "$stderr" "Blocked by server process $BLOCKER_PID"
	assert_match "$stderr" "runs outside a transaction \(transactional false\)"
	assert_eq "$(stamp)" lr0000000001
}

@test "bad lock_timeout and statement_timeout values are refused with file and line, before anything runs" {
	local v
	for v in "lock_timeout 5" "lock_timeout 5 hours" "lock_timeout -1s" "lock_timeout 1.5s" \
		"statement_timeout 30d" "statement_timeout 2147484s" "lock_timeout"; do
		rev lr0000000002 lr0000000001 "ALTER TABLE lr_things ADD COLUMN colour text;" "" "$v"
		run --separate-stderr mg upgrade head
		assert_status 3
		assert_error "lr0000000002_m\.sql:3: invalid value \".*\" for migrator:${v%% *}"
		assert_match "$stderr" "hint: Write a whole number and its unit \(ms, s or min\)"
		refute_table migrator_version
	done
	rev lr0000000002 lr0000000001 "SELECT 1;" "" "lock_timeout 2 min" "statement_timeout 0"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" lr0000000003
}

@test "bad --ddl-lock-timeout, --lock-retries and config values: exit 2" {
	run --separate-stderr mg --ddl-lock-timeout 1.5 upgrade head
	assert_status 2
	assert_error "bad --ddl-lock-timeout \"1.5\""
	run --separate-stderr mg --lock-retries -1 upgrade head
	assert_status 2
	assert_error "bad --lock-retries \"-1\""
	printf '[migrator]\nddl_lock_timeout = 3 s\n' >bad.ini
	run --separate-stderr mg -c bad.ini upgrade head
	assert_status 2
	assert_error "bad.ini:2: bad ddl_lock_timeout \"3 s\""
	printf '[migrator]\nlock_retries = many\n' >bad.ini
	run --separate-stderr mg -c bad.ini upgrade head
	assert_status 2
	assert_error "bad.ini:2: bad lock_retries \"many\""
	refute_table migrator_version
}

@test "config keys ddl_lock_timeout and lock_retries apply, the command line wins" {
	mg upgrade lr0000000001 >/dev/null
	printf '[migrator]\nddl_lock_timeout = 200ms\nlock_retries = 1\n' >lr.ini
	hold_lock "ACCESS SHARE" 60
	run --separate-stderr mg -c lr.ini upgrade head
	assert_status 1
	assert_match "$stderr" "retry 1 of 1 in"
	assert_match "$stderr" "ran 2 times"
	run --separate-stderr mg -c lr.ini --lock-retries 0 upgrade head
	assert_status 1
	assert_no_match "$stderr" "retry"
	assert_match "$stderr" "ran 1 time "
}

@test "sqlite: the lock_timeout and statement_timeout keys are accepted and ignored, -v says so" {
	local url="sqlite:///$BATS_TEST_TMPDIR/lr.db"
	rev lr0000000001 "" "CREATE TABLE lr_things (id int PRIMARY KEY, name text);" \
		"DROP TABLE lr_things;"
	rev lr0000000002 lr0000000001 "ALTER TABLE lr_things ADD COLUMN colour text;" \
		"ALTER TABLE lr_things DROP COLUMN colour;" "lock_timeout 1s" "statement_timeout 5s"
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$MIGS" -v --ddl-lock-timeout 1 upgrade head
	assert_status 0
	assert_match "$stderr" "revision lr0000000002: lock_timeout and statement_timeout are ignored: the sqlite driver cannot bound a statement's waits"
	assert_eq "$(stamp_on "$url")" lr0000000003
}

@test "a lock watch that cannot connect does not hold up the run, whatever connect_timeout the URL sets" {
	local dir sock port i start waited proxy
	mg upgrade lr0000000001 >/dev/null
	hold_lock "ROW EXCLUSIVE" 60
	# migrator's connection reaches the server through a proxy that
	# answers its first client only: the watch's connect never completes
	dir=$(sql "SELECT split_part(current_setting('unix_socket_directories'), ',', 1)")
	sock="$dir/.s.PGSQL.$(sql "SHOW port")"
	python3 "$TOP_SRCDIR/tests/stall_proxy.py" "$BATS_TEST_TMPDIR/port" "$sock" 3>&- &
	proxy=$!
	for ((i = 0; i < 100; i++)); do
		[ -s "$BATS_TEST_TMPDIR/port" ] && break
		sleep 0.1
	done
	port=$(cat "$BATS_TEST_TMPDIR/port") || fail "the proxy did not start"
	start=$(date +%s%N)
	run --separate-stderr timeout 120 "$MIGRATOR" -m "$MIGS" \
		-d "postgresql://migrator@127.0.0.1:$port/${DB_URL##*dbname=}?connect_timeout=60" \
		--ddl-lock-timeout 1000ms --lock-retries 0 upgrade head
	waited=$((($(date +%s%N) - start) / 1000000))
	kill "$proxy"
	echo "# the run failed after $waited ms" >&3
	assert_status 1
	assert_error "canceling statement due to lock timeout"
	[ "$waited" -lt $((LOCK_MS + 5000)) ] || fail "the run took $waited ms"
	assert_eq "$(stamp)" lr0000000001
}

@test "a revision's statements in one pipeline (issue 19): the second waits for the lock, is named with its line and its blocker, nothing after it runs, and the retry succeeds" {
	mg upgrade lr0000000001 >/dev/null
	# a sequence's nextval survives a rollback: it shows whether the
	# statement after the blocked one ever ran
	sql "CREATE SEQUENCE lr_seq" >/dev/null
	rev lr0000000002 lr0000000001 "CREATE TABLE lr_new (id int);
ALTER TABLE lr_things ADD COLUMN colour text;
SELECT nextval('lr_seq');" "ALTER TABLE lr_things DROP COLUMN colour;"
	hold_lock "ACCESS SHARE" 60
	run --separate-stderr mg --ddl-lock-timeout 300ms --lock-retries 1 upgrade lr0000000002
	assert_status 1
	assert_match "$stderr" "could not get a lock in time \(.*lr0000000002_m\.sql:6\), retry 1 of 1"
	assert_error "lr0000000002_m\.sql:6: statement failed in revision lr0000000002"
	assert_match "$stderr" "Blocked by server process $BLOCKER_PID \(active, application_name \"lr_blocker\""
	assert_eq "$(stamp)" lr0000000001
	refute_table lr_new
	assert_eq "$(sql "SELECT is_called FROM lr_seq")" f
	assert_eq "$(upgrades_of lr0000000002)" 0
	# the blocker's session ends (its client alone would leave it asleep)
	sql "SELECT pg_terminate_backend($BLOCKER_PID)" >/dev/null
	wait "$HOLDER" 2>/dev/null || :
	HOLDER=
	run --separate-stderr mg upgrade lr0000000002
	assert_status 0
	assert_eq "$(sql "SELECT last_value FROM lr_seq")" 1
	assert_match "$(columns lr_things)" colour
}

@test "a revision's statements in one pipeline: a notice before the blocked statement does not end the lock watch; the blocker is named" {
	mg upgrade lr0000000001 >/dev/null
	# the server sends a notice, and the answers before it, at once: the
	# watch must go on looking while the statement after it waits
	rev lr0000000002 lr0000000001 "DO \$\$ BEGIN RAISE NOTICE 'first'; END \$\$;
ALTER TABLE lr_things ADD COLUMN colour text;" "ALTER TABLE lr_things DROP COLUMN colour;"
	hold_lock "ACCESS SHARE" 60
	run --separate-stderr mg --ddl-lock-timeout 300ms --lock-retries 0 upgrade lr0000000002
	assert_status 1
	assert_error "lr0000000002_m\.sql:6: statement failed in revision lr0000000002"
	assert_match "$stderr" "Blocked by server process $BLOCKER_PID \(active, application_name \"lr_blocker\""
	assert_eq "$(stamp)" lr0000000001
}
