-- tests/lua/machine.lua: svsm.machine, m:boot, m:layout, m:vcpu, the
-- module's constants, and the errors of bad use. Run by tests/cli/lua.sh.
local expect = svsm.expect

-- A machine is described, then booted.
local m = svsm.machine{pages = 80, vcpus = 2, guest_vmpl = 2, bugs = {"pvalidate-cf-lost"}}
expect.that(tostring(m):find("not booted", 1, true), "tostring says not booted")
expect.error("not booted yet: call m:boot() first", m.layout, m)
expect.error("not booted yet", m.guest, m, 0)
expect.eq(m:boot(), m, "boot returns the machine")
expect.error("already booted", m.boot, m)
expect.that(tostring(m):find("bugs: pvalidate-cf-lost", 1, true), "tostring names the bugs")

-- The layout the launch chose.
local L = m:layout()
expect.eq(L.pages, 80, "pages")
expect.eq(L.vcpus, 2, "vcpus")
expect.eq(L.guest_vmpl, 2, "guest_vmpl")
expect.eq(L.asid, 1, "asid")
expect.eq(L.svsm_base, 0, "svsm_base")
expect.eq(L.svsm_size, 0x8000, "svsm_size")
expect.eq(L.secrets_gpa, 0x1000, "secrets_gpa")
expect.eq(L.boot_vmsa_gpa, 0x2000, "boot_vmsa_gpa")
expect.eq(L.guest_first, 0x8000, "guest_first")
expect.eq(L.guest_last, 80 * 4096 - 1, "guest_last: the last byte of guest RAM")
expect.eq(L.caa_gpa, 0x8000, "caa_gpa")
expect.eq(L.request_gpa, 0x9000, "request_gpa")
expect.eq(L.sev_features, 1, "sev_features")
expect.eq(L.guest_secrets_gpa, 0xb000, "guest_secrets_gpa")

-- The guest's secrets page: the SVSM fields at 0x140, in the SNP secrets
-- page layout, as Linux's svsm_setup_ca() reads them; no VMPCK0 in it.
local base, size, caa, version, vmpl =
  string.unpack("<I8I8I8I4B", m:guest(0):read(L.guest_secrets_gpa + 0x140, 29))
expect.eq(base, L.svsm_base, "secrets: svsm_base")
expect.eq(size, L.svsm_size, "secrets: svsm_size")
expect.eq(caa, L.caa_gpa, "secrets: svsm_caa, vCPU 0's Calling Area")
expect.eq(version, 1, "secrets: svsm_max_version")
expect.eq(vmpl, L.guest_vmpl, "secrets: svsm_guest_vmpl")
expect.bytes(m:guest(0):read(L.guest_secrets_gpa + 0x20, 32), string.rep("\0", 32),
             "secrets: the guest's copy holds no VMPCK0")

-- vCPUs: brought up from the top of guest RAM, one VMSA and one CAA each.
local v1 = m:vcpu(1)
expect.eq(v1.mode, "guest", "vCPU 1 runs its guest")
expect.eq(v1.state, "idle", "vCPU 1 has no call in flight")
expect.eq(v1.vmsa, L.guest_last + 1 - 2 * 4096, "vCPU 1's VMSA")
expect.eq(v1.caa, v1.vmsa + 4096, "vCPU 1's CAA")
expect.eq(m:vcpu(0).vmsa, L.boot_vmsa_gpa, "vCPU 0 runs on the boot VMSA")
expect.eq(m:vcpu(2).mode, "off", "vCPU 2 does not run")
expect.eq(m:vcpu(2).vmsa, nil, "vCPU 2 has no VMSA")

-- Defaults, and bugs given as a comma-separated string.
local d = svsm.machine():boot()
expect.eq(d:layout().pages, 64, "default pages")
expect.eq(d:layout().guest_vmpl, 1, "default guest VMPL")
expect.that(tostring(svsm.machine{bugs = "no-address-check,caa-may-be-vmsa"}):find(
	"caa-may-be-vmsa,no-address-check", 1, true), "bugs by string")

-- Bad descriptions.
expect.error("unknown field 'pgaes'", svsm.machine, {pgaes = 64})
expect.error("unknown bug 'nope'", svsm.machine, {bugs = {"nope"}})
expect.error("unknown bug 'nope'", svsm.machine, {bugs = "pvalidate-cf-lost,nope"})
expect.error("field 'vcpus' must be an integer from 1 to 8, got 9", svsm.machine, {vcpus = 9})
expect.error("field 'guest_vmpl' must be an integer from 1 to 3", svsm.machine, {guest_vmpl = 0})
expect.error("field 'pages' must be an integer", svsm.machine, {pages = "many"})
expect.error("a machine is described by a table", svsm.machine, 5)
expect.error("field 'pages' must be an integer from 16 to 1024, got 8", svsm.machine, {pages = 8})
expect.error("field 'pages' must be an integer from 16 to 1024, got 1025", svsm.machine,
	{pages = 1025})
expect.error("no such vCPU", m.guest, m, 8)
expect.error("no such vCPU", m.guest, m, -1)
expect.error("no such vCPU", m.vcpu, m, "1")
expect.error("expected a machine", m.layout, "m")
expect.error("on_step takes a function", m.on_step, m, 5)

-- Errors name the script line and the function.
local ok, err = pcall(function() m:guest(9) end)
expect.that(not ok and err:find("machine.lua:%d+: guest: no such vCPU %(got 9; the machine model has vCPUs 0 to 7%)"), "the error names the line")

-- The module's names and numbers.
expect.eq(svsm.SUCCESS, 0, "svsm.SUCCESS")
expect.eq(svsm.ERR_INVALID_PARAMETER, 0x80000005, "svsm.ERR_INVALID_PARAMETER")
expect.eq(svsm.PVALIDATE_FAIL_UNCHANGED, 0x80001010, "svsm.PVALIDATE_FAIL_UNCHANGED")
expect.eq(svsm.result_name(0x80000003), "ERR_INVALID_ADDRESS", "result_name")
expect.eq(svsm.result_name(7), nil, "result_name of no result")
expect.eq(svsm.PAGE_SIZE, 4096, "PAGE_SIZE")
expect.eq(require("svsm"), svsm, "require \"svsm\" is the global")
local bugs = svsm.bugs()
expect.eq(#bugs, 11, "the catalog's bugs")
expect.eq(bugs[1].name, "no-zero-after-validate", "bug 1")
expect.eq(bugs[4].needs_interleaving, true, "bug 4 needs a second vCPU")
expect.eq(bugs[4].verify.vcpus, 2, "verified with two vCPUs")
expect.eq(bugs[4].verify.handler, "create_vcpu", "in CREATE_VCPU")

-- m:save writes a file: not in the sandbox (tests/lua/unsafe/save.lua saves).
m:guest(0):call("core", "query_protocol", {rcx = 1})
expect.error("m:save writes files: not available in the sandbox", m.save, m, "x.lua")
expect.clean(m)
