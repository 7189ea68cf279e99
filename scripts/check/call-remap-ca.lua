-- scripts/check/call-remap-ca.lua: REMAP_CA as a scenario for
-- `svsmlab check` (docs/check.md); no catalog bug, the correct module must
-- hold against every hypervisor move of its scope.
--
-- The guest moves its Calling Area from the boot CAA (0x8000) to 0x23000:
-- SUCCESS, and the guest uses the new page from then on. Then it asks to
-- move it to 0x3000, a page of the module's memory: refused,
-- ERR_INVALID_ADDRESS (what bug 12 accepts).
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1 },
  steps = {
    { "guest", "call", vcpu = 0, protocol = "core", call = "remap_ca", rcx = 0x23000 },
    { "guest", "finish", vcpu = 0 },
    { "guest", "call", vcpu = 0, protocol = "core", call = "remap_ca", rcx = 0x3000 },
    { "guest", "finish", vcpu = 0 },
  },
}
