# labs/04-races/grade.sh: the race of CREATE_VCPU and PVALIDATE, found
# (race.lua, a counterexample of svsmlab check on the starter) and fixed
# (check and verify with two vCPUs find nothing on the student's module).

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="svsm/core/dispatch.c labs/04-races/race.lua"

GRADE_BUILD_TARGETS="build/tests/test_core_vcpu build/tests/test_bugs"
setup grade_build 600

# race.lua must show the race of a module without CREATE_VCPU's lock. The
# student's module has the lock by now, so the trace is replayed with the
# catalog's switch that takes it away again (create-vcpu-no-lock: the
# same table entry as the starter's).
race_found() {
	needs_build
	local f=$LAB/race.lua
	[ -f "$f" ] || no "there is no race.lua: save the counterexample check finds on the starter (README.md, step 2)"
	grep -q '"module", "step"' "$f" || no "race.lua is not a counterexample of svsmlab check (it has no module steps)"
	if grep -q 'machine = {.*bugs = {' "$f"; then
		sed 's/\(machine = {.*\)bugs = {[^}]*}/\1bugs = { "create-vcpu-no-lock" }/' "$f"
	else
		sed 's/machine = {/machine = { bugs = { "create-vcpu-no-lock" },/' "$f"
	fi >"$WORK/race.lua"
	svsmlab run "$WORK/race.lua" >"$WORK/run.log" 2>&1 ||
		no "race.lua does not replay on a module without the lock: $(first_error "$WORK/run.log")"
	grep -qE 'clause (page-public-to-vmpl|confidentiality)' "$WORK/run.log" && pass
	no "race.lua replays, but shows no leak of the secrets page (page-public-to-vmpl)"
}

no_race_left() {
	needs_build
	svsmlab check "$LAB/scenario.lua" --quiet --out "$WORK/cex.lua" >"$WORK/check.log" 2>&1 && pass
	no "svsmlab check still finds a run that fails $(sed -n 's/^  ::: clause //p' "$WORK/check.log" | head -n 1) (its trace: svsmlab check labs/04-races/scenario.lua)"
}

verified() { verify_case create_vcpu "while vCPU 1 rescinds and validates" --vcpus 2 --changed-outcomes 0; }
unit() { unit_tests test_core_vcpu 5; }
bugs() { unit_tests test_bugs 5; }

section "Finding the race"
graded "race.lua leaks the secrets page on a module without the lock" 10 race_found 60
section "Fixing it"
graded "svsmlab check finds nothing in scenario.lua" 10 no_race_left 120
graded "verify --vcpus 2: create_vcpu against PVALIDATE" 15 verified 150
graded "test_core_vcpu" 5 unit 60
graded "test_bugs (each bug harmless when its switch is off)" 5 bugs 60
