-- scripts/attacks/create-vcpu-any-vmpl.lua: bug 11 of the catalog.
--
-- CREATE_VCPU must check that the new save area runs at the guest's
-- VMPL. Without the check the guest creates a vCPU that runs at VMPL0:
-- it becomes the module.
local A, B = 0x20000, 0x21000

local function attack(m)
	local g = m:guest(0)
	g:write(A, m:vmsa{vmpl = 0})
	return g:call("core", "create_vcpu", {rcx = A, rdx = B, r8 = 1})
end

local buggy = svsm.machine{bugs = {"create-vcpu-any-vmpl"}}:boot()
svsm.expect.eq(attack(buggy), svsm.SUCCESS, "a VMPL0 vCPU (buggy module)")
svsm.expect.eq(buggy:rmp(buggy:npt(A)).vmsa, true, "the page became a VMSA")
svsm.expect.violation(buggy, "vmsa-contents-checked")
svsm.expect.violation(buggy, "vmsa-safety")

local correct = svsm.machine{}:boot()
svsm.expect.eq(attack(correct), svsm.ERR_INVALID_PARAMETER, "a VMPL0 vCPU (correct module)")
svsm.expect.eq(correct:rmp(correct:npt(A)).vmsa, false, "the page is no VMSA")
svsm.expect.clean(correct)
