# labs/01-rmp-vmpl/grade.sh: the tests the student sees. The predictions
# themselves are checked by hidden.sh, which the handout lacks (running it
# would give the answers away).

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="labs/01-rmp-vmpl/predictions.lua labs/01-rmp-vmpl/experiments.lua"

# The starter's worked example earns its points.
STARTER_CREDIT=1
setup grade_build 600

# with_files CHUNK: lua_grader, with the student's two files beside it,
# and words.lua (how the grader reads predictions.lua).
with_files() {
	needs_build
	cp "$LAB"/predictions.lua "$LAB"/experiments.lua "$LAB"/words.lua "$WORK/" 2>/dev/null
	lua_grader "$1"
}

# Every situation has a prediction, each a word of its kind.
complete() {
	local verdict n why
	with_files "
		local W = dofile('words.lua')
		local ok, P = pcall(W.load)
		if not ok then say('broken') error(P, 0) end
		local missing, why = {}, {}
		for _, s in ipairs(W.situations) do
			local v = P[s[1]]
			if v == nil or v == '?' then missing[#missing + 1] = s[1]
			else why[#why + 1] = W.misworded(s[1], v) end
		end
		local n = #missing + #why
		if #missing > 0 then
			table.insert(why, 1, ('no prediction yet for %d of 12: %s'):format(#missing, table.concat(missing, ' ')))
		end
		say('counted', n, table.concat(why, '; '))"
	read -r verdict n why <<<"$lua_out"
	case $verdict in
	broken) no "predictions.lua does not load: $(lua_error)" ;;
	counted) [ "$n" -eq 0 ] && pass
		partial $(((12 - n) * 10 / 12)) "$why" ;;
	*) no "the grader could not load predictions.lua: $(lua_error)" ;;
	esac
}

# The experiments must run clean in the sandbox and check (with
# svsm.expect) a prediction of each of the twelve situations.
experiments() {
	[ -f "$LAB/experiments.lua" ] || no "there is no experiments.lua"
	local verdict n
	with_files "
		local n = 0
		for k, f in pairs(svsm.expect) do
			svsm.expect[k] = function(...) n = n + 1 return f(...) end
		end
		local ok, err = pcall(dofile, 'experiments.lua')
		say(ok and 'ran' or 'error', n)
		if not ok then error(err, 0) end"
	read -r verdict n <<<"$lua_out"
	[ "$verdict" = ran ] || no "experiments.lua stopped with an error: $(lua_error)"
	# The failed expectation's own words ("name: got X, want Y"), not the
	# first line that happens to contain FAIL (a result such as
	# PVALIDATE_FAIL_UNCHANGED may), and not the grader's wrapper file.
	[ "$lua_rc" -eq 0 ] || no "an expectation of experiments.lua failed (a prediction the machine disagrees with?): $(grep -m1 'expectation failed' "$WORK/lua.log" | sed 's/^.*expectation failed: //')"
	[ "$n" -ge 12 ] && pass
	partial $((n * 20 / 12)) "experiments.lua checks $n expectations; one for each of the 12 situations are wanted"
}

section "Your files"
graded "predictions.lua answers all twelve" 10 complete 20
graded "experiments.lua runs clean and checks each situation" 20 experiments 30
