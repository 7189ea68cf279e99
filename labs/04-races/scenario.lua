-- labs/04-races/scenario.lua: two guest vCPUs' calls, a scenario for
-- `svsmlab check` (docs/check.md); scripts/check/create-vcpu-no-lock.lua
-- with the catalog bug taken out: the module is yours.
--
-- Two guest vCPUs, each with one call; nothing in the file says how they
-- interleave or what the hypervisor does. vCPU 0 asks for a vCPU on page A
-- (0x20000), which still holds zeros: an unfit save area, so CREATE_VCPU
-- takes A from the guest, finds it bad and gives it back. vCPU 1 rescinds
-- A and validates it again, in one PVALIDATE call.
--
-- Search it, on your module:
--   ./svsmlab check labs/04-races/scenario.lua --out labs/04-races/race.lua
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 2 },
  steps = {
    -- vCPU 1's request at 0x9800 (writes are vCPU 0's): entries = 2, next = 0,
    -- then rescind A (0x20000) and validate A (0x20004).
    { "guest", "write", gpa = 0x9800,
      bytes = "\x02\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" ..
              "\x04\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x20000, rdx = 0x21000, r8 = 7 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "call", vcpu = 1, protocol = "core", call = "pvalidate", rcx = 0x9800 },
    { "guest", "finish", vcpu = 1 },
  },
}
