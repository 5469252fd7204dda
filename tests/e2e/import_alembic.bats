#!/usr/bin/env bats
# import_alembic.bats - switching a database from Alembic to migrator with
# `migrator import --from alembic`, which runs
# contrib/migrator-import-alembic (issue 17 item 1), against the real
# Alembic (Debian's python3-alembic, run by /usr/bin/python3; the
# PostgreSQL run also needs python3-psycopg2) on each backend.  The fixture
# project tests/e2e/alembic has 26 revisions: two roots, a branch, two
# merge points, branch_labels, a depends_on, batch operations for SQLite,
# an autocommit block and data operations.  It is converted once per file
# (setup_file) and the converted files are reused by every test.
#
# Graph-only checks (heads, history) and bad inputs: import_alembic_graph.bats.

load helpers

PROJECT="$TOP_SRCDIR/tests/e2e/alembic"
IMPORTER="$TOP_SRCDIR/contrib/migrator-import-alembic"
CONV="$BATS_FILE_TMPDIR/migrations"
# The fixture's revisions used below (see the files for the rest).
B08=7b8dafc0e208 # seed tags (head of the branch "tagging")
C07=9dafc1e2a407 # widen posts.title (batch), the other side of the branch
D03=04b6d8f9b103 # create audit_posts (second root's line; depends_on A02)
A12=15c7e9a0c212 # merge comments and audit
A20=9def0128ea20 # add users.active (the head)

# Loading the fixture's revision files writes no __pycache__ into the tree.
export PYTHONDONTWRITEBYTECODE=1

setup_file() {
	/usr/bin/python3 -c 'import alembic' ||
		fail "Alembic is missing: apt-get install python3-alembic"
	if [ "${MIGRATOR_TEST_BACKEND:-sqlite}" = postgresql ]; then
		/usr/bin/python3 -c 'import psycopg2' ||
			fail "psycopg2 is missing (Alembic's PostgreSQL driver): apt-get install python3-psycopg2"
	fi
	# Through the program, as users run it: import --from alembic finds
	# the converter (here the source tree's) and hands it the project.
	MIGRATOR_LIBEXECDIR="$TOP_SRCDIR/contrib" "$MIGRATOR" import --from alembic \
		"$PROJECT/alembic.ini" -m "$CONV" >"$BATS_FILE_TMPDIR/summary" ||
		fail "the import failed: $(cat "$BATS_FILE_TMPDIR/summary")"
}

# alembic ARGS: the real Alembic on the fixture project.
alembic() {
	/usr/bin/python3 -m alembic -c "$PROJECT/alembic.ini" "$@"
}

# sa_url URL: the SQLAlchemy URL of a test database (new_db's form).
sa_url() {
	case $1 in
	sqlite:*) echo "$1" ;;
	*)
		local base=${MIGRATOR_TEST_PG_URL%%\?*} query=
		case $MIGRATOR_TEST_PG_URL in
		*\?*) query="?${MIGRATOR_TEST_PG_URL#*\?}" ;;
		esac
		echo "${base%/*}/${1##*dbname=}$query"
		;;
	esac
}

# mga URL ARGS: migrator on the converted files and Alembic's table.
mga() {
	local url=$1
	shift
	"$MIGRATOR" -d "$url" -m "$CONV" --version-table alembic_version "$@"
}

@test "alembic import: every revision converted, one file each" {
	run cat "$BATS_FILE_TMPDIR/summary"
	assert_match "$output" "^converted 26 of 26 Alembic revisions from $PROJECT into $CONV \(dialects: sqlite, postgresql\)$"
	assert_eq "$(ls "$CONV" | wc -l)" 26
	assert_eq "$(ls "$CONV" | grep -c '^[0-9a-f]\{12\}_[a-z0-9_]*\.sql$')" 26
	# Alembic's own statements are not carried over.
	run grep -il 'alembic_version\|^BEGIN;\|^COMMIT;' "$CONV"/*.sql
	assert_status 1
}

@test "alembic import: Alembic takes the database halfway, migrator finishes with Alembic's own schema and the rows" {
	local url fresh
	url=$(sa_url "$DB_URL")
	# Three heads: the branch "tagging", the other side of the branch at
	# C07, and the second root's line (which depends on posts).
	alembic -x url="$url" upgrade "$B08"
	alembic -x url="$url" upgrade "$C07"
	alembic -x url="$url" upgrade "$D03"
	assert_eq "$(stamp alembic_version)" "$D03 $B08 $C07"
	sql "INSERT INTO users (id, name, email) VALUES (3, 'cy', 'cy@example.org')"
	sql "INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'hello'), (2, 3, 'x')"
	sql "INSERT INTO post_tags (post_id, tag_id) VALUES (1, 2)"
	sql "INSERT INTO audit_log (id, action, detail) VALUES (1, 'login', 'ok')"

	run --separate-stderr mga "$DB_URL" current
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | sort | tr '\n' ' ')" "$D03 $B08 $C07 "
	run --separate-stderr mga "$DB_URL" upgrade head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^upgrade ')" 13
	assert_eq "$(stamp alembic_version)" "$A20"
	refute_table migrator_version

	# The schema equals the one Alembic reaches on its own, byte for byte.
	fresh=$(new_db fresh)
	alembic -x url="$(sa_url "$fresh")" upgrade head
	mga "$fresh" dump >"$BATS_TEST_TMPDIR/alembic.sql"
	mga "$DB_URL" dump >"$BATS_TEST_TMPDIR/migrator.sql"
	diff -u "$BATS_TEST_TMPDIR/alembic.sql" "$BATS_TEST_TMPDIR/migrator.sql"
	# ... and the one the converted files build (check's scratch database).
	run --separate-stderr mga "$DB_URL" check
	assert_status 0

	# The rows written before the switch, moved through the batch table
	# rebuilds and the renamed column; C08's update ran on them.
	assert_eq "$(sql "SELECT id, username, email FROM users ORDER BY id" | tr '\n' ' ')" \
		"1|ada|ada@example.org 2|o'brien| 3|cy|cy@example.org "
	assert_eq "$(sql "SELECT id, title FROM posts WHERE published ORDER BY id")" "1|hello"
	assert_eq "$(sql "SELECT count(*) FROM users WHERE active")" 3
	assert_eq "$(sql "SELECT t.name FROM post_tags p JOIN tags t ON t.id = p.tag_id")" "it's; odd -- text"
	assert_eq "$(sql "SELECT action, detail FROM audit_log")" "login|ok"
	assert_eq "$(sql "SELECT name, value FROM settings ORDER BY name" | tr '\n' ' ')" "lang|en theme|light "
	assert_eq "$(sql "SELECT id, title FROM published_posts")" "1|hello"
	# Alembic reads migrator's stamp as its own.
	run --separate-stderr alembic -x url="$url" current
	assert_status 0
	assert_match "$output" "^$A20 .*\(head\)$"
}

@test "alembic adopt: Alembic takes the database halfway, adopt stamps migrator's own table, upgrade finishes" {
	local url
	url=$(sa_url "$DB_URL")
	alembic -x url="$url" upgrade "$B08"
	alembic -x url="$url" upgrade "$C07"
	alembic -x url="$url" upgrade "$D03"
	sql "INSERT INTO users (id, name, email) VALUES (3, 'cy', 'cy@example.org')"
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$CONV" adopt --from alembic --dry-run
	assert_status 0
	refute_table migrator_version
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$CONV" adopt --from alembic
	assert_status 0
	assert_eq "$(stamp)" "$D03 $B08 $C07"
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$CONV" upgrade head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^upgrade ')" 13
	assert_eq "$(stamp)" "$A20"
	# Alembic's table is left where Alembic put it.
	assert_eq "$(stamp alembic_version)" "$D03 $B08 $C07"
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$CONV" check
	assert_status 0
	assert_eq "$(sql "SELECT id, username FROM users WHERE id = 3")" "3|cy"
}

@test "alembic import: migrator downgrades with the converted files, Alembic upgrades again" {
	local url
	url=$(sa_url "$DB_URL")
	alembic -x url="$url" upgrade head
	sql "INSERT INTO users (id, username, email) VALUES (3, 'cy', 'cy@example.org')"
	mga "$DB_URL" dump >"$BATS_TEST_TMPDIR/before.sql"

	# Down through the batch rebuilds, the view, the autocommit block and
	# the data operations, to the merge point A12.
	run --separate-stderr mga "$DB_URL" downgrade "$A12"
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^downgrade ')" 8
	assert_eq "$(stamp alembic_version)" "$A12"
	refute_table settings
	assert_eq "$(sql "SELECT id, name, legacy FROM users ORDER BY id" | tr '\n' ' ')" \
		"1|ada| 2|o'brien| 3|cy| "

	run --separate-stderr alembic -x url="$url" upgrade head
	assert_status 0
	assert_eq "$(stamp alembic_version)" "$A20"
	mga "$DB_URL" dump >"$BATS_TEST_TMPDIR/after.sql"
	diff -u "$BATS_TEST_TMPDIR/before.sql" "$BATS_TEST_TMPDIR/after.sql"
	assert_eq "$(sql "SELECT username FROM users WHERE id = 3")" "cy"
}
