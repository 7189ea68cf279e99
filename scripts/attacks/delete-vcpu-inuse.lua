-- scripts/attacks/delete-vcpu-inuse.lua: bug 10 of the catalog.
--
-- DELETE_VCPU must clear the VMSA bit of the vCPU's save area, which the
-- hardware refuses (FAIL_INUSE) while the vCPU runs. A module that
-- ignores the refusal forgets a VMSA that still runs: it then treats the
-- page as an ordinary guest page.
local function attack(m)
	local vmsa1 = m:vcpu(1).vmsa   -- vCPU 1 runs its guest on this save area
	local rc = m:guest(0):call("core", "delete_vcpu", {rcx = vmsa1})
	svsm.expect.eq(m:rmp(m:npt(vmsa1)).vmsa, true, "vCPU 1's page is still a VMSA")
	return rc
end

local buggy = svsm.machine{vcpus = 2, bugs = {"delete-vcpu-inuse"}}:boot()
svsm.expect.eq(attack(buggy), svsm.SUCCESS, "DELETE_VCPU of a running vCPU (buggy module)")
svsm.expect.violation(buggy, "delete-vcpu-removes-vmsa")

local correct = svsm.machine{vcpus = 2}:boot()
svsm.expect.eq(attack(correct), svsm.ERR_BUSY, "DELETE_VCPU of a running vCPU (correct module)")
svsm.expect.clean(correct)
