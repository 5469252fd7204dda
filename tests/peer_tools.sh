#!/bin/sh
# peer_tools.sh - the other migration tools that the tests import from and
# the benchmark compares with, where Debian does not package them.
#
#   sh tests/peer_tools.sh install [DIR]
#       Installs dbmate, pinned below, into DIR with npm: the only step
#       that downloads anything.  Already installed at the pinned version:
#       left as it is.
#   sh tests/peer_tools.sh dbmate [DIR]
#       Prints the path of dbmate's own binary (not npm's node wrapper,
#       which would add node's start-up to every run); exit 1 when it is
#       not installed.
#
# DIR defaults to $MIGRATOR_PEER_DIR, else $HOME/.cache/migrator/peers.
# Sqitch and Alembic come from Debian (sqitch, python3-alembic).
set -u

DBMATE_VERSION=2.36.0

die() { echo "peer_tools.sh: $*" >&2; exit 1; }

dir=${2:-${MIGRATOR_PEER_DIR:-$HOME/.cache/migrator/peers}}
dbmate_bin=$dir/node_modules/@dbmate/linux-x64/bin/dbmate

case ${1:-} in
install)
	if [ -x "$dbmate_bin" ] && [ "$(cat "$dir/installed" 2>/dev/null)" = "dbmate@$DBMATE_VERSION" ]; then
		echo "peer_tools.sh: dbmate $DBMATE_VERSION already in $dir"
		exit 0
	fi
	command -v npm >/dev/null 2>&1 || die "npm not found (apt-get install npm)"
	mkdir -p "$dir" || exit 1
	echo "peer_tools.sh: installing dbmate@$DBMATE_VERSION into $dir"
	npm install --prefix "$dir" --no-save --no-package-lock --ignore-scripts \
		--no-audit --no-fund --loglevel=error "dbmate@$DBMATE_VERSION" ||
		die "npm install dbmate@$DBMATE_VERSION failed"
	got=$("$dbmate_bin" --version 2>/dev/null) ||
		die "$dbmate_bin does not run (only x86-64 Linux is pinned)"
	[ "$got" = "dbmate version $DBMATE_VERSION" ] ||
		die "$dbmate_bin says \"$got\", expected $DBMATE_VERSION"
	echo "dbmate@$DBMATE_VERSION" >"$dir/installed"
	;;
dbmate)
	[ -x "$dbmate_bin" ] ||
		die "dbmate is not installed in $dir (sh tests/peer_tools.sh install)"
	echo "$dbmate_bin"
	;;
*)
	echo "usage: sh tests/peer_tools.sh install|dbmate [DIR]" >&2
	exit 2
	;;
esac
