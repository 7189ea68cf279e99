-- scripts/check/vmsa-bit-before-check.lua: bug 2 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- The guest asks for a new vCPU whose save area is page A (0x20000), with
-- page B (0x21000) as its Calling Area. A is still all zeros, as the
-- module left it at boot: vmpl 0, EFER.SVME clear, an unfit save area the
-- module must refuse. With the bug the module sets the VMSA bit first,
-- while the guest can still write A (vmsa-revoked-first); the correct
-- module revokes the guest, checks, and refuses.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "vmsa-bit-before-check" } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x20000, rdx = 0x21000, r8 = 3 },
    { "guest", "finish", vcpu = 0 },
  },
}
