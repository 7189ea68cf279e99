# labs/08-new-call/hidden.sh: the instructor's tests, which a handout does
# not have. Each is a C program in hidden/, built here against the tree's
# library (build/libsvsmlab.a) and run: QUERY_PAGE's result codes and
# answers on the simulator (hidden/result_codes.c), the student's
# define-fun evaluated by Z3 against the handout's statement
# (hidden/contract.c), and the run-time check handed right and wrong
# answers (hidden/check.c). Points in proportion to the tests that pass;
# the reason names the first failure.

# hidden_program NAME POINTS [ARG]: build and run hidden/NAME.c (with ARG).
hidden_program() {
	needs_build
	local name=$1 bin=$WORK/$1 passed failed first pkgs="lua5.4 ncursesw z3"
	[ -f build/libsvsmlab.a ] || no "build/libsvsmlab.a was not built"
	# shellcheck disable=SC2046
	cc -std=c11 -O1 -g -I. -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags $pkgs) \
		"$LAB/hidden/$name.c" build/libsvsmlab.a $(pkg-config --libs $pkgs) -lcmocka \
		-o "$bin" >"$WORK/cc.log" 2>&1 ||
		no "the instructor's tests do not build against your tree: $(first_error "$WORK/cc.log")"
	CMOCKA_MESSAGE_OUTPUT=stdout "$bin" ${3:+"$3"} >"$WORK/unit.log" 2>&1
	first=$(grep -m1 '^cannot load' "$WORK/unit.log")
	[ -z "$first" ] || no "${first:0:200}"
	passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$WORK/unit.log")
	failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$WORK/unit.log")
	passed=${passed:-0} failed=${failed:-0}
	[ $((passed + failed)) -gt 0 ] || no "the tests crashed before they ran: $(first_error "$WORK/unit.log")"
	[ "$failed" -eq 0 ] && pass
	first=$(grep -m1 -E '^\[  ERROR   \] --- |^ERROR: ' "$WORK/unit.log" | sed 's/^\[  ERROR   \] --- //; s/^ERROR: //')
	[ -n "$first" ] || first=$(first_error "$WORK/unit.log")
	partial $((passed * $2 / (passed + failed))) "$failed of $((passed + failed)) fail; first: ${first:0:200}"
}

hidden_errors() { hidden_program result_codes 20 errors; }
hidden_answers() { hidden_program result_codes 20; }
hidden_contract() { hidden_program contract 20; }
hidden_check() { hidden_program check 10; }

section "Hidden tests"
graded "QUERY_PAGE refuses bad GPAs with the right codes" 20 hidden_errors 120
graded "QUERY_PAGE's answers; the other calls unchanged" 20 hidden_answers 120
graded "the contract: neither too weak nor too strong" 20 hidden_contract 120
graded "the run-time check fires on wrong answers only" 10 hidden_check 120
