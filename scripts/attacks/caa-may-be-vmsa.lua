-- scripts/attacks/caa-may-be-vmsa.lua: bug 3 of the catalog.
--
-- A vCPU's Calling Area must be a page the guest can write; its VMSA must
-- be a page the guest cannot. CREATE_VCPU with the same page as both
-- would hand the guest write access to its own save area.
local A = 0x20000

local function attack(m)
	local g = m:guest(0)
	g:write(A, m:vmsa{})   -- a correct save area: only the CAA is wrong
	return g:call("core", "create_vcpu", {rcx = A, rdx = A, r8 = 1})
end

local buggy = svsm.machine{bugs = {"caa-may-be-vmsa"}}:boot()
attack(buggy)
svsm.expect.violation(buggy, "caa-from-guest-page")
-- And CREATE_VCPU's contract: it said SUCCESS, but the page that was to
-- become the new CAA is the VMSA, not a Calling Area.
svsm.expect.violation(buggy, "create-vcpu-installs-vmsa")
-- And the module's bookkeeping: its registry lists the page as a CAA too,
-- which no owner says.
svsm.expect.violation(buggy, "bookkeeping-matches-owners")

local correct = svsm.machine{}:boot()
svsm.expect.eq(attack(correct), svsm.ERR_INVALID_PARAMETER, "VMSA == CAA (correct module)")
svsm.expect.clean(correct)
