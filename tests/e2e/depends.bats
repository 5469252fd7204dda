#!/usr/bin/env bats
# depends.bats - depends_on in the stamp and in downgrades, as Alembic does
# it (issue R1-R4), the target grammar around labels (LABEL@base,
# LABEL@+N, LABEL@-N) and history's `current` (-i, -r current:).  Each
# revision creates t_<id>, so the tables show what is applied.

load helpers

# revs ID:DOWN:DEPS ...: one file per revision into a fresh $MIGS.
revs() {
	MIGS="$BATS_TEST_TMPDIR/migs"
	rm -rf "$MIGS"
	mkdir -p "$MIGS"
	local spec id down dep label
	for spec in "$@"; do
		IFS=: read -r id down dep label <<<"$spec"
		{
			echo "-- migrator:revision $id"
			[ -z "$down" ] || echo "-- migrator:down_revision ${down//+/, }"
			[ -z "$dep" ] || echo "-- migrator:depends_on ${dep//+/, }"
			[ -z "$label" ] || echo "-- migrator:branch_labels $label"
			echo "-- migrator:upgrade"
			echo "CREATE TABLE t_$id (x int);"
			echo "-- migrator:downgrade"
			echo "DROP TABLE t_$id;"
		} >"$MIGS/${id}_rev.sql"
	done
}

# applied: the t_<id> tables present, sorted, space-separated.
applied() {
	tables | tr ' ' '\n' | sed -n 's/^t_//p' | sort | tr '\n' ' ' | sed 's/ $//'
}

@test "R1: downgrade -1 brings back a row for the dependency, so upgrade heads works again" {
	revs r01:: r03:: r02:r01:r03
	mg upgrade heads -q
	assert_eq "$(stamp)" "r02"
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "r01 r03"
	assert_eq "$(applied)" "r01 r03"
	run --separate-stderr mg upgrade heads
	assert_status 0
	assert_eq "$(stamp)" "r02"
	assert_eq "$(applied)" "r01 r02 r03"
}

@test "R1: downgrade to a revision, by prefix, and -N through a merge restore every uncovered row" {
	revs aa01:: cc03:: bb02:aa01:cc03
	mg upgrade heads -q
	run --separate-stderr mg downgrade aa01
	assert_status 0
	assert_eq "$(stamp)" "aa01 cc03"
	mg upgrade heads -q
	assert_eq "$(stamp)" "bb02"
	run --separate-stderr mg downgrade aa
	assert_status 0
	assert_eq "$(stamp)" "aa01 cc03"
	assert_eq "$(applied)" "aa01 cc03"
	revs a1:: b1:: m1:a1+b1:c1 c1:: x1:m1
	DB_URL=$(new_db second)
	mg upgrade heads -q
	assert_eq "$(stamp)" "x1"
	run --separate-stderr mg downgrade -2
	assert_status 0
	assert_eq "$(stamp)" "a1 b1 c1"
	assert_eq "$(applied)" "a1 b1 c1"
}

@test "R2: a dependency applied on the way has no row of its own (upgrade +1, stamp heads)" {
	revs r03:: r02:: r01:r03:r02
	mg upgrade r03 -q
	run --separate-stderr mg upgrade +1
	assert_status 0
	assert_eq "$(stamp)" "r01"
	assert_eq "$(applied)" "r01 r02 r03"
	revs r01:: r02::r01
	DB_URL=$(new_db second)
	run --separate-stderr mg stamp heads
	assert_status 0
	assert_eq "$(stamp)" "r02"
}

@test "R3: downgrade X leaves a revision that only depends on X" {
	revs r03:: r02:r03 r01::r03
	mg upgrade heads -q
	assert_eq "$(stamp)" "r01 r02"
	run --separate-stderr mg downgrade r03
	assert_status 0
	assert_eq "$(stamp)" "r01"
	assert_eq "$(applied)" "r01 r03"
}

@test "R4: downgrade -N walks the current revision's own chain; its dependency stays" {
	revs r04:: r03:: r02:r04:r03 r05:r02 r01:r05
	mg upgrade heads -q
	assert_eq "$(stamp)" "r01"
	run --separate-stderr mg downgrade -4
	assert_status 0
	assert_eq "$(stamp)" "r03"
	assert_eq "$(applied)" "r03"
	mg upgrade heads -q
	run --separate-stderr mg downgrade -6
	assert_status 2
	assert_error "goes below base: only 4 step"
	assert_eq "$(stamp)" "r01"
}

@test "downgrade heads with several heads is ambiguous: exit 2, as in Alembic" {
	revs r:: a:r b:r
	mg upgrade heads -q
	before=$(fingerprint)
	run --separate-stderr mg downgrade heads
	assert_status 2
	assert_error "downgrade heads is ambiguous"
	assert_unchanged "$before"
	# a head that the other head depends on is not a second head here
	revs r:: a:r b:r:a
	DB_URL=$(new_db second)
	mg upgrade heads -q
	run --separate-stderr mg downgrade heads
	assert_status 0
	assert_eq "$(stamp)" "b"
}

@test "upgrade -1 and downgrade +1 go the other way: exit 2, nothing changes" {
	revs a:: b:a
	mg upgrade head -q
	before=$(fingerprint)
	run --separate-stderr mg upgrade -1
	assert_status 2
	assert_error "upgrade -1 would go down"
	run --separate-stderr mg downgrade +1
	assert_status 2
	assert_error "downgrade \+1 would go up"
	assert_unchanged "$before"
}

# r -+- x1 - x2 (xl)
#    +- y1 - y2 (yl)
@test "LABEL@+N and LABEL@-N count along the label's line; LABEL@base removes its whole line" {
	revs r:: x1:r x2:x1::xl y1:r y2:y1::yl
	mg upgrade r -q
	run --separate-stderr mg upgrade yl@+1
	assert_status 0
	assert_eq "$(stamp)" "y1"
	run --separate-stderr mg upgrade xl@+2
	assert_status 0
	assert_eq "$(stamp)" "x2 y1"
	run --separate-stderr mg upgrade xl@+1
	assert_status 2
	assert_error "goes past head x2"
	run --separate-stderr mg downgrade xl@-1
	assert_status 0
	assert_eq "$(stamp)" "x1 y1"
	run --separate-stderr mg downgrade xl@base
	assert_status 0
	assert_eq "$(applied)" ""
	assert_eq "$(stamp)" ""
	mg upgrade heads -q
	run --separate-stderr mg stamp yl@base
	assert_status 0
	assert_eq "$(stamp)" "x2"
	run --separate-stderr mg upgrade xl@tail
	assert_status 2
	assert_error "after @ only head, base, \+N and -N are known"
}

@test "history -i marks the stamped revisions; current ends a range; both need the database" {
	revs a:: b:a c:b d:c
	mg upgrade c -q
	run --separate-stderr mg history -i
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep '(current)')" "b -> c (current)"
	run --separate-stderr mg history -r current:
	assert_status 0
	assert_eq "$output" "$(printf '%s\n' 'c -> d (head)' 'b -> c')"
	run --separate-stderr mg history -r -2:current
	assert_status 0
	assert_eq "$output" "$(printf '%s\n' 'b -> c' 'a -> b' '<base> -> a')"
	run --separate-stderr mg history -i -v
	assert_status 0
	assert_eq "$(printf '%s\n' "$output" | grep '(current)')" "Rev: c (current)"
	run --separate-stderr mg history -i --format json
	assert_status 0
	assert_eq "$(printf '%s' "$output" | jq -c '[.history[] | select(.current) | .revision]')" '["c"]'
	run --separate-stderr mg history --format json
	assert_eq "$(printf '%s' "$output" | jq -c '[.history[] | has("current")] | any')" false
	run --separate-stderr "$MIGRATOR" -m "$MIGS" history -i
	assert_status 2
	assert_error "no database URL"
	# a relative start with several revisions at the end: no database
	# is blamed for it
	revs a:: b:a c:b d:a
	run --separate-stderr "$MIGRATOR" -m "$MIGS" history -r -1:
	assert_status 2
	assert_error "counts from one revision, but there are several: c, d"
}

@test "downgrade LABEL@-N when nothing of the label's own line is applied: exit 2, nothing removed" {
	revs r:: x1:r x2:x1::xl y1:r y2:y1::yl
	mg upgrade yl@head -q
	run --separate-stderr mg downgrade xl@-1
	assert_status 2
	assert_error "nothing of x2's line is applied"
	assert_eq "$(applied)" "r y1 y2"
}

@test "downgrade LABEL@-N from a merge point stays on the label's line" {
	revs r:: x1:r x2:x1::xl y1:r y2:y1::yl m:x2+y2
	mg upgrade heads -q
	run --separate-stderr mg downgrade xl@-2
	assert_status 0
	assert_eq "$(applied)" "r x1 y1 y2"
	assert_eq "$(stamp)" "x1 y2"
}

@test "downgrade -N through a merge point removes at least what -(N-1) removes" {
	revs a1:: b1:: b2:b1 m:a1+b2
	mg upgrade heads -q
	run --separate-stderr mg downgrade -2
	assert_status 0
	assert_eq "$(applied)" "b1"
	mg upgrade heads -q
	run --separate-stderr mg downgrade -3
	assert_status 0
	assert_eq "$(applied)" ""
}

@test "an old stamp with a dependency's own row: the next upgrade writes Alembic's layout" {
	revs r02:: r01::r02 r03:r01
	mg upgrade r01 -q
	sql "INSERT INTO migrator_version VALUES ('r02')"
	assert_eq "$(stamp)" "r01 r02"
	run --separate-stderr mg upgrade heads
	assert_status 0
	assert_eq "$(stamp)" "r03"
	# and a downgrade from such a stamp: the stale row goes, the rows
	# that the downgrade uncovers come back
	mg downgrade r01 -q
	sql "INSERT INTO migrator_version VALUES ('r02')"
	run --separate-stderr mg downgrade -1
	assert_status 0
	assert_eq "$(stamp)" "r02"
	assert_eq "$(applied)" "r02"
}

@test "-N from several stamp rows names the form that counts on one line" {
	revs r:: x1:r y1:r
	mg upgrade heads -q
	run --separate-stderr mg downgrade -1
	assert_status 2
	assert_error "counts from one revision, but there are several: x1, y1"
	assert_error "x1@-1"
	run --separate-stderr mg downgrade x1@-1
	assert_status 0
	assert_eq "$(applied)" "r y1"
}
