#!/usr/bin/env bats
# offline.bats - "--sql" prints runnable SQL and connects to nothing; and
# "--dry-run" lists without changing anything (DESIGN 3).

load helpers

# A URL of this backend that nothing can connect to.
unreachable_url() {
	case $BACKEND in
	sqlite) echo "sqlite:///$BATS_TEST_TMPDIR/never/created.db" ;;
	postgresql) echo "postgresql:///nodb?host=$BATS_TEST_TMPDIR/nosocket&port=1&connect_timeout=2" ;;
	esac
}

# run_sql_file URL FILE: feeds FILE to the backend's own client, stopping at
# the first error.
run_sql_file() {
	case $1 in
	sqlite:*) "$SQLITE" -batch -bail "${1#sqlite:///}" <"$2" ;;
	*) psql -X -q -v ON_ERROR_STOP=1 "$1" -f "$2" >/dev/null ;;
	esac
}

# listed_revs upgrade|downgrade: the revisions a listing names, one per
# line, in order.  A progress line "upgrade A -> B  message  (dry run)"
# names B for an upgrade, "downgrade B -> A  ..." names B for a downgrade;
# otherwise every ID on the line counts.
listed_revs() {
	awk -v dir="$1" '
	function ids(text, all,    out) {
		out = ""
		while (match(text, /[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]/)) {
			out = all ? out substr(text, RSTART, RLENGTH) " " : substr(text, RSTART, RLENGTH) " "
			text = substr(text, RSTART + RLENGTH)
		}
		return out
	}
	{
		a = index($0, "->")
		if (!a) { printf "%s", ids($0, 1); next }
		if (dir == "upgrade") {
			rest = substr($0, a + 2)
			sub(/  .*/, "", rest) # the message
			printf "%s", ids(rest, 0)
		} else {
			printf "%s", ids(substr($0, 1, a - 1), 0) # the last one
		}
	}'
}

@test "upgrade --sql head prints SQL that builds the schema and the stamp" {
	run --separate-stderr mg upgrade --sql head
	assert_status 0
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/up.sql"
	# BEGIN/COMMIT and the stamp table statements are part of it
	assert_match "$output" "migrator_version"
	assert_match "$output" "(BEGIN|begin)"
	assert_match "$output" "(COMMIT|commit)"
	# it touched no database
	if [ "$BACKEND" = sqlite ]; then
		[ ! -e "$DB_PATH" ] || fail "--sql created $DB_PATH"
	else
		refute_table migrator_version
	fi
	# run it with the database's own client
	target=$(new_db offline)
	if [ "$BACKEND" = sqlite ]; then : >"${target#sqlite:///}"; fi
	run_sql_file "$target" "$BATS_TEST_TMPDIR/up.sql"
	assert_eq "$(tables_on "$target")" "$SAMPLE_TABLES"
	assert_eq "$(stamp_on "$target")" "$R7"
	# and migrator agrees: the database is at head
	run --separate-stderr "$MIGRATOR" -d "$target" -m "$SAMPLE" current
	assert_status 0
	assert_match "$output" "^$R7 \(head\)"
	run --separate-stderr "$MIGRATOR" -d "$target" -m "$SAMPLE" upgrade head
	assert_status 0
}

@test "--sql connects to nothing: a URL nobody can reach works" {
	url=$(unreachable_url)
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$SAMPLE" upgrade --sql head
	assert_status 0
	assert_match "$output" "CREATE TABLE budget_alerts"
	[ ! -e "$BATS_TEST_TMPDIR/never" ] || fail "--sql created a file"
	# the same URL without --sql does need the database
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$SAMPLE" upgrade head
	assert_status 1
}

@test "upgrade --sql A:B prints only the revisions after A, runnable on a database at A" {
	mg upgrade "$R2"
	run --separate-stderr mg upgrade --sql "$R2:$R4"
	assert_status 0
	assert_no_match "$output" "CREATE TABLE token_usage"
	assert_match "$output" "CREATE TABLE budget_alerts"
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/part.sql"
	# the database itself was not touched by --sql
	assert_eq "$(stamp)" "$R2"
	run_sql_file "$DB_URL" "$BATS_TEST_TMPDIR/part.sql"
	assert_eq "$(stamp)" "$R4"
	assert_match "$(columns budget_alerts)" "slack_webhook"
}

@test "downgrade --sql head:base prints SQL that empties the database" {
	mg upgrade head
	run --separate-stderr mg downgrade --sql "$R7:base"
	assert_status 0
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/down.sql"
	assert_eq "$(stamp)" "$R7"
	run_sql_file "$DB_URL" "$BATS_TEST_TMPDIR/down.sql"
	assert_eq "$(tables)" ""
	assert_eq "$(stamp)" ""
}

@test "upgrade --dry-run lists the revisions that would run, in order, and changes nothing" {
	mg upgrade "$R2"
	before=$(fingerprint)
	run --separate-stderr mg upgrade --dry-run head
	assert_status 0
	assert_unchanged "$before"
	assert_eq "$(stamp)" "$R2"
	refute_table budget_alerts
	# R3, R4, then the two branches, then the merge; nothing already applied
	order=$(printf '%s\n' "$output" | listed_revs upgrade)
	assert_match "$order" "^$R3 $R4 ($R5 $R6|$R6 $R5) $R7 $"
}

@test "downgrade --dry-run lists newest first and changes nothing" {
	mg upgrade "$R3"
	before=$(fingerprint)
	run --separate-stderr mg downgrade --dry-run base
	assert_status 0
	assert_unchanged "$before"
	order=$(printf '%s\n' "$output" | listed_revs downgrade)
	assert_eq "$order" "$R3 $R2 $R1 "
}

@test "--dry-run when already at head lists nothing, exit 0" {
	mg upgrade head
	run --separate-stderr mg upgrade --dry-run head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | listed_revs upgrade)" ""
}

# stamp_schema URL NAME: the stamp table NAME (TABLE or SCHEMA.TABLE) as
# the catalog describes it: columns and types, constraints and their names,
# indexes.
stamp_schema() {
	local url=$1 schema=${2%.*} table=${2##*.}
	case $url in
	sqlite:*)
		[ "$schema" != "$2" ] || schema=main
		sql_on "$url" "SELECT type || ' ' || name || ': ' || coalesce(sql, '-')
			FROM \"$schema\".sqlite_master WHERE tbl_name = '$table' ORDER BY name"
		sql_on "$url" "SELECT name, type, \"notnull\", pk
			FROM pragma_table_info('$table', '$schema') ORDER BY cid"
		;;
	*)
		[ "$schema" != "$2" ] || schema=public
		sql_on "$url" "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid)
			FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = '$schema' AND t.relname = '$table' ORDER BY 1"
		sql_on "$url" "SELECT column_name, data_type, character_maximum_length, is_nullable
			FROM information_schema.columns
			WHERE table_schema = '$schema' AND table_name = '$table'
			ORDER BY ordinal_position"
		sql_on "$url" "SELECT indexname, indexdef FROM pg_indexes
			WHERE schemaname = '$schema' AND tablename = '$table' ORDER BY 1"
		;;
	esac
}

@test "--sql and an online run leave the same stamp table: Alembic's <table>_pkc key, also schema-qualified" {
	local vt qualified offline online n=0
	case $BACKEND in
	sqlite) qualified=main.stamps ;;
	postgresql) qualified=app.stamps ;;
	esac
	for vt in migrator_version "$qualified"; do
		n=$((n + 1))
		offline=$(new_db "offline$n")
		online=$(new_db "online$n")
		if [ "$BACKEND" = sqlite ]; then : >"${offline#sqlite:///}"; fi
		run --separate-stderr "$MIGRATOR" -d "$offline" -m "$SAMPLE" \
			--version-table "$vt" upgrade --sql head
		assert_status 0
		printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/up.sql"
		run_sql_file "$offline" "$BATS_TEST_TMPDIR/up.sql"
		run --separate-stderr "$MIGRATOR" -d "$online" -m "$SAMPLE" \
			--version-table "$vt" upgrade head
		assert_status 0
		want=$(stamp_schema "$online" "$vt")
		assert_match "$want" "stamps_pkc|migrator_version_pkc"
		assert_eq "$(stamp_schema "$offline" "$vt")" "$want"
		assert_eq "$(sql_on "$offline" "SELECT version_num FROM $vt")" "$R7"
		assert_eq "$(sql_on "$online" "SELECT version_num FROM $vt")" "$R7"
	done
}

@test "--version-table: one rule for qualified names online and in --sql; more than one dot or an empty part is exit 2" {
	local vt before
	mg upgrade "$R1" >/dev/null
	before=$(fingerprint)
	for vt in a.b.c a..b .b a. x.y.; do
		run --separate-stderr mg --version-table "$vt" upgrade --sql head
		assert_status 2
		assert_error "invalid version table name \"$vt\""
		assert_match "$stderr" "TABLE or SCHEMA\.TABLE"
		assert_eq "$output" ""
		run --separate-stderr mg --version-table "$vt" upgrade head
		assert_status 2
		assert_error "invalid version table name \"$vt\""
		assert_match "$stderr" "TABLE or SCHEMA\.TABLE"
		run --separate-stderr mg --version-table "$vt" current
		assert_status 2
		assert_error "invalid version table name \"$vt\""
	done
	assert_unchanged "$before"
}

# --- --sql and an online run send the same statements (issue 13) ---------

# write_rev FILE HEADER... -- SQL: a migration file of one-line statements.
write_rev() {
	local f=$1
	shift
	{
		while [ "$1" != -- ]; do echo "-- migrator:$1"; shift; done
		shift
		echo "-- migrator:upgrade"
		echo "$1"
		echo "-- migrator:downgrade"
		echo "$2"
	} >"$MIGS/$f.sql"
}

# A branch point, a merge, a "transactional false" revision and a value
# with a quote: UPDATE, DELETE and INSERT of the stamp all occur.
make_log_migrations() {
	MIGS=$BATS_TEST_TMPDIR/logmigs
	mkdir -p "$MIGS"
	write_rev a1 "revision a1a1a1a1a1a1" "message create t" -- \
		"CREATE TABLE t (id integer PRIMARY KEY, note text); INSERT INTO t (id, note) VALUES (1, 'it''s');" \
		"DROP TABLE t;"
	write_rev b2 "revision b2b2b2b2b2b2" "down_revision a1a1a1a1a1a1" -- \
		"INSERT INTO t (id, note) VALUES (2, 'b');" "DELETE FROM t WHERE id = 2;"
	write_rev c3 "revision c3c3c3c3c3c3" "down_revision a1a1a1a1a1a1" \
		"transactional false" -- \
		"INSERT INTO t (id, note) VALUES (3, 'c');" "DELETE FROM t WHERE id = 3;"
	write_rev d4 "revision d4d4d4d4d4d4" \
		"down_revision b2b2b2b2b2b2, c3c3c3c3c3c3" -- \
		"CREATE INDEX t_note ON t (note);" "DROP INDEX t_note;"
}

# The statements of a --sql script, one per line, without comments and ';'.
script_statements() {
	grep -v '^--' | grep -v '^$' | sed 's/;$//'
}

# The statements of the online log that change the database: the driver's
# catalog reads and locks (SELECT, SHOW, SET), SQLite's pragmas and its
# stamp savepoint, and the run history (which --sql does not write: see
# README) are left out, and so is a transaction left empty by that (SQLite
# re-reads the stamp in one before a "transactional false" revision).
# The online run on PostgreSQL sends BEGIN with its timeouts in one message,
# and moves the stamp with the row check made on the server (issue 19):
# the statements of the script, in another wrapping.
changing_statements() {
	sed -e 's/^BEGIN; SELECT set_config(.*, pg_backend_pid()$/BEGIN/' \
		-e 's/^WITH moved AS (\(UPDATE .*\) RETURNING 1) SELECT 1 \/ count(\*) FROM moved$/\1/' |
		grep -Ev '^(SELECT|SHOW|SET|PRAGMA|SAVEPOINT|RELEASE) ' | grep -Ev '^(SELECT|PRAGMA)' |
		grep -v '_history"' |
		awk '/^BEGIN/ { if (held != "") print held; held = $0; next }
			/^COMMIT$/ && held != "" { held = ""; next }
			{ if (held != "") print held; held = ""; print }
			END { if (held != "") print held }'
}

# Without a leading BEGIN; CREATE TABLE IF NOT EXISTS ...; COMMIT block.
drop_ensure() {
	awk 'NR == 1 && /^BEGIN/ { held = $0; next }
		NR == 2 && held != "" && /^CREATE (SCHEMA|TABLE) IF NOT EXISTS/ { skip = 1; held = ""; next }
		skip && /^COMMIT$/ { skip = 0; next }
		skip { next }
		{ if (held != "") print held; held = ""; print }'
}

# The statements the server logged for this test's database, with the
# bound values put in place of $1, $2 (from the DETAIL line after each).
pg_logged_statements() {
	local db=${DB_URL##*dbname=}
	sleep 0.5 # the server writes its log asynchronously
	tail -n "+$STMT_LOG_START" "$STMT_LOG" | grep -F " db=$db " | awk '
	function flush() { if (have) print cur; have = 0 }
	/ LOG:  (statement|execute [^:]*): / {
		flush()
		sub(/^.* LOG:  (statement|execute [^:]*): /, "")
		cur = $0; have = 1; next
	}
	/ DETAIL:  [Pp]arameters: / {
		sub(/^.* DETAIL:  [Pp]arameters: /, "")
		rest = $0; n = 0
		while (match(rest, /^\$[0-9]+ = /)) {
			k = substr(rest, 2, RLENGTH - 4) + 0
			rest = substr(rest, RLENGTH + 1)
			# a quoted value: up to the quote that is not doubled
			v = "'\''"; i = 2
			while (i <= length(rest)) {
				ch = substr(rest, i, 1)
				if (ch == "'\''" && substr(rest, i + 1, 1) == "'\''") { v = v "'\'''\''"; i += 2; continue }
				if (ch == "'\''") break
				v = v ch; i++
			}
			val[k] = v "'\''"; if (k > n) n = k
			rest = substr(rest, i + 1); sub(/^, /, "", rest)
		}
		for (k = n; k >= 1; k--) {
			p = index(cur, "$" k)
			while (p) { cur = substr(cur, 1, p - 1) val[k] substr(cur, p + length("$" k)); p = index(cur, "$" k) }
		}
	}
	END { flush() }'
}

# online_log ARGS: runs migrator ARGS on this test's database and prints
# the statements it sent.
online_log() {
	local trace=$BATS_TEST_TMPDIR/trace.log
	case $BACKEND in
	sqlite)
		: >"$trace"
		MIGRATOR_SQLITE_TRACE=$trace "$MIGRATOR" -d "$DB_URL" -m "$MIGS" "$@" >/dev/null ||
			fail "migrator $* failed"
		cat "$trace"
		;;
	postgresql)
		log_statements
		"$MIGRATOR" -d "$DB_URL" -m "$MIGS" "$@" >/dev/null || fail "migrator $* failed"
		pg_logged_statements
		;;
	esac
}

@test "--sql prints the statements an online run sends (stamp, transactions, quoted names), upgrade and downgrade" {
	local vt offline online
	make_log_migrations
	# a name that needs quoting; on PostgreSQL also a schema to create
	case $BACKEND in
	sqlite) vt='odd"ver' ;;
	postgresql) vt='Odd"sch.odd"ver' ;;
	esac
	if [ "$BACKEND" = sqlite ]; then : >"${DB_URL#sqlite:///}"; fi

	offline=$(mg --version-table "$vt" upgrade --sql head | script_statements)
	online=$(online_log --version-table "$vt" upgrade head | changing_statements)
	printf 'offline:\n%s\nonline:\n%s\n' "$offline" "$online"
	# not vacuous: the stamp's own statements are there
	assert_match "$online" "CREATE TABLE IF NOT EXISTS .*odd\"\"ver"
	assert_match "$online" "UPDATE .* SET version_num = 'b2b2b2b2b2b2' WHERE version_num = 'a1a1a1a1a1a1'"
	assert_match "$online" "DELETE FROM .* WHERE version_num = 'c3c3c3c3c3c3'"
	assert_eq "$online" "$offline"

	# downgrade: the table is there, so the online run on PostgreSQL looks
	# and creates nothing (SQLite runs its CREATE ... IF NOT EXISTS): the
	# stamp table's block before the first step is left out on both sides
	offline=$(mg --version-table "$vt" downgrade --sql head:base |
		script_statements | drop_ensure)
	online=$(online_log --version-table "$vt" downgrade base |
		changing_statements | drop_ensure)
	printf 'offline:\n%s\nonline:\n%s\n' "$offline" "$online"
	assert_match "$online" "INSERT INTO .* VALUES \('b2b2b2b2b2b2'\)"
	assert_eq "$online" "$offline"
}

@test "--sql with a driver that renders no SQL (before driver ABI 1.3): exit 1 naming the plugin" {
	# goodfake (tests/plugins) fills only the ABI 1.0 members; the core has
	# no SQL of its own to fall back on
	run --separate-stderr "$MIGRATOR" -d goodfake://x -m "$SAMPLE" \
		--plugin-dir "$TEST_PLUGIN_DIR" upgrade --sql head
	assert_status 1
	assert_error "driver plugin .*goodfake\.so cannot write --sql output"
	assert_eq "$output" ""
}
