-- scripts/attacks/reserved-bits-accepted.lua: bug 8 of the catalog.
--
-- Bits 11:4 of a PVALIDATE entry are reserved. A module that ignores
-- them carries out requests the specification calls malformed, and the
-- bits can never be given a meaning later.
local A = 0x20000

local function attack(m)
	return m:guest(0):pvalidate{ {gpa = A, validate = false, reserved = 0x10} }
end

local buggy = svsm.machine{bugs = {"reserved-bits-accepted"}}:boot()
svsm.expect.eq(attack(buggy), svsm.SUCCESS, "a malformed entry (buggy module)")
svsm.expect.violation(buggy, "pvalidate-rejects-reserved")

local correct = svsm.machine{}:boot()
svsm.expect.eq(attack(correct), svsm.ERR_INVALID_PARAMETER, "a malformed entry (correct module)")
svsm.expect.eq(correct:rmp(A).validated, true, "the page stays validated")
svsm.expect.clean(correct)
