#!/bin/sh
# make check: the differential test against Alembic (difftest.py) on its
# fixed CI seeds, as TAP.  It needs Debian's Alembic for /usr/bin/python3;
# without it the test fails (a skipped oracle would hide every difference).
set -u
py=/usr/bin/python3
if ! err=$("$py" -c 'import alembic, sqlalchemy' 2>&1); then
	echo "1..1"
	echo "not ok 1 - $py cannot import alembic: install python3-alembic (apt-get install python3-alembic)"
	printf '%s\n' "$err" | sed 's/^/# /'
	exit 1
fi
exec "$py" "$TOP_SRCDIR/tests/alembic/difftest.py" --tap
