#!/bin/sh
# gen_graph.sh N DIR - a revision graph of N revisions with branches and
# merges and trivial SQL (G1), written to DIR/migrations.
#
# The graph is a trunk built from blocks of ten revisions:
#   a            on the trunk, a branch point
#   b1 b2        one branch off a
#   c1 c2        another branch off a
#   m            merge point of b2 and c2
#   l1 .. l4     linear, l4 is the next block's parent
# Every fifth block, l1 also depends_on the previous block's a (ordering
# only).  A last partial block is linear, so the graph has exactly one head.
set -eu
[ $# -eq 2 ] || { echo "usage: gen_graph.sh N DIR" >&2; exit 2; }
n=$1 dir=$2
rm -rf "$dir/migrations"
mkdir -p "$dir/migrations"
awk -v n="$n" -v dir="$dir" '
function rev(i) { return sprintf("g%05x%06x", n, i) }
function emit(i, parents, dep,   f) {
	f = dir "/migrations/" rev(i) "_r" i ".sql"
	print "-- migrator:revision " rev(i) > f
	if (parents != "")
		print "-- migrator:down_revision " parents > f
	if (dep != "")
		print "-- migrator:depends_on " dep > f
	print "-- migrator:message revision " i "\n" > f
	print "-- migrator:upgrade\nSELECT 1;\n\n-- migrator:downgrade\nSELECT 1;" > f
	close(f)
}
BEGIN {
	prev = ""; preva = ""; blk = 0
	for (i = 1; i <= n; ) {
		if (n - i + 1 < 10) {
			emit(i, prev, ""); prev = rev(i); i++
			continue
		}
		a = i
		emit(a, prev, "")
		emit(a + 1, rev(a), ""); emit(a + 2, rev(a + 1), "")
		emit(a + 3, rev(a), ""); emit(a + 4, rev(a + 3), "")
		emit(a + 5, rev(a + 2) "," rev(a + 4), "")
		emit(a + 6, rev(a + 5), (blk % 5 == 4 && preva != "") ? rev(preva) : "")
		emit(a + 7, rev(a + 6), ""); emit(a + 8, rev(a + 7), ""); emit(a + 9, rev(a + 8), "")
		prev = rev(a + 9); preva = a; blk++
		i += 10
	}
}'
