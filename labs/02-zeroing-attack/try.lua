-- labs/02-zeroing-attack/try.lua: runs attack.lua as the grader does, and
-- says what happened. Run it with
--   ./svsmlab run labs/02-zeroing-attack/try.lua --trace
local attack = dofile("attack.lua")
local KEY = "VMPCK0-secret-key-bytes!"

for _, bugs in ipairs{ {"no-zero-after-validate"}, {} } do
	local m = svsm.machine{bugs = bugs}:boot()
	local gpa = attack(m)
	local page = m:guest(0):read(gpa, svsm.PAGE_SIZE)
	print(#bugs > 0 and "buggy module:" or "correct module:")
	print("  the guest finds the key at its GPA " .. string.format("0x%x", gpa) .. ": " ..
	      tostring(page ~= nil and page:find(KEY, 1, true) ~= nil))
	for _, v in ipairs(m:violations()) do
		print("  check fired: " .. v.clause .. " (" .. v.kind .. ")")
		svsm.expect.violation(m, v.clause)
	end
end
