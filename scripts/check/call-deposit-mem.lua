-- scripts/check/call-deposit-mem.lua: DEPOSIT_MEM as a scenario for
-- `svsmlab check` (docs/check.md); no catalog bug, the correct module must
-- hold against every hypervisor move of its scope.
--
-- The guest lends the module page 0x20000 (list at 0x9000: one 4K entry):
-- SUCCESS, the page leaves the guest for the pool. Then it asks again with
-- a second list (0x9800) naming the same page, now the module's: refused,
-- ERR_INVALID_ADDRESS, and the pool and the page are left as they were.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1 },
  steps = {
    { "guest", "write", gpa = 0x9000,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "deposit_mem", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "write", gpa = 0x9800,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "deposit_mem", rcx = 0x9800 },
    { "guest", "finish", vcpu = 0 },
  },
}
