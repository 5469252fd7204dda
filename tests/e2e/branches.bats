#!/usr/bin/env bats
# branches.bats - two heads, "upgrade heads", and the merge that joins them
# (DESIGN 2, 5).

load helpers

# The sample without its merge revision: two heads, R5 and R6.
two_heads() {
	MIGS="$BATS_TEST_TMPDIR/migs"
	copy_sample "$MIGS" "$R1"_*.sql "$R2"_*.sql "$R3"_*.sql "$R4"_*.sql \
		"$R5"_*.sql "$R6"_*.sql
}

both_heads=$(printf '%s\n' "$R5" "$R6" | sort | tr '\n' ' ' | sed 's/ $//')

@test "two heads: upgrade head fails with exit 2 naming both heads, writes nothing" {
	two_heads
	mg upgrade "$R4"
	before=$(fingerprint)
	run --separate-stderr mg upgrade head
	assert_status 2
	assert_error "$R5"
	assert_error "$R6"
	# DESIGN 2: suggest heads or merge
	assert_match "$stderr" "heads|merge"
	assert_unchanged "$before"
	assert_eq "$(stamp)" "$R4"
}

@test "two heads on an empty database: upgrade head fails with exit 2, nothing created" {
	two_heads
	before=$(fingerprint)
	run --separate-stderr mg upgrade head
	assert_status 2
	assert_error "$R5"
	assert_unchanged "$before"
}

@test "upgrade heads applies both branches; the stamp holds two rows" {
	two_heads
	run --separate-stderr mg upgrade heads
	assert_status 0
	assert_eq "$(stamp)" "$both_heads"
	has_table usage_config
	has_table usage_snapshots
	run --separate-stderr mg current
	assert_status 0
	assert_match "$(printf '%s\n' "$output" | grep "$R5")" "\(head\)"
	assert_match "$(printf '%s\n' "$output" | grep "$R6")" "\(head\)"
}

@test "after the merge revision the stamp holds one row" {
	two_heads
	mg upgrade heads
	cp "$SAMPLE/$R7"_*.sql "$MIGS"/
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
	assert_match "$(columns usage_snapshots)" "interval_key"
}

@test "one branch at a time: upgrade a head by ID, then the other, then the merge" {
	mg upgrade "$R5"
	assert_eq "$(stamp)" "$R5"
	has_table usage_config
	refute_table usage_snapshots
	run --separate-stderr mg upgrade "$R6"
	assert_status 0
	assert_eq "$(stamp)" "$both_heads"
	run --separate-stderr mg upgrade head
	assert_status 0
	assert_eq "$(stamp)" "$R7"
}

@test "a branch label: upgrade config@head reaches the labelled branch's head" {
	two_heads
	run --separate-stderr mg upgrade config@head
	assert_status 0
	assert_eq "$(stamp)" "$R5"
	refute_table usage_snapshots
}
