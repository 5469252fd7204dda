#!/usr/bin/env bats
# lint.bats - the lint hook plugin: `migrator lint` for each dialect without
# a database (every rule's warning with file, line and rule; --strict), and
# `--plugin lint` around a real upgrade on the suite's backend: warnings
# that foretell the failure, --strict stopping the run before anything
# runs, and the plugin's options.

# The plugin from this build tree (MIGRATOR is still the top-level program
# here; helpers.bash may swap it for the binary in .libs).
MIGRATOR_PLUGIN_PATH="$(dirname "$MIGRATOR")/plugins/lint/.libs${MIGRATOR_PLUGIN_PATH:+:$MIGRATOR_PLUGIN_PATH}"
export MIGRATOR_PLUGIN_PATH

load helpers

L="$FIXTURES/lint"

# warned FILE:LINE RULE: stderr has that lint warning.
warned() {
	assert_match "$stderr" "migrator: warning: [^ ]*/$1: lint: [^
]*\[$2\]" || { show_run >&2; return 1; }
}

# n_warnings N: exactly N lint warnings on stderr.
n_warnings() {
	local n
	n=$(printf '%s\n' "$stderr" | grep -c '^migrator: warning: .*: lint: ' || true)
	assert_eq "$n" "$1"
}

@test "lint: every PostgreSQL rule, with file, line and rule, without a database" {
	run --separate-stderr "$MIGRATOR" -m "$L/pg_risky" lint --dialect postgresql
	assert_status 0
	assert_eq "$output" "7 warnings"
	warned a20000000002_change_users.sql:6 add-column-not-null
	warned a20000000002_change_users.sql:7 index-not-concurrent
	warned a20000000002_change_users.sql:9 alter-column-type
	warned a20000000002_change_users.sql:10 drop-column
	warned a20000000002_change_users.sql:11 drop-table
	warned a30000000003_index_mixed.sql:8 non-transactional-mix
	warned a40000000004_index_in_tx.sql:6 needs-no-transaction
	n_warnings 7
	assert_match "$stderr" 'index on existing table "users" is built without CONCURRENTLY'
	assert_match "$stderr" 'table "public.posts" is dropped in an upgrade'
	# the first revision indexes a table it creates: nothing to say
	assert_no_match "$stderr" a10000000001
	# no database was made (bats keeps stderr in separate-stderr-*)
	assert_eq "$(ls -A | grep -v '^separate-stderr-')" ""
}

@test "lint: CREATE INDEX CONCURRENTLY IF NOT EXISTS, with file and line" {
	mkdir m
	printf -- '-- migrator:revision c1c000000001\n-- migrator:transactional false\n\n-- migrator:upgrade\nCREATE UNIQUE INDEX CONCURRENTLY\n  IF NOT EXISTS users_email_idx ON users (email);\n\n-- migrator:downgrade\nDROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\n' \
		>m/c1c000000001_index.sql
	run --separate-stderr "$MIGRATOR" -m m lint --dialect postgresql
	assert_status 0
	assert_eq "$output" "1 warning"
	warned c1c000000001_index.sql:6 concurrently-if-not-exists
	assert_match "$stderr" "IF NOT EXISTS skips an invalid index that a failed run left"
	run --separate-stderr "$MIGRATOR" -m m lint --dialect sqlite
	assert_eq "$output" "0 warnings"
}

@test "lint: the safe PostgreSQL forms give no warning, even with --strict" {
	run --separate-stderr "$MIGRATOR" -m "$L/pg_clean" lint --strict --dialect postgresql
	assert_status 0
	assert_eq "$output" "0 warnings"
	assert_eq "$stderr" ""
}

@test "lint --strict: warnings make exit 1" {
	run --separate-stderr "$MIGRATOR" -m "$L/pg_risky" lint --strict --dialect postgresql
	assert_status 1
	n_warnings 7
	assert_error "lint found 7 risky statements"
}

@test "lint: a range lints only its steps" {
	run --separate-stderr "$MIGRATOR" -m "$L/pg_risky" lint --dialect postgresql a20000000002:head
	assert_status 0
	assert_eq "$output" "2 warnings"
	warned a30000000003_index_mixed.sql:8 non-transactional-mix
	warned a40000000004_index_in_tx.sql:6 needs-no-transaction
}

@test "lint: the SQLite rules, and the PostgreSQL ones stay quiet on SQLite" {
	run --separate-stderr "$MIGRATOR" -m "$L/sqlite_risky" lint --dialect sqlite
	assert_status 0
	assert_eq "$output" "5 warnings"
	warned c20000000002_add_price.sql:6 add-column-not-null
	warned c30000000003_more.sql:6 add-column-default
	warned c30000000003_more.sql:7 add-column-key
	warned c30000000003_more.sql:8 alter-column
	warned c30000000003_more.sql:9 alter-constraint
	n_warnings 5
	# a NOT NULL column added to a table the same revision creates is fine
	assert_no_match "$stderr" c10000000001
	run --separate-stderr "$MIGRATOR" -m "$L/pg_risky" lint --dialect sqlite
	assert_status 0
	assert_no_match "$stderr" 'index-not-concurrent|drop-table|drop-column|transaction'
	warned a20000000002_change_users.sql:6 add-column-not-null
	warned a20000000002_change_users.sql:9 alter-multiple
	warned a20000000002_change_users.sql:9 alter-column
	n_warnings 3
}

# The runs below use this suite's backend (tests/e2e/helpers.bash): the
# fixtures for its dialect, risky (RISKY: its first revision, the file and
# line of the statement the backend refuses, how many warnings, a table the
# first revision creates, a second rule it trips once) and clean.
backend_fixtures() {
	case $BACKEND in
	sqlite)
		RISKY="$L/sqlite_risky" CLEAN="$L/sqlite_clean"
		FIRST=c10000000001 REFUSED=c20000000002_add_price.sql:6
		N_RISKY=5 TABLE=items CLEAN_HEAD=d20000000002 RULE2=alter-column
		;;
	postgresql)
		RISKY="$L/pg_risky" CLEAN="$L/pg_clean"
		FIRST=a10000000001 REFUSED=a20000000002_change_users.sql:6
		N_RISKY=7 TABLE=users CLEAN_HEAD=b30000000003
		RULE2=alter-column-type
		;;
	esac
}

@test "lint --plugin: the safe forms give no warning, and they run" {
	backend_fixtures
	MIGS=$CLEAN
	run --separate-stderr mg --plugin lint upgrade --strict head
	assert_status 0
	assert_no_match "$stderr" lint
	assert_eq "$(stamp)" "$CLEAN_HEAD"
	# and back down: drops in a downgrade are not flagged
	run --separate-stderr mg --plugin lint:strict=true downgrade base
	assert_status 0
	assert_no_match "$stderr" lint
}

@test "lint --plugin: the warning names the line the backend then refuses" {
	backend_fixtures
	MIGS=$RISKY
	run --separate-stderr mg --plugin lint upgrade head
	assert_status 1
	warned "$REFUSED" add-column-not-null
	n_warnings "$N_RISKY"
	# lint only warns: the run went ahead and failed where it said
	assert_error "$REFUSED: statement failed"
	assert_eq "$(stamp)" "$FIRST"
}

@test "lint --plugin with --strict: nothing runs, and a new SQLite file is not created" {
	backend_fixtures
	MIGS=$RISKY
	run --separate-stderr mg --plugin lint upgrade --strict head
	assert_status 1
	n_warnings "$N_RISKY"
	assert_error "lint: $N_RISKY risky statements found \(strict\)"
	assert_match "$stderr" "hint: .*lint:ignore=RULE"
	refute_table "$TABLE"
	# the plugin refused before the runner made the database file
	[ "$BACKEND" != sqlite ] || [ ! -e "$DB_PATH" ] ||
		fail "a refused run left $DB_PATH behind"
	# lint:strict=true does the same without --strict
	run --separate-stderr mg --plugin lint:strict=true upgrade head
	assert_status 1
	assert_error "$N_RISKY risky statements found"
	refute_table "$TABLE"
}

@test "lint --plugin: ignore= turns rules off, by name" {
	backend_fixtures
	MIGS=$RISKY
	run --separate-stderr mg --plugin "lint:ignore=add-column-not-null,ignore=$RULE2" upgrade --strict head
	assert_status 1
	n_warnings $((N_RISKY - 2))
	assert_error "$((N_RISKY - 2)) risky statements found"
	assert_no_match "$stderr" "\\[(add-column-not-null|$RULE2)\\]"
	refute_table "$TABLE"
	# the first revision alone is clean
	run --separate-stderr mg --plugin lint:strict=true upgrade "$FIRST"
	assert_status 0
	assert_eq "$(stamp)" "$FIRST"
}

@test "lint --plugin: unknown options and rules are refused before anything runs" {
	backend_fixtures
	MIGS=$CLEAN
	run --separate-stderr mg --plugin lint:colour=red upgrade head
	assert_status 1
	assert_error 'unknown option "colour"'
	run --separate-stderr mg --plugin lint:ignore=no-such-rule upgrade head
	assert_status 1
	assert_error 'unknown rule "no-such-rule"'
	run --separate-stderr mg --plugin lint:strict=maybe upgrade head
	assert_status 1
	assert_error 'option strict wants true or false, not "maybe"'
	refute_table "$TABLE"
}

@test "lint --dialect postgresql reads sections written postgres (the driver's alias), and the other way round" {
	local m="$BATS_TEST_TMPDIR/alias"
	mkdir -p "$m"
	printf -- '-- migrator:revision aaaa00000001\n-- migrator:upgrade postgres\nCREATE TABLE t (a int);\n-- migrator:upgrade sqlite\nCREATE TABLE t (a int);\n-- migrator:downgrade\nDROP TABLE t;\n' \
		>"$m/aaaa00000001_x.sql"
	run --separate-stderr "$MIGRATOR" -m "$m" lint --dialect postgresql
	assert_status 0
	run --separate-stderr "$MIGRATOR" -m "$m" lint --dialect postgres
	assert_status 0
	# a dialect no driver goes by is that name only
	run --separate-stderr "$MIGRATOR" -m "$m" lint --dialect oracle
	assert_status 3
	assert_error "no upgrade section for oracle"
}
