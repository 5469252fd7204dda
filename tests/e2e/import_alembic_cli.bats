#!/usr/bin/env bats
# import_alembic.bats - `migrator import --from alembic` hands the work to
# the Python converter migrator-import-alembic (issue 17): how the program
# finds it, the command line it gets (no shell in between), its exit
# status passed on, and the error when it is missing; and `migrator adopt
# --from alembic`, which stamps migrator's table where alembic_version
# stands (on each backend).  The converter's own test runs it for real.

load helpers

setup() {
	e2e_setup
	STUB="$BATS_TEST_TMPDIR/libexec"
	mkdir -p "$STUB"
	# a stand-in converter: prints the arguments it got, exits $STUB_EXIT
	cat >"$STUB/migrator-import-alembic" <<-'PY'
	import json, os, sys
	print("converter got " + json.dumps(sys.argv[1:]))
	sys.exit(int(os.environ.get("STUB_EXIT", "0")))
	PY
}

@test "alembic import: runs the converter from MIGRATOR_LIBEXECDIR with --config or --script-location, -m and --dialects" {
	touch "$BATS_TEST_TMPDIR/alembic.ini"
	mkdir "$BATS_TEST_TMPDIR/alembic dir"
	MIGRATOR_LIBEXECDIR=$STUB run --separate-stderr "$MIGRATOR" import --from alembic \
		-m 'out; rm -rf /' --dialects sqlite,postgresql "$BATS_TEST_TMPDIR/alembic.ini"
	assert_status 0
	assert_eq "$output" "converter got [\"--config\", \"$BATS_TEST_TMPDIR/alembic.ini\", \"-m\", \"out; rm -rf /\", \"--dialects\", \"sqlite,postgresql\"]"
	MIGRATOR_LIBEXECDIR=$STUB run --separate-stderr "$MIGRATOR" -m migs import --from alembic "$BATS_TEST_TMPDIR/alembic dir"
	assert_status 0
	assert_eq "$output" "converter got [\"--script-location\", \"$BATS_TEST_TMPDIR/alembic dir\", \"-m\", \"migs\"]"
	# its exit status is ours
	STUB_EXIT=4 MIGRATOR_LIBEXECDIR=$STUB run --separate-stderr "$MIGRATOR" import --from alembic "$BATS_TEST_TMPDIR/alembic.ini"
	assert_status 4
	assert_error "migrator-import-alembic failed \(exit status 4\)"
	# --dialects is the converter's
	run --separate-stderr "$MIGRATOR" import --from dbmate --dialects sqlite "$BATS_TEST_TMPDIR"
	assert_status 2
	assert_error "--dialects is for --from alembic only"
}

@test "alembic import: MIGRATOR_PYTHON may name a program on PATH" {
	touch "$BATS_TEST_TMPDIR/alembic.ini"
	mkdir "$BATS_TEST_TMPDIR/pybin"
	printf '#!/bin/sh\necho "the python on PATH"\nexec /usr/bin/python3 "$@"\n' \
		>"$BATS_TEST_TMPDIR/pybin/migrator-test-python"
	chmod +x "$BATS_TEST_TMPDIR/pybin/migrator-test-python"
	PATH="$BATS_TEST_TMPDIR/pybin:$PATH" MIGRATOR_PYTHON=migrator-test-python MIGRATOR_LIBEXECDIR=$STUB \
		run --separate-stderr "$MIGRATOR" -m migs import --from alembic "$BATS_TEST_TMPDIR/alembic.ini"
	assert_status 0
	assert_eq "$output" "the python on PATH
converter got [\"--config\", \"$BATS_TEST_TMPDIR/alembic.ini\", \"-m\", \"migs\"]"
	# not found on PATH: a clear error
	MIGRATOR_PYTHON=migrator-no-such-python MIGRATOR_LIBEXECDIR=$STUB \
		run --separate-stderr "$MIGRATOR" -m migs import --from alembic "$BATS_TEST_TMPDIR/alembic.ini"
	assert_status 1
	assert_error "cannot run migrator-no-such-python"
}

@test "alembic import: a missing converter is a clear error" {
	# a copy of the program outside the build tree, so that contrib/ is
	# not beside it
	mkdir "$BATS_TEST_TMPDIR/bin"
	cp "$MIGRATOR" "$BATS_TEST_TMPDIR/bin/migrator"
	touch "$BATS_TEST_TMPDIR/alembic.ini"
	MIGRATOR_LIBEXECDIR=$BATS_TEST_TMPDIR/nowhere run --separate-stderr \
		"$BATS_TEST_TMPDIR/bin/migrator" import --from alembic "$BATS_TEST_TMPDIR/alembic.ini"
	assert_status 2
	assert_error "the Alembic converter migrator-import-alembic is not installed"
	assert_match "$stderr" "MIGRATOR_LIBEXECDIR \($BATS_TEST_TMPDIR/nowhere\)"
	[ ! -e migrations ]
}

@test "alembic adopt: stamps migrator's table at alembic_version's heads, leaves alembic_version alone" {
	[ "$BACKEND" = sqlite ] && touch "$DB_PATH"
	sql "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
		CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
	sql "INSERT INTO alembic_version VALUES ('$R5'), ('$R6')"
	run --separate-stderr mg adopt --from alembic --dry-run
	assert_status 0
	assert_eq "$output" "would stamp $R6, $R5 (alembic version $R6, $R5)"
	assert_eq "$(stamp)" none
	run --separate-stderr mg adopt --from alembic
	assert_status 0
	assert_eq "$(stamp)" "$R6 $R5"
	assert_eq "$(stamp_on "$DB_URL" alembic_version)" "$R6 $R5"
	# a revision the migrations do not have
	sql "INSERT INTO alembic_version VALUES ('0123456789ab')"
	sql "DELETE FROM migrator_version"
	run --separate-stderr mg adopt --from alembic
	assert_status 1
	assert_error "alembic version 0123456789ab is applied, but no migration file has it"
	assert_eq "$(stamp)" ""
}
