#!/usr/bin/env bats
# history.bats - the run history table (migrator_history): one row per
# revision run, with the SHA-256 of its SQL, and the warning when an
# applied file was edited afterwards (upgrade, current -v, check; --strict
# makes it exit 1).  Issue 4; README "Run history".

load helpers

# hist [TABLE]: "revision direction" per row, in order, one per line.
hist() {
	sql "SELECT revision || ' ' || direction FROM ${1:-migrator_history}
		ORDER BY id"
}

# An editable copy of the sample.
edit_setup() {
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir -p "$MIGS"
	cp "$SAMPLE"/*.sql "$MIGS"/
	R2_FILE=$(basename "$MIGS/$R2"_*.sql)
}

# Changes R2's upgrade SQL (both dialect sections) in a harmless way.
edit_r2_upgrade() {
	sed -i 's/CHECK (limit_usd > 0)/CHECK (limit_usd >= 0.01)/' "$MIGS/$R2_FILE"
	grep -q 'limit_usd >= 0.01' "$MIGS/$R2_FILE"
}

@test "upgrade writes one history row per revision, with checksum, time, user" {
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(hist | wc -l)" 7
	assert_eq "$(hist | head -n 1)" "$R1 upgrade"
	assert_eq "$(hist | tail -n 1)" "$R7 upgrade"
	# every checksum is 64 hex digits; they differ between revisions
	assert_eq "$(sql "SELECT count(DISTINCT checksum) FROM migrator_history")" 7
	for sum in $(sql "SELECT checksum FROM migrator_history"); do
		assert_match "$sum" '^[0-9a-f]{64}$'
	done
	assert_eq "$(sql "SELECT count(*) FROM migrator_history
		WHERE duration_ms < 0")" 0
	case $BACKEND in
	sqlite)
		assert_eq "$(sql "SELECT DISTINCT applied_by FROM migrator_history")" \
			"$(id -un)"
		assert_match "$(sql "SELECT started_at FROM migrator_history LIMIT 1")" \
			'^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$'
		;;
	postgresql)
		assert_eq "$(sql "SELECT DISTINCT applied_by FROM migrator_history")" \
			"$(sql "SELECT current_user")"
		assert_eq "$(sql "SELECT count(*) FROM migrator_history
			WHERE started_at > now() - interval '1 hour'")" 7
		;;
	esac
}

@test "a downgrade is recorded with direction downgrade" {
	mg upgrade head
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(hist | tail -n 1)" "$R7 downgrade"
	assert_eq "$(hist | wc -l)" 8
}

@test "the same SQL gives the same checksum in another database" {
	mg upgrade "$R2"
	other=$(new_db other)
	"$MIGRATOR" -d "$other" -m "$MIGS" upgrade "$R2"
	assert_eq "$(sql "SELECT checksum FROM migrator_history ORDER BY id")" \
		"$(sql_on "$other" "SELECT checksum FROM migrator_history ORDER BY id")"
}

@test "a failed revision leaves no history row (same transaction)" {
	MIGS="$FIXTURES/e2e_fail5"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_eq "$(hist | tr '\n' ' ')" "f00000000001 upgrade f00000000002 upgrade "
}

@test "the history table's name follows --version-table" {
	local vt ht
	for vt in custom_version alembic_version stamps; do
		DB_URL=$(new_db "$vt")
		"$MIGRATOR" -d "$DB_URL" -m "$MIGS" --version-table "$vt" upgrade "$R1"
		case $vt in
		*_version) ht=${vt%_version}_history ;;
		*) ht=${vt}_history ;;
		esac
		assert_eq "$(hist "$ht")" "$R1 upgrade"
		refute_table migrator_history
	done
}

@test "no edit: no warning from upgrade, current -v or check" {
	edit_setup
	mg upgrade "$R3"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_no_match "${stderr:-}" "warning"
	run --separate-stderr mg -v current
	assert_status 0
	assert_no_match "${stderr:-}" "edited"
	run --separate-stderr mg check --strict
	assert_status 0
}

@test "an applied file edited afterwards: upgrade, current -v and check warn and name it" {
	edit_setup
	mg upgrade "$R3"
	edit_r2_upgrade
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_match "$stderr" "migrator: warning: .*$R2_FILE was edited after revision $R2 was applied"
	assert_eq "$(stamp)" "$R7"
	run --separate-stderr mg current -v
	assert_status 0
	assert_match "$stderr" "warning: .*$R2_FILE was edited"
	# plain current says nothing
	run --separate-stderr mg current
	assert_status 0
	assert_no_match "${stderr:-}" "edited"
	# the schema still matches (a CHECK constraint is not compared)
	run --separate-stderr mg check
	assert_status 0
	assert_eq "$output" "no drift"
	assert_match "$stderr" "warning: .*$R2_FILE was edited after revision $R2"
	run --separate-stderr mg check --format json
	assert_status 0
	assert_eq "$(jq -r '.edited[] | .revision + " " + (.file | split("/") | last)' <<<"$output")" \
		"$R2 $R2_FILE"
	assert_eq "$(jq -r .drift <<<"$output")" false
}

@test "--strict: an edited applied file is exit 1 for upgrade, current and check" {
	edit_setup
	mg upgrade "$R3"
	edit_r2_upgrade
	before=$(fingerprint)
	run --separate-stderr mg upgrade head --strict
	assert_status 1
	assert_error "1 applied migration file was edited \(--strict\)"
	assert_match "$stderr" "$R2_FILE"
	# nothing ran
	assert_eq "$(stamp)" "$R3"
	assert_unchanged "$before"
	run --separate-stderr mg current --strict
	assert_status 1
	assert_error "edited"
	run --separate-stderr mg check --strict
	assert_status 1
	run --separate-stderr mg check --strict --format json
	assert_status 1
	assert_eq "$(jq -r .drift <<<"$output")" true
	assert_eq "$(jq -r '.differences | length' <<<"$output")" 0
}

# strict_report CMD...: the error and hint lines of a --strict failure.
strict_report() {
	run --separate-stderr mg "$@"
	assert_status 1
	printf '%s\n' "$stderr" | grep -E '^(migrator: error|hint):'
}

@test "--strict: upgrade, current and check report edited files in one wording, with the count and a hint" {
	edit_setup
	mg upgrade "$R3"
	edit_r2_upgrade
	want="migrator: error: 1 applied migration file was edited (--strict)
hint: Restore the file as it ran, or put the change in a new revision."
	assert_eq "$(strict_report upgrade head --strict)" "$want"
	assert_eq "$(strict_report current --strict)" "$want"
	assert_eq "$(strict_report check --strict)" "$want"
	assert_eq "$(strict_report check --strict --format json)" "$want"
	# and the same warning line for the file from each
	for cmd in "upgrade head" current check; do
		# shellcheck disable=SC2086 # the command and its argument
		run --separate-stderr mg $cmd --strict
		assert_match "$stderr" "migrator: warning: [^ ]*$R2_FILE was edited after revision $R2 was applied \(its checksum differs from the run history\)"
	done
	# two files: the plural
	sed -i 's/^CREATE INDEX token_usage_user_created_idx /CREATE INDEX  token_usage_user_created_idx /' \
		"$MIGS/$(basename "$MIGS/$R1"_*.sql)"
	want="migrator: error: 2 applied migration files were edited (--strict)
hint: Restore the files as they ran, or put the change in a new revision."
	assert_eq "$(strict_report current --strict)" "$want"
	assert_eq "$(strict_report upgrade head --strict)" "$want"
	assert_eq "$(strict_report check --strict)" "$want"
}

@test "editing only the downgrade section, or a revision not applied, is no warning" {
	edit_setup
	mg upgrade "$R2"
	# R2's downgrade and R3's upgrade (not applied yet)
	sed -i 's/^DROP TABLE budgets;/DROP TABLE IF EXISTS budgets;/' "$MIGS/$R2_FILE"
	printf '\n-- an edit\n' >>"$MIGS/$(basename "$MIGS/$R3"_*.sql)"
	run --separate-stderr mg current -v
	assert_status 0
	assert_no_match "${stderr:-}" "edited"
	run --separate-stderr mg upgrade "$R3" --strict
	assert_status 0
}

@test "a revision re-applied after an edit: the newest checksum counts" {
	edit_setup
	mg upgrade "$R3"
	edit_r2_upgrade
	mg downgrade "$R1"
	run --separate-stderr mg upgrade "$R3"
	assert_status 0
	assert_no_match "${stderr:-}" "edited"
	run --separate-stderr mg current --strict
	assert_status 0
}

@test "a database without a history table (older migrator): no warning, table added on upgrade" {
	mg upgrade "$R2"
	sql "DROP TABLE migrator_history"
	run --separate-stderr mg current -v
	assert_status 0
	run --separate-stderr mg check --strict
	assert_status 0
	mg upgrade "$R3"
	assert_eq "$(hist)" "$R3 upgrade"
}
