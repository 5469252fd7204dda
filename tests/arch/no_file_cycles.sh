#!/bin/sh
# No two source files of one component call each other in a loop: the
# file-level call graph of core/lib, core/cli, each backend and each plugin
# has no cycle of two or more files (issue 13).  A loop means two files
# share one job; the shared piece belongs in a file of its own.
#
# The graph comes from the object files the build left (nm -P -g per .o):
# a.c -> b.c when a.o leaves undefined a global symbol that b.o defines.
# A component is a directory under core/, backends/ or plugins/ holding
# objects (beside it or in its .libs).  automake's per-target prefix
# ("libmigrator_internal_la-runner.o") is dropped to name the source.
# TAP output: one test per component; a cycle names its files and the
# symbols that tie them.
set -u
build=${BUILDDIR:-$(dirname "$MIGRATOR")}
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Prints the SCCs of two or more files of the edge list on stdin
# ("from to symbol" lines), one "# ..." block per cycle; nothing if none.
cycles() {
	awk '
	{
		if (!($1 in id)) { id[$1] = ++nf; name[nf] = $1 }
		if (!($2 in id)) { id[$2] = ++nf; name[nf] = $2 }
		a = id[$1]; b = id[$2]
		reach[a, b] = 1
		if ((a, b) in syms) {
			if (index(" " syms[a, b] " ", " " $3 " ") == 0)
				syms[a, b] = syms[a, b] " " $3
		} else {
			syms[a, b] = $3
		}
	}
	END {
		# Transitive closure (Warshall): components have tens of files.
		for (k = 1; k <= nf; k++)
			for (i = 1; i <= nf; i++)
				if ((i, k) in reach)
					for (j = 1; j <= nf; j++)
						if ((k, j) in reach)
							reach[i, j] = 1
		for (i = 1; i <= nf; i++) {
			if (i in done)
				continue
			members = ""; cnt = 0
			for (j = 1; j <= nf; j++)
				if (j == i || (((i, j) in reach) && ((j, i) in reach))) {
					done[j] = 1; scc[++cnt] = j
					members = members (cnt > 1 ? " " : "") name[j]
				}
			if (cnt < 2)
				continue
			print "# cycle between " members ":"
			for (x = 1; x <= cnt; x++)
				for (y = 1; y <= cnt; y++)
					if ((scc[x], scc[y]) in syms)
						print "#   " name[scc[x]] " -> " \
						      name[scc[y]] ": " syms[scc[x], scc[y]]
		}
	}'
}

# Each component directory: those under core, backends and plugins that
# hold objects.
find "$build/core" "$build/backends" "$build/plugins" -name '*.o' \
	-type f 2>/dev/null | sed -e 's|/[^/]*$||' -e 's|/\.libs$||' |
	sort -u >"$tmp/dirs"
for must in core/lib core/cli; do
	grep -qx "$build/$must" "$tmp/dirs" ||
		notok "$must has object files in $build (is the tree built?)"
done

while read -r dir; do
	comp=${dir#"$build"/}
	: >"$tmp/defs"
	: >"$tmp/undefs"
	for o in "$dir"/*.o "$dir"/.libs/*.o; do
		[ -f "$o" ] || continue
		src=$(basename "$o" .o | sed 's/^[A-Za-z0-9_]*-//').c
		# Unit tests beside a plugin are no part of it; an object whose
		# source is gone (renamed, removed) is stale.
		case $src in test_*) continue ;; esac
		[ -f "${TOP_SRCDIR:-$build}/$comp/$src" ] || continue
		if ! nm -P -g "$o" >"$tmp/nm" 2>&1; then
			notok "$comp: nm lists the symbols of $o"
			sed 's/^/# /' "$tmp/nm"
			continue
		fi
		# POSIX format: "name type value size"; U and w are references.
		awk -v f="$src" '$2 == "U" || $2 == "w" { print f, $1 }' \
			"$tmp/nm" >>"$tmp/undefs"
		awk -v f="$src" '$2 != "U" && $2 != "w" { print f, $1 }' \
			"$tmp/nm" >>"$tmp/defs"
	done
	# Edges: "user definer symbol", within the component only.
	awk 'NR == FNR { def[$2] = $1; next }
	     ($2 in def) && def[$2] != $1 { print $1, def[$2], $2 }' \
		"$tmp/defs" "$tmp/undefs" | sort -u >"$tmp/edges"
	cycles <"$tmp/edges" >"$tmp/cycles"
	files=$(cut -d' ' -f1 "$tmp/defs" "$tmp/undefs" | sort -u | wc -l)
	if [ -s "$tmp/cycles" ]; then
		notok "$comp: no two files call each other in a loop ($files files)"
		cat "$tmp/cycles"
	else
		ok "$comp: no two files call each other in a loop ($files files)"
	fi
done <"$tmp/dirs"
echo "1..$n"
exit $fail
