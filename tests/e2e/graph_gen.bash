# graph_gen.bash - gen_graph DIR: writes a generated migrations directory
# of 200 revisions with 10 branches (issue 20's golden picture), the same
# files on every run: a trunk; every 18 revisions a branch of 10
# revisions forks off it (labelled b1..b10, each but the first depending
# on the first revision of the one before); the branch is merged back one
# round later, except b3, b6 and b9, which stay heads; 12 trunk revisions
# end it.  Empty sections: the picture needs no SQL.

# gen_rev DIR PARENTS [LABEL] [DEPENDS]: the next revision; sets $id.
gen_rev() {
	gen_n=$((gen_n + 1))
	id=$(printf 'g%03d' "$gen_n")
	{
		echo "-- migrator:revision $id"
		echo "-- migrator:down_revision $2"
		echo "-- migrator:message revision $gen_n"
		[ -z "${3:-}" ] || echo "-- migrator:branch_labels $3"
		[ -z "${4:-}" ] || echo "-- migrator:depends_on $4"
		echo "-- migrator:upgrade"
		echo "-- migrator:downgrade"
	} >"$1/${id}_revision_$gen_n.sql"
}

gen_graph() {
	local dir=$1 trunk tip pending="" pending_b=0 first prev_first="" b j
	mkdir -p "$dir"
	gen_n=0
	gen_rev "$dir" ""
	trunk=$id
	for b in 1 2 3 4 5 6 7 8 9 10; do
		for j in 1 2 3 4 5; do
			gen_rev "$dir" "$trunk"
			trunk=$id
		done
		gen_rev "$dir" "$trunk" "b$b"
		tip=$id first=$id
		gen_rev "$dir" "$tip" "" "$prev_first"
		tip=$id
		for j in 3 4 5 6 7 8 9 10; do
			gen_rev "$dir" "$tip"
			tip=$id
		done
		prev_first=$first
		for j in 1 2 3; do
			gen_rev "$dir" "$trunk"
			trunk=$id
		done
		if [ -n "$pending" ]; then
			gen_rev "$dir" "$trunk, $pending"
			trunk=$id
		fi
		pending=""
		[ $((b % 3)) -eq 0 ] || pending=$tip
	done
	gen_rev "$dir" "$trunk, $pending"
	trunk=$id
	while [ "$gen_n" -lt 200 ]; do
		gen_rev "$dir" "$trunk"
		trunk=$id
	done
}

# gen_tangle DIR: a small graph that needs every drawing rule: a merge of
# three parents (e1), a merge whose parent another lane already waits for
# (g1 over b1 and f1 -> b1), a second root (r2) whose line ends just above
# a head, and a merge across the two roots' graphs (t2 over s2 and c1).
gen_tangle() {
	local dir=$1 spec
	mkdir -p "$dir"
	gen_n=0
	for spec in "a1:" "b1:a1" "c1:a1" "d1:a1" "e1:b1, c1, d1" "f1:b1" \
		"g1:e1, f1" "r2:" "s2:r2" "t2:s2, c1"; do
		printf -- '-- migrator:revision %s\n-- migrator:down_revision %s\n-- migrator:message %s\n-- migrator:upgrade\n-- migrator:downgrade\n' \
			"${spec%%:*}" "${spec#*:}" "revision ${spec%%:*}" >"$dir/${spec%%:*}_r.sql"
	done
}
