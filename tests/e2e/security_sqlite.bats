#!/usr/bin/env bats
# security_sqlite.bats - SQLite only (issue 5, item 5): a database file
# that migrator creates is never group- or world-writable, whatever the
# umask (migrator creates it with mode 0644 before SQLite opens it; the
# umask can only take bits away), and a URL cannot smuggle in SQLite's
# URI parameters.

load helpers

setup() {
	e2e_setup
	require_backend sqlite
}

# created_mode UMASK: the mode of a database file upgrade creates under
# that umask.
created_mode() {
	local f="$BATS_TEST_TMPDIR/m$1.db"
	(umask "$1" && "$MIGRATOR" -q -d "sqlite:///$f" -m "$MIGS" upgrade "$R1") >&2 || return 1
	stat -c %a "$f"
}

@test "sqlite: a created database file is not world-writable, even with umask 000" {
	assert_eq "$(created_mode 000)" 644
	assert_eq "$(created_mode 002)" 644
	assert_eq "$(created_mode 022)" 644
	# A stricter umask is honoured.
	assert_eq "$(created_mode 077)" 600
	assert_eq "$(created_mode 027)" 640
}

@test "sqlite: the journal SQLite writes during a migration is not world-writable either" {
	local f="$BATS_TEST_TMPDIR/j.db" seen
	# A revision that sleeps inside its transaction, so the journal exists
	# long enough to look at (a recursive CTE keeps SQLite busy).
	mkdir "$BATS_TEST_TMPDIR/migs"
	cat >"$BATS_TEST_TMPDIR/migs/ab0000000001_slow.sql" <<-'SQL'
		-- migrator:revision ab0000000001
		-- migrator:upgrade
		CREATE TABLE big (n INTEGER);
		WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000000)
		INSERT INTO big SELECT n FROM c;
		-- migrator:downgrade
		DROP TABLE big;
	SQL
	(umask 000 && "$MIGRATOR" -q -d "sqlite:///$f" -m "$BATS_TEST_TMPDIR/migs" upgrade head) &
	seen=
	for ((try = 0; try < 400; try++)); do
		if [ -e "$f-journal" ]; then
			seen=$(stat -c %a "$f-journal" 2>/dev/null) && [ -n "$seen" ] && break
		fi
		sleep 0.02
	done
	wait
	[ -n "$seen" ] || fail "never saw the journal file"
	assert_eq "$seen" 644
	assert_eq "$(stat -c %a "$f")" 644
}

@test "sqlite: URI parameters (?mode=, ?vfs=) in a URL are refused, not handed to SQLite" {
	local q
	for q in "?mode=memory" "?vfs=unix-none" "?immutable=1"; do
		run --separate-stderr "$MIGRATOR" -d "sqlite:///$BATS_TEST_TMPDIR/u.db$q" -m "$MIGS" upgrade "$R1"
		assert_status 2
		assert_error "sqlite URL query strings and fragments are not supported"
		[ ! -e "$BATS_TEST_TMPDIR/u.db" ] || fail "$q: a database was created"
	done
}
