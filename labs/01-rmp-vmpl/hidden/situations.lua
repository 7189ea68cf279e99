-- labs/01-rmp-vmpl/hidden/situations.lua: the grader's own runs of the
-- lab's twelve situations (README.md describes each). Each function makes
-- a fresh machine, sets the situation up and returns what happened, in
-- the words predictions.lua uses: "ok", "#VC" or "#NPF" for a guest
-- access (the fault without its error code), true/false, a result code's
-- name (svsm.result_name), or a VMPL's permissions as m:rmp shows them.
-- Kept out of the handout: it is the answer key, computed live so that it
-- follows the model.
local A, B = 0x20000, 0x21000

local function fresh()
	local m = svsm.machine{}:boot()
	return m, m:guest(0), m:hv(), m:layout()
end

-- A guest access as one word: "ok", or the fault's name.
local function access(ok, fault)
	if ok then return "ok" end
	return (fault:match("^(#%u+)"))
end

local function rc_name(rc)
	return svsm.result_name(rc) or tostring(rc)
end

local S = {}

function S.read_validated()
	local _, g = fresh()
	return access(g:read(A, 8))
end

function S.perms_guest_page()
	local m = fresh()
	return m:rmp(m:npt(A)).perms[1]
end

function S.perms_secrets_page()
	local m, _, _, L = fresh()
	return m:rmp(m:npt(L.secrets_gpa)).perms[1]
end

function S.hv_write_private()
	local m, _, hv = fresh()
	return hv:write(m:npt(A), "x")
end

-- The hypervisor rewrites the RMP entry of the guest's page A with the
-- very same owner (assigned, the guest's ASID, GPA A).
local function rmpupdate_same(m, hv, L)
	return hv:rmpupdate(m:npt(A), {assigned = true, asid = L.asid, gpa = A})
end

function S.rmpupdate_same_rc()
	local m, _, hv, L = fresh()
	return rmpupdate_same(m, hv, L)
end

function S.rmpupdate_then_read()
	local m, g, hv, L = fresh()
	rmpupdate_same(m, hv, L)
	return access(g:read(A, 8))
end

function S.rmpupdate_then_perms()
	local m, _, hv, L = fresh()
	rmpupdate_same(m, hv, L)
	return m:rmp(m:npt(A)).perms[1]
end

function S.validate_twice()
	local _, g = fresh()
	return rc_name(g:pvalidate{ {gpa = A} })
end

function S.rescind_then_read()
	local _, g = fresh()
	g:pvalidate{ {gpa = A, validate = false} }
	return access(g:read(A, 8))
end

function S.secrets_mapped_at_a()
	local m, g, hv, L = fresh()
	hv:map(A, m:npt(L.secrets_gpa))
	return access(g:read(A, 8))
end

function S.validate_secrets_gpa()
	local _, g, _, L = fresh()
	return rc_name(g:pvalidate{ {gpa = L.secrets_gpa} })
end

function S.write_new_vmsa()
	local m, g = fresh()
	g:write(A, m:vmsa{})
	g:call("core", "create_vcpu", {rcx = A, rdx = B, r8 = 5})
	return access(g:write(A, "x"))
end

return S
