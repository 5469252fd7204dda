# helpers.bash - shared set-up for the end-to-end suites (bats).
#
# Every generic suite runs once per backend, chosen by MIGRATOR_TEST_BACKEND:
#   sqlite      (default) each test gets sqlite:////$BATS_TEST_TMPDIR/t.db
#   postgresql  each test gets a fresh database on the server named by
#               MIGRATOR_TEST_PG_URL (tests/pg_cluster.sh env), dropped after
# The PostgreSQL run fails, never skips, when MIGRATOR_TEST_PG_URL is unset.
#
# From the test environment (tests/local.mk): MIGRATOR (the built binary),
# MIGRATOR_PLUGIN_PATH, FIXTURES, TOP_SRCDIR, SQLITE3_CLI.

bats_require_minimum_version 1.5.0

SAMPLE="$TOP_SRCDIR/migrations"
# The sample's revisions: a line, a branch at R4 (R5 and R6) and a merge.
R1=28d086b6b595 # create token_usage (root)
R2=40e7c6d52794 # create budgets
R3=2ead98d98913 # create budget_alerts
R4=111c6a8bb173 # add budget_alerts.slack_webhook (branch point)
R5=d5eaf50db3c2 # create usage_config (branch "config")
R6=ad611e434c8f # create usage_snapshots
R7=a906f967ec63 # merge R5 and R6 (the head)
SAMPLE_TABLES="budget_alerts budgets token_usage usage_config usage_snapshots"

# In the build tree $MIGRATOR is libtool's wrapper script, which spends a
# shell and several seds on every call (0.3 s on a busy 2-core machine, and
# the suites make hundreds of calls).  Run the program it wraps directly,
# with the library path the wrapper would set.
unwrap_libtool() {
	local real libpath
	real="$(dirname "$MIGRATOR")/.libs/$(basename "$MIGRATOR")"
	[ -x "$real" ] && head -c 4096 "$MIGRATOR" | grep -q 'libtool' || return 0
	libpath=$(sed -n 's/^ *LD_LIBRARY_PATH="\(.*\):\$LD_LIBRARY_PATH"$/\1/p' "$MIGRATOR" | head -n 1)
	[ -n "$libpath" ] || return 0
	LD_LIBRARY_PATH="$libpath${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
	MIGRATOR=$real
}
[ -z "${MIGRATOR:-}" ] || unwrap_libtool

BACKEND=${MIGRATOR_TEST_BACKEND:-sqlite}
SQLITE=${SQLITE3_CLI:-sqlite3}
[ "$SQLITE" != no ] || SQLITE=sqlite3

# Common set-up; suites call it from setup() (or define no setup()).
setup() {
	e2e_setup
}

teardown() {
	e2e_teardown
}

e2e_setup() {
	[ -n "${MIGRATOR:-}" ] && [ -x "$MIGRATOR" ] ||
		fail "MIGRATOR is not set to the built migrator (run through make check)"
	[ -n "${TOP_SRCDIR:-}" ] || fail "TOP_SRCDIR is not set (run through make check)"
	# Nothing from the caller's environment or working directory may leak
	# into a test: no URL variables, no ./migrator.ini.
	unset MIGRATOR_DATABASE_URL DATABASE_URL
	# the checksum cache (issue 19) never in the caller's home, nor in
	# the test's directory, where some tests look for what a run left
	XDG_CACHE_HOME=$(mktemp -d "$BATS_RUN_TMPDIR/xdg-cache.XXXXXX") ||
		fail "cannot make a cache directory"
	export XDG_CACHE_HOME
	unset MIGRATOR_SUM_CACHE_RACY_MS
	cd "$BATS_TEST_TMPDIR" || fail "cannot cd to $BATS_TEST_TMPDIR"
	MIGS=$SAMPLE
	case $BACKEND in
	sqlite)
		DB_PATH="$BATS_TEST_TMPDIR/t.db"
		DB_URL="sqlite:///$DB_PATH" # absolute: sqlite:////tmp/...
		;;
	postgresql)
		[ -n "${MIGRATOR_TEST_PG_URL:-}" ] ||
			fail "MIGRATOR_TEST_PG_URL is unset: start a server (tests/run-suite.sh does) or run only SQLite (make check E2E_PG_TESTS=)"
		DB_URL=$(new_db t)
		;;
	*)
		fail "MIGRATOR_TEST_BACKEND=$BACKEND: expected sqlite or postgresql"
		;;
	esac
}

e2e_teardown() {
	local db
	[ -f "$(pg_dbs_file)" ] || return 0
	while IFS= read -r db; do
		psql -X -q -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" \
			-c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
			echo "# could not drop database $db" >&3
	done <"$(pg_dbs_file)"
	return 0
}

# Suites with their own teardown call e2e_teardown (or fault_teardown) from
# it; this one serves the rest.
teardown() {
	e2e_teardown
}

# pg_db_made NAME: this test made database NAME; teardown drops it.  A file,
# not a variable: new_db runs in $(...), a subshell.  Not in the test's
# own directory, where some tests check what a command left behind.
pg_db_made() {
	echo "$1" >>"$(pg_dbs_file)"
}

pg_dbs_file() {
	echo "$BATS_FILE_TMPDIR/pg_dbs.$BATS_TEST_NUMBER"
}

fail() {
	echo "$*" >&2
	return 1
}

# Suites that only make sense on one backend call this from setup().
require_backend() {
	[ "$BACKEND" = "$1" ] ||
		fail "this suite runs on $1 only (MIGRATOR_TEST_BACKEND=$BACKEND)"
}

# new_db NAME: the URL of another empty database for this test.
new_db() {
	case $BACKEND in
	sqlite)
		echo "sqlite:///$BATS_TEST_TMPDIR/$1.db"
		;;
	postgresql)
		local name sep
		name="mgt_${1}_$$_${BATS_TEST_NUMBER}_$RANDOM"
		# FILE_COPY (PostgreSQL 15 and later): the default WAL_LOG
		# writes the whole template to the WAL, 40% slower for the
		# small empty databases each test makes.  One psql call.
		psql -X -q -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" >&2 <<-SQL ||
			SELECT current_setting('server_version_num')::int >= 150000 AS file_copy \gset
			\if :file_copy
			CREATE DATABASE "$name" STRATEGY = FILE_COPY;
			\else
			CREATE DATABASE "$name";
			\endif
		SQL
			fail "cannot create database $name on $MIGRATOR_TEST_PG_URL"
		pg_db_made "$name"
		# libpq: a later dbname parameter overrides the URI's path.
		case $MIGRATOR_TEST_PG_URL in
		*\?*) sep='&' ;;
		*) sep='?' ;;
		esac
		echo "${MIGRATOR_TEST_PG_URL}${sep}dbname=$name"
		;;
	esac
}

# mg ARGS: migrator on this test's database and migrations.
mg() {
	mg_logged "$MIGRATOR" -d "$DB_URL" -m "$MIGS" "$@"
}

# mg_pids_file: where mg_logged writes; beside the test's directory, not
# in it, as tests list their working directory.
mg_pids_file() {
	echo "$BATS_FILE_TMPDIR/migrator.pids.$BATS_TEST_NUMBER"
}

# mg_logged CMD ARGS: runs CMD in a subshell that writes its pid to
# mg_pids_file and then execs CMD, so the run keeps that pid; on
# PostgreSQL a scratch database's name holds its maker's pid, and
# assert_no_scratch looks only for this test's (see there).
mg_logged() {
	(
		[ -z "${BATS_TEST_NUMBER:-}" ] ||
			echo "$BASHPID $EPOCHSECONDS" >>"$(mg_pids_file)"
		exec "$@"
	)
}

# --- looking into a database, the same way on both backends -------------

# sql_on URL SQL: runs SQL, prints rows with '|' between columns.
sql_on() {
	local url=$1
	shift
	case $url in
	sqlite:*)
		local path=${url#sqlite:///}
		# The CLI would create a missing file: tests check that it is not.
		[ -e "$path" ] || { echo "sql_on: no database file $path" >&2; return 1; }
		"$SQLITE" -batch -bail "$path" "$*"
		;;
	*)
		psql -X -A -t -q -v ON_ERROR_STOP=1 "$url" -c "$*"
		;;
	esac
}

sql() {
	sql_on "$DB_URL" "$@"
}

# server_log: the test cluster's log (tests/pg_cluster.sh keeps it beside
# the data directory), or MIGRATOR_TEST_PG_LOG.
server_log() {
	local f=${MIGRATOR_TEST_PG_LOG:-}
	[ -n "$f" ] || f="$(dirname "$(sql "SHOW data_directory")")/server.log"
	[ -r "$f" ] || fail "cannot read the server log $f (set MIGRATOR_TEST_PG_LOG)"
	echo "$f"
}

# log_statements: from now on the server logs every statement sent to this
# test's database (log_statement = 'all'); db_statements prints them.
log_statements() {
	STMT_LOG=$(server_log) || return 1
	sql "ALTER DATABASE \"${DB_URL##*dbname=}\" SET log_statement = 'all'"
	STMT_LOG_START=$(($(wc -l <"$STMT_LOG") + 1))
}

# db_statements: the statements logged for this test's database since
# log_statements, one per line, as sent ("statement:" or an
# extended-protocol "execute"); pg_cluster.sh's "db=NAME" log prefix tells
# them from other tests' statements.
db_statements() {
	local db=${DB_URL##*dbname=}
	sleep 0.5 # the server writes its log asynchronously
	tail -n "+$STMT_LOG_START" "$STMT_LOG" | grep -F " db=$db " |
		sed -n 's/^.* LOG:  \(statement\|execute [^:]*\): //p'
}

# The user tables (without the stamp table and the backend's own), sorted,
# space-separated.
tables_on() {
	case $1 in
	sqlite:*)
		[ -e "${1#sqlite:///}" ] || return 0
		sql_on "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'migrator_%'
			ORDER BY name"
		;;
	*)
		sql_on "$1" "SELECT table_schema || '.' || table_name
			FROM information_schema.tables
			WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
			AND table_name NOT LIKE 'migrator\\_%' ORDER BY 1" |
			sed 's/^public\.//'
		;;
	esac | tr '\n' ' ' | sed 's/ $//'
}

tables() {
	tables_on "$DB_URL"
}

# has_table NAME [URL]: the table exists (NAME may be schema.table on PG).
has_table() {
	local url=${2:-$DB_URL}
	case $url in
	sqlite:*)
		[ -e "${url#sqlite:///}" ] || return 1
		[ "$(sql_on "$url" "SELECT count(*) FROM sqlite_master
			WHERE type = 'table' AND name = '$1'")" = 1 ]
		;;
	*)
		[ "$(sql_on "$url" "SELECT to_regclass('$1') IS NOT NULL")" = t ]
		;;
	esac
}

# columns TABLE: the table's column names, in order, space-separated.
columns() {
	case $BACKEND in
	sqlite)
		sql "SELECT name FROM pragma_table_info('$1') ORDER BY cid"
		;;
	postgresql)
		sql "SELECT column_name FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name = '$1'
			ORDER BY ordinal_position"
		;;
	esac | tr '\n' ' ' | sed 's/ $//'
}

# stamp_on URL [TABLE]: the stamp rows, sorted, space-separated; "none"
# when the stamp table does not exist.
stamp_on() {
	local url=$1 table=${2:-migrator_version}
	if ! has_table "$table" "$url"; then
		echo none
		return 0
	fi
	sql_on "$url" "SELECT version_num FROM $table ORDER BY 1" |
		tr '\n' ' ' | sed 's/ $//'
}

stamp() {
	stamp_on "$DB_URL" "$@"
}

# A summary of everything a test could have written: schema, stamp and row
# counts.  For SQLite, also whether the file exists and its checksum.
fingerprint() {
	case $BACKEND in
	sqlite)
		if [ -e "$DB_PATH" ]; then
			sha256sum <"$DB_PATH"
		else
			echo absent
		fi
		;;
	postgresql)
		pg_schema "$DB_URL" || return 1
		if has_table migrator_version; then
			sql "SELECT version_num FROM migrator_version ORDER BY 1"
		fi
		;;
	esac
}

# pg_schema URL [PATTERN]: the database's schema as sorted lines, read
# from the catalogs by pg_schema.sql, less the relations whose name is LIKE
# PATTERN.  Not pg_dump: the installed pg_dump cannot dump a newer server
# (tests/pg_matrix.sh runs these suites on PostgreSQL 13 to 18).
pg_schema() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 -v "exclude=${2:-}" \
		-f "$TOP_SRCDIR/tests/e2e/pg_schema.sql" "$1"
}

# pg_dump output without comments, blank lines, session settings and
# pg_dump's per-run \restrict keys.
normalise_dump() {
	grep -vE '^(--.*|SET .*|SELECT pg_catalog\.set_config.*|\\(un)?restrict .*|)$'
}

# --- assertions --------------------------------------------------------

# no scratch database made by this test's runs (mg, mg_logged) is left on
# the server (PostgreSQL only).  Names are migrator_scratch_EPOCH_PID_RANDOM.
# Other suites run meanwhile on the same server (make -j): their scratch
# databases, and the ones faults_pg.bats leaves on purpose, are not ours,
# so only names with one of our pids, and an EPOCH not before that run
# began (a pid can be reused), count.  A run's own drop happens before
# it exits, but allow a moment for the server to finish it.
assert_no_scratch() {
	[ "$BACKEND" = postgresql ] || return 0
	local pids ours i
	pids=$(mg_pids_file)
	[ -s "$pids" ] || fail "assert_no_scratch: no run of this test was logged (use mg or mg_logged)"
	for i in $(seq 1 20); do
		ours=$(sql "SELECT datname FROM pg_database
			WHERE datname LIKE 'migrator\\_scratch\\_%'" |
			awk -F_ -v pids="$pids" '
				BEGIN { while ((getline l < pids) > 0) { split(l, f, " "); mine[f[1]] = f[2] } }
				($4 in mine) && $3 >= mine[$4] - 1 { print }')
		[ -z "$ours" ] && return 0
		sleep 0.5
	done
	assert_eq "$ours" ""
}


# assert_status N: the last run's exit status, with its output on failure.
assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit status $1, got $status" >&2
		show_run >&2
		return 1
	fi
}

show_run() {
	echo "--- stdout:"
	printf '%s\n' "$output"
	echo "--- stderr:"
	printf '%s\n' "${stderr:-}"
}

# assert_match TEXT REGEX: extended regex, with the text on failure.
assert_match() {
	if ! [[ $1 =~ $2 ]]; then
		printf 'expected to match /%s/:\n%s\n' "$2" "$1" >&2
		return 1
	fi
}

assert_no_match() {
	if [[ $1 =~ $2 ]]; then
		printf 'expected not to match /%s/:\n%s\n' "$2" "$1" >&2
		return 1
	fi
}

# assert_unchanged BEFORE: fingerprint is still BEFORE (a diff if not).
assert_unchanged() {
	local now
	now=$(fingerprint)
	if [ "$now" != "$1" ]; then
		echo "the database changed:" >&2
		diff -u <(printf '%s\n' "$1") <(printf '%s\n' "$now") >&2
		return 1
	fi
}

assert_eq() {
	if [ "$1" != "$2" ]; then
		printf 'expected: "%s"\n     got: "%s"\n' "$2" "$1" >&2
		return 1
	fi
}

# assert_error REGEX: stderr holds "migrator: error: ..." matching REGEX.
assert_error() {
	assert_match "${stderr:-}" "migrator: error: " || { show_run >&2; return 1; }
	assert_match "$stderr" "$1" || { show_run >&2; return 1; }
}

# copy_sample DEST GLOB...: a migrations directory holding the given files
# of the sample (globs relative to the sample).
copy_sample() {
	local dest=$1 f
	shift
	mkdir -p "$dest"
	for f in "$@"; do
		cp "$SAMPLE"/$f "$dest"/ || return 1
	done
}

# refute_table NAME [URL]: the table does not exist.  (A bare "! has_table"
# would not fail a bats test.)
refute_table() {
	if has_table "$@"; then
		echo "table $1 exists" >&2
		return 1
	fi
}

# verify's suites (verify.bats, verify_data.bats):
# fx NAME: the fixture project e2e_verify_NAME.
fx() {
	echo "$FIXTURES/e2e_verify_$1"
}

# mgv NAME ARGS: migrator on this test's database and fixture NAME.
mgv() {
	local name=$1
	shift
	"$MIGRATOR" -d "$DB_URL" -m "$(fx "$name")" "$@"
}
