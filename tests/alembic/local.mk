# The differential test against Alembic (issue 12): random revision graphs
# run by both tools from identical SQLite files, every difference
# classified.  Needs python3-alembic (fails without it).
TESTS += %reldir%/difftest.sh
EXTRA_DIST += %reldir%/difftest.sh %reldir%/difftest.py \
	%reldir%/graphs.py %reldir%/judge.py %reldir%/tools.py
