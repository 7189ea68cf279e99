-- tests/lua/hv.lua: m:hv(): RMPUPDATE, PSMASH, the NPT, raw memory, and the
-- errors of bad use.
local expect = svsm.expect
local A = 0x20000

local m = svsm.machine{pages = 1024}:boot()
local hv, g, L = m:hv(), m:guest(0), m:layout()

-- The hypervisor reads ciphertext of private pages, and its own writes as written.
expect.eq(g:write(A, "plaintext"), true, "the guest writes its page")
local raw = hv:read(A, 9)
expect.eq(#raw, 9, "hv:read returns the bytes")
expect.ne(raw, "plaintext", "the hypervisor sees ciphertext")
local before = hv:read(0x22000, 4)
expect.eq(hv:write(0x22000, "junk"), false, "the RMP refuses a host write to a guest page")
expect.bytes(hv:read(0x22000, 4), before, "the guest page is unchanged")
expect.eq(hv:rmpupdate(0x22000, {assigned = false}), 0, "the page becomes the hypervisor's")
expect.eq(hv:write(0x22000, "junk"), true, "hv:write of its own page")
expect.bytes(hv:read(0x22000, 4), "junk", "the hypervisor reads its own bytes")
expect.eq(m:label(0x22000), "{VMPL0,VMPL1,VMPL2,VMPL3,hypervisor}", "hypervisor bytes are public")
expect.error("spa 0x3ffffe (+4 bytes) is outside system memory (0x0-0x3fffff)", hv.read, hv, 0x3ffffe, 4)
expect.error("spa 0x400000 (+2 bytes) is outside system memory", hv.write, hv, 0x400000, "xx")

-- RMPUPDATE: return codes as the hardware gives them.
expect.eq(hv:rmpupdate(A, {assigned = false}), 0, "RMPUPDATE to the hypervisor")
local e = m:rmp(A)
expect.eq(e.assigned, false, "A is unassigned")
expect.eq(e.validated, false, "RMPUPDATE clears validated")
expect.eq(hv:rmpupdate(A, {assigned = true, asid = L.asid, gpa = A, immutable = true}), 0, "immutable")
expect.eq(m:rmp(A).immutable, true, "A is immutable")
expect.eq(hv:rmpupdate(A, {assigned = false}), 2, "FAIL_IMMUTABLE")
expect.eq(hv:rmpupdate(A + 8, {assigned = false}), 1, "FAIL_INPUT for a misaligned SPA")
expect.eq(hv:rmpupdate(0x2000, {assigned = false}), 3, "FAIL_INUSE: the boot VMSA runs")
expect.error("field 'asid' is missing", hv.rmpupdate, hv, A, {assigned = true, gpa = A})
expect.error("field 'assigned' is missing", hv.rmpupdate, hv, A, {})
expect.error("field 'size' must be \"4k\" or \"2m\", got \"1g\"", hv.rmpupdate, hv, A,
             {assigned = false, size = "1g"})
expect.error("unknown field 'gap'", hv.rmpupdate, hv, A, {assigned = false, gap = 0})
expect.error("takes the new entry as a table", hv.rmpupdate, hv, A, true)

-- A 2M entry, then PSMASH.
local M2 = 0x200000
expect.eq(hv:rmpupdate(M2, {assigned = false, size = "2m"}), 4, "FAIL_OVERLAP: 4K entries assigned")
for spa = M2, M2 + 0x200000 - 1, 0x1000 do
	hv:rmpupdate(spa, {assigned = false})
end
expect.eq(hv:rmpupdate(M2, {assigned = true, asid = L.asid, gpa = M2, size = "2m"}), 0, "a 2M entry")
expect.eq(m:rmp(M2 + 0x5000).size, "2m", "its 4K pages say 2m")
expect.eq(hv:psmash(M2), 0, "PSMASH")
expect.eq(m:rmp(M2 + 0x5000).size, "4k", "now 4K entries")
expect.eq(hv:psmash(M2), 6, "PSMASH of 4K entries: size mismatch")
expect.eq(hv:psmash(M2 + 0x1000), 1, "PSMASH of a misaligned SPA: FAIL_INPUT")

-- The NPT.
hv:map(0x21000, 0x1000)
expect.eq(m:npt(0x21000), 0x1000, "map")
hv:unmap(0x21000)
expect.eq(m:npt(0x21000), nil, "unmap")
hv:map(0x21000, 0x5000000)
expect.eq(m:npt(0x21000), 0x5000000, "a mapping past memory is the hypervisor's choice")
local _, fault = g:read(0x21000, 1)
expect.that(fault and fault:find("#NPF"), "and the guest's access faults")
expect.error("spa 0x1001 must be page-aligned", hv.map, hv, 0x21000, 0x1001)
expect.error("gpa 0x21001 must be page-aligned", hv.unmap, hv, 0x21001)
expect.error("gpa 0x400000 is outside the guest-physical space", hv.map, hv, 0x400000, 0)
expect.error("expected the hypervisor", hv.map, g, 0, 0)
