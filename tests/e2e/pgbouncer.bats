#!/usr/bin/env bats
# pgbouncer.bats - migrator behind Debian's PgBouncer (tests/pgbouncer.sh),
# in session and in transaction pooling mode, in front of the test server.
# In both modes: 8 concurrent runners apply each revision exactly once (the
# history table says so); no advisory lock stays held on the server
# afterwards (pg_locks, read on the server directly); a runner killed with
# SIGKILL in the middle of a revision leaves no lock for the next one; a
# waiter gives up after --lock-timeout; a transactional false revision
# is refused before anything runs, naming the server's own URL, which then
# works; a run lock that times out in a later revision's begin is not
# retried as a DDL lock timeout would be.  In session pooling with the pool
# full, a DDL lock timeout fails after --ddl-lock-timeout (no lock watch
# waits for a server connection).  In transaction pooling a transactional
# false revision without statements sends no session setting (nor its
# RESET).  See the README, "Connection poolers".

load helpers

setup_file() {
	local mode dir
	[ "${MIGRATOR_TEST_BACKEND:-}" = postgresql ] ||
		{ echo "this suite runs on postgresql only" >&2; return 1; }
	# The server's socket directory and port, from the server itself.
	PGB_SERVER_HOST=$(psql -X -A -t "$MIGRATOR_TEST_PG_URL" \
		-c "SELECT split_part(current_setting('unix_socket_directories'), ',', 1)")
	PGB_SERVER_PORT=$(psql -X -A -t "$MIGRATOR_TEST_PG_URL" -c "SHOW port")
	[ -n "$PGB_SERVER_HOST" ] && [ -n "$PGB_SERVER_PORT" ] ||
		{ echo "cannot read the server's socket directory and port" >&2; return 1; }
	for mode in session transaction; do
		dir=$(mktemp -d /tmp/migrator-pgbouncer.XXXXXX) || return 1
		echo "$dir" >"$BATS_FILE_TMPDIR/pgb_dir.$mode"
		PGHOST=$PGB_SERVER_HOST PGPORT=$PGB_SERVER_PORT \
			sh "$TOP_SRCDIR/tests/pgbouncer.sh" start "$dir" "$mode" || return 1
	done
}

teardown_file() {
	local mode dir
	for mode in session transaction; do
		[ -f "$BATS_FILE_TMPDIR/pgb_dir.$mode" ] || continue
		dir=$(cat "$BATS_FILE_TMPDIR/pgb_dir.$mode")
		sh "$TOP_SRCDIR/tests/pgbouncer.sh" stop "$dir"
		rm -rf "$dir"
	done
}

setup() {
	e2e_setup
	require_backend postgresql
	DB_NAME=${DB_URL##*dbname=}
}

# pgb_url MODE: this test's database through PgBouncer in MODE.
pgb_url() {
	local dir port
	dir=$(cat "$BATS_FILE_TMPDIR/pgb_dir.$1")
	port=$(sh "$TOP_SRCDIR/tests/pgbouncer.sh" port "$dir")
	echo "postgresql://migrator@127.0.0.1:$port/$DB_NAME"
}

# advisory_locks: advisory locks held in this test's database, as the
# server sees them (not through PgBouncer).
advisory_locks() {
	sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(*) FROM pg_locks
		WHERE locktype = 'advisory' AND database =
		(SELECT oid FROM pg_database WHERE datname = '$DB_NAME')"
}

# runners N URL ARGS...: N migrators at once on URL; exit statuses in
# rc.I, stderr in err.I; a runner still going after 120 s counts as hung.
runners() {
	local n=$1 url=$2 i
	shift 2
	for ((i = 1; i <= n; i++)); do
		(
			timeout 120 "$MIGRATOR" -d "$url" "$@" >"$BATS_TEST_TMPDIR/out.$i" 2>"$BATS_TEST_TMPDIR/err.$i"
			echo $? >"$BATS_TEST_TMPDIR/rc.$i"
		) &
	done
	wait
	for ((i = 1; i <= n; i++)); do
		[ "$(cat "$BATS_TEST_TMPDIR/rc.$i")" = 0 ] || {
			echo "runner $i exited $(cat "$BATS_TEST_TMPDIR/rc.$i"):" >&2
			cat "$BATS_TEST_TMPDIR/err.$i" >&2
			return 1
		}
	done
}

eight_runners() {
	local url
	url=$(pgb_url "$1")
	runners 8 "$url" -m "$FIXTURES/e2e_concurrent" upgrade head
	assert_eq "$(stamp)" c0c0c0c0c005
	# each revision ran once: its log row and its history row
	assert_eq "$(sql "SELECT rev || ':' || count(*) FROM run_log GROUP BY rev ORDER BY rev" | tr '\n' ' ')" \
		"c0c0c0c0c001:1 c0c0c0c0c002:1 c0c0c0c0c003:1 c0c0c0c0c004:1 c0c0c0c0c005:1 "
	assert_eq "$(sql "SELECT revision || ':' || count(*) FROM migrator_history
		WHERE direction = 'upgrade' GROUP BY revision ORDER BY revision" | tr '\n' ' ')" \
		"c0c0c0c0c001:1 c0c0c0c0c002:1 c0c0c0c0c003:1 c0c0c0c0c004:1 c0c0c0c0c005:1 "
	# PgBouncer keeps its server connections: none holds a lock
	assert_eq "$(advisory_locks)" 0
	# and the next runs, a no-op then a downgrade, get the lock at once
	runners 4 "$url" -m "$FIXTURES/e2e_concurrent" --lock-timeout 10 upgrade head
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$FIXTURES/e2e_concurrent" \
		--lock-timeout 10 downgrade c0c0c0c0c004
	assert_status 0
	assert_eq "$(stamp)" c0c0c0c0c004
	assert_eq "$(advisory_locks)" 0
}

@test "pgbouncer session pooling: 8 concurrent runners apply each revision once, no lock stays" {
	eight_runners session
}

@test "pgbouncer transaction pooling: 8 concurrent runners apply each revision once, no lock stays" {
	eight_runners transaction
}

# killed_runner MODE: a runner killed with SIGKILL while its second
# revision sleeps on the server; the next runner gets the lock once that
# server process has ended its statement, and completes.
killed_runner() {
	local url pid i start waited
	url=$(pgb_url "$1")
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir "$MIGS"
	printf -- '-- migrator:revision 4b1100000001\n\n-- migrator:upgrade\nCREATE TABLE k1 (id int);\n\n-- migrator:downgrade\nDROP TABLE k1;\n' \
		>"$MIGS/4b1100000001_k1.sql"
	printf -- '-- migrator:revision 4b1100000002\n-- migrator:down_revision 4b1100000001\n\n-- migrator:upgrade\nCREATE TABLE k2 (id int);\nSELECT pg_sleep(3);\n\n-- migrator:downgrade\nDROP TABLE k2;\n' \
		>"$MIGS/4b1100000002_k2.sql"
	printf -- '-- migrator:revision 4b1100000003\n-- migrator:down_revision 4b1100000002\n\n-- migrator:upgrade\nCREATE TABLE k3 (id int);\n\n-- migrator:downgrade\nDROP TABLE k3;\n' \
		>"$MIGS/4b1100000003_k3.sql"
	"$MIGRATOR" -d "$url" -m "$MIGS" upgrade head >/dev/null 2>&1 &
	pid=$!
	# wait (at most 30 s) until the server runs the sleep, then kill
	for ((i = 0; i < 300; i++)); do
		[ "$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(*) FROM pg_stat_activity
			WHERE datname = '$DB_NAME' AND query LIKE 'SELECT pg_sleep(3)%'")" = 1 ] && break
		sleep 0.1
	done
	[ "$i" -lt 300 ] || fail "the runner never reached its second revision"
	[ "$(advisory_locks)" = 1 ] || fail "the running revision holds no lock"
	kill -9 "$pid"
	wait "$pid" || true
	start=$(date +%s%N)
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$MIGS" --lock-timeout 30 upgrade head
	waited=$((($(date +%s%N) - start) / 1000000))
	echo "the next runner took $waited ms" >&3
	assert_status 0
	[ "$waited" -lt 20000 ] || fail "the next runner took $waited ms"
	assert_eq "$(stamp)" 4b1100000003
	# the killed revision rolled back: it ran once, by the second runner
	assert_eq "$(sql "SELECT count(*) FROM migrator_history WHERE revision = '4b1100000002'")" 1
	assert_eq "$(advisory_locks)" 0
}

@test "pgbouncer session pooling: a runner killed with SIGKILL leaves no lock for the next one" {
	killed_runner session
}

@test "pgbouncer transaction pooling: a runner killed with SIGKILL leaves no lock for the next one" {
	killed_runner transaction
}

# server_pids PATTERN: the server processes of this test's database whose
# query is like PATTERN, as the server sees them.
server_pids() {
	sql_on "$MIGRATOR_TEST_PG_URL" "SELECT pid FROM pg_stat_activity
		WHERE datname = '$DB_NAME' AND query LIKE '$1'
		AND pid <> pg_backend_pid()"
}

# wait_for_query PATTERN: until a server process of this test's database
# runs a query like PATTERN (at most 30 s).
wait_for_query() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ -n "$(server_pids "$1")" ] && return 0
		sleep 0.1
	done
	fail "no server process ran $1"
}

# end_queries PATTERN: the server processes running a query like PATTERN
# are terminated (what the tests' helpers hold).
end_queries() {
	sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(pg_terminate_backend(pid))
		FROM pg_stat_activity WHERE datname = '$DB_NAME'
		AND query LIKE '$1' AND pid <> pg_backend_pid()" >/dev/null
}

# lock_wait MODE: while one runner's revision holds the lock for 4 s, a
# runner with --lock-timeout 1 gives up after about 1 s (exit 1, naming the
# lock's holder) and leaves nothing; the first one completes.
lock_wait() {
	local url pid start waited
	url=$(pgb_url "$1")
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir "$MIGS"
	printf -- '-- migrator:revision 10c100000001\n\n-- migrator:upgrade\nCREATE TABLE w1 (id int);\nSELECT pg_sleep(4);\n\n-- migrator:downgrade\nDROP TABLE w1;\n' \
		>"$MIGS/10c100000001_w1.sql"
	"$MIGRATOR" -d "$url" -m "$MIGS" upgrade head >/dev/null 2>&1 &
	pid=$!
	wait_for_query 'SELECT pg_sleep(4)%'
	start=$(date +%s%N)
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$MIGS" --lock-timeout 1 upgrade head
	waited=$((($(date +%s%N) - start) / 1000000))
	echo "the waiter gave up after $waited ms" >&3
	assert_status 1
	assert_error "timed out after 1 s waiting for the migration lock"
	assert_match "$stderr" "The lock is held by server process [0-9]+"
	[ "$waited" -ge 1000 ] && [ "$waited" -lt 3500 ] || fail "gave up after $waited ms"
	wait "$pid" || fail "the first runner failed"
	assert_eq "$(stamp)" 10c100000001
	assert_eq "$(sql "SELECT count(*) FROM migrator_history")" 1
	assert_eq "$(advisory_locks)" 0
}

@test "pgbouncer session pooling: a waiter gives up after --lock-timeout, naming the holder" {
	lock_wait session
}

@test "pgbouncer transaction pooling: a waiter gives up after --lock-timeout, naming the holder" {
	lock_wait transaction
}

# nontx_refused MODE: a plan with a transactional false revision is refused
# before anything runs (not even the stamp table), saying why and naming
# the server's own URL; that URL then runs it.
nontx_refused() {
	local url direct
	url=$(pgb_url "$1")
	MIGS="$FIXTURES/e2e_pg_cic"
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$MIGS" upgrade head
	assert_status 1
	assert_error "e1c000000002_index_items_concurrently\.sql:11: revision e1c000000002 runs outside a transaction"
	assert_error "connection pooler"
	assert_error "nothing was run"
	assert_error "connects to the PostgreSQL server directly"
	assert_eq "$(stamp)" none
	assert_eq "$(tables)" ""
	# the hint's URL is the server's, and it works
	direct=$(printf '%s\n' "$stderr" | sed -n 's/.*the server reports itself as \([^ ]*\) (add the password.*/\1/p')
	[ -n "$direct" ] || fail "no URL in the hint"
	run --separate-stderr "$MIGRATOR" -d "$direct" -m "$MIGS" upgrade head
	assert_status 0
	assert_eq "$(stamp)" e1c000000003
	# what needs no statement outside a transaction still runs through the
	# pooler: the downgrade of e1c000000003 does
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$MIGS" downgrade e1c000000002
	assert_status 0
	assert_eq "$(stamp)" e1c000000002
	assert_eq "$(advisory_locks)" 0
}

@test "pgbouncer session pooling: a transactional false revision is refused before anything runs, naming the direct URL" {
	nontx_refused session
}

@test "pgbouncer transaction pooling: a transactional false revision is refused before anything runs, naming the direct URL" {
	nontx_refused transaction
}

@test "pgbouncer session pooling, pool full: a DDL lock timeout fails after --ddl-lock-timeout, saying that the holder is not named" {
	local url start waited holder occupant
	url=$(pgb_url session)
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir "$MIGS"
	printf -- '-- migrator:revision 1c0c00000001\n\n-- migrator:upgrade\nALTER TABLE held ADD COLUMN x int;\n\n-- migrator:downgrade\nALTER TABLE held DROP COLUMN x;\n' \
		>"$MIGS/1c0c00000001_x.sql"
	sql "CREATE TABLE held (id int)"
	# a session on the server itself holds the table's lock
	psql -X -q "$DB_URL" -c "BEGIN" -c "LOCK TABLE held" \
		-c "SELECT pg_sleep(40) /* holder */" >/dev/null 2>&1 &
	holder=$!
	wait_for_query '%pg_sleep(40) /* holder */%'
	# a client of PgBouncer keeps one of the pool's 2 server connections:
	# the runner gets the other, and there is none left for anything else
	psql -X -q "$url" -c "SELECT pg_sleep(40) /* occupant */" >/dev/null 2>&1 &
	occupant=$!
	wait_for_query '%pg_sleep(40) /* occupant */%'
	start=$(date +%s%N)
	run --separate-stderr timeout 60 "$MIGRATOR" -d "$url" -m "$MIGS" \
		--ddl-lock-timeout 2 --lock-retries 0 upgrade head
	waited=$((($(date +%s%N) - start) / 1000000))
	echo "the runner gave up after $waited ms" >&3
	end_queries '%pg_sleep(40) /* %'
	wait "$holder" "$occupant" || true
	assert_status 1
	assert_error "canceling statement due to lock timeout"
	assert_error "Behind a connection pooler migrator does not ask who holds the lock"
	[ "$waited" -ge 2000 ] && [ "$waited" -lt 12000 ] || fail "gave up after $waited ms"
	assert_eq "$(sql "SELECT count(*) FROM information_schema.columns
		WHERE table_name = 'held'")" 1
	assert_eq "$(advisory_locks)" 0
}

# begin_times_out MODE: a runner with --lock-timeout 1 (and lock retries)
# whose second revision cannot take the migration lock, because a session
# on the server took it as the first one committed, fails once after about
# 1 s: a run lock that timed out is not a DDL lock timeout to retry.
begin_times_out() {
	local url start waited taker pid rc
	url=$(pgb_url "$1")
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir "$MIGS"
	printf -- '-- migrator:revision 2b0000000001\n\n-- migrator:upgrade\nCREATE TABLE b1 (id int);\nSELECT pg_sleep(2);\n\n-- migrator:downgrade\nDROP TABLE b1;\n' \
		>"$MIGS/2b0000000001_b1.sql"
	printf -- '-- migrator:revision 2b0000000002\n-- migrator:down_revision 2b0000000001\n\n-- migrator:upgrade\nCREATE TABLE b2 (id int);\n\n-- migrator:downgrade\nDROP TABLE b2;\n' \
		>"$MIGS/2b0000000002_b2.sql"
	start=$(date +%s%N)
	"$MIGRATOR" -d "$url" -m "$MIGS" --lock-timeout 1 --lock-retries 3 \
		upgrade head >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	wait_for_query 'SELECT pg_sleep(2)%'
	# the migration lock (README, "Locking"), on the server itself: granted
	# as the first revision's transaction ends
	psql -X -q "$DB_URL" -c "SELECT pg_advisory_lock(1835495028, 1595259269), pg_sleep(40) /* taker */" \
		>/dev/null 2>&1 &
	taker=$!
	rc=0
	wait "$pid" || rc=$?
	waited=$((($(date +%s%N) - start) / 1000000))
	echo "the runner gave up after $waited ms" >&3
	end_queries '%pg_sleep(40) /* taker */%'
	wait "$taker" || true
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
	assert_eq "$rc" 1
	assert_error "timed out after 1 s waiting for the migration lock"
	! grep -q "could not get a lock in time" "$BATS_TEST_TMPDIR/err" ||
		fail "the run lock's timeout was retried"
	[ "$waited" -lt 7000 ] || fail "gave up after $waited ms"
	assert_eq "$(stamp)" 2b0000000001
}

@test "pgbouncer session pooling: a run lock that times out in a later revision's begin is not retried" {
	begin_times_out session
}

@test "pgbouncer transaction pooling: a run lock that times out in a later revision's begin is not retried" {
	begin_times_out transaction
}

@test "pgbouncer transaction pooling: a transactional false revision without statements sets no session timeout" {
	local url
	url=$(pgb_url transaction)
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir "$MIGS"
	printf -- '-- migrator:revision 3e0000000001\n-- migrator:transactional false\n-- migrator:lock_timeout 5s\n-- migrator:statement_timeout 1min\n\n-- migrator:upgrade\n-- nothing here yet\n\n-- migrator:downgrade\n' \
		>"$MIGS/3e0000000001_empty.sql"
	log_statements
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$MIGS" upgrade head
	assert_status 0
	assert_eq "$(stamp)" 3e0000000001
	# a set_config(..., false) and its RESET could reach different server
	# connections: neither is sent
	db_statements >"$BATS_TEST_TMPDIR/stmts"
	grep -q "migrator_version" "$BATS_TEST_TMPDIR/stmts" ||
		fail "the server logged none of the run's statements"
	! grep -Ei "set_config|RESET" "$BATS_TEST_TMPDIR/stmts" ||
		fail "a session timeout went out through the pooler"
}
