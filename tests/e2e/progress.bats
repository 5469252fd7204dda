#!/usr/bin/env bats
# progress.bats - the line each migration prints as it runs (issue 7, item
# 3): its format, -q, colour only on a terminal, and --format json kept
# clean.  The terminal is a real pseudo-terminal (util-linux script).

load helpers

# Times vary: "(12 ms)" becomes "(N ms)".
no_times() {
	sed -E 's/\([0-9]+ ms\)/(N ms)/'
}

# on_tty [VAR=VALUE...] -- ARGS...: runs migrator with stdout and stderr on
# a pseudo-terminal; $output is what the terminal got, with its \r.
on_tty() {
	local envs=() cmd
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	cmd=$(printf '%q ' "$MIGRATOR" -d "$DB_URL" -m "$MIGS" "$@")
	run env -u NO_COLOR TERM=xterm "${envs[@]}" script -qec "$cmd" /dev/null
}

ESC=$'\033'

@test "upgrade prints one line per migration: direction, links, message, time" {
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | no_times)" "\
upgrade <base> -> $R1  create token_usage  (N ms)
upgrade $R1 -> $R2  create budgets  (N ms)
upgrade $R2 -> $R3  create budget_alerts  (N ms)
upgrade $R3 -> $R4  add slack_webhook to budget_alerts  (N ms)
upgrade $R4 -> $R6  create usage_snapshots  (N ms)
upgrade $R4 -> $R5  create usage_config  (N ms)
upgrade $R5, $R6 -> $R7  merge usage_config and usage_snapshots  (N ms)"
	assert_eq "$stderr" ""
}

@test "downgrade prints its lines newest first, a merge to both parents, the root to <base>" {
	mg upgrade head
	run --separate-stderr mg downgrade base
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | no_times)" "\
downgrade $R7 -> $R5, $R6  merge usage_config and usage_snapshots  (N ms)
downgrade $R5 -> $R4  create usage_config  (N ms)
downgrade $R6 -> $R4  create usage_snapshots  (N ms)
downgrade $R4 -> $R3  add slack_webhook to budget_alerts  (N ms)
downgrade $R3 -> $R2  create budget_alerts  (N ms)
downgrade $R2 -> $R1  create budgets  (N ms)
downgrade $R1 -> <base>  create token_usage  (N ms)"
}

@test "already at head: no line" {
	mg upgrade head
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$output" ""
	assert_eq "$stderr" ""
}

@test "-q silences the lines, before or after the command" {
	run --separate-stderr "$MIGRATOR" -q -d "$DB_URL" -m "$MIGS" upgrade "$R2"
	assert_status 0
	assert_eq "$output" ""
	assert_eq "$stderr" ""
	run --separate-stderr mg upgrade -q head
	assert_status 0
	assert_eq "$output" ""
	assert_eq "$(stamp)" "$R7"
	run --separate-stderr mg downgrade -q base
	assert_status 0
	assert_eq "$output" ""
}

@test "into a pipe: no colour and no carriage return, even with TERM=xterm" {
	run --separate-stderr env -u NO_COLOR TERM=xterm \
		"$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade head
	assert_status 0
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 7 ] || { show_run; false; }
	assert_no_match "$output$stderr" "$ESC"
	assert_no_match "$output" $'\r'
}

@test "-v into a pipe: a line when each migration starts, then its done line" {
	run --separate-stderr mg upgrade -v "$R2"
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | no_times)" "\
upgrade <base> -> $R1  create token_usage ...
upgrade <base> -> $R1  create token_usage  (N ms)
upgrade $R1 -> $R2  create budgets ...
upgrade $R1 -> $R2  create budgets  (N ms)"
}

@test "--dry-run prints the lines with (dry run) and runs nothing" {
	if [ "$BACKEND" = sqlite ]; then
		: >"$DB_PATH" # --dry-run reads the database: it must exist
	fi
	run --separate-stderr mg upgrade --dry-run "$R2"
	assert_status 0
	assert_eq "$output" "\
upgrade <base> -> $R1  create token_usage  (dry run)
upgrade $R1 -> $R2  create budgets  (dry run)"
	assert_eq "$(stamp)" none
}

@test "on a terminal: the line shows while it runs, then is completed in place, in colour" {
	on_tty -- upgrade "$R1"
	assert_status 0
	# green verb, the running line, then \r and erase-line, the full line
	# with the time dimmed
	# (issue 20: "[1/1] " before it, a summary line after the run)
	expect="[1/1] ${ESC}[32mupgrade${ESC}[0m <base> -> $R1  create token_usage ..."
	expect+=$'\r'"${ESC}[K[1/1] ${ESC}[32mupgrade${ESC}[0m <base> -> $R1  create token_usage  ${ESC}[2m("
	[[ $output == "$expect"[0-9]*" ms)${ESC}[0m"$'\r\n'"1 migration in "[0-9]*.[0-9]" s"$'\r' ]] ||
		{ printf '%q\n' "$output"; false; }
	assert_eq "$(stamp)" "$R1"
	# a downgrade's verb is yellow
	on_tty -- downgrade base
	assert_status 0
	assert_match "$output" "^\[1/1\] ${ESC}\[33mdowngrade${ESC}\[0m $R1 -> <base>  create token_usage \.\.\."
}

@test "on a terminal: NO_COLOR and TERM=dumb turn colour off" {
	on_tty NO_COLOR=1 -- upgrade "$R1"
	assert_status 0
	assert_match "$output" "^\[1/1\] upgrade <base> -> $R1  create token_usage \.\.\."
	assert_no_match "$output" "${ESC}\[[0-9;]*m"
	on_tty TERM=dumb -- upgrade "$R2"
	assert_status 0
	assert_match "$output" "^\[1/1\] upgrade $R1 -> $R2  create budgets \.\.\."
	assert_no_match "$output" "${ESC}\[[0-9;]*m"
	# an empty NO_COLOR does not count (no-color.org)
	on_tty NO_COLOR= -- upgrade "$R3"
	assert_match "$output" "${ESC}\[32mupgrade"
}

@test "on a terminal: a failing migration's line ends in failed, the error on its own line" {
	MIGS="$FIXTURES/e2e_fail5"
	on_tty NO_COLOR=1 -- upgrade head
	assert_status 1
	lines=$(printf '%s' "$output" | tr -d '\r' | sed 's/\x1b\[K//g')
	line3=$(printf '%s\n' "$lines" | grep -n "f00000000003" | head -n 1)
	assert_match "$line3" "^3:\[3/[0-9]+\] upgrade f00000000002 -> f00000000003  create_f3_then_fail \.\.\.  failed$"
	assert_match "$(printf '%s\n' "$lines" | sed -n 4p)" "^migrator: error: "
	# and with -q nothing but the error
	on_tty NO_COLOR=1 -- upgrade -q head
	assert_status 1
	assert_match "$output" "^migrator: error: "
}

@test "on a terminal: error: and warning: are in colour on stderr" {
	on_tty -- upgrade no_such_rev
	assert_status 2
	assert_match "$output" "^migrator: ${ESC}\[1;31merror:${ESC}\[0m "
}

@test "--format json: stdout holds only JSON, with or without -v; -v lines go to stderr" {
	run --separate-stderr mg upgrade --format json "$R2"
	assert_status 0
	printf '%s' "$output" | jq -e '.revisions | length == 2' >/dev/null ||
		{ show_run; false; }
	assert_eq "$stderr" ""
	run --separate-stderr mg upgrade -v --format json head
	assert_status 0
	printf '%s' "$output" | jq -e '.revisions | length == 5' >/dev/null ||
		{ show_run; false; }
	assert_match "$stderr" "upgrade $R5, $R6 -> $R7  merge usage_config and usage_snapshots  \([0-9]+ ms\)"
}

# --- issue 20: [n/N], the time left, the summary line -------------------

# linear_migs DIR N [FAIL]: N revisions in a line, each creating a table
# (p1, p2, ...); revision FAIL, if given, fails on a missing table.
linear_migs() {
	local dir=$1 n=$2 fail=${3:-0} i parent=""
	mkdir -p "$dir"
	for i in $(seq 1 "$n"); do
		id=$(printf 'c%011d' "$i")
		{
			echo "-- migrator:revision $id"
			echo "-- migrator:down_revision $parent"
			echo "-- migrator:message create p$i"
			echo "-- migrator:upgrade"
			if [ "$i" -eq "$fail" ]; then
				echo "INSERT INTO no_such_table VALUES (1);"
			else
				echo "CREATE TABLE p$i (id integer);"
			fi
			echo "-- migrator:downgrade"
			echo "DROP TABLE p$i;"
		} >"$dir/${id}_create_p$i.sql"
		parent=$id
	done
}

@test "on a terminal: [n/N] before each line, the time left once 3 ran, and a summary line" {
	MIGS="$BATS_TEST_TMPDIR/lin"
	linear_migs "$MIGS" 12
	on_tty NO_COLOR=1 -- upgrade head
	assert_status 0
	# what the terminal shows at the end: each \r rewrites its line
	shown=$(printf '%s' "$output" | tr -d '\r' | sed 's/.*\x1b\[K//')
	for i in $(seq 1 12); do
		assert_match "$(printf '%s\n' "$shown" | sed -n "${i}p")" \
			"^\[ ?$i/12\] upgrade .* create p$i  \([0-9]+ ms\)$"
	done
	assert_match "$(printf '%s\n' "$shown" | sed -n 13p)" "^12 migrations in [0-9]+\.[0-9] s$"
	assert_eq "$(printf '%s\n' "$shown" | wc -l)" 13
	# the running lines: no estimate before 3 ran, then one on each
	running=$(printf '%s' "$output" | tr '\r' '\n' | grep ' \.\.\.')
	assert_eq "$(printf '%s\n' "$running" | wc -l)" 12
	assert_eq "$(printf '%s\n' "$running" | sed -n 1,3p | grep -c 'left)')" 0
	assert_eq "$(printf '%s\n' "$running" | sed -n 4,12p |
		grep -cE ' \.\.\. \(about (<1 s|[0-9]+ s|[0-9]+ min [0-9]+ s) left\)$')" 9
	# downgrade counts too; -q prints nothing at all
	on_tty NO_COLOR=1 -- downgrade -3
	assert_match "$output" "\[1/3\] downgrade c00000000012 -> c00000000011"
	assert_match "$output" "3 migrations in [0-9.]+ s"
	on_tty NO_COLOR=1 -- upgrade -q head
	assert_eq "$output" ""
}

@test "on a terminal: a failure after the estimate shows the line without it, and no summary" {
	MIGS="$BATS_TEST_TMPDIR/lin"
	linear_migs "$MIGS" 6 5
	on_tty NO_COLOR=1 -- upgrade head
	assert_status 1
	shown=$(printf '%s' "$output" | tr -d '\r' | sed 's/.*\x1b\[K//')
	assert_match "$(printf '%s\n' "$shown" | sed -n 5p)" \
		'^\[5/6\] upgrade c00000000004 -> c00000000005  create p5 \.\.\.  failed$'
	assert_match "$(printf '%s\n' "$shown" | sed -n 6p)" "^migrator: error: "
	assert_no_match "$output" "migrations in"
}

@test "into a pipe: no counter, no estimate, no summary, exactly the lines of before" {
	MIGS="$BATS_TEST_TMPDIR/lin"
	linear_migs "$MIGS" 5
	run --separate-stderr env -u NO_COLOR TERM=xterm \
		"$MIGRATOR" -d "$DB_URL" -m "$MIGS" upgrade -v head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | no_times)" "$(
		parent="<base>"
		for i in 1 2 3 4 5; do
			id=$(printf 'c%011d' "$i")
			echo "upgrade $parent -> $id  create p$i ..."
			echo "upgrade $parent -> $id  create p$i  (N ms)"
			parent=$id
		done)"
	assert_eq "$stderr" ""
}

@test "--format json: count and elapsed_ms of the run; a dry run counts the plan" {
	run --separate-stderr mg upgrade --format json "$R3"
	assert_status 0
	printf '%s' "$output" | jq -e '.count == 3 and (.elapsed_ms | type) == "number"
		and .elapsed_ms >= ([.revisions[].elapsed_ms] | add) - 3' >/dev/null ||
		{ show_run; false; }
	run --separate-stderr mg upgrade --format json "$R3"
	printf '%s' "$output" | jq -e '.count == 0 and .elapsed_ms == 0 and .error == null' >/dev/null ||
		{ show_run; false; }
	run --separate-stderr mg upgrade --dry-run --format json head
	printf '%s' "$output" | jq -e '.count == 4 and (has("elapsed_ms") | not)' >/dev/null ||
		{ show_run; false; }
	MIGS="$FIXTURES/e2e_fail5"
	DB_URL=$(new_db f)
	run --separate-stderr mg upgrade --format json head
	assert_status 1
	printf '%s' "$output" | jq -e '.count == 2 and .error.exit_code == 1' >/dev/null ||
		{ show_run; false; }
}
