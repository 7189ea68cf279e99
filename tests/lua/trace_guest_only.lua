-- tests/lua/trace_guest_only.lua: a trace file with guest steps only (written by
-- `svsmlab run --save`): the module with reserved-bits-accepted carries out an
-- entry with a reserved bit set. Replayed, the contract check must fire.
-- svsmlab trace: replay with `svsmlab run FILE`
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 1, guest_vmpl = 1, bugs = { "reserved-bits-accepted" } },
  steps = {
    { "guest", "write", gpa = 0x9000, bytes = "\001\000\000\000\000\000\000\000\016\000\002\000\000\000\000\000" },
    { "guest", "call", vcpu = 0, protocol = 0, call = 1, rcx = 0x9000, rdx = 0x0, r8 = 0x0, r9 = 0x0 },
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
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "module", "step", vcpu = 0 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "read", gpa = 0x9002, len = 2 },
  },
  expect = { violation = "pvalidate-rejects-reserved" },
}
