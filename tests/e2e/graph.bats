#!/usr/bin/env bats
# graph.bats - `history --graph`, `--format dot`, `--format mermaid`
# (issue 20): golden pictures of the sample, the branchy, merge and
# depends fixtures and a generated graph of 200 revisions with 10 branches
# (graph_gen.bash), ASCII when the locale is not UTF-8, colour only on a
# terminal, the stamped revisions marked when a database is given, and
# the dot output rendered by Graphviz without a warning.  The golden files
# are tests/e2e/graph/*.

load helpers
load graph_gen

GOLDEN="$TOP_SRCDIR/tests/e2e/graph"
ESC=$'\033'

# golden FILE: $output is the golden file's text, else a diff.
golden() {
	diff -u "$GOLDEN/$1" <(printf '%s\n' "$output") >&2
}

# export_goldens FORMAT EXT: the sample and the depends fixture in FORMAT
# are their golden files sample.EXT and depends.EXT.
export_goldens() {
	pic -- -m "$SAMPLE" history --format "$1"
	assert_status 0
	golden "sample.$2"
	pic -- -m "$FIXTURES/depends" history --format "$1"
	assert_status 0
	golden "depends.$2"
}

# pic [VAR=VALUE...] -- ARGS: migrator with no database, in a UTF-8 locale
# unless told.
pic() {
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	run --separate-stderr env LC_ALL=C.UTF-8 "${envs[@]}" "$MIGRATOR" "$@"
}

@test "--graph draws the sample: lanes, the fork at the merge point, the join at the branch point" {
	pic -- -m "$SAMPLE" history --graph
	assert_status 0
	golden sample.txt
	assert_eq "$stderr" ""
	# one row per revision, newest first, as plain history lists them
	assert_eq "$(printf '%s\n' "$output" | grep -o '[0-9a-f]\{12\}' | head -n 1)" "$R7"
	assert_eq "$(printf '%s\n' "$output" | grep -c '●')" 7
}

@test "--graph: ASCII when the locale is not UTF-8 (C, LANG=C, Latin-1)" {
	pic LC_ALL=C -- -m "$SAMPLE" history --graph
	assert_status 0
	golden sample.ascii
	assert_no_match "$output" $'[\x80-\xff]'
	pic LC_ALL= LC_CTYPE= LANG=C -- -m "$SAMPLE" history --graph
	golden sample.ascii
	pic LC_ALL= LC_CTYPE= LANG=en_US.ISO-8859-1 -- -m "$SAMPLE" history --graph
	golden sample.ascii
	# the ASCII picture is the UTF-8 one, character for character
	pic -- -m "$SAMPLE" history --graph
	assert_eq "$(printf '%s\n' "$output" |
		sed 's/●/*/g; s/│/|/g; s/─/-/g; s/├/|/g; s/[┐┬]/./g; s/[┘┴]/'"'"'/g; s/┼/+/g')" \
		"$(cat "$GOLDEN/sample.ascii")"
}

@test "--graph: the branchy, merge and depends fixtures (depends_on named on the line)" {
	for fx in branchy merge depends; do
		pic -- -m "$FIXTURES/$fx" history --graph
		assert_status 0
		golden "$fx.txt" || { echo "fixture $fx" >&2; false; }
	done
	pic -- -m "$FIXTURES/depends" history --graph
	assert_match "$output" "0b0000000002 \(head\) \(depends on 9a0000000001\) create orders"
}

@test "--graph: a generated graph of 200 revisions and 10 branches, the same picture every time" {
	gen_graph "$BATS_TEST_TMPDIR/g200"
	assert_eq "$(ls "$BATS_TEST_TMPDIR/g200" | wc -l)" 200
	pic -- -m "$BATS_TEST_TMPDIR/g200" history --graph
	assert_status 0
	golden generated200.txt
	first=$output
	# each revision once; 10 branch labels; 7 merges forked, 10 joins
	assert_eq "$(printf '%s\n' "$output" | grep -c '●')" 200
	assert_eq "$(printf '%s\n' "$output" | grep -o 'g[0-9]\{3\}' | sort -u | wc -l)" 200
	assert_eq "$(printf '%s\n' "$output" | grep -c '(b[0-9]*)')" 10
	assert_eq "$(printf '%s\n' "$output" | grep -c '┐$')" 7
	assert_eq "$(printf '%s\n' "$output" | grep -c '┘ *│*$')" 10
	pic -- -m "$BATS_TEST_TMPDIR/g200" history --graph
	assert_eq "$output" "$first"
	pic LC_ALL=C -- -m "$BATS_TEST_TMPDIR/g200" history --graph
	golden generated200.ascii
}

@test "--graph: a three-parent merge, a parent two lanes wait for, a root ending above a head" {
	gen_tangle "$BATS_TEST_TMPDIR/tangle"
	pic -- -m "$BATS_TEST_TMPDIR/tangle" history --graph
	assert_status 0
	golden tangle.txt
	# r2's lane ends: the head below it (g1) starts on a lane of its own
	assert_match "$(printf '%s\n' "$output" | grep -A1 ' r2 ')" $'● │ r2 revision r2\n  │ ● g1 '
	pic LC_ALL=C -- -m "$BATS_TEST_TMPDIR/tangle" history --graph
	golden tangle.ascii
}

@test "--graph -r A:B draws the range only, its edges to outside left out" {
	pic -- -m "$SAMPLE" history --graph -r "$R4:$R7"
	assert_status 0
	assert_eq "$output" "\
● $R7 (head) (mergepoint) merge usage_config and usage_snapshots
├─┐
● │ $R5 (config) create usage_config
│ ● $R6 create usage_snapshots
├─┘
● $R4 (branchpoint) add slack_webhook to budget_alerts"
	pic -- -m "$SAMPLE" history --graph -r ":$R2"
	assert_eq "$output" "\
● $R2 create budgets
● $R1 create token_usage"
	# the merge point's one drawn parent: no fork
	pic -- -m "$SAMPLE" history --graph -r "$R6:"
	assert_eq "$output" "\
● $R7 (head) (mergepoint) merge usage_config and usage_snapshots
● $R6 create usage_snapshots"
}

@test "--graph marks the stamped revisions when a database is given; none without" {
	mg -q upgrade "$R5"
	run --separate-stderr env LC_ALL=C.UTF-8 "$MIGRATOR" -d "$DB_URL" -m "$MIGS" history --graph
	assert_status 0
	assert_eq "$stderr" ""
	assert_eq "$(printf '%s\n' "$output" | grep -c '(current)')" 1
	assert_match "$output" "● │ $R5 \(config\) \(current\) create usage_config"
	# the database from the environment counts too
	run --separate-stderr env LC_ALL=C.UTF-8 MIGRATOR_DATABASE_URL="$DB_URL" "$MIGRATOR" -m "$MIGS" history --graph
	assert_match "$output" "$R5 \(config\) \(current\)"
	# two stamped branches: both marked
	mg -q upgrade "$R6"
	run --separate-stderr env LC_ALL=C.UTF-8 "$MIGRATOR" -d "$DB_URL" -m "$MIGS" history --graph
	assert_eq "$(printf '%s\n' "$output" | grep -c '(current)')" 2
	# no database: the picture alone
	pic -- -m "$MIGS" history --graph
	assert_no_match "$output" current
}

@test "--graph: a stamp that cannot be read is a warning, or with -i an error" {
	bad="sqlite:///$BATS_TEST_TMPDIR/none/x.db"
	pic -- -d "$bad" -m "$SAMPLE" history --graph
	assert_status 0
	golden sample.txt
	assert_match "$stderr" "^migrator: warning: the graph marks no current revision: "
	pic -- -d "$bad" -m "$SAMPLE" history --graph -i
	assert_status 1
	assert_error "x.db"
	assert_eq "$output" ""
	pic -- -q -d "$bad" -m "$SAMPLE" history --graph
	assert_eq "$stderr" ""
}

@test "--graph: colour only on a terminal, not with NO_COLOR or TERM=dumb, never into a pipe" {
	cmd=$(printf '%q ' "$MIGRATOR" -m "$SAMPLE" history --graph)
	run env -u NO_COLOR TERM=xterm LC_ALL=C.UTF-8 script -qec "$cmd" /dev/null
	assert_status 0
	# the lanes in git's colours, the ID yellow, (head) bold cyan
	assert_match "$output" "${ESC}\[31m├${ESC}\[0m${ESC}\[32m─${ESC}\[0m${ESC}\[32m┐"
	assert_match "$output" "${ESC}\[33m$R7${ESC}\[0m${ESC}\[1;36m \(head\)"
	run env NO_COLOR=1 TERM=xterm LC_ALL=C.UTF-8 script -qec "$cmd" /dev/null
	assert_no_match "$output" "$ESC"
	run env -u NO_COLOR TERM=dumb LC_ALL=C.UTF-8 script -qec "$cmd" /dev/null
	assert_no_match "$output" "$ESC"
	pic TERM=xterm -- -m "$SAMPLE" history --graph
	assert_no_match "$output" "$ESC"
}

@test "--graph takes neither --format json nor dot; other commands take no dot" {
	pic -- -m "$SAMPLE" history --graph --format json
	assert_status 2
	assert_error "--graph draws text: it does not take --format json"
	pic -- -m "$SAMPLE" history --format dot --graph
	assert_status 2
	pic -- -m "$SAMPLE" history --format svg
	assert_status 2
	assert_error 'unknown format "svg": expected json, text, dot or mermaid'
	pic -- -m "$SAMPLE" heads --format dot
	assert_status 2
	assert_error 'unknown format "dot": expected json or text'
	pic -- -m "$SAMPLE" heads --graph
	assert_status 2
}

@test "--format dot: parents as edges, depends_on dashed, heads and current highlighted; Graphviz renders it without a warning" {
	export_goldens dot dot
	# with a stamp: the current revision green with a double border
	mg -q upgrade "$R4"
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$MIGS" history --format dot
	assert_match "$output" "\"$R4\" \[label=\"$R4 \(current\)\\\\nadd slack_webhook to budget_alerts\", fillcolor=\"#bbf7d0\", peripheries=2\];"
	printf '%s\n' "$output" >with_current.dot
	gen_graph "$BATS_TEST_TMPDIR/g200"
	"$MIGRATOR" -m "$BATS_TEST_TMPDIR/g200" history --format dot >g200.dot
	for f in with_current.dot g200.dot "$GOLDEN/sample.dot" "$GOLDEN/depends.dot"; do
		run --separate-stderr dot -Tsvg "$f"
		assert_status 0
		assert_eq "$stderr" ""
		assert_match "$output" "</svg>"
	done
	# every revision is a node of the picture, every parent an edge
	run dot -Tsvg g200.dot
	assert_eq "$(printf '%s\n' "$output" | grep -c 'class="node"')" 200
	assert_eq "$(printf '%s\n' "$output" | grep -c 'class="edge"')" $((199 + 7 + 9))
}

# mermaid_grammar FILE: each line is one of the statements we write:
# the header, a node, an edge (-->) or dependency (-.->), a classDef, a
# class; node text holds no '"' (entity codes instead).
mermaid_grammar() {
	awk '
	NR == 1 { if ($0 != "flowchart BT") bad = 1; next }
	/^    r[A-Za-z0-9_]+\["[^"]*"\]$/ { next }
	/^    r[A-Za-z0-9_]+ (-->|-\.->) r[A-Za-z0-9_]+$/ { next }
	/^    classDef (head|current) [a-z-]+:[#0-9a-z]+(,[a-z-]+:[#0-9a-z]+)*$/ { next }
	/^    class r[A-Za-z0-9_]+(,r[A-Za-z0-9_]+)* (head|current)$/ { next }
	{ print "not mermaid: " NR ": " $0; bad = 1 }
	END { exit bad }' "$1"
}

@test "--format mermaid: a flowchart, dependencies dashed, heads and current as classes" {
	export_goldens mermaid mmd
	mermaid_grammar "$GOLDEN/sample.mmd"
	mermaid_grammar "$GOLDEN/depends.mmd"
	mg -q upgrade "$R5"
	run --separate-stderr "$MIGRATOR" -d "$DB_URL" -m "$MIGS" history --format mermaid
	assert_match "$output" "    class r$R5 current"
	printf '%s\n' "$output" >cur.mmd
	mermaid_grammar cur.mmd
	gen_graph "$BATS_TEST_TMPDIR/g200"
	"$MIGRATOR" -m "$BATS_TEST_TMPDIR/g200" history --format mermaid >g200.mmd
	mermaid_grammar g200.mmd
	assert_eq "$(grep -c -- '-\.->' g200.mmd)" 9
	# the checker itself refuses what is not ours
	printf 'flowchart BT\n    ra["x"y"]\n' >bad.mmd
	run mermaid_grammar bad.mmd
	assert_status 1
}

@test "dot and mermaid escape what a message holds; the terminal shows it as text" {
	mkdir m
	cat >m/e1000000000e_q.sql <<'SQL'
-- migrator:revision e1000000000e
-- migrator:message say "hi" \ #1 <b> & `x`
-- migrator:upgrade
-- migrator:downgrade
SQL
	pic -- -m m history --format dot
	assert_status 0
	assert_match "$output" 'label="e1000000000e \(head\)\\nsay \\"hi\\" \\\\ #1 <b> & `x`"'
	printf '%s\n' "$output" | dot -Tsvg >/dev/null 2>err.txt
	assert_eq "$(cat err.txt)" ""
	pic -- -m m history --format mermaid
	assert_match "$output" 're1000000000e\["e1000000000e \(head\)<br/>say #34;hi#34; \\ #35;1 #60;b#62; #38; #96;x#96;"\]'
	printf '%s\n' "$output" >e.mmd
	mermaid_grammar e.mmd
}

@test "docs/: the README's pictures are what history --graph and --format dot | dot -Tsvg give" {
	pic -- -m "$SAMPLE" history --graph
	assert_eq "$output" "$(cat "$TOP_SRCDIR/docs/sample-graph.txt")"
	# the SVG: Graphviz's rendering of today's dot output (its layout
	# numbers depend on the Graphviz version: compare nodes, edges, text)
	svg_facts() {
		grep -oE '<title>[^<]*</title>|<text[^>]*>[^<]*</text>|fill="#[0-9a-f]+"' "$1" |
			sed -E 's/ x="[^"]*" y="[^"]*"//'
	}
	"$MIGRATOR" -m "$SAMPLE" history --format dot | dot -Tsvg >now.svg
	assert_eq "$(svg_facts "$TOP_SRCDIR/docs/sample-graph.svg")" "$(svg_facts now.svg)"
	assert_eq "$(grep -c 'class="node"' now.svg)" 7
	assert_eq "$(grep -c 'class="edge"' now.svg)" 7
}
