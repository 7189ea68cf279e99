#!/usr/bin/env bash
# `svsmlab run`: every attack scenario and Lua test passes; traces save,
# replay and export; bad scripts and bad traces give the right exit status
# and a message that says where. Usage: bash tests/cli/lua.sh /path/to/svsmlab
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# Every catalog bug has its attack, and every attack, demo and Lua test passes.
for name in $("$bin" bugs | awk '/^ *[0-9]+  [a-z]/ { print $2 }'); do
	[ -f "scripts/attacks/$name.lua" ] || fail "no scripts/attacks/$name.lua for bug $name"
done
for script in scripts/attacks/*.lua scripts/demo.lua tests/lua/*.lua; do
	expect 0 "result: ok" run "$script"
done
# Those that write files need full Lua.
for script in tests/lua/unsafe/*.lua; do
	expect 0 "result: ok" run "$script" --unsafe
	expect 2 "is not available in the sandbox; run with --unsafe" run "$script"
done

# The attack of bug 1 shows the report; --trace shows every step with its source line.
expect 0 "::: clause page-public-to-vmpl" run scripts/attacks/no-zero-after-validate.lua
expect 0 " module vcpu0 rmpadjust  gpa=0x20000 size=4k attrs=0x0f01 -> ok .*svsm/core/validate.c:[0-9]" \
	run scripts/attacks/no-zero-after-validate.lua --trace
expect 0 " hv           map        gpa=0x20000 spa=0x1000 -> ok" run scripts/demo.lua --trace

# --save writes a counterexample that replays to the same violation; --json is JSON.
expect 0 "result: ok" run scripts/attacks/create-vcpu-no-lock.lua --save "$tmp/race.lua" \
	--json "$tmp/race.json"
expect 0 "the expected violation page-public-to-vmpl fired" run "$tmp/race.lua"
grep -q 'bugs = { "create-vcpu-no-lock" }' "$tmp/race.lua" || fail "the saved trace lost its bug"
python3 -m json.tool "$tmp/race.json" >/dev/null || fail "--json wrote invalid JSON"
grep -q '"format": "svsmlab-trace/1"' "$tmp/race.json" || fail "--json has no format"
# The replayed trace saves again to the same file.
expect 0 "result: ok" run "$tmp/race.lua" --save "$tmp/again.lua"
cmp -s "$tmp/race.lua" "$tmp/again.lua" || fail "a replayed trace saves differently"

# A replayed trace whose violation does not fire fails (1), and one that breaks fails too.
sed 's/bugs = { "create-vcpu-no-lock" }/bugs = { }/' "$tmp/race.lua" >"$tmp/fixed.lua"
expect 2 "does not replay" run "$tmp/fixed.lua"   # the lock changes which steps can happen
sed 's/violation = "page-public-to-vmpl"/violation = "vmsa-safety"/' "$tmp/race.lua" >"$tmp/other.lua"
expect 1 "the expected violation vmsa-safety did not fire" run "$tmp/other.lua"

# Failed expectations and unexpected violations: exit 1, naming the line.
cat >"$tmp/fails.lua" <<'EOF'
local m = svsm.machine{bugs = {"no-address-check"}}:boot()
svsm.expect.eq(1 + 1, 3, "arithmetic")
m:guest(0):pvalidate{ {gpa = 0x3000, validate = false} }
EOF
expect 1 "FAIL $tmp/fails.lua:2: expectation failed: arithmetic: got 2, want 3" run "$tmp/fails.lua"
expect 1 "1 unexpected violation" run "$tmp/fails.lua"
expect 1 "::: clause rescind-only-guest-pages" run "$tmp/fails.lua"
cat >"$tmp/bytes.lua" <<'EOF'
local m = svsm.machine{}:boot()
svsm.expect.bytes(m:guest(0):read(0x20000, 4), "abcd", "the page")
svsm.expect.violation(m, "confidentiality")
EOF
expect 1 "the page differ at byte 0 (got 4 bytes, want 4): got 00 00 00 00, want 61 62 63 64" \
	run "$tmp/bytes.lua"
expect 1 "machine #1: confidentiality did not fire; what fired: none" run "$tmp/bytes.lua"

# Script errors: exit 2 with the message and a traceback into the script.
printf 'local x = = 1\n' >"$tmp/syntax.lua"
expect 2 "syntax.lua:1: unexpected symbol near '='" run "$tmp/syntax.lua"
printf 'local m = svsm.machine{}:boot()\nlocal function f() m:guest(0):write(0x20001, 7) end\nf()\n' \
	>"$tmp/runtime.lua"
expect 2 "runtime.lua:2: write: bytes must be a string of bytes, got 7" run "$tmp/runtime.lua"
expect 2 "runtime.lua:3: in main chunk" run "$tmp/runtime.lua"
printf 'local n = 0\nwhile true do n = n + 1 end\n' >"$tmp/loop.lua"
expect 2 "ran out of its instruction budget (10000000 Lua instructions)" run "$tmp/loop.lua"
printf 'while true do pcall(function() while true do end end) end\n' >"$tmp/loop2.lua"
expect 2 "instruction budget (5000 Lua" run "$tmp/loop2.lua" --budget 5000

# Malformed trace files: exit 2, naming the step.
cat >"$tmp/bad.lua" <<'EOF'
return { format = "svsmlab-trace/1", steps = {
  { "guest", "write", gpa = 0x9000, bytes = "x" },
  { "hv", "rmpupdate", spa = 0x1000, assigned = false, size = "3m" },
} }
EOF
expect 2 "step 2 (hv rmpupdate): field 'size' must be \"4k\" or \"2m\", got \"3m\"" \
	run "$tmp/bad.lua"
printf 'return { format = "svsmlab-trace/1", steps = { { "vm", "exit" } } }\n' >"$tmp/actor.lua"
expect 2 "step 1: unknown actor 'vm'" run "$tmp/actor.lua"

# Usage errors.
expect 2 "a FILE.lua is needed; try 'svsmlab run --help'" run
expect 2 "cannot open" run "$tmp/none.lua"
expect 2 "unknown option '--frob'" run scripts/demo.lua --frob
expect 2 "--budget takes a positive number" run scripts/demo.lua --budget 0
printf 'print("no machine")\n' >"$tmp/empty.lua"
expect 2 "booted no machine" run "$tmp/empty.lua" --save "$tmp/x.lua"

exit 0
