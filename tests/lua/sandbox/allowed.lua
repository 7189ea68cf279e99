-- tests/lua/sandbox/allowed.lua: what a sandboxed script may use and what it
-- may not (docs/lua.md, "The sandbox"). Every removed name raises an error
-- that names it and --unsafe; what stays works. Run by tests/cli/sandbox.sh.
local expect = svsm.expect

local function removed(name, fn, ...)
	expect.error(name .. " is not available in the sandbox; run with --unsafe for full Lua",
	             fn, ...)
end

-- Reaching the system: programs, files, the environment, the process.
removed("os.execute", function() return os.execute("true") end)
removed("os.exit", function() return os.exit(0) end)
removed("os.getenv", function() return os.getenv("HOME") end)
removed("os.remove", function() return os.remove("x") end)
removed("os.rename", function() return os.rename("x", "y") end)
removed("os.tmpname", function() return os.tmpname() end)
removed("os.setlocale", function() return os.setlocale("C") end)
removed("io.popen", function() return io.popen("true") end)
removed("io.open", function() return io.open("x", "w") end)
removed("io.lines", function() return io.lines("/etc/passwd") end)
removed("io.input", function() return io.input("/etc/passwd") end)
removed("io.output", function() return io.output("x") end)
removed("io.read", function() return io.read() end)
removed("io.close", function() return io.close() end)
removed("io.tmpfile", function() return io.tmpfile() end)
removed("io.stdout", function() return io.stdout end)
removed("io.stderr", function() return io.stderr end)
-- Native code, bytecode, and the library that can undo the rest.
removed("package.loadlib", function() return package.loadlib("libc.so.6", "system") end)
removed("package.path", function() return package.path end)
removed("package.cpath", function() return package.cpath end)
removed("package.searchers", function() return package.searchers end)
removed("string.dump", function() return string.dump(print) end)
removed("string.dump", function() return ("x").dump end)
removed("debug.sethook", function() return debug.sethook() end)
removed("debug.getinfo", function() return debug.getinfo(1) end)
removed("debug.setupvalue", function() return debug.setupvalue(print, 1, nil) end)
removed("debug.getregistry", function() return debug.getregistry() end)
removed("debug.setmetatable", function() return debug.setmetatable(1, {}) end)
expect.eq(os.nosuchname, nil, "a name the library never had is nil, as in full Lua")

-- Text chunks only: bytecode is not checked and can crash the VM.
expect.error("load: binary chunks (mode \"b\") are not available in the sandbox",
             load, "\27Lua", "x", "b")
expect.error("load: binary chunks (mode \"bt\")", load, "return 1", "x", "bt")
local ok, why = load("\27Lua\84\0")
expect.eq(ok, nil, "a binary string does not load")
expect.that(why:find("attempt to load a binary chunk", 1, true), "load says why")
expect.eq(load("return 1 + 1")(), 2, "load of text")
expect.eq(load("return x", "env", "t", {x = 7})(), 7, "load with an environment")

-- Loading Lua files: the script's own directory only.
expect.error("dofile: /etc/passwd is outside the script's directory", dofile, "/etc/passwd")
expect.error("dofile: ../machine.lua is outside", dofile, "../machine.lua")
expect.error("reading standard input is not available", dofile)
local f, err = loadfile("/etc/hostname")
expect.eq(f, nil, "loadfile outside the directory")
expect.that(err:find("is outside the script's directory", 1, true), "loadfile says why")
expect.error("loadfile: binary chunks", loadfile, "lib/helper.lua", "b")
expect.error("module 'nosuch' not found", require, "nosuch")
expect.error("module '../x' not found", require, "../x")
expect.eq(dofile("lib/helper.lua").answer, 42, "dofile in the script's directory")
expect.eq(loadfile("lib/helper.lua", "t", {})().answer, 42, "loadfile with an environment")
local helper = require("lib.helper")
expect.eq(helper.answer, 42, "require in the script's directory")
expect.eq(helper.name, "lib.helper", "require passes the module's name")
expect.eq(require("lib.helper"), helper, "require loads a module once")
expect.eq(require("svsm"), svsm, "require of svsm")
expect.eq(require("os"), os, "require of a library gives the sandbox's")
expect.eq(package.loaded.svsm, svsm, "package.loaded")

-- What stays: computing, the clock, standard output.
expect.eq(type(os.time()), "number", "os.time")
expect.eq(type(os.clock()), "number", "os.clock")
expect.eq(os.date("!%Y", 0), "1970", "os.date")
expect.eq(os.difftime(2, 1), 1.0, "os.difftime")
expect.eq(io.write(""), nil, "io.write returns no file handle")
expect.error("bad argument #1", io.write, {})
io.flush()
expect.eq(string.format("%05.1f", 3.14159), "003.1", "string.format")
expect.eq(("abc"):upper(), "ABC", "string methods")
expect.eq(table.concat({1, 2, 3}, ","), "1,2,3", "table")
expect.eq(math.max(1, 5), 5, "math")
expect.eq(table.move({1, 2, 3}, 1, 3, 2)[4], 3, "table.move")
expect.eq(table.move({1, 2}, 1, 2, 1, {})[2], 2, "table.move to another table")
expect.error("table.move: 1000000000000000 elements are more than the script's memory could hold",
             table.move, {}, 1, 10^15, 1, {})   -- its C loop would not end
expect.eq(utf8.char(72, 105), "Hi", "utf8")
expect.eq(coroutine.wrap(function() coroutine.yield(5) end)(), 5, "coroutine")
expect.that(debug.traceback("here"):find("stack traceback", 1, true), "debug.traceback")
expect.eq(select("#", pcall(error)), 2, "pcall")
expect.that(collectgarbage("count") > 0, "collectgarbage")

-- The kit's objects keep their metatables: a script cannot reach their __gc.
local m = svsm.machine{}:boot()
expect.eq(getmetatable(m), "svsm.machine", "a machine's metatable is locked")
expect.eq(getmetatable(m:guest(0)), "svsm.guest", "a guest's metatable is locked")
expect.eq(getmetatable(m:hv()), "svsm.hv", "the hypervisor's metatable is locked")
expect.clean(m)
