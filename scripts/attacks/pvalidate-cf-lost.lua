-- scripts/attacks/pvalidate-cf-lost.lua: bug 5 of the catalog.
--
-- PVALIDATE sets CF when it changed nothing. The guest relies on the
-- module to pass that on as FAIL_UNCHANGED: it is how the guest learns
-- that the hypervisor took a page away behind its back. Here the
-- hypervisor does so between two hardware steps of the module's rescind.
local A = 0x20000

local function attack(m)
	local hv, L = m:hv(), m:layout()
	local done = false
	-- Just before the module's PVALIDATE(rescind) of A takes effect, the
	-- hypervisor re-assigns A's page, which clears its validated bit.
	m:on_step(function(ev)
		if not done and ev.op == "pvalidate" and ev.args.gpa == A and not ev.args.validate then
			hv:rmpupdate(m:npt(A), {assigned = true, asid = L.asid, gpa = A})
			done = true
		end
	end)
	local rc = m:guest(0):pvalidate{ {gpa = A, validate = false} }
	svsm.expect.that(done, "the hypervisor acted before the PVALIDATE")
	return rc
end

local buggy = svsm.machine{bugs = {"pvalidate-cf-lost"}}:boot()
svsm.expect.eq(attack(buggy), svsm.SUCCESS, "the rescind's result (buggy module: CF lost)")
svsm.expect.violation(buggy, "pvalidate-reports-unchanged")
-- And the module's bookkeeping: it cleared A's bit in its validated bitmap
-- for a rescind that never happened, so its tables no longer say what the
-- owners say (A is still the guest's).
svsm.expect.violation(buggy, "bookkeeping-matches-owners")

local correct = svsm.machine{}:boot()
svsm.expect.eq(attack(correct), svsm.PVALIDATE_FAIL_UNCHANGED, "the rescind's result (correct module)")
svsm.expect.clean(correct)
