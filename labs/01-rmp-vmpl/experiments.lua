-- labs/01-rmp-vmpl/experiments.lua: your scenarios, one per situation of
-- README.md, each checking your prediction with svsm.expect. Run it with
--   ./svsmlab run labs/01-rmp-vmpl/experiments.lua
-- It runs in the sandbox, so it may read predictions.lua (beside it).
local P = dofile("predictions.lua")
local A = 0x20000

-- A fresh machine for each situation: what one did must not leak into the next.
local function fresh()
	local m = svsm.machine{}:boot()
	return m, m:guest(0), m:hv(), m:layout()
end

-- A guest access as one word: "ok", or the fault without its error code.
local function access(ok, fault)
	if ok then return "ok" end
	return (fault:match("^(#%u+)"))
end

-- Situation 1, the worked example: the guest reads page A.
do
	local _, g = fresh()
	svsm.expect.eq(access(g:read(A, 8)), P.read_validated, "read_validated")
end

-- Situations 2 to 12: yours.
