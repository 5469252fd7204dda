#!/usr/bin/env bats
# snapshot.bats - what check and verify compare besides tables (issue 14,
# item 1): views, triggers, sequences, functions and enum types by the
# database's own text of them, and (verify only) column order.  The
# project is tests/fixtures/e2e_verify_objects, clean; each test breaks
# one downgrade (or the live database, for check) and looks for the
# finding that names it.

load helpers

OBJ="$FIXTURES/e2e_verify_objects"

setup() {
	e2e_setup
	cp -R "$OBJ" objs
}

# mgo ARGS: migrator on this test's database and the copy objs.
mgo() {
	"$MIGRATOR" -d "$DB_URL" -m objs "$@"
}

# replace_section FILE HEADER: the body of FILE's section HEADER ("--
# migrator:downgrade postgresql") becomes stdin.
replace_section() {
	local body
	body=$(cat)
	grep -qxF -- "$2" "$1" || fail "$1 has no section $2"
	awk -v h="$2" -v body="$body" '
		$0 == h { print; print body; skip = 1; next }
		skip && /^-- migrator:/ { skip = 0 }
		!skip { print }' "$1" >"$1.new"
	mv "$1.new" "$1"
}

# rev_file REV: the file of revision REV in objs.
rev_file() {
	echo objs/"$1"_*.sql
}

# view_cols "id, name": the columns as this server's pg_get_viewdef lists
# those of a view of people, "people.id, people.name" (16 leaves out the
# table of a view on one table).
view_cols() {
	local pre="" out="" c cols
	[ "$(sql "SELECT current_setting('server_version_num')::int >= 160000")" = t ] ||
		pre="people."
	IFS=, read -ra cols <<<"$1"
	for c in "${cols[@]}"; do
		out="$out${out:+, }$pre${c# }"
	done
	echo "$out"
}

# The problems' lines without the file name before them.
problems() {
	sed 's|^objs/[^:]*: ||' <<<"$output"
}

@test "verify: views, triggers, sequences, functions and types made and undone correctly are clean" {
	run --separate-stderr mgo verify
	assert_status 0
	assert_eq "$output" "5 revisions verified, no problems"
	# and so is a database built by them, for check
	mgo -q upgrade head
	run --separate-stderr mgo check
	assert_status 0
	assert_eq "$output" "no drift"
}

@test "verify: a downgrade that adds a dropped column back at the end is a downgrade_drift naming the column order" {
	cat >objs/5a0000000006_drop_email.sql <<'EOF'
-- migrator:revision 5a0000000006
-- migrator:down_revision 5a0000000005
-- migrator:message drop people.email

-- migrator:upgrade
DROP VIEW people_names;
CREATE VIEW people_names AS SELECT id, name, nickname FROM people;
ALTER TABLE people DROP COLUMN email;

-- migrator:downgrade
ALTER TABLE people ADD COLUMN email varchar(80);
DROP VIEW people_names;
CREATE VIEW people_names AS SELECT id, name, nickname, email FROM people;
EOF
	local want have
	case $BACKEND in
	sqlite) want="id, name, email, nickname" have="id, name, nickname, email" ;;
	postgresql) want="id, name, email, nickname, mood" have="id, name, nickname, mood, email" ;;
	esac
	run --separate-stderr mgo verify
	assert_status 1
	assert_eq "$(problems)" \
"5a0000000006: downgrade does not restore the schema: column order of people: $want expected, $have found
6 revisions verified, 1 problem"
	run --separate-stderr mgo verify --format json
	assert_status 1
	assert_eq "$(jq -c '[.problems[] | [.kind, .revision]]' <<<"$output")" \
		'[["downgrade_drift","5a0000000006"]]'
	assert_eq "$(jq -c '.problems[0].difference' <<<"$output")" \
		"{\"kind\":\"changed_table\",\"table\":\"people\",\"name\":null,\"field\":\"column_order\",\"expected\":\"$want\",\"found\":\"$have\"}"
}

@test "check does not compare column order: a table whose column came back at the end has no drift" {
	mgo -q upgrade 5a0000000002
	assert_eq "$(columns people)" "id name email nickname"
	sql "ALTER TABLE people DROP COLUMN email"
	sql "ALTER TABLE people ADD COLUMN email varchar(80)"
	assert_eq "$(columns people)" "id name nickname email"
	run --separate-stderr mgo check
	assert_status 0
	assert_eq "$output" "no drift"
}

@test "verify: a downgrade that makes a view again with SELECT * (its columns frozen as they are then) is caught" {
	replace_section "$(rev_file 5a0000000002)" "-- migrator:downgrade" <<'EOF'
DROP VIEW people_names;
ALTER TABLE people DROP COLUMN nickname;
CREATE VIEW people_names AS SELECT * FROM people;
EOF
	run --separate-stderr mgo verify
	assert_status 1
	case $BACKEND in
	sqlite)
		assert_eq "$(problems)" \
"5a0000000002: downgrade does not restore the schema: changed view people_names: definition CREATE VIEW people_names AS SELECT id, name FROM people expected, CREATE VIEW people_names AS SELECT * FROM people found
5 revisions verified, 1 problem"
		;;
	postgresql)
		# the server expanded * to the columns people had then
		assert_eq "$(problems)" \
"5a0000000002: downgrade does not restore the schema: changed view people_names: definition SELECT $(view_cols "id, name") FROM people; expected, SELECT $(view_cols "id, name, email") FROM people; found
5 revisions verified, 1 problem"
		;;
	esac
	run --separate-stderr mgo verify --format json
	assert_eq "$(jq -c '.problems[0].difference | [.kind, .table, .name, .field]' <<<"$output")" \
		'["changed_view",null,"people_names","definition"]'
}

@test "verify: a trigger that the downgrade does not drop is caught" {
	local f
	f=$(rev_file 5a0000000003)
	case $BACKEND in
	sqlite)
		replace_section "$f" "-- migrator:downgrade sqlite" <<<"DROP TABLE audit;"
		run --separate-stderr mgo verify
		assert_status 1
		assert_eq "$(problems | head -n 1)" \
			"5a0000000003: downgrade does not restore the schema: extra trigger people.people_audit: CREATE TRIGGER people_audit AFTER INSERT ON people BEGIN INSERT INTO audit (person_id) VALUES (NEW.id); END"
		assert_match "$output" "upgrade failed after its own downgrade: trigger people_audit already exists"
		;;
	postgresql)
		# its function stays too: DROP FUNCTION would fail while the
		# trigger uses it
		replace_section "$f" "-- migrator:downgrade postgresql" <<<"DROP TABLE audit;"
		run --separate-stderr mgo verify
		assert_status 1
		assert_eq "$(problems | head -n 2)" \
"5a0000000003: downgrade does not restore the schema: extra trigger people.people_audit: CREATE TRIGGER people_audit AFTER INSERT ON people FOR EACH ROW EXECUTE FUNCTION log_person()
5a0000000003: downgrade does not restore the schema: extra function log_person(): CREATE OR REPLACE FUNCTION log_person() RETURNS trigger LANGUAGE plpgsql AS \$function\$ BEGIN INSERT INTO audit (person_id) VALUES (NEW.id); RETURN NEW; END \$function\$"
		assert_match "$output" "upgrade failed after its own downgrade: function \"log_person\" already exists"
		;;
	esac
	assert_match "$output" "stopped at 5a0000000003"
	run --separate-stderr mgo verify --format json
	assert_eq "$(jq -c '.problems[0].difference | [.kind, .table, .name]' <<<"$output")" \
		'["extra_trigger","people","people_audit"]'
}

# The downgrade of 5a0000000005 on PostgreSQL, less what $1 names.
pg_down_5() {
	[ "$1" = view ] || cat <<'EOF'
DROP VIEW people_names;
CREATE VIEW people_names AS SELECT id, name, nickname FROM people;
EOF
	[ "$1" = function ] || cat <<'EOF'
CREATE OR REPLACE FUNCTION log_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit (person_id) VALUES (NEW.id);
    RETURN NEW;
END
$$;
EOF
	[ "$1" = sequence ] || echo "ALTER SEQUENCE ticket_seq INCREMENT BY 1;"
	[ "$1" = type ] || cat <<'EOF'
ALTER TABLE people ALTER COLUMN mood TYPE text;
DROP TYPE mood;
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::mood;
EOF
}

@test "verify: a sequence, a function and an enum changed and not restored (PostgreSQL), a trigger (SQLite), each caught" {
	local f what
	f=$(rev_file 5a0000000005)
	case $BACKEND in
	sqlite)
		replace_section "$f" "-- migrator:downgrade sqlite" <<'EOF'
DROP VIEW people_names;
CREATE VIEW people_names AS SELECT id, name, nickname FROM people;
EOF
		run --separate-stderr mgo verify
		assert_status 1
		assert_eq "$(problems)" \
"5a0000000005: downgrade does not restore the schema: changed trigger people.people_audit: definition CREATE TRIGGER people_audit AFTER INSERT ON people BEGIN INSERT INTO audit (person_id) VALUES (NEW.id); END expected, CREATE TRIGGER people_audit AFTER INSERT ON people BEGIN INSERT INTO audit (person_id) VALUES (NEW.id), (-NEW.id); END found
5 revisions verified, 1 problem"
		return 0
		;;
	esac
	cp "$f" "$BATS_TEST_TMPDIR/good.sql"
	for what in sequence function type; do
		cp "$BATS_TEST_TMPDIR/good.sql" "$f"
		pg_down_5 "$what" | replace_section "$f" "-- migrator:downgrade postgresql"
		run --separate-stderr mgo verify --format json
		assert_status 1
		# one difference, of that kind, and nothing else about 5a0000000005's
		# downgrade
		assert_eq "$(jq -c '[.problems[] | select(.kind == "downgrade_drift") | .difference | [.kind, .name]]' <<<"$output")" \
			"$(case $what in
			sequence) echo '[["changed_sequence","ticket_seq"]]' ;;
			function) echo '[["changed_function","log_person()"]]' ;;
			type) echo '[["changed_type","mood"]]' ;;
			esac)"
	done
	run --separate-stderr mgo verify
	assert_match "$output" "5a0000000005: downgrade does not restore the schema: changed type mood: definition ENUM \\('sad', 'happy'\\) expected, ENUM \\('sad', 'happy', 'ok'\\) found"
	# the value cannot be added again
	assert_match "$output" "upgrade failed after its own downgrade: enum label \"ok\" already exists"
	cp "$BATS_TEST_TMPDIR/good.sql" "$f"
	pg_down_5 sequence | replace_section "$f" "-- migrator:downgrade postgresql"
	run --separate-stderr mgo verify
	assert_eq "$(problems)" \
"5a0000000005: downgrade does not restore the schema: changed sequence ticket_seq: definition AS bigint INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 START 100 CACHE 1 NO CYCLE expected, AS bigint INCREMENT 10 MINVALUE 1 MAXVALUE 9223372036854775807 START 100 CACHE 1 NO CYCLE found
5 revisions verified, 1 problem"
	# the control: the whole downgrade is clean
	cp "$BATS_TEST_TMPDIR/good.sql" "$f"
	pg_down_5 none | replace_section "$f" "-- migrator:downgrade postgresql"
	run --separate-stderr mgo verify
	assert_status 0
}

@test "check: views, triggers, sequences, functions and types changed by hand are drift; --format json carries them" {
	mgo -q upgrade head
	sql "DROP VIEW people_names"
	sql "CREATE VIEW people_names AS SELECT id FROM people"
	case $BACKEND in
	sqlite)
		sql "DROP TRIGGER people_audit"
		run --separate-stderr mgo check
		assert_status 1
		assert_eq "$output" \
"changed view people_names: definition CREATE VIEW people_names AS SELECT id, name, nickname, email FROM people expected, CREATE VIEW people_names AS SELECT id FROM people found
missing trigger people.people_audit: CREATE TRIGGER people_audit AFTER INSERT ON people BEGIN INSERT INTO audit (person_id) VALUES (NEW.id), (-NEW.id); END
2 differences"
		;;
	postgresql)
		sql "DROP TRIGGER people_audit ON people"
		sql "CREATE SEQUENCE spare_seq"
		sql "ALTER TYPE mood ADD VALUE 'meh'"
		sql "CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS 'SELECT 42'"
		run --separate-stderr mgo check
		assert_status 1
		assert_eq "$output" \
"changed view people_names: definition SELECT $(view_cols "id, name, nickname, email") FROM people; expected, SELECT $(view_cols id) FROM people; found
missing trigger people.people_audit: CREATE TRIGGER people_audit AFTER INSERT ON people FOR EACH ROW EXECUTE FUNCTION log_person()
extra sequence spare_seq: AS bigint INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 START 1 CACHE 1 NO CYCLE
extra function answer(): CREATE OR REPLACE FUNCTION answer() RETURNS integer LANGUAGE sql AS \$function\$SELECT 42\$function\$
changed type mood: definition ENUM ('sad', 'happy', 'ok') expected, ENUM ('sad', 'happy', 'ok', 'meh') found
5 differences"
		;;
	esac
	run --separate-stderr mgo check --format json
	assert_status 1
	assert_eq "$(jq -c '.differences[0] | [.kind, .table, .name, .field]' <<<"$output")" \
		'["changed_view",null,"people_names","definition"]'
	assert_eq "$(jq -c '.differences[1] | [.kind, .table, .name, .field, .found]' <<<"$output")" \
		'["missing_trigger","people","people_audit",null,null]'
	assert_match "$(jq -r '.differences[1].expected' <<<"$output")" "^CREATE TRIGGER people_audit AFTER INSERT ON people"
}

@test "check leaves out what the database makes itself: PostgreSQL's extension objects and serial sequences, SQLite's statistics" {
	mgo -q upgrade head
	case $BACKEND in
	postgresql)
		# audit.id is serial: its sequence is the column's, no object
		assert_eq "$(sql "SELECT count(*) FROM pg_class WHERE relname = 'audit_id_seq'")" 1
		# pg_trgm's functions and types land in public, the
		# extension's, not the migrations'
		sql "CREATE EXTENSION pg_trgm"
		assert_eq "$(sql "SELECT count(*) > 0 FROM pg_proc WHERE proname = 'similarity'")" t
		;;
	sqlite)
		sql "ANALYZE"
		assert_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")" 1
		;;
	esac
	run --separate-stderr mgo check
	assert_status 0
	assert_eq "$output" "no drift"
}
