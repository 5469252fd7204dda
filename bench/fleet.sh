#!/bin/bash
# fleet.sh [MIGRATOR] - fleets (issue 18): 500 tenant schemas x 20
# migrations of one PostgreSQL database, migrated by `upgrade --schemas`
# at -j 1, 2 and 4 against a shell loop of single runs (one `migrator
# upgrade head` per schema, its search_path and version table set by
# hand, as before fleets).  For each: the wall time and the most
# connections the server had to the database at once (pg_stat_activity,
# sampled every 20 ms from another database).  Prints a Markdown table.
#
# Needs a server: MIGRATOR_TEST_PG_URL (tests/pg_cluster.sh env), a
# role that may create databases.  Creates and drops the database
# mg_bench_fleet.  FLEET_TENANTS, FLEET_REVS change
# the sizes.
set -eu
mig=${1:-./migrator}
[ -n "${MIGRATOR_TEST_PG_URL:-}" ] || { echo "fleet.sh: MIGRATOR_TEST_PG_URL is unset" >&2; exit 2; }
tenants=${FLEET_TENANTS:-500} revs=${FLEET_REVS:-20}
db=mg_bench_fleet
work=$(mktemp -d)
trap 'kill $sampler 2>/dev/null || true; rm -rf "$work"' EXIT
sampler=

# the binary a libtool wrapper wraps (the wrapper costs 10+ ms a call)
if head -c 4096 "$mig" | grep -q libtool && [ -x "$(dirname "$mig")/.libs/migrator" ]; then
	top=$(cd "$(dirname "$mig")" && pwd)
	export LD_LIBRARY_PATH="$top/core/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export MIGRATOR_PLUGIN_PATH="$top/backends/postgres/.libs"
	mig=$top/.libs/migrator
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

psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" "$@"; }

reset_db() {
	psql_ -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
	psql_ -c "SELECT format('CREATE SCHEMA tenant_%s;', lpad(g::text, 4, '0'))
		FROM generate_series(1, $tenants) g" >"$work/schemas.sql"
	psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/schemas.sql"
}

# the most connections to $db seen while the sampler ran
start_sampler() {
	: >"$work/samples"
	(while :; do
		psql_ -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db'" \
			>>"$work/samples" 2>/dev/null || true
		sleep 0.02
	done) &
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

declare -A wall conns
for mode in loop j1 j2 j4; do
	reset_db
	start_sampler
	t0=$(now)
	case $mode in
	loop) loop_run ;;
	j*) "$mig" -d "$url" -m "$work/migs" upgrade --schemas 'tenant_*' \
		-j "${mode#j}" -q head ;;
	esac
	t1=$(now)
	conns[$mode]=$(stop_sampler)
	wall[$mode]=$(echo "$t1 - $t0" | bc)
	# every tenant at the head, each revision once
	check=$(psql -X -A -t "$url" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n
		ON n.oid = c.relnamespace WHERE n.nspname LIKE 'tenant\_%' AND c.relname = 'migrator_history'")
	[ "$check" = "$tenants" ] || { echo "fleet.sh: $mode left $check history tables of $tenants" >&2; exit 1; }
	echo "$mode: ${wall[$mode]} s, at most ${conns[$mode]} connections" >&2
done
psql_ -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"

echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs."
echo
echo "| run ($tenants schemas x $revs migrations) | wall s | vs loop | max connections |"
echo "| --- | ---: | ---: | ---: |"
for mode in loop j1 j2 j4; do
	case $mode in
	loop) label="shell loop of single runs" ;;
	*) label="upgrade --schemas -j ${mode#j}" ;;
	esac
	printf '| %s | %.1f | %.2fx | %s |\n' "$label" "${wall[$mode]}" \
		"$(echo "${wall[loop]} / ${wall[$mode]}" | bc -l)" "${conns[$mode]}"
done
