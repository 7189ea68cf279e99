-- scripts/check/no-address-check.lua: bug 7 of the catalog, as a scenario
-- for `svsmlab check` (docs/check.md).
--
-- The guest asks the module to rescind 0x3000, a page of the module's own
-- memory. With the bug the module does (rescind-only-guest-pages); the
-- correct module answers ERR_INVALID_ADDRESS.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "no-address-check" } },
  steps = {
    -- entries = 1, next = 0; entry: GPA 0x3000, 4K, rescind.
    { "guest", "write", gpa = 0x9000,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x30\x00\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
  },
}
