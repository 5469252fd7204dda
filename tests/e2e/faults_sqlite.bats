#!/usr/bin/env bats
# faults_sqlite.bats - SQLite only (issue 5, item 3): a database locked by
# another process for longer than the busy timeout, a read-only file or
# directory, a full disk and the file size limit.  Each must end with a
# clear message and exit 1, and leave nothing half-written: the stamp
# matches the schema (migrator check) and PRAGMA integrity_check is ok.
#
# As root, permission bits do not stop writes: the tests then use the
# immutable attribute (chattr +i) and a small tmpfs (mount), which CI, also
# root, allows.  Not root, they use chmod, and RLIMIT_FSIZE for the full
# disk.

load helpers
load ../fault/fault_helpers

setup() {
	e2e_setup
	require_backend sqlite
	HOLDER_PID=
}

teardown() {
	release_lock
	fault_teardown
}

# hold_lock MODE: another process (the sqlite3 CLI, fed through a FIFO)
# opens the database and runs BEGIN MODE (IMMEDIATE: the write lock;
# EXCLUSIVE: readers are shut out too), keeping it until release_lock.
hold_lock() {
	local try
	mkfifo "$BATS_TEST_TMPDIR/holder.in"
	"$SQLITE" -batch "$DB_PATH" <"$BATS_TEST_TMPDIR/holder.in" \
		>"$BATS_TEST_TMPDIR/holder.out" 2>&1 &
	HOLDER_PID=$!
	exec 8>"$BATS_TEST_TMPDIR/holder.in"
	# An EXCLUSIVE lock is only taken at the first write.  The busy
	# timeout lets the holder's BEGIN wait out a probe below that holds
	# the lock at that moment: without it, BEGIN failed, the CREATE ran
	# in autocommit, and the probe saw the lock only in passing (a rare
	# flake under the sanitizers: "current" then read the stamp).
	printf '.timeout 10000\nBEGIN %s;\nCREATE TABLE holder_was_here (x);\n' "$1" >&8
	# Wait until the lock is held: a write with no busy timeout fails.
	for ((try = 0; try < 100; try++)); do
		if ! "$SQLITE" -batch "$DB_PATH" "BEGIN IMMEDIATE; ROLLBACK" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	fail "the sqlite3 CLI did not take the lock"
}

release_lock() {
	[ -n "${HOLDER_PID:-}" ] || return 0
	exec 8>&- # end of input: the CLI rolls back and exits
	wait "$HOLDER_PID" 2>/dev/null || true
	HOLDER_PID=
}

# consistent: the stamp matches the schema, and the file is sound.
consistent() {
	run --separate-stderr mg check
	assert_status 0
	integrity_ok "$DB_PATH"
}

@test "sqlite: write lock held longer than --lock-timeout: exit 1 naming the lock, then a rerun works" {
	local t0 took before
	mg upgrade "$R2" >/dev/null
	hold_lock IMMEDIATE
	before=$(stamp)
	t0=$(now_ms)
	run --separate-stderr mg --lock-timeout 1 upgrade head
	took=$(($(now_ms) - t0))
	assert_status 1
	assert_error "database is locked: no write lock after waiting 1000 ms"
	assert_match "$stderr" "--lock-timeout"
	# It waited for the lock (the busy timeout), but not much longer.
	[ "$took" -ge 1000 ] || fail "gave up after $took ms, before the 1 s timeout"
	[ "$took" -lt 15000 ] || fail "took $took ms for a 1 s timeout"
	assert_eq "$(stamp)" "$before"
	release_lock
	consistent
	refute_table holder_was_here
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
}

@test "sqlite: an exclusive lock shuts out readers too: current exits 1 with a clear message" {
	mg upgrade "$R2" >/dev/null
	hold_lock EXCLUSIVE
	run --separate-stderr mg --lock-timeout 1 current
	assert_status 1
	assert_error "database is locked"
	assert_match "$stderr" "Another connection holds a lock on .*/t\.db; this one waited 1000 ms"
	assert_match "$stderr" "--lock-timeout"
	run --separate-stderr mg --lock-timeout 1 upgrade head
	assert_status 1
	assert_error "database is locked"
	release_lock
	assert_eq "$(stamp)" "$R2"
	consistent
}

# Issue 21, defect 1: upgrade opened the file twice (without, then with
# O_CREAT) and each open waited the whole busy timeout: 2 x --lock-timeout.
# Every command must wait the timeout once, and say the wait it made.
@test "sqlite: an exclusive lock: every command waits --lock-timeout once, not twice, and says so" {
	local t0 took cmd
	mg upgrade "$R2" >/dev/null
	hold_lock EXCLUSIVE
	for cmd in "upgrade head" "upgrade --dry-run head" "downgrade base" \
		"current" "stamp head" "check"; do
		t0=$(now_ms)
		# shellcheck disable=SC2086 # cmd is words on purpose
		run --separate-stderr mg --lock-timeout 2 $cmd
		took=$(($(now_ms) - t0))
		echo "# $cmd: $took ms" >&3 # the figure for the README
		[ "$status" -eq 1 ] || fail "$cmd: exit $status, expected 1: $stderr"
		assert_match "$stderr" "database is locked"
		assert_match "$stderr" "this one waited 2000 ms"
		[ "$took" -ge 2000 ] || fail "$cmd: gave up after $took ms, before the 2 s timeout"
		# One wait, with slack for start-up: twice the timeout fails.
		[ "$took" -lt 3500 ] || fail "$cmd: took $took ms for a 2 s timeout (waited twice?)"
	done
	release_lock
	assert_eq "$(stamp)" "$R2"
	consistent
}

@test "sqlite: a read-only database file: exit 1 naming the file before a statement runs; reads and no-op upgrades work" {
	local before
	mg upgrade "$R3" >/dev/null
	before=$(fingerprint)
	make_readonly "$DB_PATH"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "statement failed in revision $R4"
	assert_match "$stderr" "database file .*/t\.db is read-only"
	assert_match "$stderr" "hint: Commands that only read"
	run --separate-stderr mg stamp head
	assert_status 1
	assert_error "attempt to write a readonly database"
	assert_match "$stderr" "may not write to .*/t\.db"
	run --separate-stderr mg downgrade base
	assert_status 1
	assert_error "statement failed in revision $R3"
	assert_match "$stderr" "is read-only"
	run --separate-stderr mg current
	assert_status 0
	assert_match "$output" "^$R3"
	# Already there, "upgrade" has nothing to write and succeeds (replicas
	# starting up on a read-only copy).
	run --separate-stderr mg upgrade "$R3"
	assert_status 0
	run --separate-stderr mg upgrade --dry-run head
	assert_status 0
	consistent
	assert_unchanged "$before"
}

@test "sqlite: a read-only directory: exit 1 saying the journal cannot be created; nothing half-written" {
	local before
	mkdir "$BATS_TEST_TMPDIR/ro"
	DB_PATH="$BATS_TEST_TMPDIR/ro/t.db"
	DB_URL="sqlite:///$DB_PATH"
	mg upgrade "$R3" >/dev/null
	before=$(fingerprint)
	make_readonly "$BATS_TEST_TMPDIR/ro"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "statement failed in revision $R4"
	assert_match "$stderr" "cannot create its journal file beside .*/ro/t\.db"
	assert_match "$stderr" "directory must be writable"
	assert_eq "$(stamp)" "$R3"
	consistent
	assert_unchanged "$before"
	# A new database cannot be created there either.
	run --separate-stderr "$MIGRATOR" -d "sqlite:///$BATS_TEST_TMPDIR/ro/new.db" -m "$MIGS" upgrade head
	assert_status 1
	assert_error "cannot create database file .*/ro/new\.db"
	[ ! -e "$BATS_TEST_TMPDIR/ro/new.db" ]
}

# full_disk_run [WRAPPER...]: runs the 300-revision chain into $DB_PATH,
# which lies on a file system or under a limit too small for it; the run
# must fail cleanly.  Its stderr is left in FULL_ERR.
full_disk_run() {
	sh "$FAULT_DIR_TOOLS/gen_chain.sh" "$BATS_TEST_TMPDIR/chain" 300
	MIGS="$BATS_TEST_TMPDIR/chain"
	run --separate-stderr "$@" "$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade head
	assert_status 1
	FULL_ERR=$stderr
	assert_no_match "$stderr" "[Ss]egmentation|[Aa]borted|core dumped|[Ff]ile size limit exceeded"
	assert_match "$stderr" "migrator: error: .*(commit|statement) failed in revision fa"
	# Stopped part-way: some revisions ran, and the stamp says which.
	k=$(stamp_chain_index "$DB_URL")
	[ "$k" -gt 0 ] && [ "$k" -lt 300 ] || fail "stamp at revision $k of 300"
	assert_eq "$(chain_tables_on "$DB_URL")" "$k $k"
	consistent
}

# The file size limit for a run, in 1024-byte blocks (bash's ulimit -f).
limited() {
	local blocks=$1
	shift
	(ulimit -f "$blocks" && exec "$@")
}

@test "sqlite: a full disk (a 400 KB tmpfs): exit 1, no space left, stamp matches schema, file intact" {
	if ! mount_tmpfs "$BATS_TEST_TMPDIR/small" 400k; then
		# No mount allowed: a file size limit stands in for the disk.
		echo "# cannot mount a tmpfs here: using RLIMIT_FSIZE instead" >&3
		DB_PATH="$BATS_TEST_TMPDIR/t.db"
		DB_URL="sqlite:///$DB_PATH"
		full_disk_run limited 400
		return
	fi
	DB_PATH="$BATS_TEST_TMPDIR/small/t.db"
	DB_URL="sqlite:///$DB_PATH"
	full_disk_run
	assert_match "$FULL_ERR" "database or disk is full"
	assert_match "$FULL_ERR" "No space is left for .*/small/t\.db"
	# Space freed (the tmpfs grown), the rerun goes on from there.
	mount -o remount,size=8m "$BATS_TEST_TMPDIR/small"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp_chain_index "$DB_URL")" 300
	integrity_ok "$DB_PATH"
}

@test "sqlite: the file size limit (ulimit -f): EFBIG, not a SIGXFSZ death; exit 1, stamp matches schema" {
	full_disk_run limited 300
	assert_match "$FULL_ERR" "disk I/O error"
	assert_match "$FULL_ERR" "file size limit \(ulimit -f\)"
	# Without the limit, the rerun completes.
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp_chain_index "$DB_URL")" 300
	integrity_ok "$DB_PATH"
}
