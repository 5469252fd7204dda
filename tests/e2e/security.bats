#!/usr/bin/env bats
# security.bats - issue 5, item 5, on both backends: version-table names
# with quotes, semicolons or spaces are quoted, never pasted (the table is
# created under exactly that name and no injected statement runs); driver
# plugins load only from the configured plugin directory, never from the
# current directory or a build-tree layout beside it.

load helpers
load ../fault/fault_helpers

teardown() {
	fault_teardown
}

# The odd names, each an attempt to end the identifier and run more SQL.
ODD_NAMES=(
	'a"b'
	"x'; DROP TABLE canary; --"
	'x"; DROP TABLE canary; --'
	'my version table'
	'v;v'
	'"'
	"Robert'); DROP TABLE canary;--"
)

# table_named NAME: a table with exactly this name exists (in public on
# PostgreSQL): the catalog is asked with NAME as a bound value.
table_named() {
	local n
	case $BACKEND in
	sqlite)
		n=$("$SQLITE" -batch "$DB_PATH" \
			"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = CAST(X'$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')' AS TEXT)")
		;;
	postgresql)
		n=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -v "t=$1" "$DB_URL" <<-'SQL'
			SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = :'t';
		SQL
		)
		;;
	esac
	[ "$n" = 1 ] || fail "no table named [$1]"
}

# stamp_in NAME: the stamp rows in the table NAME, quoted by the test.
stamp_in() {
	local q=${1//\"/\"\"}
	sql "SELECT version_num FROM \"$q\" ORDER BY 1" | tr '\n' ' ' | sed 's/ $//'
}

@test "odd version-table names are quoted: the table gets exactly that name and nothing injected runs" {
	local name
	for name in "${ODD_NAMES[@]}"; do
		if [ "$BACKEND" = sqlite ]; then
			DB_PATH="$BATS_TEST_TMPDIR/odd.db"
			DB_URL="sqlite:///$DB_PATH"
			rm -f "$DB_PATH"
			"$SQLITE" -batch "$DB_PATH" "CREATE TABLE canary (x int)"
		else
			DB_URL=$(new_db odd)
			sql "CREATE TABLE canary (x int)"
		fi
		run --separate-stderr mg --version-table "$name" upgrade head
		if [ "$status" -ne 0 ]; then
			echo "--version-table [$name]" >&2
			assert_status 0
		fi
		table_named "$name"
		assert_eq "$(stamp_in "$name")" "$R7"
		has_table canary || fail "[$name]: the canary table was dropped"
		run --separate-stderr mg --version-table "$name" current
		assert_status 0
		assert_match "$output" "^$R7"
		run --separate-stderr mg --version-table "$name" downgrade "$R4"
		assert_status 0
		assert_eq "$(stamp_in "$name")" "$R4"
		run --separate-stderr mg --version-table "$name" stamp --purge "$R7"
		assert_status 0
		assert_eq "$(stamp_in "$name")" "$R7"
		has_table canary || fail "[$name]: the canary table was dropped"
		# No table of the default name was made.
		assert_eq "$(stamp)" none
	done
}

@test "--sql prints odd version-table names quoted, and values as quoted literals" {
	local name out
	name="x\"; DROP TABLE canary; --"
	run --separate-stderr mg --version-table "$name" upgrade --sql head
	assert_status 0
	# (SQLite's driver names the stamp table in "main", as online)
	assert_match "$output" 'INSERT INTO ("main"\.)?"x""; DROP TABLE canary; --" \(version_num\) VALUES'
	# Every line that names the table has it inside one quoted identifier.
	out=$(printf '%s\n' "$output" | grep 'DROP TABLE canary' | grep -v '"x""; DROP TABLE canary; --"' || true)
	assert_eq "$out" ""
}

@test "an empty or malformed version-table name is refused before anything is written" {
	local before
	mg upgrade "$R1" >/dev/null
	before=$(fingerprint)
	run --separate-stderr mg --version-table "" upgrade head
	assert_status 2
	assert_error "empty --version-table"
	run --separate-stderr mg --version-table ".x" upgrade head
	assert_status 2
	assert_error "invalid version table name \".x\""
	assert_unchanged "$before"
}

# evil_plugin DIR NAME: a fake driver NAME.so in DIR whose constructor
# leaves $BATS_TEST_TMPDIR/PWNED behind if anything ever loads it.
evil_plugin() {
	mkdir -p "$1"
	cat >"$BATS_TEST_TMPDIR/evil.c" <<-EOF
		#include <fcntl.h>
		#include <unistd.h>
		__attribute__((constructor)) static void evil(void)
		{
			int fd = open("$BATS_TEST_TMPDIR/PWNED", O_WRONLY | O_CREAT, 0644);
			if (fd >= 0)
				close(fd);
		}
		const void *migrator_driver_init(const void *h, void *d);
		const void *migrator_driver_init(const void *h, void *d)
		{
			(void)h;
			(void)d;
			return 0;
		}
	EOF
	"${CC:-cc}" -shared -fPIC -o "$1/$2.so" "$BATS_TEST_TMPDIR/evil.c"
}

@test "plugins never load from the current directory or a build-tree layout beside it" {
	local name real top searched
	case $BACKEND in
	sqlite) name=sqlite ;;
	postgresql) name=postgres ;;
	esac
	# An installed-style migrator: the program and its library copied out
	# of the build tree (there it would search backends/*/.libs).
	real=$MIGRATOR
	top=$(dirname "$(dirname "$real")")
	[ -x "$top/core/.libs/libmigrator.so" ] || top=$(dirname "$real")
	mkdir "$BATS_TEST_TMPDIR/bin"
	cp "$real" "$BATS_TEST_TMPDIR/bin/migrator"
	cp -L "$top"/core/.libs/libmigrator.so* "$BATS_TEST_TMPDIR/bin/"
	# A project directory full of decoys.
	mkdir "$BATS_TEST_TMPDIR/proj"
	for d in . .libs backends "backends/$name" "backends/$name/.libs" lib lib/migrator plugins; do
		evil_plugin "$BATS_TEST_TMPDIR/proj/$d" "$name"
	done
	# and one named after the URL's scheme (the file the loader tries
	# first), where that is not the driver's name
	[ "${DB_URL%%:*}" = "$name" ] || evil_plugin "$BATS_TEST_TMPDIR/proj" "${DB_URL%%:*}"
	cd "$BATS_TEST_TMPDIR/proj"
	unset MIGRATOR_PLUGIN_PATH
	run --separate-stderr env LD_LIBRARY_PATH="$BATS_TEST_TMPDIR/bin" \
		"$BATS_TEST_TMPDIR/bin/migrator" -d "$DB_URL" -m "$MIGS" current
	[ ! -e "$BATS_TEST_TMPDIR/PWNED" ] || fail "a decoy $name.so was loaded: $stderr"
	# Unless a real driver is installed system-wide, it is "not found",
	# and the directories searched are all absolute.
	if [ "$status" -ne 0 ]; then
		assert_error "no driver plugin handles URL scheme"
		searched=$(printf '%s\n' "$stderr" | sed -n 's/^detail: Searched: //p')
		[ -n "$searched" ] || fail "no list of searched directories: $stderr"
		assert_no_match "$searched" "(^|, )[^/]"
		assert_no_match "$stderr" "proj"
	fi
	# An empty MIGRATOR_PLUGIN_PATH element is not the current directory.
	run --separate-stderr env LD_LIBRARY_PATH="$BATS_TEST_TMPDIR/bin" \
		MIGRATOR_PLUGIN_PATH=":" "$BATS_TEST_TMPDIR/bin/migrator" -d "$DB_URL" -m "$MIGS" current
	assert_status 1
	[ ! -e "$BATS_TEST_TMPDIR/PWNED" ] || fail "a decoy $name.so was loaded"
	run --separate-stderr env LD_LIBRARY_PATH="$BATS_TEST_TMPDIR/bin" \
		MIGRATOR_PLUGIN_PATH="::$BATS_TEST_TMPDIR/none:" "$BATS_TEST_TMPDIR/bin/migrator" -d "$DB_URL" -m "$MIGS" current
	assert_status 1
	[ ! -e "$BATS_TEST_TMPDIR/PWNED" ] || fail "a decoy $name.so was loaded"
	# The build tree's own migrator, run from the decoy directory, loads
	# its real driver and no decoy.
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade head
	assert_status 0
	[ ! -e "$BATS_TEST_TMPDIR/PWNED" ] || fail "a decoy $name.so was loaded"
	# The test can fail: the decoy does run when pointed at on purpose.
	run --separate-stderr "$MIGRATOR" --plugin-dir "$BATS_TEST_TMPDIR/proj" -d "$DB_URL" -m "$MIGS" current
	assert_status 1
	[ -e "$BATS_TEST_TMPDIR/PWNED" ] || fail "the decoy's constructor did not run even when asked for"
}

# Issue 21: a file named with terminal escape sequences (SGR red, an OSC
# that sets the window title and ends with BEL) wrote them to the user's
# terminal in messages.  Every name and path printed has its control
# characters written as \xNN (revision messages with control characters
# are refused when the file is read; any other text read from the files,
# likewise).
no_terminal_codes() {
	if [[ "$output$stderr" == *$'\e'* || "$output$stderr" == *$'\a'* ]]; then
		echo "an ESC or BEL byte reached the output:" >&2
		printf '%s\n%s\n' "$output" "$stderr" | od -c | head -n 40 >&2
		return 1
	fi
}

@test "file names and messages with terminal escape sequences are printed escaped, never raw" {
	local evil=$'\e[31mred\e]0;x\a' good bad
	MIGS="$BATS_TEST_TMPDIR/migs$evil"
	mkdir "$MIGS"
	good="$MIGS/a1000000000a_${evil}.sql"
	cat >"$good" <<-SQL
		-- migrator:revision a1000000000a
		-- migrator:message say hello
		-- migrator:upgrade
		CREATE TABLE esc_ok (id int);
		-- migrator:downgrade
		DROP TABLE esc_ok;
	SQL
	run --separate-stderr mg -v upgrade head
	assert_status 0
	no_terminal_codes
	assert_match "$output" 'say hello'
	for cmd in "history" "history -v" "heads" "show a1000000000a" "current -v"; do
		# shellcheck disable=SC2086 # cmd is words on purpose
		run --separate-stderr mg $cmd
		assert_status 0
		no_terminal_codes
	done
	run --separate-stderr mg show a1000000000a
	assert_match "$output" 'Path: .*/migs\\x1b\[31mred\\x1b\]0;x\\x07/a1000000000a_\\x1b\[31mred\\x1b\]0;x\\x07\.sql'
	# a warning naming the file: it was edited after it ran
	sed -i 's/(id int)/(id int, x int)/' "$good"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_match "$stderr" "warning: .*a1000000000a_\\\\x1b\[31m.* was edited"
	no_terminal_codes
	# an error naming file and line: a bad header
	bad="$MIGS/b2000000000b_${evil}.sql"
	printf -- '-- migrator:revision b2000000000b\n-- migrator:down_revision a1000000000a\n-- migrator:bogus x\n-- migrator:upgrade\nSELECT 1;\n' >"$bad"
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_error 'b2000000000b_\\x1b\[31mred\\x1b\]0;x\\x07\.sql:3: '
	no_terminal_codes
	rm "$bad"
	# a message with control characters is refused (exit 3), the file
	# named escaped
	printf -- '-- migrator:revision b2000000000b\n-- migrator:down_revision a1000000000a\n-- migrator:message say %s\n-- migrator:upgrade\nSELECT 1;\n' "$evil" >"$bad"
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_error 'b2000000000b_\\x1b\[31mred\\x1b\]0;x\\x07\.sql:3: migrator:message contains a control character'
	no_terminal_codes
	rm "$bad"
	# a database path that names no file
	run --separate-stderr "$MIGRATOR" -m "$MIGS" -d "sqlite:///$BATS_TEST_TMPDIR/no$evil.db" current
	assert_status 1
	assert_error 'no\\x1b\[31mred\\x1b\]0;x\\x07\.db does not exist'
	no_terminal_codes
}
