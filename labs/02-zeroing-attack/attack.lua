-- labs/02-zeroing-attack/attack.lua: your attack (README.md). It returns
-- a function that gets a booted machine and acts as its guest and its
-- hypervisor; the function returns the guest-physical address of the
-- page where the guest, at the end, finds the module's secrets. The
-- grader calls it on a machine with the bug no-zero-after-validate and on
-- the correct module. Try it with
--   ./svsmlab run labs/02-zeroing-attack/try.lua
local A = 0x20000   -- the guest page the attack aims at

return function(m)
	local g, hv, L = m:guest(0), m:hv(), m:layout()
	-- 1. The guest gives page A back: the module rescinds it ...
	g:pvalidate{ {gpa = A, validate = false} }
	-- ... your steps here ...
	return A
end
