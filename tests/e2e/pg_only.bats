#!/usr/bin/env bats
# pg_only.bats - what only PostgreSQL has: non-transactional revisions with
# CREATE INDEX CONCURRENTLY, schema-qualified stamp tables, the server's
# SQLSTATE and detail in errors, and runners that wait for the advisory
# lock without deadlocking CREATE INDEX CONCURRENTLY (DESIGN 6).

load helpers

setup() {
	e2e_setup
	require_backend postgresql
}

# index_valid NAME: the index exists and is valid (a failed CONCURRENTLY
# build leaves an invalid one behind).
index_valid() {
	assert_eq "$(sql "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('$1')")" t
}

@test "pg: a transactional false revision runs CREATE INDEX CONCURRENTLY" {
	MIGS="$FIXTURES/e2e_pg_cic"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" e1c000000003
	index_valid items_name_idx
	index_valid items_lower_name_idx
	assert_match "$(columns items)" price
	run --separate-stderr mg downgrade e1c000000001
	assert_status 0
	assert_eq "$(stamp)" e1c000000001
	assert_eq "$(sql "SELECT count(*) FROM pg_indexes WHERE tablename = 'items'")" 1
}

@test "pg: a failing non-transactional revision keeps its done statements and the old stamp" {
	MIGS="$FIXTURES/e2e_pg_nontx_fail"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "e2f000000002_index_things\.sql:11"
	assert_match "$stderr" colour
	# statement by statement: the first index stays, the stamp does not move
	assert_eq "$(stamp)" e2f000000001
	index_valid things_name_idx
	assert_eq "$(sql "SELECT to_regclass('things_colour_idx') IS NULL")" t
}

@test "pg: a failed CREATE UNIQUE INDEX CONCURRENTLY: the error names the invalid index and its DROP, check reports it" {
	MIGS="$FIXTURES/e2e_pg_invalid_index"
	mg upgrade e1d000000001 >/dev/null
	# the application writes one email twice
	sql "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'a@example.com')"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "e1d000000002_unique_email\.sql:10"
	assert_match "$stderr" "23505"
	assert_match "$stderr" 'The schema has 1 invalid index .*; drop it before the next run: DROP INDEX CONCURRENTLY "public"."users_email_key";'
	assert_eq "$(stamp)" e1d000000001
	assert_eq "$(sql "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email_key'::regclass")" f
	# check: the invalid index is drift (the stamp expects no index yet)
	run --separate-stderr mg check
	assert_status 1
	assert_match "$output" "extra index users\.users_email_key \(INVALID\): UNIQUE \(email\)"
	# the data is fixed, but IF NOT EXISTS skips the invalid index ...
	sql "DELETE FROM users WHERE id = 3"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" e1d000000002
	# ... and check says what lint warns about
	run --separate-stderr mg check
	assert_status 1
	assert_eq "$output" "extra index users.users_email_key (INVALID): UNIQUE (email)
1 difference"
	# the DROP the error gave, then the index is built for real
	sql 'DROP INDEX CONCURRENTLY "public"."users_email_key"'
	run --separate-stderr mg downgrade e1d000000001
	assert_status 0
	run --separate-stderr mg upgrade head
	assert_status 0
	index_valid users_email_key
	run --separate-stderr mg check
	assert_status 0
	# a failure that leaves no invalid index does not mention any
	MIGS="$FIXTURES/e2e_pg_nontx_fail"
	DB_URL=$(new_db nontx)
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_no_match "$stderr" "invalid index"
}

@test "pg: an index another session is building right now is neither in the hint nor in check; a failed one is" {
	MIGS="$BATS_TEST_TMPDIR/m"
	mkdir -p "$MIGS"
	printf '%s\n' "-- migrator:revision ba0000000001" "-- migrator:upgrade" \
		"CREATE TABLE dup (x int); CREATE TABLE busy (x int);" \
		"-- migrator:downgrade" "DROP TABLE busy, dup;" >"$MIGS/ba0000000001_m.sql"
	printf '%s\n' "-- migrator:revision ba0000000002" \
		"-- migrator:down_revision ba0000000001" \
		"-- migrator:transactional false" "-- migrator:upgrade" \
		"CREATE INDEX CONCURRENTLY nope_idx ON no_such_table (x);" \
		"-- migrator:downgrade" "SELECT 1;" >"$MIGS/ba0000000002_m.sql"
	mg upgrade ba0000000001 >/dev/null
	# a build that failed: its index stays behind, invalid
	sql "INSERT INTO dup VALUES (1), (1)"
	run sql "CREATE UNIQUE INDEX CONCURRENTLY dup_x_key ON dup (x)"
	assert_eq "$(sql "SELECT indisvalid FROM pg_index WHERE indexrelid = 'dup_x_key'::regclass")" f
	# a build still running: CREATE INDEX CONCURRENTLY waits for an open
	# transaction that holds a lock on its table (idle, without a snapshot,
	# so the migrations' own builds do not wait for it)
	printf 'BEGIN;\nLOCK TABLE busy IN ROW EXCLUSIVE MODE;\n\\! sleep 30\n' |
		PGAPPNAME=fm_holder psql -X -q "$DB_URL" >/dev/null 2>&1 3>&- &
	for _ in $(seq 100); do
		[ -z "$(sql "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'fm_holder' AND l.relation = 'busy'::regclass")" ] || break
		sleep 0.1
	done
	PGAPPNAME=fm_builder psql -X -q "$DB_URL" \
		-c "CREATE INDEX CONCURRENTLY busy_x_idx ON busy (x)" >/dev/null 2>&1 3>&- &
	BUILDER=$!
	for _ in $(seq 100); do
		[ -z "$(sql "SELECT 1 FROM pg_stat_progress_create_index WHERE index_relid = to_regclass('busy_x_idx')")" ] || break
		sleep 0.1
	done
	assert_eq "$(sql "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('busy_x_idx')")" f
	# a transactional false revision fails: the hint names dup_x_key only
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_match "$stderr" 'The schema has 1 invalid index .*DROP INDEX CONCURRENTLY "public"."dup_x_key";'
	assert_no_match "$stderr" busy_x_idx
	run --separate-stderr mg check
	assert_status 1
	assert_match "$output" "extra index dup\.dup_x_key \(INVALID\): UNIQUE \(x\)"
	assert_no_match "$output" "busy_x_idx \(INVALID\)"
	# the build was still running all along, and ends with the transaction
	assert_eq "$(sql "SELECT count(*) FROM pg_stat_progress_create_index WHERE index_relid = to_regclass('busy_x_idx')")" 1
	sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fm_holder'" >/dev/null
	wait "$BUILDER"
	assert_eq "$(sql "SELECT indisvalid FROM pg_index WHERE indexrelid = 'busy_x_idx'::regclass")" t
}

@test "pg: on a terminal, a step whose line a notice ended and that then fails is written again, ending in failed" {
	MIGS="$BATS_TEST_TMPDIR/m"
	mkdir -p "$MIGS"
	# 4 revisions that work, so that the 5th line shows the time left
	for i in 1 2 3 4; do
		printf '%s\n' "-- migrator:revision ca000000000$i" \
			"-- migrator:down_revision $([ "$i" = 1 ] || echo "ca000000000$((i - 1))")" \
			"-- migrator:message create t$i" "-- migrator:upgrade" \
			"CREATE TABLE t$i (id int);" "-- migrator:downgrade" \
			"DROP TABLE t$i;" >"$MIGS/ca000000000${i}_m.sql"
	done
	printf '%s\n' "-- migrator:revision ca0000000005" \
		"-- migrator:down_revision ca0000000004" \
		"-- migrator:message notice then fail" "-- migrator:upgrade" \
		"DO \$\$ BEGIN RAISE NOTICE 'halfway there'; END \$\$;" \
		"INSERT INTO no_such_table VALUES (1);" \
		"-- migrator:downgrade" "SELECT 1;" >"$MIGS/ca0000000005_m.sql"
	cmd=$(printf '%q ' "$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade -v head)
	run env NO_COLOR=1 TERM=xterm script -qec "$cmd" /dev/null
	assert_status 1
	# what the terminal shows at the end: each \r rewrites its line
	shown=$(printf '%s' "$output" | tr -d '\r' | sed 's/.*\x1b\[K//')
	assert_match "$shown" "
\[5/5\] upgrade ca0000000004 -> ca0000000005  notice then fail \.\.\. \(about [^)]* left\)
migrator: notice: .*halfway there
\[5/5\] upgrade ca0000000004 -> ca0000000005  notice then fail \.\.\.  failed
migrator: error: "
	assert_eq "$(stamp)" ca0000000004
}

@test "pg: --version-table myschema.migrator_version" {
	sql "CREATE SCHEMA myschema"
	run --separate-stderr mg --version-table myschema.migrator_version upgrade "$R3"
	assert_status 0
	assert_eq "$(stamp_on "$DB_URL" myschema.migrator_version)" "$R3"
	refute_table public.migrator_version
	run --separate-stderr mg --version-table myschema.migrator_version current
	assert_status 0
	assert_match "$output" "^$R3"
	run --separate-stderr mg --version-table myschema.migrator_version upgrade head
	assert_status 0
	assert_eq "$(stamp_on "$DB_URL" myschema.migrator_version)" "$R7"
	refute_table public.migrator_version
}

@test "pg: a failure shows the SQLSTATE and the server's detail" {
	MIGS="$FIXTURES/e2e_pg_error"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "e3e000000002_duplicate_account\.sql:7"
	assert_match "$stderr" "23505"
	assert_match "$stderr" "Key \(id\)=\(1\) already exists"
	assert_eq "$(stamp)" e3e000000001
	# the revision's first INSERT was rolled back with it
	assert_eq "$(sql "SELECT count(*) FROM accounts")" 1
}

@test "pg: a password in the URL never appears in the output" {
	url="postgresql://someone:s3cretPassw0rd@127.0.0.1:1/nodb?connect_timeout=2"
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$SAMPLE" upgrade head
	assert_status 1
	assert_no_match "$output$stderr" "s3cretPassw0rd"
	run --separate-stderr "$MIGRATOR" -v -d "$url" -m "$SAMPLE" current
	assert_status 1
	assert_no_match "$output$stderr" "s3cretPassw0rd"
}

@test "pg: 4 runners with a CREATE INDEX CONCURRENTLY revision do not deadlock" {
	MIGS="$FIXTURES/e2e_pg_cic"
	for i in 1 2 3 4; do
		(
			timeout 120 "$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade head \
				>"$BATS_TEST_TMPDIR/out.$i" 2>"$BATS_TEST_TMPDIR/err.$i"
			echo $? >"$BATS_TEST_TMPDIR/rc.$i"
		) &
	done
	wait
	for i in 1 2 3 4; do
		rc=$(cat "$BATS_TEST_TMPDIR/rc.$i")
		[ "$rc" = 0 ] || fail "runner $i exited $rc (124: hung): $(cat "$BATS_TEST_TMPDIR/err.$i")"
	done
	assert_eq "$(stamp)" e1c000000003
	index_valid items_name_idx
	index_valid items_lower_name_idx
}

@test "pg: --lock-timeout: a runner gives up waiting for a held lock, exit 1" {
	# One runner holds the lock through a slow migration; a second one
	# with a short timeout starts while it runs.
	slow="$BATS_TEST_TMPDIR/slow"
	mkdir "$slow"
	printf -- '-- migrator:revision 510e00000001\n\n-- migrator:upgrade\nSELECT pg_sleep(6);\n\n-- migrator:downgrade\n' \
		>"$slow/510e00000001_slow.sql"
	"$MIGRATOR" -d "$DB_URL" -m "$slow" upgrade head >/dev/null 2>&1 &
	holder=$!
	sleep 2
	start=$SECONDS
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$slow" --lock-timeout 1 upgrade head
	waited=$((SECONDS - start))
	wait "$holder"
	assert_status 1
	assert_error "lock"
	[ "$waited" -lt 5 ] || fail "waited ${waited}s with --lock-timeout 1"
	assert_eq "$(stamp)" 510e00000001
}

@test "pg: upgrade head at head only reads (lock, stamp, history checksums, unlock): no transaction, no write" {
	local got
	run --separate-stderr mg upgrade head
	assert_status 0
	log_statements
	run --separate-stderr mg upgrade head
	assert_status 0
	got=$(db_statements)
	printf '%s\n' "$got"
	# The server saw the run (the test is not vacuous) ...
	assert_match "$got" "pg_try_advisory_lock"
	assert_match "$got" "SELECT version_num FROM \"migrator_version\""
	assert_match "$got" "FROM \"migrator_history\""
	assert_match "$got" "pg_advisory_unlock"
	# ... and nothing that opens a transaction or writes.
	[ -z "$(printf '%s\n' "$got" | grep -Ei '^(BEGIN|COMMIT|CREATE|INSERT|UPDATE|DELETE)')" ] ||
		fail "a no-op run sent more than it needs"
	# lock; to_regclass and SELECT for the stamp and for the history; unlock
	assert_eq "$(printf '%s\n' "$got" | grep -c .)" 6
}

# pl_rev N PREV LINE...: revision pl000000000N after PREV (empty: base),
# the upgrade section's statements one a line (its first on line 5).
pl_rev() {
	local n=$1 prev=$2
	shift 2
	printf '%s\n' "-- migrator:revision pl000000000$n" \
		"-- migrator:down_revision $prev" "-- migrator:message m$n" \
		"-- migrator:upgrade" "$@" "-- migrator:downgrade" "SELECT 1;" \
		>"$MIGS/pl000000000${n}_m.sql"
}

@test "pg: a revision's first statement goes with BEGIN and its lock timeout (issue 19): failures name FILE:LINE, nothing applied, the stamp stays; COPY and notices" {
	MIGS="$BATS_TEST_TMPDIR/m"
	mkdir -p "$MIGS"
	pl_rev 1 "" "CREATE TABLE pl_t (id int);"
	# an empty revision: BEGIN, its timeouts, history, stamp and COMMIT
	pl_rev 2 pl0000000001
	# a notice from the first statement; COPY (not allowed in a libpq
	# pipeline) after a comment, first and later
	pl_rev 3 pl0000000002 "DROP TABLE IF EXISTS pl_nothere;" \
		"INSERT INTO pl_t VALUES (3);"
	pl_rev 4 pl0000000003 "/* out */ COPY (SELECT 1) TO STDOUT;" \
		"COPY (SELECT 2) TO STDOUT;" "INSERT INTO pl_t VALUES (4);"
	run --separate-stderr mg upgrade -v head
	assert_status 0
	assert_eq "$(stamp)" pl0000000004
	assert_eq "$(sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM pl_t")" "3,4"
	assert_match "$stderr" 'notice: .*table "pl_nothere" does not exist, skipping'
	assert_eq "$(sql "SELECT count(*) FROM migrator_history WHERE direction = 'upgrade'")" 4
	# the first statement fails: its line, and the transaction it was
	# sent in is rolled back (no row of the revision's, no history row)
	pl_rev 5 pl0000000004 "INSERT INTO pl_t VALUES ('five');" \
		"INSERT INTO pl_t VALUES (5);"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "pl0000000005_m\.sql:5"
	assert_match "$stderr" "22P02"
	assert_eq "$(stamp)" pl0000000004
	assert_eq "$(sql "SELECT count(*) FROM pl_t")" 2
	assert_eq "$(sql "SELECT count(*) FROM migrator_history WHERE revision = 'pl0000000005'")" 0
	# the first statement works and the third fails: the first is
	# rolled back with it, so it ran inside the revision's transaction
	pl_rev 5 pl0000000004 "INSERT INTO pl_t VALUES (5);" \
		"CREATE TABLE pl_u (id int);" "INSERT INTO pl_u VALUES ('x');"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "pl0000000005_m\.sql:7"
	assert_eq "$(stamp)" pl0000000004
	assert_eq "$(sql "SELECT count(*) FROM pl_t")" 2
	assert_eq "$(sql "SELECT to_regclass('pl_u') IS NULL")" t
	# and the same run without pipeline mode
	MIGRATOR_PG_NO_PIPELINE=1 run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "pl0000000005_m\.sql:7"
	assert_eq "$(stamp)" pl0000000004
}
