-- scripts/check/call-create-vcpu.lua: CREATE_VCPU as a scenario for
-- `svsmlab check` (docs/check.md); no catalog bug, the correct module must
-- hold against every hypervisor move of its scope.
--
-- The guest prepares a save area at 0x22000 as Linux does for an AP
-- (vmpl 1, EFER.SVME, the boot CPU's SEV features) and asks for the CPU
-- with APIC ID 1 on it, CA 0x23000: SUCCESS, the page becomes a VMSA.
-- Then it asks for APIC ID 2 on 0x24000, a page still all zeros (vmpl 0,
-- no SVME): the module takes the page from the guest, checks it, gives it
-- back and refuses, ERR_INVALID_PARAMETER.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1 },
  steps = {
    { "guest", "write", gpa = 0x220ca, bytes = "\x01" },
    { "guest", "write", gpa = 0x220d0, bytes = "\x00\x10\x00\x00\x00\x00\x00\x00" },
    { "guest", "write", gpa = 0x223b0, bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x22000, rdx = 0x23000, r8 = 1 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x24000, rdx = 0x25000, r8 = 2 },
    { "guest", "finish", vcpu = 0 },
  },
}
