-- scripts/check/pvalidate-double-fetch.lua: bug 6 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- The guest rescinds two pages in one request. With the bug the module
-- reads the request header again for every entry, so another vCPU could
-- change it after the bounds check (guest-input-read-once); the correct
-- module reads the request once.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "pvalidate-double-fetch" } },
  steps = {
    -- entries = 2, next = 0; rescind 0x20000, rescind 0x21000.
    { "guest", "write", gpa = 0x9000,
      bytes = "\x02\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" ..
              "\x00\x10\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
  },
}
