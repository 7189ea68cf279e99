-- scripts/demo.lua: the demo attack (bug 1, no-zero-after-validate), told step by step.
--
-- The guest gives a page back and asks for it again; the hypervisor
-- answers by binding the system page that holds the module's secret key
-- VMPCK0 to that guest address; the guest asks the module to validate it
-- and reads it. The correct module zeroes the page before the guest may
-- read it; with the bug the guest reads the key and the checks say where
-- the module went wrong.
--
--   svsmlab run scripts/demo.lua            the story, twice
--   svsmlab run scripts/demo.lua --trace    with every hardware step
local A = 0x20000   -- the guest page the attack aims at

local function say(who, fmt, ...)
	print(string.format("[%-5s] " .. fmt, who, ...))
end

local function shown(bytes)
	if not bytes then
		return "(fault)"
	end
	if bytes:match("^[%g ]+$") then
		return string.format("%q", bytes)
	end
	return (bytes:gsub(".", function(c) return string.format("%02x ", c:byte()) end):sub(1, -2))
end

local function story(bugs)
	local m = svsm.machine{bugs = bugs}:boot()
	local g, hv, L = m:guest(0), m:hv(), m:layout()
	say("boot", "%d pages; the module at 0x%x-0x%x, its secrets page (VMPCK0) at 0x%x; guest RAM 0x%x-0x%x",
	    L.pages, L.svsm_base, L.svsm_base + L.svsm_size - 1, L.secrets_gpa, L.guest_first, L.guest_last)

	local rc = g:pvalidate{ {gpa = A, validate = false} }
	say("guest", "asks the module to rescind 0x%x -> %s", A, svsm.result_name(rc))
	say("guest", "page-state change of 0x%x to shared -> %d", A, g:psc(A, "shared"))
	say("guest", "page-state change of 0x%x back to private -> %d", A, g:psc(A, "private"))

	local secret = m:npt(L.secrets_gpa)
	hv:rmpupdate(secret, {assigned = true, asid = L.asid, gpa = A})
	hv:map(A, secret)
	say("hv", "binds SPA 0x%x, the module's secrets page, to GPA 0x%x (labelled %s)",
	    secret, A, m:label(secret))

	rc = g:pvalidate{ {gpa = A, validate = true} }
	say("guest", "asks the module to validate 0x%x -> %s", A, svsm.result_name(rc))
	local bytes = g:read(A + 0x20, 24)
	say("guest", "reads 0x%x: %s", A + 0x20, shown(bytes))
	return m, bytes
end

print("=== the correct module ===")
local correct, seen = story({})
svsm.expect.bytes(seen, string.rep("\0", 24), "what the guest reads")
svsm.expect.clean(correct)

print("\n=== with the bug no-zero-after-validate ===")
local buggy
buggy, seen = story({"no-zero-after-validate"})
svsm.expect.bytes(seen, "VMPCK0-secret-key-bytes!", "what the guest reads")
svsm.expect.violation(buggy, "page-public-to-vmpl")
svsm.expect.violation(buggy, "confidentiality")
-- And after the call: a page the owners call the guest's holds VMPCK0.
svsm.expect.violation(buggy, "guest-pages-hold-no-secrets")
print("\nThe checks caught the grant; their report follows.")
