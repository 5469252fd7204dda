#!/bin/sh
# gen_linear.sh N DIR - a linear workload of N migrations (W1, W2).
#
# Each migration creates a table, an index on it and inserts ten rows; its
# downgrade drops the table.  The SQL is plain (no dialect sections): it runs
# unchanged on SQLite and PostgreSQL.  Writes:
#   DIR/migrations/<rev>_tNNNNNN.sql   the migration files
#   DIR/up.sql    the same upgrade SQL for the raw client, one BEGIN/COMMIT
#                 per migration, in order
#   DIR/down.sql  the downgrade SQL, newest first, one BEGIN/COMMIT each
#   DIR/dbmate/<NNNNNN>_tNNNNNN.sql    the same migrations for dbmate
#   DIR/alembic/{alembic.ini,env.py,versions/*.py}  and for Alembic (one
#                 op.execute per statement: sqlite3 runs one at a time),
#                 one transaction per migration, the URL from
#                 BENCH_ALEMBIC_URL
# Revision IDs are 12 hex digits derived from N and the position, so two
# workloads never share IDs and reruns produce identical trees.
set -eu
[ $# -eq 2 ] || { echo "usage: gen_linear.sh N DIR" >&2; exit 2; }
n=$1 dir=$2
rm -rf "$dir/migrations" "$dir/dbmate" "$dir/alembic"
mkdir -p "$dir/migrations" "$dir/dbmate" "$dir/alembic/versions"
cat >"$dir/alembic/alembic.ini" <<'INI'
[alembic]
script_location = %(here)s
INI
cat >"$dir/alembic/env.py" <<'PY'
import os

from alembic import context
from sqlalchemy import create_engine

engine = create_engine(os.environ["BENCH_ALEMBIC_URL"])
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
PY
awk -v n="$n" -v dir="$dir" '
function rev(i) { return sprintf("%06x%06x", n, i) }
function body(i,   t, s, r) {
	t = sprintf("t%06d", i)
	s = "CREATE TABLE " t " (id integer PRIMARY KEY, name text NOT NULL, n integer NOT NULL);\n"
	s = s "CREATE INDEX " t "_name_idx ON " t " (name);\n"
	for (r = 1; r <= 10; r++)
		s = s sprintf("INSERT INTO %s (id, name, n) VALUES (%d, %cname %d%c, %d);\n", t, r, 39, r, 39, r * i)
	return s
}
BEGIN {
	up = dir "/up.sql"
	for (i = 1; i <= n; i++) {
		t = sprintf("t%06d", i)
		f = dir "/migrations/" rev(i) "_" t ".sql"
		print "-- migrator:revision " rev(i) > f
		if (i > 1)
			print "-- migrator:down_revision " rev(i - 1) > f
		print "-- migrator:message create " t "\n" > f
		print "-- migrator:upgrade" > f
		printf "%s\n", body(i) > f
		print "-- migrator:downgrade" > f
		print "DROP TABLE " t ";" > f
		close(f)
		printf "BEGIN;\n%sCOMMIT;\n", body(i) > up
		f = dir "/dbmate/" sprintf("%06d", i) "_" t ".sql"
		printf "-- migrate:up\n%s\n-- migrate:down\nDROP TABLE %s;\n", body(i), t > f
		close(f)
		f = dir "/alembic/versions/" rev(i) "_" t ".py"
		printf "from alembic import op\n\nrevision = \"%s\"\ndown_revision = %s\n\n\ndef upgrade():\n", rev(i), (i > 1) ? "\"" rev(i - 1) "\"" : "None" > f
		m = split(body(i), stmts, "\n")
		for (k = 1; k <= m; k++)
			if (stmts[k] != "")
				printf "    op.execute(\"\"\"%s\"\"\")\n", stmts[k] > f
		printf "\n\ndef downgrade():\n    op.execute(\"DROP TABLE %s\")\n", t > f
		close(f)
	}
	close(up)
	down = dir "/down.sql"
	for (i = n; i >= 1; i--)
		printf "BEGIN;\nDROP TABLE t%06d;\nCOMMIT;\n", i > down
	close(down)
}'
