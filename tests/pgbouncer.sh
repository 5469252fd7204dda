#!/bin/sh
# pgbouncer.sh - Debian's PgBouncer in front of the test cluster.
#
#   sh tests/pgbouncer.sh start DIR MODE   start pgbouncer (pool_mode MODE:
#                                          session or transaction) from DIR
#   sh tests/pgbouncer.sh port DIR         the port it listens on
#   sh tests/pgbouncer.sh stop DIR         stop it (DIR is left for the caller)
#
# The server is the one MIGRATOR_TEST_PG_URL names, reached as PGHOST and
# PGPORT say (tests/pg_cluster.sh env): a Unix socket directory, or a host.
# PgBouncer listens on 127.0.0.1 only, on a free port it finds by trying
# (a taken port makes it exit at once), with trust authentication for the
# role "migrator" (the cluster trusts its own socket); every database name
# goes to the server under the same name.  The pool holds 2 server
# connections per database: 8 clients in transaction pooling then share
# them, so a session-level lock would meet other clients' statements (the
# old design's "this session does not hold it" shows at once).  Its configuration, log and pid
# file stay in DIR.  As root it runs as the "postgres" system user (or
# "nobody"), because PgBouncer refuses to run as root; DIR is handed to it.
set -eu

die() {
	echo "pgbouncer.sh: $*" >&2
	exit 1
}

usage() {
	echo "usage: pgbouncer.sh start DIR session|transaction | port DIR | stop DIR" >&2
	exit 2
}

BIN=${PGBOUNCER:-/usr/sbin/pgbouncer}

run_user() {
	if [ "$(id -u)" -ne 0 ]; then
		id -un
	elif id postgres >/dev/null 2>&1; then
		echo postgres
	else
		echo nobody
	fi
}

start() {
	[ -x "$BIN" ] || die "no $BIN (install pgbouncer)"
	[ -n "${PGHOST:-}" ] && [ -n "${PGPORT:-}" ] ||
		die "PGHOST and PGPORT must name the test server (tests/pg_cluster.sh env)"
	user=$(run_user)
	[ "$(id -u)" -ne 0 ] || chown "$user" "$DIR"
	echo '"migrator" ""' >"$DIR/userlist.txt"
	tries=0
	while :; do
		r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		PORT=$((20000 + r % 30000))
		cat >"$DIR/pgbouncer.ini" <<-EOF
			[databases]
			* = host=$PGHOST port=$PGPORT
			[pgbouncer]
			listen_addr = 127.0.0.1
			listen_port = $PORT
			unix_socket_dir =
			auth_type = trust
			auth_file = $DIR/userlist.txt
			pool_mode = $MODE
			max_client_conn = 200
			default_pool_size = 2
			ignore_startup_parameters = extra_float_digits
			logfile = $DIR/pgbouncer.log
			pidfile = $DIR/pgbouncer.pid
		EOF
		rm -f "$DIR/pgbouncer.pid"
		if [ "$(id -u)" -eq 0 ]; then
			"$BIN" -q -d -u "$user" "$DIR/pgbouncer.ini" 2>>"$DIR/start.err" || true
		else
			"$BIN" -q -d "$DIR/pgbouncer.ini" 2>>"$DIR/start.err" || true
		fi
		# -d forks: wait for the pid file and a port that answers
		n=0
		while [ $n -lt 50 ]; do
			if [ -s "$DIR/pgbouncer.pid" ] &&
				kill -0 "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null &&
				pg_isready -q -h 127.0.0.1 -p "$PORT" -t 1 2>/dev/null; then
				echo "$PORT" >"$DIR/port"
				echo "$MODE" >"$DIR/mode"
				return 0
			fi
			n=$((n + 1))
			sleep 0.1
		done
		[ ! -s "$DIR/pgbouncer.pid" ] ||
			kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null || true
		tries=$((tries + 1))
		[ $tries -lt 10 ] ||
			{ cat "$DIR/start.err" "$DIR/pgbouncer.log" >&2 2>/dev/null; die "pgbouncer did not start"; }
	done
}

stop() {
	[ -s "$DIR/pgbouncer.pid" ] || return 0
	pid=$(cat "$DIR/pgbouncer.pid")
	kill "$pid" 2>/dev/null || return 0
	n=0
	while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do
		n=$((n + 1))
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

[ $# -ge 2 ] || usage
[ -d "$2" ] || die "$2 is not a directory"
DIR=$(cd "$2" && pwd -P)
case $1 in
start)
	[ $# -eq 3 ] || usage
	MODE=$3
	case $MODE in session | transaction) ;; *) usage ;; esac
	start
	;;
port) cat "$DIR/port" ;;
stop) stop ;;
*) usage ;;
esac
