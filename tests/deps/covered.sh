#!/usr/bin/env bash
# tests/deps/covered.sh: does scripts/deps.sh install everything the kit uses?
#
# A machine that already has a package hides its absence from the install
# list: the build and the tests pass here and fail on a fresh Debian 12. So
# this asks, for everything the kit takes from outside, which Debian package
# it came from, and fails unless that package is on deps.sh's list, is pulled
# in by one that is, or is one every Debian system has (Priority: required).
#
#   pkg-config modules  the Makefile's PKGS (make build-deps)
#   libraries           the ones it links by name (-lcmocka)
#   tools               every word of the shell scripts and Makefile that is
#                       a program on this machine, and every program the C
#                       code starts with exec*()
#
# A tool found only outside the system's directories (/usr/local, a pyenv
# shim) fails too: a fresh machine would not have it. A tool that is nowhere
# on this machine cannot be told from an ordinary word; the tests that use it
# fail anyway, which is why no test may skip on a missing program.
#
# Usage: tests/deps/covered.sh (from anywhere); exit 0 when all is covered.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

# The kit's own programs, which no package provides (/proc/self/exe: the
# explorer starting `svsmlab gdb` with the program it is).
OWN='svsmlab /proc/self/exe'
SYSTEM_DIRS='/usr/bin /bin /usr/sbin /sbin'

problems=0
problem() { echo "NOT COVERED: $*"; problems=$((problems + 1)); }

mapfile -t listed < <(scripts/deps.sh --list)
[ ${#listed[@]} -gt 0 ] || { echo "scripts/deps.sh --list printed nothing" >&2; exit 2; }

# Every package the listed ones bring in, virtual names included.
covered=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
	--no-breaks --no-replaces --no-enhances "${listed[@]}" 2>/dev/null |
	grep -v '^ ' | sed 's/:.*//' | sort -u)
is_covered() { grep -qxF "$1" <<<"$covered"; }
is_required() {
	[ "$(dpkg-query -W -f='${Priority} ${Essential}' "$1" 2>/dev/null)" = "required yes" ] ||
		[ "$(dpkg-query -W -f='${Priority}' "$1" 2>/dev/null)" = required ]
}

# owner FILE: the package that installed FILE, or nothing. dpkg's lists
# name a file by the path it was packaged at: as given (without ".."), as
# its link points, or across the usr merge (/bin and /usr/bin).
owner() {
	local f p
	p=$(realpath -s "$1")
	for f in "$p" "$(readlink -f "$1")" "${p/#\/usr\/bin/\/bin}" "${p/#\/bin/\/usr\/bin}" \
		"${p/#\/usr\/sbin/\/sbin}" "${p/#\/sbin/\/usr\/sbin}"; do
		f=$(grep -lxF "$f" /var/lib/dpkg/info/*.list 2>/dev/null | head -n1)
		if [ -n "$f" ]; then
			f=${f##*/}
			f=${f%.list}
			echo "${f%%:*}"
			return
		fi
	done
}

# judge WHAT FILE: the package of FILE must be covered.
judge() {
	local what=$1 file=$2 pkg
	pkg=$(owner "$file")
	if [ -z "$pkg" ]; then
		problem "$what ($file belongs to no Debian package)"
	elif ! is_covered "$pkg" && ! is_required "$pkg"; then
		problem "$what (package $pkg, not installed by scripts/deps.sh)"
	else
		echo "covered: $what ($pkg)"
	fi
}

build=$(make --no-print-directory -s build-deps) || { echo "make build-deps failed" >&2; exit 2; }

for mod in $(sed -n 's/^pkg-config: //p' <<<"$build"); do
	dir=$(pkg-config --variable=pcfiledir "$mod" 2>/dev/null)
	if [ -z "$dir" ]; then
		problem "pkg-config module $mod (not found at all)"
	else
		judge "pkg-config module $mod" "$dir/$mod.pc"
	fi
done

for lib in $(sed -n 's/^libraries: //p' <<<"$build"); do
	file=$(${CC:-cc} -print-file-name="lib$lib.so")
	if [ "$file" = "lib$lib.so" ]; then
		problem "library -l$lib (not found at all)"
	else
		judge "library -l$lib" "$file"
	fi
done

# The commands the scripts run: the first word of every simple command
# (after assignments and words like `then`, `!`, `timeout 5`; not case
# patterns), read from
# the shell scripts and the Makefile's recipes and $(shell ...) calls.
# Quoted text is prose or data, except the $(...) inside double quotes.
commands_of() {
	perl -ne '
		next if /^\s*#/;
		my $recipe = ($ARGV =~ /(Makefile|\.mk)$/);
		if ($recipe) {
			my @sh = /\$\(shell ([^)]*)\)/g;
			$_ = /^\t[@+-]*(.*)/ ? "$1;" . join(";", @sh) : join(";", @sh);
		}
		s/(^|\s)#.*//;
		s/^\s*[\w|*. -]+\)//;          # a case pattern, "a | b)"
		s/\x27[^\x27]*\x27//g;
		s/"([^"]*)"/join(";", $1 =~ m{\$\(([^)]*)}g)/ge;
		for my $seg (split /\$\(|\|\|?|;|&&|[(){}`]/) {
			my @w = split " ", $seg;
			shift @w while @w && ($w[0] =~ /^[A-Za-z_]\w*=/ ||
				$w[0] =~ /^(then|do|else|elif|if|while|until|!|time|exec|command|-v|xargs|-\w+|\d+)$/);
			print "$w[0]\n" if @w && $w[0] =~ /^[a-z][a-z0-9_.+-]*$/;
		}' "$@"
}
scripts=$(git ls-files '*.sh' Makefile '*.mk' .ci/run 2>/dev/null)
words=$(commands_of $scripts | sort -u)
# And the programs the C code starts.
execs=$(git ls-files '*.c' | xargs grep -hoE 'exec[lv]p?e?\("[^"]+"' 2>/dev/null |
	sed -E 's/.*\("//; s/"$//' | sort -u)

for w in $(printf '%s\n%s\n' "$words" "$execs" | sort -u); do
	case " $OWN " in *" $w "*) continue ;; esac
	case $(type -t "$w") in builtin | keyword) continue ;; esac
	found=
	for d in $SYSTEM_DIRS; do
		if [ -x "$d/$w" ] && [ ! -d "$d/$w" ]; then found=$d/$w; break; fi
	done
	if [ -n "$found" ]; then
		judge "tool $w" "$found"
	elif path=$(command -v "$w" 2>/dev/null) && [ -n "$path" ] && [ "${path#/}" != "$path" ]; then
		problem "tool $w (only at $path, outside Debian's packages)"
	fi
done

if [ "$problems" -gt 0 ]; then
	echo "$problems not covered: add their packages to scripts/deps.sh"
	exit 1
fi
echo "every library and tool the kit uses is installed by scripts/deps.sh"
