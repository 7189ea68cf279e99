-- scripts/clients/play.lua: runs every client scenario of this directory
-- on the correct module, one guest step after another (no hypervisor, no
-- interleaving: what `svsmlab check` adds), and judges each answer the
-- way the client does:
--   - a call must be answered (call_pending cleared), or the client stops
--     (Linux's svsm_perform_call_protocol(), OVMF's SvsmMsrProtocol());
--   - its result must be SUCCESS, but for PVALIDATE_FAIL_SIZEMISMATCH at a
--     2M entry, which both fall back from to 4K pages (Linux's
--     svsm_pval_pages(), OVMF's SvsmPvalidate()); BUSY and INCOMPLETE,
--     which both would retry, are not expected here;
--   - the hypervisor starts every vCPU the client created (AP_CREATE);
--   - no run-time check fires.
-- Run it with `svsmlab run scripts/clients/play.lua` (tests/cli/clients.sh
-- does, and checks the list below names every scenario of the directory).
local expect = svsm.expect

local CLIENTS = {
  "linux-boot.lua", "linux-pvalidate-2m.lua", "linux-pvalidate-2m-4k.lua",
  "linux-ap-bringup.lua", "linux-cpu-online.lua",
  "ovmf-boot.lua", "ovmf-pvalidate-2m-4k.lua",
}

-- Does the PVALIDATE request at gpa name a 2M entry at its `next`?
local function failed_at_2m(g, gpa)
  local next = string.unpack("<I2", g:read(gpa + 2, 2))
  local entry = string.unpack("<I8", g:read(gpa + 8 + 8 * next, 8))
  return entry & 3 == 1
end

local function call(m, name, i, st)
  local g = m:guest(st.vcpu or 0)
  local rc, out = g:call(st.protocol, st.call, {rcx = st.rcx, rdx = st.rdx, r8 = st.r8, r9 = st.r9})
  local what = string.format("%s step %d (%s)", name, i, st.call)
  expect.that(out.served, what .. ": answered")
  if rc == svsm.PVALIDATE_FAIL_SIZEMISMATCH and st.call == "pvalidate" then
    expect.that(failed_at_2m(g, st.rcx), what .. ": FAIL_SIZEMISMATCH only at a 2M entry")
  else
    expect.eq(rc, svsm.SUCCESS, what)
  end
end

local function play(name)
  local t = dofile(name)
  local m = svsm.machine{pages = t.machine.pages, vcpus = t.machine.vcpus}:boot()
  for i, st in ipairs(t.steps) do
    local g = m:guest(st.vcpu or 0)
    local action = st[2]
    if action == "call" then
      call(m, name, i, st)
    elseif action == "write" then
      expect.eq(g:write(st.gpa, st.bytes), true, name .. " step " .. i .. " (write)")
    elseif action == "read" then
      expect.ne(g:read(st.gpa, st.len), nil, name .. " step " .. i .. " (read)")
    elseif action == "psc" then
      expect.eq(g:psc(st.gpa, st.op), 0, name .. " step " .. i .. " (psc)")
    elseif action == "start_vcpu" then
      expect.eq(g:start_vcpu(st.vmsa, st.caa), true, name .. " step " .. i .. " (AP_CREATE)")
    else
      error(name .. " step " .. i .. ": a client scenario has guest steps only, not " .. action)
    end
  end
  expect.clean(m)
  io.write(name, ": ", #t.steps, " steps, every answer as the client expects\n")
end

for _, name in ipairs(CLIENTS) do play(name) end
