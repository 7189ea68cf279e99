-- labs/01-rmp-vmpl/words.lua: how the grader reads predictions.lua (the
-- grader's file, not yours to change): the twelve situations, the kind of
-- word each prediction is, and the loading of the file as data.
--
--   W.situations       { {name, kind}, ... } in README.md's order
--   W.load()           predictions.lua's table; raises why it does not load
--   W.misworded(name, v)
--                      why v is not a word of name's kind, or nil
--
-- Words are compared as text (tostring), as the machine's answers are.
local W = {}

W.situations = {
	{ "read_validated", "access" }, { "perms_guest_page", "perms" },
	{ "perms_secrets_page", "perms" }, { "hv_write_private", "boolean" },
	{ "rmpupdate_same_rc", "rc" }, { "rmpupdate_then_read", "access" },
	{ "rmpupdate_then_perms", "perms" }, { "validate_twice", "result" },
	{ "rescind_then_read", "access" }, { "secrets_mapped_at_a", "access" },
	{ "validate_secrets_gpa", "result" }, { "write_new_vmsa", "access" },
}

-- The names svsm.result_name gives, in the order of their codes.
local function result_names()
	local names = {}
	for k, v in pairs(svsm) do
		if math.type(v) == "integer" and svsm.result_name(v) == k then names[#names + 1] = k end
	end
	table.sort(names, function(a, b) return svsm[a] < svsm[b] end)
	return names
end

-- Each kind: whether a word is one, and what one is.
local KINDS = {
	access = {
		is = function(w) return w == "ok" or w == "#VC" or w == "#NPF" end,
		what = function() return '"ok", "#VC" or "#NPF"' end,
	},
	perms = {
		is = function(w) return w:match("^[r-][w-][u-][s-]$") ~= nil end,
		what = function() return 'four letters as m:rmp shows them ("rwus", "r---", "----")' end,
	},
	boolean = {
		is = function(w) return w == "true" or w == "false" end,
		what = function() return "true or false" end,
	},
	rc = {
		is = function(w) return w:match("^[0-4]$") ~= nil end,
		what = function() return "an RMPUPDATE return code, a number 0 to 4" end,
	},
	result = {
		is = function(w) return math.type(svsm[w]) == "integer" and svsm.result_name(svsm[w]) == w end,
		what = function()
			return "a result name (spelled as svsm.result_name gives it: "
				.. table.concat(result_names(), ", ") .. ")"
		end,
	},
}

function W.misworded(name, v)
	for _, s in ipairs(W.situations) do
		local kind = KINDS[s[2]]
		if s[1] == name and not kind.is(tostring(v)) then
			local shown = type(v) == "string" and string.format("%q", v) or tostring(v)
			return string.format("%s = %s is not %s", name, shown, kind.what())
		end
	end
	return nil
end

-- An empty environment: no libraries and no svsm, so that the file
-- cannot compute its answers (a call of any function fails).
function W.load()
	local chunk, err = loadfile("predictions.lua", "t", {})
	if not chunk then error(err, 0) end
	local ok, P = pcall(chunk)
	if not ok then
		error("it must be plain data (strings, numbers, true, false; no function calls): "
			.. "it is loaded with no libraries and no svsm; " .. tostring(P), 0)
	end
	if type(P) ~= "table" then error("it must return a table of the twelve predictions", 0) end
	return P
end

return W
