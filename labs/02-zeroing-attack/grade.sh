# labs/02-zeroing-attack/grade.sh: attack.lua run in the sandbox, on the
# buggy module (the secret must leak and the checks must catch the grant)
# and on the correct module (the attack must fail, and no check fire).

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="labs/02-zeroing-attack/attack.lua"

setup grade_build 600

# run_attack BUGS: attack.lua on a fresh machine with the catalog bugs
# BUGS (a Lua list), its trace saved to $WORK/trace.lua. Sets verdict
# (ran, broken, error, nogpa), leak (leak/noleak), fault (the fault of
# the grader's read of the page, or -), clauses (those that fired, or -).
run_attack() {
	needs_build
	cp "$LAB/attack.lua" "$WORK/" 2>/dev/null || no "there is no attack.lua"
	lua_grader "
		local KEY = 'VMPCK0-secret-key-bytes!'
		local ok, attack = pcall(dofile, 'attack.lua')
		if not ok then say('broken') error(attack, 0) end
		if type(attack) ~= 'function' then say('broken') error('it must return a function', 0) end
		local m = svsm.machine{bugs = $1}:boot()
		local ran, gpa = pcall(attack, m)
		if not ran then say('error') error(gpa, 0) end
		if math.type(gpa) ~= 'integer' or gpa < 0 or gpa > 0x3fffff then say('nogpa', tostring(gpa)) return end
		local page, fault = m:guest(0):read(gpa & ~0xfff, svsm.PAGE_SIZE)
		local clauses = {}
		for _, v in ipairs(m:violations()) do
			clauses[#clauses + 1] = v.clause
			svsm.expect.violation(m, v.clause)
		end
		say('ran', page and page:find(KEY, 1, true) and 'leak' or 'noleak',
		    fault and fault:match('^#%u+') or '-', #clauses > 0 and table.concat(clauses, ',') or '-')" \
		--save "$WORK/trace.lua"
	read -r verdict leak fault clauses <<<"$lua_out"
	case $verdict in
	ran) ;;
	broken) no "attack.lua does not load: $(lua_error)" ;;
	error) no "the attack stopped with an error: $(lua_error)" ;;
	nogpa) no "the attack must return the guest-physical address where the guest finds the key, not $leak" ;;
	*) no "the attack did not finish: $(lua_error)" ;;
	esac
}
buggy() { run_attack '{"no-zero-after-validate"}'; }

# step PATTERN: does the buggy run's trace have a step matching PATTERN?
step() { grep -qE "$1" "$WORK/trace.lua"; }

guest_part() {
	local n=0 missing=
	buggy
	step '"psc".*op = "shared"' && n=$((n + 1)) || missing+=" a page-state change to shared;"
	step '"psc".*op = "private"' && n=$((n + 1)) || missing+=" one back to private;"
	[ "$(grep -c '"guest", "call".*call = 1,' "$WORK/trace.lua")" -ge 2 ] && n=$((n + 1)) ||
		missing+=" two PVALIDATE calls (rescind, then validate);"
	[ "$n" -eq 3 ] && pass
	partial $((n * 3)) "the guest's part lacks${missing%;}"
}

hv_part() {
	local secrets=0x1000 n=0 missing=
	buggy
	step "\"rmpupdate\", spa = $secrets, assigned = true" && n=$((n + 1)) ||
		missing+=" an RMPUPDATE that assigns the secrets page's system page ($secrets) to the guest;"
	step "\"map\", gpa = 0x[0-9a-f]+, spa = $secrets" && n=$((n + 1)) ||
		missing+=" a change of the NPT that leads a guest GPA to it;"
	[ "$n" -eq 2 ] && pass
	partial $((n * 5)) "the hypervisor's part lacks${missing%;}"
}

leaks() {
	buggy
	[ "$leak" = leak ] && pass
	case $fault in
	'#NPF') no "the guest's read of the page faults (#NPF): does the RMP entry of the system page say it is the guest's page at that GPA?" ;;
	'#VC') no "the guest's read of the page faults (#VC): the page is not validated at the end" ;;
	*) no "the guest reads its page, but not the key: the page the module validated is not the secrets page (did the hypervisor rebind the GPA?)" ;;
	esac
}

caught() {
	buggy
	case ",$clauses," in
	*,page-public-to-vmpl,*) pass ;;
	esac
	no "page-public-to-vmpl did not fire on the buggy module (checks that fired: $clauses)"
}

defeated() {
	buggy
	[ "$leak" = leak ] || no "the attack does not leak on the buggy module, so that it fails on the correct one shows nothing"
	run_attack '{}'
	[ "$leak" = noleak ] || no "the guest reads the key on the correct module too: is the attack's target the module's own fault?"
	[ "$clauses" = - ] || no "checks fired on the correct module: $clauses"
	pass
}

section "The attack's moves"
graded "the guest gives page A back and asks for it again" 9 guest_part 30
graded "the hypervisor rebinds the GPA to the secrets page" 10 hv_part 30
section "On the buggy module (no-zero-after-validate)"
graded "the guest reads VMPCK0" 15 leaks 30
graded "page-public-to-vmpl catches the grant" 10 caught 30
section "On the correct module"
graded "the attack is defeated, and no check fires" 10 defeated 60
