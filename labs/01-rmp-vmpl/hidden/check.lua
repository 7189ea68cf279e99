-- labs/01-rmp-vmpl/hidden/check.lua: the grader's check of one prediction
-- (hidden.sh fills in @NAME@; lua_grader gives say). The predictions are
-- loaded as data by words.lua (an empty environment, no svsm, no print),
-- which also tells a word of the wrong kind (a misspelled result name)
-- from a wrong prediction.
local S, W = dofile("situations.lua"), dofile("words.lua")
local ok, P = pcall(W.load)
if not ok then say("broken") error(P, 0) end
local want, got = S["@NAME@"](), P["@NAME@"]
if got == nil or got == "?" then say("missing") return end
if tostring(got) == tostring(want) then say("right") return end
local why = W.misworded("@NAME@", got)
if why then say("misworded", why) else say("wrong", tostring(got)) end
