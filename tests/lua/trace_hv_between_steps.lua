-- tests/lua/trace_hv_between_steps.lua: a trace file (written by `svsmlab run
-- --save`) where the hypervisor acts between two hardware steps of the module:
-- it re-assigns the page the module is about to rescind. With pvalidate-cf-lost
-- the guest is told SUCCESS; replayed, the contract check must fire.
-- svsmlab trace: replay with `svsmlab run FILE`
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 1, guest_vmpl = 1, bugs = { "pvalidate-cf-lost" } },
  steps = {
    { "guest", "write", gpa = 0x9000, bytes = "\001\000\000\000\000\000\000\000\000\000\002\000\000\000\000\000" },
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
    { "hv", "rmpupdate", spa = 0x20000, assigned = true, asid = 1, gpa = 0x20000, size = "4k", immutable = false },
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
  expect = { violation = "pvalidate-reports-unchanged" },
}
