#!/usr/bin/env bats
# security_pg.bats - PostgreSQL only (issue 5, item 5): a password in the
# URL never reaches any output (errors for a bad host, a failed login and a
# missing database; -v, --sql, --dry-run, current, check, history, JSON;
# the run history table), and the stamp and history statements send every
# value as a bound parameter ($1), seen in the server's own log
# (log_statement = all on the test's database).

load helpers
load ../fault/fault_helpers

setup() {
	e2e_setup
	require_backend postgresql
	# Percent-encoded in the URL; libpq sends it decoded.
	PW_URL='s3cr%40tPW9'
	PW='s3cr@tPW9'
	SECRET_URL="postgresql://migrator:$PW_URL@${DB_URL#postgresql://}"
}

teardown() {
	[ -z "${FAKE_PID:-}" ] || kill "$FAKE_PID" 2>/dev/null || true
	fault_teardown
}

# no_password: the last run's stdout and stderr hold the password in
# neither form.
no_password() {
	if [[ "$output$stderr" == *"$PW"* || "$output$stderr" == *"$PW_URL"* ]]; then
		echo "the password was printed:" >&2
		show_run >&2
		return 1
	fi
}

@test "pg: a password in the URL is never printed, by any command or output format" {
	local -a cmds=(
		"-v upgrade $R3"
		"upgrade --format json head"
		"current"
		"-v current -v"
		"current --format json"
		"check"
		"check --format json"
		"history -v"
		"-v upgrade --dry-run head"
		"-v downgrade --sql $R7:$R3"
		"-v stamp $R7"
		"downgrade --format json $R4"
	)
	local c
	for c in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$MIGRATOR" -d "$SECRET_URL" -m "$MIGS" $c
		[ "$status" -eq 0 ] || { echo "migrator $c" >&2; assert_status 0; }
		no_password
	done
	# From the environment and from a config file too.
	run --separate-stderr env MIGRATOR_DATABASE_URL="$SECRET_URL" "$MIGRATOR" -v -m "$MIGS" current -v
	assert_status 0
	no_password
	printf '[migrator]\nurl = %s\n' "$SECRET_URL" >"$BATS_TEST_TMPDIR/migrator.ini"
	run --separate-stderr "$MIGRATOR" -v -c "$BATS_TEST_TMPDIR/migrator.ini" -m "$MIGS" upgrade head
	assert_status 0
	no_password
	# Nor is it kept in the run history.
	run sql "SELECT * FROM migrator_history"
	assert_status 0
	[ -n "$output" ] || fail "the run history is empty"
	stderr=
	no_password
}

@test "pg: no password in errors: a bad host, a missing database, a failed login" {
	run --separate-stderr "$MIGRATOR" -v \
		-d "postgresql://someone:$PW_URL@127.0.0.1:1/nodb?connect_timeout=5" -m "$MIGS" upgrade head
	assert_status 1
	assert_error "."
	no_password
	run --separate-stderr "$MIGRATOR" -v -d "${SECRET_URL%%dbname=*}dbname=no_such_db_$$" -m "$MIGS" current
	assert_status 1
	assert_error "no_such_db_$$"
	no_password
	# A server that asks for the password and refuses it (28P01).
	mkdir "$BATS_TEST_TMPDIR/fake"
	"${CC:-cc}" -o "$BATS_TEST_TMPDIR/fake_pg_auth" "$FAULT_DIR_TOOLS/fake_pg_auth.c"
	"$BATS_TEST_TMPDIR/fake_pg_auth" "$BATS_TEST_TMPDIR/fake/.s.PGSQL.5999" \
		"$BATS_TEST_TMPDIR/got" 100 &
	FAKE_PID=$!
	for ((try = 0; try < 50; try++)); do
		[ -S "$BATS_TEST_TMPDIR/fake/.s.PGSQL.5999" ] && break
		sleep 0.1
	done
	local url="postgresql://someone:$PW_URL@/db?host=$BATS_TEST_TMPDIR/fake&port=5999"
	run --separate-stderr "$MIGRATOR" -v -d "$url" -m "$MIGS" upgrade head
	assert_status 1
	assert_error "password authentication failed"
	no_password
	run --separate-stderr "$MIGRATOR" -v -d "$url" -m "$MIGS" check --format json
	assert_status 1
	no_password
	# The password did reach the server: the test is not vacuous.
	grep -qxF "$PW" "$BATS_TEST_TMPDIR/got" || fail "the fake server got no password"
}

@test "pg: stamp and history statements bind every value (\$1), as the server logs them" {
	local vt lines bad
	vt="bind_check_$$_$RANDOM"
	log_statements
	run --separate-stderr mg --version-table "$vt" upgrade head
	assert_status 0
	run --separate-stderr mg --version-table "$vt" downgrade "$R3"
	assert_status 0
	run --separate-stderr mg --version-table "$vt" stamp --purge "$R7"
	assert_status 0
	lines=$(db_statements | grep -E "(INSERT INTO|UPDATE|DELETE FROM) \"$vt(_history)?\"" || true)
	# insert, 6 updates/inserts/deletes up, several down, history rows
	[ "$(printf '%s\n' "$lines" | grep -c .)" -ge 10 ] ||
		fail "too few stamp statements in the log: $lines"
	bad=$(printf '%s\n' "$lines" | grep -vE '\$1' || true)
	assert_eq "$bad" ""
	# No revision ID appears in a statement's text, only in parameters.
	bad=$(printf '%s\n' "$lines" | grep -E "'[0-9a-f]{12}'" || true)
	assert_eq "$bad" ""
}

@test "pg: a version-table name that PostgreSQL would truncate is refused, not silently shortened" {
	local long
	long=$(printf 'v%.0s' {1..70})
	run --separate-stderr mg --version-table "$long" upgrade head
	assert_status 2
	assert_error "version table name \"$long\" is too long"
	assert_match "$stderr" "at most 55"
	assert_eq "$(tables)" ""
	# 55 bytes is the longest that keeps its own name.
	long=$(printf 'w%.0s' {1..55})
	run --separate-stderr mg --version-table "$long" upgrade head
	assert_status 0
	assert_eq "$(stamp_on "$DB_URL" "$long")" "$R7"
}
