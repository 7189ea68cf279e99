-- scripts/races/remap-ca-vs-pvalidate.lua: a scenario for the data-race
-- check of `svsmlab check` (docs/races.md).
--
-- Two guest vCPUs, one call each. vCPU 0 moves its Calling Area to page A
-- (0x20000); vCPU 1 rescinds page B (0x21000) and validates it again, in
-- one PVALIDATE call. The calls work on different pages, and no clause
-- breaks in any order of their steps. But REMAP_CA reads the page state
-- PVALIDATE changes (is A validated? A's bit and B's share a byte of
-- sv->validated), so both run under sv->lock, and on the correct module
-- check finds nothing. Built without the lock in REMAP_CA (the mutant
-- dp-remap-unlocked of tests/mutate/mutations.txt), the two calls touch
-- that byte unordered: check reports no-data-race, with both sites.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 2 },
  steps = {
    -- vCPU 1's request at 0x9800 (writes are vCPU 0's): entries = 2, next = 0,
    -- then rescind B (0x21000) and validate B (0x21004).
    { "guest", "write", gpa = 0x9800,
      bytes = "\x02\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x10\x02\x00\x00\x00\x00\x00" ..
              "\x04\x10\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "remap_ca", rcx = 0x20000 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "call", vcpu = 1, protocol = "core", call = "pvalidate", rcx = 0x9800 },
    { "guest", "finish", vcpu = 1 },
  },
}
