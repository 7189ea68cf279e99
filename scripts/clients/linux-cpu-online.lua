-- scripts/clients/linux-cpu-online.lua: a CPU taken offline and brought
-- back, as Linux does it. Offlining asks nothing of the SVSM (the CPU
-- parks in the hypervisor). Onlining runs wakeup_cpu_via_vmgexit()
-- (arch/x86/coco/sev/) again: a new save area every time ("there is no
-- guarantee that the current VMSA is the kernel's or that the vCPU is not
-- running"), CREATE_VCPU of it with the CPU's same Calling Area and APIC
-- ID, AP_CREATE, and only then snp_cleanup_vmsa() of the old save area:
-- DELETE_VCPU. Meanwhile the CPU, once back, makes a call of its own. A
-- guest-only scenario for `svsmlab check` and scripts/clients/play.lua.
--
-- Two vCPUs at boot: vCPU 1 (APIC ID 1) runs the save area 0x3e000 with
-- its Calling Area at 0x3f000 (64 pages); its new save area is 0x22000.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 2 },
  steps = {
    { "guest", "write", gpa = 0x220ca, bytes = "\x01" },
    { "guest", "write", gpa = 0x220d0, bytes = "\x00\x10\x00\x00\x00\x00\x00\x00" },
    { "guest", "write", gpa = 0x223b0, bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" },
    -- snp_set_vmsa(vmsa, caa, apic_id, true): the same CAA, the same APIC ID.
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x22000, rdx = 0x3f000, r8 = 1 },
    -- AP_CREATE: the hypervisor runs the new save area on vCPU 1.
    { "guest", "start_vcpu", vcpu = 1, vmsa = 0x22000, caa = 0x3f000 },
    -- "Free up any previous VMSA page": DELETE_VCPU of the old one.
    { "guest", "call", vcpu = 0, protocol = "core", call = "delete_vcpu", rcx = 0x3e000 },
    -- The CPU back online asks the SVSM something through its CA.
    { "guest", "call", vcpu = 1, protocol = "core", call = "query_protocol",
      rcx = 0x0000000000000001 },
  },
}
