-- labs/01-rmp-vmpl/solution/experiments.lua: the reference scenarios, one per situation of
-- README.md, each checking your prediction with svsm.expect. Run it with
--   ./svsmlab run labs/01-rmp-vmpl/experiments.lua
-- It runs in the sandbox, so it may read predictions.lua (beside it).
local P = dofile("predictions.lua")
local A = 0x20000

-- A fresh machine for each situation: what one did must not leak into the next.
local function fresh()
	local m = svsm.machine{}:boot()
	return m, m:guest(0), m:hv(), m:layout()
end

-- A guest access as one word: "ok", or the fault without its error code.
local function access(ok, fault)
	if ok then return "ok" end
	return (fault:match("^(#%u+)"))
end

local B = 0x21000

local function check(name, got) svsm.expect.eq(got, P[name], name) end

do -- 1. The guest reads page A.
	local _, g = fresh()
	check("read_validated", access(g:read(A, 8)))
end

do -- 2, 3. VMPL1's permissions on page A, and on the module's secrets page.
	local m, _, _, L = fresh()
	check("perms_guest_page", m:rmp(m:npt(A)).perms[1])
	check("perms_secrets_page", m:rmp(m:npt(L.secrets_gpa)).perms[1])
end

do -- 4. The hypervisor writes page A's system page.
	local m, _, hv = fresh()
	check("hv_write_private", hv:write(m:npt(A), "x"))
end

do -- 5, 6, 7. RMPUPDATE of A's page, same owner; then the guest reads A.
	local m, g, hv, L = fresh()
	check("rmpupdate_same_rc", hv:rmpupdate(m:npt(A), {assigned = true, asid = L.asid, gpa = A}))
	check("rmpupdate_then_perms", m:rmp(m:npt(A)).perms[1])
	check("rmpupdate_then_read", access(g:read(A, 8)))
end

do -- 8. The guest asks to validate A again.
	local _, g = fresh()
	check("validate_twice", svsm.result_name(g:pvalidate{ {gpa = A} }))
end

do -- 9. The guest rescinds A, then reads it.
	local _, g = fresh()
	g:pvalidate{ {gpa = A, validate = false} }
	check("rescind_then_read", access(g:read(A, 8)))
end

do -- 10. The hypervisor maps the secrets page's system page at A.
	local m, g, hv, L = fresh()
	hv:map(A, m:npt(L.secrets_gpa))
	check("secrets_mapped_at_a", access(g:read(A, 8)))
end

do -- 11. The guest asks to validate the secrets page's GPA.
	local _, g, _, L = fresh()
	check("validate_secrets_gpa", svsm.result_name(g:pvalidate{ {gpa = L.secrets_gpa} }))
end

do -- 12. CREATE_VCPU on A; then the guest writes A.
	local m, g = fresh()
	g:write(A, m:vmsa{})
	svsm.expect.eq(g:call("core", "create_vcpu", {rcx = A, rdx = B, r8 = 5}), svsm.SUCCESS, "create_vcpu")
	check("write_new_vmsa", access(g:write(A, "x")))
end
