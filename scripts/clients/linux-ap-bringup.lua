-- scripts/clients/linux-ap-bringup.lua: Linux brings up two application
-- processors, as wakeup_cpu_via_vmgexit() (arch/x86/coco/sev/) does for
-- each: a zeroed page becomes the AP's save area (vmpl = snp_vmpl,
-- EFER.SVME, sev_features = sev_status >> 2), snp_set_vmsa() asks the
-- SVSM for CREATE_VCPU with the AP's own per-CPU Calling Area
-- (per_cpu(svsm_caa, cpu)) and its APIC ID, and the AP_CREATE VMGEXIT has
-- the hypervisor start it. A guest-only scenario for `svsmlab check` and
-- scripts/clients/play.lua (see linux-boot.lua).
--
-- APs: APIC ID 1 with its save area at 0x22000 and CA 0x23000, APIC ID 2
-- at 0x24000 and 0x25000 (64 pages).
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1 },
  steps = {
    -- AP 1: vmpl (0xca) = 1, EFER (0xd0) = SVME (bit 12), SEV features
    -- (0x3b0) = 1, as the boot CPU's.
    { "guest", "write", gpa = 0x220ca, bytes = "\x01" },
    { "guest", "write", gpa = 0x220d0, bytes = "\x00\x10\x00\x00\x00\x00\x00\x00" },
    { "guest", "write", gpa = 0x223b0, bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x22000, rdx = 0x23000, r8 = 1 },
    { "guest", "start_vcpu", vcpu = 1, vmsa = 0x22000, caa = 0x23000 },
    -- AP 2, the same way.
    { "guest", "write", gpa = 0x240ca, bytes = "\x01" },
    { "guest", "write", gpa = 0x240d0, bytes = "\x00\x10\x00\x00\x00\x00\x00\x00" },
    { "guest", "write", gpa = 0x243b0, bytes = "\x01\x00\x00\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x24000, rdx = 0x25000, r8 = 2 },
    { "guest", "start_vcpu", vcpu = 2, vmsa = 0x24000, caa = 0x25000 },
  },
}
