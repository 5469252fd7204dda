#!/usr/bin/env bats
# verify_data.bats - `migrator verify --with-data [--seed N]` (issue 14,
# item 2, and the with-data parts of item 7): generated rows in every
# table before each upgrade, the row counts compared after the round
# trip, tables no row fits reported as not exercised.  The projects are
# tests/fixtures/e2e_verify_scenarios (the seed scenarios) and
# tests/fixtures/e2e_verify_data_*; on PostgreSQL only, a type change
# that cannot cast the values (verify_data_pg.bats).  Kratos is walked
# with data too.

load helpers

setup() {
	e2e_setup
}

# forgot_copy: the scenarios, with a rename of usage_stats that forgets
# to copy its rows and has no verify section to notice, in ./forgot.
forgot_copy() {
	cp -R "$(fx scenarios)" forgot
	sed -i -e '/^INSERT INTO usage_statistics/,/FROM usage_stats;$/d' \
		-e '/^-- migrator:verify/,/^$/d' \
		forgot/7e0000000004_rename_usage_stats.sql
	! grep -q 'INSERT INTO usage_statistics\|migrator:verify' \
		forgot/7e0000000004_rename_usage_stats.sql
}

@test "verify --with-data: the seed scenarios are clean, and every table held rows (the -v lines say how many)" {
	run --separate-stderr mgv scenarios verify --with-data -v
	assert_status 0
	assert_eq "$(grep -v '^verify ' <<<"$output")" \
		"4 revisions verified with data (seed 1), no problems"
	# the counts before each upgrade: 3 rows in every table there is
	assert_match "$stderr" "rows before 7e0000000001: no tables"
	assert_match "$stderr" "rows before 7e0000000002: budget_alerts 3"
	assert_match "$stderr" "rows before 7e0000000004: budget_alerts 3, usage_stats 3"
	# an old database with rows upgrades too: its rows are copied
	mgv scenarios -q upgrade 7e0000000003
	sql "INSERT INTO usage_stats (id, model, tokens) VALUES (3, 'medium', 30)"
	run --separate-stderr mgv scenarios upgrade --verify head
	assert_status 0
	assert_eq "$(sql "SELECT count(*) || ' ' || sum(tokens) FROM usage_statistics")" "3 60"
}

@test "verify --with-data: a rename that forgets to copy the rows loses them, named with the counts and the seed" {
	forgot_copy
	# without data the schema is all there is to compare: it passes
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify
	assert_status 0
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify --with-data
	assert_status 1
	assert_eq "$output" \
"forgot/7e0000000004_rename_usage_stats.sql: 7e0000000004: table usage_stats held 3 rows before the upgrade and 0 after the downgrade
  hint: The round trip must keep the rows (seed 1): does every statement that rebuilds or renames a table copy them, in both directions?
4 revisions verified with data (seed 1), 1 problem"
	assert_match "$stderr" "verify found 1 problem"
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify --with-data --format json
	assert_status 1
	assert_eq "$(jq -c '[.seed, (.problems[] | [.kind, .revision, .table, .rows_before, .rows_after, .difference]), .warnings]' <<<"$output")" \
		'[1,["rows_changed","7e0000000004","usage_stats",3,0,null],[]]'
}

@test "verify --with-data: budget_alerts.slack_webhook added nullable, with its downgrade, is clean with rows in the table" {
	mkdir only_webhook
	cp "$(fx scenarios)"/7e000000000[12]_*.sql only_webhook/
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m only_webhook verify --with-data -v
	assert_status 0
	assert_match "$stderr" "rows before 7e0000000002: budget_alerts 3"
	assert_match "$output" "2 revisions verified with data \\(seed 1\\), no problems$"
}

@test "verify --with-data: ADD COLUMN ... NOT NULL without a default fails on a table with rows, the hint names the seed" {
	run --separate-stderr mgv data_notnull verify --with-data --seed 12
	assert_status 1
	assert_match "$(sed -n 1p <<<"$output")" \
		"^.*/da0000000002_add_sku.sql:9: da0000000002: upgrade failed: (Cannot add a NOT NULL column with default value NULL|column \"sku\" of relation \"items\" contains null values \\(SQLSTATE 23502\\))$"
	assert_eq "$(sed -n 2p <<<"$output")" \
		"  hint: The tables held generated rows (verify --with-data --seed 12, up to 3 per table): on empty tables it may pass."
	assert_match "$output" "stopped at da0000000002"
	assert_match "$output" "2 revisions verified with data \\(seed 12\\), 1 problem$"
	# PostgreSQL adds such a column to an empty table: only the rows
	# show the problem (SQLite refuses it on any table)
	if [ "$BACKEND" = postgresql ]; then
		run --separate-stderr mgv data_notnull verify
		assert_status 0
	fi
}

@test "verify --with-data: a table no generated row fits is reported as not exercised (a warning: the run passes)" {
	run --separate-stderr mgv data_check verify --with-data -v
	assert_status 0
	# kinds' CHECKs list their values: it is filled
	assert_match "$stderr" "rows before dk0000000002: code_uses 0, codes 0, kinds 3"
	assert_eq "$(grep -v '^verify ' <<<"$output")" \
"$(fx data_check)/dk0000000002_add_note.sql: dk0000000002: warning: table code_uses not exercised: parent table codes has no rows
  hint: No generated row fits the table (seed 1), so the upgrades from this revision on ran with it empty.  Check its constraints, or try another --seed.
$(fx data_check)/dk0000000002_add_note.sql: dk0000000002: warning: table codes not exercised: $(case $BACKEND in
	sqlite) echo 'CHECK constraint failed: length(code) > 40' ;;
	postgresql) echo 'new row for relation "codes" violates check constraint "codes_code_check"' ;;
	esac)
  hint: No generated row fits the table (seed 1), so the upgrades from this revision on ran with it empty.  Check its constraints, or try another --seed.
2 revisions verified with data (seed 1), no problems, 2 tables not exercised"
	run --separate-stderr mgv data_check verify --with-data --format json
	assert_status 0
	assert_eq "$(jq -c '[.problems, (.warnings[] | [.kind, .revision, .table])]' <<<"$output")" \
		'[[],["not_exercised","dk0000000002","code_uses"],["not_exercised","dk0000000002","codes"]]'
}

@test "verify --with-data: a row's parents belong to one tenant (a shared nid), so joins on it keep the rows" {
	run --separate-stderr mgv data_tenants verify --with-data -v
	assert_status 0
	assert_match "$stderr" "rows before dt0000000002: creds 3, identities 3, idents 3, networks 3"
	assert_match "$output" "2 revisions verified with data \\(seed 1\\), no problems$"
	for seed in 2 3 4; do
		run --separate-stderr mgv data_tenants verify --with-data --seed "$seed"
		assert_status 0
	done
}

@test "verify --with-data --seed: the same seed gives the same output; the seed is in it" {
	forgot_copy
	cp "$(fx data_check)"/*.sql forgot/
	sed -i 's/^-- migrator:revision dk0000000001$/&\n-- migrator:down_revision 7e0000000004/' \
		forgot/dk0000000001_create_codes.sql
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify --with-data --seed 4242 --format json
	assert_status 1
	local first=$output
	assert_eq "$(jq -c '[.seed, [.problems[].kind], [.warnings[].table]]' <<<"$first")" \
		'[4242,["rows_changed"],["code_uses","codes"]]'
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify --with-data --seed 4242 --format json
	assert_status 1
	assert_eq "$output" "$first"
	# the values themselves are the seed's: the same seed, the same rows
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify --with-data --seed 4242 -v
	local rows=$stderr
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m forgot verify --with-data --seed 4242 -v
	assert_eq "$stderr" "$rows"
	assert_match "$output" "with data \\(seed 4242\\)"
}

@test "verify --seed: implies --with-data; a bad seed is a usage error; without data there is no seed" {
	run --separate-stderr mgv scenarios verify --seed 0
	assert_status 0
	assert_eq "$output" "4 revisions verified with data (seed 0), no problems"
	run --separate-stderr mgv scenarios verify --seed 18446744073709551615 -q
	assert_status 0
	for bad in -1 x 12x "" 18446744073709551616; do
		run --separate-stderr mgv scenarios verify --seed "$bad"
		assert_status 2
		assert_error "bad --seed \"$bad\""
	done
	run --separate-stderr mgv scenarios verify --format json
	assert_status 0
	assert_eq "$output" '{"planned":4,"verified":4,"stopped":null,"problems":[]}'
	run --separate-stderr mgv scenarios upgrade --with-data head
	assert_status 2
	assert_error "upgrade does not take --with-data"
}

# Kratos' last 23 revisions with data.  On PostgreSQL, 25b67f7bd4ec adds
# identity_credential_identifiers.identity_id (and session_devices') as
# NULL and 297a1ca341e8 makes it NOT NULL, with nothing in between that
# fills it: a database with rows in those tables cannot upgrade (a real
# finding).  On SQLite one file does both, copying identity_id from
# identity_credentials joined on the key and on nid, and the rows
# survive because a generated row's parents share its nid (a plain
# column in some of Kratos' SQLite tables: the key is implied by the
# name); the two downgrades that do not restore the schema (verify.bats,
# column order included) stay.
@test "kratos --with-data: the last 23 revisions (PostgreSQL: identity_id made NOT NULL with nothing filling it)" {
	local corpus=${KRATOS_CORPUS:-$TOP_SRCDIR/tests/corpora/kratos} start
	start=$(awk -F'\t' 'NR > 1 { print $3 }' "$corpus/manifest.tsv" | tail -n 24 | head -n 1)
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$corpus/migrator" verify --with-data "$start:"
	assert_status 1
	case $BACKEND in
	postgresql)
		assert_eq "$(cut -d' ' -f2- <<<"$output")" \
"297a1ca341e8: upgrade failed: column \"identity_id\" of relation \"identity_credential_identifiers\" contains null values (SQLSTATE 23502)
 hint: The tables held generated rows (verify --with-data --seed 1, up to 3 per table): on empty tables it may pass.
at 297a1ca341e8: the scratch database no longer holds what the migrations build
revisions verified of 23 with data (seed 1), 1 problem"
		;;
	sqlite)
		assert_eq "$(cut -d' ' -f2- <<<"$output" | grep -v '^ hint:')" \
"59e04ea2bbc4: downgrade does not restore the schema: column order of identity_login_codes: id, code, address, address_type, used_at, expires_at, issued_at, selfservice_login_flow_id, identity_id, created_at, updated_at, nid expected, id, code, address, used_at, expires_at, issued_at, selfservice_login_flow_id, identity_id, created_at, updated_at, nid, address_type found
59e04ea2bbc4: downgrade does not restore the schema: column order of identity_registration_codes: id, code, address, address_type, used_at, expires_at, issued_at, selfservice_registration_flow_id, created_at, updated_at, nid expected, id, code, address, used_at, expires_at, issued_at, selfservice_registration_flow_id, created_at, updated_at, nid, address_type found
59e04ea2bbc4: downgrade does not restore the schema: changed column identity_login_codes.address_type: nullable NOT NULL expected, NULL found
59e04ea2bbc4: downgrade does not restore the schema: changed column identity_registration_codes.address_type: nullable NOT NULL expected, NULL found
ea161b41b0cc: downgrade does not restore the schema: extra index identity_verification_tokens.identity_verification_tokens_id_nid_idx: (id, nid)
ea161b41b0cc: downgrade does not restore the schema: extra index identity_verification_tokens.identity_verification_tokens_nid_id_idx: (nid, id)
ea161b41b0cc: downgrade does not restore the schema: missing index identity_verification_tokens.identity_verification_tokens_nid_idx: (nid)
ea161b41b0cc: downgrade does not restore the schema: extra index identity_verification_tokens.identity_verification_tokens_token_nid_used_flow_id_idx: (nid, token, used, selfservice_verification_flow_id)
revisions verified with data (seed 1), 8 problems"
		;;
	esac
}
