#!/usr/bin/env bats
# commands.bats - heads, branches, history, show, stamp, revision, the JSON
# output, the configuration's precedence and the README's first command
# (DESIGN 3, 7, 8).

load helpers

two_heads() {
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" "$R1"_*.sql "$R2"_*.sql "$R3"_*.sql "$R4"_*.sql \
		"$R5"_*.sql "$R6"_*.sql
}

# The revisions a JSON document lists, sorted, unique: the "revision" member
# of its objects (or, if it has none, every string that is a 12-hex ID).
json_revs() {
	jq -r '[.. | objects | select(has("revision")) | .revision] as $r
		| if ($r | length) > 0 then $r
		  else [.. | strings | select(test("^[0-9a-f]{12}$"))] end
		| unique | .[]' |
		tr '\n' ' ' | sed 's/ $//'
}

# line_with ID: the first line of $output that names ID.
line_with() {
	printf '%s\n' "$output" | grep -m 1 "$1"
}

sorted() {
	printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}

# --- graph-only commands: no database needed -----------------------------

@test "heads prints the single head, marked (head), without any database" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" heads
	assert_status 0
	assert_match "$output" "^$R7 \(head\)"
	assert_eq "$(printf '%s\n' "$output" | grep -c .)" 1
}

@test "heads lists both heads of a branched graph, exit 0" {
	two_heads
	run --separate-stderr "$MIGRATOR" -m "$MIGS" heads
	assert_status 0
	# marks may come between, e.g. a branch label: "ID (config) (head)"
	assert_match "$(line_with "$R5")" "^$R5 .*\(head\)"
	assert_match "$(line_with "$R6")" "^$R6 .*\(head\)"
	assert_no_match "$output" "$R4"
}

@test "branches names the branch point and its children" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" branches
	assert_status 0
	assert_match "$output" "$R4"
	assert_match "$output" "$R5"
	assert_match "$output" "$R6"
	assert_no_match "$output" "$R1|$R2"
}

@test "branches on a linear graph prints nothing, exit 0" {
	run --separate-stderr "$MIGRATOR" -m "$FIXTURES/e2e_fail5" branches
	assert_status 0
	assert_eq "$output" ""
}

@test "history: newest first with (head), (branchpoint) and (mergepoint) marks" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" history
	assert_status 0
	first=$(printf '%s\n' "$output" | grep . | head -n 1)
	last=$(printf '%s\n' "$output" | grep . | tail -n 1)
	assert_match "$first" "$R7"
	assert_match "$first" "\(head\)"
	assert_match "$first" "\(mergepoint\)"
	assert_match "$last" "$R1"
	assert_match "$(printf '%s\n' "$output" | grep "(branchpoint)")" "$R4"
	# every revision is listed; the first line of each, newest first
	assert_match "$output" "create usage_snapshots"
	n1=$(printf '%s\n' "$output" | grep -n "create budgets" | cut -d: -f1)
	n2=$(printf '%s\n' "$output" | grep -n "create budget_alerts" | cut -d: -f1)
	[ "$n2" -lt "$n1" ] || { show_run; fail "history is not newest first"; }
}

@test "history -r A:B lists that range only" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" history -r "$R2:$R4"
	assert_status 0
	assert_match "$output" "$R3"
	assert_match "$output" "$R4"
	assert_no_match "$output" "$R5|$R6|$R7"
}

@test "history --format json lists every revision" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" history --format json
	assert_status 0
	revs=$(printf '%s' "$output" | json_revs)
	assert_eq "$revs" "$(sorted $R1 $R2 $R3 $R4 $R5 $R6 $R7)"
}

@test "show REV: ID, parents, children, file, message and SQL" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" show 111c6
	assert_status 0
	assert_match "$output" "$R4"
	assert_match "$output" "$R3"
	assert_match "$output" "$R5"
	assert_match "$output" "$R6"
	assert_match "$output" "111c6a8bb173_add_slack_webhook_to_budget_alerts\.sql"
	assert_match "$output" "add slack_webhook to budget_alerts"
	assert_match "$output" "ADD COLUMN slack_webhook"
	assert_match "$output" "DROP COLUMN slack_webhook"
}

@test "show of a merge point lists both parents and its branch label owner" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" show "$R7"
	assert_status 0
	assert_match "$output" "$R5"
	assert_match "$output" "$R6"
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" show "$R5"
	assert_status 0
	assert_match "$output" "config"
}

@test "show of an unknown revision: exit 2" {
	run --separate-stderr "$MIGRATOR" -m "$SAMPLE" show ffffffffffff
	assert_status 2
	assert_error "ffffffffffff"
}

@test "graph-only commands do not create a SQLite file even with a URL" {
	url="sqlite:///$BATS_TEST_TMPDIR/ro.db"
	for cmd in heads branches history "show $R1"; do
		run --separate-stderr "$MIGRATOR" -d "$url" -m "$SAMPLE" $cmd
		assert_status 0
	done
	[ ! -e "$BATS_TEST_TMPDIR/ro.db" ] || fail "a graph-only command created ro.db"
}

# --- stamp -------------------------------------------------------------

@test "stamp moves the stamp without running migrations; stamp base empties it" {
	mg upgrade "$R2"
	run --separate-stderr mg stamp base
	assert_status 0
	# the table stays, empty (DESIGN 8); the schema is untouched
	has_table migrator_version
	assert_eq "$(stamp)" ""
	assert_eq "$(tables)" "budgets token_usage"
	run --separate-stderr mg stamp "$R2"
	assert_status 0
	assert_eq "$(stamp)" "$R2"
	assert_eq "$(tables)" "budgets token_usage"
	# upgrade now continues from the stamp
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
}

@test "stamp heads writes one row per head" {
	two_heads
	mg upgrade "$R4"
	run --separate-stderr mg stamp heads
	assert_status 0
	assert_eq "$(stamp)" "$(sorted $R5 $R6)"
	refute_table usage_config
}

@test "stamp --purge replaces rows that name no revision" {
	mg upgrade "$R2"
	sql "INSERT INTO migrator_version (version_num) VALUES ('0123456789ab')"
	run --separate-stderr mg stamp "$R2"
	assert_status 1
	assert_error "0123456789ab"
	assert_eq "$(stamp)" "$(sorted 0123456789ab $R2)"
	run --separate-stderr mg stamp --purge "$R2"
	assert_status 0
	assert_eq "$(stamp)" "$R2"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
}

# --- JSON output ---------------------------------------------------------

@test "--format json: upgrade reports what it ran, then an empty list" {
	run --separate-stderr mg upgrade --format json head
	assert_status 0
	printf '%s' "$output" | jq -e . >/dev/null || { show_run; fail "not JSON"; }
	assert_eq "$(printf '%s' "$output" | json_revs)" \
		"$(sorted $R1 $R2 $R3 $R4 $R5 $R6 $R7)"
	run --separate-stderr mg upgrade --format json head
	assert_status 0
	# nothing ran: an empty list, and no revision other than the current one
	printf '%s' "$output" | jq -e '[.. | arrays | select(length == 0)] | length > 0' >/dev/null ||
		{ show_run; fail "no empty list in the JSON"; }
	assert_no_match "$(printf '%s' "$output" | json_revs)" "$R1|$R2|$R3|$R4|$R5|$R6"
}

@test "--format json: downgrade reports what it ran" {
	mg upgrade "$R3"
	run --separate-stderr mg downgrade --format json base
	assert_status 0
	assert_eq "$(printf '%s' "$output" | json_revs)" "$(sorted $R1 $R2 $R3)"
}

@test "--format json: current and heads" {
	mg upgrade heads
	run --separate-stderr mg current --format json
	assert_status 0
	assert_eq "$(printf '%s' "$output" | json_revs)" "$R7"
	run --separate-stderr mg heads --format json
	assert_status 0
	assert_eq "$(printf '%s' "$output" | json_revs)" "$R7"
}

# --- configuration -------------------------------------------------------

@test "config precedence: -d beats MIGRATOR_DATABASE_URL beats DATABASE_URL beats the ini" {
	ini=$(new_db ini)
	env1=$(new_db envm)
	env2=$(new_db envd)
	cli=$(new_db cli)
	printf '[migrator]\nurl = %s\nmigrations = %s\n' "$ini" "$SAMPLE" >migrator.ini
	run --separate-stderr "$MIGRATOR" upgrade "$R1"
	assert_status 0
	assert_eq "$(stamp_on "$ini")" "$R1"
	run --separate-stderr env DATABASE_URL="$env2" "$MIGRATOR" upgrade "$R1"
	assert_status 0
	assert_eq "$(stamp_on "$env2")" "$R1"
	run --separate-stderr env DATABASE_URL="$env2" MIGRATOR_DATABASE_URL="$env1" \
		"$MIGRATOR" upgrade "$R2"
	assert_status 0
	assert_eq "$(stamp_on "$env1")" "$R2"
	assert_eq "$(stamp_on "$env2")" "$R1"
	run --separate-stderr env DATABASE_URL="$env2" MIGRATOR_DATABASE_URL="$env1" \
		"$MIGRATOR" -d "$cli" upgrade "$R3"
	assert_status 0
	assert_eq "$(stamp_on "$cli")" "$R3"
	# the others did not move
	assert_eq "$(stamp_on "$ini")" "$R1"
	assert_eq "$(stamp_on "$env1")" "$R2"
	assert_eq "$(stamp_on "$env2")" "$R1"
}

@test "config: -c FILE, and -m before the command is --migrations" {
	mkdir conf
	printf '[migrator]\nurl = %s\nmigrations = %s\n' "$DB_URL" "$FIXTURES/e2e_fail5" >conf/my.ini
	run --separate-stderr "$MIGRATOR" -c conf/my.ini heads
	assert_status 0
	assert_match "$output" "^f00000000005"
	run --separate-stderr "$MIGRATOR" -c conf/my.ini -m "$SAMPLE" heads
	assert_status 0
	assert_match "$output" "^$R7"
	run --separate-stderr "$MIGRATOR" -c conf/my.ini --migrations "$SAMPLE" upgrade "$R1"
	assert_status 0
	assert_eq "$(stamp)" "$R1"
}

@test "SQLite: a relative path in the config file's url is relative to the file's directory, from any working directory" {
	local proj="$BATS_TEST_TMPDIR/my proj#1%"
	mkdir -p "$proj" elsewhere
	(cd "$proj" && "$MIGRATOR" init >/dev/null) || fail "init failed"
	cp "$SAMPLE"/*.sql "$proj/migrations/"
	# what init suggests, uncommented
	sed -i 's|^# url = sqlite:///app.db$|url = sqlite:///app.db|' "$proj/migrator.ini"
	grep -qx 'url = sqlite:///app.db' "$proj/migrator.ini" || fail "no url line to uncomment"
	cd elsewhere
	run --separate-stderr "$MIGRATOR" -c "../my proj#1%/migrator.ini" upgrade head
	assert_status 0
	[ -f "$proj/app.db" ] || fail "app.db is not next to migrator.ini"
	[ ! -e app.db ] || fail "app.db was created in the working directory"
	assert_eq "$(stamp_on "sqlite:///$proj/app.db")" "$R7"
	# a service started from /
	cd /
	run --separate-stderr "$MIGRATOR" -c "$proj/migrator.ini" current
	assert_status 0
	assert_match "$output" "^$R7 \(head\)"
	[ ! -e /app.db ] || fail "/app.db exists"
	# the dbmate-style form, in a subdirectory; the default ./migrator.ini
	cd "$BATS_TEST_TMPDIR/elsewhere"
	sed -i 's|^url = .*|url = sqlite:data/app2.db|' "$proj/migrator.ini"
	mkdir "$proj/data"
	run --separate-stderr "$MIGRATOR" -c "$proj/migrator.ini" upgrade "$R1"
	assert_status 0
	assert_eq "$(stamp_on "sqlite:///$proj/data/app2.db")" "$R1"
	(cd "$proj" && "$MIGRATOR" current) | grep -q "^$R1" || fail "./migrator.ini in its own directory"
	# -d and the environment stay relative to the working directory
	run --separate-stderr "$MIGRATOR" -c "$proj/migrator.ini" -d sqlite:///cli.db upgrade "$R1"
	assert_status 0
	assert_eq "$(stamp_on "sqlite:///$PWD/cli.db")" "$R1"
	run --separate-stderr env MIGRATOR_DATABASE_URL=sqlite:env.db \
		"$MIGRATOR" -c "$proj/migrator.ini" upgrade "$R1"
	assert_status 0
	assert_eq "$(stamp_on "sqlite:///$PWD/env.db")" "$R1"
	[ ! -e "$proj/cli.db" ] && [ ! -e "$proj/env.db" ] || fail "-d or the environment was read relative to the config"
	# absolute and in-memory URLs are used as written
	sed -i "s|^url = .*|url = sqlite:///$PWD/abs.db|" "$proj/migrator.ini"
	run --separate-stderr "$MIGRATOR" -c "$proj/migrator.ini" upgrade "$R1"
	assert_status 0
	assert_eq "$(stamp_on "sqlite:///$PWD/abs.db")" "$R1"
	sed -i 's|^url = .*|url = sqlite::memory:|' "$proj/migrator.ini"
	run --separate-stderr "$MIGRATOR" -c "$proj/migrator.ini" upgrade "$R1"
	assert_status 0
}

@test "config: --version-table names the stamp table" {
	run --separate-stderr mg --version-table alembic_version upgrade "$R2"
	assert_status 0
	assert_eq "$(stamp_on "$DB_URL" alembic_version)" "$R2"
	refute_table migrator_version
	run --separate-stderr mg --version-table alembic_version current
	assert_status 0
	assert_match "$output" "^$R2"
}

@test "revision -m MSG after the command is the message; the parent is the head" {
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" '*.sql'
	run --separate-stderr "$MIGRATOR" -m "$MIGS" revision -m "add budgets.currency"
	assert_status 0
	new=$(cd "$MIGS" && ls | grep -vE "^($R1|$R2|$R3|$R4|$R5|$R6|$R7)_")
	[ "$(printf '%s\n' "$new" | grep -c .)" = 1 ] || fail "expected one new file, got: $new"
	assert_match "$new" '^[0-9a-f]{12}_[a-z0-9_]+\.sql$'
	id=${new%%_*}
	grep -q "^-- migrator:revision $id\$" "$MIGS/$new"
	grep -q "^-- migrator:down_revision $R7\$" "$MIGS/$new"
	grep -q "^-- migrator:message add budgets.currency\$" "$MIGS/$new"
	run --separate-stderr "$MIGRATOR" -m "$MIGS" heads
	assert_status 0
	assert_match "$output" "^$id \(head\)"
	# the empty new revision runs
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$id"
}

@test "the README's first command builds dev.db from migrator.ini in a copy of the tree" {
	# The first line of the README that runs ./migrator, e.g. "... && make &&
	# ./migrator upgrade head && ./migrator current": its migrator parts run
	# here with the built binary, in a copy of the tree (distcheck makes the
	# source tree read-only).
	line=$(grep -m 1 -E '(^|[;&|[:space:]])\./migrator ' "$TOP_SRCDIR/README.md") ||
		fail "README.md shows no ./migrator command"
	mkdir tree
	cp "$TOP_SRCDIR/migrator.ini" tree/
	cp -R "$SAMPLE" tree/migrations
	cd tree
	n=0
	while IFS= read -r part; do
		part=$(printf '%s' "$part" | sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//')
		case $part in
		./migrator\ *) ;;
		*) continue ;;
		esac
		# shellcheck disable=SC2086 # the README's words, split as a shell would
		run --separate-stderr "$MIGRATOR" ${part#./migrator }
		assert_status 0
		n=$((n + 1))
	done < <(printf '%s\n' "$line" | sed 's/&&/\n/g; s/;/\n/g')
	[ "$n" -gt 0 ] || fail "no ./migrator command in: $line"
	[ -f dev.db ] || fail "the README's commands did not create dev.db"
	assert_eq "$(tables_on sqlite:///dev.db)" "$SAMPLE_TABLES"
	assert_eq "$(stamp_on sqlite:///dev.db)" "$R7"
	run --separate-stderr "$MIGRATOR" current
	assert_status 0
	assert_match "$output" "^$R7 \(head\)"
}
