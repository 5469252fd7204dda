#!/bin/sh
# bench/profile.sh - where migrator's own time goes (issue 6, "profile").
#
#   bench/profile.sh [MIGRATOR]
#
# Runs, under valgrind --tool=callgrind (instruction counts: stable on a
# noisy machine), the two runs the targets are hardest on:
#   noop   upgrade head on a SQLite database already at head, W2 (1000)
#   heads  heads on the G1 graph of 100,000 revisions
#   kratos the Kratos corpus' full upgrade on SQLite (where the CPU goes
#          beyond the SQL: the driver's per-commit work)
#   growth (issue 19) instructions per migration of the W1 and W2 upgrades
#          on SQLite, migrator's and the raw client's, and 20 migrations
#          beside a 100,000-row child table (the foreign key check)
# and prints the top functions (self and inclusive) of each, plus a
# strace -c syscall summary of both, which shows the I/O pattern.  The
# callgrind files stay in BENCH_WORK/profile for callgrind_annotate or
# kcachegrind.  MIGRATOR is resolved as in run.sh (libtool wrapper ->
# .libs binary).  Workloads are generated if run.sh has not left them.
set -eu

die() {
	echo "bench/profile.sh: $*" >&2
	exit 1
}

here=$(cd "$(dirname "$0")" && pwd -P)
WORK=${BENCH_WORK:-$here/work}
G=${BENCH_PROFILE_G1:-100000}
TOP=${BENCH_PROFILE_TOP:-15}

for t in valgrind callgrind_annotate strace; do
	command -v "$t" >/dev/null 2>&1 || die "missing $t: apt-get install valgrind strace"
done

mig=${1:-./migrator}
[ -f "$mig" ] && [ -x "$mig" ] || die "$mig: no migrator there"
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

mkdir -p "$WORK/profile"
P=$WORK/profile
[ "$(ls "$WORK/w2/migrations" 2>/dev/null | wc -l)" -eq 1000 ] ||
	sh "$here/gen_linear.sh" 1000 "$WORK/w2"
[ "$(ls "$WORK/g$G/migrations" 2>/dev/null | wc -l)" -eq "$G" ] ||
	sh "$here/gen_graph.sh" "$G" "$WORK/g$G"

# A database at head, as run.sh's no-op rows have it: upgraded for real,
# so it holds W2's 1000 tables and indexes (SQLite parses that schema at
# the first statement that touches a table) and 1000 run-history rows
# (whose checksums the edited-file check compares with the files).
rm -f "$P/noop.db"
"$M" -q -m "$WORK/w2/migrations" -d "sqlite:$P/noop.db" upgrade head

# prof NAME ARGS...: one callgrind run and its summaries.  A PREP
# variable, if set, is a command run before each run of the program.
prof() {
	name=$1
	shift
	echo "==== $name: migrator $*"
	# warm the page cache: we profile the program, not the disk
	${PREP:-:}
	"$M" "$@" >/dev/null
	${PREP:-:}
	valgrind -q --tool=callgrind --callgrind-out-file="$P/$name.callgrind" \
		"$M" "$@" >/dev/null
	echo "-- total instructions, top $TOP functions by self cost"
	callgrind_annotate --inclusive=no "$P/$name.callgrind" 2>/dev/null |
		awk '/PROGRAM TOTALS/ { print; next }
			/^-+$/ { dash++; next }
			dash >= 3 && NF && n < top { print; n++ }' top="$TOP"
	echo "-- top $TOP by inclusive cost"
	callgrind_annotate --inclusive=yes "$P/$name.callgrind" 2>/dev/null |
		awk '/^-+$/ { dash++; next } dash >= 3 && NF && n < top { print; n++ }' top="$TOP"
	echo "-- system calls (strace -c), top 10"
	${PREP:-:}
	strace -f -c -o "$P/$name.strace" "$M" "$@" >/dev/null
	head -n 12 "$P/$name.strace" | tail -n +3
	echo
}

prof noop -q -m "$WORK/w2/migrations" -d "sqlite:$P/noop.db" upgrade head
prof heads -m "$WORK/g$G/migrations" heads
KRATOS=${KRATOS_CORPUS:-$(dirname "$here")/tests/corpora/kratos}
PREP="rm -f $P/kratos.db $P/kratos.db-journal"
prof kratos -q -m "$KRATOS/migrator" -d "sqlite:$P/kratos.db" upgrade head
PREP=
echo "fsync-family calls in the no-op upgrade:"
strace -f -e trace=fsync,fdatasync,sync_file_range -o "$P/noop.fsync" \
	"$M" -q -m "$WORK/w2/migrations" -d "sqlite:$P/noop.db" upgrade head
grep -c 'fsync\|fdatasync\|sync_file_range' "$P/noop.fsync" || :

# ---- issue 19: does the cost per migration grow? ---------------------------
# total instructions of a whole run (callgrind); its standard input is
# IR_IN (default /dev/null)
ir() {
	valgrind -q --tool=callgrind --callgrind-out-file="$P/ir.callgrind" "$@" \
		<"${IR_IN:-/dev/null}" >/dev/null 2>&1 || die "$*: failed under callgrind"
	callgrind_annotate "$P/ir.callgrind" 2>/dev/null |
		awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}
[ "$(ls "$WORK/w1/migrations" 2>/dev/null | wc -l)" -eq 200 ] ||
	sh "$here/gen_linear.sh" 200 "$WORK/w1"
echo "==== growth: instructions per migration, upgrade head from empty (SQLite)"
for w in w1 w2; do
	n=$(ls "$WORK/$w/migrations" | wc -l)
	rm -f "$P/g$w.db" "$P/g${w}raw.db"
	m=$(ir "$M" -q -m "$WORK/$w/migrations" -d "sqlite:$P/g$w.db" upgrade head)
	r=$(IR_IN=$WORK/$w/up.sql ir sqlite3 -bail "$P/g${w}raw.db")
	awk -v w="$w" -v n="$n" -v m="$m" -v r="$r" 'BEGIN {
		printf "%s (%d): migrator %.0f k, raw %.0f k, migrator beyond raw %.0f k per migration\n",
			w, n, m / n / 1000, r / n / 1000, (m - r) / n / 1000 }'
done
echo "==== the foreign key check: upgrade +20 beside a 100,000-row child table"
rm -f "$P/fk.db"
sqlite3 "$P/fk.db" "CREATE TABLE p (id INTEGER PRIMARY KEY);
	CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p (id));
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
	INSERT INTO p SELECT i FROM n;
	INSERT INTO c SELECT id, id FROM p;"
m=$(ir "$M" -q -m "$WORK/w1/migrations" -d "sqlite:$P/fk.db" upgrade +20)
awk -v m="$m" 'BEGIN { printf "%.1f M instructions, %.2f M per migration\n", m / 1e6, m / 20e6 }'
