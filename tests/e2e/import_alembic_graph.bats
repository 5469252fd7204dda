#!/usr/bin/env bats
# import_alembic_graph.bats - contrib/migrator-import-alembic (issue 17
# item 1) without a database server: the converted graph against the real
# Alembic's `heads` and `history`, a revision that cannot run offline, and
# bad inputs (each a clear error naming the file, exit 1, nothing written).
# SQLite only.  Upgrades on both backends: import_alembic.bats.

load helpers

PROJECT="$TOP_SRCDIR/tests/e2e/alembic"
IMPORTER="$TOP_SRCDIR/contrib/migrator-import-alembic"
CONV="$BATS_FILE_TMPDIR/migrations"
A20=9def0128ea20 # the fixture's head

export PYTHONDONTWRITEBYTECODE=1

setup_file() {
	/usr/bin/python3 -c 'import alembic' ||
		fail "Alembic is missing: apt-get install python3-alembic"
	"$IMPORTER" --config "$PROJECT/alembic.ini" -m "$CONV" >/dev/null ||
		fail "the import failed"
}

alembic() {
	/usr/bin/python3 -m alembic -c "$PROJECT/alembic.ini" -x url=sqlite:// "$@"
}

# graph_lines: heads or history lines as a sorted set, with the markers
# (head), (branchpoint), (mergepoint) kept and the rest in parentheses
# left out: Alembic shows the branch labels a revision inherits, and the
# dependencies beside the parents; migrator the labels a revision declares.
graph_lines() {
	sed -E -e 's/ \((head|branchpoint|mergepoint)\)/ <\1>/g' \
		-e 's/ \([^)]*\)//g' | sort
}

# copy_project: a copy of the fixture project in $P, to break.
copy_project() {
	P="$BATS_TEST_TMPDIR/project"
	cp -R "$PROJECT" "$P" && chmod -R u+w "$P" # distcheck: a read-only source tree
}

# add_revision ID BODY: a revision after the head in the copied project,
# whose upgrade() is BODY.
add_revision() {
	cat >"$P/versions/${1}_added.py" <<-EOF
		"""added revision"""
		from alembic import op
		import sqlalchemy as sa

		revision = "$1"
		down_revision = "$A20"
		branch_labels = None
		depends_on = None


		def upgrade():
		    $2


		def downgrade():
		    op.drop_table("t_added")
	EOF
}

# assert_nothing_written DIR LISTING: DIR still holds exactly LISTING.
assert_nothing_written() {
	assert_eq "$(cd "$1" && ls -A)" "$2"
	assert_eq "$(ls -A "$(dirname "$1")" | grep -c '^\.migrator-import-')" 0
}

@test "alembic import graph: migrator heads and history show Alembic's graph" {
	run --separate-stderr alembic heads
	assert_status 0
	local want=$output
	run --separate-stderr "$MIGRATOR" -m "$CONV" heads
	assert_status 0
	assert_eq "$(graph_lines <<<"$output")" "$(graph_lines <<<"$want")"

	run --separate-stderr alembic history
	assert_status 0
	want=$(graph_lines <<<"$output")
	assert_eq "$(wc -l <<<"$want")" 26
	run --separate-stderr "$MIGRATOR" -m "$CONV" history
	assert_status 0
	diff -u <(printf '%s\n' "$want") <(graph_lines <<<"$output")

	# The order: Alembic's own changes from run to run among independent
	# branches (it follows Python's set order, PYTHONHASHSEED); migrator's
	# lists every revision before its parents and dependencies, as
	# Alembic's does.
	"$MIGRATOR" -m "$CONV" history --format json >"$BATS_TEST_TMPDIR/h.json"
	assert_eq "$(jq '.history | length' "$BATS_TEST_TMPDIR/h.json")" 26
	assert_eq "$(jq '.history as $h
		| ($h | to_entries | map({key: .value.revision, value: .key})
		   | from_entries) as $pos
		| [$h[] | . as $r | ($r.parents + $r.depends_on)[]
		   | select($pos[.] <= $pos[$r.revision])] | length' \
		"$BATS_TEST_TMPDIR/h.json")" 0

	# Labels and dependencies exactly as the revision files declare them,
	# merge parents in their order.
	assert_eq "$(jq -c '[.history[] | select(.branch_labels != [])
		| [.revision, .branch_labels]] | sort' "$BATS_TEST_TMPDIR/h.json")" \
		'[["5f6b8daec006",["tagging"]],["e2f4b6d7f901",["audit"]]]'
	assert_eq "$(jq -c '[.history[] | select(.depends_on != [])
		| [.revision, .depends_on]]' "$BATS_TEST_TMPDIR/h.json")" \
		'[["04b6d8f9b103",["1b2d4f6a8c02"]]]'
	assert_eq "$(jq -c '[.history[] | select(.mergepoint)
		| [.revision, .parents]] | sort' "$BATS_TEST_TMPDIR/h.json")" \
		'[["15c7e9a0c212",["d1e3a5c6e811","04b6d8f9b103"]],["bfc1e3a4c609",["7b8dafc0e208","aeb0d2f3b508"]]]'
	# Targets through the labels work the same way.
	run --separate-stderr alembic show audit@head
	assert_match "$output" "^Rev: $A20 "
	run --separate-stderr "$MIGRATOR" -m "$CONV" show audit@head
	assert_status 0
	assert_match "$output" "^Rev: $A20"
}

@test "alembic import graph: code that cannot run offline (reads the database, batch without copy_from) is listed, its sections left out; running it is exit 3" {
	copy_project
	add_revision a1b2c3d4e5f6 'n = op.get_bind().execute(sa.text("SELECT count(*) FROM users")).scalar()'
	run --separate-stderr "$IMPORTER" --script-location "$P" -m out --dialects sqlite
	assert_status 0
	assert_match "$output" "^converted 26 of 27 Alembic revisions from $P into out \(dialects: sqlite\)"
	assert_match "$output" "
not converted \(1 sections of 1 revisions; their files lack these sections\):
  a1b2c3d4e5f6 sqlite upgrade \($P/versions/a1b2c3d4e5f6_added.py\): AttributeError: .* \(line 12\)$"
	f=out/a1b2c3d4e5f6_added_revision.sql
	assert_match "$(cat "$f")" "-- NOT CONVERTED, sqlite upgrade: AttributeError"
	run grep -c '^-- migrator:upgrade' "$f"
	assert_eq "$output" 0
	run grep -c '^-- migrator:downgrade sqlite$' "$f"
	assert_eq "$output" 1

	# Up to the head Alembic had, fine; the revision itself is refused
	# before anything runs.
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m out upgrade "$A20"
	assert_status 0
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m out upgrade head
	assert_status 3
	assert_match "$stderr" "a1b2c3d4e5f6"
	assert_eq "$(stamp)" "$A20"

	# batch_alter_table without copy_from: SQLite's table rebuild must
	# reflect the table, PostgreSQL's ALTER need not.
	rm "$P/versions/a1b2c3d4e5f6_added.py"
	add_revision b2c3d4e5f6a1 $'with op.batch_alter_table("users") as batch:\n        batch.drop_column("email")'
	run --separate-stderr "$IMPORTER" --script-location "$P" -m out2
	assert_status 0
	assert_match "$output" "
  b2c3d4e5f6a1 sqlite upgrade \($P/versions/b2c3d4e5f6a1_added.py\): CommandError: This operation cannot proceed in --sql mode; batch mode with dialect sqlite requires a live database connection .*\"copy_from\" argument .* \(line 12\)$"
	assert_eq "$(grep '^-- migrator:' out2/b2c3d4e5f6a1_added_revision.sql | tail -n 3)" \
		"-- migrator:downgrade sqlite
-- migrator:upgrade postgresql
-- migrator:downgrade postgresql"
	assert_match "$(cat out2/b2c3d4e5f6a1_added_revision.sql)" "
-- migrator:upgrade postgresql
ALTER TABLE users DROP COLUMN email;
"
}

@test "alembic import graph: a missing script directory is an error, nothing written" {
	run --separate-stderr "$IMPORTER" --script-location "$BATS_TEST_TMPDIR/nowhere" -m out
	assert_status 1
	assert_eq "$stderr" "migrator-import-alembic: error: script directory $BATS_TEST_TMPDIR/nowhere: no such directory"
	[ ! -e out ]

	run --separate-stderr "$IMPORTER" --config "$BATS_TEST_TMPDIR/alembic.ini" -m out
	assert_status 1
	assert_eq "$stderr" "migrator-import-alembic: error: $BATS_TEST_TMPDIR/alembic.ini: no such file"

	printf '[alembic]\nscript_location = alembic\n' >alembic.ini
	run --separate-stderr "$IMPORTER" --config alembic.ini -m out
	assert_status 1
	assert_match "$stderr" "^migrator-import-alembic: error: script directory alembic.ini \(script_location = alembic\): no such directory
hint: A relative script_location is relative to the working directory"
	[ ! -e out ]
}

@test "alembic import graph: a revision file that fails to import, or names no parent, is an error naming it, nothing written" {
	copy_project
	mkdir out
	touch out/keep.sql
	printf 'import no_such_module_for_migrator\nrevision = "bad1"\n' \
		>"$P/versions/bad1_broken.py"
	run --separate-stderr "$IMPORTER" --script-location "$P" -m out
	assert_status 1
	assert_match "$stderr" "^migrator-import-alembic: error: cannot load revision file $P/versions/bad1_broken.py:1: ModuleNotFoundError: No module named 'no_such_module_for_migrator'"
	assert_nothing_written out keep.sql

	printf 'revision = "bad1"\ndown_revision = (\n' >"$P/versions/bad1_broken.py"
	run --separate-stderr "$IMPORTER" --script-location "$P" -m out
	assert_status 1
	assert_match "$stderr" "^migrator-import-alembic: error: cannot load revision file $P/versions/bad1_broken.py:2: SyntaxError: "
	assert_nothing_written out keep.sql

	printf 'revision = "bad1"\ndown_revision = "0123456789ab"\n' >"$P/versions/bad1_broken.py"
	run --separate-stderr "$IMPORTER" --script-location "$P" -m out
	assert_status 1
	assert_eq "$stderr" "migrator-import-alembic: error: $P/versions/bad1_broken.py: down_revision \"0123456789ab\" names no revision"
	assert_nothing_written out keep.sql
}

@test "alembic import graph: an existing file is never replaced, nothing written" {
	mkdir out
	cp "$CONV/${A20}_add_users_active.sql" out/
	echo "-- edited" >>"out/${A20}_add_users_active.sql"
	sum=$(sha256sum "out/${A20}_add_users_active.sql")
	run --separate-stderr "$IMPORTER" --config "$PROJECT/alembic.ini" -m out
	assert_status 1
	assert_match "$stderr" "^migrator-import-alembic: error: out/${A20}_add_users_active.sql: already exists"
	assert_nothing_written out "${A20}_add_users_active.sql"
	assert_eq "$(sha256sum "out/${A20}_add_users_active.sql")" "$sum"
}

@test "alembic import graph: usage errors are exit 2" {
	run --separate-stderr "$IMPORTER" --config "$PROJECT/alembic.ini" -m out --dialects sqlite,mysql
	assert_status 2
	assert_match "$stderr" "error: --dialects: unknown dialect \"mysql\""
	run --separate-stderr "$IMPORTER" --config "$PROJECT/alembic.ini"
	assert_status 2
	run --separate-stderr "$IMPORTER" --config "$PROJECT/alembic.ini" --script-location "$PROJECT" -m out
	assert_status 2
	[ ! -e out ]
}

@test "alembic import graph: MIGRATOR_PYTHON chooses the interpreter; one without alembic is a clear error" {
	# /usr/bin/python3 -S: without site-packages, so without alembic.
	printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >nosite
	chmod +x nosite
	MIGRATOR_PYTHON=./nosite run --separate-stderr "$IMPORTER" --config "$PROJECT/alembic.ini" -m out
	assert_status 1
	assert_match "$stderr" "^migrator-import-alembic: error: cannot import alembic \(No module named 'alembic'; tried /usr/bin/python3"
	assert_match "$stderr" "hint: Install Alembic \(apt-get install python3-alembic\), or set MIGRATOR_PYTHON"
	# a path of this test's own: /nonexistent is the home of system users
	# such as nobody, and something may make it
	MIGRATOR_PYTHON=$BATS_TEST_TMPDIR/no-python run --separate-stderr "$IMPORTER" --config "$PROJECT/alembic.ini" -m out
	assert_status 1
	assert_eq "$stderr" "migrator-import-alembic: error: cannot run MIGRATOR_PYTHON=$BATS_TEST_TMPDIR/no-python: No such file or directory"
	[ ! -e out ]
	MIGRATOR_PYTHON=/usr/bin/python3 run --separate-stderr "$IMPORTER" --config "$PROJECT/alembic.ini" -m out --dialects postgresql
	assert_status 0
	assert_eq "$(ls out | wc -l)" 26
}
