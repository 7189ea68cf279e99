-- tests/lua/guest.lua: m:guest(i): calls, PVALIDATE requests, memory,
-- page-state changes, VMSA pages, and the errors of bad use.
local expect = svsm.expect
local A, B = 0x20000, 0x21000

local m = svsm.machine{}:boot()
local g = m:guest(0)
expect.that(tostring(g):find("vCPU 0 of svsm.machine #1", 1, true), "tostring")

-- Calls by name and by number; the registers come back.
local rc, out = g:call("core", "query_protocol", {rcx = 1})   -- protocol 0 << 32 | version 1
expect.eq(rc, svsm.SUCCESS, "QUERY_PROTOCOL")
expect.eq(out.rcx, 1 << 32 | 1, "core protocol version 1 is supported")
expect.eq(out.served, true, "the module served the call")
rc, out = g:call(0, 6, {rcx = 0x200000001})
expect.eq(out.rcx, 0, "protocol 2 is not supported")
rc, out = g:call("core", "configure_vtom", {rcx = 1, rdx = 7, r8 = 9})
expect.eq(rc, svsm.SUCCESS, "CONFIGURE_VTOM query")
expect.eq(out.rdx, 7, "RDX is left as it was")
expect.eq(out.r8, 9, "R8 is left as it was")
expect.eq(g:call("attest", 0), svsm.ERR_UNSUPPORTED_PROTOCOL, "protocol 1")
expect.eq(g:call(0, 99), svsm.ERR_UNSUPPORTED_CALL, "call 99")

-- PVALIDATE: the request is built in guest memory, `next` read back.
local next
rc, next = g:pvalidate{ {gpa = A, validate = false}, {gpa = B, validate = false} }
expect.eq(rc, svsm.SUCCESS, "rescind two pages")
expect.eq(next, 2, "next after two entries")
expect.eq(m:rmp(A).validated, false, "A rescinded")
expect.eq(m:owner(A), "shared", "A is shared")
rc, next = g:pvalidate{ {gpa = A}, {gpa = 0x3000}, at = 0xa000 }
expect.eq(rc, svsm.ERR_INVALID_ADDRESS, "a module page in the list")
expect.eq(next, 1, "next names the entry that failed")
expect.eq(m:rmp(A).validated, true, "A validated again (validate defaults to true)")
expect.eq(g:pvalidate{ {gpa = A} }, svsm.PVALIDATE_FAIL_UNCHANGED, "validating twice")
expect.eq(g:pvalidate{ {gpa = A, ignore_cf = true} }, svsm.SUCCESS, "ignore_cf")
expect.eq(g:pvalidate{ {gpa = B} }, svsm.SUCCESS, "B validated again")
expect.eq(g:pvalidate{ {gpa = A, reserved = 0x10} }, svsm.ERR_INVALID_PARAMETER, "reserved bits")
expect.eq(g:pvalidate{ {gpa = 0x200000, size = "2m"} }, svsm.ERR_INVALID_ADDRESS, "2M outside RAM")
expect.eq(g:pvalidate{ {gpa = A}, entries = 0 }, svsm.ERR_INVALID_PARAMETER, "entries = 0")
expect.eq(g:pvalidate{ {gpa = A}, next = 1 }, svsm.ERR_INVALID_PARAMETER, "next >= entries")
expect.eq(g:pvalidate{}, svsm.ERR_INVALID_PARAMETER, "an empty list")
local req = svsm.pvalidate_request{ {gpa = A, size = "2m", validate = true, ignore_cf = true} }
expect.bytes(req, "\1\0\0\0\0\0\0\0" .. string.pack("<I8", A | 1 | 4 | 8), "a request's bytes")
expect.bytes(svsm.pvalidate_request{ entries = 3, next = 2 }, "\3\0\2\0\0\0\0\0", "header overrides")
expect.error("entry 1: gpa 0x20001 must be page-aligned", g.pvalidate, g, { {gpa = A + 1} })
expect.error("entry 2: field 'size' must be \"4k\" or \"2m\", got \"3m\"", g.pvalidate, g,
             { {gpa = A}, {gpa = B, size = "3m"} })
expect.error("entry 2: must be a table", g.pvalidate, g, { {gpa = A}, 7 })
expect.error("entry 1: field 'gpa' is missing", g.pvalidate, g, { {validate = true} })
expect.error("field 'reserved' may set only bits 11:4", g.pvalidate, g, { {gpa = A, reserved = 1} })
expect.error("unknown field 'x'", g.pvalidate, g, { {gpa = A}, x = 1 })
expect.error("unknown field 'at'", svsm.pvalidate_request, { at = 0x9000 })
expect.error("takes a list of entries", g.pvalidate, g, 5)

-- Memory: bytes, or nil and the fault.
expect.eq(g:write(B, "hello"), true, "write")
expect.bytes(g:read(B, 5), "hello", "read back")
expect.bytes(g:read(B, 0), "", "a read of nothing")
expect.bytes(g:read(B + 4094, 4), "\0\0\0\0", "a read across two pages")
local bytes, fault = g:read(0x3000, 4)
expect.eq(bytes, nil, "the module's page cannot be read")
expect.that(fault and fault:find("^#NPF 0x"), "the fault is an #NPF: " .. tostring(fault))
local ok, wfault = g:write(0x3000, "x")
expect.eq(ok, nil, "the module's page cannot be written")
expect.that(wfault and wfault:find("^#NPF 0x"), "a write faults too")
expect.eq(select(2, g:read(0x50000, 1)):sub(1, 4), "#NPF", "an unmapped GPA")
expect.error("gpa 0x3fffff0 (+32 bytes) is outside the guest-physical space", g.read, g, 0x3fffff0, 32)
expect.error("gpa must be an integer, got \"x\"", g.read, g, "x", 1)
expect.error("length must be an integer from 0", g.read, g, A, -1)
expect.error("bytes must be a string of bytes, got 5", g.write, g, A, 5)

-- Page-state changes.
expect.eq(g:pvalidate{ {gpa = B, validate = false} }, svsm.SUCCESS, "rescind B")
expect.eq(g:psc(B, "shared"), 0, "psc to shared")
expect.eq(m:rmp(B).assigned, false, "B is the hypervisor's")
expect.eq(g:psc(B, "private"), 0, "psc to private")
expect.eq(m:rmp(B).assigned, true, "B is the guest's again")
expect.error("gpa 0x21001 must be page-aligned", g.psc, g, B + 1, "shared")
expect.error("operation must be \"private\" or \"shared\", got \"public\"", g.psc, g, B, "public")

-- VMSA pages.
local page = svsm.vmsa{vmpl = 1, sev_features = 1, rip = 0x1234}
expect.eq(#page, 4096, "a VMSA is a page")
expect.eq(page:byte(0xCA + 1), 1, "VMSA.vmpl")
expect.eq(string.unpack("<I8", page, 0xD0 + 1), 1 << 12, "VMSA.EFER defaults to SVME")
expect.eq(string.unpack("<I8", page, 0x178 + 1), 0x1234, "VMSA.rip")
expect.eq(string.unpack("<I8", svsm.vmsa{vmpl = 1, efer = 0}, 0xD0 + 1), 0, "EFER given")
expect.eq(m:vmsa{}:byte(0xCA + 1), 1, "m:vmsa: the guest's VMPL")
expect.eq(string.unpack("<I8", m:vmsa{}, 0x3B0 + 1), m:layout().sev_features, "m:vmsa: sev_features")
expect.error("field 'vmpl' is missing", svsm.vmsa, {})
expect.error("unknown field 'efr'", svsm.vmsa, {vmpl = 1, efr = 0})

-- A new vCPU: CREATE_VCPU, then the hypervisor is asked to start it.
local V, C = 0x30000, 0x31000
expect.eq(g:write(V, m:vmsa{}), true, "the new VMSA")
expect.eq(g:call("core", "create_vcpu", {rcx = V, rdx = C, r8 = 99}), svsm.ERR_INVALID_PARAMETER,
          "CREATE_VCPU for an APIC ID no CPU has")
expect.eq(g:call("core", "create_vcpu", {rcx = V, rdx = C, r8 = 2}), svsm.SUCCESS,
          "CREATE_VCPU for the CPU with APIC ID 2")
expect.eq(m:vcpu(2).apic_id, 2, "vCPU 2's APIC ID")
expect.eq(m:vcpu(2).vmsa, V, "the module binds the VMSA to the CPU with that APIC ID")
local g2 = m:guest(2)
expect.error("vCPU 2 is not running its guest", g2.call, g2, "core", "query_protocol")
expect.eq(g2:start_vcpu(V, C), true, "vCPU 2 starts")
expect.eq(g2:start_vcpu(V, C), false, "a running vCPU is not started again")
expect.eq(g2:call("core", "query_protocol", {rcx = 1}), svsm.SUCCESS, "vCPU 2 calls")
expect.eq(m:vcpu(2).caa, C, "vCPU 2's CAA")

-- REMAP_CA: after SUCCESS the guest uses the new Calling Area, as Linux does.
expect.eq(g2:call("core", "remap_ca", {rcx = 0x32000}), svsm.SUCCESS, "REMAP_CA")
expect.eq(m:vcpu(2).caa, 0x32000, "the guest follows REMAP_CA")
local rc2, out2 = g2:call("core", "query_protocol", {rcx = 1})
expect.eq(rc2, svsm.SUCCESS, "a call through the new CAA")
expect.eq(out2.served, true, "... is served")
expect.eq(g2:call("core", "remap_ca", {rcx = 0x32008}), svsm.ERR_INVALID_PARAMETER, "a bad REMAP_CA")
expect.eq(m:vcpu(2).caa, 0x32000, "the guest keeps its CAA when REMAP_CA fails")

-- CPU re-online: a new VMSA for the same APIC ID; the old one is retired until deleted.
local V2 = 0x33000
expect.eq(g:write(V2, m:vmsa{}), true, "the re-online VMSA")
expect.eq(g:call("core", "create_vcpu", {rcx = V2, rdx = 0x32000, r8 = 2}), svsm.SUCCESS,
          "CREATE_VCPU again for APIC ID 2")
expect.eq(m:vcpu(2).vmsa, V2, "the CPU's VMSA is the new one")
expect.eq(m:vcpu(2).retired_vmsa, V, "the old one is retired")
expect.eq(g:call("core", "delete_vcpu", {rcx = V}), svsm.ERR_BUSY, "the old VMSA still runs")
expect.eq(g2:start_vcpu(V2, 0x32000), true, "AP_CREATE: vCPU 2 runs the new VMSA")
expect.eq(g:call("core", "delete_vcpu", {rcx = V}), svsm.SUCCESS, "DELETE_VCPU of the old VMSA")
expect.eq(m:vcpu(2).retired_vmsa, nil, "nothing retired any more")
expect.error("vmsa 0x30001 must be page-aligned", g2.start_vcpu, g2, V + 1, C)

-- Bad calls.
expect.error("unknown call 'nope'", g.call, g, "core", "nope")
expect.error("unknown protocol 'cor'", g.call, g, "cor", 1)
expect.error("unknown field 'rxc'", g.call, g, 0, 6, {rcx = 1, rxc = 2})
expect.error("registers must be a table", g.call, g, 0, 6, 5)
expect.error("call must be an integer from 0 to 4294967295", g.call, g, 0, -1)
expect.error("expected a guest", g.call, m, 0, 6)
expect.clean(m)
