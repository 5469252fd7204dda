# fleet.bats - fleets (issue 18): one command over many targets, each a
# child process running the ordinary command.  On SQLite the targets are
# files listed in a targets file; on PostgreSQL tenant schemas of the
# test's one database (--schemas), each with its stamp and history tables
# inside it.  README "Many databases".

load helpers

A=a00000000001
B=b00000000002
C=c00000000003

setup() {
	e2e_setup
	MIGS=$BATS_TEST_TMPDIR/migs
	mkdir -p "$MIGS"
	revfile $A "" "create a" "CREATE TABLE a (id integer PRIMARY KEY)" \
		"DROP TABLE a"
	# fails on a target that has a table b already
	revfile $B $A "create b" "CREATE TABLE b (id integer PRIMARY KEY)" \
		"DROP TABLE b"
	revfile $C $B "add a.note" "ALTER TABLE a ADD COLUMN note varchar(20)" \
		"ALTER TABLE a DROP COLUMN note"
}

revfile() {
	{
		echo "-- migrator:revision $1"
		[ -z "$2" ] || echo "-- migrator:down_revision $2"
		echo "-- migrator:message $3"
		echo
		echo "-- migrator:upgrade"
		echo "$4;"
		echo
		echo "-- migrator:downgrade"
		echo "$5;"
	} >"$MIGS/${1}_rev.sql"
}

# make_fleet N: targets t_001 to t_N, FLEET the options that pick them.
make_fleet() {
	local i n
	NAMES=()
	for ((i = 1; i <= $1; i++)); do
		NAMES+=("$(printf 't_%03d' "$i")")
	done
	case $BACKEND in
	sqlite)
		mkdir -p f
		for n in "${NAMES[@]}"; do
			echo "sqlite:///$BATS_TEST_TMPDIR/f/$n.db"
		done >targets.txt
		echo "# a comment, and a blank line" >>targets.txt
		echo >>targets.txt
		FLEET=(--targets-file targets.txt)
		;;
	postgresql)
		sql "$(printf 'CREATE SCHEMA %s;' "${NAMES[@]}") CREATE SCHEMA other"
		FLEET=(--schemas 't_*')
		;;
	esac
}

# name_of t_001: that target's name in the output
name_of() {
	case $BACKEND in
	sqlite) echo "sqlite:///$BATS_TEST_TMPDIR/f/$1.db" ;;
	postgresql) echo "$1" ;;
	esac
}

# on_target t_001 SQL: SQL on that target (unqualified names are its).
on_target() {
	case $BACKEND in
	sqlite)
		[ -e "f/$1.db" ] || touch "f/$1.db"
		sql_on "sqlite:///$BATS_TEST_TMPDIR/f/$1.db" "$2"
		;;
	postgresql) sql "SET search_path = $1; $2" ;;
	esac
}

# each SQL: SQL on every target, "@." standing for its schema (nothing on
# SQLite); the answers counted: "N answer" lines, sorted.
each() {
	local n q=""
	case $BACKEND in
	sqlite)
		for n in "${NAMES[@]}"; do
			sql_on "sqlite:///$BATS_TEST_TMPDIR/f/$n.db" "${1//@./}"
		done
		;;
	postgresql)
		for n in "${NAMES[@]}"; do
			q+="${q:+ UNION ALL }(${1//@./$n.})"
		done
		sql "$q"
		;;
	esac | sort | uniq -c | sed 's/^ *//'
}

@test "upgrade runs every target of the fleet: prefixed lines, a summary, each revision once" {
	if [ "$BACKEND" = postgresql ]; then make_fleet 200; else make_fleet 50; fi
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 4 head
	assert_status 0
	assert_match "$output" "$(name_of t_001): upgrade <base> -> $A  create a"
	assert_match "$output" "$(name_of "$(printf 't_%03d' ${#NAMES[@]})"): upgrade $B -> $C"
	# every line is a target's whole line, or the summary
	assert_eq "$(grep -cv -e '^sqlite:///[^ ]*: upgrade ' -e '^t_[0-9]*: upgrade ' \
		-e '^target  ' -e ' ok$' <<<"$output")" 0
	assert_eq "$(grep -c "  $C  *3  .* ok$" <<<"$output")" ${#NAMES[@]}
	assert_eq "$(each "SELECT count(*) FROM @.migrator_history WHERE direction = 'upgrade'")" \
		"${#NAMES[@]} 3"
	assert_eq "$(each "SELECT version_num FROM @.migrator_version")" "${#NAMES[@]} $C"
	if [ "$BACKEND" = postgresql ]; then
		# the tables are the schemas', none in public or other
		assert_eq "$(sql "SELECT count(*) FROM information_schema.tables
			WHERE table_schema IN ('public', 'other')")" 0
	fi
	# current: the targets grouped by stamp; JSON: one object per target
	run --separate-stderr mg current "${FLEET[@]}"
	assert_status 0
	assert_match "$output" "$C \\(head, ${#NAMES[@]}\\): $(name_of t_001) $(name_of t_002) "
	run --separate-stderr mg current "${FLEET[@]}" --format json
	assert_status 0
	assert_eq "$(grep -c '"to":\["'$C'"\],"revisions":0,"ms":[0-9]*,"result":"ok","head":true,"error":null}$' <<<"$output")" \
		${#NAMES[@]}
	# done targets are no-ops
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 4 head
	assert_status 0
	assert_eq "$(grep -c "  $C  *$C  *0  .* ok$" <<<"$output")" ${#NAMES[@]}
}

@test "the driver is loaded once, by the parent, not by each target's child" {
	make_fleet 4
	# the dynamic loader's log, one file per process (ld.PID)
	LD_DEBUG=files LD_DEBUG_OUTPUT=$BATS_TEST_TMPDIR/ld \
		run --separate-stderr mg upgrade "${FLEET[@]}" -j 2 head
	assert_status 0
	assert_eq "$(grep -c "  $C  *3  .* ok$" <<<"$output")" 4
	local driver=sqlite
	[ "$BACKEND" = sqlite ] || driver=postgres
	# children are forked, not exec'd: they log to the parent's file;
	# the driver's initialiser ran once (PostgreSQL: once more for the
	# schema list, whose context is closed before the fleet starts)
	local want=1
	[ "$BACKEND" = sqlite ] || want=2
	assert_eq "$(cat "$BATS_TEST_TMPDIR"/ld.* | grep -c "calling init: .*/$driver\.so$")" $want
}

@test "a failed target does not stop the others; a rerun finishes the rest" {
	make_fleet 12
	on_target t_003 "CREATE TABLE b (id integer PRIMARY KEY)"
	on_target t_007 "CREATE TABLE b (id integer PRIMARY KEY)"
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 3 head
	assert_status 1
	assert_error "2 of 12 targets did not succeed"
	assert_match "$stderr" "$(name_of t_003): migrator: error: "
	assert_match "$output" "$(name_of t_003)  *(-|base)  *$A  *1  .* failed"
	assert_eq "$(grep -c ' ok$' <<<"$output")" 10
	# the stamp matches the schema: a ran, b rolled back
	assert_eq "$(on_target t_003 "SELECT version_num FROM migrator_version")" $A
	assert_eq "$(on_target t_012 "SELECT version_num FROM migrator_version")" $C
	on_target t_003 "DROP TABLE b"
	on_target t_007 "DROP TABLE b"
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 3 head
	assert_status 0
	assert_match "$output" "$(name_of t_003)  *$A  *$C  *2  "
	assert_eq "$(grep -c "  $C  *$C  *0  .* ok$" <<<"$output")" 10
	assert_eq "$(each "SELECT count(*) FROM @.migrator_history WHERE direction = 'upgrade'")" "12 3"
}

@test "--fail-fast starts no target after the first failure" {
	make_fleet 6
	on_target t_002 "CREATE TABLE b (id integer PRIMARY KEY)"
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 1 --fail-fast head
	assert_status 1
	assert_error "5 of 6 targets did not succeed"
	assert_match "$output" "$(name_of t_001) .* ok"$'\n'
	assert_match "$output" "$(name_of t_002) .* failed"$'\n'
	assert_eq "$(grep -c ' skipped$' <<<"$output")" 4
	assert_no_match "$output" "$(name_of t_003): "
	run --separate-stderr mg current "${FLEET[@]}"
	# current never creates a SQLite file: those not started are not read
	case $BACKEND in
	sqlite) assert_match "$output" "not read \\(4\\): $(name_of t_003) " ;;
	postgresql) assert_match "$output" "base \\(behind, 4\\): $(name_of t_003) " ;;
	esac
}

@test "--canary N goes on to the others only when the first N succeeded" {
	make_fleet 6
	on_target t_001 "CREATE TABLE b (id integer PRIMARY KEY)"
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 2 --canary 2 head
	assert_status 1
	assert_match "$output" "$(name_of t_001) .* failed"$'\n'
	assert_match "$output" "$(name_of t_002) .* ok"$'\n'
	assert_eq "$(grep -c ' skipped$' <<<"$output")" 4
	on_target t_001 "DROP TABLE b"
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 2 --canary 2 head
	assert_status 0
	assert_eq "$(grep -c ' ok$' <<<"$output")" 6
}

@test "kill -9 of the whole fleet run, then a rerun finishes the rest" {
	# enough targets, one at a time, that the run is still going when
	# the first target's line shows (a fleet of 40 at -j 2 could finish
	# between two looks)
	make_fleet 150
	setsid "$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade "${FLEET[@]}" -j 1 head \
		>run.out 2>run.err &
	local pid=$! tries=0 n=${#NAMES[@]}
	# a revision committed somewhere (its line follows the commit)
	until grep -q ": upgrade <base> -> $A" run.out; do
		((tries++ < 600)) || fail "the fleet run showed no progress"
		sleep 0.05
	done
	kill -9 -- -"$pid" || fail "the fleet run ended before the kill"
	wait "$pid" || true
	# it was killed, not done: some target is not at the head yet
	[ "$(grep -c "  $C  *3  .* ok$" run.out || true)" -lt "$n" ] ||
		fail "every target finished before the kill"
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 2 head
	assert_status 0
	assert_eq "$(grep -c ' ok$' <<<"$output")" "$n"
	# at least the target seen done was not started again from base
	assert_match "$output" "  ($A|$B|$C)  *$C  "
	assert_eq "$(each "SELECT version_num FROM @.migrator_version")" "$n $C"
	assert_eq "$(each "SELECT count(*) FROM @.migrator_history WHERE direction = 'upgrade'")" "$n 3"
}

@test "8 concurrent fleet runs over the same targets apply each revision once per target" {
	make_fleet 16
	local pids=() p i
	for ((i = 0; i < 8; i++)); do
		mg upgrade "${FLEET[@]}" -j 2 head >"run$i.out" 2>"run$i.err" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || { cat run*.err >&2; fail "a fleet run failed"; }
	done
	assert_eq "$(each "SELECT count(*) FROM @.migrator_history WHERE direction = 'upgrade'")" "16 3"
	assert_eq "$(each "SELECT revision FROM @.migrator_history ORDER BY id LIMIT 1")" "16 $A"
	assert_eq "$(each "SELECT version_num FROM @.migrator_version")" "16 $C"
}

@test "[target NAME] sections: --target, --all-targets, check's drift per target, passwords redacted" {
	local one two
	case $BACKEND in
	sqlite)
		one="url = sqlite:///one.db"
		two="url = sqlite:///two.db"
		;;
	postgresql)
		sql "CREATE SCHEMA s1; CREATE SCHEMA s2"
		one="url = $DB_URL"$'\n'"schema = s1"
		two="url = $DB_URL"$'\n'"schema = s2"
		;;
	esac
	printf '[migrator]\nmigrations = migs\n\n[target one]\n%s\n\n[target two]\n%s\n' \
		"$one" "$two" >migrator.ini
	run --separate-stderr "$MIGRATOR" upgrade --target two head
	assert_status 0
	assert_match "$output" "^two: upgrade <base> -> $A"
	run --separate-stderr "$MIGRATOR" upgrade --all-targets -j 2 head
	assert_status 0
	assert_match "$output" "one  *(-|base)  *$C  *3 .* ok"$'\n'"two  *$C  *$C  *0 .* ok"
	case $BACKEND in
	sqlite) sql_on "sqlite:///$BATS_TEST_TMPDIR/two.db" "CREATE TABLE extra (id integer)" ;;
	postgresql) sql "CREATE TABLE s2.extra (id integer)" ;;
	esac
	run --separate-stderr "$MIGRATOR" check --all-targets
	assert_status 1
	assert_error "1 of 2 targets have drift"
	assert_match "$output" "one: no drift"
	assert_match "$output" "two: .*extra"
	assert_match "$output" "one  .* ok"$'\n'"two  .* drift"
	run --separate-stderr "$MIGRATOR" current --target nope
	assert_status 2
	assert_error 'unknown target "nope"'
	# a password never shows, in lines or in the summary
	echo "postgresql://u:sekret@127.0.0.1:1/x?connect_timeout=2" >pw.txt
	run --separate-stderr "$MIGRATOR" current --targets-file pw.txt --format json
	assert_status 1
	assert_match "$output" '"target":"postgresql://u:\*\*\*@127.0.0.1:1/x'
	assert_no_match "$output$stderr" sekret
}

@test "fleet options: usage errors" {
	run --separate-stderr mg upgrade -j 2 head
	assert_status 2
	assert_error "-j needs targets"
	run --separate-stderr mg upgrade --all-targets --target x head
	assert_status 2
	assert_error "--target and --all-targets exclude each other"
	run --separate-stderr mg upgrade --sql --all-targets head
	assert_status 2
	assert_error "--sql does not run over targets"
	run --separate-stderr mg upgrade --schemas 't_*' --canary 0 head
	assert_status 2
	assert_error 'bad --canary "0"'
	# [target NAME]: a key it does not know, a target without a url
	printf '[target a]\nurl = sqlite:///a.db\nport = 5\n' >bad.ini
	run --separate-stderr "$MIGRATOR" -c bad.ini current --all-targets
	assert_status 2
	assert_error 'bad.ini:3: .*unknown key "port" in \[target a\]'
	printf '[target]\nurl = sqlite:///a.db\n' >bad.ini
	run --separate-stderr "$MIGRATOR" -c bad.ini current --all-targets
	assert_status 2
	assert_error 'bad.ini:2: .*bad section \[target\]'
	printf '[target a]\nschema = x\n' >bad.ini
	run --separate-stderr "$MIGRATOR" -c bad.ini current --all-targets
	assert_status 2
	assert_error "target a has no url"
	printf 'sqlite:///a.db\nsqlite:///a.db\n' >twice.txt
	run --separate-stderr mg current --targets-file twice.txt
	assert_status 2
	assert_error "twice.txt:2: .*target sqlite:///a.db is given twice"
	if [ "$BACKEND" = sqlite ]; then
		run --separate-stderr mg upgrade --schemas 't_*' head
		assert_status 2
		assert_error "the sqlite driver has no schemas"
	else
		run --separate-stderr mg upgrade --schemas 'zz_*' head
		assert_status 2
		assert_error 'no schema matches "zz_\*"'
	fi
}

@test "a terminal shows one progress line, cleared before each target's line and at the end" {
	make_fleet 3
	on_target t_002 "CREATE TABLE b (id integer PRIMARY KEY)"
	local cmd
	cmd=$(printf '%q ' "$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade "${FLEET[@]}" -j 1 head)
	run env TERM=xterm script -qec "$cmd >/dev/null" /dev/null
	assert_status 1
	assert_match "$output" $'\r\033\\[K0/3 done, 1 running, 0 failed'
	assert_match "$output" $'\r\033\\[K2/3 done, 0 running, 1 failed\r\033\\[K'
	assert_match "$output" $'\r\033\\[K3/3 done, 0 running, 1 failed\r\033\\[K'
	# the failed target's error lines start on a cleared line
	assert_match "$output" $'\r\033\\[K'"$(name_of t_002): migrator: error: "
	# not with -q, nor when stderr is not a terminal
	run env TERM=xterm script -qec "$cmd -q >/dev/null" /dev/null
	assert_no_match "$output" "done, "
	run --separate-stderr mg upgrade "${FLEET[@]}" head
	assert_no_match "$stderr" "done, "
}

@test "a crash in one target's run does not reach the others" {
	make_fleet 4
	# t_002 stamped at A: the crashhook test plugin aborts a run there
	case $BACKEND in
	sqlite) "$MIGRATOR" -d "$(name_of t_002)" -m "$MIGS" -q upgrade $A ;;
	postgresql) mg -q upgrade --schemas t_002 $A ;;
	esac
	run --separate-stderr env CRASHHOOK_AT=$A \
		MIGRATOR_PLUGIN_PATH="$MIGRATOR_PLUGIN_PATH:$TEST_PLUGIN_DIR" \
		"$MIGRATOR" -d "$DB_URL" -m "$MIGS" --plugin crashhook \
		upgrade "${FLEET[@]}" -j 2 head
	assert_status 1
	assert_error "1 of 4 targets did not succeed"
	assert_match "$output" "$(name_of t_002)  *-  *-  *0  .* crashed"$'\n'
	assert_eq "$(grep -c ' ok$' <<<"$output")" 3
	assert_eq "$(on_target t_002 "SELECT version_num FROM migrator_version")" $A
	run --separate-stderr mg upgrade "${FLEET[@]}" head
	assert_status 0
	assert_match "$output" "$(name_of t_002)  *$A  *$C  *2  "
}

@test "downgrade, stamp and verify run over the fleet too" {
	make_fleet 3
	run --separate-stderr mg upgrade "${FLEET[@]}" -j 2 -q head
	assert_status 0
	run --separate-stderr mg downgrade "${FLEET[@]}" -j 2 -1
	assert_status 0
	assert_eq "$(grep -c "  $C  *$B  *1  .* ok$" <<<"$output")" 3
	assert_eq "$(each "SELECT version_num FROM @.migrator_version")" "3 $B"
	run --separate-stderr mg stamp "${FLEET[@]}" -j 2 $A
	assert_status 0
	assert_eq "$(grep -c "  $B  *$A  *0  .* ok$" <<<"$output")" 3
	assert_eq "$(each "SELECT version_num FROM @.migrator_version")" "3 $A"
	run --separate-stderr mg verify "${FLEET[@]}" -j 2 --format json
	assert_status 0
	assert_eq "$(grep -c '"result":"ok"' <<<"$output")" 3
}
