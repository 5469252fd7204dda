#!/usr/bin/env bats
# import_sqitch.bats - `migrator import --from sqitch` and `migrator adopt
# --from sqitch` against the real Sqitch (Debian's sqitch; issue 17), on
# each backend.  The fixture (tests/fixtures/import_sqitch) plans 23
# changes with requires, two tags and a reworked change.  Sqitch's
# registry is the schema sqitch on PostgreSQL and the file sqitch.db beside
# the database on SQLite, so each SQLite database has a directory of its
# own.

load helpers

FIX="$FIXTURES/import_sqitch"

setup() {
	e2e_setup
	command -v sqitch >/dev/null ||
		fail "sqitch is missing: apt-get install sqitch libdbd-pg-perl libdbd-sqlite3-perl"
	MIGS="$BATS_TEST_TMPDIR/migs"
}

# sqitch_on URL [ARGS]: sqitch deploy into URL, from the fixture.
sqitch_on() {
	local url=$1 q kv
	shift
	case $url in
	sqlite:*)
		(cd "$FIX" && sqitch deploy --target "db:sqlite:${url#sqlite:///}" "$@") >/dev/null
		;;
	*)
		q=${url#*\?}
		(
			for kv in ${q//&/ }; do
				case $kv in
				host=*) export PGHOST=${kv#host=} ;;
				port=*) export PGPORT=${kv#port=} ;;
				user=*) export PGUSER=${kv#user=} ;;
				esac
			done
			cd "$FIX" && sqitch deploy --target "db:pg:${url##*dbname=}" "$@"
		) >/dev/null
		;;
	esac
}

# other_db [NAME]: another database, on SQLite in a directory of its own
# (its registry file goes beside it).
other_db() {
	local name=${1:-other}
	case $BACKEND in
	sqlite) mkdir -p "$BATS_TEST_TMPDIR/$name" && echo "sqlite:///$BATS_TEST_TMPDIR/$name/o.db" ;;
	*) new_db "$name" ;;
	esac
}

@test "sqitch: halfway database, import, adopt, upgrade head: Sqitch's schema, rows kept" {
	local other
	sqitch_on "$DB_URL" --to create_settings
	sql "INSERT INTO users (id, email, name) VALUES (1, 'ann@example.com', 'Ann')"

	run --separate-stderr "$MIGRATOR" import --from sqitch -m "$MIGS" "$FIX"
	assert_status 0
	assert_match "$output" "imported 23 revisions from sqitch"
	assert_match "$output" "version map: create_view_published@v2.0 = revision create_view_published_v2_0"
	assert_match "$output" "verify/ scripts became verify sections"
	assert_eq "$("$MIGRATOR" -m "$MIGS" heads)" "create_view_published (head)"
	# requires are depends_on; the plan's order is the chain
	grep -qx -- '-- migrator:depends_on create_comments, create_users' "$MIGS"/add_comments_user_*.sql
	grep -qx -- '-- migrator:depends_on create_view_published_v2_0' "$MIGS"/create_view_published_create*.sql ||
		grep -qx -- '-- migrator:depends_on create_view_published_v2_0' "$MIGS"/create_view_published_*.sql
	assert_eq "$("$MIGRATOR" -m "$MIGS" history | sed -E 's/.*-> ([a-z0-9_]+).*/\1/' | tac | tr '\n' ' ')" \
		"$(grep -E '^[a-z]' "$FIX/sqitch.plan" | sed 's/ .*//' | sed '16s/$/_v2_0/' | tr '\n' ' ')"
	! grep -qi '^begin;' "$MIGS"/*.sql

	run --separate-stderr mg adopt --from sqitch
	assert_status 0
	assert_eq "$output" "stamped create_settings (sqitch version create_settings)"
	run --separate-stderr mg upgrade head --verify
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^upgrade ')" 12
	assert_eq "$(sql "SELECT email FROM users")" "ann@example.com"

	# Sqitch on its own, all the way (the reworked change twice)
	other=$(other_db)
	sqitch_on "$other"
	run --separate-stderr "$MIGRATOR" -d "$other" -m "$MIGS" adopt --from sqitch
	assert_status 0
	assert_eq "$output" "stamped create_view_published (sqitch version create_view_published)"
	diff -u <("$MIGRATOR" -d "$other" -m "$MIGS" dump) <(mg dump)

	# deployed up to a tag before the rework: the reworked change's first
	# instance is the one deployed
	other=$(other_db tagged)
	sqitch_on "$other" --to @v2.0
	run --separate-stderr "$MIGRATOR" -d "$other" -m "$MIGS" adopt --from sqitch
	assert_status 0
	assert_eq "$output" "stamped create_view_published_v2_0 (sqitch version create_view_published)"
	run --separate-stderr "$MIGRATOR" -d "$other" -m "$MIGS" upgrade head
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep -c '^upgrade ')" 7
	diff -u <("$MIGRATOR" -d "$other" -m "$MIGS" dump) <(mg dump)
}

@test "sqitch: adopt refuses a change no file has; bad plans are refused by name" {
	local src="$BATS_TEST_TMPDIR/src"
	sqitch_on "$DB_URL" --to create_posts
	cp -r "$FIX" "$src"
	# the project's first change only: the database has the second too
	grep -m 5 -E '^(%|$|create_users )' "$FIX/sqitch.plan" >"$src/sqitch.plan"
	"$MIGRATOR" import --from sqitch -m "$MIGS" "$src" >/dev/null
	run --separate-stderr mg adopt --from sqitch
	assert_status 1
	assert_error "sqitch version create_posts is applied, but no migration file has it"
	assert_eq "$(stamp)" none

	# a registry of two projects: their changes cannot be told apart
	local reg=$DB_URL
	[ "$BACKEND" = sqlite ] && reg="sqlite:///$BATS_TEST_TMPDIR/sqitch.db"
	sql_on "$reg" "INSERT INTO $([ "$BACKEND" = sqlite ] || echo sqitch.)projects
		(project, creator_name, creator_email) VALUES ('other', 'Bo', 'bo@example.com')"
	run --separate-stderr mg adopt --from sqitch
	assert_status 1
	assert_error "the sqitch registry holds 2 projects: blog, other"
	assert_eq "$(stamp)" none

	rm -r "$MIGS"
	cp "$FIX/sqitch.plan" "$src/sqitch.plan"
	echo 'later [nothing_like_it] 2024-02-01T12:00:00Z Ann <ann@example.com>' >>"$src/sqitch.plan"
	touch "$src/deploy/later.sql"
	run --separate-stderr "$MIGRATOR" import --from sqitch -m "$MIGS" "$src"
	assert_status 3
	assert_error "sqitch.plan:30: change later requires nothing_like_it, which is not planned before it"
	[ ! -e "$MIGS" ]
	rm "$src/deploy/later.sql"
	run --separate-stderr "$MIGRATOR" import --from sqitch -m "$MIGS" "$src"
	assert_status 3
	assert_error "change later has no deploy script"
	[ ! -e "$MIGS" ]

	# a change name that is a path out of the project: refused, not read
	mkdir -p "$BATS_TEST_TMPDIR/outside"
	echo 'SELECT 1;' >"$BATS_TEST_TMPDIR/outside/secret.sql"
	cp "$FIX/sqitch.plan" "$src/sqitch.plan"
	echo '../../outside/secret 2024-02-01T12:00:00Z Ann <ann@example.com>' >>"$src/sqitch.plan"
	run --separate-stderr "$MIGRATOR" import --from sqitch -m "$MIGS" "$src"
	assert_status 3
	assert_error "sqitch.plan:30: change name ../../outside/secret is not a Sqitch name"
	[ ! -e "$MIGS" ]
	cp "$FIX/sqitch.plan" "$src/sqitch.plan"
	echo '@.. 2024-02-01T12:00:00Z Ann <ann@example.com>' >>"$src/sqitch.plan"
	run --separate-stderr "$MIGRATOR" import --from sqitch -m "$MIGS" "$src"
	assert_status 3
	assert_error "sqitch.plan:30: tag name @.. is not a Sqitch name"
	[ ! -e "$MIGS" ]
}
