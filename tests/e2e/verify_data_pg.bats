#!/usr/bin/env bats
# verify_data_pg.bats - `migrator verify --with-data` on what only
# PostgreSQL has (issue 14, item 7): a type change that cannot cast the
# values the table holds (SQLite changes no column's type in place).

load helpers

setup() {
	e2e_setup
	require_backend postgresql
}

@test "pg verify --with-data: a type change that cannot cast existing text fails, naming the value, the file and the seed" {
	MIGS="$FIXTURES/e2e_verify_data_cast"
	# an empty table casts anything
	run --separate-stderr mg verify
	assert_status 0
	assert_eq "$output" "2 revisions verified, no problems"
	run --separate-stderr mg verify --with-data --seed 5
	assert_status 1
	assert_match "$(sed -n 1p <<<"$output")" \
		"^.*/dc0000000002_priority_as_integer.sql:8: dc0000000002: upgrade failed: invalid input syntax for type integer: \"v[0-9a-z]+\" \\(SQLSTATE 22P02\\)$"
	assert_match "$(sed -n 2p <<<"$output")" "--seed 5,"
	run --separate-stderr mg verify --with-data --seed 5 --format json
	assert_status 1
	assert_eq "$(jq -c '[.seed, .stopped, (.problems[] | [.kind, .sqlstate, .line])]' <<<"$output")" \
		'[5,"dc0000000002",["upgrade_failed","22P02",8]]'
}

@test "pg verify --with-data: domains, enums, arrays, json, uuid, numeric(p,s), bit(n), inet, identity and a composite foreign key all get rows" {
	MIGS="$BATS_TEST_TMPDIR/types"
	mkdir -p "$MIGS"
	cat >"$MIGS/ty0000000001_types.sql" <<-'SQL'
	-- migrator:revision ty0000000001
	-- migrator:message many types

	-- migrator:upgrade
	CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
	CREATE DOMAIN percent AS integer CHECK (VALUE BETWEEN 0 AND 100);
	CREATE DOMAIN yes_no AS varchar(3) CHECK (VALUE IN ('YES', 'NO'));
	CREATE TABLE tenants (id uuid PRIMARY KEY, name text NOT NULL UNIQUE);
	CREATE TABLE things (
	    tenant_id uuid NOT NULL REFERENCES tenants (id),
	    n bigint GENERATED ALWAYS AS IDENTITY,
	    m mood NOT NULL,
	    p percent NOT NULL,
	    yn yes_no NOT NULL,
	    tags text[] NOT NULL,
	    doc jsonb NOT NULL,
	    price numeric(4, 2) NOT NULL CHECK (price > 0),
	    flags bit(3) NOT NULL,
	    addr inet NOT NULL,
	    at timestamptz NOT NULL,
	    d date NOT NULL,
	    span interval NOT NULL,
	    code char(2) NOT NULL,
	    PRIMARY KEY (tenant_id, n)
	);
	CREATE TABLE thing_notes (
	    tenant_id uuid NOT NULL,
	    thing_n bigint NOT NULL,
	    note varchar(5) NOT NULL,
	    FOREIGN KEY (tenant_id, thing_n) REFERENCES things (tenant_id, n)
	);

	-- migrator:downgrade
	DROP TABLE thing_notes;
	DROP TABLE things;
	DROP TABLE tenants;
	DROP DOMAIN yes_no;
	DROP DOMAIN percent;
	DROP TYPE mood;
	SQL
	cat >"$MIGS/ty0000000002_note.sql" <<-'SQL'
	-- migrator:revision ty0000000002
	-- migrator:down_revision ty0000000001
	-- migrator:message nothing

	-- migrator:upgrade
	CREATE INDEX things_m_idx ON things (m);

	-- migrator:downgrade
	DROP INDEX things_m_idx;
	SQL
	run --separate-stderr mg verify --with-data -v
	assert_status 0
	assert_match "$stderr" "rows before ty0000000002: tenants 3, thing_notes 3, things 3"
	assert_match "$output" "2 revisions verified with data \\(seed 1\\), no problems$"
}
