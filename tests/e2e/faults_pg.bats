#!/usr/bin/env bats
# faults_pg.bats - PostgreSQL only (issue 5, item 3): the runner's
# connection is terminated from a second session (pg_terminate_backend)
# while a revision runs.  The run must exit 1 with a clear message, the
# revision must be rolled back with its stamp, and a rerun must complete.

load helpers
load ../fault/fault_helpers

setup() {
	e2e_setup
	require_backend postgresql
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir -p "$MIGS"
	# Revision 2 sleeps for as long as the database's migrator_test.pace
	# setting says (pace SECONDS): 60 s for the run that is terminated,
	# 0 for the rerun.  A setting, not a table the migrations fill, so
	# that check's scratch database, which replays them, never sleeps.
	cat >"$MIGS/fb0000000001_first.sql" <<-'SQL'
		-- migrator:revision fb0000000001
		-- migrator:upgrade
		CREATE TABLE first_done (id int);
		-- migrator:downgrade
		DROP TABLE first_done;
	SQL
	cat >"$MIGS/fb0000000002_slow.sql" <<-'SQL'
		-- migrator:revision fb0000000002
		-- migrator:down_revision fb0000000001
		-- migrator:upgrade
		CREATE TABLE slow_done (id int PRIMARY KEY);
		SELECT pg_sleep(coalesce(current_setting('migrator_test.pace', true)::float, 0));
		INSERT INTO slow_done VALUES (1);
		-- migrator:downgrade
		DROP TABLE slow_done;
	SQL
	cat >"$MIGS/fb0000000003_after.sql" <<-'SQL'
		-- migrator:revision fb0000000003
		-- migrator:down_revision fb0000000002
		-- migrator:upgrade
		CREATE TABLE after_slow (id int);
		-- migrator:downgrade
		DROP TABLE after_slow;
	SQL
}

teardown() {
	[ -z "${SILENT_PID:-}" ] || kill "$SILENT_PID" 2>/dev/null || true
	fault_teardown
	drop_roles
}

# silent_server: starts tests/fault/silent_server (accepts TCP on
# 127.0.0.1, never answers) and sets SILENT_PORT and SILENT_URL, whose
# password must never be printed.
silent_server() {
	local try
	"${CC:-cc}" -o "$BATS_TEST_TMPDIR/silent_server" "$FAULT_DIR_TOOLS/silent_server.c"
	"$BATS_TEST_TMPDIR/silent_server" "$BATS_TEST_TMPDIR/silent.port" &
	SILENT_PID=$!
	for ((try = 0; try < 50; try++)); do
		[ -s "$BATS_TEST_TMPDIR/silent.port" ] && break
		sleep 0.1
	done
	SILENT_PORT=$(cat "$BATS_TEST_TMPDIR/silent.port")
	[ -n "$SILENT_PORT" ] || fail "the silent server did not start"
	SILENT_URL="postgresql://someone:Hush9pw@127.0.0.1:$SILENT_PORT/db"
}

# timed_out SECONDS COMMAND...: runs migrator against the silent server
# and checks that it gave up after SECONDS (at most 1.5 x SECONDS, plus
# 0.5 s for start-up), with exit 1 and a message naming host and port.
timed_out() {
	local secs=$1 t0 took
	shift
	t0=$(now_ms)
	run --separate-stderr "$MIGRATOR" -m "$MIGS" "$@"
	took=$(($(now_ms) - t0))
	echo "# $*: $took ms" >&3 # the figure for the README
	[ "$status" -eq 1 ] || fail "$*: exit $status, expected 1: $stderr"
	assert_error "could not connect to the server at 127\.0\.0\.1, port $SILENT_PORT: no answer within $secs s"
	assert_match "$stderr" "timeout expired"
	assert_match "$stderr" "--connect-timeout"
	[[ "$output$stderr" != *Hush9pw* ]] || fail "$*: the password was printed: $stderr"
	[ "$took" -ge $((secs * 1000)) ] || fail "$*: gave up after $took ms, before $secs s"
	[ "$took" -lt $((secs * 1500 + 500)) ] || fail "$*: took $took ms for a $secs s connect timeout"
}

# pace SECONDS: how long revision 2 (and 4's downgrade) sleep in sessions
# that start from now on.
pace() {
	sql "ALTER DATABASE \"${DB_URL##*dbname=}\" SET migrator_test.pace = '$1'"
}

# backend_running SQL_LIKE: the pid of the backend of this test's
# database whose query matches, waiting up to 30 s for it.
backend_running() {
	local db=${DB_URL##*dbname=} pid try
	for ((try = 0; try < 300; try++)); do
		pid=$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT pid FROM pg_stat_activity
			WHERE datname = '$db' AND state = 'active'
			AND query LIKE '$1' AND pid <> pg_backend_pid() LIMIT 1")
		if [ -n "$pid" ]; then
			echo "$pid"
			return 0
		fi
		sleep 0.1
	done
	echo "no backend running \"$1\" after 30 s" >&2
	return 1
}

@test "pg: connection terminated mid-migration: exit 1, clear message, stamp consistent, rerun completes" {
	local pid bpid st t0
	pace 60
	t0=$(now_ms)
	"$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade head \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	bpid=$(backend_running '%pg_sleep%') || { kill -9 "$pid"; return 1; }
	assert_eq "$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT pg_terminate_backend($bpid)")" t
	st=0
	wait "$pid" || st=$?
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
	output=$(cat "$BATS_TEST_TMPDIR/out")
	status=$st
	assert_status 1
	# Well before the 60 s sleep would have ended.
	[ $(($(now_ms) - t0)) -lt 30000 ] || fail "the runner did not notice the lost connection"
	assert_error "fb0000000002_slow\.sql:5: statement failed"
	assert_match "$stderr" "connection to the server was lost"
	assert_match "$stderr" "terminating connection due to administrator command"
	assert_match "$stderr" "hint: The session ended .* rolled back"
	assert_no_match "$stderr" "[Ss]egmentation|[Aa]borted|core dumped"
	# Revision 2 rolled back with its stamp; revision 1 stays.
	assert_eq "$(stamp)" fb0000000001
	refute_table slow_done
	run --separate-stderr mg check
	assert_status 0
	# The rerun completes (without the sleep).
	pace 0
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" fb0000000003
	assert_eq "$(sql "SELECT count(*) FROM slow_done")" 1
	run --separate-stderr mg check
	assert_status 0
}

@test "pg: connection terminated while a downgrade runs: exit 1, stamp consistent, rerun completes" {
	local pid bpid st
	cat >"$MIGS/fb0000000004_slow_down.sql" <<-'SQL'
		-- migrator:revision fb0000000004
		-- migrator:down_revision fb0000000003
		-- migrator:upgrade
		CREATE TABLE slow_down (id int);
		-- migrator:downgrade
		DROP TABLE slow_down;
		SELECT pg_sleep(coalesce(current_setting('migrator_test.pace', true)::float, 0));
	SQL
	run --separate-stderr mg upgrade head
	assert_status 0
	pace 60
	"$MIGRATOR" -d "$DB_URL" -m "$MIGS" downgrade fb0000000003 \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	bpid=$(backend_running '%pg_sleep%') || { kill -9 "$pid"; return 1; }
	assert_eq "$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT pg_terminate_backend($bpid)")" t
	st=0
	wait "$pid" || st=$?
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
	status=$st
	assert_status 1
	assert_match "$stderr" "connection to the server was lost"
	assert_eq "$(stamp)" fb0000000004
	has_table slow_down
	pace 0
	run --separate-stderr mg downgrade fb0000000003
	assert_status 0
	assert_eq "$(stamp)" fb0000000003
	refute_table slow_down
}

@test "pg: the runner killed with -9 mid-statement: its transaction rolls back and a rerun gets the lock" {
	local pid bpid
	pace 60
	"$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade head >/dev/null 2>&1 &
	pid=$!
	bpid=$(backend_running '%pg_sleep%') || { kill -9 "$pid"; return 1; }
	kill -9 "$pid"
	wait "$pid" || true
	# The orphaned backend still sleeps, holding the run lock; end it as
	# an operator would, then rerun.
	assert_eq "$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT pg_terminate_backend($bpid)")" t
	assert_eq "$(stamp)" fb0000000001
	refute_table slow_done
	pace 0
	run --separate-stderr mg --lock-timeout 20 upgrade head
	assert_status 0
	assert_eq "$(stamp)" fb0000000003
}

# Issue 21, defect 3: a server that accepts the connection and never
# answers made every command hang forever.
@test "pg: a server that never answers: every command exits 1 after --connect-timeout, naming host and port" {
	local cmd
	silent_server
	for cmd in "current" "upgrade head" "upgrade --dry-run head" \
		"downgrade base" "stamp head" "check"; do
		# shellcheck disable=SC2086 # cmd is words on purpose
		timed_out 2 -d "$SILENT_URL" --connect-timeout 2 $cmd
	done
	# --lock-timeout does not stand in for it
	timed_out 2 -d "$SILENT_URL" --connect-timeout 2 --lock-timeout 1 upgrade head
}

@test "pg: the connect timeout: 10 s by default; PGCONNECT_TIMEOUT, migrator.ini and the URL change it" {
	silent_server
	timed_out 10 -d "$SILENT_URL" current
	PGCONNECT_TIMEOUT=3 timed_out 3 -d "$SILENT_URL" current
	# the option beats the environment, the URL beats the option
	PGCONNECT_TIMEOUT=30 timed_out 2 -d "$SILENT_URL" --connect-timeout 2 current
	timed_out 2 -d "$SILENT_URL?connect_timeout=2" --connect-timeout 30 current
	printf '[migrator]\nconnect_timeout = 3\n' >"$BATS_TEST_TMPDIR/m.ini"
	timed_out 3 -c "$BATS_TEST_TMPDIR/m.ini" -d "$SILENT_URL" current
	timed_out 2 -c "$BATS_TEST_TMPDIR/m.ini" -d "$SILENT_URL" --connect-timeout 2 current
	# libpq waits at least 2 s: less is refused, not silently raised
	run --separate-stderr "$MIGRATOR" -d "$SILENT_URL" --connect-timeout 1 current
	assert_status 2
	assert_error 'bad --connect-timeout "1": expected at least 2 seconds'
	printf '[migrator]\nurl = %s\nconnect_timeout = soon\n' "$SILENT_URL" >"$BATS_TEST_TMPDIR/m.ini"
	run --separate-stderr "$MIGRATOR" -c "$BATS_TEST_TMPDIR/m.ini" current
	assert_status 2
	assert_match "$stderr" 'm\.ini:3'
	assert_match "$stderr" 'bad connect_timeout "soon": expected whole seconds'
	[[ "$stderr" != *Hush9pw* ]] || fail "the password was printed: $stderr"
}

# --- scratch databases left by killed runs (issue 21, defect 2) ---------

# make_role: a login role of this test's own with CREATEDB, and a database
# it owns; ROLE and ROLE_URL (that database, as that role).  Scratch
# databases it makes are its own: other suites' check runs on the same
# server (another role) never sweep them, and its sweeps never touch
# theirs.  drop_roles (teardown) drops the role and what it still owns.
make_role() {
	local db
	ROLE="mgt_sweep_$$_${BATS_TEST_NUMBER}"
	db="mgt_sweepdb_$$_${BATS_TEST_NUMBER}"
	echo "$ROLE" >>"$BATS_FILE_TMPDIR/roles"
	sql_on "$MIGRATOR_TEST_PG_URL" "CREATE ROLE $ROLE LOGIN CREATEDB"
	sql_on "$MIGRATOR_TEST_PG_URL" "CREATE DATABASE $db OWNER $ROLE"
	pg_db_made "$db"
	ROLE_URL="${MIGRATOR_TEST_PG_URL}&dbname=$db&user=$ROLE"
}

drop_roles() {
	local role db
	[ -f "$BATS_FILE_TMPDIR/roles" ] || return 0
	while IFS= read -r role; do
		for db in $(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT datname
				FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
				WHERE r.rolname = '$role'"); do
			sql_on "$MIGRATOR_TEST_PG_URL" "DROP DATABASE \"$db\" WITH (FORCE)"
		done
		sql_on "$MIGRATOR_TEST_PG_URL" "DROP ROLE IF EXISTS $role"
	done <"$BATS_FILE_TMPDIR/roles"
	rm -f "$BATS_FILE_TMPDIR/roles"
}

# role_scratch [PID]: the scratch databases of ROLE (of run PID), one a line.
role_scratch() {
	sql_on "$MIGRATOR_TEST_PG_URL" "SELECT datname FROM pg_database d
		JOIN pg_roles r ON r.oid = d.datdba
		WHERE r.rolname = '$ROLE' AND datname LIKE 'migrator\\_scratch\\_%${1:+\\_$1\\_}%'
		ORDER BY 1"
}

db_exists() {
	[ "$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(*) FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# sessions_in DB: how many sessions are connected to DB.
sessions_in() {
	sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(*) FROM pg_stat_activity WHERE datname = '$1'"
}

@test "pg: a check killed with -9 leaves its scratch database; a later check drops it once older than MIGRATOR_SCRATCH_MAX_AGE and says so" {
	local pid name try
	make_role
	sh "$FAULT_DIR_TOOLS/gen_chain.sh" "$BATS_TEST_TMPDIR/chain" 300
	MIGS="$BATS_TEST_TMPDIR/chain"
	"$MIGRATOR" -q -d "$ROLE_URL" -m "$MIGS" upgrade head
	"$MIGRATOR" -d "$ROLE_URL" -m "$MIGS" check >/dev/null 2>&1 &
	pid=$!
	for ((try = 0; try < 100; try++)); do
		name=$(role_scratch "$pid")
		[ -z "$name" ] || break
		sleep 0.1
	done
	[ -n "$name" ] || fail "check made no scratch database in 10 s"
	kill -9 "$pid"
	wait "$pid" || true
	# its session ends once the server notices the client is gone
	for ((try = 0; try < 300; try++)); do
		[ "$(sessions_in "$name")" != 0 ] || break
		sleep 0.1
	done
	assert_eq "$(sessions_in "$name")" 0
	db_exists "$name" || fail "the killed run's scratch database $name is gone already"

	# Younger than the default age (an hour): left alone.
	run --separate-stderr "$MIGRATOR" -d "$ROLE_URL" -m "$MIGS" check
	assert_status 0
	assert_no_match "${stderr:-}" "dropped"
	db_exists "$name" || fail "a check dropped $name, which is younger than an hour"

	# Older than MIGRATOR_SCRATCH_MAX_AGE: dropped, and said so.
	sleep 1.1
	run --separate-stderr env MIGRATOR_SCRATCH_MAX_AGE=1 "$MIGRATOR" -d "$ROLE_URL" -m "$MIGS" check
	assert_status 0
	assert_eq "$output" "no drift"
	assert_match "$stderr" "^migrator: warning: dropped scratch database $name, left behind by an earlier run that did not end normally \\(created [0-9-]+ [0-9:]+ UTC\\)$"
	! db_exists "$name" || fail "$name is still there"
	assert_eq "$(role_scratch)" ""
}

@test "pg: the sweep drops old unused scratch databases of its role only: not young ones, not one in use, not another role's" {
	local now old young busy other other_role bpid try
	make_role
	"$MIGRATOR" -q -d "$ROLE_URL" -m "$MIGS" upgrade head
	now=$(date +%s)
	old="migrator_scratch_$((now - 7200))_11_0000aaaa"
	young="migrator_scratch_$((now - 60))_12_0000bbbb"
	busy="migrator_scratch_$((now - 7200))_13_0000cccc"
	other="migrator_scratch_$((now - 7200))_14_0000dddd"
	for db in "$old" "$young" "$busy"; do
		sql_on "$MIGRATOR_TEST_PG_URL" "CREATE DATABASE $db OWNER $ROLE"
	done
	# Another role's: one of this test's own, not the suite's, whose
	# checks in other suites running meanwhile (make -j) would sweep it
	# and print the warning, which they do not expect.
	other_role="mgt_other_$$_${BATS_TEST_NUMBER}"
	echo "$other_role" >>"$BATS_FILE_TMPDIR/roles"
	sql_on "$MIGRATOR_TEST_PG_URL" "CREATE ROLE $other_role"
	sql_on "$MIGRATOR_TEST_PG_URL" "CREATE DATABASE $other OWNER $other_role"
	psql -X -q "${MIGRATOR_TEST_PG_URL}&dbname=$busy" -c "SELECT pg_sleep(60)" \
		>/dev/null 2>&1 3>&- &
	bpid=$!
	for ((try = 0; try < 100; try++)); do
		[ "$(sessions_in "$busy")" = 0 ] || break
		sleep 0.1
	done
	assert_eq "$(sessions_in "$busy")" 1

	run --separate-stderr "$MIGRATOR" -d "$ROLE_URL" -m "$MIGS" check
	kill "$bpid" 2>/dev/null || true
	assert_status 0
	assert_match "$stderr" "warning: dropped scratch database $old, "
	assert_eq "$(grep -c dropped <<<"$stderr")" 1
	! db_exists "$old" || fail "$old (two hours old, unused) is still there"
	db_exists "$young" || fail "$young (a minute old) was dropped"
	db_exists "$busy" || fail "$busy (in use) was dropped"
	# another role's: not dropped
	assert_no_match "$stderr" "$other"
	db_exists "$other" || fail "$other (another role's) was dropped"
}

@test "pg: diff --dialects: a signal while PostgreSQL's scratch database works for SQLite's project stops the run and drops it" {
	local pid try busy=""
	make_role
	mkdir -p "$BATS_TEST_TMPDIR/dm"
	printf '%s\n' "-- migrator:revision 0a0a0a0a0a0a" "-- migrator:upgrade" "CREATE TABLE notes (id integer PRIMARY KEY);" \
		"-- migrator:downgrade" "DROP TABLE notes;" >"$BATS_TEST_TMPDIR/dm/0a0a0a0a0a0a_notes.sql"
	printf '%s\n' "CREATE TABLE notes (id integer PRIMARY KEY);" "SELECT pg_sleep(60);" >slow.sql
	"$MIGRATOR" -d "sqlite:///$BATS_TEST_TMPDIR/sq.db" -m "$BATS_TEST_TMPDIR/dm" diff -m x --to slow.sql \
		--dialects postgresql --dialect-url "postgresql=$ROLE_URL" --sql >/dev/null 2>err.txt &
	pid=$!
	for ((try = 0; try < 300; try++)); do
		busy=$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(*) FROM pg_stat_activity
			WHERE usename = '$ROLE' AND query LIKE '%pg_sleep(60)%' AND state = 'active'")
		[ "$busy" != 1 ] || break
		sleep 0.1
	done
	[ "$busy" = 1 ] || { kill -9 "$pid"; fail "the scratch database never ran the schema's pg_sleep"; }
	kill -TERM "$pid"
	local status=0
	wait "$pid" || status=$?
	assert_eq "$status" 143
	assert_match "$(cat err.txt)" "dialect postgresql: interrupted by a signal"
	assert_eq "$(role_scratch "$pid")" ""
}
