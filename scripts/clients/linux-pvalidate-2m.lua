-- scripts/clients/linux-pvalidate-2m.lua: Linux's svsm_pval_pages()
-- (arch/x86/coco/sev/) with a 2M entry the RMP holds as 4K pages. The
-- request is built in the Calling Area's buffer (CAA + 8). The SVSM
-- answers PVALIDATE_FAIL_SIZEMISMATCH with `next` at the 2M entry; Linux
-- saves that entry, moves `next` (pc->cur_index) past it and calls again,
-- which resumes the same request. This file stops there, so that the
-- hypervisor's scope of `svsmlab check` (8 guest pages) holds it; the
-- 4K fallback that follows, on the 512 pages of the range, is
-- linux-pvalidate-2m-4k.lua. Here the pages are made shared (rescinded),
-- as set_pages_state() does before the page-state change. A guest-only
-- scenario for `svsmlab check` and scripts/clients/play.lua.
--
-- 1024 pages, so that guest RAM holds a 2M-aligned range (0x200000); the
-- launch assigns every page as 4K. The CAA is the boot one, 0x8000.
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
  },
}
