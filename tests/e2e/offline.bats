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
