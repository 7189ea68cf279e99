-- tests/lua/sandbox/hostile.lua: the bindings used as a hostile script would:
-- wrong types, huge and negative numbers, tables whose metamethods run
-- code or raise, recursion, coroutines across the kit's C calls, errors
-- inside on_step. Each is a Lua error with a message, never a crash, and
-- the machine stays usable. Run by tests/cli/sandbox.sh.
local expect = svsm.expect
local m = svsm.machine{vcpus = 2}:boot()
local g, hv, L = m:guest(0), m:hv(), m:layout()

-- Numbers: huge, negative, not integers.
expect.error("length must be an integer from 0 to", g.read, g, L.guest_first, math.maxinteger)
expect.error("length must be an integer from 0 to", g.read, g, L.guest_first, -1)
expect.error("length must be an integer from 0 to", hv.read, hv, 0, -5)
expect.error("is outside the guest-physical space", g.write, g, -1, "x")
expect.error("is outside system memory", hv.write, hv, -4096, "x")
expect.error("field 'pages' must be an integer from 16 to 1024", svsm.machine, {pages = 2^53})
expect.error("field 'pages' must be an integer from 16 to 1024", svsm.machine, {pages = 0/0})
expect.error("field 'pages' must be an integer from 16 to 1024", svsm.machine, {pages = -64})
expect.error("no such vCPU (got 0.5", m.guest, m, 0.5)
expect.error("no such vCPU (got 8", m.step, m, 8)
expect.error("rc must be an integer from 0 to 4294967295", svsm.result_name, -1)
local many = {}
for i = 1, 70000 do many[i] = {gpa = 0} end
expect.error("70000 entries do not fit", g.pvalidate, g, many)

-- Tables whose metamethods raise, recurse, or lie about their length.
local raising = setmetatable({}, {__index = function() error({}) end})
expect.eq(pcall(svsm.machine, raising), false, "a field whose __index raises a table")
local function deep() return svsm.machine(setmetatable({}, {__index = function() return deep() end})) end
expect.error("stack overflow", deep)
local A = 0x20000
local liar = setmetatable({ {gpa = A, validate = false} }, {__len = function() return 0 end})
local rc = g:pvalidate(liar)   -- the raw length: one entry, rescinded
expect.eq(rc, svsm.SUCCESS, "pvalidate of a list whose __len lies")
expect.eq(m:rmp(m:npt(A)).validated, false, "the entry was read by its raw length")
local holed = { {gpa = A} }
holed[3] = {gpa = A}
expect.error("entry 2 is missing: a list has no holes, yet there is an entry 3", g.pvalidate, g,
             holed)

-- Errors inside on_step reach the script; the vCPU stays mid-call.
m:on_step(function() error(setmetatable({}, {__tostring = function() return "hook says no" end})) end)
expect.error("hook says no", g.call, g, "core", "query_protocol", {rcx = 1})
expect.error("vCPU 0 already has a call in flight", g.call, g, "core", "query_protocol")
m:on_step(nil)
while m:runnable(0) do m:step(0) end
g:finish()

-- A coroutine cannot yield from inside on_step (the kit's C call is between).
m:on_step(function() coroutine.yield() end)
local co = coroutine.wrap(function() return pcall(g.call, g, "core", "query_protocol") end)
local ok, err = co()
expect.eq(ok, false, "yield across on_step fails")
expect.that(tostring(err):find("attempt to yield across a C%-call boundary"), "and says why")
m:on_step(nil)
while m:runnable(0) do m:step(0) end
g:finish()

-- ... but a coroutine may drive a machine between its own yields.
local steps = coroutine.wrap(function()
	g:start("core", "query_protocol")
	while m:runnable(0) do coroutine.yield(m:step(0)) end
	return "finished"
end)
local last
repeat last = steps() until last == "finished"
expect.eq(g:finish(), svsm.SUCCESS, "a call stepped from a coroutine")

-- The module cannot be run from on_step, even by a nested call.
m:on_step(function() m:step(1) end)
expect.error("cannot run the module from inside on_step", g.call, g, "core", "query_protocol")
m:on_step(nil)
while m:runnable(0) do m:step(0) end
g:finish()
expect.clean(m)
