-- scripts/clients/linux-pvalidate-2m-4k.lua: Linux's svsm_pval_pages()
-- (arch/x86/coco/sev/) with a 2M entry the RMP holds as 4K pages. The
-- request is built in the Calling Area's buffer (CAA + 8). The SVSM
-- answers PVALIDATE_FAIL_SIZEMISMATCH with `next` at the 2M entry; Linux
-- saves that entry, moves `next` (pc->cur_index) past it and calls again,
-- which resumes the same request; afterwards it validates the saved 2M
-- range as 4K pages, 510 entries a call (svsm_build_ca_from_pfn_range).
-- Here the pages are made shared (rescinded), as set_pages_state() does
-- before the page-state change. scripts/clients/play.lua runs it;
-- `svsmlab check` refuses it: its hypervisor scope takes at most 8 guest
-- pages and the fallback works on 512 (linux-pvalidate-2m.lua is the
-- part before the fallback, for check).
--
-- 1024 pages, so that guest RAM holds a 2M-aligned range (0x200000); the
-- launch assigns every page as 4K. The CAA is the boot one, 0x8000.
--
-- Entry i of the 2M range as a 4K entry (GFN 0x200 + i, size 0, bit 2
-- clear: rescind): its 8 little-endian bytes. A trace is read with no
-- library, so the bytes come from tables.
local LOW = { [0] = "\0", "\16", "\32", "\48", "\64", "\80", "\96", "\112",
              "\128", "\144", "\160", "\176", "\192", "\208", "\224", "\240" }
local HIGH = { [0] = " ", "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+",
               ",", "-", ".", "/", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
               ":", ";", "<", "=", ">", "?" }
local function rescind_4k(i)
  return "\0" .. LOW[i % 16] .. HIGH[i // 16] .. "\0\0\0\0\0"
end
-- The 4K entries first..last of the range, after a header of (last - first + 1) entries.
local function request_4k(header, first, last)
  local bytes = header
  for i = first, last do bytes = bytes .. rescind_4k(i) end
  return bytes
end

return {
  format = "svsmlab-trace/1",
  machine = { pages = 1024, vcpus = 1 },
  steps = {
    -- The page-state change descriptor as svsm_build_ca_from_psc_desc()
    -- copies it: entries = 3, next = 0; rescind 0x20000 (4K), 0x200000
    -- (2M: size 1), 0x21000 (4K).
    { "guest", "write", gpa = 0x8008,
      bytes = "\3\0\0\0\0\0\0\0" .. "\0\0\2\0\0\0\0\0" .. "\1\0\32\0\0\0\0\0" ..
              "\0\16\2\0\0\0\0\0" },
    -- FAIL_SIZEMISMATCH, next = 1.
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
    -- pc->cur_index++ (next = 2) and -EAGAIN: the same request again.
    { "guest", "write", gpa = 0x800a, bytes = "\2\0" },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
    -- The saved 2M entry at 4K: 510 entries (0x1fe), then the last 2.
    { "guest", "write", gpa = 0x8008, bytes = request_4k("\254\1\0\0\0\0\0\0", 0, 509) },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
    { "guest", "write", gpa = 0x8008, bytes = request_4k("\2\0\0\0\0\0\0\0", 510, 511) },
    { "guest", "call", vcpu = 0, protocol = "core", call = "pvalidate", rcx = 0x8008 },
  },
}
