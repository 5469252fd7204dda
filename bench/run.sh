#!/bin/sh
# bench/run.sh - migrator against the raw engines (issue 6).
#
#   bench/run.sh [MIGRATOR]
#
# MIGRATOR is a built migrator, by default ./migrator at the top of a build
# tree.  A libtool wrapper script is replaced by the binary it wraps
# (.libs/migrator with LD_LIBRARY_PATH=core/.libs, plugins from
# backends/*/.libs), because the wrapper alone costs 10+ ms per call.  For an
# installed copy, set LD_LIBRARY_PATH and MIGRATOR_PLUGIN_PATH yourself.
#
# Builds nothing, installs nothing.  Starts a throwaway PostgreSQL
# (tests/pg_cluster.sh), generates the workloads under BENCH_WORK, measures
# with hyperfine (medians of BENCH_RUNS runs, a fresh database per run) and
# /usr/bin/time -v, prints a table and writes it to bench/RESULTS.md.  The
# hand-written part of RESULTS.md after the END_MARK line is kept.
#
# Peers (issue 19): dbmate (tests/peer_tools.sh, pinned) and Alembic
# (Debian's python3-alembic, run by /usr/bin/python3) on the same
# workloads and databases, in the same rounds as migrator and the raw
# client; their table is written to RESULTS.md too.
#
# BENCH_QUICK=1: a check that the script works, not a measurement: one
# run per measurement, W1 = 20, W2 = 100, G1 up to 10,000 revisions; the
# table goes to BENCH_WORK/RESULTS-quick.md unless BENCH_RESULTS says.
#
# Environment: BENCH_RUNS (5), BENCH_WORK (bench/work), BENCH_RESULTS
# (bench/RESULTS.md), KRATOS_CORPUS (tests/corpora/kratos in the
# repository), BENCH_G1 (sizes of the G1 graphs, "1000 10000 100000"),
# BENCH_W1 and BENCH_W2 (200 and 1000 migrations; smaller for a smoke test).
set -eu

die() {
	echo "bench/run.sh: $*" >&2
	exit 1
}

here=$(cd "$(dirname "$0")" && pwd -P)
top=$(dirname "$here")
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	RUNS=1
	: "${BENCH_W1:=20}" "${BENCH_W2:=100}" "${BENCH_G1:=1000 10000}"
else
	RUNS=${BENCH_RUNS:-5}
fi
WORK=${BENCH_WORK:-$here/work}
RESULTS=${BENCH_RESULTS:-$here/RESULTS.md}
# a quick run never replaces the measured results
[ "$QUICK" != 1 ] || RESULTS=${BENCH_RESULTS:-$WORK/RESULTS-quick.md}
KRATOS=${KRATOS_CORPUS:-$top/tests/corpora/kratos}
G1_SIZES=${BENCH_G1:-1000 10000 100000}
W1N=${BENCH_W1:-200}
W2N=${BENCH_W2:-1000}
END_MARK='<!-- end of generated results: text below this line is kept by bench/run.sh -->'
t_start=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# section NAME: prints "== NAME" and the time the previous section took;
# the durations go to RESULTS.md too (the budget is 15 minutes in all).
sections=
t_sec=$t_start
sec_name=
section() {
	now=$(date +%s)
	if [ -n "$sec_name" ]; then
		echo "   ($sec_name: $((now - t_sec)) s)"
		sections="$sections${sections:+, }$sec_name $((now - t_sec)) s"
	fi
	t_sec=$now
	sec_name=$2
	echo "== $1 [$((now - t_start)) s since the start]"
}

# ---- tools -------------------------------------------------------------
missing=
need() {
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need hyperfine hyperfine
need sqlite3 sqlite3
need psql postgresql-client
need jq jq
need awk mawk
/usr/bin/time -v true >/dev/null 2>&1 || missing="$missing time"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 ||
	command -v pg_config >/dev/null 2>&1 ||
	missing="$missing postgresql postgresql-contrib"
/usr/bin/python3 -c 'import alembic, psycopg2' >/dev/null 2>&1 ||
	missing="$missing python3-alembic python3-psycopg2"
[ -z "$missing" ] || die "missing tools: apt-get install$missing"
DBMATE=$(sh "$top/tests/peer_tools.sh" dbmate) ||
	die "no dbmate: sh tests/peer_tools.sh install"
ALEMBIC="/usr/bin/python3 -m alembic"
case $RUNS in
'' | *[!0-9]*) die "BENCH_RUNS must be a number" ;;
esac
[ "$RUNS" -ge 5 ] || [ "$QUICK" = 1 ] ||
	die "BENCH_RUNS must be at least 5 (medians of 5 runs)"

# ---- the migrator under test --------------------------------------------
mig=${1:-./migrator}
[ -f "$mig" ] && [ -x "$mig" ] || die "$mig: no migrator there (pass the path of a built migrator)"
mig=$(cd "$(dirname "$mig")" && pwd -P)/$(basename "$mig")
if head -c 2 "$mig" | grep -q '^#!' && grep -q libtool "$mig"; then
	bdir=$(dirname "$mig")
	real=$bdir/.libs/$(basename "$mig")
	[ -x "$real" ] || real=$bdir/.libs/lt-$(basename "$mig")
	[ -x "$real" ] || die "$mig is a libtool wrapper but $bdir/.libs holds no binary"
	mig=$real
	LD_LIBRARY_PATH=$bdir/core/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
	: "${MIGRATOR_PLUGIN_PATH:=$bdir/backends/sqlite/.libs:$bdir/backends/postgres/.libs}"
fi
[ -z "${MIGRATOR_PLUGIN_PATH:-}" ] || export MIGRATOR_PLUGIN_PATH
M=$mig
mig_version=$("$M" --version) || die "$M --version failed"

[ -d "$KRATOS/migrator" ] && [ -d "$KRATOS/baseline" ] ||
	die "$KRATOS: no Kratos corpus (set KRATOS_CORPUS)"
KRATOS=$(cd "$KRATOS" && pwd -P)

# Paths go unquoted into hyperfine command lines and a Unix socket path.
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd -P)
for p in "$WORK" "$M" "$KRATOS" "$DBMATE"; do
	case $p in
	*[!A-Za-z0-9/._@-]*) die "$p: use a path of letters, digits and /._@- only" ;;
	esac
done

# ---- workloads -----------------------------------------------------------
section "generating workloads in $WORK" "workloads"
rm -rf "$WORK/db" "$WORK/prep" "$WORK/json" "$WORK/pg"
mkdir -p "$WORK/db" "$WORK/prep" "$WORK/json" "$WORK/pg"
# The generators are deterministic: what a previous run left is reused.
for w in "w1 $W1N" "w2 $W2N"; do
	set -- $w
	[ -f "$WORK/$1/down.sql" ] && [ -d "$WORK/$1/migrations" ] &&
		[ "$(ls "$WORK/$1/migrations" | wc -l)" -eq "$2" ] &&
		[ "$(ls "$WORK/$1/dbmate" 2>/dev/null | wc -l)" -eq "$2" ] &&
		[ -f "$WORK/$1/alembic/env.py" ] ||
		sh "$here/gen_linear.sh" "$2" "$WORK/$1"
done
for n in $G1_SIZES; do
	[ -d "$WORK/g$n/migrations" ] &&
		[ "$(ls "$WORK/g$n/migrations" | wc -l)" -eq "$n" ] ||
		sh "$here/gen_graph.sh" "$n" "$WORK/g$n"
done
mkdir -p "$WORK/kratos"
# The same SQL the runner executes, stamp statements included: the limit
# for any runner that keeps a stamp table (kratos' baseline has none, and
# its empty migrations have no transaction at all).
"$M" -m "$KRATOS/migrator" -d sqlite:unused.db upgrade --sql head \
	>"$WORK/kratos/stamp.sqlite.sql"
"$M" -m "$KRATOS/migrator" -d postgresql:///unused upgrade --sql head \
	>"$WORK/kratos/stamp.postgres.sql"
# The issue's own baseline: the same SQL, one transaction per migration,
# no stamp (each stamp statement is one line naming the version table).
for be in sqlite postgres; do
	grep -v '"migrator_version"' "$WORK/kratos/stamp.$be.sql" \
		>"$WORK/kratos/txn.$be.sql"
done

# ---- PostgreSQL ----------------------------------------------------------
section "starting PostgreSQL" "PostgreSQL start"
cleanup() {
	sh "$top/tests/pg_cluster.sh" stop "$WORK/pg" >/dev/null 2>&1 || :
}
trap cleanup EXIT
trap 'exit 130' INT TERM
sh "$top/tests/pg_cluster.sh" start "$WORK/pg"
eval "$(sh "$top/tests/pg_cluster.sh" env "$WORK/pg")"
pg_version=$(psql -X -At -c 'SHOW server_version')
pgurl() {
	echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"
}
# dbmate and Alembic (SQLAlchemy) on the same server and files.
# dbm WORKLOAD URL ARGS: a dbmate command line; alem URL ARGS: Alembic's.
# The URL in double quotes: hyperfine removes them, and inside sh -c '...'
# they keep its & from the shell.
dbm() {
	echo "$DBMATE --no-dump-schema --migrations-dir $WORK/$1/dbmate --url \"$2\" $3"
}
dbm_pg() {
	echo "postgres://$PGUSER@localhost:$PGPORT/$1?socket=$PGHOST&sslmode=disable"
}
alem() {
	echo "env \"BENCH_ALEMBIC_URL=$2\" $ALEMBIC -c $WORK/$1/alembic/alembic.ini $3"
}
alem_pg() {
	echo "postgresql+psycopg2://$PGUSER@/$1?host=$PGHOST&port=$PGPORT"
}
PSQL="psql -X -q -v ON_ERROR_STOP=1"

# ---- measuring -----------------------------------------------------------
# hf KEY RUNS PREPARE COMMAND: one hyperfine benchmark (no shell: -N), its
# JSON in json/KEY.json.  PREPARE is a shell script body run before each
# timing run, or "-" for none.  A failing command stops the benchmark.
hf() {
	key=$1 runs=$2 prep=$3 cmd=$4
	set -- -N --style basic --runs "$runs" --export-json "$WORK/json/$key.json"
	if [ "$prep" != - ]; then
		printf 'set -e\n%s\n' "$prep" >"$WORK/prep/$key.sh"
		set -- "$@" --prepare "sh $WORK/prep/$key.sh"
	else
		set -- "$@" --warmup 1
	fi
	echo "-- $key"
	hyperfine "$@" "$cmd" >"$WORK/json/$key.out" 2>&1 ||
		{ cat "$WORK/json/$key.out" >&2; die "$key: hyperfine failed"; }
	grep -E 'Time|Range' "$WORK/json/$key.out"
}

# hf_alt RUNS KEY PREPARE COMMAND [KEY PREPARE COMMAND ...]: like hf for
# each KEY, but the commands take turns, one run each, RUNS rounds: the
# disk's fsync latency drifts over minutes on this VM, and back-to-back
# blocks of runs would hand that drift to the ratio.  Each run is an
# "hf KEY.runN 1 ...", and a KEY's runs are merged into json/KEY.json in
# hyperfine's format (times, median, mean user and system).
hf_alt() {
	rounds=$1 # not "runs": hf sets that
	shift
	ngroups=$(($# / 3))
	r=1
	while [ "$r" -le "$rounds" ]; do
		# one run of each group, rotating the arguments back to start
		i=0
		while [ "$i" -lt "$ngroups" ]; do
			hf "$1.run$r" 1 "$2" "$3"
			set -- "$@" "$1" "$2" "$3"
			shift 3
			i=$((i + 1))
		done
		r=$((r + 1))
	done
	while [ $# -ge 3 ]; do
		jq -s '[.[].results[0]] as $r
			| ($r | map(.times[]) | sort) as $t
			| {results: [{command: $r[0].command, times: $t,
				median: (if ($t | length) % 2 == 1
					then $t[($t | length - 1) / 2]
					else ($t[($t | length) / 2 - 1] + $t[($t | length) / 2]) / 2 end),
				user: ($r | map(.user) | add / length),
				system: ($r | map(.system) | add / length)}]}' \
			"$WORK/json/$1".run*.json >"$WORK/json/$1.json" ||
			die "$1: cannot merge its runs"
		rm -f "$WORK/json/$1".run*.json "$WORK/json/$1".run*.out \
			"$WORK/prep/$1".run*.sh
		printf -- '-- %s: median %s ms of %s runs (taking turns)\n' "$1" \
			"$(median "$1")" "$rounds"
		shift 3
	done
}

# median KEY: the median of a benchmark, in milliseconds.
median() {
	jq -r '.results[0].median * 1000' "$WORK/json/$1.json"
}

# cpu KEY: mean user + system CPU time of a benchmark, in milliseconds (the
# client's only: a PostgreSQL server's work is not in it).
cpu() {
	jq -r '(.results[0].user + .results[0].system) * 1000' "$WORK/json/$1.json"
}

# check_sqlite DB N: DB holds N tables named t...
check_sqlite() {
	got=$(sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 't0%'")
	[ "$got" = "$2" ] || die "$1 holds $got workload tables, expected $2"
}

check_pg() {
	got=$(psql -X -At -d "$1" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't0%'")
	[ "$got" = "$2" ] || die "database $1 holds $got workload tables, expected $2"
}

fresh_sqlite() {
	echo "rm -f $1 $1-journal $1-wal $1-shm"
}

fresh_pg() {
	echo "psql -X -q -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS $1' -c 'CREATE DATABASE $1${2:+ TEMPLATE $2}'"
}

db=$WORK/db
section "full upgrade from empty, full downgrade to base" "W1/W2"
for w in w1 w2; do
	n=$(ls "$WORK/$w/migrations" | wc -l)
	hf_alt "$RUNS" \
		"${w}_up_sqlite_mig" "$(fresh_sqlite "$db/$w.db")" \
		"$M -q -m $WORK/$w/migrations -d sqlite:$db/$w.db upgrade head" \
		"${w}_up_sqlite_raw" "$(fresh_sqlite "$db/${w}raw.db")" \
		"sh -c 'sqlite3 -bail $db/${w}raw.db < $WORK/$w/up.sql'" \
		"${w}_up_sqlite_dbm" "$(fresh_sqlite "$db/${w}dbm.db")" \
		"$(dbm "$w" "sqlite:$db/${w}dbm.db" up)" \
		"${w}_up_sqlite_alem" "$(fresh_sqlite "$db/${w}alem.db")" \
		"$(alem "$w" "sqlite:///$db/${w}alem.db" "upgrade head")"
	for t in "$w" "${w}raw" "${w}dbm" "${w}alem"; do
		check_sqlite "$db/$t.db" "$n"
	done
	hf_alt "$RUNS" \
		"${w}_up_pg_mig" "$(fresh_pg "$w")" \
		"$M -q -m $WORK/$w/migrations -d $(pgurl "$w") upgrade head" \
		"${w}_up_pg_raw" "$(fresh_pg "${w}raw")" \
		"$PSQL -d ${w}raw -f $WORK/$w/up.sql" \
		"${w}_up_pg_dbm" "$(fresh_pg "${w}dbm")" \
		"$(dbm "$w" "$(dbm_pg "${w}dbm")" up)" \
		"${w}_up_pg_alem" "$(fresh_pg "${w}alem")" \
		"$(alem "$w" "$(alem_pg "${w}alem")" "upgrade head")"
	for t in "$w" "${w}raw" "${w}dbm" "${w}alem"; do
		check_pg "$t" "$n"
	done
done

# Downgrade W1 from a copy of the upgraded database (each tool's own: the
# peers keep their own version tables).  dbmate rolls back one migration
# per call: the loop is what a user would run.
for t in w1 w1dbm w1alem; do
	cp "$db/$t.db" "$db/${t}tpl.db"
	psql -X -q -c "CREATE DATABASE ${t}tpl TEMPLATE $t"
done
hf_alt "$RUNS" \
	w1_down_sqlite_mig "$(fresh_sqlite "$db/w1d.db"); cp $db/w1tpl.db $db/w1d.db" \
	"$M -q -m $WORK/w1/migrations -d sqlite:$db/w1d.db downgrade base" \
	w1_down_sqlite_raw "$(fresh_sqlite "$db/w1draw.db"); cp $db/w1tpl.db $db/w1draw.db" \
	"sh -c 'sqlite3 -bail $db/w1draw.db < $WORK/w1/down.sql'" \
	w1_down_sqlite_dbm "$(fresh_sqlite "$db/w1ddbm.db"); cp $db/w1dbmtpl.db $db/w1ddbm.db" \
	"sh -c 'for i in \$(seq $W1N); do $(dbm w1 "sqlite:$db/w1ddbm.db" rollback) >/dev/null || exit 1; done'" \
	w1_down_sqlite_alem "$(fresh_sqlite "$db/w1dalem.db"); cp $db/w1alemtpl.db $db/w1dalem.db" \
	"$(alem w1 "sqlite:///$db/w1dalem.db" "downgrade base")"
for t in w1d w1draw w1ddbm w1dalem; do
	check_sqlite "$db/$t.db" 0
done
hf_alt "$RUNS" \
	w1_down_pg_mig "$(fresh_pg w1d w1tpl)" \
	"$M -q -m $WORK/w1/migrations -d $(pgurl w1d) downgrade base" \
	w1_down_pg_raw "$(fresh_pg w1draw w1tpl)" \
	"$PSQL -d w1draw -f $WORK/w1/down.sql" \
	w1_down_pg_dbm "$(fresh_pg w1ddbm w1dbmtpl)" \
	"sh -c 'for i in \$(seq $W1N); do $(dbm w1 "$(dbm_pg w1ddbm)" rollback) >/dev/null || exit 1; done'" \
	w1_down_pg_alem "$(fresh_pg w1dalem w1alemtpl)" \
	"$(alem w1 "$(alem_pg w1dalem)" "downgrade base")"
for t in w1d w1draw w1ddbm w1dalem; do
	check_pg "$t" 0
done

section "Kratos ($(ls "$KRATOS/migrator" | wc -l) migrations)" "Kratos"
hf_alt "$RUNS" \
	kratos_up_sqlite_mig "$(fresh_sqlite "$db/k.db")" \
	"$M -q -m $KRATOS/migrator -d sqlite:$db/k.db upgrade head" \
	kratos_up_sqlite_raw "$(fresh_sqlite "$db/kraw.db")" \
	"sh -c 'sqlite3 -bail $db/kraw.db < $KRATOS/baseline/all.sqlite3.up.sql'" \
	kratos_up_sqlite_stamp "$(fresh_sqlite "$db/kst.db")" \
	"sh -c 'sqlite3 -bail $db/kst.db < $WORK/kratos/stamp.sqlite.sql'" \
	kratos_up_sqlite_txn "$(fresh_sqlite "$db/ktx.db")" \
	"sh -c 'sqlite3 -bail $db/ktx.db < $WORK/kratos/txn.sqlite.sql'"
hf_alt "$RUNS" \
	kratos_up_pg_mig "$(fresh_pg k)" \
	"$M -q -m $KRATOS/migrator -d $(pgurl k) upgrade head" \
	kratos_up_pg_raw "$(fresh_pg kraw)" \
	"$PSQL -d kraw -f $KRATOS/baseline/all.postgres.up.sql" \
	kratos_up_pg_stamp "$(fresh_pg kst)" \
	"$PSQL -d kst -f $WORK/kratos/stamp.postgres.sql" \
	kratos_up_pg_txn "$(fresh_pg ktx)" \
	"$PSQL -d ktx -f $WORK/kratos/txn.postgres.sql"
# The four ways must reach the same schema.
for t in k kraw kst ktx; do
	# the runner's own tables (stamp, run history) are not counted
	sqlite3 "$db/$t.db" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrator_version', 'migrator_history')" >"$WORK/kratos/$t.sqlite.n"
	psql -X -At -d "$t" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrator_version', 'migrator_history')" >"$WORK/kratos/$t.pg.n"
done
for be in sqlite pg; do
	a=$(cat "$WORK/kratos/k.$be.n") b=$(cat "$WORK/kratos/kraw.$be.n")
	[ "$a" -eq "$b" ] || die "kratos on $be: $a tables after migrator, $b after the raw client"
	c=$(cat "$WORK/kratos/kst.$be.n")
	[ "$a" -eq "$c" ] || die "kratos on $be: $a tables after migrator, $c after its offline SQL"
	c=$(cat "$WORK/kratos/ktx.$be.n")
	[ "$a" -eq "$c" ] || die "kratos on $be: $a tables after migrator, $c after its SQL without stamp"
done

section "no-op upgrade head at head (W2, $W2N revisions)" "no-op"
NOOP_RUNS=$((RUNS * 4))
[ "$QUICK" != 1 ] || NOOP_RUNS=2
hf w2_noop_sqlite_mig "$NOOP_RUNS" - \
	"$M -q -m $WORK/w2/migrations -d sqlite:$db/w2.db upgrade head"
hf w2_noop_sqlite_raw "$NOOP_RUNS" - "sqlite3 $db/w2.db 'select 1'"
hf w2_noop_pg_mig "$NOOP_RUNS" - \
	"$M -q -m $WORK/w2/migrations -d $(pgurl w2) upgrade head"
hf w2_noop_pg_raw "$NOOP_RUNS" - "psql -X -q -d w2 -c 'select 1'"
# What no runner can skip: reading the stamp.  On SQLite that is the first
# statement to touch a table, so it loads the whole schema, which 'select 1'
# never does.
hf w2_noop_sqlite_stamp "$NOOP_RUNS" - \
	"sqlite3 $db/w2.db 'SELECT version_num FROM migrator_version'"
hf w2_noop_pg_stamp "$NOOP_RUNS" - \
	"psql -X -q -d w2 -c 'SELECT version_num FROM migrator_version'"
# the peers at their own head (Alembic reads 1000 Python files: RUNS)
hf w2_noop_sqlite_dbm "$NOOP_RUNS" - "$(dbm w2 "sqlite:$db/w2dbm.db" up)"
hf w2_noop_pg_dbm "$NOOP_RUNS" - "$(dbm w2 "$(dbm_pg w2dbm)" up)"
hf w2_noop_sqlite_alem "$RUNS" - \
	"$(alem w2 "sqlite:///$db/w2alem.db" "upgrade head")"
hf w2_noop_pg_alem "$RUNS" - "$(alem w2 "$(alem_pg w2alem)" "upgrade head")"

section "G1 graphs: heads and history" "G1"
for n in $G1_SIZES; do
	for c in heads history; do
		# first the peak RSS and output check, which also warms the cache
		/usr/bin/time -v "$M" -m "$WORK/g$n/migrations" "$c" \
			>"$WORK/json/g${n}_$c.stdout" 2>"$WORK/json/g${n}_$c.time" ||
			die "$c on g$n failed: $(cat "$WORK/json/g${n}_$c.time")"
		awk '/Maximum resident set size/ { print $NF }' \
			"$WORK/json/g${n}_$c.time" >"$WORK/json/g${n}_$c.rss"
		hf "g${n}_$c" "$RUNS" "true" "$M -m $WORK/g$n/migrations $c"
	done
	# one head: the last revision; history lists every revision
	h=$(wc -l <"$WORK/json/g${n}_heads.stdout")
	[ "$h" -eq 1 ] || die "g$n: $h heads, expected 1"
	h=$(wc -l <"$WORK/json/g${n}_history.stdout")
	[ "$h" -eq "$n" ] || die "g$n: history lists $h revisions, expected $n"
done

section "statements per migration (log_statement=all)" "statements"
LOG=$WORK/pg/server.log
# stmts LABEL DB COMMAND...: runs the command against DB with every
# statement logged; the logged statements go to json/LABEL.stmts, one a
# line (first line of each), and their count is printed.
stmts() {
	label=$1 sdb=$2
	shift 2
	psql -X -q -c "ALTER DATABASE $sdb SET log_statement = 'all'"
	off=$(wc -c <"$LOG")
	"$@" >/dev/null
	sleep 0.5 # the server writes its log asynchronously to us
	tail -c +$((off + 1)) "$LOG" |
		sed -n 's/^.* LOG:  \(statement\|execute [^:]*\): //p' |
		sed 's/[; ]*$//' >"$WORK/json/$label.stmts"
	psql -X -q -c "ALTER DATABASE $sdb RESET log_statement"
	wc -l <"$WORK/json/$label.stmts"
}
eval "$(fresh_pg s1)"
eval "$(fresh_pg s2)"
st_raw=$(stmts raw_up s1 $PSQL -d s1 -f "$WORK/w1/up.sql")
st_up=$(stmts mig_up s2 "$M" -q -m "$WORK/w1/migrations" -d "$(pgurl s2)" upgrade head)
st_noop=$(stmts mig_noop s2 "$M" -q -m "$WORK/w1/migrations" -d "$(pgurl s2)" upgrade head)
st_down=$(stmts mig_down s2 "$M" -q -m "$WORK/w1/migrations" -d "$(pgurl s2)" downgrade base)
st_rawdown=$(stmts raw_down s1 $PSQL -d s1 -f "$WORK/w1/down.sql")
# What the runner sent that the raw client did not, with counts.
extra() {
	awk 'NR == FNR { raw[$0]++; next }
		{ if (raw[$0] > 0) raw[$0]--; else extra[$0]++ }
		END { for (s in extra) printf "%6d  %s\n", extra[s], substr(s, 1, 110) }' \
		"$WORK/json/$1.stmts" "$WORK/json/$2.stmts" |
		sed 's/\x27[0-9a-f]\{12\}\x27/'"'"'<rev>'"'"'/g' |
		awk '{ n = $1; $1 = ""; c[$0] += n } END { for (s in c) printf "%6d %s\n", c[s], s }' |
		sort -rn | head -n 30
}
extra raw_up mig_up >"$WORK/json/extra_up.txt"
extra raw_down mig_down >"$WORK/json/extra_down.txt"
sort "$WORK/json/mig_noop.stmts" | uniq -c | sort -rn >"$WORK/json/extra_noop.txt"

# ---- the table -----------------------------------------------------------
section "writing $RESULTS" -
t_end=$(date +%s)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
fmt_ms() {
	awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f", v; else printf "%.1f", v }'
}
# row LABEL MIG RAW TARGET: a table row with the ratio, whether it holds,
# and the client CPU times with their ratio.
row() {
	m=$(median "$2") r=$(median "$3") mc=$(cpu "$2") rc=$(cpu "$3")
	awk -v l="$1" -v m="$m" -v r="$r" -v t="$4" -v mf="$(fmt_ms "$m")" -v rf="$(fmt_ms "$r")" \
		-v mc="$mc" -v rc="$rc" -v mcf="$(fmt_ms "$mc")" -v rcf="$(fmt_ms "$rc")" 'BEGIN {
		q = m / r
		if (t == "-") v = "-"; else v = (q <= t) ? "yes" : sprintf("no (%+.0f%%)", (q / t - 1) * 100)
		printf "| %s | %s | %s | %.2f | %s | %s | %s / %s | %.2f |\n", l, mf, rf, q,
			(t == "-") ? "-" : "<= " t, v, mcf, rcf, (rc > 0) ? mc / rc : 0
	}'
}
# peer_row LABEL KEY: raw, migrator, dbmate and Alembic (KEY_raw, _mig,
# _dbm, _alem), each with its ratio to raw, and which runner was fastest.
peer_row() {
	awk -v l="$1" -v r="$(median "$2_raw")" -v m="$(median "$2_mig")" \
		-v b="$(median "$2_dbm")" -v a="$(median "$2_alem")" '
	function f(v) { return (v >= 100) ? sprintf("%.0f", v) : sprintf("%.1f", v) }
	BEGIN {
		best = "migrator"; bv = m
		if (b < bv) { best = "dbmate"; bv = b }
		if (a < bv) { best = "Alembic"; bv = a }
		printf "| %s | %s | %s (%.2fx) | %s (%.2fx) | %s (%.2fx) | %s |\n", l, f(r),
			f(m), m / r, f(b), b / r, f(a), a / r, best
	}'
}
gmed() {
	fmt_ms "$(median "g$1_$2")"
}
mb() {
	awk -v k="$(cat "$WORK/json/g$1_$2.rss")" 'BEGIN { printf "%.1f", k / 1024 }'
}
ncpu=$(nproc)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memg=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
sq_version=$(sqlite3 --version | cut -d' ' -f1)
hf_version=$(hyperfine --version | cut -d' ' -f2)
nk=$(ls "$KRATOS/migrator" | wc -l)
g_last=$(echo $G1_SIZES | awk '{ print $NF }')
g_prev=$(echo $G1_SIZES | awk '{ print (NF > 1) ? $(NF - 1) : $NF }')

{
	echo "# migrator benchmark results"
	echo
	echo "Generated by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), in $((t_end - t_start)) s"
	echo "($sections)."
	echo "Load average (1, 5, 15 min) at the start: $load_start; at the end: $load_end."
	echo
	echo "- machine: $ncpu CPUs ($cpu), $memg RAM, $(uname -sr)"
	echo "- versions: $mig_version, SQLite $sq_version, PostgreSQL $pg_version, hyperfine $hf_version"
	echo "- binary: \`$M\` (not the libtool wrapper)"
	[ "$QUICK" != 1 ] || echo "- **BENCH_QUICK=1: a check that the script works, one run each, small workloads: not a measurement**"
	echo "- medians of $RUNS runs ($NOOP_RUNS for the no-op rows), times in ms; a fresh database per run"
	echo "  (hyperfine --prepare); the runs of the rows compared with each other take turns (migrator, raw,"
	echo "  migrator, raw, ...), so that a drift of the disk's speed does not favour either side."
	echo "  PostgreSQL is the throwaway server of tests/pg_cluster.sh (Unix socket,"
	echo "  fsync=off, synchronous_commit=off); SQLite files are on the build machine's disk, default settings."
	echo
	echo "## migrator against the raw client"
	echo
	echo "raw = \`sqlite3 FILE < up.sql\` / \`psql -X -q -f up.sql\` on the same SQL with one BEGIN/COMMIT per"
	echo "migration; for the no-op rows raw = \`sqlite3 FILE 'select 1'\` / \`psql -c 'select 1'\`."
	echo "Times are wall-clock medians; \"CPU\" is the client's mean user + system time (not the"
	echo "PostgreSQL server's), steadier than wall time when other work shares the machine."
	echo
	echo "| run | migrator | raw | ratio | target | holds | CPU migrator / raw | CPU ratio |"
	echo "| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |"
	row "W1 upgrade $W1N, SQLite" w1_up_sqlite_mig w1_up_sqlite_raw -
	row "W1 upgrade $W1N, PostgreSQL" w1_up_pg_mig w1_up_pg_raw -
	row "W1 downgrade base, SQLite" w1_down_sqlite_mig w1_down_sqlite_raw 1.15
	row "W1 downgrade base, PostgreSQL" w1_down_pg_mig w1_down_pg_raw 1.15
	row "W2 upgrade $W2N, SQLite" w2_up_sqlite_mig w2_up_sqlite_raw 1.10
	row "W2 upgrade $W2N, PostgreSQL" w2_up_pg_mig w2_up_pg_raw 1.10
	row "Kratos upgrade $nk, SQLite" kratos_up_sqlite_mig kratos_up_sqlite_raw 1.10
	row "Kratos upgrade $nk, PostgreSQL" kratos_up_pg_mig kratos_up_pg_raw 1.10
	row "W2 no-op upgrade head, SQLite" w2_noop_sqlite_mig w2_noop_sqlite_raw 1.5
	row "W2 no-op upgrade head, PostgreSQL" w2_noop_pg_mig w2_noop_pg_raw 1.5
	echo
	echo "## Peers: dbmate and Alembic (issue 19)"
	echo
	echo "The same workloads, databases and rounds (the four commands of a row take turns); wall-clock"
	echo "medians in ms and the ratio to the raw client. dbmate $("$DBMATE" --version | cut -d' ' -f3)"
	echo "(one transaction per migration; it keeps no run history and checks no foreign keys; its"
	echo "downgrade is \`dbmate rollback\` once per migration, as it rolls back one at a time), Alembic"
	echo "$($ALEMBIC --version | cut -d' ' -f2) with SQLAlchemy (env.py: \`transaction_per_migration=True\`; one"
	echo "\`op.execute\` per statement; on SQLite, pysqlite runs DDL outside the transaction). No-op rows:"
	echo "raw is \`select 1\`."
	echo
	echo "| run | raw | migrator | dbmate | Alembic | fastest runner |"
	echo "| --- | ---: | ---: | ---: | ---: | --- |"
	peer_row "SQLite W2 upgrade ($W2N)" w2_up_sqlite
	peer_row "SQLite W1 upgrade ($W1N)" w1_up_sqlite
	peer_row "PostgreSQL W2 upgrade ($W2N)" w2_up_pg
	peer_row "PostgreSQL W1 upgrade ($W1N)" w1_up_pg
	peer_row "SQLite no-op at W2" w2_noop_sqlite
	peer_row "PostgreSQL no-op at W2" w2_noop_pg
	peer_row "SQLite W1 downgrade to base" w1_down_sqlite
	peer_row "PostgreSQL W1 downgrade to base" w1_down_pg
	echo
	awk -v m1="$(median w1_up_sqlite_mig)" -v m2="$(median w2_up_sqlite_mig)" \
		-v r1="$(median w1_up_sqlite_raw)" -v r2="$(median w2_up_sqlite_raw)" \
		-v p1="$(median w1_up_pg_mig)" -v p2="$(median w2_up_pg_mig)" \
		-v q1="$(median w1_up_pg_raw)" -v q2="$(median w2_up_pg_raw)" \
		-v n1="$W1N" -v n2="$W2N" 'BEGIN {
		gm = (m2 / n2) / (m1 / n1); gr = (r2 / n2) / (r1 / n1)
		hm = (p2 / n2) / (p1 / n1); hr = (q2 / n2) / (q1 / n1)
		printf "Per-migration cost from W1 to W2, (t(W2) / %d) / (t(W1) / %d): SQLite migrator %.2f, raw %.2f (%+.0f%%, target <= +5%%); PostgreSQL migrator %.2f, raw %.2f (%+.0f%%).\n",
			n2, n1, gm, gr, (gm / gr - 1) * 100, hm, hr, (hm / hr - 1) * 100
	}'
	echo
	echo "Kratos's own baseline (the rows above) wraps only its non-empty migrations in BEGIN/COMMIT"
	echo "and keeps no stamp.  Two more baselines, both from \`migrator upgrade --sql head\` fed to the"
	echo "raw client: \"one transaction per migration\" (its stamp statements removed: the issue's"
	echo "definition of raw) and \"raw + stamp\" (the limit for any runner that keeps a stamp table;"
	echo "migrator also writes a run-history row per migration, which neither baseline has)."
	echo
	echo "| run | migrator | baseline | ratio | target | holds | CPU migrator / raw | CPU ratio |"
	echo "| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |"
	row "Kratos $nk, SQLite, one transaction per migration" kratos_up_sqlite_mig kratos_up_sqlite_txn 1.10
	row "Kratos $nk, PostgreSQL, one transaction per migration" kratos_up_pg_mig kratos_up_pg_txn 1.10
	row "Kratos $nk, SQLite, raw + stamp" kratos_up_sqlite_mig kratos_up_sqlite_stamp 1.10
	row "Kratos $nk, PostgreSQL, raw + stamp" kratos_up_pg_mig kratos_up_pg_stamp 1.10
	echo
	echo "The no-op rows against the raw client reading the stamp table (\`SELECT version_num FROM"
	echo "migrator_version\`), which a runner cannot skip; on SQLite it loads the whole schema."
	echo
	echo "| run | migrator | raw stamp read | ratio | target | holds | CPU migrator / raw | CPU ratio |"
	echo "| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |"
	row "W2 no-op upgrade head, SQLite" w2_noop_sqlite_mig w2_noop_sqlite_stamp 1.5
	row "W2 no-op upgrade head, PostgreSQL" w2_noop_pg_mig w2_noop_pg_stamp 1.5
	echo
	echo "## G1 graphs: \`heads\` and \`history\`"
	echo
	echo "| revisions | heads ms | heads CPU ms | history ms | history CPU ms | heads peak RSS MB | history peak RSS MB |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for n in $G1_SIZES; do
		echo "| $n | $(gmed "$n" heads) | $(fmt_ms "$(cpu "g${n}_heads")") | $(gmed "$n" history) | $(fmt_ms "$(cpu "g${n}_history")") | $(mb "$n" heads) | $(mb "$n" history) |"
	done
	echo
	for c in heads history; do
		awk -v c="$c" -v a="$g_last" -v b="$g_prev" -v ta="$(median "g${g_last}_$c")" \
			-v tb="$(median "g${g_prev}_$c")" -v ca="$(cpu "g${g_last}_$c")" -v cb="$(cpu "g${g_prev}_$c")" \
			-v rss="$(cat "$WORK/json/g${g_last}_$c.rss")" 'BEGIN {
			q = ta / tb; qc = ca / cb
			printf "- `%s`: t(%d)/t(%d) = %.1f wall, %.1f CPU (target <= 12: %s / %s); %d revisions in %.0f ms wall, %.0f ms CPU (target < 1000: %s / %s); peak RSS %.1f MB (target < 100: %s)\n",
				c, a, b, q, qc, (q <= 12) ? "holds" : "does not hold", (qc <= 12) ? "holds" : "does not hold",
				a, ta, ca, (ta < 1000) ? "holds" : "does not hold", (ca < 1000) ? "holds" : "does not hold",
				rss / 1024, (rss < 102400) ? "holds" : "does not hold"
		}'
	done
	echo
	echo "## Statements per migration (PostgreSQL log_statement=all, W1: $W1N migrations)"
	echo
	echo "Each migration's own SQL is BEGIN, 12 statements, COMMIT: 14 statements, as psql sends them."
	echo
	awk -v n="$W1N" -v raw="$st_raw" -v up="$st_up" -v noop="$st_noop" -v down="$st_down" -v rawdown="$st_rawdown" 'BEGIN {
		printf "| run | statements logged | per migration | beyond the raw client, per migration |\n"
		printf "| --- | ---: | ---: | ---: |\n"
		printf "| psql -f up.sql | %d | %.2f | - |\n", raw, raw / n
		printf "| migrator upgrade head | %d | %.2f | %.2f |\n", up, up / n, (up - raw - noop) / n
		printf "| migrator upgrade head at head (no-op) | %d | - | (fixed cost of a run: %d) |\n", noop, noop
		printf "| psql -f down.sql | %d | %.2f | - |\n", rawdown, rawdown / n
		printf "| migrator downgrade base | %d | %.2f | %.2f |\n", down, down / n, (down - rawdown - noop) / n
	}'
	echo
	echo "\"Beyond\" subtracts the raw client's statements and a no-op run's fixed cost. Statements the"
	echo "runner sent that the raw client did not (revision IDs replaced by <rev>):"
	echo
	echo "upgrade head from empty:"
	echo '```'
	cat "$WORK/json/extra_up.txt"
	echo '```'
	echo "upgrade head at head (no-op):"
	echo '```'
	cat "$WORK/json/extra_noop.txt"
	echo '```'
	echo "downgrade base:"
	echo '```'
	cat "$WORK/json/extra_down.txt"
	echo '```'
	echo
	echo "$END_MARK"
} >"$WORK/results.md"

# Keep the hand-written analysis that follows the marker.
if [ -f "$RESULTS" ] && grep -qF "$END_MARK" "$RESULTS"; then
	awk -v m="$END_MARK" 'found { print } $0 == m { found = 1 }' "$RESULTS" >>"$WORK/results.md"
fi
cp "$WORK/results.md" "$RESULTS"
echo
awk -v m="$END_MARK" '$0 == m { exit } { print }' "$WORK/results.md"
echo "written to $RESULTS"
echo "bench/run.sh took $((t_end - t_start)) s ($sections)"
