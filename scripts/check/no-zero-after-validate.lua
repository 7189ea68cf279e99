-- scripts/check/no-zero-after-validate.lua: bug 1 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- The guest only gives page A (0x20000) back to the module and asks for it
-- again. What the hypervisor does in between is the search's to find:
--
--   svsmlab check scripts/check/no-zero-after-validate.lua
--
-- finds it binding the module's secrets page at A just before the module
-- validates A; the module grants the page without zeroing it and the
-- guest could read VMPCK0 (page-public-to-vmpl). With --bug none the
-- correct module zeroes first, and the same search finds nothing.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "no-zero-after-validate" } },
  steps = {
    -- A PVALIDATE request at 0x9000: header (entries = 1, next = 0), then
    -- one entry: GPA 0x20000, 4K, bit 2 clear = rescind.
    { "guest", "write", gpa = 0x9000,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
    -- The same entry with bit 2 set (0x20004): validate A again.
    { "guest", "write", gpa = 0x9000,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x04\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
  },
}
