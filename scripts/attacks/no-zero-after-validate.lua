-- scripts/attacks/no-zero-after-validate.lua: bug 1 of the catalog.
--
-- A validated page still holds whatever its system page held: the module
-- must zero it before it grants the guest access. The hypervisor chooses
-- which system page backs a GPA, so it can put the module's own secrets
-- page (VMPCK0) behind a GPA the guest asks to have validated.
--
--   run: svsmlab run scripts/attacks/no-zero-after-validate.lua
local A = 0x20000   -- the guest page the attack aims at

-- The attack; returns the 6 bytes the guest reads where VMPCK0 would be.
local function attack(m)
	local g, hv, L = m:guest(0), m:hv(), m:layout()
	-- The guest gives the page back (rescind, then page-state change to shared) ...
	svsm.expect.eq(g:pvalidate{ {gpa = A, validate = false} }, svsm.SUCCESS, "rescind")
	svsm.expect.eq(g:psc(A, "shared"), 0, "psc to shared")
	-- ... and asks for it again. The hypervisor does as asked, then binds
	-- the system page of the module's secrets to the GPA instead.
	svsm.expect.eq(g:psc(A, "private"), 0, "psc to private")
	local secret = m:npt(L.secrets_gpa)
	svsm.expect.eq(hv:rmpupdate(secret, {assigned = true, asid = L.asid, gpa = A}), 0, "rmpupdate")
	hv:map(A, secret)
	-- The guest asks the module to validate the page, and reads it.
	svsm.expect.eq(g:pvalidate{ {gpa = A, validate = true} }, svsm.SUCCESS, "validate")
	return g:read(A + 0x20, 6)
end

-- With the bug: the guest reads VMPCK0, and the grant is caught.
local buggy = svsm.machine{bugs = {"no-zero-after-validate"}}:boot()
svsm.expect.bytes(attack(buggy), "VMPCK0", "what the guest reads (buggy module)")
svsm.expect.violation(buggy, "page-public-to-vmpl")
svsm.expect.violation(buggy, "confidentiality")
-- And after the call: a page the owners call the guest's holds VMPCK0.
svsm.expect.violation(buggy, "guest-pages-hold-no-secrets")

-- The correct module zeroes the page before the grant: the guest reads zeros.
local correct = svsm.machine{}:boot()
svsm.expect.bytes(attack(correct), string.rep("\0", 6), "what the guest reads (correct module)")
svsm.expect.clean(correct)
