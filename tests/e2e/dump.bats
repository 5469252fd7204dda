#!/usr/bin/env bats
# dump.bats - the schema file (issue 14 items 4 to 7): `dump` writes the
# database's schema and stamp as SQL from the driver's own introspection,
# `load` builds an empty database from it in one transaction, the
# schema_file is rewritten after each run that changes the database, and
# `dump --check` compares a committed file with what the migrations build
# on a scratch database.  Round trips on the sample, every fixture that
# builds, and Kratos.

load helpers

setup() {
	e2e_setup
	DMP="$FIXTURES/e2e_dump"
}

teardown() {
	e2e_teardown
	drop_role
}

# PostgreSQL: a login role of this test's own without CREATEDB, owning a
# database of its own: ROLE, ROLE_URL.  drop_role (teardown) drops both.
make_role() {
	ROLE="mgt_nocreatedb_$$_${BATS_TEST_NUMBER}"
	echo "$ROLE" >"$BATS_FILE_TMPDIR/role.$BATS_TEST_NUMBER"
	sql_on "$MIGRATOR_TEST_PG_URL" "CREATE ROLE $ROLE LOGIN NOCREATEDB"
	sql_on "$MIGRATOR_TEST_PG_URL" "CREATE DATABASE ${ROLE}_db OWNER $ROLE"
	ROLE_URL="${MIGRATOR_TEST_PG_URL}&dbname=${ROLE}_db&user=$ROLE"
}

drop_role() {
	local f="$BATS_FILE_TMPDIR/role.$BATS_TEST_NUMBER" role
	[ -f "$f" ] || return 0
	role=$(cat "$f")
	sql_on "$MIGRATOR_TEST_PG_URL" "DROP DATABASE IF EXISTS ${role}_db WITH (FORCE)"
	sql_on "$MIGRATOR_TEST_PG_URL" "DROP ROLE IF EXISTS $role"
	rm -f "$f"
}

# mg_on URL DIR ARGS: migrator on another database and migrations.
mg_on() {
	local url=$1 dir=$2
	shift 2
	"$MIGRATOR" -d "$url" -m "$dir" "$@"
}

# round_trip URL DIR: URL (built from DIR) dumps, the dump loads into a new
# database, which dumps the same text, has no drift and the same stamp.
round_trip() {
	local url=$1 dir=$2 copy name
	name=$(basename "$dir")
	copy=$(new_db "copy_${name}_$RANDOM") || return 1
	mg_on "$url" "$dir" dump -o "$BATS_TEST_TMPDIR/$name.sql" ||
		fail "$name: dump failed"
	mg_on "$copy" "$dir" load "$BATS_TEST_TMPDIR/$name.sql" ||
		fail "$name: load failed"
	mg_on "$copy" "$dir" dump >"$BATS_TEST_TMPDIR/$name.again.sql" ||
		fail "$name: dump of the loaded database failed"
	diff -u "$BATS_TEST_TMPDIR/$name.sql" "$BATS_TEST_TMPDIR/$name.again.sql" >&2 ||
		fail "$name: the loaded database dumps differently"
	[ "$(mg_on "$copy" "$dir" check)" = "no drift" ] ||
		fail "$name: check after load: $(mg_on "$copy" "$dir" check 2>&1)"
	assert_eq "$(mg_on "$copy" "$dir" current)" "$(mg_on "$url" "$dir" current)"
}

# make_empty URL: an empty database there (SQLite: a new empty file; the
# server's are made by new_db).
make_empty() {
	case $1 in
	sqlite:*) : >"${1#sqlite:///}" ;;
	esac
}

# --- dump ------------------------------------------------------------------

@test "dump: the schema, then the stamp; the same text twice; -o writes it" {
	mg upgrade head
	run --separate-stderr mg dump
	assert_status 0
	assert_eq "${stderr:-}" ""
	assert_match "$output" "^-- migrator dump of a $BACKEND database"
	for t in $SAMPLE_TABLES; do
		assert_match "$output" "CREATE TABLE (public\.)?$t \("
	done
	assert_match "$output" "INSERT INTO \"(main\".\")?migrator_version\" \(version_num\) VALUES \('$R7'\);"$'$'
	# the run history is migrator's, not the schema's
	assert_no_match "$output" "migrator_history"
	first=$output
	run --separate-stderr mg dump
	assert_eq "$output" "$first"
	mg dump -o out.sql
	assert_eq "$(cat out.sql)" "$first"
	assert_no_scratch
}

@test "dump: equal schemas built in another order dump byte for byte alike" {
	other=$(new_db other)
	make_empty "$DB_URL"
	make_empty "$other"
	sql "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT)"
	sql "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER)"
	sql "CREATE INDEX b_a ON b (a_id)"
	sql "CREATE INDEX a_name ON a (name)"
	# the other one: another order, and a table made and dropped first
	sql_on "$other" "CREATE TABLE gone (id INTEGER)"
	sql_on "$other" "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER)"
	sql_on "$other" "DROP TABLE gone"
	sql_on "$other" "CREATE INDEX b_a ON b (a_id)"
	sql_on "$other" "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT)"
	sql_on "$other" "CREATE INDEX a_name ON a (name)"
	one=$(mg dump)
	two=$(mg_on "$other" "$MIGS" dump)
	assert_eq "$two" "$one"
	# by name: a's table before b's, a's index before b's
	assert_match "$one" "TABLE (public\.)?a .*TABLE (public\.)?b .*INDEX a_name .*INDEX b_a "
}

@test "dump needs no migrations directory" {
	mg upgrade head
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$BATS_TEST_TMPDIR/none" dump
	assert_status 0
	assert_match "$output" "VALUES \('$R7'\)"
}

@test "dump: a database that cannot be read writes nothing, -o leaves the file" {
	[ "$BACKEND" = sqlite ] || DB_URL="${DB_URL%dbname=*}dbname=mgt_no_such_db_$$"
	echo "kept" >out.sql
	run --separate-stderr mg dump -o out.sql
	assert_status 1
	assert_eq "$(cat out.sql)" "kept"
	# no database file, no temporary file
	assert_eq "$(ls | grep -v '^separate-stderr')" "out.sql"
	run --separate-stderr mg dump extra
	assert_status 2
	assert_error "unexpected argument"
}

@test "dump without a scratch database (PostgreSQL: no CREATEDB) is the text as read, with a warning" {
	mg upgrade head
	canonical=$(mg dump)
	case $BACKEND in
	sqlite)
		# in memory: always there, and the text comes back unchanged
		run --separate-stderr mg dump
		assert_eq "${stderr:-}" ""
		assert_eq "$output" "$canonical"
		;;
	postgresql)
		make_role
		"$MIGRATOR" -q -d "$ROLE_URL" -m "$MIGS" upgrade head
		run --separate-stderr "$MIGRATOR" -d "$ROLE_URL" -m "$MIGS" dump
		assert_status 0
		assert_match "$stderr" "migrator: warning: the dump is as read: it could not be loaded into a scratch database .*permission denied to create database"
		# only the expression PostgreSQL prints differently once read back
		diff <(printf '%s\n' "$canonical") <(printf '%s\n' "$output") >d.diff || true
		assert_eq "$(grep -c '^[<>]' d.diff)" 2
		assert_match "$(cat d.diff)" "budgets_period_check CHECK .*ARRAY\['daily'::character varying, "
		# dump --check needs the scratch database: an error
		run --separate-stderr "$MIGRATOR" -d "$ROLE_URL" -m "$MIGS" dump --check d.diff
		assert_status 1
		assert_error "permission denied to create database"
		;;
	esac
}

@test "dump: types, sequences, functions, triggers, views and comments (PostgreSQL), views and triggers (SQLite), in dependency order" {
	mg_on "$DB_URL" "$DMP" upgrade head
	run --separate-stderr mg_on "$DB_URL" "$DMP" dump
	assert_status 0
	d=$output
	case $BACKEND in
	postgresql)
		assert_match "$d" "CREATE TYPE public\.mood AS ENUM \('sad', 'ok', 'happy'\);"
		assert_match "$d" "CREATE DOMAIN public\.percent AS integer CONSTRAINT percent_check CHECK"
		assert_match "$d" "CREATE SEQUENCE public\.ticket_seq START WITH 1000 INCREMENT BY 10;"
		assert_match "$d" "CREATE OR REPLACE FUNCTION public\.touch\(\)"
		assert_match "$d" "CREATE TRIGGER people_touch BEFORE UPDATE ON public\.people FOR EACH ROW EXECUTE FUNCTION public\.touch\(\);"
		assert_match "$d" "COMMENT ON TABLE public\.people IS 'who is there';"
		assert_match "$d" "COMMENT ON COLUMN public\.people\.feeling IS 'how they are';"
		assert_match "$d" "GENERATED ALWAYS AS IDENTITY \(SEQUENCE NAME public\.teams_id_seq\)"
		assert_match "$d" "ALTER SEQUENCE public\.people_id_seq OWNED BY public\.people\.id;"
		# the type, the function and the sequences before the table;
		# foreign keys after both tables; the trigger last
		assert_match "$d" "TYPE public\.mood.*FUNCTION public\.touch.*SEQUENCE public\.ticket_seq.*TABLE public\.people.*TABLE public\.teams.*ADD CONSTRAINT people_team_id_fkey.*CREATE TRIGGER"
		;;
	sqlite)
		assert_match "$d" "CREATE TRIGGER people_touch AFTER UPDATE OF name ON people"
		assert_match "$d" "CREATE INDEX people_name_lower ON people \(lower\(name\)\);"
		;;
	esac
	# a view on a view comes after it although its name sorts first
	# (PostgreSQL checks the view it reads; SQLite does not, and the
	# dump keeps views in name order there)
	assert_match "$d" "CREATE VIEW (public\.)?happy_people"
	assert_match "$d" "CREATE VIEW (public\.)?all_happy_names"
	[ "$BACKEND" = sqlite ] ||
		assert_match "$d" "VIEW public\.happy_people.*VIEW public\.all_happy_names"
}

@test "dump and load: the objects load back and work" {
	mg_on "$DB_URL" "$DMP" upgrade head
	round_trip "$DB_URL" "$DMP"
	copy=$(new_db loaded)
	mg_on "$DB_URL" "$DMP" dump -o d.sql
	mg_on "$copy" "$DMP" load d.sql
	sql_on "$copy" "INSERT INTO people (id, name, feeling) VALUES (1, 'ann', 'happy')"
	sql_on "$copy" "UPDATE people SET name = 'anne' WHERE id = 1"
	# the trigger ran, the view sees the row
	[ -n "$(sql_on "$copy" "SELECT updated_at FROM people WHERE id = 1")" ] ||
		fail "the trigger did not run in the loaded database"
	assert_eq "$(sql_on "$copy" "SELECT name FROM all_happy_names")" "anne"
	if [ "$BACKEND" = postgresql ]; then
		# the sequence's start, through the column's default
		assert_eq "$(sql_on "$copy" "SELECT ticket FROM people WHERE id = 1")" 1000
		assert_eq "$(sql_on "$copy" "SELECT obj_description('people'::regclass)")" "who is there"
		run sql_on "$copy" "INSERT INTO people (name, score) VALUES ('x', 101)"
		[ "$status" -ne 0 ] || fail "the domain's CHECK did not load"
	fi
}

# --- round trips -------------------------------------------------------------

@test "round trip: the sample at head and at a middle revision" {
	mg upgrade head
	round_trip "$DB_URL" "$MIGS"
	mid=$(new_db mid)
	mg_on "$mid" "$MIGS" upgrade "$R4"
	round_trip "$mid" "$MIGS"
}

@test "round trip: every fixture that builds" {
	local dir name url built=""
	for dir in "$FIXTURES"/*/; do
		dir=${dir%/}
		name=$(basename "$dir")
		url=$(new_db "fx_$name")
		"$MIGRATOR" -q -d "$url" -m "$dir" upgrade heads >/dev/null 2>&1 ||
			continue
		round_trip "$url" "$dir"
		built="$built $name"
	done
	echo "# built:$built" >&3
	# the fixtures that build on both backends, at least
	for name in branchy depends e2e_check e2e_concurrent e2e_dump \
		e2e_no_downgrade e2e_prefix linear merge no_downgrade; do
		assert_match "$built " " $name "
	done
}

@test "round trip: Kratos at head" {
	local corpus=${KRATOS_CORPUS:-$TOP_SRCDIR/tests/corpora/kratos}
	[ -d "$corpus/migrator" ] || fail "the Kratos corpus is missing: $corpus"
	mg_on "$DB_URL" "$corpus/migrator" -q upgrade head
	round_trip "$DB_URL" "$corpus/migrator"
}

# --- load --------------------------------------------------------------------

@test "load refuses a database that has tables, naming them, and changes nothing" {
	mg upgrade head
	mg dump -o d.sql
	before=$(fingerprint)
	run --separate-stderr mg load d.sql
	assert_status 1
	assert_error "the database is not empty: it has tables budget_alerts, budgets, migrator_history, migrator_version, token_usage and 2 more"$'\n'
	assert_match "$stderr" "hint: load builds a database from nothing"
	assert_unchanged "$before"
	# the stamp table alone is a table too
	other=$(new_db other)
	mg_on "$other" "$MIGS" stamp base
	run --separate-stderr mg_on "$other" "$MIGS" load d.sql
	assert_status 1
	assert_error "it has table migrator_version"$'\n'
}

@test "load: a failing statement names FILE:LINE and loads nothing (one transaction)" {
	mg upgrade head
	mg dump -o d.sql
	# a good dump, then a statement that fails at its end
	{ cat d.sql; printf '\nINSERT INTO no_such_table VALUES (1);\n'; } >bad.sql
	line=$(grep -n no_such_table bad.sql | cut -d: -f1)
	target=$(new_db target)
	run --separate-stderr mg_on "$target" "$MIGS" load bad.sql
	assert_status 1
	assert_error "bad\.sql:$line: statement failed; nothing was loaded"
	assert_match "$stderr" "detail: .*no_such_table"
	assert_eq "$(tables_on "$target")" ""
	refute_table migrator_version "$target"
	# and it loads once the file is right
	mg_on "$target" "$MIGS" load d.sql
	assert_eq "$(stamp_on "$target")" "$R7"
}

@test "load: an unreadable or unsplittable file, or one without statements, connects to nothing" {
	target=$(new_db target)
	run --separate-stderr mg_on "$target" "$MIGS" load missing.sql
	assert_status 1
	assert_error "cannot read missing\.sql"
	printf 'CREATE TABLE a (x TEXT);\nINSERT INTO a VALUES ($x$never closed);\n' >open.sql
	run --separate-stderr mg_on "$target" "$MIGS" load open.sql
	assert_status 3
	assert_error "open\.sql:2: unterminated dollar-quoted string"
	printf -- '-- only a comment\n' >empty.sql
	run --separate-stderr mg_on "$target" "$MIGS" load empty.sql
	assert_status 2
	assert_error "empty\.sql holds no statements"
	if [ "$BACKEND" = sqlite ]; then
		[ ! -e "${target#sqlite:///}" ] || fail "load created the database file"
	else
		assert_eq "$(tables_on "$target")" ""
	fi
}

# --- the schema file ---------------------------------------------------------

@test "schema_file: rewritten after upgrade, downgrade and stamp that change the database" {
	mg --schema-file schema.sql upgrade "$R3"
	assert_eq "$(cat schema.sql)" "$(mg dump)"
	assert_match "$(cat schema.sql)" "VALUES \('$R3'\)"
	mg --schema-file schema.sql upgrade head
	assert_match "$(cat schema.sql)" "VALUES \('$R7'\)"
	mg --schema-file schema.sql downgrade "$R4"
	assert_match "$(cat schema.sql)" "VALUES \('$R4'\)"
	assert_no_match "$(cat schema.sql)" "usage_config"
	mg --schema-file schema.sql stamp "$R3"
	assert_match "$(cat schema.sql)" "VALUES \('$R3'\)"
	assert_eq "$(cat schema.sql)" "$(mg dump)"
	# no temporary file left beside it
	assert_eq "$(ls -a | grep -c '\.tmp\.')" 0
}

@test "schema_file: not rewritten when nothing changes, nor by --sql and --dry-run" {
	mg --schema-file schema.sql upgrade head
	t0=$(stat -c %y schema.sql)
	sleep 1.1
	mg --schema-file schema.sql upgrade head
	mg --schema-file schema.sql upgrade heads
	mg --schema-file schema.sql stamp head
	mg --schema-file schema.sql downgrade --dry-run base
	mg --schema-file schema.sql upgrade --sql head >/dev/null
	assert_eq "$(stat -c %y schema.sql)" "$t0"
}

@test "schema_file in migrator.ini is relative to it; a file that cannot be written fails the run after it" {
	mkdir -p conf/db
	cat >conf/migrator.ini <<-EOF
	[migrator]
	url = $DB_URL
	migrations = $MIGS
	schema_file = db/schema.sql
	EOF
	"$MIGRATOR" -c conf/migrator.ini upgrade "$R2"
	assert_match "$(cat conf/db/schema.sql)" "VALUES \('$R2'\)"
	# --schema-file beats the file; a directory that is not there
	run --separate-stderr "$MIGRATOR" -c conf/migrator.ini \
		--schema-file nodir/schema.sql upgrade "$R3"
	assert_status 1
	assert_error "cannot write nodir/schema\.sql"
	assert_match "$stderr" "hint: The database did change"
	assert_eq "$(stamp)" "$R3"
	assert_match "$(cat conf/db/schema.sql)" "VALUES \('$R2'\)"
	# dump --check takes the file from migrator.ini too
	"$MIGRATOR" -c conf/migrator.ini upgrade head
	run --separate-stderr "$MIGRATOR" -c conf/migrator.ini dump --check
	assert_status 0
	assert_eq "$output" "conf/db/schema.sql is up to date"
}

# --- dump --check ----------------------------------------------------------

@test "dump --check: an up-to-date file is clean, exit 0" {
	mg --schema-file schema.sql upgrade head
	run --separate-stderr mg dump --check schema.sql
	assert_status 0
	assert_eq "$output" "schema.sql is up to date"
	run --separate-stderr mg --schema-file schema.sql -q dump --check
	assert_status 0
	assert_eq "$output" ""
	assert_no_scratch
}

@test "dump --check: a table in the schema file that no migration builds fails, naming it" {
	# someone made progress_tracking by hand and committed the file
	mg --schema-file schema.sql upgrade head
	sql "CREATE TABLE progress_tracking (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL)"
	mg dump -o schema.sql
	run --separate-stderr mg dump --check schema.sql
	assert_status 1
	assert_match "$output" "^--- schema\.sql"$'\n'"\+\+\+ \(migrations\)"$'\n'"@@ -"
	assert_match "$output" $'\n'"-CREATE TABLE (public\.)?progress_tracking \("
	assert_no_match "$output" $'\n'"\+CREATE TABLE"
	assert_error "schema\.sql differs from the schema the migrations build"
	assert_no_scratch
}

@test "dump --check: a migration not in the schema file shows as added lines" {
	mg --schema-file schema.sql upgrade "$R6"
	run --separate-stderr mg dump --check schema.sql
	assert_status 1
	assert_match "$output" $'\n'"\+CREATE TABLE (public\.)?usage_config \("
	assert_match "$output" $'\n'"-INSERT INTO .*'$R6'"
	assert_match "$output" $'\n'"\+INSERT INTO .*'$R7'"
	# the diff applies: patch turns the file into the expected one
	printf '%s\n' "$output" | patch -s -o fixed.sql schema.sql
	run --separate-stderr mg dump --check fixed.sql
	assert_status 0
}

@test "dump --check: no file, or -o beside it, is a usage error" {
	run --separate-stderr mg dump --check
	assert_status 2
	assert_error "dump --check needs a file"
	run --separate-stderr mg dump --check -o x.sql schema.sql
	assert_status 2
	run --separate-stderr mg dump --check missing.sql
	assert_status 1
	assert_error "cannot read missing\.sql"
}
