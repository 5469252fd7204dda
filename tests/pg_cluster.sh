#!/bin/sh
# pg_cluster.sh - a throwaway PostgreSQL cluster for the tests.
#
#   sh tests/pg_cluster.sh start DIR   initdb in DIR/data and start a server
#   sh tests/pg_cluster.sh env DIR     print shell exports for it (eval them)
#   sh tests/pg_cluster.sh stop DIR    stop it (DIR is left for the caller)
#
# The server is the newest one installed under /usr/lib/postgresql (or
# pg_config's), unless PG_BINDIR names a directory holding initdb, pg_ctl
# and postgres of another build (tests/pg_matrix.sh runs the suites on
# each major that way).  psql and pg_isready come from there too when it
# has them, else from the installed PostgreSQL.  start records the
# directory in DIR/bindir, for stop.
#
# The server listens only on a Unix socket in DIR (listen_addresses=''), so
# nothing outside DIR can reach it and its port number only names the socket
# file.  It runs as an unprivileged user: as root, the "postgres" system user
# (or a "migrator-pg" user created on the spot); otherwise the caller.  DIR is
# handed to that user.  The superuser role "migrator" is what the tests use.
# fsync is off: the data is thrown away.  Each log line names its database
# (db=NAME), so a test can pick its own statements out of DIR/server.log.
set -eu

ROLE=migrator
DB=postgres

die() {
	echo "pg_cluster.sh: $*" >&2
	exit 1
}

usage() {
	echo "usage: pg_cluster.sh start|stop|env DIR" >&2
	exit 2
}

# The newest installed server; pg_config --bindir as a fallback.
find_bindir() {
	# The glob sorts 10 before 9: pick by number.
	best=$(for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] || continue
		v=${d#/usr/lib/postgresql/}
		echo "${v%/bin} $d"
	done | sort -n | tail -n 1 | cut -d' ' -f2-)
	if [ -z "$best" ] && command -v pg_config >/dev/null 2>&1; then
		best=$(pg_config --bindir)
	fi
	[ -n "$best" ] && [ -x "$best/initdb" ] ||
		die "no PostgreSQL server binaries found (install postgresql)"
	echo "$best"
}

# The user the server runs as.
server_user() {
	if [ "$(id -u)" -ne 0 ]; then
		id -un
	elif id postgres >/dev/null 2>&1; then
		echo postgres
	else
		id migrator-pg >/dev/null 2>&1 ||
			useradd --system --no-create-home --shell /usr/sbin/nologin \
				migrator-pg || die "cannot create the user migrator-pg"
		echo migrator-pg
	fi
}

# The server's binaries: PG_BINDIR or the installed ones; the clients'
# (psql, pg_isready): the same directory when it has them.
set_bindirs() {
	if [ -n "${PG_BINDIR:-}" ]; then
		for p in initdb pg_ctl postgres; do
			[ -x "$PG_BINDIR/$p" ] || die "PG_BINDIR=$PG_BINDIR has no $p"
		done
		BINDIR=$(cd "$PG_BINDIR" && pwd -P) || die "cannot read $PG_BINDIR"
	else
		BINDIR=$(find_bindir)
	fi
	if [ -x "$BINDIR/psql" ] && [ -x "$BINDIR/pg_isready" ]; then
		CLIENT_BINDIR=$BINDIR
	else
		CLIENT_BINDIR=$(find_bindir)
		[ -x "$CLIENT_BINDIR/psql" ] && [ -x "$CLIENT_BINDIR/pg_isready" ] ||
			die "no psql and pg_isready beside $BINDIR nor in $CLIENT_BINDIR (install postgresql-client)"
	fi
}

# Runs a command as the server user.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$USER_NAME" -- "$@"
	else
		"$@"
	fi
}

psql_admin() {
	as_user "$CLIENT_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" \
		-U postgres -d "$DB" "$@"
}

start() {
	[ -e "$DIR/data/PG_VERSION" ] && die "$DIR already holds a cluster"
	set_bindirs
	USER_NAME=$(server_user)
	if [ "$(id -u)" -eq 0 ]; then
		chown "$USER_NAME" "$DIR" || die "cannot hand $DIR to $USER_NAME"
	fi
	chmod 0700 "$DIR"
	# Every directory above PG_BINDIR must let that user through.
	as_user "$BINDIR/postgres" --version >/dev/null 2>&1 ||
		die "$USER_NAME cannot run $BINDIR/postgres"
	echo "$BINDIR" >"$DIR/bindir"
	as_user "$BINDIR/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 \
		--locale=C --no-sync >"$DIR/initdb.log" 2>&1 ||
		{ cat "$DIR/initdb.log" >&2; die "initdb failed"; }
	# Only our own socket file can clash, but a random port keeps a
	# mistakenly shared directory from two runs apart.
	tries=0
	while :; do
		r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		PORT=$((56000 + r % 1000))
		if as_user "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" \
			-w -t 60 -o "-c listen_addresses='' -k '$DIR' -p $PORT \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c log_line_prefix='%m [%p] db=%d '" \
			start >/dev/null; then
			break
		fi
		tries=$((tries + 1))
		[ "$tries" -lt 5 ] || { cat "$DIR/server.log" >&2; die "the server did not start"; }
	done
	echo "$PORT" >"$DIR/port"
	as_user "$CLIENT_BINDIR/pg_isready" -q -h "$DIR" -p "$PORT" -t 30 ||
		die "the server is not accepting connections"
	psql_admin -c "CREATE ROLE $ROLE SUPERUSER LOGIN" ||
		die "cannot create role $ROLE"
	# Kratos' migrations need these contrib extensions.
	n=$(psql_admin -At -c "SELECT count(*) FROM pg_available_extensions
		WHERE name IN ('pg_trgm', 'btree_gin')") || die "cannot query the server"
	[ "$n" = 2 ] || die "pg_trgm and btree_gin are not available (install postgresql-contrib)"
	echo "PostgreSQL $($BINDIR/postgres --version | sed 's/^[^0-9]*\([0-9.]*\).*/\1/') running as $USER_NAME on $DIR, port $PORT"
}

stop() {
	[ -e "$DIR/data/PG_VERSION" ] || die "$DIR holds no cluster"
	if [ -r "$DIR/bindir" ]; then
		BINDIR=$(cat "$DIR/bindir")
	else
		BINDIR=$(find_bindir)
	fi
	USER_NAME=$(stat -c %U "$DIR/data")
	if [ ! -e "$DIR/data/postmaster.pid" ]; then
		echo "pg_cluster.sh: the server in $DIR is not running" >&2
		return 0
	fi
	as_user "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
}

print_env() {
	[ -r "$DIR/port" ] || die "$DIR holds no running cluster (run start first)"
	PORT=$(cat "$DIR/port")
	echo "PGHOST='$DIR'; export PGHOST"
	echo "PGPORT='$PORT'; export PGPORT"
	echo "PGUSER='$ROLE'; export PGUSER"
	echo "PGDATABASE='$DB'; export PGDATABASE"
	echo "MIGRATOR_TEST_PG_URL='postgresql:///$DB?host=$DIR&port=$PORT&user=$ROLE'; export MIGRATOR_TEST_PG_URL"
}

[ $# -eq 2 ] || usage
[ -d "$2" ] || die "$2 is not a directory"
DIR=$(cd "$2" && pwd -P)
# DIR goes into a URL and shell exports unescaped: keep it plain.
case $DIR in
*[!A-Za-z0-9/._-]*) die "$DIR: use a directory path of letters, digits and /._- only" ;;
esac
# A Unix socket path is limited to 107 bytes.
[ ${#DIR} -le 80 ] || die "$DIR: path too long for a Unix socket directory"

case $1 in
start) start ;;
stop) stop ;;
env) print_env ;;
*) usage ;;
esac
