#!/usr/bin/env bash
# `svsmlab run` and hostile scripts: the sandbox (what a script may use,
# --unsafe), the memory limit (--memory, machines freed by __gc), trace
# files read as data, and the crashes and unclear messages of issue 9's
# robustness list (items 1-4 and 13). Usage: bash tests/cli/sandbox.sh /path/to/svsmlab
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/cli.sh

# What a sandboxed script may use and what not; the bindings under hostile use.
run 0 run tests/lua/sandbox/allowed.lua
has "result: ok"
run 0 run tests/lua/sandbox/hostile.lua
has "result: ok"

# A script that runs a program: exit 2, naming the function and --unsafe; nothing ran.
printf 'os.execute("touch %s/ran")\n' "$tmp" >"$tmp/exec.lua"
run 2 run "$tmp/exec.lua"
has "exec.lua:1: os.execute is not available in the sandbox; run with --unsafe for full Lua"
[ ! -e "$tmp/ran" ] || fail "a sandboxed script ran a program"
run 0 run "$tmp/exec.lua" --unsafe
[ -e "$tmp/ran" ] || fail "--unsafe did not give full Lua"
printf 'io.open("%s/written", "w"):write("x")\n' "$tmp" >"$tmp/write.lua"
run 2 run "$tmp/write.lua"
has "io.open is not available in the sandbox"
[ ! -e "$tmp/written" ] || fail "a sandboxed script wrote a file"
# package.path cannot widen require beyond the script's directory.
mkdir "$tmp/other" && echo 'return 1' >"$tmp/other/mod.lua"
printf 'package.path = "%s/other/?.lua"\nrequire("mod")\n' "$tmp" >"$tmp/req.lua"
run 2 run "$tmp/req.lua"
has "module 'mod' not found: cannot open mod.lua (the sandbox's require looks only in the script's directory"

# 1. A returned table whose __index raises or loops is no trace, and reading it runs no code.
printf 'return setmetatable({}, {__index = function() error("boom") end})\n' >"$tmp/index.lua"
run 0 run "$tmp/index.lua"
has "result: ok: 0 of 0 expectation(s) held"
printf 'return setmetatable({}, {__index = function() while true do end end})\n' >"$tmp/loop.lua"
run 0 run "$tmp/loop.lua"
printf 'return setmetatable({format = "svsmlab-trace/1", steps = {}}, {__index = error})\n' \
	>"$tmp/meta.lua"
run 2 run "$tmp/meta.lua"
has "the trace: must be a plain table (trace data has no metatables)"
# Nor do the messages about a returned trace: a value's __tostring is code too.
printf 'local shout = {__tostring = function() print("RAN") return "x" end}\n' >"$tmp/tostring.lua"
printf 'return { format = setmetatable({}, shout), steps = {} }\n' >>"$tmp/tostring.lua"
run 2 run "$tmp/tostring.lua"
has "format must be \"svsmlab-trace/1\", got table"
! grep -q RAN <<<"$out" || fail "reading a returned trace ran its __tostring"
printf 'local shout = {__tostring = function() print("RAN") return "x" end}\n' >"$tmp/key.lua"
printf 'return { format = "svsmlab-trace/1", steps = {}, [setmetatable({}, shout)] = 1 }\n' \
	>>"$tmp/key.lua"
run 2 run "$tmp/key.lua"
has "the trace: unknown key (got table) (the fields are: format, machine, steps, expect, watches)"
! grep -q RAN <<<"$out" || fail "reading a returned trace ran its __tostring"

# 2. A finalizer that uses a machine, its guest or its hypervisor after the machine was collected.
cat >"$tmp/gc.lua" <<'LUA'
local m, g, hv
local holder = setmetatable({}, {__gc = function()
	print("rmp", pcall(function() return m:rmp(0) end))
	print("read", pcall(function() return g:read(0x20000, 4) end))
	print("map", pcall(function() return hv:map(0x20000, 0) end))
	print("tostring", tostring(m))
end})
m = svsm.machine{}:boot()
g, hv = m:guest(0), m:hv()
LUA
run 0 run "$tmp/gc.lua"
has "rmp	false	.*gc.lua:3: rmp: the machine was collected (a finalizer used it after"
has "read	false	.*gc.lua:4: read: the machine was collected"
has "map	false	.*gc.lua:5: map: the machine was collected"
has "tostring	svsm.machine (collected)"
# Finalizers run whenever Lua allocates, in the middle of the kit's C calls:
# here one boots the machine while m:boot itself is charging its memory.
cat >"$tmp/race.lua" <<'LUA'
local m = svsm.machine{}
for i = 1, 50 do
	setmetatable({}, {__gc = function() print("finalizer", pcall(m.boot, m)) end})
end
print("script", pcall(m.boot, m))
collectgarbage()
print("pages", m:layout().pages)
LUA
run 0 run "$tmp/race.lua"
has "finalizer	true	svsm.machine #1"
has "script	false	.*machine #1 is already booted"
has "pages	64"

# 3. A trace is data: a trace file never runs with a library, so its code cannot reach the system.
cat >"$tmp/evil.lua" <<LUA
-- svsmlab trace: replay with \`svsmlab run FILE\`
return { format = "svsmlab-trace/1", steps = {}, machine = os.execute("touch $tmp/ran3") }
LUA
run 2 run "$tmp/evil.lua" --unsafe
has "attempt to index a nil value (global 'os')"
[ ! -e "$tmp/ran3" ] || fail "replaying a trace ran its code"
# The shape of the issue's file: code, then a valid trace. A script: sandboxed.
printf 'os.execute("touch %s/ran4")\nreturn { format = "svsmlab-trace/1", steps = {} }\n' "$tmp" \
	>"$tmp/code_then_trace.lua"
run 2 run "$tmp/code_then_trace.lua"
has "os.execute is not available in the sandbox"
[ ! -e "$tmp/ran4" ] || fail "a script returning a trace ran a program"
printf 'local steps = {}\nreturn { format = "svsmlab-trace/1", steps = steps }\n' >"$tmp/made.lua"
run 0 run "$tmp/made.lua"
has "result: ok: 0 steps replayed"

# 4. Machines are freed when nobody holds them, and count against --memory.
printf 'for i = 1, 1000 do svsm.machine{}:boot() end\n' >"$tmp/many.lua"
run 0 run "$tmp/many.lua"
printf 'collectgarbage("stop")\nfor i = 1, 1000 do local m = svsm.machine{}:boot()\n' >"$tmp/cycle.lua"
printf 'm:on_step(function() return m end) end\n' >>"$tmp/cycle.lua"
run 0 run "$tmp/cycle.lua"
printf 'local keep = {}\nfor i = 1, 1000 do keep[i] = svsm.machine{}:boot() end\n' >"$tmp/keep.lua"
run 2 run "$tmp/keep.lua" --memory 64
has "keep.lua:2: machine #[0-9]*: out of memory: the script's Lua data and machines would take more than its limit of 64 MiB (--memory MB allows more)"
printf 'local s = string.rep("x", 1000000000)\n' >"$tmp/rep.lua"
run 2 run "$tmp/rep.lua" --memory 64
has "svsmlab run: error: out of memory: its Lua data reached the limit of 64 MiB (--memory MB allows more)"
for bad in 0 -1 abc 1048577; do
	run 2 run "$tmp/rep.lua" --memory "$bad"
	has "--memory takes a number of MiB from 1 to 1048576, not '$bad'"
done
# A machine a check fired on outlives its last reference: its report and exit status stand.
cat >"$tmp/dropped.lua" <<'LUA'
do
	local m = svsm.machine{bugs = {"no-address-check"}}:boot()
	m:guest(0):pvalidate{ {gpa = 0x3000, validate = false} }
end
for i = 1, 300 do svsm.machine{}:boot() end
collectgarbage()
LUA
run 1 run "$tmp/dropped.lua" --save "$tmp/dropped_trace.lua"
has "::: clause rescind-only-guest-pages"
has "1 unexpected violation"
run 0 run "$tmp/dropped_trace.lua"
has "the expected violation rescind-only-guest-pages fired"
# The last machine booted is the one --save writes, held or not.
printf 'do svsm.machine{pages = 40}:boot() end\ncollectgarbage()\n' >"$tmp/last.lua"
run 0 run "$tmp/last.lua" --save "$tmp/last_trace.lua"
grep -q "pages = 40" "$tmp/last_trace.lua" || fail "--save lost the last machine booted"

# 13. Messages that name the real bounds and the real problem.
cat >"$tmp/hole.lua" <<'LUA'
return { format = "svsmlab-trace/1", steps = { { "guest", "write", gpa = 0x9000, bytes = "x" },
                                                [3] = { "guest", "write", gpa = 0x9000, bytes = "x" } } }
LUA
run 2 run "$tmp/hole.lua"
has "steps: entry 2 is missing: a list has no holes, yet there is an entry 3"
printf 'return { format = "svsmlab-trace/1", steps = { x = 1 } }\n' >"$tmp/named.lua"
run 2 run "$tmp/named.lua"
has "steps: unknown field 'x' (a list has only entries 1, 2, ...)"
printf 'return { format = "svsmlab-trace/1", machine = { pages = 2000 }, steps = {} }\n' \
	>"$tmp/pages.lua"
run 2 run "$tmp/pages.lua"
has "machine: field 'pages' must be an integer from 16 to 1024, got 2000"
printf 'svsm.machine{}:boot():vcpu(9)\n' >"$tmp/vcpu.lua"
run 2 run "$tmp/vcpu.lua"
has "vcpu.lua:1: vcpu: no such vCPU (got 9; the machine model has vCPUs 0 to 7)"
printf 'local s = setmetatable({}, {__len = function() return 0 end})\n' >"$tmp/len.lua"
printf 'return { format = "svsmlab-trace/1", steps = s, expect = { violation = "vmsa-safety" } }\n' \
	>>"$tmp/len.lua"
run 2 run "$tmp/len.lua"
has "steps: must be a plain table (trace data has no metatables)"
exit 0
