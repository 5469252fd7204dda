#!/bin/sh
# The core writes no SQL (issue 13): every statement the core sends or
# prints, other than the user's own migrations, is a driver's.  So no
# string literal in core/lib or core/cli holds an upper-case SQL keyword.
# Comments may (they are stripped first); the few literals below are the
# SQL splitter reading the user's SQL, and `import --from sqitch` dropping
# the BEGIN;/COMMIT; lines of Sqitch's scripts, `adopt --from flyway`
# reading the type DELETE of a Flyway history row, and are allowed by file and
# exact text.  TAP output.
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}

# FILE<TAB>LITERAL: literals that hold a keyword but are no SQL the core
# writes.
allow='core/lib/sql_split.c	BEGIN
core/lib/sql_split.c	CREATE
core/lib/sql_split.c	trigger body: BEGIN without END
core/lib/sql_split.c	BEGIN ATOMIC body: no END
core/lib/import_sqitch.c	BEGIN;
core/lib/import_sqitch.c	COMMIT;
core/lib/import_sqitch.c	ROLLBACK;
core/lib/adopt.c	DELETE'

cd "$top" || { echo "1..1"; echo "not ok 1 - cannot enter $top"; exit 1; }
files=$(ls core/lib/*.c core/lib/*.h core/cli/*.c core/cli/*.h 2>/dev/null)
[ -n "$files" ] || { echo "1..1"; echo "not ok 1 - no core sources under $top"; exit 1; }

# FILE<TAB>LINE<TAB>LITERAL for each string literal holding a keyword.
found=$(perl -e '
my $kw = qr/\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|TRUNCATE|GRANT|REVOKE|PRAGMA|VACUUM|VALUES|WHERE|FROM|INTO)\b/;
for my $f (@ARGV) {
	open(my $fh, "<", $f) or die "$f: $!";
	local $/;
	my $src = <$fh>;
	# one pass: comments, character constants and strings, in order, so
	# that a quote in a comment or a comment marker in a string is
	# nothing special
	while ($src =~ m{(/\*.*?\*/|//[^\n]*|\x27(?:\\.|[^\x27\\])*\x27|"((?:\\.|[^"\\])*)")}gs) {
		next unless defined $2;
		my ($lit, $end) = ($2, pos($src));
		next unless $lit =~ $kw;
		my $line = (substr($src, 0, $end) =~ tr/\n//) + 1;
		print "$f\t$line\t$lit\n";
	}
}' $files) || { echo "1..1"; echo "not ok 1 - the scan failed"; exit 1; }

bad=$(printf '%s\n' "$found" | awk -F '\t' -v allow="$allow" '
	BEGIN { n = split(allow, a, "\n"); for (i = 1; i <= n; i++) ok[a[i]] = 1 }
	NF >= 3 && !(($1 "\t" $3) in ok) { print $1 ":" $2 ": \"" $3 "\"" }')
n_found=$(printf '%s\n' "$found" | grep -c .)

echo "1..2"
if [ "$n_found" -ge 1 ]; then
	echo "ok 1 - the scan sees literals (it found the splitter's $n_found)"
else
	echo "not ok 1 - the scan found not even the SQL splitter's keywords"
fi
if [ -z "$bad" ]; then
	echo "ok 2 - no core string literal holds SQL"
else
	echo "not ok 2 - core string literals hold SQL (a driver must render it):"
	printf '%s\n' "$bad" | sed 's/^/# /'
	exit 1
fi
[ "$n_found" -ge 1 ]
