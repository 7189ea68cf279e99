-- scripts/check/remap-ca-unchecked.lua: bug 12 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- The guest asks the module to move its Calling Area to 0x3000, a page of
-- the module's own memory. With the bug the module accepts
-- (caa-from-guest-page); the correct module answers ERR_INVALID_ADDRESS.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1, bugs = { "remap-ca-unchecked" } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = "core", call = "remap_ca", rcx = 0x3000 },
    { "guest", "finish", vcpu = 0 },
  },
}
