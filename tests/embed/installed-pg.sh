#!/bin/sh
# installed-pg.sh - installed.sh on PostgreSQL.  TAP output.
exec "${SHELL:-/bin/sh}" "$TOP_SRCDIR/tests/embed/installed.sh" postgresql
