-- scripts/clients/linux-boot.lua: what Linux's SEV code asks of the SVSM
-- while it boots on the boot CPU, from arch/x86/coco/sev/ and
-- arch/x86/boot/startup/ (the functions are named at each step). A
-- guest-only scenario: `svsmlab check` tries the hypervisor's moves and
-- the module's interleavings on it, scripts/clients/play.lua runs it and
-- checks every answer as Linux does (svsm_perform_call_protocol: anything
-- but SUCCESS is fatal, BUSY and INCOMPLETE are retried).
--
-- Addresses (64 pages): the boot CAA the secrets page names is 0x8000;
-- Linux's boot_svsm_ca_page is played by 0x30000 and its per-CPU Calling
-- Area (alloc_runtime_data) by 0x31000.
return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1 },
  steps = {
    -- svsm_setup_ca(): the SVSM fields of the secrets page (svsm_base,
    -- svsm_size, svsm_caa, svsm_max_version, svsm_guest_vmpl at 0x140 of
    -- the guest's secrets page, 0xb000 here) say an SVSM is there, at
    -- VMPL0, with its Calling Area at 0x8000.
    { "guest", "read", gpa = 0xb140, len = 32 },
    -- svsm_setup(): REMAP_CA to boot_svsm_ca_page, through the secrets
    -- page's CAA; from its SUCCESS on the guest uses the new one.
    { "guest", "call", vcpu = 0, protocol = "core", call = "remap_ca", rcx = 0x30000 },
    -- early_set_pages_state(.., SNP_PAGE_STATE_SHARED) of two pages:
    -- pvalidate_pages() -> svsm_pval_pages() builds the request in the CA
    -- buffer (CAA + 8): entries = 2, next = 0, then rescind 0x20000 and
    -- 0x21000 (4K); then the page-state change to shared.
    { "guest", "write", gpa = 0x30008,
      bytes = "\x02\x00\x00\x00\x00\x00\x00\x00" .. "\x00\x00\x02\x00\x00\x00\x00\x00" ..
              "\x00\x10\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x30008 },
    { "guest", "psc", vcpu = 0, gpa = 0x20000, op = "shared" },
    { "guest", "psc", vcpu = 0, gpa = 0x21000, op = "shared" },
    -- And back to private: the page-state change first, then validate
    -- (entry bit 2) through the same buffer.
    { "guest", "psc", vcpu = 0, gpa = 0x20000, op = "private" },
    { "guest", "psc", vcpu = 0, gpa = 0x21000, op = "private" },
    { "guest", "write", gpa = 0x30008,
      bytes = "\x02\x00\x00\x00\x00\x00\x00\x00" .. "\x04\x00\x02\x00\x00\x00\x00\x00" ..
              "\x04\x10\x02\x00\x00\x00\x00\x00" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x30008 },
    -- sev_es_init_vc_handling(): REMAP_CA to the boot CPU's per-CPU CA.
    { "guest", "call", vcpu = 0, protocol = "core", call = "remap_ca", rcx = 0x31000 },
  },
}
