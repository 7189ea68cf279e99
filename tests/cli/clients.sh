#!/usr/bin/env bash
# The real clients as scenarios (scripts/clients/): Linux's and OVMF's call
# sequences run on the correct module with every answer as the client
# expects (play.lua), and `svsmlab check` finds no violation in any of
# them within the default bounds, the hypervisor attacking the real
# sequence. Usage: bash tests/cli/clients.sh /path/to/svsmlab
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# play.lua names every scenario of the directory, and they all play.
n=0
for scenario in scripts/clients/*-*.lua; do
	name=$(basename "$scenario")
	grep -q "\"$name\"" scripts/clients/play.lua || fail "play.lua does not play $name"
	n=$((n + 1))
done
[ "$n" -ge 6 ] || fail "only $n client scenarios"
expect 0 "result: ok" run scripts/clients/play.lua
[ "$(grep -c "every answer as the client expects" <<<"$out")" -eq "$n" ] ||
	fail "not every scenario played: $out"

# check on each. The 4K fallbacks of a 2M range work on 512 pages, more than
# the hypervisor's scope takes (docs/check.md): check says so and refuses.
for scenario in scripts/clients/*-*.lua; do
	case $scenario in
	*-2m-4k.lua)
		expect 2 "the scope takes at most 8" check "$scenario" --bug none --quiet \
			--out "$tmp/cex.lua" ;;
	*)
		expect 0 "no violation within the bounds" check "$scenario" --bug none --quiet \
			--out "$tmp/cex.lua"
		[ ! -e "$tmp/cex.lua" ] || fail "check wrote a counterexample for $scenario" ;;
	esac
done
