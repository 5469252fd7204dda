#!/bin/sh
# readme_commands.sh - the README's first two commands (build and run the
# sample; run the test suite) are one line each and their package
# installation works on a fresh Debian both as root without sudo and as a
# user with sudo: sudo is used exactly when there is one.  apt-get and
# sudo are stand-ins here that record their calls; the part of each line
# after the package installation (build, run) is not run.  TAP output.
#
# From the test environment: TOP_SRCDIR.
set -u
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The first two ```sh blocks of the README, each as its lines.
awk '/^```sh$/ { b++; inb = 1; next }
	/^```/ { inb = 0; if (b >= 2) exit; next }
	inb { print > (dir "/block" b) }' dir="$tmp" "$TOP_SRCDIR/README.md"
for b in 1 2; do
	if [ -f "$tmp/block$b" ] && [ "$(wc -l <"$tmp/block$b")" -eq 1 ]; then
		ok "README command $b is one line"
	else
		notok "README command $b is one line"
	fi
done

# The stand-ins: apt-get and sudo record their calls; sudo runs the rest.
mkdir "$tmp/bin" "$tmp/bin_sudo"
printf '#!/bin/sh\necho "apt-get $*" >>"%s/calls"\n' "$tmp" >"$tmp/bin/apt-get"
printf '#!/bin/sh\necho "sudo $*" >>"%s/calls"\nexec "$@"\n' "$tmp" >"$tmp/bin_sudo/sudo"
chmod +x "$tmp/bin/apt-get" "$tmp/bin_sudo/sudo"

# The leading "&&"-joined parts of line $1 that install packages (those
# naming apt-get), with whatever comes before the first "&&".
install_part() {
	awk '{ n = split($0, p, / && /); out = p[1]
		for (i = 2; i <= n && p[i] ~ /apt-get/; i++) out = out " && " p[i]
		print out }' "$1"
}

who_text() { [ "$1" = root ] && echo "root without sudo" || echo "a user with sudo"; }

for b in 1 2; do
	[ -f "$tmp/block$b" ] || continue
	cmd=$(install_part "$tmp/block$b")
	for who in root sudo; do
		rm -f "$tmp/calls"
		# PATH holds the stand-ins only: no real sudo, no real apt-get.
		case $who in
		root) path=$tmp/bin ;;
		sudo) path=$tmp/bin_sudo:$tmp/bin ;;
		esac
		out=$(PATH=$path /bin/sh -c "$cmd" 2>&1)
		rc=$?
		# The package lists are the README's business: PKGS stands for them.
		calls=$(sed 's/install -y [a-z0-9].*/install -y PKGS/' "$tmp/calls" 2>/dev/null)
		case $who in
		root) want='apt-get update
apt-get install -y PKGS' ;;
		sudo) want='sudo apt-get update
apt-get update
sudo apt-get install -y PKGS
apt-get install -y PKGS' ;;
		esac
		if [ "$rc" -eq 0 ] && [ "$calls" = "$want" ]; then
			ok "README command $b installs its packages as $(who_text "$who")"
		else
			notok "README command $b installs its packages as $(who_text "$who") (exit $rc)"
			printf '%s\n' "$cmd" "$out" "$calls" | sed 's/^/# /'
		fi
	done
done
echo "1..$n"
exit $fail
