-- fuzz/known: a finding of `make fuzz` on the correct module (docs/fuzz.md, "Known findings"); replay with `svsmlab run FILE`.
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 1, guest_vmpl = 1, bugs = { } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = 0, call = 6, rcx = 0x0 },
    { "guest", "write", gpa = 0x8000, bytes = "\000" },
    { "module", "step", vcpu = 0 },
  },
  expect = { violation = "result-code-defined" },
}
