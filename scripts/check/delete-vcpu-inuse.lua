-- scripts/check/delete-vcpu-inuse.lua: bug 10 of the catalog, as a
-- scenario for `svsmlab check` (docs/check.md).
--
-- Two vCPUs. vCPU 0 asks the module to delete vCPU 1 while vCPU 1 runs
-- its guest. (With 64 pages, bring-up puts vCPU 1's save area at 0x3e000.)
-- The hardware refuses to take a running VMSA's page away (FAIL_INUSE);
-- with the bug the module ignores that and says SUCCESS
-- (delete-vcpu-removes-vmsa); the correct module answers ERR_BUSY.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 2, bugs = { "delete-vcpu-inuse" } },
  steps = {
    { "guest", "call", vcpu = 0, protocol = "core", call = "delete_vcpu", rcx = 0x3e000 },
    { "guest", "finish", vcpu = 0 },
  },
}
