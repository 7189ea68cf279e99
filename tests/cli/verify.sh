#!/usr/bin/env bash
# `svsmlab verify` from the command line: a verified case exits 0; a catalog
# bug exits 1 with a Verus-style report, a counterexample (and its JSON) that
# `svsmlab run` replays onto the clause; --json output parses and names the
# clause and the counterexample; usage errors exit 2 and say why.
# Each run is one cheap case (--handler, --input): all of verify takes minutes.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# The correct module: the case verifies, asking Z3.
run 0 verify --handler pvalidate --input "rescind 0x20000 (rescinded first)" --quiet
has "^verify: pvalidate, 1 vCPU, the correct module"
has "^  verified  pvalidate    rescind 0x20000 (rescinded first) .* [1-9][0-9]* queries"
has "^verification results:: 1 verified, 0 errors$"
run 0 verify --handler all --input "core protocol" --bug none --quiet
has "^verification results:: 2 verified, 0 errors$"

# Bug 1: an error on the RMPADJUST, proven by replay, written to --out.
bug=(--bug no-zero-after-validate --handler pvalidate --input "validate 0x20000 (rescinded first)")
run 1 verify "${bug[@]}" --out "$tmp/cex.lua" --quiet
has "^error: precondition not satisfied$"
has "^  --> svsm/core/[a-z_]*\.c:[0-9]"
has "hal_rmpadjust"
has "^  ::: clause page-public-to-vmpl$"
has "^  ::: specs/contracts.smt2:[0-9]*   (define-fun page-public-to-vmpl"
has "= case: pvalidate: validate 0x20000 (rescinded first)$"
has "= proven counterexample: a fresh machine running $tmp/cex.lua fails page-public-to-vmpl"
has "replay it with: svsmlab run $tmp/cex.lua$"
has "^  error     pvalidate    validate 0x20000 (rescinded first) "
has "^verification results:: 0 verified, 1 errors$"
[ -s "$tmp/cex.lua" ] && [ -s "$tmp/cex.json" ] || fail "no counterexample files"
python3 -m json.tool "$tmp/cex.json" >/dev/null || fail "the counterexample's JSON does not parse"
grep -q 'expect = { violation = "page-public-to-vmpl" }' "$tmp/cex.lua" ||
	fail "the counterexample does not expect the clause"
run 0 run "$tmp/cex.lua"                  # the replay shows the expected violation
has "the expected violation page-public-to-vmpl fired"
# Shrunk by replay to the moves the attack needs: the secrets page re-bound
# to the guest's GPA 0x20000, in the guest's own ASID, and mapped there.
grep -q "= shrunk by replay: [0-9]* -> [0-9]* steps, [0-9]* -> 2 hypervisor moves" <<<"$(
	"$bin" verify "${bug[@]}" --out "$tmp/cex.lua" --quiet 2>&1)" || fail "not shrunk to 2 moves"
moves=$(grep '"hv"' "$tmp/cex.lua")
[ "$(wc -l <<<"$moves")" -eq 2 ] || fail "moves the attack does not need: $moves"
grep -q '"hv", "rmpupdate", spa = 0x1000, assigned = true, asid = 1, gpa = 0x20000' <<<"$moves" ||
	fail "no re-bind of the secrets page in the guest's ASID: $moves"
grep -q '"hv", "map", gpa = 0x20000, spa = 0x1000' <<<"$moves" || fail "no map: $moves"

# The same report as JSON on stdout: it parses, and names the clause and the file.
json=$("$bin" verify "${bug[@]}" --out "$tmp/j.lua" --json --quiet 2>/dev/null)
[ $? -eq 1 ] || fail "verify --json with a bug did not exit 1"
python3 -m json.tool <<<"$json" >/dev/null || fail "--json output does not parse: $json"
python3 -c '
import json, sys
d = json.loads(sys.argv[1])
c = d["cases"][0]
assert (d["verified"], d["errors"], d["unknown"]) == (0, 1, 0), d
assert c["verdict"] == "error" and c["clause"] == "page-public-to-vmpl", c
assert c["proven"] is True and c["counterexample"] == sys.argv[2], c
assert c["spec"].startswith("specs/contracts.smt2:"), c
f, w = c["size"]["found"], c["size"]["written"]
assert w["moves"] == 2 and f["moves"] >= 2 and w["steps"] == f["steps"] - (f["moves"] - 2), c
' "$json" "$tmp/j.lua" || fail "--json output is not the error: $json"
[ -s "$tmp/j.lua" ] && [ -s "$tmp/j.json" ] || fail "no counterexample files with --json"

# Usage errors: exit 2 and say why, and where the help is.
usage() { run 2 verify "$@"; has "; try 'svsmlab verify --help'"; }
usage --handler nonsense
has "\-\-handler takes remap_ca, .* or all, not 'nonsense'"
usage --vcpus 3
has "\-\-vcpus takes 1 or 2, not '3'"
usage --vcpus 0
usage --vcpus two
usage --batch 0
has "\-\-batch takes 1 or 2, not '0'"
usage --batch 3
usage --timeout 0
has "\-\-timeout takes milliseconds, not '0'"
usage --timeout -5
usage --timeout soon
usage --preemptions many
usage --changed-outcomes some
has "\-\-changed-outcomes takes a number or \"unbounded\", not 'some'"
usage --page 0x20000 --page 0x21000 --page 0x22000 --page 0x23000 --page 0x24000
has "at most 4"
usage --handler pvalidate --input                    # a missing value
has "\-\-input needs a value (TEXT)"
usage --frobnicate yes
has "unknown option '--frobnicate'"
usage pvalidate
run 2 verify --bug nonsense --handler pvalidate
has "unknown bug 'nonsense'"
run 2 verify --handler remap_ca --input "no case has this title"
has "no case matches --input no case has this title"
exit 0
