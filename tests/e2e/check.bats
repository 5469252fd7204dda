#!/usr/bin/env bats
# check.bats - `check` compares the live schema with what the migrations
# build up to the stamp, on a scratch database of the same backend (SQLite:
# in memory; PostgreSQL: a database of its own, dropped afterwards).  Each
# drift kind, a clean check, the JSON shape (DESIGN 3, 7; issue 4).

load helpers

setup() {
	e2e_setup
	CHK="$FIXTURES/e2e_check"
}

teardown() {
	e2e_teardown
}

# mgc ARGS: migrator on this test's database and the e2e_check fixture.
mgc() {
	mg_logged "$MIGRATOR" -d "$DB_URL" -m "$CHK" "$@"
}

@test "check after upgrade head: no drift, exit 0, database unchanged" {
	mg upgrade head
	before=$(fingerprint)
	run --separate-stderr mg check
	assert_status 0
	assert_eq "$output" "no drift"
	assert_eq "${stderr:-}" ""
	assert_unchanged "$before"
	assert_no_scratch
}

@test "check on a database at a middle revision builds only up to the stamp" {
	mg upgrade "$R3"
	run --separate-stderr mg check
	assert_status 0
	assert_eq "$output" "no drift"
}

@test "check: a column added by hand is an extra column, exit 1" {
	mg upgrade head
	sql "ALTER TABLE budgets ADD COLUMN total_tokens integer"
	run --separate-stderr mg check
	assert_status 1
	assert_match "$output" "extra column budgets\.total_tokens: (INTEGER|integer)"
	assert_match "$output" "1 difference$"
	assert_error "schema differs"
	assert_no_scratch
}

@test "check: a table that never reached the database is a missing table" {
	mg upgrade head
	sql "DROP TABLE budget_alerts"
	run --separate-stderr mg check
	assert_status 1
	assert_match "$output" "missing table budget_alerts"
	# its columns and indexes are not listed again
	assert_no_match "$output" "column budget_alerts"
}

@test "check: stamped ahead of the schema lists what the skipped revisions build" {
	mg upgrade "$R3"
	mg stamp head
	run --separate-stderr mg check
	assert_status 1
	assert_match "$output" "missing table usage_config"
	assert_match "$output" "missing table usage_snapshots"
	assert_match "$output" "missing column budget_alerts\.slack_webhook"
}

@test "check: a table created by hand is an extra table" {
	mg upgrade head
	sql "CREATE TABLE progress_tracking (id integer)"
	run --separate-stderr mg check
	assert_status 1
	assert_match "$output" "extra table progress_tracking"
}

@test "check: a changed column type" {
	mgc upgrade head
	case $BACKEND in
	sqlite)
		sql "PRAGMA foreign_keys = OFF;
			CREATE TABLE items_new (id integer PRIMARY KEY,
				name text NOT NULL, price integer DEFAULT 0);
			INSERT INTO items_new SELECT * FROM items;
			DROP TABLE items;
			ALTER TABLE items_new RENAME TO items;
			CREATE INDEX ix_items_name ON items (name);"
		want="changed column items\.name: type VARCHAR\(50\) expected, TEXT found"
		;;
	postgresql)
		sql "ALTER TABLE items ALTER COLUMN name TYPE text"
		want="changed column items\.name: type character varying\(50\) expected, text found"
		;;
	esac
	run --separate-stderr mgc check
	assert_status 1
	assert_match "$output" "$want"
	assert_match "$output" "1 difference$"
}

@test "check: a missing index" {
	mgc upgrade head
	sql "DROP INDEX ix_items_name"
	run --separate-stderr mgc check
	assert_status 1
	assert_match "$output" "missing index items\.ix_items_name: \(name\)"
	assert_match "$output" "1 difference$"
}

@test "check: an index made unique, nullability and a default changed" {
	mgc upgrade head
	case $BACKEND in
	sqlite)
		sql "DROP INDEX ix_items_name;
			CREATE UNIQUE INDEX ix_items_name ON items (name);
			CREATE TABLE items_new (id integer PRIMARY KEY,
				name varchar(50) NOT NULL, price integer NOT NULL DEFAULT 1);
			INSERT INTO items_new SELECT * FROM items;
			PRAGMA foreign_keys = OFF;
			DROP TABLE items;
			ALTER TABLE items_new RENAME TO items;
			CREATE UNIQUE INDEX ix_items_name ON items (name);"
		;;
	postgresql)
		sql "DROP INDEX ix_items_name"
		sql "CREATE UNIQUE INDEX ix_items_name ON items (name)"
		sql "ALTER TABLE items ALTER COLUMN price SET NOT NULL"
		sql "ALTER TABLE items ALTER COLUMN price SET DEFAULT 1"
		;;
	esac
	run --separate-stderr mgc check
	assert_status 1
	assert_match "$output" "changed index items\.ix_items_name: unique false expected, true found"
	assert_match "$output" "changed column items\.price: nullable NULL expected, NOT NULL found"
	assert_match "$output" "changed column items\.price: default 0 expected, 1 found"
}

@test "check: a missing foreign key" {
	mgc upgrade head
	case $BACKEND in
	sqlite)
		sql "CREATE TABLE orders_new (id integer PRIMARY KEY,
				item_id integer NOT NULL);
			DROP TABLE orders;
			ALTER TABLE orders_new RENAME TO orders;
			CREATE UNIQUE INDEX ux_orders_item ON orders (item_id);"
		;;
	postgresql)
		sql "ALTER TABLE orders DROP CONSTRAINT orders_item_id_fkey"
		;;
	esac
	run --separate-stderr mgc check
	assert_status 1
	assert_match "$output" "missing foreign key orders: item_id -> items\(id\)"
	assert_match "$output" "1 difference$"
}

@test "check --format json: drift as a stable JSON object" {
	mgc upgrade head
	sql "DROP INDEX ix_items_name"
	sql "ALTER TABLE orders ADD COLUMN note varchar(20)"
	run --separate-stderr mgc check --format json
	assert_status 1
	printf '%s\n' "$output" | jq -e . >/dev/null || { show_run; false; }
	assert_eq "$(jq -r '.drift' <<<"$output")" true
	assert_eq "$(jq -c '.revisions' <<<"$output")" '["c4ec00000002"]'
	assert_eq "$(jq -r '[.differences[].kind] | sort | join(" ")' <<<"$output")" \
		"extra_column missing_index"
	assert_eq "$(jq -r '.differences[] | select(.kind == "missing_index")
		| [.table, .name, (.field // "null"), .expected, (.found // "null")]
		| join("|")' <<<"$output")" "items|ix_items_name|null|(name)|null"
	assert_eq "$(jq -r '.differences[] | select(.kind == "extra_column")
		| [.table, .name] | join(".")' <<<"$output")" "orders.note"
	assert_eq "$(jq -c '.edited' <<<"$output")" "[]"
	assert_eq "$(jq -r 'keys | join(" ")' <<<"$output")" \
		"differences drift edited revisions"
}

@test "check --format json: found describes each extra_* object, expected each missing_* one" {
	local int_t pk_t text_t want
	mgc upgrade head
	sql "DROP TABLE orders"
	sql "CREATE TABLE leftovers (id integer PRIMARY KEY, note varchar(20) DEFAULT 'x')"
	sql "ALTER TABLE items ADD COLUMN owner_id integer REFERENCES leftovers (id)"
	sql "CREATE INDEX ix_items_owner ON items (owner_id)"
	run --separate-stderr mgc check --format json
	assert_status 1
	# SQLite: an INTEGER PRIMARY KEY is not NOT NULL in table_info
	case $BACKEND in
	sqlite) int_t=INTEGER pk_t=INTEGER text_t="VARCHAR(20) DEFAULT 'x'" ;;
	postgresql) int_t=integer pk_t="integer NOT NULL" text_t="character varying(20) DEFAULT 'x'::character varying" ;;
	esac
	want="missing_table|orders|null|(id $pk_t, item_id $int_t NOT NULL)|null
extra_table|leftovers|null|null|(id $pk_t, note $text_t)
extra_column|items|owner_id|null|$int_t
extra_index|items|ix_items_owner|null|(owner_id)
extra_fkey|items|owner_id -> leftovers(id)|null|owner_id -> leftovers(id)"
	assert_eq "$(jq -r '.differences[] | [.kind, .table, (.name // "null"),
			(.expected // "null"), (.found // "null")] | join("|")' <<<"$output" | sort)" \
		"$(sort <<<"$want")"
}

@test "check --format json: a clean database" {
	mg upgrade head
	run --separate-stderr mg check --format json
	assert_status 0
	assert_eq "$(jq -c '[.drift, .differences, .edited, .revisions]' <<<"$output")" \
		"[false,[],[],[\"$R7\"]]"
}

@test "check on an empty database (nothing stamped): no drift" {
	mg upgrade head
	mg downgrade base
	run --separate-stderr mg check
	assert_status 0
	assert_eq "$output" "no drift"
}

@test "check on a database at base with a table made by hand: extra table" {
	mg upgrade "$R1"
	mg downgrade base
	sql "CREATE TABLE leftovers (id integer)"
	run --separate-stderr mg check
	assert_status 1
	assert_match "$output" "extra table leftovers"
}

@test "check --sql is a usage error" {
	run --separate-stderr mg check --sql
	assert_status 2
}

@test "check with a driver that has no introspection: not supported, exit 1" {
	# goodfake (tests/plugins) fills only the ABI 1.0 members
	run --separate-stderr "$MIGRATOR" -d goodfake://x -m "$SAMPLE" \
		--plugin-dir "$TEST_PLUGIN_DIR" check
	assert_status 1
	assert_error "check is not supported by this driver"
}
