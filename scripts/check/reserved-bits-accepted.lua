-- scripts/check/reserved-bits-accepted.lua: bug 8 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- The guest rescinds page A with a reserved bit (bit 4) set in the entry.
-- With the bug the module carries the request out and says SUCCESS
-- (pvalidate-rejects-reserved); the correct module refuses it.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "reserved-bits-accepted" } },
  steps = {
    -- entries = 1, next = 0; entry 0x20010: GPA 0x20000, 4K, rescind, bit 4 set.
    { "guest", "write", gpa = 0x9000,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x10\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
  },
}
