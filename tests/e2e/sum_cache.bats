#!/usr/bin/env bats
# sum_cache.bats - the checksum cache of the edited-file check (issue 19;
# README "The checksum cache"): a no-op upgrade does not hash files that
# have not changed, and no edit hides behind the cache: not one that keeps
# size and mtime, not one made right after the cache was written, not
# with a cache that cannot be written or that is corrupt.  The same for the
# text cache (text_cache.c): a run that finds a file as it was reads its
# kept text instead of the file, and an edit to the body or the header is
# read from the file.

load helpers

setup() {
	e2e_setup
	MIGS="$BATS_TEST_TMPDIR/migs"
	mkdir -p "$MIGS"
	cp "$SAMPLE"/*.sql "$MIGS"/
	R2_FILE="$MIGS/$(basename "$MIGS/$R2"_*.sql)"
	# files made by the test are never seconds old: trust them at once
	# (the racily-clean test sets the margin back)
	export MIGRATOR_SUM_CACHE_RACY_MS=0
}

cache_file() {
	ls "$XDG_CACHE_HOME"/migrator/sums-* 2>/dev/null || true
}

# The same number of bytes, another statement: CHECK (limit_usd > 0)
# becomes CHECK (limit_usd > 9).
# Written in place: the same inode (sed -i would make a new file).
edit_r2_same_size() {
	local id
	id=$(stat -c '%i %s' "$R2_FILE")
	sed 's/CHECK (limit_usd > 0)/CHECK (limit_usd > 9)/' "$R2_FILE" >"$BATS_TEST_TMPDIR/r2.new"
	cat "$BATS_TEST_TMPDIR/r2.new" >"$R2_FILE"
	grep -q 'limit_usd > 9' "$R2_FILE"
	assert_eq "$(stat -c '%i %s' "$R2_FILE")" "$id"
}

text_cache_file() {
	ls "$XDG_CACHE_HOME"/migrator/texts-* 2>/dev/null || true
}

# Sets R2_FILE's mtime back to what it was before an edit (ctime moves).
keep_mtime() {
	touch -d "$1" "$R2_FILE"
	assert_eq "$(stat -c %y "$R2_FILE")" "$1"
}

upgrade_warns_r2() {
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_match "$stderr" "warning: .*$(basename "$R2_FILE") was edited after revision $R2 was applied"
}

upgrade_quiet() {
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_no_match "${stderr:-}" "edited"
}

@test "a no-op upgrade keeps the checksums and uses them; a run that hashes nothing writes nothing" {
	mg upgrade head
	[ -z "$(cache_file)" ] || fail "a run that checked nothing wrote a cache"
	upgrade_quiet # hashes the 7 applied files and keeps them
	local f
	f=$(cache_file)
	[ -n "$f" ] || fail "no cache written"
	assert_eq "$(head -1 "$f")" "migrator-sums 1"
	assert_eq "$(($(wc -l <"$f") - 1))" "$(ls "$MIGS"/*.sql | wc -l)"
	assert_eq "$(stat -c %a "$(dirname "$f")")" 700
	local before
	before=$(stat -c '%i %Y %Z' "$f")
	upgrade_quiet
	assert_eq "$(stat -c '%i %Y %Z' "$f")" "$before"
	# the entry is used: a wrong checksum there reads as an edit
	sed -i "/ $(basename "$R2_FILE")\$/s/ [0-9a-f]\{64\} / $(printf '0%.0s' {1..64}) /" "$f"
	upgrade_warns_r2
}

@test "an edit that keeps size and mtime (touch -d) is found through ctime" {
	mg upgrade head
	upgrade_quiet
	[ -n "$(cache_file)" ] || fail "no cache written"
	local mtime
	mtime=$(stat -c %y "$R2_FILE")
	edit_r2_same_size
	touch -d "$mtime" "$R2_FILE"
	assert_eq "$(stat -c %y "$R2_FILE")" "$mtime"
	upgrade_warns_r2
	# and again: the edited file was hashed, not taken from the cache
	upgrade_warns_r2
}

@test "racily clean: a file changed just before a run is not cached, so an edit right after is found" {
	unset MIGRATOR_SUM_CACHE_RACY_MS # the real margin: 2 s
	mg upgrade head
	upgrade_quiet
	# every file was copied just now: none is in the cache
	local f
	f=$(cache_file)
	[ -z "$f" ] || assert_eq "$(wc -l <"$f")" 1
	local mtime
	mtime=$(stat -c %y "$R2_FILE")
	edit_r2_same_size
	touch -d "$mtime" "$R2_FILE"
	upgrade_warns_r2
}

@test "a read-only migrations directory and a cache that cannot be written: the check still works" {
	mg upgrade head
	chmod a-w "$MIGS"/*.sql "$MIGS"
	# a file where the cache's directory would go: not even root can
	# make it
	export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/not-a-dir"
	: >"$XDG_CACHE_HOME"
	upgrade_quiet
	upgrade_quiet
	chmod u+w "$MIGS" "$R2_FILE"
	edit_r2_same_size
	upgrade_warns_r2
	chmod -R u+w "$MIGS"
}

@test "a corrupt or cut-short cache is ignored, and written anew" {
	mg upgrade head
	upgrade_quiet
	local f good
	f=$(cache_file)
	[ -n "$f" ] || fail "no cache written"
	good=$(cat "$f")
	# garbage; a line cut short; a name with a slash; another header
	printf 'garbage\n' >"$f"
	upgrade_quiet
	assert_eq "$(cat "$f")" "$good"
	head -c -20 <<<"$good" >"$f"
	upgrade_quiet
	assert_eq "$(cat "$f")" "$good"
	sed -i '2s/ [^ ]*$/ ..\/x.sql/' "$f"
	upgrade_quiet
	assert_eq "$(cat "$f")" "$good"
	sed -i '1s/.*/migrator-sums 2/' "$f"
	upgrade_quiet
	assert_eq "$(cat "$f")" "$good"
	# an edit is found with the corrupt cache as with none
	printf 'garbage\n' >"$f"
	edit_r2_same_size
	upgrade_warns_r2
}

@test "the text cache: a run that finds the files as they were parses their kept texts" {
	mg upgrade head
	local t
	t=$(text_cache_file)
	[ -n "$t" ] || fail "no text cache written"
	assert_eq "$(head -1 "$t")" "migrator-texts 1"
	# one record per file, each text ended by a NUL
	assert_eq "$(tr '\0' '\n' <"$t" | grep -c '^[0-9]* [0-9]* [0-9]* .*\.sql$')" "$(ls "$MIGS"/*.sql | wc -l)"
	local before
	before=$(stat -c '%i %Y %Z' "$t")
	upgrade_quiet
	# nothing was read from a file: nothing written
	assert_eq "$(stat -c '%i %Y %Z' "$t")" "$before"
	# the kept text is what the run parses: changed there (and no kept
	# checksum), it reads as an edit of R2 though the file is as it was
	sed -i 's/CHECK (limit_usd > 0)/CHECK (limit_usd > 9)/' "$t"
	rm -f "$(cache_file)"
	upgrade_warns_r2
}

@test "the text cache: an edit that keeps size and mtime is read from the file, body or header" {
	mg upgrade "$R6"
	upgrade_quiet
	[ -n "$(text_cache_file)" ] || fail "no text cache written"
	# the body of an applied file (no kept checksum: only the text cache
	# could hide the edit)
	local mtime
	mtime=$(stat -c %y "$R2_FILE")
	edit_r2_same_size
	keep_mtime "$mtime"
	rm -f "$(cache_file)"
	upgrade_warns_r2
	# the header of a file not applied yet: its message, as the plan
	# prints it
	R2_FILE="$MIGS/$(basename "$MIGS/$R7"_*.sql)"
	mg upgrade "$R6" --sql >/dev/null # the text is kept
	mtime=$(stat -c %y "$R2_FILE")
	sed 's/^-- migrator:message merge /-- migrator:message MERGE /' "$R2_FILE" >"$BATS_TEST_TMPDIR/r7.new"
	cat "$BATS_TEST_TMPDIR/r7.new" >"$R2_FILE"
	keep_mtime "$mtime"
	run --separate-stderr mg downgrade "$R5" --sql
	assert_status 0
	run --separate-stderr mg upgrade head --sql
	assert_status 0
	assert_match "$output" "MERGE usage_config and usage_snapshots"
}

@test "the text cache: a file changed just before a run is not kept; a corrupt cache is ignored and written anew" {
	unset MIGRATOR_SUM_CACHE_RACY_MS # the real margin: 2 s
	mg upgrade head
	local t
	t=$(text_cache_file)
	# every file was copied just now: none is kept
	[ -z "$t" ] || assert_eq "$(wc -c <"$t")" 17
	export MIGRATOR_SUM_CACHE_RACY_MS=0
	upgrade_quiet
	t=$(text_cache_file)
	[ -n "$t" ] || fail "no text cache written"
	cp "$t" "$BATS_TEST_TMPDIR/good"
	# garbage; cut short; a name with a slash; another header
	printf 'garbage\n' >"$t"
	upgrade_quiet
	cmp "$t" "$BATS_TEST_TMPDIR/good"
	head -c -20 "$BATS_TEST_TMPDIR/good" >"$t"
	upgrade_quiet
	cmp "$t" "$BATS_TEST_TMPDIR/good"
	sed -i '2s/ [^ ]*$/ ..\/x.sql/' "$t"
	upgrade_quiet
	cmp "$t" "$BATS_TEST_TMPDIR/good"
	sed -i '1s/.*/migrator-texts 2/' "$t"
	upgrade_quiet
	cmp "$t" "$BATS_TEST_TMPDIR/good"
}

# A cache decides what a run executes (the text cache) and which edits it
# sees (the checksum cache): one that someone else may have written is not
# read.  plant: R2's kept text, and its kept checksum, made wrong.
@test "a cache another user may have written is not read: group- or other-writable, or not the user's" {
	mg upgrade head
	upgrade_quiet
	local t s
	t=$(text_cache_file)
	s=$(cache_file)
	[ -n "$t" ] && [ -n "$s" ] || fail "no caches written"
	cp "$t" "$BATS_TEST_TMPDIR/texts"
	cp "$s" "$BATS_TEST_TMPDIR/sums"
	plant() {
		cp "$BATS_TEST_TMPDIR/texts" "$t"
		cp "$BATS_TEST_TMPDIR/sums" "$s"
		sed -i 's/CHECK (limit_usd > 0)/CHECK (limit_usd > 9)/' "$t"
		sed -i "/ $(basename "$R2_FILE")\$/s/ [0-9a-f]\{64\} / $(printf '0%.0s' {1..64}) /" "$s"
		chmod "$1" "$t" "$s"
	}
	# the user's own, mode 0600: both are read, and both lie
	plant 0600
	upgrade_warns_r2
	plant 0600
	rm -f "$t"
	upgrade_warns_r2
	# writable by the group or by others: neither is read
	for mode in 0620 0602 0666; do
		plant $mode
		upgrade_quiet
	done
	if [ "$(id -u)" = 0 ]; then
		# another user's, even read-only
		plant 0600
		chown nobody "$t" "$s"
		upgrade_quiet
	fi
}

@test "a migration file dated before 1970 is not kept, and the rest of the cache still is" {
	mg upgrade head
	upgrade_quiet
	touch -d 1960-01-01 "$R2_FILE"
	upgrade_quiet
	local t before
	t=$(text_cache_file)
	[ -n "$t" ] || fail "no text cache written"
	# the other files are kept, R2 is not
	assert_eq "$(tr '\0' '\n' <"$t" | grep -c '^[0-9]* [0-9]* [0-9]* .*\.sql$')" "$(($(ls "$MIGS"/*.sql | wc -l) - 1))"
	before=$(stat -c '%i %Y %Z' "$t")
	upgrade_quiet
	# nothing new to keep: the cache is not written again
	assert_eq "$(stat -c '%i %Y %Z' "$t")" "$before"
}
