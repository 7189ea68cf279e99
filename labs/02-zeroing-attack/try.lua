-- labs/02-zeroing-attack/try.lua: runs attack.lua as the grader does, and
-- says what happened. Run it with
--   ./svsmlab run labs/02-zeroing-attack/try.lua --trace
local attack = dofile("attack.lua")
local KEY = "VMPCK0-secret-key-bytes!"

local leaked = {}
for _, bugs in ipairs{ {"no-zero-after-validate"}, {} } do
	local m = svsm.machine{bugs = bugs}:boot()
	local gpa = attack(m)
	local page = m:guest(0):read(gpa, svsm.PAGE_SIZE)
	local found = page ~= nil and page:find(KEY, 1, true) ~= nil
	leaked[#bugs > 0 and "buggy" or "correct"] = found
	print(#bugs > 0 and "buggy module:" or "correct module:")
	print("  the guest finds the key at its GPA " .. string.format("0x%x", gpa) .. ": " ..
	      tostring(found))
	for _, v in ipairs(m:violations()) do
		print("  check fired: " .. v.clause .. " (" .. v.kind .. ")")
		svsm.expect.violation(m, v.clause)
	end
end
-- The verdict: what the lab asks of the attack (the grader checks more).
if leaked.buggy and not leaked.correct then
	print("verdict: the attack works on the buggy module and the correct one defeats it")
elseif not leaked.buggy then
	print("verdict: NOT YET: the guest does not find the key on the buggy module")
else
	print("verdict: NOT YET: the key leaks from the correct module too (is it the module's leak?)")
end
