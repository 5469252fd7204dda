#!/usr/bin/env bats
# import_formats.bats - `migrator import` and `migrator adopt` for
# golang-migrate and Flyway (issue 17), on each backend.  Neither tool is
# packaged here, so the tests play it: they run the tool's own SQL files
# in its order and keep its version table exactly as its documentation
# lays it out (golang-migrate's database drivers: schema_migrations with
# version and dirty, one row; Flyway: flyway_schema_history, one row per
# migration run, with installed_rank and success).  Fixtures:
# tests/fixtures/import_golang (22 versions, up and down files) and
# tests/fixtures/import_flyway (22 versions, dotted and underscored, undo
# files, a repeatable and a Java migration).

load helpers

GOLANG="$FIXTURES/import_golang/migrations"
FLYWAY="$FIXTURES/import_flyway/sql"

setup() {
	e2e_setup
	MIGS="$BATS_TEST_TMPDIR/migs"
}

# touch_db URL: a SQLite file for sql_on (the tool would have made it).
touch_db() {
	case $1 in sqlite:*) touch "${1#sqlite:///}" ;; esac
}

# run_files URL FILE...: what the tool does with each file: run it.
run_files() {
	local url=$1 f
	touch_db "$url"
	shift
	for f in "$@"; do
		case $url in
		sqlite:*) "$SQLITE" -batch -bail "${url#sqlite:///}" <"$f" ;;
		*) psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$f" ;;
		esac >/dev/null 2>&1 || { echo "cannot run $f" >&2; return 1; }
	done
}

# golang_table URL VERSION DIRTY: golang-migrate's table as its drivers
# create it (postgres: bigint and boolean; sqlite3: uint64 and bool with a
# unique index), holding its one row.
golang_table() {
	touch_db "$1"
	case $1 in
	sqlite:*)
		sql_on "$1" "CREATE TABLE schema_migrations (version uint64, dirty bool);
			CREATE UNIQUE INDEX version_unique ON schema_migrations (version);
			INSERT INTO schema_migrations (version, dirty) VALUES ($2, $3)"
		;;
	*)
		sql_on "$1" "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
			INSERT INTO schema_migrations (version, dirty) VALUES ($2, $3 = 1)"
		;;
	esac
}

# flyway_table URL: Flyway's history table (its PostgreSQL and SQLite
# layouts agree but for the types of installed_on).
flyway_table() {
	local on="TIMESTAMP NOT NULL DEFAULT now()"
	touch_db "$1"
	case $1 in sqlite:*) on="TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now'))" ;; esac
	sql_on "$1" "CREATE TABLE flyway_schema_history (
		installed_rank INT NOT NULL,
		version VARCHAR(50),
		description VARCHAR(200) NOT NULL,
		type VARCHAR(20) NOT NULL,
		script VARCHAR(1000) NOT NULL,
		checksum INT,
		installed_by VARCHAR(100) NOT NULL,
		installed_on $on,
		execution_time INT NOT NULL,
		success BOOLEAN NOT NULL,
		CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank));
		CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success)"
}

# flyway_row URL RANK VERSION SCRIPT [TYPE [SUCCESS]]
flyway_row() {
	local ok=${6:-true}
	case $1 in sqlite:*) [ "$ok" = true ] && ok=1 || ok=0 ;; esac
	sql_on "$1" "INSERT INTO flyway_schema_history (installed_rank, version,
		description, type, script, checksum, installed_by, execution_time, success)
		VALUES ($2, $3, 'd', '${5:-SQL}', '$4', 0, 'flyway', 1, $ok)"
}

# the versioned files of the Flyway fixture in Flyway's order (the order
# migrator's history shows after the import, oldest first)
flyway_order() {
	"$MIGRATOR" -m "$MIGS" history | sed -E 's/.*-> ([0-9_]+).*/\1/' | tac
}

@test "golang-migrate: import, adopt a halfway database, upgrade head: rows kept, the tool's schema" {
	local other files
	run --separate-stderr "$MIGRATOR" import --from golang-migrate -m "$MIGS" "$GOLANG"
	assert_status 0
	assert_match "$output" "imported 22 revisions from golang-migrate"
	assert_eq "$("$MIGRATOR" -m "$MIGS" heads)" "22 (head)"
	grep -qx -- '-- migrator:revision 7' "$MIGS"/7_*.sql
	grep -qx -- '-- migrator:down_revision 6' "$MIGS"/7_*.sql

	files=$(ls "$GOLANG"/*.up.sql | head -n 11)
	run_files "$DB_URL" $files
	golang_table "$DB_URL" 11 0
	sql "INSERT INTO users (id, email) VALUES (1, 'ann@example.com')"

	run --separate-stderr mg adopt --from golang-migrate
	assert_status 0
	assert_eq "$output" "stamped 11 (golang-migrate version 11)"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^upgrade ')" 11
	assert_eq "$(sql "SELECT email FROM users")" "ann@example.com"
	assert_eq "$(sql "SELECT version FROM schema_migrations")" 11

	other=$(new_db other)
	run_files "$other" "$GOLANG"/*.up.sql
	golang_table "$other" 22 0
	"$MIGRATOR" -d "$other" -m "$MIGS" adopt --from golang-migrate
	diff -u <("$MIGRATOR" -d "$other" -m "$MIGS" dump | grep -v schema_migrations) \
		<(mg dump | grep -v schema_migrations)
}

@test "golang-migrate: a dirty database and a version no file has are refused; --table" {
	"$MIGRATOR" import --from golang-migrate -m "$MIGS" "$GOLANG" >/dev/null
	run_files "$DB_URL" "$GOLANG"/00000[1-3]_*.up.sql
	golang_table "$DB_URL" 3 1
	run --separate-stderr mg adopt --from golang-migrate
	assert_status 1
	assert_error "the database is dirty: golang-migrate's version 3 failed halfway"
	assert_match "$stderr" "migrate force"
	assert_eq "$(stamp)" none
	sql "UPDATE schema_migrations SET version = 40, dirty = (1 = 0)"
	run --separate-stderr mg adopt --from golang-migrate
	assert_status 1
	assert_error "golang-migrate version 40 is applied, but no migration file has it"
	assert_eq "$(stamp)" none

	# golang-migrate's x-migrations-table: --table names it
	sql "UPDATE schema_migrations SET version = 3"
	sql "ALTER TABLE schema_migrations RENAME TO gm_versions"
	run --separate-stderr mg adopt --from golang-migrate
	assert_status 1
	assert_error "the database has no golang-migrate table schema_migrations"
	run --separate-stderr mg adopt --from golang-migrate --table ''
	assert_status 2
	assert_error "empty --table"
	assert_eq "$(stamp)" none
	run --separate-stderr mg adopt --from golang-migrate --table gm_versions
	assert_status 0
	assert_eq "$output" "stamped 3 (golang-migrate version 3)"
	assert_eq "$(stamp)" 3
}

@test "golang-migrate: bad inputs: a duplicate version, a file of no known pattern, a down without up" {
	local src="$BATS_TEST_TMPDIR/src"
	mkdir "$src"
	cp "$GOLANG"/00000[1-2]_*.sql "$src/"
	cp "$GOLANG"/000002_create_posts.up.sql "$src/2_posts_again.up.sql"
	run --separate-stderr "$MIGRATOR" import --from golang-migrate -m "$MIGS" "$src"
	assert_status 3
	assert_error "a second up migration for version 2"
	[ ! -e "$MIGS" ]
	rm "$src/2_posts_again.up.sql"
	touch "$src/3_x.sideways.sql"
	run --separate-stderr "$MIGRATOR" import --from golang-migrate -m "$MIGS" "$src"
	assert_status 3
	assert_error "$src/3_x.sideways.sql is not a golang-migrate migration"
	rm "$src/3_x.sideways.sql"
	touch "$src/3_x.down.sql"
	run --separate-stderr "$MIGRATOR" import --from golang-migrate -m "$MIGS" "$src"
	assert_status 3
	assert_error "$src/3_x.down.sql has no up migration"
	[ ! -e "$MIGS" ]
}

@test "flyway: import (dotted and underscored versions, undo files), adopt, upgrade head" {
	local other order rank=0 v f
	run --separate-stderr "$MIGRATOR" import --from flyway -m "$MIGS" "$FLYWAY"
	assert_status 0
	assert_match "$output" "imported 22 revisions from flyway"
	assert_match "$output" "version map: 1.2 = revision 1_2"
	assert_match "$output" "not imported: R__refresh_settings_view.sql: repeatable migration"
	assert_match "$output" "not imported: V17__Backfill_audit.java: Java migration"
	order=$(flyway_order | tr '\n' ' ')
	assert_eq "$order" "1 1_1 1_2 1_9 1_10 2 2_1 3 4 5 6 7 8 9 10 11 11_5 12 13 14 15 16 "
	grep -qx -- '-- Version map: 1.10 = revision 1_10 (a revision ID has only A-Z, a-z, 0-9 and _, at most 32).' "$MIGS"/1_10_*.sql
	# U7__ is revision 7's downgrade
	grep -qx 'DROP INDEX users_email_idx;' "$MIGS"/7_*.sql

	# Flyway ran the first 11 versions (the repeatable one too)
	flyway_table "$DB_URL"
	for v in $(flyway_order | head -n 11); do
		f=$(ls "$FLYWAY" | grep -E "^V${v//_/[._]}__")
		run_files "$DB_URL" "$FLYWAY/$f"
		rank=$((rank + 1))
		flyway_row "$DB_URL" $rank "'${v//_/.}'" "$f"
	done
	run_files "$DB_URL" "$FLYWAY/R__refresh_settings_view.sql"
	flyway_row "$DB_URL" $((rank + 1)) NULL R__refresh_settings_view.sql
	sql "INSERT INTO users (id, email) VALUES (1, 'ann@example.com')"
	run --separate-stderr mg adopt --from flyway
	assert_status 0
	assert_eq "$output" "stamped 6 (flyway version 6)"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^upgrade ')" 11
	assert_eq "$(sql "SELECT email FROM users")" "ann@example.com"

	# Flyway on its own, all the way (less the repeatable migration, which
	# is not imported): the same schema
	other=$(new_db other)
	flyway_table "$other"
	rank=0
	for v in $(flyway_order); do
		f=$(ls "$FLYWAY" | grep -E "^V${v//_/[._]}__")
		run_files "$other" "$FLYWAY/$f"
		rank=$((rank + 1))
		flyway_row "$other" $rank "'${v//_/.}'" "$f"
	done
	"$MIGRATOR" -d "$other" -m "$MIGS" adopt --from flyway
	sql "DROP VIEW settings_view"
	diff -u <("$MIGRATOR" -d "$other" -m "$MIGS" dump | grep -v flyway_schema_history) \
		<(mg dump | grep -v flyway_schema_history)

	# downgrade runs the undo files (U16, U15)
	run --separate-stderr mg downgrade 14
	assert_status 0
	refute_table follows

	# the same database, one failed row: refused
	flyway_row "$DB_URL" 50 "'16'" V16__create_follows.sql SQL false
	sql "DELETE FROM migrator_version"
	run --separate-stderr mg adopt --from flyway
	assert_status 1
	assert_error "flyway_schema_history has a failed row for version 16"
	assert_eq "$(stamp)" ""
}

@test "flyway: a baselined database: the versions up to the baseline count as applied" {
	"$MIGRATOR" import --from flyway -m "$MIGS" "$FLYWAY" >/dev/null
	# the schema of versions 1 to 2.1 (1 to 1.10 from before Flyway)
	run_files "$DB_URL" "$FLYWAY"/V1__*.sql "$FLYWAY"/V1.1__*.sql \
		"$FLYWAY"/V1_2__*.sql "$FLYWAY"/V1.9__*.sql "$FLYWAY"/V1.10__*.sql \
		"$FLYWAY"/V2__*.sql "$FLYWAY"/V2.1__*.sql
	flyway_table "$DB_URL"
	flyway_row "$DB_URL" 1 "'1.10'" "<< Flyway Baseline >>" BASELINE
	flyway_row "$DB_URL" 2 "'2'" V2__add_posts_body.sql
	flyway_row "$DB_URL" 3 "'2.1'" V2.1__index_posts_user.sql
	run --separate-stderr mg adopt --from flyway
	assert_status 0
	assert_eq "$output" "stamped 2_1 (flyway version 2.1)"
	# Flyway's table, kept for running both tools side by side, is no drift
	run --separate-stderr mg check
	assert_status 0
	assert_eq "$output" "no drift"
}

@test "flyway: bad inputs: two files of one version, an undo without its version, an unknown file" {
	local src="$BATS_TEST_TMPDIR/src"
	mkdir "$src"
	cp "$FLYWAY"/V1__*.sql "$FLYWAY"/V1.1__*.sql "$src/"
	cp "$FLYWAY"/V1.1__create_posts.sql "$src/V1_1_0__posts_again.sql"
	run --separate-stderr "$MIGRATOR" import --from flyway -m "$MIGS" "$src"
	assert_status 3
	assert_error "have the same version"
	[ ! -e "$MIGS" ]
	rm "$src/V1_1_0__posts_again.sql"
	echo 'DROP TABLE x;' >"$src/U9__nothing.sql"
	run --separate-stderr "$MIGRATOR" import --from flyway -m "$MIGS" "$src"
	assert_status 3
	assert_error "$src/U9__nothing.sql undoes version 9, which no V file has"
	rm "$src/U9__nothing.sql"
	touch "$src/V2_create_nothing.sql"
	run --separate-stderr "$MIGRATOR" import --from flyway -m "$MIGS" "$src"
	assert_status 3
	assert_error "$src/V2_create_nothing.sql is not a Flyway migration"
	[ ! -e "$MIGS" ]
}
