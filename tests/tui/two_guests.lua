-- Two guest vCPUs, each with a call of its own: the explorer's menu offers
-- vCPU 1's call before the trace reaches it (tests/tui/cases.sh, guest_move).
return {
  format = "svsmlab-trace/1",
  machine = { pages = 64, vcpus = 2, guest_vmpl = 1, bugs = {} },
  steps = {
    { "guest", "call", vcpu = 0, protocol = 0, call = 6, rcx = 0x0, rdx = 0x0, r8 = 0x0, r9 = 0x0 },
    { "guest", "call", vcpu = 1, protocol = 0, call = 6, rcx = 0x0, rdx = 0x0, r8 = 0x0, r9 = 0x0 },
  },
}
