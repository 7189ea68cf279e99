-- scripts/check/create-vcpu-any-vmpl.lua: bug 11 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- The guest fills in a save area at page A (0x20000) that is right in
-- every way but one: it says vmpl 0, the module's level. With the bug the
-- module does not look at VMSA.vmpl and makes it a VMSA
-- (vmsa-contents-checked); the correct module refuses.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "create-vcpu-any-vmpl" } },
  steps = {
    -- vmpl (offset 0xca) stays 0. EFER (0xd0) = SVME (bit 12);
    { "guest", "write", gpa = 0x200d0, bytes = "\x00\x10\x00\x00\x00\x00\x00\x00" },
    -- SEV features (0x3b0) = 1, as the calling vCPU's.
    { "guest", "write", gpa = 0x203b0, bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x20000, rdx = 0x21000, r8 = 3 },
    { "guest", "finish", vcpu = 0 },
  },
}
