#!/usr/bin/env bash
# The data-race check (docs/races.md) from the command line: the correct
# module shows no race, to `svsmlab check` over the race scenario and the
# clients' scenarios and to `svsmlab verify --vcpus 2`; the module built
# as the mutant dp-remap-unlocked of tests/mutate/mutations.txt (REMAP_CA
# without sv->lock) is reported as a race with both sites, where no clause
# breaks, proven by replay.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

scenario=scripts/races/remap-ca-vs-pvalidate.lua
site='svsm/[a-z_/]*\.c:[0-9][0-9]*'

# --- the correct module ---------------------------------------------------------
for f in "$scenario" scripts/clients/linux-boot.lua scripts/clients/linux-ap-bringup.lua \
	scripts/clients/linux-cpu-online.lua scripts/clients/ovmf-boot.lua; do
	run 0 check "$f" --bug none --quiet --out "$tmp/none.lua"
	has "no violation within the bounds"
done
# Every pair of calls, interleaved (as docs/verify.md's "Two vCPUs" lists them).
run 0 verify --vcpus 2 --changed-outcomes 0 --quiet --out "$tmp/none.lua"
has "verification results:: 9 verified, 0 errors"

# --- the mutant -----------------------------------------------------------------
# Built as tests/mutate/run.sh builds one: a copy of the sources and of the
# build, timestamps kept, the mutant's lines replaced, `make svsmlab`.
mutant=dp-remap-unlocked
hunk=$(awk -v id="$mutant" '$1 == "mutant" && $2 == id { on = 1; next }
	on && $1 == "end" { exit } on && /^[-+]/ { print }' tests/mutate/mutations.txt)
old=$(sed -n 's/^-//p' <<<"$hunk")
new=$(sed -n 's/^+//p' <<<"$hunk")
file=svsm/core/$(awk -v id="$mutant" '$1 == "mutant" && $2 == id { on = 1; next }
	on && $1 == "file" { print $2; exit }' tests/mutate/mutations.txt)
[ -n "$old" ] && [ -n "$new" ] && [ -f "$file" ] || fail "no mutant $mutant in tests/mutate/mutations.txt"
tree=$tmp/tree
mkdir -p "$tree/build"
cp -a Makefile svsm explorer specs svsmlab "$tree/" && cp -a build/obj build/libsvsmlab.a "$tree/build/" ||
	fail "cannot copy the tree and its build (run make first)"
text=$(<"$tree/$file")
[ "${text/"$old"/}" != "$text" ] || fail "the mutant's lines are not in $file"
printf '%s\n' "${text/"$old"/"$new"}" >"$tree/$file"
(cd "$tree" && MAKEFLAGS='' ${MAKE:-make} -j2 svsmlab) >"$tmp/build.log" 2>&1 ||
	fail "the mutant does not build: $(tail -n 5 "$tmp/build.log")"

bin=$tree/svsmlab
run 1 check "$scenario" --quiet --out "$tmp/race.lua"
has "found: no-data-race"
has "  ::: clause no-data-race"
grep -Eq "vCPU [01] (reads|writes) sv->[a-z_]*.*at $site; vCPU [01] (read|wrote) it at $site, and no lock orders the two" <<<"$out" ||
	fail "the race is not reported with both sites: $out"
has "proven by replay: a fresh machine running $tmp/race.lua fails no-data-race"
grep -q '"no-data-race"' "$tmp/race.lua" || fail "the counterexample does not expect the race"
run 0 run "$tmp/race.lua"
has "the expected violation no-data-race fired"
exit 0
