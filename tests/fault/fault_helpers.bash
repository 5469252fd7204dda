# fault_helpers.bash - shared by the fault-injection suites (faults*.bats).
# Loaded after tests/e2e/helpers.bash.

FAULT_DIR_TOOLS="$TOP_SRCDIR/tests/fault"

# fast_dir: sets FAST_DIR to a scratch directory on a tmpfs when there is
# one (/dev/shm), else under $BATS_TEST_TMPDIR.  300-revision SQLite runs
# on a disk are fsync-bound (6.5 s per run here, 0.5 s on tmpfs); a kill -9
# tests the process dying, not the power failing, so a tmpfs loses
# nothing.  fault_teardown removes it.  A variable, not an echo: in a
# command substitution the FAULT_CLEAN entry would be lost with the
# subshell, and the directory left behind.
fast_dir() {
	FAST_DIR=
	if [ -d /dev/shm ] && [ -w /dev/shm ] &&
		FAST_DIR=$(mktemp -d /dev/shm/migrator-faults.XXXXXX 2>/dev/null); then
		FAULT_CLEAN+=("$FAST_DIR")
	else
		FAST_DIR=$BATS_TEST_TMPDIR/fast
		mkdir -p "$FAST_DIR"
	fi
}

FAULT_CLEAN=()
FAULT_MOUNTS=()
FAULT_IMMUTABLE=()
FAULT_CHMODDED=()

# Undoes what a test set up: immutable flags, mounts, tmpfs directories.
fault_teardown() {
	local p
	for p in "${FAULT_IMMUTABLE[@]}"; do
		chattr -i "$p" 2>/dev/null
	done
	for p in "${FAULT_CHMODDED[@]}"; do
		chmod u+w "$p" 2>/dev/null # so bats can remove the test's files
	done
	for p in "${FAULT_MOUNTS[@]}"; do
		umount "$p" 2>/dev/null || umount -l "$p" 2>/dev/null
	done
	for p in "${FAULT_CLEAN[@]}"; do
		rm -rf "$p"
	done
	e2e_teardown
}

# db_url_in DIR NAME: on SQLite, the URL of DIR/NAME.db; on PostgreSQL a
# fresh database (DIR unused).
db_url_in() {
	case $BACKEND in
	sqlite) echo "sqlite:///$1/$2.db" ;;
	postgresql) new_db "$2" ;;
	esac
}

# drop_url URL: removes a database made by db_url_in at once (a trial loop
# would otherwise keep 30 of them).
drop_url() {
	case $1 in
	sqlite:*)
		rm -f "${1#sqlite:///}" "${1#sqlite:///}-journal" "${1#sqlite:///}-wal"
		;;
	*)
		local db=${1##*dbname=}
		psql -X -q -v ON_ERROR_STOP=1 "$MIGRATOR_TEST_PG_URL" \
			-c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
		;;
	esac
}

# chain_tables_on URL: "N M" = how many chain tables t<i> and how many
# t<i>_name_idx indexes the database holds.
chain_tables_on() {
	case $1 in
	sqlite:*)
		[ -e "${1#sqlite:///}" ] || { echo "0 0"; return 0; }
		sql_on "$1" "SELECT (SELECT count(*) FROM sqlite_master
			WHERE type = 'table' AND name GLOB 't[0-9]*') || ' ' ||
			(SELECT count(*) FROM sqlite_master WHERE type = 'index'
			AND name GLOB 't[0-9]*_name_idx')"
		;;
	*)
		sql_on "$1" "SELECT (SELECT count(*) FROM pg_tables
			WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+\$') || ' ' ||
			(SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'
			AND indexname ~ '^t[0-9]+_name_idx\$')"
		;;
	esac
}

# now_ms: wall-clock milliseconds.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# sleep_ms N
sleep_ms() {
	sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

# stamp_chain_index URL: the chain position (1..N) of the stamped revision,
# 0 when there is no stamp (chain IDs are fa<10 hex digits>).
stamp_chain_index() {
	local s
	s=$(stamp_on "$1")
	case $s in
	none | "") echo 0 ;;
	fa*) echo $((16#${s#fa})) ;;
	*) echo "bad stamp \"$s\"" >&2; return 1 ;;
	esac
}

# am_root: the tests use chattr and mount for what permissions cannot do
# to root.
am_root() {
	[ "$(id -u)" -eq 0 ]
}

# make_readonly PATH: PATH (a file or a directory) can no longer be
# changed by this user.  Root ignores permission bits, so as root the file
# gets the immutable attribute instead (undone in fault_teardown).
make_readonly() {
	if am_root; then
		chattr +i "$1" || fail "chattr +i $1 failed: the tests need a file system with immutable files as root"
		FAULT_IMMUTABLE+=("$1")
	elif [ -d "$1" ]; then
		chmod 0555 "$1" && FAULT_CHMODDED+=("$1")
	else
		chmod 0444 "$1" && FAULT_CHMODDED+=("$1")
	fi
}

# mount_tmpfs DIR SIZE: a tmpfs of SIZE (e.g. 400k) on DIR, unmounted in
# fault_teardown; fails when this user may not mount.
mount_tmpfs() {
	mkdir -p "$1" && mount -t tmpfs -o "size=$2,mode=0755" tmpfs "$1" 2>/dev/null || return 1
	FAULT_MOUNTS+=("$1")
}

# integrity_ok PATH: PRAGMA integrity_check says ok.
integrity_ok() {
	local r
	r=$("$SQLITE" -batch "$1" "PRAGMA integrity_check") || return 1
	assert_eq "$r" ok
}
