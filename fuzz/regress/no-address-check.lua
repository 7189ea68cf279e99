-- svsmlab trace: replay with `svsmlab run FILE`
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 1, guest_vmpl = 1, bugs = { "no-address-check" } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = 0, call = 1, rcx = 0x8000, rdx = 0x0, r8 = 0x0, r9 = 0x0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
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
  expect = { violation = "rescind-only-guest-pages" },
}
