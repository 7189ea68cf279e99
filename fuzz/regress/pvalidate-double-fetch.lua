-- svsmlab trace: replay with `svsmlab run FILE`
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 1, guest_vmpl = 1, bugs = { "pvalidate-double-fetch" } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = 0, call = 1, rcx = 0x8000, rdx = 0x0, r8 = 0x0, r9 = 0x0 },
    { "guest", "write", gpa = 0x0, bytes = "" },
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
  expect = { violation = "guest-input-read-once" },
}
