#!/usr/bin/env bats
# kratos.bats - a real-world set: Ory Kratos' 694 migrations, converted to
# migrator files, against the schema Kratos' own tooling produces.
#
# On PostgreSQL that schema is built on the same server by Kratos' own SQL
# (the corpus' baseline/all.postgres.up.sql, run by psql as popx runs it),
# and both are read from the catalogs (pg_schema): the same test on every
# server version from 13 to 18.  On PostgreSQL 15, the version the
# corpus' expected/ dump comes from, pg_dump's output must also equal that
# file (pg_dump 15 cannot dump a newer server, and prints an older one's
# defaults differently).
#
# The corpus is $TOP_SRCDIR/tests/corpora/kratos (or KRATOS_CORPUS): a
# missing corpus fails the suite.

load helpers

kratos_paths() {
	CORPUS=${KRATOS_CORPUS:-$TOP_SRCDIR/tests/corpora/kratos}
	[ -d "$CORPUS/migrator" ] && [ -f "$CORPUS/manifest.tsv" ] ||
		fail "the Kratos corpus is missing: $CORPUS (set KRATOS_CORPUS)"
	MIGS="$CORPUS/migrator"
}

# 694 migrations take a while: one run builds the head database, the first
# test checks it, the others work on copies of it.
setup_file() {
	kratos_paths
	case $BACKEND in
	sqlite)
		HEAD_URL="sqlite:///$BATS_FILE_TMPDIR/head.db"
		;;
	postgresql)
		[ -n "${MIGRATOR_TEST_PG_URL:-}" ] || fail "MIGRATOR_TEST_PG_URL is unset"
		HEAD_DB="mgt_kratos_head_$$_$RANDOM"
		psql -X -q -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" \
			-c "CREATE DATABASE \"$HEAD_DB\""
		HEAD_URL="${MIGRATOR_TEST_PG_URL}$(case $MIGRATOR_TEST_PG_URL in *\?*) echo '&' ;; *) echo '?' ;; esac)dbname=$HEAD_DB"
		# The reference: Kratos' own SQL, without migrator.
		REF_DB="mgt_kratos_ref_$$_$RANDOM"
		psql -X -q -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" \
			-c "CREATE DATABASE \"$REF_DB\""
		REF_URL="${HEAD_URL%dbname=*}dbname=$REF_DB"
		psql -X -q -v ON_ERROR_STOP=1 "$REF_URL" \
			-f "$CORPUS/baseline/all.postgres.up.sql" \
			>"$BATS_FILE_TMPDIR/ref.out" 2>&1 ||
			{ cat "$BATS_FILE_TMPDIR/ref.out" >&2; return 1; }
		;;
	esac
	rc=0
	"$MIGRATOR" -d "$HEAD_URL" -m "$MIGS" upgrade head \
		>"$BATS_FILE_TMPDIR/head.out" 2>"$BATS_FILE_TMPDIR/head.err" || rc=$?
	echo "$rc" >"$BATS_FILE_TMPDIR/head.rc"
	export HEAD_URL HEAD_DB REF_URL REF_DB
}

teardown_file() {
	local db
	for db in ${HEAD_DB:-} ${REF_DB:-}; do
		psql -X -q "$MIGRATOR_TEST_PG_URL" \
			-c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
	done
	return 0
}

setup() {
	e2e_setup
	kratos_paths
	# The revisions in order, from the manifest (seq, version, revision, ...).
	mapfile -t CHAIN < <(awk -F'\t' 'NR > 1 { print $3 }' "$CORPUS/manifest.tsv")
	HEAD=${CHAIN[${#CHAIN[@]} - 1]}
}

# This test's database becomes a copy of the head database.
use_copy_of_head() {
	[ "$(cat "$BATS_FILE_TMPDIR/head.rc")" = 0 ] ||
		fail "upgrade head failed: $(cat "$BATS_FILE_TMPDIR/head.err")"
	case $BACKEND in
	sqlite)
		cp "${HEAD_URL#sqlite:///}" "$DB_PATH"
		;;
	postgresql)
		local name="mgt_kratos_$$_${BATS_TEST_NUMBER}_$RANDOM"
		psql -X -q -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" \
			-c "CREATE DATABASE \"$name\" TEMPLATE \"$HEAD_DB\""
		pg_db_made "$name"
		DB_URL="${HEAD_URL%dbname=*}dbname=$name"
		;;
	esac
}

# The live schema, in the form of the expected file, without the stamp
# table (or any other migrator_* table of migrator's own).
live_schema() {
	case $BACKEND in
	sqlite)
		# sqlite_sequence exists once any table uses AUTOINCREMENT: when only
		# migrator's own tables (its run history) do, it is migrator's too.
		local own_seq=0
		[ "$(sql "SELECT count(*) FROM sqlite_master WHERE type = 'table'
			AND name NOT LIKE 'migrator_%' AND name <> 'sqlite_sequence'
			AND sql LIKE '%AUTOINCREMENT%'")" != 0 ] || own_seq=1
		"$SQLITE" -batch "${DB_URL#sqlite:///}" .schema | awk -v own_seq="$own_seq" '
			stmt == "" { skip = ($0 ~ /^CREATE TABLE (IF NOT EXISTS )?["`]?migrator_/) ||
				(own_seq && $0 ~ /^CREATE TABLE sqlite_sequence\(/) }
			{ stmt = stmt $0 "\n" }
			/;$/ { if (!skip) printf "%s", stmt; stmt = "" }
			END { if (!skip) printf "%s", stmt }'
		;;
	postgresql)
		pg_schema "$DB_URL" 'migrator\_%'
		;;
	esac
}

expected_schema() {
	case $BACKEND in
	sqlite) cat "$CORPUS/expected/head.sqlite3.schema.sql" ;;
	postgresql) pg_schema "$REF_URL" ;;
	esac
}

assert_schema_is_head() {
	live_schema >"$BATS_TEST_TMPDIR/live.sql" &&
		expected_schema >"$BATS_TEST_TMPDIR/expected.sql" || return 1
	diff -u "$BATS_TEST_TMPDIR/expected.sql" "$BATS_TEST_TMPDIR/live.sql" >&2 ||
		fail "the schema differs from the corpus' expected head schema"
	# On the server version of the corpus' dump (see the top), pg_dump too.
	if [ "$BACKEND" = postgresql ] &&
		[ "$(sql "SELECT current_setting('server_version_num')::int / 10000")" = 15 ]; then
		pg_dump --schema-only --no-owner --exclude-table='migrator_*' "$DB_URL" \
			>"$BATS_TEST_TMPDIR/live.dump" || return 1
		diff -u <(normalise_dump <"$CORPUS/expected/head.postgres.schema.sql") \
			<(normalise_dump <"$BATS_TEST_TMPDIR/live.dump") >&2 ||
			fail "pg_dump differs from the corpus' expected/head.postgres.schema.sql"
	fi
}

# Only the stamp table is left (and on PostgreSQL the two extensions that
# Kratos' first migrations create and never drop).
assert_schema_is_empty() {
	case $BACKEND in
	sqlite)
		assert_eq "$(sql "SELECT type || ' ' || name FROM sqlite_master
			WHERE name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE 'migrator_%'")" ""
		;;
	postgresql)
		# A new database with the two extensions, read the same way.
		local empty
		empty=$(new_db empty) &&
			sql_on "$empty" "CREATE EXTENSION btree_gin; CREATE EXTENSION pg_trgm" ||
			return 1
		assert_eq "$(live_schema)" "$(pg_schema "$empty")"
		assert_eq "$(sql "SELECT string_agg(extname, ' ' ORDER BY extname)
			FROM pg_extension")" "btree_gin pg_trgm plpgsql"
		;;
	esac
	assert_eq "$(stamp)" ""
}

@test "kratos: upgrade head from empty gives exactly the expected schema" {
	DB_URL=$HEAD_URL # built by setup_file; not changed here
	status=$(cat "$BATS_FILE_TMPDIR/head.rc")
	output=$(cat "$BATS_FILE_TMPDIR/head.out")
	stderr=$(cat "$BATS_FILE_TMPDIR/head.err")
	assert_status 0
	assert_eq "$(stamp)" "$HEAD"
	assert_schema_is_head
	# a second run has nothing to do
	run --separate-stderr mg upgrade --dry-run head
	assert_status 0
	assert_no_match "$output" "[0-9a-f]{12}"
}

@test "kratos: downgrade base leaves an empty database" {
	use_copy_of_head
	run --separate-stderr mg downgrade base
	assert_status 0
	assert_schema_is_empty
}

@test "kratos: the last 23 revisions step down one at a time and back up" {
	use_copy_of_head
	# (not "i": bats' run sets a global i)
	n=${#CHAIN[@]}
	for ((k = n - 2; k >= n - 24; k--)); do
		run --separate-stderr mg downgrade -1
		assert_status 0
		assert_eq "$(stamp)" "${CHAIN[$k]}"
	done
	for ((k = n - 23; k <= n - 1; k++)); do
		run --separate-stderr mg upgrade +1
		assert_status 0
		assert_eq "$(stamp)" "${CHAIN[$k]}"
	done
	assert_eq "$(stamp)" "$HEAD"
	assert_schema_is_head
}
