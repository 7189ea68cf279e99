-- scripts/check/caa-may-be-vmsa.lua: bug 3 of the catalog, as a scenario
-- for `svsmlab check` (docs/check.md).
--
-- The guest fills in a proper save area at page A (0x20000) and asks for a
-- vCPU whose Calling Area is that same page. With the bug the module takes
-- a page that is about to be a VMSA as a CAA (caa-from-guest-page); the
-- correct module refuses the call.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "caa-may-be-vmsa" } },
  steps = {
    -- The save area's fields that matter (the rest stays zero):
    -- vmpl (offset 0xca) = 1, the guest's VMPL;
    { "guest", "write", gpa = 0x200ca, bytes = "\x01" },
    -- EFER (0xd0) = SVME (bit 12);
    { "guest", "write", gpa = 0x200d0, bytes = "\x00\x10\x00\x00\x00\x00\x00\x00" },
    -- SEV features (0x3b0) = 1, as the calling vCPU's.
    { "guest", "write", gpa = 0x203b0, bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x20000, rdx = 0x20000, r8 = 3 },
    { "guest", "finish", vcpu = 0 },
  },
}
