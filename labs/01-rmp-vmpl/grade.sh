# labs/01-rmp-vmpl/grade.sh: the tests the student sees. The predictions
# themselves are checked by hidden.sh, which the handout lacks (running it
# would give the answers away).

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="labs/01-rmp-vmpl/predictions.lua labs/01-rmp-vmpl/experiments.lua"

# The starter's worked example earns its points.
STARTER_CREDIT=1
setup grade_build 600

NAMES="read_validated perms_guest_page perms_secrets_page hv_write_private
rmpupdate_same_rc rmpupdate_then_read rmpupdate_then_perms validate_twice
rescind_then_read secrets_mapped_at_a validate_secrets_gpa write_new_vmsa"

# with_files CHUNK: lua_grader, with the student's two files beside it.
with_files() {
	needs_build
	cp "$LAB"/predictions.lua "$LAB"/experiments.lua "$WORK/" 2>/dev/null
	lua_grader "$1"
}

complete() {
	local verdict n missing
	with_files "
		local chunk, err = loadfile('predictions.lua', 't', {})
		if not chunk then say('broken', err) return end
		local ok, P = pcall(chunk)
		if not ok or type(P) ~= 'table' then say('broken', 'it must return a table') return end
		local missing = {}
		for name in ('$(echo $NAMES)'):gmatch('%S+') do
			local v = P[name]
			if v == nil or v == '?' then missing[#missing + 1] = name end
		end
		say('missing', #missing, table.concat(missing, ' '))"
	read -r verdict n missing <<<"$lua_out"
	case $verdict in
	broken) no "predictions.lua does not load: $n $missing" ;;
	missing) [ "$n" -eq 0 ] && pass
		partial $(((12 - n) * 10 / 12)) "no prediction yet for $n of 12: $missing" ;;
	*) no "the grader could not load predictions.lua: $(first_error "$WORK/lua.log")" ;;
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
	[ "$verdict" = ran ] || no "experiments.lua stopped with an error: $(first_error "$WORK/lua.log")"
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
