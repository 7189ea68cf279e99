-- scripts/check/call-withdraw-mem.lua: WITHDRAW_MEM as a scenario for
-- `svsmlab check` (docs/check.md); no catalog bug, the correct module must
-- hold against every hypervisor move of its scope.
--
-- The guest lends the module page 0x20000 (DEPOSIT_MEM, list at 0x9000),
-- then takes a page back (WITHDRAW_MEM, list at 0x9800 asking for one):
-- SUCCESS, the module zeroes 0x20000, grants it and writes it into the
-- list. Then a WITHDRAW_MEM whose list lies in the module's memory
-- (0x3000) is refused, ERR_INVALID_ADDRESS.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1 },
  steps = {
    { "guest", "write", gpa = 0x9000,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "deposit_mem", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "write", gpa = 0x9800,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x00\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "withdraw_mem", rcx = 0x9800 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "call", vcpu = 0, protocol = "core", call = "withdraw_mem", rcx = 0x3000 },
    { "guest", "finish", vcpu = 0 },
  },
}
