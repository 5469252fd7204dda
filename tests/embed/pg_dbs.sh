# pg_dbs.sh - sourced by the PostgreSQL tests of tests/embed: throwaway
# databases on the server of MIGRATOR_TEST_PG_URL, as tests/e2e/helpers.bash
# makes them.

PG_DBS=

# pg_require WHAT: TAP failure (never a skip) when no server is given.
pg_require() {
	[ -n "${MIGRATOR_TEST_PG_URL:-}" ] && return 0
	echo "1..1"
	echo "not ok 1 - $1: MIGRATOR_TEST_PG_URL is unset"
	echo "# Start a server with tests/run-suite.sh (or set MIGRATOR_TEST_PG_URL),"
	echo "# or run the SQLite tests only: make check E2E_PG_TESTS="
	return 1
}

# pg_new_db VAR NAME: creates an empty database and sets VAR to its URL.
pg_new_db() {
	_name="mge_$2_$$"
	PGOPTIONS="-c client_min_messages=warning" \
		psql -X -q -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" \
		-c "DROP DATABASE IF EXISTS \"$_name\"" \
		-c "CREATE DATABASE \"$_name\"" >&2 || return 1
	PG_DBS="$PG_DBS $_name"
	# libpq: a later dbname parameter overrides the URI's path.
	case $MIGRATOR_TEST_PG_URL in
	*\?*) _sep='&' ;;
	*) _sep='?' ;;
	esac
	eval "$1=\"\${MIGRATOR_TEST_PG_URL}\${_sep}dbname=\$_name\""
}

# pg_drop_dbs: drops what pg_new_db created.
pg_drop_dbs() {
	for _name in $PG_DBS; do
		PGOPTIONS="-c client_min_messages=warning" \
			psql -X -q "$MIGRATOR_TEST_PG_URL" \
			-c "DROP DATABASE IF EXISTS \"$_name\" WITH (FORCE)" >&2
	done
	PG_DBS=
}
