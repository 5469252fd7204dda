#!/usr/bin/env bats
# import_dbmate.bats - `migrator import --from dbmate` and `migrator adopt
# --from dbmate` against the real dbmate (tests/peer_tools.sh; issue 17),
# on each backend: dbmate migrates a database halfway, rows are written,
# migrator imports the files, adopts the database and upgrades it to head;
# the schema then equals the one dbmate reaches on its own.  The fixture
# (tests/fixtures/import_dbmate) has 22 migrations, one of them
# transaction:false.  Bad inputs need no database and run once.

load helpers

FIX="$FIXTURES/import_dbmate/db/migrations"

setup() {
	e2e_setup
	DBMATE=$(sh "$TOP_SRCDIR/tests/peer_tools.sh" dbmate) ||
		fail "dbmate is missing: sh tests/peer_tools.sh install"
	MIGS="$BATS_TEST_TMPDIR/migs"
}

# dbmate_url URL: dbmate's spelling of one of our URLs.
dbmate_url() {
	case $1 in
	sqlite:///*) echo "sqlite:${1#sqlite:///}" ;;
	*)
		local q=${1#*\?} host='' port='' user='' db=${1#*:///} kv
		db=${db%%\?*}
		for kv in ${q//&/ }; do
			case $kv in
			host=*) host=${kv#host=} ;;
			port=*) port=${kv#port=} ;;
			user=*) user=${kv#user=} ;;
			dbname=*) db=${kv#dbname=} ;;
			esac
		done
		echo "postgres://${user}@/${db}?host=${host:-/tmp}&port=${port:-5432}&sslmode=disable"
		;;
	esac
}

# dbmate_on URL DIR: dbmate migrates URL with the files of DIR.
dbmate_on() {
	"$DBMATE" --url "$(dbmate_url "$1")" -d "$2" --no-dump-schema migrate >/dev/null
}

# schema_of URL: migrator's dump of it (schema and stamp).
schema_of() {
	"$MIGRATOR" -d "$1" -m "$MIGS" dump
}

@test "dbmate: halfway database, import, adopt, upgrade head: dbmate's schema, rows kept" {
	local half="$BATS_TEST_TMPDIR/half" other
	mkdir "$half"
	for f in $(ls "$FIX" | head -n 11); do cp "$FIX/$f" "$half/"; done
	dbmate_on "$DB_URL" "$half"
	sql "INSERT INTO users (id, email, name) VALUES (1, 'ann@example.com', 'Ann')"
	sql "INSERT INTO posts (id, user_id, title) VALUES (7, 1, 'hello')"

	run --separate-stderr "$MIGRATOR" import --from dbmate -m "$MIGS" "$FIX"
	assert_status 0
	assert_match "$output" "imported 22 revisions from dbmate into $MIGS"
	[ "$(ls "$MIGS" | wc -l)" = 22 ]
	grep -qx -- '-- migrator:transactional false' "$MIGS"/20240112120000_*.sql
	run "$MIGRATOR" -m "$MIGS" heads
	assert_eq "$output" "20240122120000 (head)"
	# history, newest first, is dbmate's order reversed
	assert_eq "$("$MIGRATOR" -m "$MIGS" history | sed -E 's/.*-> ([0-9]+).*/\1/' | tac)" \
		"$(ls "$FIX" | sed 's/_.*//')"

	before=$(sql "SELECT version FROM schema_migrations ORDER BY 1")
	run --separate-stderr mg adopt --from dbmate --dry-run
	assert_status 0
	assert_eq "$output" "would stamp 20240111120000 (dbmate version 20240111120000)"
	assert_eq "$(stamp)" none
	run --separate-stderr mg adopt --from dbmate
	assert_status 0
	assert_eq "$output" "stamped 20240111120000 (dbmate version 20240111120000)"
	assert_eq "$(stamp)" 20240111120000
	assert_eq "$(sql "SELECT version FROM schema_migrations ORDER BY 1")" "$before"

	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^upgrade ')" 11
	assert_eq "$(sql "SELECT email FROM users")" "ann@example.com"
	assert_eq "$(sql "SELECT title FROM posts WHERE id = 7")" "hello"
	# adopting again would move migrator's stamp back behind what it ran
	run --separate-stderr mg adopt --from dbmate
	assert_status 1
	assert_error "migrator's table already stamps revision 20240112120000, which dbmate's record does not have applied"
	assert_eq "$(stamp)" 20240122120000

	# dbmate on its own, all the way: the same schema
	other=$(new_db other)
	dbmate_on "$other" "$FIX"
	"$MIGRATOR" -d "$other" -m "$MIGS" adopt --from dbmate
	assert_eq "$(stamp_on "$other")" 20240122120000
	diff -u <(schema_of "$other") <(schema_of "$DB_URL")
}

@test "dbmate: adopt refuses a version no file has, and a gap, writing nothing" {
	local half="$BATS_TEST_TMPDIR/half"
	mkdir "$half"
	for f in $(ls "$FIX" | head -n 4); do cp "$FIX/$f" "$half/"; done
	dbmate_on "$DB_URL" "$half"
	"$MIGRATOR" import --from dbmate -m "$MIGS" "$FIX" >/dev/null

	# a gap: the third is not applied, the fourth is
	sql "DELETE FROM schema_migrations WHERE version = '20240103120000'"
	run --separate-stderr mg adopt --from dbmate
	assert_status 1
	assert_error "version 20240104120000 is applied but revision 20240103120000, which comes before it, is not"
	assert_eq "$(stamp)" none

	# a version that no file has
	sql "INSERT INTO schema_migrations (version) VALUES ('20240103120000'), ('20991231000000')"
	run --separate-stderr mg adopt --from dbmate
	assert_status 1
	assert_error "dbmate version 20991231000000 is applied, but no migration file has it"
	assert_eq "$(stamp)" none

	# no dbmate table at all (an empty file is an empty SQLite database)
	local empty
	empty=$(new_db empty)
	[ "$BACKEND" = postgresql ] || : >"${empty#sqlite:///}"
	run --separate-stderr "$MIGRATOR" -d "$empty" -m "$MIGS" adopt --from dbmate
	assert_status 1
	assert_error "the database has no dbmate table schema_migrations"
}

@test "dbmate: bad inputs are refused by name and nothing is written" {
	local src="$BATS_TEST_TMPDIR/src"
	mkdir "$src"
	cp "$FIX"/2024010[1-3]*.sql "$src/"

	# an unknown file pattern
	echo 'x' >"$src/notes.txt"
	run --separate-stderr "$MIGRATOR" import --from dbmate -m "$MIGS" "$src"
	assert_status 3
	assert_error "$src/notes.txt is not a dbmate migration"
	[ ! -e "$MIGS" ]
	rm "$src/notes.txt"

	# no up block
	printf -- '-- migrate:down\nDROP TABLE x;\n' >"$src/20240104000000_no_up.sql"
	run --separate-stderr "$MIGRATOR" import --from dbmate -m "$MIGS" "$src"
	assert_status 3
	assert_error "$src/20240104000000_no_up.sql: no \"-- migrate:up\" block"
	[ ! -e "$MIGS" ]
	rm "$src/20240104000000_no_up.sql"

	# a newline in a file name: it would break the comment lines it goes in
	printf -- '-- migrate:up\nSELECT 1;\n' >"$src/20240104000000_two"$'\n'"lines.sql"
	run --separate-stderr "$MIGRATOR" import --from dbmate -m "$MIGS" "$src"
	assert_status 3
	assert_error "$src/20240104000000_two\\\\nlines.sql: a file name with a newline cannot be imported"
	[ ! -e "$MIGS" ]
	rm "$src/20240104000000_two"$'\n'"lines.sql"

	# a duplicate version
	cp "$FIX"/20240102120000_create_posts.sql "$src/20240102120000_again.sql"
	run --separate-stderr "$MIGRATOR" import --from dbmate -m "$MIGS" "$src"
	assert_status 3
	assert_error "have the same version 20240102120000"
	[ ! -e "$MIGS" ]
	rm "$src/20240102120000_again.sql"

	# a revision that exists already: the files written before it go again
	mkdir "$MIGS"
	cp "$src"/20240103120000_add_users_name.sql "$MIGS/20240103120000_x.sql"
	printf -- '-- migrator:revision 20240103120000\n-- migrator:upgrade\n' >"$MIGS/20240103120000_x.sql"
	run --separate-stderr "$MIGRATOR" import --from dbmate -m "$MIGS" "$src"
	assert_status 2
	assert_error "revision 20240103120000 exists already"
	assert_eq "$(ls "$MIGS")" "20240103120000_x.sql"

	# an unknown format
	run --separate-stderr "$MIGRATOR" import --from liquibase "$src"
	assert_status 2
	assert_error 'unknown format "liquibase"'
	run --separate-stderr "$MIGRATOR" import "$src"
	assert_status 2
	assert_error "import needs --from FORMAT"
}
