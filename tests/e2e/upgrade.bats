#!/usr/bin/env bats
# upgrade.bats - the sample project from an empty database and from an
# existing one; downgrade and back (DESIGN 3, 5, 7).

load helpers

@test "fresh database: upgrade head creates every table and stamps the head" {
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(tables)" "$SAMPLE_TABLES"
	assert_eq "$(stamp)" "$R7"
	assert_eq "$(columns budget_alerts)" \
		"id budget_id threshold_pct email last_sent_at created_at slack_webhook"
	assert_match "$(columns usage_snapshots)" "interval_key"
	# Seed rows of usage_config, and its trigger works.
	assert_eq "$(sql "SELECT count(*) FROM usage_config")" 2
}

@test "fresh database: current prints the head marked (head)" {
	mg upgrade head
	run --separate-stderr mg current
	assert_status 0
	assert_match "$output" "^$R7 \(head\)"
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 1 ] || { show_run; false; }
}

@test "fresh database: a second upgrade head is a no-op with exit 0" {
	mg upgrade head
	sql "INSERT INTO token_usage (user_id, model, prompt_tokens) VALUES ('u1', 'm', 5)"
	before=$(fingerprint)
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
	assert_eq "$(sql "SELECT count(*) FROM token_usage")" 1
	if [ "$BACKEND" = postgresql ]; then
		assert_unchanged "$before"
	fi
}

@test "current on a database that was never migrated prints nothing, exit 0" {
	if [ "$BACKEND" = sqlite ]; then
		: >"$DB_PATH" # an empty file: a database without any table
	fi
	run --separate-stderr mg current
	assert_status 0
	assert_eq "$output" ""
	assert_eq "$(stamp)" none
}

@test "SQLite: current on a missing file does not create it" {
	[ "$BACKEND" = sqlite ] || DB_URL="sqlite:///$BATS_TEST_TMPDIR/t.db"
	run --separate-stderr mg current
	[ ! -e "$BATS_TEST_TMPDIR/t.db" ] || fail "current created $BATS_TEST_TMPDIR/t.db"
	# a missing database is an error (like a missing database on a server)
	assert_status 1
	assert_error "t\.db"
}

# An existing database: built by an earlier run up to revision 2, with data.
build_r2_with_rows() {
	run --separate-stderr mg upgrade "$R2"
	assert_status 0
	assert_eq "$(stamp)" "$R2"
	assert_eq "$(tables)" "budgets token_usage"
	sql "INSERT INTO token_usage (user_id, model, prompt_tokens, completion_tokens, cost_usd)
		VALUES ('alice', 'gpt', 100, 20, 0.5), ('bob', 'gpt', 7, 3, 0.01)"
	sql "INSERT INTO budgets (user_id, period, limit_usd) VALUES ('alice', 'monthly', 20)"
}

@test "existing database at revision 2: upgrade head keeps its rows" {
	build_r2_with_rows
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
	assert_eq "$(tables)" "$SAMPLE_TABLES"
	assert_eq "$(sql "SELECT user_id || ':' || prompt_tokens FROM token_usage ORDER BY user_id" | tr '\n' ' ')" \
		"alice:100 bob:7 "
	assert_eq "$(sql "SELECT user_id || ':' || period FROM budgets")" "alice:monthly"
	# the new tables work with the old rows
	sql "INSERT INTO budget_alerts (budget_id, threshold_pct, slack_webhook)
		SELECT id, 80, 'https://hooks.example/x' FROM budgets"
	assert_eq "$(sql "SELECT count(*) FROM budget_alerts")" 1
}

@test "downgrade -1 from the merge point restores both parents" {
	build_r2_with_rows
	mg upgrade head
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "$(printf '%s\n' "$R5" "$R6" | sort | tr '\n' ' ' | sed 's/ $//')"
	assert_no_match "$(columns usage_snapshots)" "interval_key"
	assert_eq "$(sql "SELECT count(*) FROM token_usage")" 2
}

@test "downgrade -1 steps back one revision at a time on a line" {
	mg upgrade "$R4"
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "$R3"
	assert_no_match "$(columns budget_alerts)" "slack_webhook"
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "$R2"
	assert_eq "$(tables)" "budgets token_usage"
}

@test "downgrade base: every table gone, stamp table empty; then back up again" {
	build_r2_with_rows
	mg upgrade head
	run --separate-stderr mg downgrade base
	assert_status 0
	assert_eq "$(tables)" ""
	assert_eq "$(stamp)" ""
	run --separate-stderr mg current
	assert_status 0
	assert_eq "$output" ""
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(tables)" "$SAMPLE_TABLES"
	assert_eq "$(stamp)" "$R7"
	# the data went with the tables
	assert_eq "$(sql "SELECT count(*) FROM token_usage")" 0
}

@test "downgrade to a revision, then upgrade +1 and upgrade REV+2" {
	mg upgrade head
	run --separate-stderr mg downgrade "$R3"
	assert_status 0
	assert_eq "$(stamp)" "$R3"
	assert_eq "$(tables)" "budget_alerts budgets token_usage"
	run --separate-stderr mg upgrade +1
	assert_status 0
	assert_eq "$(stamp)" "$R4"
	assert_match "$(columns budget_alerts)" "slack_webhook"
	run --separate-stderr mg downgrade base
	assert_status 0
	run --separate-stderr mg upgrade "$R1+2"
	assert_status 0
	assert_eq "$(stamp)" "$R3"
}

@test "downgrade past the merge keeps the rows of usage_snapshots (SQLite: a table rebuild)" {
	mg upgrade head
	sql "INSERT INTO usage_snapshots (user_id, period_start, total_tokens, interval_key)
		VALUES ('alice', '2026-01-01', 120, 'snapshot_interval')"
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(sql "SELECT user_id || ':' || total_tokens FROM usage_snapshots")" "alice:120"
	assert_eq "$(columns usage_snapshots)" \
		"id user_id period_start total_tokens total_cost_usd created_at"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(sql "SELECT count(*) FROM usage_snapshots")" 1
}

# Statements whose text SQLite stores in sqlite_master.sql, with blanks and
# comments before their ';' (issue 12).
schema_text_statements() {
	cat <<-'SQL'
	CREATE TABLE t (a int, b int)   ;
	CREATE INDEX t_a ON t (a)   ;
	CREATE INDEX t_b ON t (b) -- by b
	;
	CREATE UNIQUE INDEX t_ab ON t (a, b) /* both */	;
	CREATE VIEW v AS SELECT a FROM t /* just a */ ;
	CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN SELECT 1; END /* done */ ;
	CREATE INDEX t_last ON t (b, a)
	SQL
}

@test "SQLite: sqlite_master.sql holds each statement as the sqlite3 shell stores it" {
	DB_URL="sqlite:///$BATS_TEST_TMPDIR/t.db"
	mkdir m
	{
		printf -- '-- migrator:revision 5c0000000001\n-- migrator:upgrade\n'
		schema_text_statements
	} >m/5c0000000001_schema_text.sql
	MIGS=m
	run --separate-stderr mg upgrade head
	assert_status 0
	schema_text_statements | "$SQLITE" -batch -bail shell.db
	query="SELECT type || ' ' || name || ': [' || sql || ']' FROM sqlite_master
		WHERE tbl_name NOT LIKE 'migrator%' ORDER BY name"
	want=$(sql_on "sqlite:///$BATS_TEST_TMPDIR/shell.db" "$query")
	assert_match "$want" "index t_a: \[CREATE INDEX t_a ON t \(a\)   \]"
	assert_eq "$(sql "$query")" "$want"
}

@test "SQLite: with text before the ';' kept, a failing statement still names its line" {
	DB_URL="sqlite:///$BATS_TEST_TMPDIR/t.db"
	mkdir m
	{
		printf -- '-- migrator:revision 5c0000000002\n-- migrator:upgrade\n'
		printf 'CREATE TABLE t (a int) -- one\n\n;\n'
		printf 'CREATE INDEX t_a ON t (a) /* two\n*/ ;  INSERT INTO nowhere\n'
		printf '  VALUES (1) -- three\n;\n'
	} >m/5c0000000002_bad.sql
	MIGS=m
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "5c0000000002_bad\.sql:7"
	assert_match "$stderr" "nowhere"
}

# --- dialect names are the driver's (issue 13) ---------------------------

@test "a \"postgres\" section is PostgreSQL's because its driver declares the name; sections under two of its names are ambiguous (exit 3)" {
	MIGS=$BATS_TEST_TMPDIR/dialects
	mkdir -p "$MIGS"
	cat >"$MIGS/a1_alias.sql" <<-'EOF2'
		-- migrator:revision a1a1a1a1a1a1
		-- migrator:upgrade
		CREATE TABLE t_plain (id integer);
		-- migrator:upgrade postgres
		CREATE TABLE t_pg (id integer);
		-- migrator:downgrade
		SELECT 1;
	EOF2
	run --separate-stderr mg upgrade head
	assert_status 0
	case $BACKEND in
	postgresql) assert_eq "$(tables)" t_pg ;;
	sqlite) assert_eq "$(tables)" t_plain ;;
	esac

	# a second file with sections under both of PostgreSQL's names
	cat >"$MIGS/b2_both.sql" <<-'EOF2'
		-- migrator:revision b2b2b2b2b2b2
		-- migrator:down_revision a1a1a1a1a1a1
		-- migrator:upgrade postgresql
		CREATE TABLE t_b1 (id integer);
		-- migrator:upgrade postgres
		CREATE TABLE t_b2 (id integer);
		-- migrator:upgrade
		CREATE TABLE t_b3 (id integer);
		-- migrator:downgrade
		SELECT 1;
	EOF2
	run --separate-stderr mg upgrade head
	case $BACKEND in
	postgresql)
		assert_status 3
		assert_error "revision b2b2b2b2b2b2 has 2 upgrade sections for postgresql"
		assert_eq "$(stamp)" a1a1a1a1a1a1
		;;
	sqlite)
		assert_status 0
		assert_eq "$(tables)" "t_b3 t_plain"
		;;
	esac
}
