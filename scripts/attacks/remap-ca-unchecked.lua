-- scripts/attacks/remap-ca-unchecked.lua: bug 12 of the catalog.
--
-- REMAP_CA must refuse a Calling Area the guest may not own: the module
-- clears call_pending in the CAA at the end of every call, so a CAA in
-- the module's own memory makes the module write its own page for the
-- guest.
local SPARE = 0x3000   -- a spare page of the module's memory

local function attack(m)
	return m:guest(0):call("core", "remap_ca", {rcx = SPARE})
end

local buggy = svsm.machine{bugs = {"remap-ca-unchecked"}}:boot()
svsm.expect.eq(attack(buggy), svsm.SUCCESS, "REMAP_CA to a module page (buggy module)")
svsm.expect.violation(buggy, "caa-from-guest-page")
-- And REMAP_CA's contract: it said SUCCESS, but the new page is still the
-- module's, not a Calling Area.
svsm.expect.violation(buggy, "remap-ca-installs-caa")
-- And the module's bookkeeping: its registry lists a module page as a CAA.
svsm.expect.violation(buggy, "bookkeeping-matches-owners")

local correct = svsm.machine{}:boot()
svsm.expect.eq(attack(correct), svsm.ERR_INVALID_ADDRESS, "REMAP_CA to a module page (correct module)")
svsm.expect.eq(correct:guest(0):call("core", "remap_ca", {rcx = 0x20008}), svsm.ERR_INVALID_PARAMETER,
               "REMAP_CA to an unaligned CAA (correct module)")
svsm.expect.clean(correct)
