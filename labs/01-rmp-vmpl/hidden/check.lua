-- labs/01-rmp-vmpl/hidden/check.lua: the grader's check of one prediction
-- (hidden.sh fills in @NAME@; lua_grader gives say). The predictions are
-- loaded as data: an empty environment, no svsm, no print.
local S = dofile("situations.lua")
local chunk, err = loadfile("predictions.lua", "t", {})
if not chunk then say("broken", err) return end
local ok, P = pcall(chunk)
if not ok or type(P) ~= "table" then say("broken", "predictions.lua must return a table") return end
local want, got = S["@NAME@"](), P["@NAME@"]
if got == nil or got == "?" then say("missing")
elseif tostring(got) == tostring(want) then say("right")
else say("wrong", tostring(got)) end
