-- tests/lua/calls_in_flight.lua: the three things `make fuzz` first found
-- on the correct module (docs/fuzz.md, "Findings fixed"): a call the guest
-- withdrew, one VMSA's calls on two module CPUs, and DELETE_VCPU of a vCPU
-- whose call is in the module.
local expect = svsm.expect

-- 1. The guest writes 0 over its own call_pending before the module reads
-- it: the module answers nothing, and nothing judges an answer.
do
	local m = svsm.machine{}:boot()
	local g = m:guest(0)
	expect.eq(g:start("core", "query_protocol", {rcx = 0}), "paused", "start")
	g:write(m:layout().caa_gpa, "\0")
	while m:runnable(0) do m:step(0) end
	expect.eq(g:finish(), 6, "RAX still holds the call: nothing answered")
	expect.clean(m)
end

-- 2. The hypervisor maps vCPU 0's VMSA GPA onto vCPU 1's VMSA page while
-- vCPU 0's call is in the module: vCPU 1's call is not served by vCPU 0's
-- module CPU (one VMSA never runs on two CPUs at once), and neither call
-- is judged as the other.
do
	local m = svsm.machine{vcpus = 2}:boot()
	local hv, L = m:hv(), m:layout()
	local g0, g1 = m:guest(0), m:guest(1)
	local boot_vmsa = m:npt(L.boot_vmsa_gpa)
	g1:write(0x9800, svsm.pvalidate_request{ {gpa = 0x20000, validate = false} })
	expect.eq(g0:start("core", "query_protocol", {rcx = 0}), "paused", "vCPU 0 starts")
	hv:map(L.boot_vmsa_gpa, m:npt(m:vcpu(1).vmsa))
	g1:start("core", "pvalidate", {rcx = 0x9800})
	hv:map(L.boot_vmsa_gpa, boot_vmsa)
	while m:runnable(0) or m:runnable(1) do
		for i = 0, 1 do
			if m:runnable(i) then m:step(i) end
		end
	end
	local rc0, out0 = g0:finish()
	expect.eq(rc0, svsm.SUCCESS, "vCPU 0's QUERY_PROTOCOL")
	expect.that(out0.served, "vCPU 0 was answered")
	expect.eq(g1:finish(), svsm.SUCCESS, "vCPU 1's PVALIDATE")
	expect.clean(m)
end

-- 3. DELETE_VCPU and a call of the vCPU it deletes, in both orders. The
-- module's side of a vCPU is either serving a call or being deleted, never
-- both: a deleted vCPU's call would run on a forgotten registry slot.
do
	-- vCPU 1's REMAP_CA is in the module first: the delete finds it in use.
	local m = svsm.machine{vcpus = 2}:boot()
	local g0, g1 = m:guest(0), m:guest(1)
	local vmsa1 = m:vcpu(1).vmsa
	expect.eq(g1:start("core", "remap_ca", {rcx = 0x30000}), "paused", "vCPU 1 enters")
	expect.eq(g0:call("core", "delete_vcpu", {rcx = vmsa1}), svsm.ERR_BUSY,
	          "a vCPU inside a call is in use: not deleted")
	while m:runnable(1) do m:step(1) end
	expect.eq(g1:finish(), svsm.SUCCESS, "vCPU 1's REMAP_CA")
	expect.eq(m:vcpu(1).vmsa, vmsa1, "vCPU 1 is still registered")
	expect.eq(m:owner(0x30000), "caa", "its new Calling Area")
	expect.clean(m)
end
do
	-- The delete holds the lock first: vCPU 1's call is not served (its
	-- call_pending stays set), and the delete then finds vCPU 1 running.
	local m = svsm.machine{vcpus = 2}:boot()
	local g0, g1 = m:guest(0), m:guest(1)
	local vmsa1 = m:vcpu(1).vmsa
	g0:start("core", "delete_vcpu", {rcx = vmsa1})
	while m:next(0).op ~= "lock" do m:step(0) end
	m:step(0)
	expect.eq(g1:start("core", "remap_ca", {rcx = 0x30000}), "done",
	          "a vCPU being deleted gets no call served")
	local _, out = g1:finish()
	expect.eq(out.served, false, "call_pending is still set")
	while m:runnable(0) do m:step(0) end
	expect.eq(g0:finish(), svsm.ERR_BUSY, "vCPU 1 runs again: not deleted")
	expect.eq(g1:call("core", "remap_ca", {rcx = 0x30000}), svsm.SUCCESS, "vCPU 1 asks again")
	expect.eq(m:owner(0x30000), "caa", "its new Calling Area")
	expect.clean(m)
end
