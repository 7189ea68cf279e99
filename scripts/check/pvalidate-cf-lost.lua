-- scripts/check/pvalidate-cf-lost.lua: bug 5 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- The guest rescinds page A (0x20000). The search finds the hypervisor
-- re-assigning A's page (which drops its validated bit) between the
-- module's RMPADJUST and its PVALIDATE: PVALIDATE then changes nothing and
-- sets CF. With the bug CF is lost and the call says SUCCESS
-- (pvalidate-reports-unchanged); the correct module reports
-- PVALIDATE_FAIL_UNCHANGED.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "pvalidate-cf-lost" } },
  steps = {
    -- entries = 1, next = 0; entry: GPA 0x20000, 4K, rescind.
    { "guest", "write", gpa = 0x9000,
      bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x9000 },
    { "guest", "finish", vcpu = 0 },
  },
}
