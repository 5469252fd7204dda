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
