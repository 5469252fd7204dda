#!/usr/bin/env bats
# verify.bats - `migrator verify` (issue 14, items 1 and 3): every revision
# up (with its "-- migrator:verify" section), down and up again on a
# scratch database, the schema compared after each move; and `upgrade
# --verify`.  The projects are tests/fixtures/e2e_verify_*: the seed
# scenarios of item 7 (clean), and one bad migration each, which must
# produce its problem.  Kratos (tests/corpora/kratos) is walked too.

load helpers
load ../fault/fault_helpers

setup() {
	e2e_setup
}

teardown() {
	fault_teardown
}

# run_bg ARGS: runs migrator ARGS as run --separate-stderr does (status,
# output, stderr), in the background so that its pid is known (PID).
run_bg() {
	local out="$BATS_TEST_TMPDIR/bg.out" err="$BATS_TEST_TMPDIR/bg.err"
	status=0
	"$MIGRATOR" "$@" >"$out" 2>"$err" &
	PID=$!
	wait "$PID" || status=$?
	output=$(cat "$out")
	stderr=$(cat "$err")
}

# no_scratch_of PID: no scratch database of run PID is left (PostgreSQL);
# on SQLite the scratch database is in memory and there is nothing to
# look for but the URL's file, which verify never opens.
no_scratch_of() {
	case $BACKEND in
	postgresql)
		assert_eq "$(sql_on "$MIGRATOR_TEST_PG_URL" "SELECT count(*)
			FROM pg_database WHERE datname ~
			'^migrator_scratch_[0-9]+_$1_[0-9a-f]{8}\$'")" 0
		;;
	sqlite)
		[ ! -e "$DB_PATH" ] || fail "verify created $DB_PATH"
		;;
	esac
}

# The type the backend's introspection gives varchar(200).
varchar200() {
	case $BACKEND in
	sqlite) echo "VARCHAR(200)" ;;
	postgresql) echo "character varying(200)" ;;
	esac
}

@test "verify: the sample passes; nothing is left behind (no SQLite file, no scratch database)" {
	run_bg -d "$DB_URL" -m "$SAMPLE" verify
	assert_status 0
	assert_eq "$output" "7 revisions verified, no problems"
	assert_eq "$stderr" ""
	no_scratch_of "$PID"
	# the live database was not touched either
	case $BACKEND in
	postgresql) assert_eq "$(tables)" "" ;;
	esac
}

@test "verify --format json: the sample, then a problem with its difference" {
	run --separate-stderr mg verify --format json
	assert_status 0
	printf '%s\n' "$output" | jq -e . >/dev/null || { show_run; false; }
	assert_eq "$(jq -c . <<<"$output")" \
		'{"planned":7,"verified":7,"stopped":null,"problems":[]}'
	run --separate-stderr mgv forgot_drop verify --format json
	assert_status 1
	printf '%s\n' "$output" | jq -e . >/dev/null || { show_run; false; }
	assert_eq "$(jq -r '.stopped' <<<"$output")" f0d000000002
	assert_eq "$(jq -r '[.problems[].kind] | join(" ")' <<<"$output")" \
		"downgrade_drift reupgrade_failed"
	assert_eq "$(jq -c '.problems[0].difference' <<<"$output")" \
		"{\"kind\":\"extra_column\",\"table\":\"items\",\"name\":\"note\",\"field\":null,\"expected\":null,\"found\":\"$(varchar200)\"}"
	assert_eq "$(jq -r '.problems[0].file' <<<"$output")" \
		"$(fx forgot_drop)/f0d000000002_add_note.sql"
	assert_eq "$(jq -r '.problems[1].line' <<<"$output")" 8
	assert_eq "$(jq -r '.problems[1].difference' <<<"$output")" null
	assert_match "$stderr" "verify found 2 problems"
}

@test "verify: the seed scenarios (slack_webhook added nullable, usage_stats renamed with its rows) are clean" {
	run --separate-stderr mgv scenarios verify
	assert_status 0
	assert_eq "$output" "4 revisions verified, no problems"
	# an old database with rows upgrades, its rows copied
	mgv scenarios -q upgrade 7e0000000003
	sql "INSERT INTO usage_stats (id, model, tokens) VALUES (3, 'medium', 30)"
	run --separate-stderr mgv scenarios upgrade --verify head
	assert_status 0
	refute_table usage_stats
	assert_eq "$(sql "SELECT count(*) || ' ' || sum(tokens) FROM usage_statistics")" "3 60"
	assert_eq "$(columns budget_alerts)" "id budget_id threshold_pct slack_webhook"
	# and down again, the rows copied back
	mgv scenarios -q downgrade 7e0000000003
	assert_eq "$(sql "SELECT count(*) FROM usage_stats")" 3
}

@test "verify: a rename that forgets to copy the rows is caught by its verify section" {
	cp -R "$(fx scenarios)" forgot
	sed -i '/^INSERT INTO usage_statistics/,/FROM usage_stats;$/d' \
		forgot/7e0000000004_rename_usage_stats.sql
	! grep -q 'INSERT INTO usage_statistics' forgot/7e0000000004_rename_usage_stats.sql
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify
	assert_status 1
	assert_match "$output" "^forgot/7e0000000004_rename_usage_stats.sql:[0-9]+: 7e0000000004: verify section failed: verify query returned (0|false) in revision 7e0000000004"
	assert_match "$output" "4 revisions verified, 1 problem$"
}

@test "verify: a downgrade that forgets to drop a column names the column" {
	run --separate-stderr mgv forgot_drop verify
	assert_status 1
	assert_eq "$(head -n 1 <<<"$output")" \
		"$(fx forgot_drop)/f0d000000002_add_note.sql: f0d000000002: downgrade does not restore the schema: extra column items.note: $(varchar200)"
	# the upgrade cannot then run again: the database's own words
	assert_match "$(sed -n 2p <<<"$output")" \
		"f0d000000002_add_note.sql:8: f0d000000002: upgrade failed after its own downgrade: (duplicate column name: note|column \"note\" of relation \"items\" already exists)"
	assert_match "$output" "stopped at f0d000000002"
	assert_error "verify found 2 problems"
}

@test "verify: a downgrade that drops a table the upgrade did not create; the walk stops there" {
	run --separate-stderr mgv drops_other verify
	assert_status 1
	assert_eq "$output" \
"$(fx drops_other)/d0d000000002_create_invoices.sql: d0d000000002: downgrade does not restore the schema: missing table accounts
$(fx drops_other)/d0d000000002_create_invoices.sql: d0d000000002: upgrade after its own downgrade builds another schema: missing table accounts
stopped at d0d000000002: the scratch database no longer holds what the migrations build
2 revisions verified of 3, 2 problems"
}

@test "verify: a downgrade that leaves an index: the upgrade cannot run again, and the walk stops there" {
	run --separate-stderr mgv index_left verify
	assert_status 1
	assert_match "$output" "1d0000000002_index_user_names.sql: 1d0000000002: downgrade does not restore the schema: extra index users.ix_users_name: \\(name\\)"
	assert_match "$output" "1d0000000002_index_user_names.sql:9: 1d0000000002: upgrade failed after its own downgrade: (index ix_users_name already exists|relation \"ix_users_name\" already exists \\(SQLSTATE 42P07\\))"
	assert_match "$output" "stopped at 1d0000000002: the scratch database no longer holds what the migrations build"
	assert_match "$output" "2 revisions verified of 3, 2 problems$"
}

@test "verify: a revision without a downgrade section is a problem; the walk goes on" {
	run --separate-stderr mgv no_downgrade verify
	assert_status 1
	assert_eq "$(head -n 1 <<<"$output")" \
		"$(fx no_downgrade)/4d0000000002_create_flags.sql: 4d0000000002: no downgrade section for $BACKEND"
	assert_match "$output" "3 revisions verified, 1 problem$"
}

@test "verify: two heads are a problem unless --allow-branches" {
	run --separate-stderr mgv heads verify
	assert_status 1
	assert_eq "$(head -n 1 <<<"$output")" \
		"the graph has 2 heads: he0000000002, he0000000003"
	assert_match "$output" "3 revisions verified, 1 problem$"
	run --separate-stderr mgv heads verify --allow-branches
	assert_status 0
	assert_eq "$output" "3 revisions verified, no problems"
}

@test "verify: a verify query that returns false, and one that fails, are problems" {
	run --separate-stderr mgv checks verify
	assert_status 1
	assert_match "$output" "ce0000000002_create_order_lines.sql:12: ce0000000002: verify section failed: verify query returned (0|false) in revision ce0000000002"
	assert_match "$output" "hint: A verify query fails when the first column of its first row is NULL, false or 0\\."
	assert_match "$output" "ce0000000003_create_refunds.sql:11: ce0000000003: verify section failed: (no such column: reason|column \"reason\" does not exist \\(SQLSTATE 42703\\))"
	# the walk goes on after each: every revision is verified
	assert_match "$output" "3 revisions verified, 2 problems$"
}

@test "verify: an upgrade that fails stops the walk, naming file, line and the database's error" {
	run --separate-stderr mgv upgrade_fails verify
	assert_status 1
	assert_match "$output" "^$(fx upgrade_fails)/0f0000000002_copy_progress.sql:9: 0f0000000002: upgrade failed: (no such table: progress_tracking|relation \"progress_tracking\" does not exist \\(SQLSTATE 42P01\\))"
	assert_match "$output" "2 revisions verified of 3, 1 problem$"
}

@test "verify RANGE: TARGET stops there; START:TARGET builds START unverified and verifies what follows" {
	run --separate-stderr mg verify "$R3"
	assert_status 0
	assert_eq "$output" "3 revisions verified, no problems"
	# a broken revision before START is only built: still found when
	# its upgrade fails, not when only its downgrade is wrong
	run --separate-stderr mgv forgot_drop verify f0d000000002:
	assert_status 0
	assert_eq "$output" "0 revisions verified, no problems"
	run --separate-stderr mgv no_downgrade verify 4d0000000002:head
	assert_status 0
	assert_eq "$output" "1 revision verified, no problems"
	run --separate-stderr mgv upgrade_fails verify 0f0000000002:
	assert_status 1
	assert_match "$output" "0f0000000002: upgrade failed"
	assert_match "$output" "0 revisions verified of 1, 1 problem$"
	run --separate-stderr mg verify nosuchrev
	assert_status 2
	assert_error "nosuchrev"
}

@test "verify: progress lines with -v, one per revision; -q prints only the problems" {
	run --separate-stderr mg -v verify "$R2"
	assert_status 0
	assert_eq "$output" "verify $R1  create token_usage ...
verify $R1  create token_usage  ($(grep -o '[0-9]* ms' <<<"$output" | head -n 1))
verify $R2  create budgets ...
verify $R2  create budgets  ($(grep -o '[0-9]* ms' <<<"$output" | tail -n 1))
2 revisions verified, no problems"
	run --separate-stderr mgv checks -v verify
	assert_match "$output" "verify ce0000000002  create order_lines  \\([0-9]+ ms\\)  1 problem"
	run --separate-stderr mgv checks -q verify
	assert_status 1
	assert_eq "$(wc -l <<<"$output")" 3 # two problems, one hint
}

@test "verify on a terminal: a line per revision while it runs, completed in place, problems in colour" {
	local cmd
	cmd=$(printf '%q ' "$MIGRATOR" -d "$DB_URL" -m "$(fx checks)" verify)
	run env -u NO_COLOR TERM=xterm script -qec "$cmd" /dev/null
	# the revision's line opens, then is rewritten in place with its time
	assert_match "$output" $'\033\\[36mverify\033\\[0m ce0000000001  create orders \\.\\.\\.\r\033\\[K\033\\[36mverify\033\\[0m ce0000000001  create orders  \033\\[2m\\([0-9]+ ms\\)\033\\[0m'
	assert_match "$output" $'ce0000000002  create order_lines  \033\\[2m\\([0-9]+ ms\\)\033\\[0m  \033\\[1;31m1 problem\033\\[0m'
	# no colour with NO_COLOR, and never into a pipe
	run env NO_COLOR=1 TERM=xterm script -qec "$cmd" /dev/null
	assert_no_match "$output" $'\033\\[36m'
	assert_match "$output" "verify ce0000000003  create refunds \\.\\.\\."
	run --separate-stderr mgv checks verify
	assert_no_match "$output" "verify ce0000000001"
}

@test "upgrade --verify rolls back a revision whose verify section fails: stamp unchanged, table not there" {
	run --separate-stderr mgv checks upgrade --verify head
	assert_status 1
	assert_error "ce0000000002_create_order_lines.sql:12: verify query returned (0|false) in revision ce0000000002"
	assert_match "$stderr" "Revision ce0000000002 was rolled back with its stamp"
	assert_eq "$(stamp)" ce0000000001
	has_table orders
	refute_table order_lines
	# without --verify the same revision runs
	run --separate-stderr mgv checks upgrade head
	assert_status 0
	assert_eq "$(stamp)" ce0000000003
}

@test "upgrade --verify: a failing verify statement is the database's error, rolled back" {
	mgv checks -q upgrade ce0000000002
	run --separate-stderr mgv checks upgrade --verify head
	assert_status 1
	assert_error "ce0000000003_create_refunds.sql:11: verify statement failed in revision ce0000000003"
	assert_match "$stderr" "detail: (no such column: reason|column \"reason\" does not exist \\(SQLSTATE 42703\\))"
	assert_eq "$(stamp)" ce0000000002
	refute_table refunds
}

@test "upgrade --verify: outside a transaction the statements stay, the stamp does not move, the hint says so" {
	run --separate-stderr mgv nontx upgrade --verify head
	assert_status 1
	assert_error "a0a000000002_index_event_kinds.sql:12: verify query returned (0|false) in revision a0a000000002"
	assert_match "$stderr" "runs outside a transaction: its statements stay applied and the stamp did not move"
	assert_eq "$(stamp)" a0a000000001
	case $BACKEND in
	sqlite) assert_eq "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'ix_events_kind'")" 1 ;;
	postgresql) assert_eq "$(sql "SELECT to_regclass('ix_events_kind') IS NOT NULL")" t ;;
	esac
}

@test "upgrade --verify with nothing to verify is upgrade; --sql refuses --verify and leaves verify sections out" {
	run --separate-stderr mg upgrade --verify head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
	run --separate-stderr mgv scenarios upgrade --sql --verify head
	assert_status 2
	assert_error "--sql and --verify exclude each other"
	run --separate-stderr mgv scenarios upgrade --sql head
	assert_status 0
	assert_match "$output" "INSERT INTO usage_statistics"
	assert_no_match "$output" "slack_webhook IS NOT NULL"
	assert_no_match "$output" "count\\(\\*\\) >= 2"
}

@test "show prints the verify sections in file order; lint leaves them alone" {
	run --separate-stderr mgv scenarios show 7e0000000002
	assert_status 0
	assert_eq "$(grep -- '^-- migrator:' <<<"$output")" "-- migrator:upgrade
-- migrator:verify
-- migrator:downgrade"
	assert_match "$output" "SELECT count\\(\\*\\) = 0 FROM budget_alerts WHERE slack_webhook IS NOT NULL;"
	# lint reads the upgrade sections only: a DROP TABLE (PostgreSQL's
	# drop-table rule) in a verify section is no finding, in an upgrade
	# section it is
	mkdir lintme
	printf '%s\n' '-- migrator:revision 11a000000001' '-- migrator:upgrade' \
		'CREATE TABLE t (id int);' '-- migrator:verify' 'DROP TABLE other;' \
		'-- migrator:downgrade' >lintme/11a000000001_t.sql
	export MIGRATOR_PLUGIN_PATH="$HOOKS_PLUGIN_DIRS:$MIGRATOR_PLUGIN_PATH"
	run --separate-stderr "$MIGRATOR" -m lintme lint --dialect postgresql
	assert_status 0
	assert_eq "$output" "0 warnings"
	sed -i 's/^-- migrator:verify$/-- (now the upgrade)/' lintme/11a000000001_t.sql
	run --separate-stderr "$MIGRATOR" -m lintme lint --dialect postgresql
	assert_status 0
	assert_eq "$output" "1 warning"
	assert_match "$stderr" "drop-table"
}

@test "verify: a broken verify section is a script error before anything runs (exit 3)" {
	cp -R "$(fx checks)" broken
	printf "\n-- migrator:verify\nSELECT 'unterminated;\n" \
		>>broken/ce0000000001_create_orders.sql
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m broken verify
	assert_status 3
	assert_error "duplicate section \"migrator:verify\""
	sed -i '$d' broken/ce0000000001_create_orders.sql
	sed -i '$d' broken/ce0000000001_create_orders.sql
	sed -i 's/^SELECT id, total FROM orders WHERE 1 = 0;/SELECT '"'"'open;/' \
		broken/ce0000000001_create_orders.sql
	run_bg -d "$DB_URL" -m broken verify
	assert_status 3
	assert_error "broken/ce0000000001_create_orders.sql:[0-9]+: unterminated"
	no_scratch_of "$PID"
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m broken upgrade --verify head
	assert_status 3
	assert_error "unterminated"
	# found before anything is created
	case $BACKEND in
	sqlite) [ ! -e "$DB_PATH" ] || fail "upgrade created $DB_PATH" ;;
	postgresql) assert_eq "$(stamp)" none ;;
	esac
}

@test "verify interrupted by SIGINT or SIGTERM leaves no scratch database" {
	local sig num trial delay pid st hit=0 t0 full_ms
	sh "$FAULT_DIR_TOOLS/gen_chain.sh" "$BATS_TEST_TMPDIR/chain" 150
	t0=$(now_ms)
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$BATS_TEST_TMPDIR/chain" verify
	full_ms=$(($(now_ms) - t0))
	assert_status 0
	echo "# $BACKEND: verify of 150 revisions takes $full_ms ms" >&3
	for sig in INT TERM; do
		num=$(kill -l "$sig")
		for trial in 1 2 3; do
			delay=$((full_ms * (20 + RANDOM % 60) / 100))
			env --default-signal=INT,TERM \
				"$MIGRATOR" -d "$DB_URL" -m "$BATS_TEST_TMPDIR/chain" \
				verify >/dev/null 2>"$BATS_TEST_TMPDIR/err" &
			pid=$!
			sleep_ms "$delay"
			kill -s "$sig" "$pid" 2>/dev/null || true
			st=0
			wait "$pid" || st=$?
			if [ "$st" -eq $((128 + num)) ]; then
				grep -q "interrupted by a signal" "$BATS_TEST_TMPDIR/err" &&
					hit=$((hit + 1))
			elif [ "$st" -ne 0 ]; then
				echo "SIG$sig trial $trial (after $delay ms): exit $st" >&2
				cat "$BATS_TEST_TMPDIR/err" >&2
				return 1
			fi
			no_scratch_of "$pid"
		done
	done
	echo "# $BACKEND: $hit of 6 signals stopped a walk under way" >&3
	[ "$hit" -ge 3 ] || fail "only $hit of 6 signals came while verify ran"
}

kratos_corpus() {
	CORPUS=${KRATOS_CORPUS:-$TOP_SRCDIR/tests/corpora/kratos}
	[ -d "$CORPUS/migrator" ] && [ -f "$CORPUS/manifest.tsv" ] ||
		fail "the Kratos corpus is missing: $CORPUS (set KRATOS_CORPUS)"
	mapfile -t CHAIN < <(awk -F'\t' 'NR > 1 { print $3 }' "$CORPUS/manifest.tsv")
}

# Kratos' last 23 revisions step down and back up one at a time
# (kratos.bats); verify also compares the schemas.  On PostgreSQL they
# are clean.  On SQLite two of them do not restore what they changed:
# 59e04ea2bbc4's downgrade rebuilds address_type (ADD COLUMN
# address_type_old, copy, DROP, RENAME) without its NOT NULL and at the
# end of the table, and ea161b41b0cc's rebuilds
# identity_verification_tokens with other indexes than the table had
# before.
@test "kratos: the last 23 revisions (SQLite: two downgrades that do not restore the schema)" {
	kratos_corpus
	local start=${CHAIN[${#CHAIN[@]} - 24]}
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$CORPUS/migrator" verify "$start:"
	case $BACKEND in
	postgresql)
		assert_status 0
		assert_eq "$output" "23 revisions verified, no problems"
		;;
	sqlite)
		assert_status 1
		assert_eq "$(cut -d' ' -f2- <<<"$output")" \
"59e04ea2bbc4: downgrade does not restore the schema: column order of identity_login_codes: id, code, address, address_type, used_at, expires_at, issued_at, selfservice_login_flow_id, identity_id, created_at, updated_at, nid expected, id, code, address, used_at, expires_at, issued_at, selfservice_login_flow_id, identity_id, created_at, updated_at, nid, address_type found
59e04ea2bbc4: downgrade does not restore the schema: column order of identity_registration_codes: id, code, address, address_type, used_at, expires_at, issued_at, selfservice_registration_flow_id, created_at, updated_at, nid expected, id, code, address, used_at, expires_at, issued_at, selfservice_registration_flow_id, created_at, updated_at, nid, address_type found
59e04ea2bbc4: downgrade does not restore the schema: changed column identity_login_codes.address_type: nullable NOT NULL expected, NULL found
59e04ea2bbc4: downgrade does not restore the schema: changed column identity_registration_codes.address_type: nullable NOT NULL expected, NULL found
ea161b41b0cc: downgrade does not restore the schema: extra index identity_verification_tokens.identity_verification_tokens_id_nid_idx: (id, nid)
ea161b41b0cc: downgrade does not restore the schema: extra index identity_verification_tokens.identity_verification_tokens_nid_id_idx: (nid, id)
ea161b41b0cc: downgrade does not restore the schema: missing index identity_verification_tokens.identity_verification_tokens_nid_idx: (nid)
ea161b41b0cc: downgrade does not restore the schema: extra index identity_verification_tokens.identity_verification_tokens_token_nid_used_flow_id_idx: (nid, token, used, selfservice_verification_flow_id)
revisions verified, 8 problems"
		;;
	esac
}

# Kratos' early migrations were generated by pop from fizz files, one
# fizz change split into several numbered SQL files whose down files come
# in the reverse order: run down together they undo the whole change
# (downgrade base leaves an empty database), one at a time they do not.
# verify says so for the first of them and stops where the upgrade can no
# longer run again.
@test "kratos: the whole walk finds pop's split migrations and stops at the first that cannot run again" {
	kratos_corpus
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$CORPUS/migrator" verify
	assert_status 1
	assert_match "$(sed -n 1p <<<"$output")" \
		"1f076e61c8b4_identities.sql:[0-9]+: 1f076e61c8b4: downgrade failed: (no such table: identity_credentials|table \"identity_credentials\" does not exist \\(SQLSTATE 42P01\\))"
	assert_match "$output" "30b16e8d111f: downgrade does not restore the schema: extra table identity_credential_identifiers"
	assert_match "$output" "stopped at 30b16e8d111f"
	assert_match "$output" "6 revisions verified of 694, 4 problems$"
}
