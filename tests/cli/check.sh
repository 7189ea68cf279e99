#!/usr/bin/env bash
# `svsmlab check` and `svsmlab dot` from the command line: a catalog bug is
# found, written as a trace (and JSON), proven by replay, replayed by
# `svsmlab run`, drawn by `svsmlab dot`; the correct module holds; usage
# errors and non-scenarios exit 2.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

scenario=scripts/check/pvalidate-cf-lost.lua
run 1 check "$scenario" --out "$tmp/cex.lua" --json --graph "$tmp/states.dot" --quiet
has "found: pvalidate-reports-unchanged"
has "^shortest: 21 -> 21 search steps; none fails within depth 20 "
has "^shrunk by replay: 22 -> 22 steps, 2 -> 2 hypervisor moves"
has "proven by replay"
has "replay it with: svsmlab run $tmp/cex.lua"
[ -s "$tmp/cex.lua" ] && [ -s "$tmp/cex.json" ] || fail "no counterexample files"
grep -q '"hv", "rmpupdate"' "$tmp/cex.lua" || fail "the counterexample has no hypervisor move"
grep -q '"expect": { "violation": "pvalidate-reports-unchanged" }' "$tmp/cex.json" ||
	fail "the JSON does not expect the clause"
dot -Tsvg "$tmp/states.dot" -o /dev/null || fail "the state graph does not parse"

run 0 run "$tmp/cex.lua"                  # the replay shows the expected violation
run 0 check "$scenario" --bug none --quiet
has "no violation within the bounds"
run 0 check "$scenario" --bug none --hv-actions 0 --preemptions 0 --depth unbounded --quiet
has "hv-actions 0, preemptions 0"

# The progress line goes to stderr; on a pipe it is a plain line.
"$bin" check "$scenario" --out "$tmp/cex2.lua" 2>"$tmp/err" >/dev/null
grep -q "^check: [0-9]* executions, [0-9]* states" "$tmp/err" || fail "no progress line"

# Drawing: DOT text, and SVG through Graphviz.
run 0 dot "$tmp/cex.lua"
has "digraph trace"
has "hypervisor"
has "color=red"
run 0 dot "$tmp/cex.lua" -T svg -o "$tmp/cex.svg"
grep -q "<svg" "$tmp/cex.svg" || fail "no SVG written"
run 0 dot "$tmp/cex.lua" -T png -o "$tmp/cex.png"
[ -s "$tmp/cex.png" ] || fail "no PNG written"

# Errors.
run 2 check
has "a scenario FILE is needed; try 'svsmlab check --help'"
run 2 check "$scenario" --depth lots
run 2 check "$scenario" --bug nonsense
has "unknown bug 'nonsense'"
run 2 check "$tmp/nothere.lua"
run 2 check "$tmp/cex.lua"                  # module and hypervisor steps: not a scenario
has "only what the guest does"
run 2 dot
run 2 dot "$tmp/cex.lua" -T gif
has "svg or png"
exit 0
