# labs/08-new-call/grade.sh: a new core call, QUERY_PAGE (call 8), with
# its contract. The student adds the handler (svsm/), the clause
# query-page-result (specs/contracts.smt2) with its registry row, its
# run-time check and its judge (explorer/ghost/, test_conformance_clauses),
# and unit tests of their own. These tests are the kit's own checks; the
# instructor's hidden.sh adds the hidden tests of the result codes, of the
# contract's strength and of the check.

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="svsm/abi.h svsm/core/core.h svsm/core/dispatch.c svsm/core/query.c svsm/core/query_page.c
	specs/contracts.smt2 explorer/ghost/ghost.h explorer/ghost/clauses.c explorer/ghost/contracts.c
	explorer/trace/print.c explorer/verify/inputs.c tests/unit/test_conformance_clauses.c
	tests/unit/test_core_query_page.c"

# The program, the kit's tests this lab leans on, and the student's tests
# once they exist (a tree without them still builds, and loses only theirs).
build08() {
	local targets="svsmlab build/tests/test_conformance_clauses build/tests/test_core_query"
	[ ! -f tests/unit/test_core_query_page.c ] || targets="$targets build/tests/test_core_query_page"
	# shellcheck disable=SC2086
	make -j"$(nproc)" --no-print-directory $targets >"$WORK/make.log" 2>&1 ||
		no "the kit does not build: $(grep -m1 -E 'error|Error' "$WORK/make.log")"
	pass
}
setup build08 600

own_tests() {
	needs_build
	[ -f tests/unit/test_core_query_page.c ] ||
		no "there is no tests/unit/test_core_query_page.c: write your tests of QUERY_PAGE there (step 6)"
	unit_tests test_core_query_page 10
}

# The clause is a row of the registry, and test_conformance_clauses (every
# define-fun a row, every row with its define-fun and a judge, each
# compared define-fun agreeing with its C predicate) passes.
registry() {
	needs_build
	svsmlab clauses >"$WORK/clauses.txt" 2>&1
	grep -q '^query-page-result ' "$WORK/clauses.txt" ||
		no "svsmlab clauses does not list query-page-result: it is not a row of explorer/ghost/clauses.c (step 4)"
	unit_tests test_conformance_clauses 15
}

# The rest of the kit as it was: the specs load into Z3 with verify's
# harness, and the other calls' tests pass.
kit_still_works() {
	needs_build
	svsmlab verify --handler query_protocol --quiet --out "$WORK/cex.lua" >"$WORK/verify.log" 2>&1
	case $? in
	0) ;;
	2) no "the specs do not load into verify: $(first_error "$WORK/verify.log")" ;;
	1) no "verify finds an error in QUERY_PROTOCOL: $(first_error "$WORK/verify.log")" ;;
	*) no "svsmlab verify crashed (does every call have a name in explorer/verify/inputs.c?)" ;;
	esac
	unit_tests test_core_query 5
}

section "Your tests and the kit's checks"
graded "your tests (test_core_query_page)" 10 own_tests 60
graded "the clause's row and its judge (test_conformance_clauses)" 15 registry 120
graded "the specs load; the other calls' tests pass" 5 kit_still_works 90
