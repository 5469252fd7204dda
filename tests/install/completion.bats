#!/usr/bin/env bats
# completion.bats - core/cli/migrator.bash: commands, options, and revision
# IDs from the real migrator over the sample migrations, as bash would ask
# for them (COMP_WORDS, COMP_CWORD, then COMPREPLY).

load ../e2e/helpers

setup() {
	e2e_setup
	# shellcheck source=/dev/null
	source "$TOP_SRCDIR/core/cli/migrator.bash"
}

# complete WORD...: completes the last word of "migrator WORD...";
# $reply is COMPREPLY sorted, one line.
complete_line() {
	COMP_WORDS=("$MIGRATOR" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_migrator
	reply=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
}

@test "completion: the script registers _migrator for migrator" {
	run complete -p migrator
	assert_status 0
	assert_eq "$output" "complete -F _migrator migrator"
}

@test "completion: commands, and the commands that start with a prefix" {
	complete_line ""
	assert_eq "$reply" "adopt branches check current diff downgrade dump heads history import init lint load merge revision show stamp upgrade verify"
	complete_line -q -c x.ini do
	assert_eq "$reply" "downgrade"
	complete_line h
	assert_eq "$reply" "heads history"
}

@test "completion: global options before the command, a command's own after it" {
	complete_line --v
	assert_eq "$reply" "--verbose --version --version-table"
	complete_line upgrade --
	assert_eq "$reply" "--all-targets --canary --dry-run --fail-fast --format --help --jobs --quiet --schemas --sql --strict --target --targets-file --verbose --verify"
	complete_line verify --
	assert_eq "$reply" "--all-targets --allow-branches --canary --fail-fast --format --help --jobs --quiet --schemas --seed --target --targets-file --verbose --with-data"
	# fleets (issue 18): --target completes the config's [target NAME]s
	printf '[migrator]\nurl = sqlite:///x.db\n[target eu]\nurl = sqlite:///eu.db\n[ target  us ]\nurl = sqlite:///us.db\n' >fleet.ini
	complete_line -c fleet.ini upgrade --target ""
	assert_eq "$reply" "eu us"
	complete_line heads --
	assert_no_match "$reply" "--target"
	complete_line verify --seed ""
	assert_eq "$reply" ""
	complete_line stamp --p
	assert_eq "$reply" "--purge"
	complete_line upgrade --format ""
	assert_eq "$reply" "json text"
	# history draws too (issue 20)
	complete_line history --format ""
	assert_eq "$reply" "dot json mermaid text"
	complete_line history --g
	assert_eq "$reply" "--graph"
	complete_line lint --dialect p
	assert_eq "$reply" "postgresql"
	complete_line --plugin ""
	assert_eq "$reply" "backup lint"
	# diff (issue 15): its options; --to a URL or a .sql file
	complete_line diff --
	assert_eq "$reply" "--dialect-url --dialects --head --help --message --quiet --rename --sql --strict --to --verbose"
	complete_line diff --dialect-url p
	assert_eq "$reply" "postgresql=postgresql://"
	touch schema.sql notes.txt
	complete_line diff --to s
	assert_eq "$reply" "schema.sql sqlite:///"
	complete_line diff --rename ""
	assert_eq "$reply" ""
}

@test "completion: revision IDs, labels, head, heads and base for a target, from -m's directory" {
	complete_line -m "$SAMPLE" upgrade ""
	for want in "$R1" "$R4" "$R7" head heads base config config@head; do
		[[ " $reply " == *" $want "* ]] || fail "no $want in: $reply"
	done
	[ "$(wc -w <<<"$reply")" -eq 12 ] || fail "expected 7 IDs, a label twice and 3 names: $reply"
	# a prefix narrows it to one ID
	complete_line --migrations "$SAMPLE" downgrade "${R5:0:3}"
	assert_eq "$reply" "$R5"
	complete_line -m "$SAMPLE" stamp h
	assert_eq "$reply" "head heads"
	complete_line -m "$SAMPLE" revision -m msg --head "${R6:0:4}"
	assert_eq "$reply" "$R6"
}

@test "completion: the migrations directory of -c's config file" {
	mkdir conf
	cp -r "$SAMPLE" conf/migs
	printf '[migrator]\nmigrations = migs\n' >conf/app.ini
	complete_line -c conf/app.ini show "${R3:0:2}"
	assert_eq "$reply" "$R3"
	# without -c or -m: ./migrations, which does not exist here: no IDs
	complete_line show "${R3:0:2}"
	assert_eq "$reply" ""
}

@test "completion: no revisions where a command takes none; directories for init and -m" {
	complete_line -m "$SAMPLE" heads ""
	assert_eq "$reply" ""
	complete_line -m "$SAMPLE" revision -m ""
	assert_eq "$reply" ""
	mkdir -p proj/migrations
	: >proj/file.txt
	complete_line init proj/
	assert_eq "$reply" "proj/migrations"
	complete_line -m proj/
	assert_eq "$reply" "proj/migrations"
	complete_line -c proj/f
	assert_eq "$reply" "proj/file.txt"
}

@test "completion: dump's options, and files for load, dump --check, -o and --schema-file" {
	complete_line dump -
	assert_eq "$reply" "--check --help --output --quiet --verbose -h -o -q -v"
	mkdir -p db
	: >db/schema.sql
	complete_line load db/s
	assert_eq "$reply" "db/schema.sql"
	complete_line dump --check db/
	assert_eq "$reply" "db/schema.sql"
	complete_line dump -o db/
	assert_eq "$reply" "db/schema.sql"
	complete_line --schema-file db/
	assert_eq "$reply" "db/schema.sql"
	# the file names no command: upgrade follows
	complete_line --schema-file db/schema.sql up
	assert_eq "$reply" "upgrade"
}

@test "completion: import and adopt (issue 17): --from's formats, -m's directories, the source" {
	complete_line import --
	assert_eq "$reply" "--dialects --from --help --quiet --verbose"
	complete_line import --from ""
	assert_eq "$reply" "alembic dbmate flyway golang-migrate sqitch"
	complete_line adopt --
	assert_eq "$reply" "--dry-run --from --help --quiet --table --verbose"
	complete_line adopt --table ""
	assert_eq "$reply" ""
	complete_line adopt --from g
	assert_eq "$reply" "golang-migrate"
	mkdir -p "$BATS_TEST_TMPDIR/dbm/db"
	touch "$BATS_TEST_TMPDIR/dbm/file.sql"
	complete_line import --from dbmate -m "$BATS_TEST_TMPDIR/dbm/"
	assert_eq "$reply" "$BATS_TEST_TMPDIR/dbm/db"
	complete_line import --from dbmate "$BATS_TEST_TMPDIR/dbm/"
	assert_eq "$reply" "$BATS_TEST_TMPDIR/dbm/db $BATS_TEST_TMPDIR/dbm/file.sql"
}
