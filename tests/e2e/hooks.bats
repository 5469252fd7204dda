#!/usr/bin/env bats
# hooks.bats - hook plugins (<migrator/hook.h>) end to end, on both
# backends: lint and backup loaded by name (--plugin NAME[:k=v,...],
# plugins = and [plugin.NAME] in migrator.ini), `migrator lint` without a
# database, what a plugin's failure leaves behind, and the loader's
# messages (issue 7, part 2).  The out-of-tree plugin built against the
# installed header is tests/hooks/out_of_tree.sh.

load helpers

setup() {
	e2e_setup
	# the hook plugins of this build tree (HOOKS_PLUGIN_DIRS, tests/local.mk)
	export MIGRATOR_PLUGIN_PATH="$MIGRATOR_PLUGIN_PATH:$HOOKS_PLUGIN_DIRS"
	case $BACKEND in
	sqlite) DIALECT=sqlite ;;
	postgresql) DIALECT=postgresql ;;
	esac
	RISKY="$BATS_TEST_TMPDIR/risky"
	write_risky "$RISKY"
}

teardown() {
	e2e_teardown
}

# write_risky DIR: a1 creates a table; a2 does, on each backend, what the
# lint plugin warns about there: on PostgreSQL an index built without
# CONCURRENTLY on that existing table (it works, but blocks writes), on
# SQLite an ADD COLUMN ... UNIQUE (SQLite refuses it).
write_risky() {
	mkdir -p "$1"
	cat >"$1/a10000000001_create_items.sql" <<'SQL'
-- migrator:revision a10000000001
-- migrator:down_revision
-- migrator:message create items

-- migrator:upgrade
CREATE TABLE items (id integer PRIMARY KEY, name varchar(50));

-- migrator:downgrade
DROP TABLE items;
SQL
	cat >"$1/a10000000002_risky.sql" <<'SQL'
-- migrator:revision a10000000002
-- migrator:down_revision a10000000001
-- migrator:message risky change

-- migrator:upgrade postgresql
CREATE INDEX ix_items_name ON items (name);

-- migrator:upgrade sqlite
ALTER TABLE items ADD COLUMN code varchar(10) UNIQUE;

-- migrator:downgrade postgresql
DROP INDEX ix_items_name;

-- migrator:downgrade sqlite
ALTER TABLE items DROP COLUMN code;
SQL
}

# The file:line and rule lint reports for a2 on this backend.
risky_where() {
	case $BACKEND in
	sqlite) echo "a10000000002_risky.sql:9: lint: .*\\[add-column-key\\]" ;;
	postgresql) echo "a10000000002_risky.sql:6: lint: .*\\[index-not-concurrent\\]" ;;
	esac
}

risky_rule() {
	case $BACKEND in
	sqlite) echo add-column-key ;;
	postgresql) echo index-not-concurrent ;;
	esac
}

# backups of this test's SQLite database, oldest first
backups() {
	(cd "$(dirname "$DB_PATH")" && ls -1 | grep '^t\.db\..*\.backup$' || true)
}

# --- lint, loaded by name -------------------------------------------------

@test "--plugin lint: before a dry run, the risky statement is a warning with file:line and rule; exit 0" {
	MIGS=$RISKY
	mg upgrade a10000000001 # a dry run needs a database
	before=$(fingerprint)
	run --separate-stderr mg --plugin lint upgrade --dry-run head
	assert_status 0
	assert_match "$stderr" "migrator: warning: .*$(risky_where)"
	assert_match "$output" "a10000000002"
	assert_unchanged "$before"
}

@test "--plugin lint with upgrade --strict: the warning is fatal before anything runs" {
	MIGS=$RISKY
	mg upgrade a10000000001 # an existing table: the index rule's premise
	before=$(fingerprint)
	run --separate-stderr mg --plugin lint upgrade --strict head
	assert_status 1
	assert_match "$stderr" "$(risky_where)"
	assert_error "lint: 1 risky statement found"
	assert_unchanged "$before"
	assert_eq "$(stamp)" a10000000001
}

@test "--plugin lint without --strict: the run goes on and the database has its say" {
	MIGS=$RISKY
	run --separate-stderr mg --plugin lint upgrade head
	assert_match "$stderr" "migrator: warning: .*$(risky_where)"
	case $BACKEND in
	postgresql)
		# only a warning: the index is built (blocking writes meanwhile)
		assert_status 0
		assert_eq "$(stamp)" a10000000002
		;;
	sqlite)
		# what lint foresaw: SQLite refuses the statement; a1 stays
		assert_status 1
		assert_error "a10000000002_risky.sql:9: statement failed in revision a10000000002"
		assert_eq "$(stamp)" a10000000001
		;;
	esac
}

@test "upgrade --sql: lint checks the SQL it prints, without connecting; --strict stops it" {
	MIGS=$RISKY
	run --separate-stderr mg --plugin lint --plugin backup upgrade --sql head
	assert_status 0
	assert_match "$stderr" "migrator: warning: .*$(risky_where)"
	assert_no_match "$stderr" "backup:"
	assert_match "$output" "a10000000002"
	run --separate-stderr mg --plugin lint upgrade --strict --sql head
	assert_status 1
	assert_error "lint: 1 risky statement found"
	assert_eq "$output" ""
	[ "$BACKEND" != sqlite ] || [ ! -e "$DB_PATH" ]
}

@test "plugins = lint in migrator.ini, and [plugin.lint] options reach the plugin" {
	MIGS=$RISKY
	mg upgrade a10000000001
	printf '[migrator]\nplugins = lint\n' >migrator.ini
	run --separate-stderr mg upgrade --dry-run --strict head
	assert_status 1
	assert_error "lint: 1 risky statement found"
	printf '[migrator]\nplugins = lint\n\n[plugin.lint]\nignore = %s\n' \
		"$(risky_rule)" >migrator.ini
	run --separate-stderr mg upgrade --dry-run --strict head
	assert_status 0
	assert_eq "$stderr" ""
}

@test "--plugin NAME:k=v adds to the options of [plugin.NAME]" {
	MIGS=$RISKY
	mg upgrade a10000000001
	printf '[migrator]\nplugins = lint\n\n[plugin.lint]\nstrict = true\n' >migrator.ini
	run --separate-stderr mg upgrade --dry-run head
	assert_status 1
	assert_error "lint: 1 risky statement found"
	run --separate-stderr mg --plugin "lint:ignore=$(risky_rule)" upgrade --dry-run head
	assert_status 0
	assert_eq "$stderr" ""
}

@test "[plugin.NAME] options of a plugin that is not loaded are ignored" {
	printf '[migrator]\n\n[plugin.backup]\nkeep = 2\n' >migrator.ini
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
}

# --- migrator lint ---------------------------------------------------------

@test "migrator lint --dialect: warnings without a database, exit 0; --strict exit 1" {
	run --separate-stderr "$MIGRATOR" -m "$RISKY" lint --dialect "$DIALECT"
	assert_status 0
	assert_eq "$output" "1 warning"
	assert_match "$stderr" "migrator: warning: .*$(risky_where)"
	run --separate-stderr "$MIGRATOR" -m "$RISKY" lint --strict --dialect "$DIALECT"
	assert_status 1
	assert_match "$stderr" "$(risky_where)"
	assert_error "lint found 1 risky statement"
}

@test "migrator lint takes the dialect from the URL and never connects" {
	case $BACKEND in
	sqlite) url="sqlite:///$BATS_TEST_TMPDIR/never.db" ;;
	# nothing listens there: connecting would fail
	postgresql) url="postgresql://nobody@/nowhere?host=$BATS_TEST_TMPDIR/no-socket" ;;
	esac
	run --separate-stderr "$MIGRATOR" -d "$url" -m "$RISKY" lint
	assert_status 0
	assert_eq "$output" "1 warning"
	assert_match "$stderr" "$(risky_where)"
	[ ! -e "$BATS_TEST_TMPDIR/never.db" ]
}

@test "migrator lint RANGE: only the steps in range; the sample is clean" {
	run --separate-stderr "$MIGRATOR" -m "$RISKY" lint --strict --dialect "$DIALECT" a10000000001
	assert_status 0
	assert_eq "$output" "0 warnings"
	run --separate-stderr "$MIGRATOR" -m "$RISKY" lint --dialect "$DIALECT" a10000000001:head
	assert_status 0
	assert_eq "$output" "1 warning"
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" lint --strict --dialect "$DIALECT"
	assert_status 0
	assert_eq "$output" "0 warnings"
}

@test "migrator lint: no dialect and no URL is a usage error" {
	run --separate-stderr "$MIGRATOR" -m "$RISKY" lint
	assert_status 2
	assert_error "lint needs a dialect"
}

# --- backup ----------------------------------------------------------------

@test "--plugin backup: a copy before each run that changes the database, named with revision and time" {
	run --separate-stderr mg --plugin backup upgrade "$R2"
	assert_status 0
	case $BACKEND in
	sqlite)
		# a database this run creates has nothing to lose yet
		assert_match "$stderr" "migrator: backup: new database .*t\\.db: nothing to back up"
		assert_eq "$(backups)" ""
		run --separate-stderr mg --plugin backup upgrade head
		assert_status 0
		assert_eq "$(backups | wc -l)" 1
		b=$(backups)
		assert_match "$b" "^t\\.db\\.[0-9]{8}T[0-9]{9}Z\\.$R2\\.backup$"
		assert_match "$stderr" "migrator: backup: copied .*t\\.db \\(at $R2\\) to .*/$b"
		# the copy is the database as it was before the run
		assert_eq "$(stamp_on "sqlite:///$BATS_TEST_TMPDIR/$b")" "$R2"
		assert_eq "$(tables_on "sqlite:///$BATS_TEST_TMPDIR/$b")" "budgets token_usage"
		assert_eq "$(stamp)" "$R7"
		;;
	postgresql)
		assert_match "$stderr" "migrator: backup: does nothing on postgresql: it copies SQLite database files only.*pg_dump"
		assert_eq "$(stamp)" "$R2"
		;;
	esac
}

@test "backup: nothing to run, a dry run or -q: no copy (and -q says nothing)" {
	mg upgrade head
	run --separate-stderr mg --plugin backup upgrade head
	assert_status 0
	run --separate-stderr mg --plugin backup downgrade --dry-run base
	assert_status 0
	run --separate-stderr mg -q --plugin backup downgrade "$R6"
	assert_status 0
	assert_eq "$stderr" ""
	assert_eq "$(stamp)" "$R6 $R5" # down to R6 leaves the other branch
	case $BACKEND in
	sqlite) assert_eq "$(backups | wc -l)" 1 ;;
	postgresql) ;;
	esac
}

@test "backup keep=2 keeps the last two copies; a downgrade is backed up too" {
	mg upgrade "$R1"
	for t in "$R2" "$R3" "$R4"; do
		run --separate-stderr mg --plugin backup:keep=2 upgrade "$t"
		assert_status 0
	done
	run --separate-stderr mg --plugin backup:keep=2 downgrade "$R2"
	assert_status 0
	case $BACKEND in
	sqlite)
		assert_eq "$(backups | wc -l)" 2
		assert_match "$(backups | head -n 1)" "\\.$R3\\.backup$"
		assert_match "$(backups | tail -n 1)" "\\.$R4\\.backup$"
		;;
	postgresql)
		assert_match "$stderr" "backup: does nothing on postgresql"
		;;
	esac
	assert_eq "$(stamp)" "$R2"
}

@test "backup dir=: relative to the database file; a missing one stops the run before it starts" {
	mg upgrade "$R1"
	mkdir -p "$BATS_TEST_TMPDIR/bk"
	run --separate-stderr mg --plugin backup:dir=bk upgrade "$R2"
	assert_status 0
	before=$(fingerprint)
	run --separate-stderr mg --plugin backup:dir=nowhere upgrade head
	case $BACKEND in
	sqlite)
		assert_eq "$(ls "$BATS_TEST_TMPDIR/bk" | wc -l)" 1
		assert_status 1
		assert_error "backup: backup directory .*nowhere does not exist"
		assert_unchanged "$before"
		assert_eq "$(stamp)" "$R2"
		;;
	postgresql)
		assert_status 0
		assert_eq "$(stamp)" "$R7"
		;;
	esac
}

@test "backup: when the run fails, it says where the database from before is" {
	MIGS=$RISKY
	mg upgrade a10000000001
	case $BACKEND in
	sqlite)
		run --separate-stderr mg --plugin backup upgrade head
		assert_status 1
		assert_match "$stderr" "backup: the database as it was before this run is in .*t\\.db\\.[0-9T]*Z\\.a10000000001\\.backup"
		;;
	postgresql)
		# make a2 fail on PostgreSQL too: the index exists already
		sql "CREATE INDEX ix_items_name ON items (name)"
		run --separate-stderr mg --plugin backup upgrade head
		assert_status 1
		assert_match "$stderr" "backup: does nothing on postgresql"
		;;
	esac
	assert_eq "$(stamp)" a10000000001
}

@test "backup and lint together, in the order given" {
	MIGS=$RISKY
	mg upgrade a10000000001
	run --separate-stderr mg --plugin lint --plugin backup upgrade --dry-run head
	assert_status 0
	assert_match "$stderr" "$(risky_where)"
	run --separate-stderr mg --plugin lint:strict=true --plugin backup upgrade head
	assert_status 1
	assert_error "lint: 1 risky statement found"
	# lint stopped the run before backup's turn: no copy
	[ "$BACKEND" != sqlite ] || assert_eq "$(backups)" ""
}

# --- the loader -------------------------------------------------------------

@test "an unknown hook plugin: exit 1, the directories searched, nothing done" {
	before=$(fingerprint)
	run --separate-stderr mg --plugin nosuch upgrade head
	assert_status 1
	assert_error "hook plugin nosuch\\.so not found"
	assert_match "$stderr" "detail: Searched: "
	assert_unchanged "$before"
}

@test "a bad plugin name or option is refused before anything runs" {
	before=$(fingerprint)
	run --separate-stderr mg --plugin ../lint upgrade head
	assert_status 1
	assert_error "bad hook plugin name \"\\.\\./lint\""
	run --separate-stderr mg --plugin backup:keep=0 upgrade head
	assert_status 1
	assert_error "backup: bad keep=0"
	run --separate-stderr mg --plugin backup:color=red upgrade head
	assert_status 1
	assert_error "backup: unknown option \"color\""
	run --separate-stderr mg --plugin backup:keep upgrade head
	assert_status 2
	assert_error "bad option \"keep\" for hook plugin backup"
	assert_unchanged "$before"
}

@test "a driver is not a hook plugin: refused by name, before it runs" {
	run --separate-stderr mg --plugin sqlite upgrade head
	assert_status 1
	assert_error "sqlite\\.so is a driver, not a hook plugin"
}

@test "a hook plugin is not a driver: -d lint://x refuses lint.so by name" {
	run --separate-stderr "$MIGRATOR" -d lint://x -m "$MIGS" upgrade head
	assert_status 1
	assert_error "lint\\.so is a hook plugin, not a driver"
}
