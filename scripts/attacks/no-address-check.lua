-- scripts/attacks/no-address-check.lua: bug 7 of the catalog.
--
-- To the RMP, the module's pages and the guest's belong to the same
-- guest: only the module's own range check keeps the guest from asking
-- it to rescind one of its own pages.
local SPARE = 0x3000   -- a spare page of the module's memory

local function attack(m)
	return m:guest(0):pvalidate{ {gpa = SPARE, validate = false} }
end

local buggy = svsm.machine{bugs = {"no-address-check"}}:boot()
attack(buggy)
svsm.expect.eq(buggy:rmp(SPARE).validated, false, "the module's page, rescinded (buggy module)")
svsm.expect.violation(buggy, "rescind-only-guest-pages")

local correct = svsm.machine{}:boot()
svsm.expect.eq(attack(correct), svsm.ERR_INVALID_ADDRESS, "rescind of a module page (correct module)")
svsm.expect.eq(correct:rmp(SPARE).validated, true, "the module's page (correct module)")
svsm.expect.clean(correct)
