# labs/lib/grade.sh: what every lab's grader shares. labs/grade sources it,
# then the lab's grade.sh (and hidden.sh, where the instructor has one),
# which declare the lab's tests:
#
#   section TITLE              the tests after it are summed under TITLE
#   graded NAME POINTS FUNCTION [SECONDS]
#                              FUNCTION is one test, worth POINTS, given
#                              SECONDS on the machine the kit was timed on
#                              (default 60; labs/grade scales it)
#   setup FUNCTION [SECONDS]   run once before the tests (building, say), as
#                              a test is; its failure is not fatal: its reason
#                              is in $GRADE_SETUP_ERROR for the tests to report
#
# A test FUNCTION runs in a process of its own, in the tree being graded,
# under a time limit (scaled by labs/grade's calibration), in a process
# group that is killed when it ends, with its output and files bounded
# (64 MiB): a student's code that crashes, hangs or floods costs that test
# and nothing else. It gives its verdict
# with one of
#   pass                       full points
#   partial N REASON           N points, and why not all
#   no REASON                  0 points, and why
# written to a file of the grader's, not to standard output, so nothing a
# student's program prints can pass a test. A test that ends without a
# verdict gets 0 points and the reason "stopped without a verdict".
#
# Helpers for tests: svsmlab ARGS (the tree's program, bounded by the
# test's time limit), first_error FILE (the first line worth showing of a
# log), lua_error (why a lua_grader chunk stopped), and the directory
# $LAB (this lab's, absolute) and $WORK (a scratch directory of the
# test's own).

pass() { printf 'pass\n' >"$GRADE_VERDICT"; exit 0; }
partial() { printf '%s\t%s\n' "$1" "$2" >"$GRADE_VERDICT"; exit 0; }
no() { printf '0\t%s\n' "$1" >"$GRADE_VERDICT"; exit 0; }

svsmlab() { "$GRADE_TREE/svsmlab" "$@"; }

# first_error FILE: the line of a log a student should read first.
first_error() {
	local line
	line=$(grep -m1 -E 'error|FAIL|expectation failed|Assertion|not ok' "$1" 2>/dev/null)
	[ -n "$line" ] || line=$(grep -m1 -v '^[[:space:]]*$' "$1" 2>/dev/null)
	printf '%s' "${line:0:200}"
}

# The declarations, kept in order.
GRADE_NAMES=() GRADE_POINTS=() GRADE_FUNCS=() GRADE_SECONDS=() GRADE_SECTIONS=()
GRADE_SETUPS=() GRADE_SETUP_SECONDS=()
grade_section=""
section() { grade_section=$1; }
graded() {
	GRADE_NAMES+=("$1") GRADE_POINTS+=("$2") GRADE_FUNCS+=("$3") GRADE_SECONDS+=("${4:-60}")
	GRADE_SECTIONS+=("$grade_section")
}
setup() { GRADE_SETUPS+=("$1") GRADE_SETUP_SECONDS+=("${2:-300}"); }

# grade_build: a setup that builds the program and the lab's
# GRADE_BUILD_TARGETS (make -j, all cores). The tests that need them say
# so with needs_build.
grade_build() {
	make -j"$(nproc)" --no-print-directory svsmlab ${GRADE_BUILD_TARGETS:-} >"$WORK/make.log" 2>&1 ||
		no "the kit does not build: $(grep -m1 -E 'error|Error' "$WORK/make.log")"
	pass
}
needs_build() {
	[ -z "$GRADE_SETUP_ERROR" ] || no "$GRADE_SETUP_ERROR"
}

# lua_grader CHUNK [RUN-OPTIONS...]: run the Lua CHUNK as $WORK/grader.lua
# in the sandbox (copy the student's files into $WORK first: a script
# reads Lua only from its own directory). In CHUNK, `say(...)` prints a
# line for the grader; a student's code, which cannot see the grader's
# locals, cannot print one. Sets lua_out (what say printed) and lua_rc
# (svsmlab run's exit status); the rest of the output, what the
# student's code printed and what svsmlab run said, is in $WORK/lua.log
# (without the say lines: the grader's words are never shown as the
# student's). A chunk that catches the student's error says its verdict,
# then raises the error again (error(err, 0)) for lua_error to show.
lua_grader() {
	local chunk=$1 nonce=grade$RANDOM$RANDOM$RANDOM
	shift
	printf 'local say do local p = print; say = function(...) p("%s", ...) end end\n%s\n' \
		"$nonce" "$chunk" >"$WORK/grader.lua"
	svsmlab run "$WORK/grader.lua" --budget 200000000 "$@" >"$WORK/lua.log" 2>&1
	lua_rc=$?
	lua_out=$(grep "^$nonce" "$WORK/lua.log" | cut -c$((${#nonce} + 2))-)
	sed -i "/^$nonce/d" "$WORK/lua.log"
}

# lua_error: why lua_grader's chunk stopped, as the student should read
# it: the error svsmlab run reports (the Lua message, with the file and
# line), else the log's first_error. A file is named by its own name:
# the grader runs copies in $WORK, whose path (resolved, and cut short
# by Lua when long) means nothing to the student.
lua_error() {
	local line
	line=$(sed -n 's/^svsmlab run: error: //p' "$WORK/lua.log" | head -n 1)
	[ -n "$line" ] || line=$(first_error "$WORK/lua.log")
	line=$(printf '%s' "$line" | sed -E 's#[^[:space:]:]*/([^/[:space:]:]+:[0-9]+:)#\1#g')
	printf '%s' "${line:0:200}"
}

# unit_why LOG: what the first failed test said, as "; it says: ..." (its
# own words, printed before cmocka's verdict, else cmocka's assertion).
unit_why() {
	local why
	why=$(awk '/^\[ RUN      \]/ { said = ""; next }
		/^\[  ERROR   \] --- / && said == "" { sub(/^\[  ERROR   \] --- /, ""); said = $0; next }
		!/^\[/ && NF && said == "" { said = $0; next }
		/^\[  FAILED  \] [a-z_0-9]+$/ { print said; exit }' "$1")
	[ -z "$why" ] || printf '; it says: %s' "${why:0:160}"
}

# unit_tests PROGRAM POINTS: run a cmocka program of build/tests/; points in
# proportion to the tests that pass, the failed ones named with what the
# first one said.
unit_tests() {
	needs_build
	local bin=build/tests/$1 passed failed names
	[ -x "$bin" ] || no "$bin was not built"
	CMOCKA_MESSAGE_OUTPUT=stdout "$bin" >"$WORK/unit.log" 2>&1
	passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$WORK/unit.log")
	failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$WORK/unit.log")
	passed=${passed:-0} failed=${failed:-0}
	[ $((passed + failed)) -gt 0 ] || no "$1 crashed before its tests ran: $(first_error "$WORK/unit.log")"
	[ "$failed" -eq 0 ] && pass
	names=$(sed -n 's/^\[  FAILED  \] \([a-z_0-9]*\)$/\1/p' "$WORK/unit.log" | sort -u | head -n 4 | tr '\n' ' ')
	partial $((passed * $2 / (passed + failed))) "$failed of $((passed + failed)) tests of $1 fail: ${names% }$(unit_why "$WORK/unit.log")"
}

# verify_case HANDLER TEXT [OPTIONS...]: svsmlab verify on the cases of
# HANDLER whose title contains TEXT; the first error's clause as reason.
verify_case() {
	needs_build
	local handler=$1 text=$2 clause
	shift 2
	svsmlab verify --handler "$handler" --input "$text" --quiet --out "$WORK/cex.lua" "$@" \
		>"$WORK/verify.log" 2>&1 && pass
	clause=$(sed -n 's/^  ::: clause //p' "$WORK/verify.log" | head -n 1)
	[ -n "$clause" ] || no "verify did not finish: $(first_error "$WORK/verify.log")"
	no "verify finds a hypervisor (or a guest input) that breaks $clause: $(grep -m1 '^   = ' "$WORK/verify.log" | sed 's/^ *= //')"
}
