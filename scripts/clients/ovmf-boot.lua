-- scripts/clients/ovmf-boot.lua: what OVMF asks of the SVSM, where it
-- differs from Linux (edk2 OvmfPkg/Library/AmdSvsmLib/AmdSvsmLib.c):
--   - no REMAP_CA: AmdSvsmSnpGetCaa() takes the Calling Area from the
--     SVSM fields of the secrets page, and every call goes through it;
--   - SvsmPvalidate() zeroes the whole CA buffer before each request and
--     builds the next request from scratch (it never resumes with `next`);
--   - SvsmVmsaRmpAdjust() asks for CREATE_VCPU with the page right after
--     the save area as the AP's Calling Area (RDX = VMSA + 4 KiB).
-- SvsmMsrProtocol() retries BUSY and INCOMPLETE and treats a call still
-- pending as fatal, as Linux does. A guest-only scenario for `svsmlab
-- check` and scripts/clients/play.lua.
--
-- The CA buffer (CAA + 8) is 4088 bytes: zeroes built by a loop, since a
-- trace is read with no library.
local zeroes = ""
for _ = 1, 511 do zeroes = zeroes .. "\0\0\0\0\0\0\0\0" end

return {
  format = "svsmlab-trace/1",
  machine = { vcpus = 1 },
  steps = {
    -- AmdSvsmIsSvsmPresent(), AmdSvsmSnpGetCaa(): the secrets page's SVSM
    -- fields (0x140 of the guest's secrets page, 0xb000 here).
    { "guest", "read", gpa = 0xb140, len = 32 },
    -- SvsmPvalidate() of two pages made shared: rescind 0x20000 and 0x21000.
    { "guest", "write", gpa = 0x8008, bytes = zeroes },
    { "guest", "write", gpa = 0x8008,
      bytes = "\2\0\0\0\0\0\0\0" .. "\0\0\2\0\0\0\0\0" .. "\0\16\2\0\0\0\0\0" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
    { "guest", "write", gpa = 0x8008, bytes = zeroes },
    -- An AP's save area at 0x22000 (vmpl 1, EFER.SVME, SEV features 1),
    -- its CA the next page; APIC ID 1. Then AP_CREATE.
    { "guest", "write", gpa = 0x220ca, bytes = "\1" },
    { "guest", "write", gpa = 0x220d0, bytes = "\0\16\0\0\0\0\0\0" },
    { "guest", "write", gpa = 0x223b0, bytes = "\1\0\0\0\0\0\0\0" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "create_vcpu",
      rcx = 0x22000, rdx = 0x23000, r8 = 1 },
    { "guest", "start_vcpu", vcpu = 1, vmsa = 0x22000, caa = 0x23000 },
  },
}
