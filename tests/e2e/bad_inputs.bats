#!/usr/bin/env bats
# bad_inputs.bats - a catalogue of strange migration files and directories
# (issue 5): each gets its message and exit code, and a refused input
# writes nothing to the database.  These are graph-level checks, so the
# suite runs on SQLite only.  Large inputs (50 MB, 100 KB lines, 10,000
# revisions) are generated under $BATS_TEST_TMPDIR, never committed.

load helpers

setup() {
	e2e_setup
	require_backend sqlite
	SHM_DIR=
}

teardown() {
	[ -z "$SHM_DIR" ] || rm -rf "$SHM_DIR"
	e2e_teardown
}

# refused DIR STATUS: upgrade head on DIR exits STATUS, and the database
# file is not even created.
refused() {
	MIGS=$1
	run --separate-stderr mg upgrade head
	assert_status "$2"
	[ ! -e "$DB_PATH" ] || fail "$DB_PATH was created"
}

# one_line: the error is a single "migrator: error:" line (detail and hint
# lines may follow, each with its prefix).
one_line_error() {
	local first
	first=$(printf '%s\n' "$stderr" | head -n 1)
	assert_match "$first" "^migrator: error: " || return 1
	printf '%s\n' "$stderr" | sed 1d | while IFS= read -r l; do
		[[ $l =~ ^(detail|hint):\  ]] || { echo "stray line: $l" >&2; return 1; }
	done
}

# --- bytes that are not text ------------------------------------------

@test "binary garbage as a .sql file: exit 3 naming the file, nothing written" {
	refused "$FIXTURES/bad_garbage" 3
	assert_error "0badc0ffee00_garbage\.sql:1: invalid UTF-8"
	one_line_error
}

@test "a NUL byte inside a statement: exit 3 naming file, line and column" {
	refused "$FIXTURES/bad_nul" 3
	assert_error "b0000000000b_nul_byte\.sql:7: file contains a NUL byte \(column 26\)"
}

@test "invalid UTF-8 in a header value: exit 3 naming file and line" {
	refused "$FIXTURES/bad_utf8" 3
	assert_error "c0000000000b_latin1\.sql:3: invalid UTF-8 \(byte 0xe9"
}

@test "a refused file stops a database that is already migrated from moving" {
	mkdir ok
	cp "$FIXTURES/bad_nul/b0000000000a_create_t1.sql" ok/
	MIGS=ok
	run --separate-stderr mg upgrade head
	assert_status 0
	before=$(fingerprint)
	MIGS="$FIXTURES/bad_nul"
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_unchanged "$before"
	assert_eq "$(stamp)" b0000000000a
}

# --- accepted variations ------------------------------------------------

@test "CRLF line endings are accepted: upgrade and downgrade work" {
	MIGS="$FIXTURES/bad_crlf"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" d0000000000b
	assert_eq "$(tables)" "t1 t2"
	assert_eq "$(columns t1)" "a b"
	# the value carries no '\r'
	assert_eq "$(sql "SELECT b || '|' FROM t1")" "crlf|"
	# header values lose their '\r': the label resolves
	run --separate-stderr mg upgrade windows@head
	assert_status 0
	run --separate-stderr mg downgrade base
	assert_status 0
	assert_eq "$(stamp)" ""
	assert_eq "$(tables)" ""
}

@test "a UTF-8 byte order mark is accepted: the ID is read without it" {
	MIGS="$FIXTURES/bad_bom"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" e0000000000a
	has_table t1
	run --separate-stderr mg heads
	assert_status 0
	assert_match "$output" "^e0000000000a"
}

# --- SQL that never ends: found before anything runs ----------------------

# unterminated DIR FILE LINE WHAT: exit 3 naming FILE:LINE and WHAT, on a
# database at the first revision (unchanged after) and on a new one (no
# table written: neither the migration's nor the stamp table).
unterminated() {
	MIGS=$1
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_error "$2:$3: $4"
	one_line_error
	[ ! -e "$DB_PATH" ] || [ -z "$(sql "SELECT name FROM sqlite_master")" ] ||
		fail "the database holds: $(sql "SELECT name FROM sqlite_master")"
	rm -f "$DB_PATH"

	mkdir first
	cp "$1"/*a_create_t1.sql first/
	MIGS=first
	run --separate-stderr mg upgrade head
	assert_status 0
	before=$(fingerprint)
	MIGS=$1
	run --separate-stderr mg upgrade head
	assert_status 3
	assert_error "$2:$3: $4"
	assert_unchanged "$before"
}

@test "an unterminated string: exit 3 naming file and line, nothing written" {
	unterminated "$FIXTURES/bad_unterminated_string" \
		f0000000000b_open_quote.sql 8 "unterminated quoted string"
}

@test "an unterminated dollar quote: exit 3 naming file and line, nothing written" {
	unterminated "$FIXTURES/bad_unterminated_dollar" \
		a0000000000b_open_dollar.sql 9 "unterminated dollar-quoted string"
}

# --- revision IDs ---------------------------------------------------------

@test "a revision ID with illegal characters: exit 3 naming file, line and ID" {
	refused "$FIXTURES/bad_id_chars" 3
	assert_error "1a000000000b_bad_chars\.sql:1: invalid revision ID \"1a00-0000/0b\""
}

@test "a revision ID of 33 characters: exit 3 (DESIGN 6: on every backend)" {
	refused "$FIXTURES/bad_id_long" 3
	assert_error "2a000000000b_long_id\.sql:1: .*longer than 32 characters"
	assert_match "$stderr" "2a000000000b_this_id_is_33_chars_"
}

@test "a revision that names itself as parent: exit 3 naming file and line" {
	refused "$FIXTURES/bad_self_parent" 3
	assert_error "3a000000000b_own_parent\.sql:2: .*names itself"
}

# Issue 21, defect 4: the file parser refuses every label that
# `revision --branch-label` refuses (one check serves both): a revision
# labelled head could never be named, since "head" means the graph's head.
@test "a branch label that targets read otherwise (head, heads, base, -1): exit 3 naming file and line" {
	local word
	for word in head heads base -1 -x; do
		rm -rf "$BATS_TEST_TMPDIR/lab" && mkdir "$BATS_TEST_TMPDIR/lab"
		cat >"$BATS_TEST_TMPDIR/lab/a1000000000a_labelled.sql" <<-SQL
			-- migrator:revision a1000000000a
			-- migrator:message labelled
			-- migrator:branch_labels ok_label, $word
			-- migrator:upgrade
			CREATE TABLE labelled (id int);
			-- migrator:downgrade
			DROP TABLE labelled;
		SQL
		refused "$BATS_TEST_TMPDIR/lab" 3
		assert_error "a1000000000a_labelled\.sql:3: branch label \"$word\" "
		one_line_error
		run --separate-stderr "$MIGRATOR" -m "$MIGS" heads
		assert_status 3
	done
	# a label that merely starts like one is fine
	sed -i 's/, -x$/, heads_of_state, based/' "$BATS_TEST_TMPDIR/lab/a1000000000a_labelled.sql"
	run --separate-stderr mg upgrade heads_of_state
	assert_status 0
	assert_eq "$(stamp)" a1000000000a
}

# --- size -----------------------------------------------------------------

@test "a 50 MB migration file is read whole and runs" {
	mkdir big
	f=big/b16000000000_big.sql
	{
		printf -- '-- migrator:revision b16000000000\n'
		printf -- '-- migrator:message fifty megabytes\n\n'
		printf -- '-- migrator:upgrade\nCREATE TABLE big (a text);\n'
		# 50 MB of comments between two statements: the splitter and
		# the parser walk all of it, SQLite runs two short statements
		yes -- '-- padding padding padding padding padding padding padding pad' |
			head -n 840000
		printf "INSERT INTO big VALUES ('after the padding');\n"
		printf -- '-- migrator:downgrade\nDROP TABLE big;\n'
	} >"$f"
	[ "$(stat -c %s "$f")" -gt 52428800 ]
	MIGS=big
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" b16000000000
	assert_eq "$(sql "SELECT a FROM big")" "after the padding"
}

@test "a header line of 100 KB: a long message is accepted" {
	mkdir long
	msg=$(head -c 102400 /dev/zero | tr '\0' m)
	printf -- '-- migrator:revision 100000000001\n-- migrator:message %s\n-- migrator:upgrade\nCREATE TABLE t1 (a integer);\n' \
		"$msg" >long/100000000001_long.sql
	MIGS=long
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" 100000000001
	run --separate-stderr mg show 100000000001
	assert_status 0
	assert_match "$output" "mmmmmmmmmm"
}

@test "a revision ID of 100 KB: exit 3 with a message of sane length" {
	mkdir long
	id=$(head -c 102400 /dev/zero | tr '\0' r)
	printf -- '-- migrator:revision %s\n-- migrator:upgrade\nCREATE TABLE t1 (a integer);\n' \
		"$id" >long/r_long.sql
	refused long 3
	assert_error "r_long\.sql:1: .*longer than 32 characters"
	one_line_error
	[ "${#stderr}" -lt 4096 ] || fail "stderr is ${#stderr} bytes long"
}

# gen_chain DIR N: revisions r00001 <- r00002 <- ... <- rN, trivial SQL.
gen_chain() {
	mkdir -p "$1"
	(cd "$1" && awk -v n="$2" 'BEGIN {
		for (i = 1; i <= n; i++) {
			f = sprintf("r%05d_step.sql", i)
			printf "-- migrator:revision r%05d\n", i > f
			if (i > 1)
				printf "-- migrator:down_revision r%05d\n", i - 1 > f
			printf "-- migrator:upgrade\nSELECT %d;\n-- migrator:downgrade\n", i > f
			close(f)
		}
	}')
}

@test "10,000 revisions in one chain: upgrade head works, no recursion per revision" {
	gen_chain chain 10000
	MIGS=chain
	# Every revision commits (and syncs) on its own: on a memory file
	# system when there is one, to keep the test fast.
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		SHM_DIR=$(mktemp -d /dev/shm/migrator-bats.XXXXXX)
		DB_PATH=$SHM_DIR/t.db
		DB_URL="sqlite:///$DB_PATH"
	fi
	# A 1 MB stack: code that recursed once per revision would need
	# 10,000 frames and overflow it.
	run --separate-stderr bash -c 'ulimit -s 1024 && "$@"' _ \
		"$MIGRATOR" -q -d "$DB_URL" -m chain upgrade head
	assert_status 0
	assert_eq "$(stamp)" r10000
	run --separate-stderr bash -c 'ulimit -s 1024 && "$@"' _ \
		"$MIGRATOR" -m chain history
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 10000
	run --separate-stderr bash -c 'ulimit -s 1024 && "$@"' _ \
		"$MIGRATOR" -d "$DB_URL" -m chain downgrade r09990
	assert_status 0
	assert_eq "$(stamp)" r09990
}

@test "a merge of 50 parents: upgrade, stamp, and -1 restores all 50" {
	mkdir m50
	for i in $(seq -w 1 50); do
		printf -- '-- migrator:revision p%s\n-- migrator:upgrade\nCREATE TABLE t%s (a integer);\n-- migrator:downgrade\nDROP TABLE t%s;\n' \
			"$i" "$i" "$i" >"m50/p${i}_root.sql"
	done
	printf -- '-- migrator:revision m50\n-- migrator:down_revision %s\n-- migrator:upgrade\n-- migrator:downgrade\n' \
		"$(seq -f 'p%02g' -s ', ' 1 50)" >m50/m50_merge.sql
	MIGS=m50
	run --separate-stderr mg heads
	assert_status 0
	assert_eq "$output" "m50 (head)"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" m50
	assert_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 't%'")" 50
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "$(seq -f 'p%02g' -s ' ' 1 50)"
}

# --- files that cannot be read --------------------------------------------

@test "an unreadable file: exit 1 naming it, nothing written" {
	mkdir unreadable
	cp "$FIXTURES/bad_nul/b0000000000a_create_t1.sql" unreadable/
	cp "$FIXTURES/bad_nul/b0000000000a_create_t1.sql" unreadable/b0000000000c_locked.sql
	chmod 000 unreadable/b0000000000c_locked.sql
	if cat unreadable/b0000000000c_locked.sql >/dev/null 2>&1; then
		# root reads through mode 000: a dangling symlink is a file
		# that exists in the directory yet cannot be opened
		rm -f unreadable/b0000000000c_locked.sql
		ln -s /nonexistent/migrator/locked.sql unreadable/b0000000000c_locked.sql
		why="No such file or directory"
	else
		why="Permission denied"
	fi
	refused unreadable 1
	assert_error "cannot read .*b0000000000c_locked\.sql"
	assert_match "$stderr" "$why"
}

@test "a FIFO named x.sql: exit 1 without blocking on it" {
	mkdir fifo
	cp "$FIXTURES/bad_nul/b0000000000a_create_t1.sql" fifo/
	mkfifo fifo/x.sql
	MIGS=fifo
	run --separate-stderr timeout 20 "$MIGRATOR" -d "$DB_URL" -m fifo upgrade head
	assert_status 1
	assert_error "cannot read .*x\.sql: not a regular file"
	[ ! -e "$DB_PATH" ] || fail "$DB_PATH was created"
}

@test "a directory named x.sql: exit 1 naming it" {
	mkdir -p dir/x.sql
	cp "$FIXTURES/bad_nul/b0000000000a_create_t1.sql" dir/
	refused dir 1
	assert_error "cannot read .*x\.sql: not a regular file"
}

@test "a symlink loop: exit 1 naming the file and the loop" {
	mkdir loop
	cp "$FIXTURES/bad_nul/b0000000000a_create_t1.sql" loop/
	ln -s b.sql loop/a.sql
	ln -s a.sql loop/b.sql
	refused loop 1
	assert_error "cannot read .*[ab]\.sql"
	assert_match "$stderr" "Too many levels of symbolic links"
}

# --- targets (found by fuzz_target) -------------------------------------

@test "a target holding a newline: exit 2 with a one-line message" {
	MIGS="$FIXTURES/bad_crlf"
	run --separate-stderr mg upgrade d0000000000a
	assert_status 0
	before=$(fingerprint)
	run --separate-stderr mg upgrade $'+9999999999999\nhead'
	assert_status 2
	assert_error "target contains a control character"
	one_line_error
	assert_unchanged "$before"
}

@test "a control character in migrator:message: exit 3 naming file and line, and --sql prints nothing" {
	local m="$BATS_TEST_TMPDIR/cr"
	mkdir -p "$m"
	# PostgreSQL ends a -- comment at a carriage return: in --sql output
	# the rest of the message would run as SQL.
	printf -- '-- migrator:revision aaaa00000001\n-- migrator:message hi\rDROP TABLE victims; SELECT 1\n-- migrator:upgrade\nCREATE TABLE t (a int);\n-- migrator:downgrade\nDROP TABLE t;\n' \
		>"$m/aaaa00000001_x.sql"
	refused "$m" 3
	assert_error "aaaa00000001_x\.sql:2: migrator:message contains a control character \(byte 0x0d\)"
	run --separate-stderr "$MIGRATOR" -m "$m" -d postgresql: upgrade --sql head
	assert_status 3
	assert_eq "$output" ""
}
