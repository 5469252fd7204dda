#!/usr/bin/env bats
# authoring.bats - init, revision and merge, and adopting a database that
# Alembic managed through --version-table alembic_version (DESIGN 3, 5, 8).
#
# The authoring commands need no database; the tests that fill in SQL and
# upgrade, and the Alembic tests, run on each backend.

load helpers

# The sample without its merge revision: two heads, R5 and R6.
two_heads() {
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" "$R1"_*.sql "$R2"_*.sql "$R3"_*.sql "$R4"_*.sql \
		"$R5"_*.sql "$R6"_*.sql
}

# gm ARGS: migrator on this test's migrations, without a database.
gm() {
	"$MIGRATOR" -m "$MIGS" "$@"
}

# The files of $MIGS, one per line.
files() {
	(cd "$MIGS" && ls)
}

# new_file_from_output: checks that the last run printed one path, of a
# file named <12 hex>_<slug>.sql inside $MIGS, and sets NEW (the path) and
# NEW_ID (its revision).
new_file_from_output() {
	local name
	[ "$(printf '%s\n' "$output" | grep -c .)" = 1 ] ||
		fail "expected one line (the path), got: $output"
	NEW=$output
	[ -f "$NEW" ] || fail "no file $NEW"
	[ "$(dirname "$NEW")" = "$MIGS" ] || fail "$NEW is not in $MIGS"
	name=$(basename "$NEW")
	assert_match "$name" '^[0-9a-f]{12}_[a-z0-9_]+\.sql$'
	NEW_ID=${name%%_*}
	grep -qx -- "-- migrator:revision $NEW_ID" "$NEW" ||
		fail "$NEW does not carry revision $NEW_ID"
}

# header KEY FILE: the value of "-- migrator:KEY" in FILE.
header() {
	sed -n "s/^-- migrator:$1 *//p" "$2"
}

# fill FILE UP DOWN: puts SQL into the (empty) plain sections of FILE.
fill() {
	awk -v up="$2" -v down="$3" '
		{ print }
		$0 == "-- migrator:upgrade" { print up }
		$0 == "-- migrator:downgrade" { print down }' "$1" >"$1.tmp" &&
		mv "$1.tmp" "$1"
}

# --- init ---------------------------------------------------------------

@test "init creates migrations/ and migrator.ini pointing at it; the project works" {
	mkdir proj && cd proj
	run --separate-stderr "$MIGRATOR" init
	assert_status 0
	[ -d migrations ] || fail "no migrations directory"
	[ -f migrator.ini ] || fail "no migrator.ini"
	assert_match "$output" "created directory migrations"
	assert_match "$output" "created migrator.ini"
	grep -qx '\[migrator\]' migrator.ini
	grep -qx 'migrations = migrations' migrator.ini
	# the url line is there, commented, with the SQLite example
	grep -qE '^# *url = sqlite:///' migrator.ini
	! grep -qE '^url' migrator.ini || fail "url is set"
	# the config is read: revision writes into migrations/
	run --separate-stderr "$MIGRATOR" revision -m "first"
	assert_status 0
	assert_match "$output" '^migrations/[0-9a-f]{12}_first\.sql$'
	id=$(basename "$output" | cut -c1-12)
	# and, with a URL, upgrade runs it
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$id"
}

@test "init DIR uses that directory; an existing empty directory is adopted" {
	mkdir proj && cd proj
	run --separate-stderr "$MIGRATOR" init db/migrations
	assert_status 0
	[ -d db/migrations ] || fail "no db/migrations"
	grep -qx 'migrations = db/migrations' migrator.ini
	rm migrator.ini
	run --separate-stderr "$MIGRATOR" init db/migrations
	assert_status 0
	assert_match "$output" "using empty directory db/migrations"
	run --separate-stderr "$MIGRATOR" revision -m "x"
	assert_status 0
	assert_match "$output" '^db/migrations/[0-9a-f]{12}_x\.sql$'
}

@test "init refuses an existing migrator.ini: exit 2, nothing changed" {
	mkdir proj && cd proj
	printf '[migrator]\nmigrations = elsewhere\n' >migrator.ini
	before=$(cat migrator.ini)
	run --separate-stderr "$MIGRATOR" init
	assert_status 2
	assert_error "migrator.ini already exists"
	assert_eq "$(cat migrator.ini)" "$before"
	[ ! -e migrations ] || fail "migrations was created"
}

@test "init refuses a directory that is not empty: exit 2, no migrator.ini" {
	mkdir proj && cd proj
	mkdir migrations && touch migrations/keep.sql
	run --separate-stderr "$MIGRATOR" init
	assert_status 2
	assert_error "migrations is not empty"
	[ ! -e migrator.ini ] || fail "migrator.ini was written"
	touch plain
	run --separate-stderr "$MIGRATOR" init plain
	assert_status 2
	assert_error "not a directory"
	[ ! -e migrator.ini ] || fail "migrator.ini was written"
}

# --- revision -----------------------------------------------------------

@test "revision in an empty directory writes a root with empty sections" {
	MIGS="$BATS_TEST_TMPDIR/migs" && mkdir "$MIGS"
	run --separate-stderr gm revision -m "Create users: id, name!"
	assert_status 0
	new_file_from_output
	assert_match "$(basename "$NEW")" '^[0-9a-f]{12}_create_users_id_name\.sql$'
	assert_eq "$(header down_revision "$NEW")" ""
	assert_eq "$(header message "$NEW")" "Create users: id, name!"
	grep -qx -- '-- migrator:upgrade' "$NEW"
	grep -qx -- '-- migrator:downgrade' "$NEW"
	# the graph loads with it: it is the one head and the one root
	run --separate-stderr gm heads
	assert_status 0
	assert_eq "$output" "$NEW_ID (head)"
	run --separate-stderr gm history
	assert_status 0
	assert_match "$output" "<base> -> $NEW_ID \(head\), Create users: id, name!"
}

@test "revision: the parent is the single head; a long message gives a short slug" {
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" '*.sql'
	run --separate-stderr gm revision -m "add a column to every table we have in the sample project"
	assert_status 0
	new_file_from_output
	assert_eq "$(header down_revision "$NEW")" "$R7"
	slug=$(basename "$NEW" .sql)
	slug=${slug#*_}
	[ "${#slug}" -le 40 ] || fail "slug longer than 40: $slug"
	assert_eq "$slug" "add_a_column_to_every_table_we_have_in"
	run --separate-stderr gm show "$NEW_ID"
	assert_status 0
	assert_match "$output" "Parent: $R7"
}

@test "revision with several heads and no --head: exit 2 naming them, no file" {
	two_heads
	before=$(files)
	run --separate-stderr gm revision -m "next"
	assert_status 2
	assert_error "$R5"
	assert_error "$R6"
	assert_match "$stderr" "--head|merge"
	assert_eq "$(files)" "$before"
}

@test "revision --head picks the parent; base makes a new root; heads is refused" {
	two_heads
	run --separate-stderr gm revision -m "on config" --head "${R5:0:6}"
	assert_status 0
	new_file_from_output
	assert_eq "$(header down_revision "$NEW")" "$R5"
	on_r5=$NEW_ID
	run --separate-stderr gm revision -m "new root" --head base
	assert_status 0
	new_file_from_output
	assert_eq "$(header down_revision "$NEW")" ""
	run --separate-stderr gm heads
	assert_status 0
	assert_match "$output" "$on_r5 \(head\)"
	assert_match "$output" "$NEW_ID \(head\)"
	assert_match "$output" "$R6 \(head\)"
	before=$(files)
	run --separate-stderr gm revision -m "x" --head heads
	assert_status 2
	assert_error "several revisions"
	run --separate-stderr gm revision -m "x" --head nosuchrev
	assert_status 2
	assert_eq "$(files)" "$before"
}

@test "revision --branch-label and --depends-on are written and resolved" {
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" '*.sql'
	run --separate-stderr gm revision -m "reports" --head "$R4" \
		--branch-label "reports, rep2" --depends-on "${R5:0:7},$R6"
	assert_status 0
	new_file_from_output
	assert_eq "$(header down_revision "$NEW")" "$R4"
	assert_eq "$(header branch_labels "$NEW")" "reports, rep2"
	assert_eq "$(header depends_on "$NEW")" "$R5, $R6"
	reports=$NEW_ID
	# the label is usable: the next revision on the branch
	run --separate-stderr gm revision -m "more reports" --head reports@head
	assert_status 0
	new_file_from_output
	assert_eq "$(header down_revision "$NEW")" "$reports"
	run --separate-stderr gm show reports
	assert_status 0
	assert_match "$output" "Rev: $reports"
	assert_match "$output" "Branch names: reports, rep2"
	assert_match "$output" "Depends on: $R5, $R6"
	# a label that is taken, a bad label, an unknown dependency: exit 2
	before=$(files)
	run --separate-stderr gm revision -m "x" --head base --branch-label reports
	assert_status 2
	assert_error "already used by revision $reports"
	run --separate-stderr gm revision -m "x" --head base --branch-label "a@b"
	assert_status 2
	assert_error "invalid branch label"
	# words and forms that targets read otherwise (the file parser
	# refuses the same, bad_inputs.bats)
	for word in head heads base -1; do
		run --separate-stderr gm revision -m "x" --head base --branch-label "$word"
		assert_status 2
		assert_error "branch label \"$word\" "
	done
	run --separate-stderr gm revision -m "x" --head base --depends-on nosuchrev
	assert_status 2
	assert_eq "$(files)" "$before"
}

@test "revision needs a one-line message; -m before the command is the directory" {
	MIGS="$BATS_TEST_TMPDIR/migs" && mkdir "$MIGS"
	run --separate-stderr gm revision
	assert_status 2
	assert_error "needs a message"
	run --separate-stderr gm revision -m ""
	assert_status 2
	run --separate-stderr gm revision -m $'two\nlines'
	assert_status 2
	assert_error "one line"
	assert_eq "$(files)" ""
	# global -m, then the command's -m
	run --separate-stderr "$MIGRATOR" -m "$MIGS" revision -m "$MIGS"
	assert_status 0
	new_file_from_output
	assert_eq "$(header message "$NEW")" "$MIGS"
}

@test "a new revision, once its SQL is filled in, is applied by upgrade head and reverted by downgrade" {
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" '*.sql'
	mg upgrade head
	run --separate-stderr gm revision -m "create notes"
	assert_status 0
	new_file_from_output
	fill "$NEW" "CREATE TABLE notes (id integer PRIMARY KEY, body text);" \
		"DROP TABLE notes;"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$NEW_ID"
	has_table notes || fail "notes was not created"
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "$R7"
	refute_table notes
}

# --- merge --------------------------------------------------------------

@test "merge heads joins them: one head, and upgrade head works again" {
	two_heads
	mg upgrade "$R4"
	run --separate-stderr mg upgrade head
	assert_status 2
	run --separate-stderr gm merge -m "join config and snapshots" heads
	assert_status 0
	new_file_from_output
	# "heads" lists them sorted by ID
	assert_eq "$(header down_revision "$NEW")" \
		"$(printf '%s\n' "$R5" "$R6" | sort | paste -sd, | sed 's/,/, /')"
	run --separate-stderr gm heads
	assert_status 0
	assert_eq "$output" "$NEW_ID (head)"
	run --separate-stderr gm history
	assert_status 0
	assert_match "$output" "$NEW_ID \(head\) \(mergepoint\)"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$NEW_ID"
	has_table usage_config || fail "usage_config missing"
	has_table usage_snapshots || fail "usage_snapshots missing"
	# -1 from the merge point restores both parents
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "$(printf '%s\n' "$R5" "$R6" | sort | tr '\n' ' ' | sed 's/ $//')"
}

@test "merge of named revisions keeps their order; nothing to merge or an ancestor: exit 2" {
	two_heads
	run --separate-stderr gm merge -m "join" "$R6" "${R5:0:5}"
	assert_status 0
	new_file_from_output
	assert_eq "$(header down_revision "$NEW")" "$R6, $R5"
	before=$(files)
	# now there is one head
	run --separate-stderr gm merge -m "again" heads
	assert_status 2
	assert_error "nothing to merge"
	run --separate-stderr gm merge -m "x" "$R4" "$NEW_ID"
	assert_status 2
	assert_error "ancestor"
	run --separate-stderr gm merge heads
	assert_status 2
	assert_error "needs a message"
	run --separate-stderr gm merge -m "x"
	assert_status 2
	assert_eq "$(files)" "$before"
}

# --- adopting an Alembic database ---------------------------------------

# alembic_db: the database as Alembic leaves it at R3: the schema of R1..R3
# and Alembic's own stamp table, created exactly as Alembic creates it.
alembic_db() {
	mg upgrade "$R3"
	sql "DROP TABLE migrator_version"
	sql "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
		CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
	sql "INSERT INTO alembic_version (version_num) VALUES ('$R3')"
	refute_table migrator_version
}

# The definition of alembic_version, to show it is the table Alembic made.
alembic_pk() {
	case $BACKEND in
	sqlite)
		sql "SELECT sql FROM sqlite_master WHERE name = 'alembic_version'"
		;;
	postgresql)
		sql "SELECT conname || ' ' || pg_get_constraintdef(oid)
			FROM pg_constraint
			WHERE conrelid = 'alembic_version'::regclass"
		;;
	esac
}

@test "alembic: --version-table alembic_version reads Alembic's stamp" {
	alembic_db
	run --separate-stderr mg --version-table alembic_version current
	assert_status 0
	assert_match "$output" "^$R3"
	# reading changes nothing and makes no table of our own
	refute_table migrator_version
	# without the option the database looks unmanaged
	run --separate-stderr mg current
	assert_status 0
	assert_no_match "$output" "$R3"
}

@test "alembic: upgrade and downgrade move Alembic's stamp in its own table" {
	alembic_db
	pk=$(alembic_pk)
	assert_match "$pk" "alembic_version_pkc"
	run --separate-stderr mg --version-table alembic_version upgrade head
	assert_status 0
	assert_eq "$(stamp alembic_version)" "$R7"
	for t in $SAMPLE_TABLES; do
		has_table "$t" || fail "$t missing"
	done
	# the same table, not one made again
	assert_eq "$(alembic_pk)" "$pk"
	refute_table migrator_version
	run --separate-stderr mg --version-table alembic_version downgrade "$R4"
	assert_status 0
	assert_eq "$(stamp alembic_version)" "$R4"
	refute_table usage_config
	# a config file can name it too
	printf '[migrator]\nversion_table = alembic_version\n' >migrator.ini
	run --separate-stderr mg current
	assert_status 0
	assert_match "$output" "^$R4"
	refute_table migrator_version
}

@test "alembic: revision on the adopted project continues Alembic's chain" {
	alembic_db
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" "$R1"_*.sql "$R2"_*.sql "$R3"_*.sql
	run --separate-stderr gm revision -m "add budgets.currency"
	assert_status 0
	new_file_from_output
	assert_eq "$(header down_revision "$NEW")" "$R3"
	fill "$NEW" "ALTER TABLE budgets ADD COLUMN currency varchar(3);" \
		"ALTER TABLE budgets DROP COLUMN currency;"
	run --separate-stderr mg --version-table alembic_version upgrade head
	assert_status 0
	assert_eq "$(stamp alembic_version)" "$NEW_ID"
	assert_match "$(columns budgets)" "currency"
}
