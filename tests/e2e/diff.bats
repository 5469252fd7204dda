#!/usr/bin/env bats
# diff.bats - `migrator diff -m MESSAGE --to SOURCE` (issue 15): the
# revision that turns the migrations' head schema into SOURCE's (a
# developer's database, or a .sql file), proven on a scratch database
# before it is written.  Each test changes a dev database built from the
# sample, runs diff, applies the revision to the test's database holding
# rows, and requires the dev database, stamped, to check clean and the
# rows to be kept.

load helpers

setup() {
	e2e_setup
	copy_sample "$BATS_TEST_TMPDIR/m" '*.sql'
	MIGS="$BATS_TEST_TMPDIR/m"
	DEV=$(new_db dev)
	"$MIGRATOR" -d "$DEV" -m "$MIGS" upgrade head >/dev/null
}

# live: the test's database at head, with rows in budgets.
live() {
	mg upgrade head >/dev/null
	sql "INSERT INTO budgets (user_id, period, limit_usd) VALUES ('u1', 'daily', 5), ('u2', 'weekly', 7)"
}

# dev SQL: runs SQL on the dev database.
dev() {
	sql_on "$DEV" "$@"
}

# per_backend SQLITE PG: the argument for this test's backend.
per_backend() {
	if [ "$BACKEND" = sqlite ]; then echo "$1"; else echo "$2"; fi
}

# new_revisions: the files diff added to the migrations directory.
new_revisions() {
	ls "$MIGS" | grep -v -F -x -f <(ls "$SAMPLE") || true
}

# applied: the new revision upgrades the test's database (live, with rows),
# and the dev database stamped at head checks clean (the revision gives
# the dev schema).
applied() {
	run --separate-stderr mg upgrade head
	assert_status 0
	"$MIGRATOR" -d "$DEV" -m "$MIGS" stamp head >/dev/null
	run --separate-stderr "$MIGRATOR" -d "$DEV" -m "$MIGS" check
	assert_status 0
	assert_eq "$output" "no drift"
}

@test "diff --to a database built from the migrations: no difference, nothing written" {
	run --separate-stderr mg diff -m same --to "$DEV"
	assert_status 0
	assert_eq "$output" ""
	assert_match "$stderr" "no difference"
	assert_eq "$(new_revisions)" ""
}

@test "diff --to a database built from the Kratos corpus (694 revisions): no difference" {
	local migs=${KRATOS_CORPUS:-$TOP_SRCDIR/tests/corpora/kratos}/migrator
	[ -d "$migs" ] || fail "the Kratos corpus is missing: $migs"
	"$MIGRATOR" -d "$DB_URL" -m "$migs" upgrade head >/dev/null
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$migs" diff -m same --to "$DB_URL" --sql
	assert_status 0
	assert_eq "$output" ""
	assert_match "$stderr" "no difference"
}

@test "diff --sql prints the revision and writes nothing" {
	dev "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)"
	run --separate-stderr mg diff -m notes --to "$DEV" --sql
	assert_status 0
	assert_match "$output" "^-- migrator:upgrade"$'\n'"CREATE TABLE notes"
	assert_match "$output" "-- migrator:downgrade"$'\n'"-- destructive: drops table notes"$'\n'"DROP TABLE \"notes\"( CASCADE)?;"
	assert_eq "$(new_revisions)" ""
}

@test "diff: a new table (foreign key, check, partial and expression indexes), indexes added, dropped and changed, a view" {
	live
	dev "CREATE TABLE alerts (id integer PRIMARY KEY, budget_id integer NOT NULL REFERENCES budgets(id) ON DELETE CASCADE, level text NOT NULL DEFAULT 'warn' CHECK (level IN ('warn', 'stop')))"
	dev "CREATE UNIQUE INDEX ix_alerts_budget ON alerts (budget_id) WHERE level = 'stop'"
	dev "CREATE INDEX ix_alerts_lower ON alerts (lower(level))"
	dev "DROP INDEX token_usage_user_created_idx"
	dev "CREATE INDEX token_usage_user_created_idx ON token_usage (user_id)"
	dev "CREATE UNIQUE INDEX ix_budgets_user ON budgets (user_id, period, limit_usd)"
	dev "CREATE VIEW big_budgets AS SELECT id, user_id FROM budgets WHERE limit_usd > 100"
	run --separate-stderr mg diff -m "add alerts" --to "$DEV"
	assert_status 0
	file=$output
	assert_match "$file" "^$MIGS/[0-9a-f]{12}_add_alerts\.sql$"
	assert_match "$(cat "$file")" "-- migrator:down_revision $R7"
	assert_match "$(cat "$file")" "CREATE UNIQUE INDEX ix_alerts_budget"
	applied
}

@test "diff: an added column is a plain ADD COLUMN and keeps the rows" {
	live
	dev "ALTER TABLE budgets ADD COLUMN note varchar(40) DEFAULT 'none'"
	run --separate-stderr mg diff -m "budget note" --to "$DEV"
	assert_status 0
	assert_match "$(cat "$output")" "ALTER TABLE \"budgets\" ADD (COLUMN )?\"?note\"? "
	applied
	assert_eq "$(sql "SELECT count(*), min(note) FROM budgets")" "2|none"
}

@test "diff: a column's type, nullability and default change, rows kept" {
	live
	if [ "$BACKEND" = sqlite ]; then
		# SQLite has no ALTER COLUMN: the dev database is rebuilt by hand
		dev "PRAGMA legacy_alter_table = ON; CREATE TABLE nb (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id varchar(128) NOT NULL, period varchar(16) NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')), limit_usd numeric(12, 2) CHECK (limit_usd > 0), created_at TEXT NOT NULL DEFAULT 'now', CONSTRAINT budgets_user_period_key UNIQUE (user_id, period)); DROP TABLE budgets; ALTER TABLE nb RENAME TO budgets"
	else
		dev "ALTER TABLE budgets ALTER COLUMN user_id TYPE varchar(128), ALTER COLUMN limit_usd DROP NOT NULL, ALTER COLUMN created_at SET DEFAULT '2000-01-01'"
	fi
	run --separate-stderr mg diff -m "wider user" --to "$DEV"
	assert_status 0
	applied
	assert_eq "$(sql "SELECT count(*) FROM budgets")" "2"
}

@test "diff: a table rebuilt on SQLite keeps STRICT, WITHOUT ROWID, its collation and its rows; PostgreSQL keeps the collation" {
	if [ "$BACKEND" = sqlite ]; then
		kv="CREATE TABLE kv (k TEXT PRIMARY KEY COLLATE NOCASE, v INTEGER NOT NULL) STRICT, WITHOUT ROWID;"
		# a column between the others: only a rebuild keeps that order
		change="PRAGMA legacy_alter_table = ON; CREATE TABLE kv2 (k TEXT PRIMARY KEY COLLATE NOCASE, note TEXT, v INTEGER NOT NULL) STRICT, WITHOUT ROWID; DROP TABLE kv; ALTER TABLE kv2 RENAME TO kv"
	else
		kv="CREATE TABLE kv (k text COLLATE \"C\" PRIMARY KEY, v integer NOT NULL);"
		change="ALTER TABLE kv ADD COLUMN note text"
	fi
	printf '%s\n' "-- migrator:revision 0123456789ab" "-- migrator:down_revision $R7" \
		"-- migrator:message kv" "-- migrator:upgrade" "$kv" "-- migrator:downgrade" "DROP TABLE kv;" >"$MIGS/0123456789ab_kv.sql"
	live
	sql "INSERT INTO kv (k, v) VALUES ('a', 1), ('B', 2)"
	"$MIGRATOR" -d "$DEV" -m "$MIGS" upgrade head >/dev/null
	dev "$change"
	run --separate-stderr mg diff -m "kv note" --to "$DEV"
	assert_status 0
	file=$output
	applied
	assert_eq "$(sql "SELECT count(*), sum(v) FROM kv")" "2|3"
	if [ "$BACKEND" = sqlite ]; then
		assert_match "$(cat "$file")" "INSERT INTO \"_migrator_new_kv\""
		assert_match "$(sql "SELECT sql FROM sqlite_master WHERE name = 'kv'")" "COLLATE NOCASE, note TEXT, v INTEGER NOT NULL\) STRICT, WITHOUT ROWID$"
		assert_eq "$(sql "SELECT v FROM kv WHERE k = 'b'")" "2"
	else
		assert_eq "$(sql "SELECT collation_name FROM information_schema.columns WHERE table_name = 'kv' AND column_name = 'k'")" "C"
	fi
}

@test "diff: a dropped column is destructive: marked, listed on stderr, refused by --strict" {
	live
	dev "$(per_backend "ALTER TABLE budget_alerts DROP COLUMN slack_webhook" "ALTER TABLE budget_alerts DROP COLUMN slack_webhook")"
	run --separate-stderr mg diff -m "no webhook" --to "$DEV" --strict
	assert_status 1
	assert_error "destroy data"
	assert_match "$stderr" "warning: destructive: drops 1 column\(s\) of table budget_alerts"
	assert_eq "$(new_revisions)" ""
	run --separate-stderr mg diff -m "no webhook" --to "$DEV"
	assert_status 0
	assert_match "$(cat "$output")" "-- destructive: drops 1 column\(s\) of table budget_alerts"
	applied
}

@test "diff: a table dropped while a table that stays references it" {
	live
	if [ "$BACKEND" = sqlite ]; then
		dev "DROP TABLE budgets"
	else
		dev "DROP TABLE budgets CASCADE"
	fi
	run --separate-stderr mg diff -m "no budgets" --to "$DEV"
	assert_status 0
	assert_match "$stderr" "destructive: drops table budgets"
	applied
	refute_table budgets
}

@test "diff: a renamed table is drop and create with a hint; --rename table keeps its rows (usage_stats)" {
	live
	dev "CREATE TABLE usage_stats (id integer PRIMARY KEY, user_id varchar(64) NOT NULL, tokens integer NOT NULL DEFAULT 0)"
	dev "CREATE INDEX ix_usage_stats_user ON usage_stats (user_id)"
	run --separate-stderr mg diff -m "usage stats" --to "$DEV"
	assert_status 0
	applied
	sql "INSERT INTO usage_stats (id, user_id, tokens) VALUES (1, 'u1', 10), (2, 'u2', 20), (3, 'u3', 30)"
	dev "ALTER TABLE usage_stats RENAME TO usage_statistics"
	run --separate-stderr mg diff -m "rename usage stats" --to "$DEV" --sql
	assert_status 0
	assert_match "$output" "-- likely a rename of table usage_stats: --rename table:usage_stats=usage_statistics keeps its rows"
	assert_match "$stderr" "destructive: drops table usage_stats"
	run --separate-stderr mg diff -m "rename usage stats" --to "$DEV" --rename table:usage_stats=usage_statistics
	assert_status 0
	assert_eq "${stderr:-}" ""
	assert_match "$(cat "$output")" "RENAME TO \"usage_statistics\""
	applied
	assert_eq "$(sql "SELECT count(*), sum(tokens) FROM usage_statistics")" "3|60"
	refute_table usage_stats
}

@test "diff: --rename column keeps the column's values" {
	live
	dev "ALTER TABLE budgets RENAME COLUMN limit_usd TO limit_amount"
	run --separate-stderr mg diff -m "rename limit" --to "$DEV" --sql
	assert_status 0
	assert_match "$output" "likely a rename of column budgets.limit_usd: --rename column:budgets.limit_usd=limit_amount"
	run --separate-stderr mg diff -m "rename limit" --to "$DEV" --rename column:budgets.limit_usd=limit_amount
	assert_status 0
	assert_match "$(cat "$output")" "RENAME COLUMN \"limit_usd\" TO \"limit_amount\""
	applied
	assert_eq "$(sql "SELECT CAST(sum(limit_amount) AS integer) FROM budgets")" "12"
}

@test "diff: usage errors: no --to, no message, a bad --rename, a --rename naming nothing" {
	run --separate-stderr mg diff -m x
	assert_status 2
	assert_error "diff needs --to SOURCE"
	run --separate-stderr mg diff --to "$DEV"
	assert_status 2
	assert_error "diff needs a message"
	run --separate-stderr mg diff -m x --to "$DEV" --rename table:nope=other
	assert_status 2
	assert_error "--rename table:nope=other"
	run --separate-stderr mg diff -m x --to "$DEV" --rename tabel:a=b
	assert_status 2
	assert_error "bad --rename tabel:a=b"
}

@test "diff --to FILE.sql: the schema wanted as SQL, loaded into a scratch database" {
	# a dump of the dev database (its CHECK constraints as the server
	# writes them) and one more table
	"$MIGRATOR" -d "$DEV" -m "$MIGS" dump -o schema.sql
	printf '%s\n' "CREATE TABLE tags (id integer PRIMARY KEY, budget_id integer REFERENCES budgets (id), name varchar(20) NOT NULL UNIQUE CHECK (name IN ('a', 'b')));" >>schema.sql
	run --separate-stderr mg diff -m tags --to schema.sql
	assert_status 0
	assert_match "$(cat "$output")" "CREATE TABLE \"?tags\"?"
	run --separate-stderr mg diff -m none --to "$BATS_TEST_TMPDIR/missing.sql"
	assert_status 1
	assert_error "missing.sql"
	assert_eq "$(new_revisions | grep -c none)" "0"
}

@test "diff: triggers, and on PostgreSQL functions, sequences, enum types and comments" {
	live
	if [ "$BACKEND" = sqlite ]; then
		dev "CREATE TRIGGER budgets_touch AFTER UPDATE ON budgets BEGIN UPDATE budgets SET created_at = 'x' WHERE id = NEW.id AND 0; END"
		dev "DROP TRIGGER usage_config_touch"
	else
		dev "CREATE SEQUENCE invoice_no START 100"
		dev "CREATE TYPE budget_kind AS ENUM ('soft', 'hard')"
		dev "ALTER TABLE budgets ADD COLUMN kind budget_kind NOT NULL DEFAULT 'soft'"
		dev "CREATE FUNCTION budgets_touch() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RETURN NEW; END\$\$"
		dev "CREATE TRIGGER budgets_touch BEFORE UPDATE ON budgets FOR EACH ROW EXECUTE FUNCTION budgets_touch()"
		dev "COMMENT ON TABLE budgets IS 'spending limits'; COMMENT ON COLUMN budgets.user_id IS 'who'"
	fi
	run --separate-stderr mg diff -m "objects" --to "$DEV"
	assert_status 0
	assert_match "$(cat "$output")" "CREATE TRIGGER budgets_touch"
	if [ "$BACKEND" = postgresql ]; then
		assert_match "$(cat "$output")" "COMMENT ON COLUMN \"budgets\".\"user_id\" IS 'who'"
	fi
	applied
}

@test "diff: a revision that fails its proof is not written: the statement and the database's error are shown" {
	if [ "$BACKEND" = sqlite ]; then
		# the rebuild's temporary name is taken
		dev "CREATE TABLE _migrator_new_budgets (x integer)"
		dev "ALTER TABLE budgets DROP COLUMN created_at"
		want="CREATE TABLE \"_migrator_new_budgets\".*already exists"
	else
		# an enum type that a column uses is dropped and made again
		"$MIGRATOR" -d "$DEV" -m "$MIGS" stamp base >/dev/null
		dev "CREATE TYPE mood AS ENUM ('ok', 'bad'); ALTER TABLE budgets ADD COLUMN mood mood"
		mkdir -p m2 && cp "$MIGS"/*.sql m2/
		"$MIGRATOR" -d "$DEV" -m m2 stamp head >/dev/null
		run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m m2 diff -m mood --to "$DEV"
		assert_status 0
		MIGS="$BATS_TEST_TMPDIR/m2"
		dev "ALTER TABLE budgets DROP COLUMN mood; DROP TYPE mood; CREATE TYPE mood AS ENUM ('ok', 'bad', 'ugly'); ALTER TABLE budgets ADD COLUMN mood mood"
		want="DROP TYPE \"mood\": .*depend"
	fi
	run --separate-stderr mg diff -m broken --to "$DEV"
	assert_status 1
	assert_error "the generated (upgrade|downgrade) failed on a scratch database built from the migrations; nothing was written"
	assert_match "$stderr" "$want"
	assert_eq "$(ls "$MIGS" | grep -c broken)" "0"
}

@test "diff: a SOURCE file that does not load names its line; nothing written" {
	printf '%s\n' "CREATE TABLE a (id integer);" "CREATE TABLE b (id integer REFERENCES nowhere_at_all (id) ,, );" >bad.sql
	run --separate-stderr mg diff -m bad --to bad.sql
	assert_status 1
	assert_match "$stderr" "bad.sql:2"
	assert_eq "$(new_revisions)" ""
}

# One round of the randomized test: $1 random changes on a fresh dev
# database at head, drawn from $RANDOM (seeded by the caller); renames
# become --rename options.  Tables of earlier rounds ($TABLES) hold rows
# in the test's database.
random_round() {
	local r=$1 i op t k renames=() new=()
	DEV=$(new_db "dev$r")
	"$MIGRATOR" -d "$DEV" -m "$MIGS" upgrade head >/dev/null
	for i in 1 2 3; do
		op=$((RANDOM % 6))
		case $op in
		0)
			t="rt_${r}_$i"
			dev "CREATE TABLE $t (id integer PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'n', budget_id integer REFERENCES budgets (id))"
			new+=("$t")
			;;
		1) dev "ALTER TABLE budgets ADD COLUMN c_${r}_$i integer DEFAULT 0"
			COLS+=("c_${r}_$i") ;;
		2)
			k=$((RANDOM % (${#TABLES[@]} + 1)))
			t=${TABLES[$k]:-}
			# a table once per round: --rename pairs the two sides
			if [ -n "$t" ] && [[ $t != *_r$r ]]; then
				dev "ALTER TABLE $t RENAME TO ${t}_r$r"
				renames+=(--rename "table:$t=${t}_r$r")
				TABLES[$k]="${t}_r$r"
			else
				dev "CREATE INDEX ix_${r}_$i ON budgets (user_id)"
			fi
			;;
		3)
			if [ ${#COLS[@]} -gt 0 ]; then
				dev "ALTER TABLE budgets DROP COLUMN ${COLS[-1]}"
				unset 'COLS[-1]'
			else
				dev "CREATE INDEX ix_${r}_$i ON budgets (period)"
			fi
			;;
		4) dev "CREATE INDEX ix_${r}_$i ON budgets (limit_usd, user_id)" ;;
		5)
			if [ ${#TABLES[@]} -gt 0 ]; then
				t=${TABLES[$((RANDOM % ${#TABLES[@]}))]}
				dev "ALTER TABLE $t ADD COLUMN x_${r}_$i varchar(10)"
			else
				dev "CREATE VIEW v_${r}_$i AS SELECT id FROM budgets"
			fi
			;;
		esac
	done
	run --separate-stderr mg diff -m "random $r" --to "$DEV" "${renames[@]}"
	[ "$status" -eq 0 ] || { echo "round $r:" >&2; show_run >&2; return 1; }
	applied
	for t in "${new[@]}"; do
		sql "INSERT INTO $t (id, name, budget_id) VALUES (1, 'a', NULL), (2, 'b', NULL)"
		TABLES+=("$t")
	done
}

@test "diff: random schema changes over fixed seeds: each revision applies to the database with rows, checks clean and keeps the rows" {
	live
	TABLES=() COLS=()
	for seed in ${MIGRATOR_DIFF_SEEDS:-11 12 13}; do
		RANDOM=$seed
		random_round "$seed"
	done
	assert_eq "$(sql "SELECT count(*) FROM budgets")" "2"
	for t in "${TABLES[@]}"; do
		assert_eq "$t: $(sql "SELECT count(*) FROM $t")" "$t: 2"
	done
}

# --dialects (one section per dialect): a migrations directory of its own
# in $MM, one portable revision, and the schema wanted in schema.sql.
# Both backends take the SQL; the PostgreSQL run does both dialects (the
# SQLite one needs no server), the SQLite run the SQLite one alone.
dialects_fixture() {
	MM="$BATS_TEST_TMPDIR/mm"
	SQ="sqlite:///$BATS_TEST_TMPDIR/sq.db"
	mkdir -p "$MM"
	printf '%s\n' "-- migrator:revision 0a0a0a0a0a0a" "-- migrator:down_revision" \
		"-- migrator:message notes" "" "-- migrator:upgrade" \
		"CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);" "" \
		"-- migrator:downgrade" "DROP TABLE notes;" >"$MM/0a0a0a0a0a0a_notes.sql"
	printf '%s\n' "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, title varchar(40));" \
		"CREATE TABLE tags (id integer PRIMARY KEY, note_id integer NOT NULL REFERENCES notes (id), name varchar(20) NOT NULL UNIQUE);" \
		"CREATE INDEX ix_tags_note ON tags (note_id);" >schema.sql
}

# dialect_upgrades URL: the revisions of $MM upgrade URL's database, which
# then has the new table and column.
dialect_upgrades() {
	run --separate-stderr "$MIGRATOR" -d "$1" -m "$MM" upgrade head
	assert_status 0
	sql_on "$1" "INSERT INTO notes (id, body, title) VALUES (1, 'b', 't')"
	sql_on "$1" "INSERT INTO tags (id, note_id, name) VALUES (1, 1, 'x')"
	assert_eq "$(sql_on "$1" "SELECT name FROM tags")" "x"
}

@test "diff --dialects: one section per dialect from one schema.sql, each proven on its own backend; the file upgrades on each" {
	dialects_fixture
	if [ "$BACKEND" = postgresql ]; then
		# PostgreSQL's project: SQLite's scratch databases need no URL
		run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$MM" diff -m tags --to schema.sql --dialects postgresql,sqlite --sql
		assert_status 0
		assert_match "$output" "^-- migrator:upgrade postgresql"$'\n'"CREATE TABLE tags \(id integer NOT NULL"
		assert_match "$output" $'\n'"-- migrator:downgrade postgresql"$'\n'"-- destructive: drops table tags"$'\n'"DROP TABLE \"tags\" CASCADE;"
		assert_match "$output" $'\n\n'"-- migrator:upgrade sqlite"$'\n'"CREATE TABLE tags \(id integer PRIMARY KEY"
		# SQLite's project: PostgreSQL's scratch databases on the server of --dialect-url
		run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m tags --to schema.sql --dialects sqlite,postgresql --dialect-url "postgresql=$DB_URL"
		assert_status 0
		f=$output
		assert_eq "$(grep -e '^-- migrator:upgrade' -e '^-- migrator:downgrade' "$f")" "-- migrator:upgrade sqlite
-- migrator:downgrade sqlite
-- migrator:upgrade postgresql
-- migrator:downgrade postgresql"
		assert_match "$(cat "$f")" "ALTER TABLE \"notes\" ADD COLUMN title character varying\(40\);"
		dialect_upgrades "$SQ"
		dialect_upgrades "$DB_URL"
		run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$MM" downgrade base
		assert_status 0
	else
		run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m tags --to schema.sql --dialects sqlite
		assert_status 0
		f=$output
		assert_eq "$(grep -c '^-- migrator:upgrade sqlite$' "$f") $(grep -c postgresql "$f")" "1 0"
		dialect_upgrades "$SQ"
	fi
	run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" downgrade base
	assert_status 0
	assert_eq "$(sql_on "$SQ" "SELECT count(*) FROM sqlite_master WHERE name IN ('notes', 'tags')")" "0"
	# destructive changes: each dialect's warning names it; --strict refuses
	echo "CREATE TABLE other (id integer PRIMARY KEY);" >drop.sql
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$MM" diff -m drop --to drop.sql --dialects "$(per_backend sqlite postgresql,sqlite)" --strict
	assert_status 1
	assert_match "$stderr" "migrator: warning: dialect $BACKEND: destructive: drops table notes"
	assert_error "dialect $BACKEND: the revision would destroy data"
	assert_eq "$(ls "$MM" | grep -c drop)" "0"
}

@test "diff --dialects: a schema.sql that one backend rejects names the dialect; nothing written" {
	dialects_fixture
	if [ "$BACKEND" = postgresql ]; then
		printf '%s\n' "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);" "CREATE TABLE strict_one (id integer PRIMARY KEY) STRICT;" >bad.sql
		run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m bad --to bad.sql --dialects sqlite,postgresql --dialect-url "postgresql=$DB_URL"
		assert_status 1
		assert_match "$stderr" "bad.sql:2: dialect postgresql: statement failed"
		assert_match "$stderr" "STRICT"
	fi
	printf '%s\n' "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);" "CREATE SEQUENCE note_no;" >bad.sql
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$MM" diff -m bad --to bad.sql --dialects "$(per_backend sqlite postgresql,sqlite)"
	assert_status 1
	assert_match "$stderr" "bad.sql:2: dialect sqlite: "
	assert_eq "$(ls "$MM")" "0a0a0a0a0a0a_notes.sql"
}

@test "diff --dialects: usage errors: a URL SOURCE for another backend, no database for PostgreSQL, bad lists" {
	dialects_fixture
	run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m x --to "$SQ" --dialects sqlite,postgresql --dialect-url "postgresql=$DB_URL"
	assert_status 2
	assert_error "dialect postgresql: SOURCE must be a .sql file, not a database URL"
	run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m x --to schema.sql --dialects sqlite,postgresql
	assert_status 2
	assert_error "dialect postgresql: no database given for its scratch databases"
	assert_match "$stderr" "--dialect-url postgresql=URL"
	run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m x --to schema.sql --dialects sqlite,postgresql --dialect-url "postgresql=$SQ"
	assert_status 2
	assert_error "dialect postgresql: --dialect-url names a sqlite database"
	run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m x --to schema.sql --dialects sqlite,
	assert_status 2
	assert_error "bad --dialects sqlite,"
	run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m x --to schema.sql --dialect-url "postgresql=$DB_URL"
	assert_status 2
	assert_error "--dialect-url needs --dialects"
	run --separate-stderr "$MIGRATOR" -d "$SQ" -m "$MM" diff -m x --to schema.sql --dialects sqlite --dialect-url "postgresql=$DB_URL"
	assert_status 2
	assert_error "bad --dialect-url postgresql: not a dialect of --dialects"
	assert_eq "$(ls "$MM")" "0a0a0a0a0a0a_notes.sql"
}

@test "diff --dialects: the config file's [dialect.NAME] url, used only for a dialect asked; --dialect-url wins" {
	dialects_fixture
	if [ "$BACKEND" = postgresql ]; then
		printf '%s\n' "[dialect.postgresql]" "url = $DB_URL" "[dialect.mysql]" "url = mysql://nowhere" >dl.ini
		run --separate-stderr "$MIGRATOR" -c dl.ini -d "$SQ" -m "$MM" diff -m tags --to schema.sql --dialects sqlite,postgresql --sql
		assert_status 0
		assert_match "$output" $'\n'"-- migrator:upgrade postgresql"$'\n'"CREATE TABLE tags"
		run --separate-stderr "$MIGRATOR" -c dl.ini -d "$SQ" -m "$MM" diff -m tags --to schema.sql --dialects sqlite,postgresql --dialect-url "postgresql=$SQ" --sql
		assert_status 2
		assert_error "dialect postgresql: --dialect-url names a sqlite database"
	fi
	printf '%s\n' "[dialect.postgresql]" "url = postgresql://nowhere.invalid/x" >dl.ini
	run --separate-stderr "$MIGRATOR" -c dl.ini -d "$SQ" -m "$MM" diff -m tags --to schema.sql --dialects sqlite --sql
	assert_status 0
	assert_match "$output" "^-- migrator:upgrade sqlite"$'\n'
	printf '%s\n' "[dialect.postgresql]" "host = x" >dl.ini
	run --separate-stderr "$MIGRATOR" -c dl.ini -d "$SQ" -m "$MM" diff -m tags --to schema.sql --dialects sqlite --sql
	assert_status 2
	assert_error "dl.ini:2: unknown key \"host\" in \[dialect.postgresql\]"
}
