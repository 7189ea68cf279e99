-- scripts/attacks/vmsa-bit-before-check.lua: bug 2 of the catalog.
--
-- CREATE_VCPU must take the page from the guest and check the save area
-- before it sets the RMP's VMSA bit. With the bug it sets the bit first:
-- for a moment the hypervisor may run a save area nobody checked (one
-- that says VMPL0), and the guest may still be writing it.
local A, B = 0x20000, 0x21000   -- the new vCPU's VMSA and Calling Area

-- The guest asks for a vCPU whose save area says VMPL0 (full escalation).
local function attack(m)
	local g = m:guest(0)
	g:write(A, m:vmsa{vmpl = 0})
	local rc = g:call("core", "create_vcpu", {rcx = A, rdx = B, r8 = 1})
	svsm.expect.eq(rc, svsm.ERR_INVALID_PARAMETER, "CREATE_VCPU of a VMPL0 save area")
	return m:rmp(m:npt(A))
end

local buggy = svsm.machine{bugs = {"vmsa-bit-before-check"}}:boot()
attack(buggy)
svsm.expect.violation(buggy, "vmsa-revoked-first")
svsm.expect.violation(buggy, "vmsa-contents-checked")
svsm.expect.violation(buggy, "vmsa-safety")   -- the invariant sees the same moment

-- The correct module refuses the save area before the bit is ever set.
local correct = svsm.machine{}:boot()
svsm.expect.eq(attack(correct).vmsa, false, "the RMP's VMSA bit (correct module)")
svsm.expect.clean(correct)
