-- tests/lua/async.lua: stepping the module one HAL call at a time (g:start,
-- m:step, m:next, m:runnable, g:finish) and the on_step hook, with their errors.
local expect = svsm.expect
local A, B = 0x20000, 0x21000

local m = svsm.machine{vcpus = 2}:boot()
local g0, g1 = m:guest(0), m:guest(1)

-- A call stops before the module's first HAL call; each step is one HAL call.
expect.eq(m:next(0), nil, "nothing pending before a call")
expect.eq(m:runnable(0), false, "an idle vCPU cannot step")
expect.eq(g0:start("core", "query_protocol", {rcx = 1}), "paused", "start")
local ev = m:next(0)
expect.eq(ev.op, "caa_read_pending", "the module first reads call_pending")
expect.eq(ev.actor, "module", "actor")
expect.eq(ev.vcpu, 0, "vcpu")
expect.eq(ev.args.caa, m:layout().caa_gpa, "its argument, by name")
expect.that(ev.file:find("^svsm/core/") and ev.line > 0, "the module's source line")
expect.that(ev.text:find("caa_read_pending", 1, true), "the call as written")
expect.eq(m:runnable(0), true, "a paused vCPU can step")
expect.eq(m:vcpu(0).state, "paused", "state")
local steps, state = 0, "paused"
while state == "paused" do
	local before = m:next(0).step
	state = m:step(0)
	steps = steps + 1
	if state == "paused" then
		expect.eq(m:next(0).step, before + 1, "one step is one HAL call")
	end
end
expect.eq(state, "done", "the module answered")
expect.that(steps > 5, "several steps")
expect.error("vCPU 0 already has a call in flight (done): collect it with g:finish()",
             g0.start, g0, "core", "query_protocol")
expect.error("vCPU 0 cannot step: its call is done", m.step, m, 0)
local rc, out = g0:finish()
expect.eq(rc, svsm.SUCCESS, "finish: rc")
expect.eq(out.rcx, 1 << 32 | 1, "finish: registers")
expect.error("vCPU 0 has no finished call to collect (it is idle)", g0.finish, g0)
expect.error("vCPU 0 cannot step: it has no call in flight", m.step, m, 0)

-- The lock: vCPU 1 waits for vCPU 0.
g0:write(0x9000, svsm.pvalidate_request{ {gpa = A, validate = false} })
g0:start("core", "pvalidate", {rcx = 0x9000})
while m:next(0).op ~= "unlock" do m:step(0) end   -- vCPU 0 holds the lock
g1:write(0x9800, svsm.pvalidate_request{ {gpa = B, validate = false} })
g1:start("core", "pvalidate", {rcx = 0x9800})
while m:next(1).op ~= "lock" do m:step(1) end
expect.eq(m:next(1).args.holder, 0, "the lock word names vCPU 0")
expect.eq(m:step(1), "blocked", "vCPU 1 waits")
expect.eq(m:runnable(1), false, "a blocked vCPU cannot step")
expect.eq(m:next(1), nil, "a blocked vCPU stands before no HAL call")
expect.error("waits for a lock another vCPU holds", m.step, m, 1)
expect.error("vCPU 1 already has a call in flight (blocked)", g1.call, g1, "core", "query_protocol")
while m:runnable(0) do m:step(0) end
expect.eq(g0:finish(), svsm.SUCCESS, "vCPU 0's rescind")
expect.eq(m:runnable(1), true, "the lock is free: vCPU 1 can go on")
while m:runnable(1) do m:step(1) end
expect.eq(g1:finish(), svsm.SUCCESS, "vCPU 1's rescind")

-- A synchronous call cannot wait for a lock.
g0:write(0x9000, svsm.pvalidate_request{ {gpa = A} })
g0:start("core", "pvalidate", {rcx = 0x9000})
while m:next(0).op ~= "unlock" do m:step(0) end
expect.error("vCPU 1 waits for a lock that vCPU 0 holds", g1.pvalidate, g1, { {gpa = B}, at = 0x9800 })
while m:runnable(0) do m:step(0) end
g0:finish()
while m:runnable(1) do m:step(1) end
expect.eq(g1:finish(), svsm.SUCCESS, "vCPU 1's call ends once vCPU 0 let go")

-- on_step: called before every HAL call takes effect, synchronous or not.
local seen = {}
m:on_step(function(e)
	seen[#seen + 1] = e.op
	expect.eq(e.actor, "module", "on_step sees the module")
end)
g0:call("core", "query_protocol", {rcx = 1})
expect.eq(seen[1], "caa_read_pending", "the first pause")
expect.eq(seen[#seen], "caa_clear_pending", "the last pause")
local n = #seen
g0:start("core", "query_protocol", {rcx = 1})
expect.eq(#seen, n + 1, "g:start pauses once")
m:step(0)
expect.eq(#seen, n + 2, "m:step pauses once more")
while m:runnable(0) do m:step(0) end
g0:finish()

-- In on_step the script may act as the hypervisor or the guest, not step the module.
m:on_step(function(e)
	expect.error("cannot run the module from inside on_step", m.step, m, 1)
	expect.error("cannot run the module from inside on_step", g1.call, g1, "core", "query_protocol")
	expect.error("cannot run the module from inside on_step", g1.finish, g1)
	expect.eq(g1:write(B, "x"), true, "a guest write in on_step")
	m:on_step(nil)   -- once is enough
end)
g0:call("core", "query_protocol", {rcx = 1})

-- An error in on_step stops the call with the hook's traceback; the vCPU stays mid-call.
m:on_step(function(e) error("hook failed here") end)
local ok, err = pcall(g0.call, g0, "core", "query_protocol", {rcx = 1})
expect.eq(ok, false, "the error reaches the script")
expect.that(err:find("async.lua:%d+: hook failed here"), "with the hook's line")
expect.that(err:find("stack traceback:", 1, true), "and its traceback")
expect.eq(m:vcpu(0).state, "paused", "the call is still in flight")
m:on_step(nil)
while m:runnable(0) do m:step(0) end
expect.eq(g0:finish(), svsm.SUCCESS, "and can be finished")
expect.clean(m)
