-- scripts/clients/ovmf-pvalidate-2m-4k.lua: OVMF's SvsmPvalidate() (edk2
-- OvmfPkg/Library/AmdSvsmLib/AmdSvsmLib.c) with a 2M entry the RMP holds
-- as 4K pages, where it differs from Linux (linux-pvalidate-2m-4k.lua):
-- on PVALIDATE_FAIL_SIZEMISMATCH at a 2M entry it validates that range
-- as 4K pages at once, 510 entries a request (EntryLimit + 1), zeroing
-- the CA buffer before each, and then builds a new request from the entry
-- after the failed one instead of resuming the old one with `next`.
-- scripts/clients/play.lua runs it; `svsmlab check` refuses it: its
-- hypervisor scope takes at most 8 guest pages, the range has 512.
--
-- 1024 pages (a 2M-aligned range at 0x200000 in guest RAM); the CAA is
-- the one the secrets page names, 0x8000.
--
-- Entry i of the 2M range as a 4K entry (GFN 0x200 + i, size 0, bit 2
-- clear: rescind): its 8 little-endian bytes, from tables, since a trace
-- is read with no library; and the 4088 zero bytes of the CA buffer.
local LOW = { [0] = "\0", "\16", "\32", "\48", "\64", "\80", "\96", "\112",
              "\128", "\144", "\160", "\176", "\192", "\208", "\224", "\240" }
local HIGH = { [0] = " ", "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+",
               ",", "-", ".", "/", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
               ":", ";", "<", "=", ">", "?" }
local function request_4k(header, first, last)
  local bytes = header
  for i = first, last do
    bytes = bytes .. "\0" .. LOW[i % 16] .. HIGH[i // 16] .. "\0\0\0\0\0"
  end
  return bytes
end
local zeroes = ""
for _ = 1, 511 do zeroes = zeroes .. "\0\0\0\0\0\0\0\0" end

return {
  format = "svsmlab-trace/1",
  machine = { pages = 1024, vcpus = 1 },
  steps = {
    -- rescind 0x20000 (4K), 0x200000 (2M), 0x21000 (4K): FAIL_SIZEMISMATCH, next = 1.
    { "guest", "write", gpa = 0x8008, bytes = zeroes },
    { "guest", "write", gpa = 0x8008,
      bytes = "\3\0\0\0\0\0\0\0" .. "\0\0\2\0\0\0\0\0" .. "\1\0\32\0\0\0\0\0" ..
              "\0\16\2\0\0\0\0\0" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
    -- The 2M range at 4K, at once: 510 entries, then 2.
    { "guest", "write", gpa = 0x8008, bytes = zeroes },
    { "guest", "write", gpa = 0x8008, bytes = request_4k("\254\1\0\0\0\0\0\0", 0, 509) },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
    { "guest", "write", gpa = 0x8008, bytes = zeroes },
    { "guest", "write", gpa = 0x8008, bytes = request_4k("\2\0\0\0\0\0\0\0", 510, 511) },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
    -- A new request from the entry after the failed one: 0x21000.
    { "guest", "write", gpa = 0x8008, bytes = zeroes },
    { "guest", "write", gpa = 0x8008, bytes = "\1\0\0\0\0\0\0\0" .. "\0\16\2\0\0\0\0\0" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
  },
}
