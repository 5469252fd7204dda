#!/bin/sh
# gen_chain.sh DIR N: writes a linear chain of N transactional revisions
# into DIR (created).  Revision i creates table t<i> with an index and
# inserts three rows; its downgrade drops the table.  Revision IDs are
# fa<10 hex digits>, so they sort in chain order.
set -eu
if [ $# -ne 2 ]; then
	echo "usage: gen_chain.sh DIR N" >&2
	exit 2
fi
dir=$1
n=$2
mkdir -p "$dir"
i=1
prev=
while [ "$i" -le "$n" ]; do
	rev=$(printf 'fa%010x' "$i")
	{
		echo "-- migrator:revision $rev"
		echo "-- migrator:down_revision $prev"
		echo "-- migrator:message step $i"
		echo
		echo "-- migrator:upgrade"
		echo "CREATE TABLE t$i (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, n INTEGER);"
		echo "CREATE INDEX t${i}_name_idx ON t$i (name);"
		echo "INSERT INTO t$i (id, name, n) VALUES (1, 'a$i', $i), (2, 'b$i', $i), (3, 'c$i', $i);"
		echo
		echo "-- migrator:downgrade"
		echo "DROP TABLE t$i;"
	} >"$dir/${rev}_step_$i.sql"
	prev=$rev
	i=$((i + 1))
done
