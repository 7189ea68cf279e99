-- scripts/check/call-delete-vcpu.lua: DELETE_VCPU as a scenario for
-- `svsmlab check` (docs/check.md); no catalog bug, the correct module must
-- hold against every hypervisor move of its scope.
--
-- The guest creates the CPU with APIC ID 1 on a save area at 0x22000 (as
-- in call-create-vcpu.lua) and, before starting it, deletes it: SUCCESS,
-- the page is the guest's again. Then it deletes the boot CPU's VMSA
-- (0x2000, module memory): refused, ERR_INVALID_PARAMETER.
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
    { "guest", "call", vcpu = 0, protocol = "core", call = "delete_vcpu", rcx = 0x22000 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "call", vcpu = 0, protocol = "core", call = "delete_vcpu", rcx = 0x2000 },
    { "guest", "finish", vcpu = 0 },
  },
}
