-- svsmlab trace: replay with `svsmlab run FILE`
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 1, guest_vmpl = 1, bugs = { "remap-ca-unchecked" } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = 0, call = 0, rcx = 0x0, rdx = 0x0, r8 = 0x0, r9 = 0x0 },
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
  expect = { violation = "caa-from-guest-page" },
}
