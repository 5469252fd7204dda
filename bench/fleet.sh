#!/bin/bash
# fleet.sh [MIGRATOR] - fleets (issue 18): 500 tenant schemas x 20
# migrations of one PostgreSQL database, migrated by `upgrade --schemas`
# at -j 1, 2 and 4 against a shell loop of single runs (one `migrator
# upgrade head` per schema, its search_path and version table set by
# hand, as before fleets).  For each: the wall time and the most
# connections the server had to the database at once (pg_stat_activity,
# sampled every 20 ms from another database).  Prints a Markdown table.
#
# Every run starts from the same state: the database is made once and
# warmed by one untimed fleet run; before each timed run the tenant
# schemas are dropped, the catalogs vacuumed (as autovacuum would),
# the empty schemas made again and a checkpoint taken.  The modes take
# turns over FLEET_ROUNDS rounds (default 3; the order rotates) and the
# table shows each mode's median.  Why not a new database per run: its
# first CREATE TABLEs cost the server more than later ones (12% over
# 10,000 here), which favours whichever mode runs later.
#
# The server is a throwaway one (tests/pg_cluster.sh) with its data
# directory on tmpfs: FLEET_PGDIR, by default a new directory under
# /dev/shm (under TMPDIR where there is no /dev/shm).  Why not the disk:
# each reset deletes some 40,000 relation files, and ext4 without a
# journal (this build machine's root file system) then skips every inode
# deleted in the last 60 to 360 s when it allocates a new one, scanning
# its bitmaps for each file (fs/ext4/ialloc.c, recently_deleted()).
# perf put most of the server's CPU there, a CREATE TABLE cost 2.5 ms
# instead of 0.5 ms, and the runs measured the kernel, not the runner
# (bench/RESULTS.md, "Fleets, session 9").  FLEET_TENANTS, FLEET_REVS
# change the sizes, FLEET_MODES the modes (default "loop j1 j2 j4").
set -eu
mig=${1:-./migrator}
top=$(cd "$(dirname "$0")/.." && pwd)
tenants=${FLEET_TENANTS:-500} revs=${FLEET_REVS:-20}
db=mg_bench_fleet
work=$(mktemp -d)
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm=${TMPDIR:-/tmp}
pgdir=${FLEET_PGDIR:-$(mktemp -d "$shm/mg_fleet_pg.XXXXXX")}
sampler=
cleanup() {
	[ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
	sh "$top/tests/pg_cluster.sh" stop "$pgdir" >/dev/null 2>&1 || true
	[ -n "${FLEET_PGDIR:-}" ] || rm -rf "$pgdir"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
sh "$top/tests/pg_cluster.sh" start "$pgdir" >/dev/null
eval "$(sh "$top/tests/pg_cluster.sh" env "$pgdir")"
echo "fleet.sh: PostgreSQL $(psql -X -A -t -c 'SHOW server_version'), data in $pgdir ($(df --output=fstype "$pgdir" | tail -n 1))" >&2

# the binary a libtool wrapper wraps (the wrapper costs 10+ ms a call)
if head -c 4096 "$mig" | grep -q libtool && [ -x "$(dirname "$mig")/.libs/migrator" ]; then
	build=$(cd "$(dirname "$mig")" && pwd)
	export LD_LIBRARY_PATH="$build/core/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export MIGRATOR_PLUGIN_PATH="$build/backends/postgres/.libs"
	mig=$build/.libs/migrator
fi
case $MIGRATOR_TEST_PG_URL in *\?*) sep='&' ;; *) sep='?' ;; esac
url="${MIGRATOR_TEST_PG_URL}${sep}dbname=$db"

mkdir -p "$work/migs"
prev=
for ((i = 1; i <= revs; i++)); do
	id=$(printf 'f%011d' "$i")
	{
		echo "-- migrator:revision $id"
		[ -z "$prev" ] || echo "-- migrator:down_revision $prev"
		echo "-- migrator:message table $i"
		echo
		echo "-- migrator:upgrade"
		echo "CREATE TABLE t$i (id integer PRIMARY KEY, note text);"
		echo
		echo "-- migrator:downgrade"
		echo "DROP TABLE t$i;"
	} >"$work/migs/${id}_t$i.sql"
	prev=$id
done

psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" "$@"; }

make_db() {
	psql_ -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
	psql_ -c "SELECT format('CREATE SCHEMA tenant_%s;', lpad(g::text, 4, '0'))
		FROM generate_series(1, $tenants) g" >"$work/schemas.sql"
	psql_ -c "SELECT format('DROP SCHEMA tenant_%s CASCADE;', lpad(g::text, 4, '0'))
		FROM generate_series(1, $tenants) g" >"$work/drop.sql"
	psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/schemas.sql"
}

# the tenants empty again, the server in the same state for every run
reset_tenants() {
	PGOPTIONS="-c client_min_messages=warning" \
		psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/drop.sql"
	psql -X -q -v ON_ERROR_STOP=1 "$url" -c "VACUUM" -f "$work/schemas.sql" -c "CHECKPOINT"
}

# the most connections to $db seen while the sampler ran.  One psql
# session asks every 20 ms (\watch): a psql started per sample would cost
# more CPU than the runs it watches on a 2-core machine.
start_sampler() {
	: >"$work/samples"
	echo "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' \\watch 0.02" |
		psql -X -q -A -t "$MIGRATOR_TEST_PG_URL" >>"$work/samples" 2>/dev/null &
	sampler=$!
}
stop_sampler() {
	kill "$sampler" 2>/dev/null || true
	wait "$sampler" 2>/dev/null || true
	sampler=
	sort -n "$work/samples" | tail -n 1
}

now() { date +%s.%N; }

loop_run() {
	local s
	for s in $(psql -X -A -t "$url" -c "SELECT nspname FROM pg_namespace
			WHERE nspname LIKE 'tenant\_%' ORDER BY 1"); do
		"$mig" -d "${url}&options=-csearch_path%3D$s" -m "$work/migs" \
			--version-table "$s.migrator_version" -q upgrade head
	done
}

fleet_run() {
	"$mig" -d "$url" -m "$work/migs" upgrade --schemas 'tenant_*' -j "$1" -q head
}

modes=${FLEET_MODES:-loop j1 j2 j4}
rounds=${FLEET_ROUNDS:-3}
declare -A walls conns
make_db
fleet_run 2 # the untimed warm-up
for ((round = 0; round < rounds; round++)); do
	set -- $modes
	for ((k = 0; k < round % $#; k++)); do set -- "$@" "$1"; shift; done
	for mode in "$@"; do
		reset_tenants
		start_sampler
		t0=$(now)
		case $mode in
		loop) loop_run ;;
		j*) fleet_run "${mode#j}" ;;
		esac
		t1=$(now)
		c=$(stop_sampler)
		[ "${conns[$mode]:-0}" -ge "$c" ] || conns[$mode]=$c
		walls[$mode]="${walls[$mode]:-} $(echo "$t1 - $t0" | bc)"
		# every tenant at the head, each revision once
		check=$(psql -X -A -t "$url" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n
			ON n.oid = c.relnamespace WHERE n.nspname LIKE 'tenant\_%' AND c.relname = 'migrator_history'")
		[ "$check" = "$tenants" ] || { echo "fleet.sh: $mode left $check history tables of $tenants" >&2; exit 1; }
		echo "round $((round + 1)) $mode: $(echo "$t1 - $t0" | bc) s, at most $c connections" >&2
	done
done
psql_ -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"

echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs."
echo
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END {
	print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A wall
for mode in $modes; do wall[$mode]=$(echo "${walls[$mode]}" | median); done
echo "| run ($tenants schemas x $revs migrations) | wall s (median of $rounds) | runs s | vs loop | max connections |"
echo "| --- | ---: | --- | ---: | ---: |"
for mode in $modes; do
	case $mode in
	loop) label="shell loop of single runs" ;;
	*) label="upgrade --schemas -j ${mode#j}" ;;
	esac
	printf '| %s | %.1f | %s | %s | %s |\n' "$label" "${wall[$mode]}" \
		"$(printf '%.1f ' ${walls[$mode]})" \
		"$( [ -n "${wall[loop]:-}" ] && printf '%.2fx' "$(echo "${wall[loop]} / ${wall[$mode]}" | bc -l)" || echo -)" \
		"${conns[$mode]}"
done
