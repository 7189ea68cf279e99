-- scripts/attacks/pvalidate-double-fetch.lua: bug 6 of the catalog.
--
-- The module must read a guest request once: another guest vCPU can
-- change it at any moment. With the bug, PVALIDATE reads the header again
-- for every entry, after it checked the header's bounds. Here vCPU 1
-- enlarges `entries` right after the module's first read, and the module
-- walks into an entry the request never had when it was checked.
local A, B = 0x20000, 0x21000
local REQ = 0x9000

local function attack(m)
	local first_read_done, changed = false, false
	m:on_step(function(ev)
		if changed then
			return
		end
		if first_read_done then   -- the header has been read (and checked) once
			m:guest(1):write(REQ, svsm.pvalidate_request{
				{gpa = A, validate = false}, {gpa = B, validate = false} })
			changed = true
		elseif ev.op == "read_guest" and ev.args.gpa == REQ then
			first_read_done = true   -- it takes effect with the next step
		end
	end)
	local rc = m:guest(0):pvalidate{ {gpa = A, validate = false}, at = REQ }
	svsm.expect.that(changed, "vCPU 1 changed the request in flight")
	svsm.expect.eq(rc, svsm.SUCCESS, "the rescind")
	return m:rmp(B).validated
end

local buggy = svsm.machine{vcpus = 2, bugs = {"pvalidate-double-fetch"}}:boot()
svsm.expect.eq(attack(buggy), false, "B, an entry added after the check, was rescinded (buggy module)")
svsm.expect.violation(buggy, "guest-input-read-once")

local correct = svsm.machine{vcpus = 2}:boot()
svsm.expect.eq(attack(correct), true, "B stays validated (correct module)")
svsm.expect.clean(correct)
