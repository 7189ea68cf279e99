-- scripts/attacks/create-vcpu-no-lock.lua: bug 4 of the catalog.
--
-- A race between two vCPUs, so this script steps the module itself, one
-- hardware step (HAL call) at a time: g:start begins a call, m:step(i)
-- lets vCPU i's next HAL call take effect, g:finish collects the answer.
--
-- vCPU 0's CREATE_VCPU has taken page A from the guest and is about to
-- find its save area bad. Meanwhile vCPU 1 rescinds A, the hypervisor
-- binds the module's secrets page there, and vCPU 1 asks to validate it.
-- Before vCPU 1 zeroes the page, vCPU 0's error path gives A back to the
-- guest: the guest reads VMPCK0. The lock CREATE_VCPU takes makes vCPU 1
-- wait for vCPU 0 instead.
local A, B = 0x20000, 0x21000   -- the save area vCPU 0 offers, and its CAA
local REQ = 0x9800              -- where vCPU 1 builds its PVALIDATE requests

-- Step vCPU v until it stands before a HAL call of kind op.
local function step_until(m, v, op)
	while not (m:next(v) and m:next(v).op == op) do
		m:step(v)
	end
end

-- Step vCPU v to the end of its call and collect the result.
local function run_to_end(m, v)
	while m:runnable(v) do
		m:step(v)
	end
	return (m:guest(v):finish())
end

local function pvalidate_start(m, v, gpa, validate)
	local g = m:guest(v)
	g:write(REQ, svsm.pvalidate_request{ {gpa = gpa, validate = validate} })
	g:start("core", "pvalidate", {rcx = REQ})
end

-- The race; returns what the guest read at A's VMPCK0 offset, or nil if
-- the lock held vCPU 1 back.
local function race(m)
	local g0, hv, L = m:guest(0), m:hv(), m:layout()
	g0:write(A, m:vmsa{vmpl = 0})   -- bad: CREATE_VCPU will refuse it, late
	g0:start("core", "create_vcpu", {rcx = A, rdx = B, r8 = 3})
	step_until(m, 0, "rmpadjust")   -- about to revoke the guest's access to A
	m:step(0)
	svsm.expect.eq(m:next(0).op, "vmsa_read", "vCPU 0, revoked A, next reads the save area")

	pvalidate_start(m, 1, A, false)   -- vCPU 1 rescinds A
	step_until(m, 1, "lock")
	if m:step(1) == "blocked" then   -- the correct module: vCPU 1 waits
		svsm.expect.eq(run_to_end(m, 0), svsm.ERR_INVALID_PARAMETER, "vCPU 0's CREATE_VCPU")
		svsm.expect.eq(run_to_end(m, 1), svsm.SUCCESS, "vCPU 1's rescind, after the lock")
		return nil
	end
	svsm.expect.eq(run_to_end(m, 1), svsm.SUCCESS, "vCPU 1's rescind")
	-- The hypervisor binds the module's secrets page to A ...
	local secret = m:npt(L.secrets_gpa)
	svsm.expect.eq(hv:rmpupdate(secret, {assigned = true, asid = L.asid, gpa = A}), 0, "rmpupdate")
	hv:map(A, secret)
	-- ... vCPU 1 validates it and stops just before zeroing it ...
	pvalidate_start(m, 1, A, true)
	step_until(m, 1, "zero_page")
	-- ... and vCPU 0's error path re-grants A to the guest.
	svsm.expect.eq(run_to_end(m, 0), svsm.ERR_INVALID_PARAMETER, "vCPU 0's CREATE_VCPU")
	local bytes = g0:read(A + 0x20, 6)
	svsm.expect.eq(run_to_end(m, 1), svsm.SUCCESS, "vCPU 1's validate")
	return bytes
end

local buggy = svsm.machine{vcpus = 2, bugs = {"create-vcpu-no-lock"}}:boot()
svsm.expect.bytes(race(buggy), "VMPCK0", "what the guest reads (buggy module)")
svsm.expect.violation(buggy, "page-public-to-vmpl")
svsm.expect.violation(buggy, "confidentiality")

local correct = svsm.machine{vcpus = 2}:boot()
svsm.expect.eq(race(correct), nil, "the race (correct module: vCPU 1 waits for the lock)")
svsm.expect.clean(correct)
