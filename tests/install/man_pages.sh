#!/bin/sh
# man_pages.sh - migrator(1) and migrator.ini(5) render without a groff
# warning, and migrator(1) covers every command and every option that
# `migrator --help` lists.  Prints TAP.
#
# From the test environment: MIGRATOR, TOP_SRCDIR.  Needs groff (Debian:
# groff-base); without it the test fails, it does not skip.
set -u
man1=$TOP_SRCDIR/core/cli/migrator.1
man5=$TOP_SRCDIR/core/cli/migrator.ini.5
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }

echo "1..4"
if ! command -v groff >/dev/null 2>&1; then
	echo "# groff not found: install groff-base (Debian) to lint the man pages"
	for t in "migrator.1 lints" "migrator.ini.5 lints" "commands" "options"; do
		not_ok "$t"
	done
	exit 1
fi

# -ww: every warning; -z: no output but the warnings.
for page in "$man1" "$man5"; do
	warnings=$(groff -man -ww -z "$page" 2>&1)
	if [ -z "$warnings" ]; then
		ok "$(basename "$page") renders without a warning"
	else
		not_ok "$(basename "$page") renders without a warning"
		printf '%s\n' "$warnings" | sed 's/^/# /'
	fi
done

# The page as text, one long line per paragraph (no line breaks or
# hyphenation inside a word).
text=$(groff -man -Tascii -rLL=2000n -rHY=0 -P-cbou "$man1" 2>/dev/null)
help=$("$MIGRATOR" --help) || { not_ok "migrator --help"; exit 1; }

# Commands: "  NAME ..." lines of the help's commands block.
missing=
for c in $(printf '%s\n' "$help" |
	sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\).*/\1/p'); do
	printf '%s\n' "$text" | grep -q "migrator $c\b" || missing="$missing $c"
done
if [ -z "$missing" ]; then
	ok "migrator(1) shows every command of --help in its synopsis"
else
	not_ok "migrator(1) shows every command of --help in its synopsis"
	echo "# missing:$missing"
fi

# Options: every --long option the help names.
missing=
for o in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	printf '%s\n' "$text" | grep -q -- "$o\b" || missing="$missing $o"
done
if [ -z "$missing" ]; then
	ok "migrator(1) describes every option of --help"
else
	not_ok "migrator(1) describes every option of --help"
	echo "# missing:$missing"
fi
exit $failed
