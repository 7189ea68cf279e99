-- scripts/check/create-vcpu-no-lock.lua: bug 4 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- Two guest vCPUs, each with one call; nothing in the file says how they
-- interleave or what the hypervisor does. vCPU 0 asks for a vCPU on page A
-- (0x20000), which still holds zeros: an unfit save area, so CREATE_VCPU
-- takes A from the guest, finds it bad and gives it back. vCPU 1 rescinds
-- A and validates it again, in one PVALIDATE call.
--
-- With the bug CREATE_VCPU runs without the lock. The search finds the
-- race: vCPU 0 has taken A; vCPU 1 rescinds it; the hypervisor binds the
-- module's secrets page at A; vCPU 1 validates it, and before it zeroes
-- the page vCPU 0's error path gives A back to the guest
-- (page-public-to-vmpl). With the lock (--bug none) vCPU 1 waits for
-- vCPU 0, and the same search finds nothing.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 2, bugs = { "create-vcpu-no-lock" } },
  steps = {
    -- vCPU 1's request at 0x9800 (writes are vCPU 0's): entries = 2, next = 0,
    -- then rescind A (0x20000) and validate A (0x20004).
    { "guest", "write", gpa = 0x9800,
      bytes = "\x02\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" ..
              "\x04\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x20000, rdx = 0x21000, r8 = 3 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "call", vcpu = 1, protocol = "core", call = "pvalidate", rcx = 0x9800 },
    { "guest", "finish", vcpu = 1 },
  },
}
