-- tests/lua/inspect.lua: m:rmp, m:npt, m:owner, m:label, m:violations, and
-- their errors. Looking changes nothing: no inspection is a trace step.
local expect = svsm.expect

local m = svsm.machine{bugs = {"no-address-check"}}:boot()
local L = m:layout()

-- An RMP entry, every field.
local e = m:rmp(L.secrets_gpa)
expect.eq(e.assigned, true, "assigned")
expect.eq(e.immutable, false, "immutable")
expect.eq(e.validated, true, "validated")
expect.eq(e.vmsa, false, "vmsa")
expect.eq(e.size, "4k", "size")
expect.eq(e.asid, 1, "asid")
expect.eq(e.gpa, L.secrets_gpa, "gpa")
expect.eq(#e.perms, 3, "permissions of VMPL1-3")
expect.eq(e.perms[1], "----", "the guest has no access to the secrets")
expect.eq(m:rmp(0x20000).perms[1], "rwus", "the guest's own page")
expect.eq(m:rmp(L.boot_vmsa_gpa).vmsa, true, "the boot VMSA")
expect.eq(m:rmp(L.boot_vmsa_gpa).perms[1], "r---", "the guest may read its VMSA")

-- The NPT, ghost owners and content labels.
expect.eq(m:npt(0x20000), 0x20000, "identity NPT")
expect.eq(m:npt(0x100000), nil, "no NPT entry past memory")
expect.eq(m:owner(0x0), "module", "the module's image")
expect.eq(m:owner(L.boot_vmsa_gpa), "vmsa", "the boot VMSA")
expect.eq(m:owner(L.caa_gpa), "caa", "vCPU 0's CAA")
expect.eq(m:owner(0x20000), "guest", "guest RAM")
expect.eq(m:owner(0x100000), "none", "outside memory")
expect.eq(m:label(L.secrets_gpa), "{VMPL0}", "the secrets: only VMPL0 may read them")
expect.eq(m:label(0x20000), "{VMPL0,VMPL1,VMPL2,VMPL3,hypervisor}", "zeroed guest RAM is public")

-- Violations: what, where, when.
expect.eq(#m:violations(), 0, "none yet")
m:guest(0):pvalidate{ {gpa = 0x3000, validate = false} }
local v = m:violations()
expect.eq(#v, 1, "one violation")
expect.eq(v[1].clause, "rescind-only-guest-pages", "clause")
expect.eq(v[1].kind, "precondition", "kind")
expect.that(v[1].message:find("rescinding GPA 0x3000", 1, true), "message")
expect.that(v[1].file:find("^svsm/core/"), "file")
expect.that(v[1].line > 0, "line")
expect.that(v[1].step > 0, "step")
expect.eq(v[1].vcpu, 0, "vcpu")
expect.violation(m, "rescind-only-guest-pages")
expect.no_violation(m, "confidentiality")

-- Bad addresses.
expect.error("spa 0x40000 is outside system memory (0x0-0x3ffff)", m.rmp, m, 0x40000)
expect.error("spa 0x1001 must be page-aligned", m.rmp, m, 0x1001)
expect.error("spa 0x1001 must be page-aligned", m.label, m, 0x1001)
expect.error("gpa 0x20001 must be page-aligned", m.owner, m, 0x20001)
expect.error("gpa 0xffffffffffffffff is outside the guest-physical space", m.npt, m, -1)
expect.error("spa must be an integer, got no value", m.rmp, m)
