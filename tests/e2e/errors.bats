#!/usr/bin/env bats
# errors.bats - failures: each with its message, its exit code, and nothing
# written (DESIGN 2, 6, 7, 8).

load helpers

# --- a statement fails in revision 3 of 5 -------------------------------

F3=f00000000003_create_f3_then_fail.sql

@test "failing statement in revision 3 of 5: exit 1, revision 3 rolled back, stamp at 2" {
	MIGS="$FIXTURES/e2e_fail5"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_eq "$(stamp)" f00000000002
	# revisions 1 and 2 stay
	has_table f1
	assert_eq "$(sql "SELECT count(*) FROM f2")" 1
	# revision 3's first statement created f3: rolled back with the rest
	refute_table f3
	refute_table f3_never
	refute_table f4
	refute_table f5
}

@test "failing statement: the message names the revision, the file and the exact line" {
	MIGS="$FIXTURES/e2e_fail5"
	run --separate-stderr mg upgrade head
	assert_status 1
	# the INSERT INTO no_such_table stands on line 14 of the file
	assert_error "$F3:14"
	assert_error "f00000000003"
	# the database's own message
	assert_match "$stderr" "no_such_table"
	# errors go to stderr, not stdout
	assert_no_match "$output" "error"
}

@test "failing statement: a rerun fails the same way and keeps the stamp" {
	MIGS="$FIXTURES/e2e_fail5"
	run --separate-stderr mg upgrade head
	assert_status 1
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "$F3:14"
	assert_eq "$(stamp)" f00000000002
	refute_table f3
}

# --- invalid migration scripts: exit 3, nothing written -----------------

# bad_scripts DIR: upgrade head on DIR fails with exit 3 and the database
# is untouched (on SQLite: the file is not even created).
bad_scripts() {
	MIGS="$FIXTURES/$1"
	before=$(fingerprint)
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_unchanged "$before"
	if [ "$BACKEND" = sqlite ]; then
		[ ! -e "$DB_PATH" ] || fail "$DB_PATH was created"
	fi
}

@test "duplicate revision ID: exit 3 naming both files" {
	bad_scripts e2e_dup_id
	assert_error "d00000000002"
	assert_match "$stderr" "d00000000002_second\.sql"
	assert_match "$stderr" "d00000000003_copy_of_second\.sql"
}

@test "dangling down_revision: exit 3 naming the file and the missing revision" {
	bad_scripts e2e_dangling
	assert_error "a00000000002_second\.sql"
	assert_match "$stderr" "a0000000dead"
}

@test "a cycle: exit 3 naming the revisions in it" {
	bad_scripts e2e_cycle
	assert_error "cycle"
	assert_match "$stderr" "c00000000002"
	assert_match "$stderr" "c00000000003"
}

@test "a .sql file with no header: exit 3 naming the file" {
	bad_scripts e2e_no_header
	assert_error "notes\.sql"
}

@test "an unknown migrator: key: exit 3 naming file, line and key" {
	bad_scripts e2e_unknown_key
	assert_error "e00000000002_typo\.sql:2"
	assert_match "$stderr" "down_revison"
}

@test "graph errors fail graph-only commands too (heads: exit 3)" {
	MIGS="$FIXTURES/e2e_cycle"
	run --separate-stderr mg heads
	assert_status 3
	assert_error "cycle"
}

# --- bad targets: exit 2, nothing written -------------------------------

@test "an ambiguous prefix: exit 2 listing the matches" {
	MIGS="$FIXTURES/e2e_prefix"
	before=$(fingerprint)
	run --separate-stderr mg upgrade abc123
	assert_status 2
	assert_error "abc123000001"
	assert_match "$stderr" "abc123f00002"
	assert_unchanged "$before"
}

@test "a unique prefix works" {
	MIGS="$FIXTURES/e2e_prefix"
	run --separate-stderr mg upgrade abc1230
	assert_status 0
	assert_eq "$(stamp)" abc123000001
	run --separate-stderr mg upgrade abc123f
	assert_status 0
	assert_eq "$(stamp)" abc123f00002
}

@test "an unknown target: exit 2, nothing written" {
	mg upgrade "$R2"
	before=$(fingerprint)
	run --separate-stderr mg upgrade nosuchrev
	assert_status 2
	assert_error "nosuchrev"
	assert_unchanged "$before"
	assert_eq "$(stamp)" "$R2"
}

@test "an unknown command or option: exit 2" {
	run --separate-stderr "$MIGRATOR" frobnicate
	assert_status 2
	assert_error "frobnicate"
	run --separate-stderr mg upgrade --no-such-option head
	assert_status 2
}

# --- database and plugin errors: exit 1 ---------------------------------

@test "an unknown URL scheme: exit 1 naming the scheme" {
	run --separate-stderr "$MIGRATOR" -d "mysql://u@localhost/db" -m "$SAMPLE" upgrade head
	assert_status 1
	assert_error "mysql"
}

@test "a missing plugin (--plugin-dir to an empty dir): exit 1 naming the dir" {
	mkdir "$BATS_TEST_TMPDIR/noplugins"
	before=$(fingerprint)
	run --separate-stderr mg --plugin-dir "$BATS_TEST_TMPDIR/noplugins" upgrade head
	assert_status 1
	assert_error "noplugins"
	assert_unchanged "$before"
}

@test "a stamp row naming a revision no file has: exit 1, suggests stamp --purge" {
	mg upgrade "$R2"
	sql "INSERT INTO migrator_version (version_num) VALUES ('0123456789ab')"
	before=$(fingerprint)
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "0123456789ab"
	assert_match "$stderr" "stamp --purge"
	assert_unchanged "$before"
	refute_table budget_alerts
}

@test "downgrade past a revision with no downgrade section: exit 3 before anything runs" {
	MIGS="$FIXTURES/e2e_no_downgrade"
	mg upgrade head
	assert_eq "$(stamp)" 9000000000a3
	before=$(fingerprint)
	run --separate-stderr mg downgrade base
	assert_status 3
	assert_error "9000000000a2"
	assert_match "$stderr" "9000000000a2_no_way_back\.sql"
	# named before anything ran: revision 3 (which has a downgrade) is intact
	assert_eq "$(stamp)" 9000000000a3
	has_table n3
	assert_unchanged "$before"
	# a downgrade that stays above it works
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" 9000000000a2
}

@test "a revision ID longer than 32 characters is rejected on load (exit 3)" {
	MIGS="$BATS_TEST_TMPDIR/long"
	mkdir "$MIGS"
	id=0123456789abcdef0123456789abcdef0
	printf -- '-- migrator:revision %s\n\n-- migrator:upgrade\nCREATE TABLE l1 (id integer);\n' \
		"$id" >"$MIGS/${id}_long.sql"
	before=$(fingerprint)
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_error "$id"
	assert_unchanged "$before"
}

@test "a foreign key violation fails the revision and rolls it back, naming the table" {
	# PostgreSQL stops at the INSERT; SQLite's driver finds the orphan with
	# PRAGMA foreign_key_check before the commit.
	MIGS="$FIXTURES/e2e_fk_violation"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "fa0000000002"
	assert_match "$stderr" "members"
	assert_eq "$(stamp)" fa0000000001
	refute_table audit
	assert_eq "$(sql "SELECT count(*) FROM members")" 0
}

# no_section_fixture: revision 2 has sections for the other backend only.
no_section_fixture() {
	case $BACKEND in
	sqlite) other=postgresql ;;
	postgresql) other=sqlite ;;
	esac
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir "$MIGS"
	printf -- '-- migrator:revision 5ec000000001\n\n-- migrator:upgrade\nCREATE TABLE s1 (id integer);\n\n-- migrator:downgrade\nDROP TABLE s1;\n' \
		>"$MIGS/5ec000000001_first.sql"
	printf -- '-- migrator:revision 5ec000000002\n-- migrator:down_revision 5ec000000001\n\n-- migrator:upgrade %s\nCREATE TABLE s2 (id integer);\n\n-- migrator:downgrade %s\nDROP TABLE s2;\n' \
		"$other" "$other" >"$MIGS/5ec000000002_other_backend_only.sql"
}

@test "a revision with no section for this backend: exit 3 before any migration runs" {
	no_section_fixture
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_error "5ec000000002"
	# found before anything ran: not even the first revision
	refute_table s1
	assert_match "$(stamp)" "^(none|)$"
}

@test "a revision with no section for this backend: the database is not touched" {
	no_section_fixture
	before=$(fingerprint)
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_unchanged "$before"
}

# --- --format json after a failure (issue 21) ---------------------------
# stdout alone must tell a failure from "nothing to do": the object names
# what ran before the failure and carries the error with its exit code.

# jqo FILTER: jq -e on the last run's stdout; the run is shown if it fails.
jqo() {
	# jq 1.6 -e exits 0 on empty input
	[ -n "$output" ] && printf '%s' "$output" | jq -e "$1" >/dev/null ||
		{ show_run; fail "stdout does not satisfy jq '$1'"; }
}

@test "upgrade --format json, revision 3 of 5 fails: JSON names the two that ran, the error and exit 1" {
	MIGS="$FIXTURES/e2e_fail5"
	run --separate-stderr mg upgrade --format json head
	assert_status 1
	jqo '.direction == "upgrade" and .dry_run == false'
	jqo '[.revisions[].revision] == ["f00000000001", "f00000000002"]'
	jqo '.error.exit_code == 1'
	jqo '.error.message == "statement failed in revision f00000000003"'
	jqo '.error.revision == "f00000000003" and .error.line == 14'
	jqo '.error.file | endswith("/'"$F3"'")'
	jqo '.error.detail | test("no_such_table")'
	# stderr says the same as without --format json
	assert_error "$F3:14: statement failed in revision f00000000003"
	assert_eq "$(stamp)" f00000000002
}

@test "upgrade and downgrade --format json, a bad target: exit 2, JSON with the error and nothing ran" {
	mg upgrade "$R2"
	run --separate-stderr mg upgrade --format json nosuchrev
	assert_status 2
	jqo '.revisions == [] and .error.exit_code == 2'
	jqo '.error.message == "unknown revision \"nosuchrev\""'
	run --separate-stderr mg downgrade --format json nosuchrev
	assert_status 2
	jqo '.direction == "downgrade" and .revisions == [] and .error.exit_code == 2'
	# --dry-run too
	run --separate-stderr mg upgrade --dry-run --format json nosuchrev
	assert_status 2
	jqo '.dry_run == true and .error.exit_code == 2'
	assert_eq "$(stamp)" "$R2"
}

@test "upgrade --format json, invalid migration files: exit 3, JSON with the error" {
	MIGS="$FIXTURES/e2e_dup_id"
	run --separate-stderr mg upgrade --format json head
	assert_status 3
	jqo '.revisions == [] and .error.exit_code == 3'
	jqo '.error.message | test("d00000000002")'
}

@test "downgrade --format json, the third downgrade fails: JSON names the two that ran, the error and exit 1; success has error null" {
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir -p "$MIGS"
	cat >"$MIGS/d0d000000001_one.sql" <<-'SQL'
		-- migrator:revision d0d000000001
		-- migrator:upgrade
		CREATE TABLE one (id integer);
		-- migrator:downgrade
		DROP TABLE no_such_table_here;
	SQL
	cat >"$MIGS/d0d000000002_two.sql" <<-'SQL'
		-- migrator:revision d0d000000002
		-- migrator:down_revision d0d000000001
		-- migrator:upgrade
		CREATE TABLE two (id integer);
		-- migrator:downgrade
		DROP TABLE two;
	SQL
	cat >"$MIGS/d0d000000003_three.sql" <<-'SQL'
		-- migrator:revision d0d000000003
		-- migrator:down_revision d0d000000002
		-- migrator:upgrade
		CREATE TABLE three (id integer);
		-- migrator:downgrade
		DROP TABLE three;
	SQL
	run --separate-stderr mg upgrade --format json head
	assert_status 0
	jqo '(.revisions | length) == 3 and .error == null'
	run --separate-stderr mg downgrade --format json base
	assert_status 1
	jqo '.direction == "downgrade"'
	jqo '[.revisions[].revision] == ["d0d000000003", "d0d000000002"]'
	jqo '.error.exit_code == 1 and .error.revision == "d0d000000001"'
	jqo '.error.file | endswith("/d0d000000001_one.sql")'
	assert_eq "$(stamp)" d0d000000001
}

# --- a revision outside a transaction fails part-way (issue 21) ---------

@test "transactional false, statement 5 fails: the hint says the 4 before it stay applied, by line and text" {
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir -p "$MIGS"
	cat >"$MIGS/a7a000000001_partial.sql" <<-'SQL'
		-- migrator:revision a7a000000001
		-- migrator:message four statements, then one that fails
		-- migrator:transactional false

		-- migrator:upgrade
		CREATE TABLE nt_a (id integer);
		INSERT INTO nt_a (id)
		    VALUES (1);
		CREATE TABLE nt_b (id integer);
		CREATE TABLE nt_c (id integer);
		INSERT INTO no_such_table_nt (id) VALUES (1);
		CREATE TABLE nt_never (id integer);

		-- migrator:downgrade
		DROP TABLE nt_c;
	SQL
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_error "a7a000000001_partial\.sql:11: statement failed in revision a7a000000001"
	assert_match "$stderr" "hint: Revision a7a000000001 runs outside a transaction \(transactional false\): the 4 statements before the failing one stay applied \(line 6: CREATE TABLE nt_a \(id integer\); line 7: INSERT INTO nt_a \(id\) \.\.\.; line 9: CREATE TABLE nt_b \(id integer\); and 1 more\), and the stamp did not move"
	# and so they do
	assert_eq "$(sql "SELECT count(*) FROM nt_a")" 1
	has_table nt_b
	has_table nt_c
	refute_table nt_never
	assert_eq "$(stamp)" "" # the stamp table exists, empty
}

@test "transactional false, the first statement fails: the hint says none of it stays applied" {
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir -p "$MIGS"
	cat >"$MIGS/a7a000000002_first_fails.sql" <<-'SQL'
		-- migrator:revision a7a000000002
		-- migrator:transactional false
		-- migrator:upgrade
		INSERT INTO no_such_table_nt (id) VALUES (1);
		CREATE TABLE nt_never (id integer);
		-- migrator:downgrade
		DROP TABLE nt_never;
	SQL
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_match "$stderr" "hint: Revision a7a000000002 runs outside a transaction \(transactional false\): the failing statement was its first, so none of it stays applied\."
	refute_table nt_never
}

@test "a transactional revision's failure says nothing of statements staying applied" {
	MIGS="$FIXTURES/e2e_fail5"
	run --separate-stderr mg upgrade head
	assert_status 1
	assert_no_match "$stderr" "stay applied|outside a transaction"
}
