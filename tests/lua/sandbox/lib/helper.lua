-- tests/lua/sandbox/lib/helper.lua: a module in the script's directory,
-- which the sandbox's require, dofile and loadfile may read.
local name, where = ...
return { answer = 42, name = name, where = where }
