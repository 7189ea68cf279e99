-- svsmlab trace: replay with `svsmlab run FILE`
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 1, guest_vmpl = 1, bugs = { "vmsa-bit-before-check" } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = 0, call = 2, rcx = 0x3b000, rdx = 0x1e000, r8 = 0x1, r9 = 0x0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
  },
  expect = { violation = "vmsa-revoked-first" },
}
