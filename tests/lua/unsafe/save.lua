-- tests/lua/unsafe/save.lua: m:save, which writes files, so it runs with
-- `svsmlab run --unsafe` (tests/cli/lua.sh): the trace saved so far reads
-- back, and expects what happened.
local expect = svsm.expect

local m = svsm.machine{pages = 80, vcpus = 2, guest_vmpl = 2, bugs = {"pvalidate-cf-lost"}}:boot()
m:guest(0):call("core", "query_protocol", {rcx = 1})
for _, format in ipairs{"lua", "json"} do
	local path = os.tmpname()
	m:save(path, format)
	local f = io.open(path)
	local text = f:read("a")
	f:close()
	os.remove(path)
	expect.that(text:find("svsmlab-trace/1", 1, true), "saved as " .. format)
	if format == "lua" then
		local t = load(text)()
		expect.eq(t.machine.pages, 80, "the saved machine")
		expect.eq(t.machine.bugs[1], "pvalidate-cf-lost", "the saved bugs")
		expect.eq(t.steps[1][2], "call", "the first step")
		expect.eq(t.steps[#t.steps][2], "finish", "the last step")
	end
end
expect.error("format must be", m.save, m, os.tmpname(), "xml")
expect.error("cannot write", m.save, m, "/nonexistent/dir/x.lua")
expect.clean(m)

-- A saved trace expects what happened here: it replays to the same violation.
local bad = svsm.machine{bugs = {"no-address-check"}}:boot()
bad:guest(0):pvalidate{ {gpa = 0x3000, validate = false} }
expect.violation(bad, "rescind-only-guest-pages")
local path = os.tmpname()
bad:save(path)
local saved = dofile(path)
os.remove(path)
expect.eq(saved.expect.violation, "rescind-only-guest-pages", "the saved trace's expectation")
