#!/usr/bin/env bash
# tests/run.sh: runs the test stages `make test` and `make asan` ask for, and
# counts their results into one closing line, "N passed, N failed".
#
# Usage: tests/run.sh STAGE...   (from the repository root; make calls it)
#   freestanding  the module compiles with only the compiler's own headers (1 test)
#   deps          scripts/deps.sh installs every library and tool the kit uses
#                 (tests/deps/covered.sh, 1 test)
#   layers        every include goes to the same layer or one below (docs/design.md),
#                 no cycle, the module includes only svsm/ (tests/deps/layers.py, 1 test)
#   build         builds the programs of unit and asan first (no line of its own)
#   unit          tests/unit/test_*.c, each a cmocka program (build/tests/)
#   asan          the same programs under ASan+UBSan (build/asan/tests/)
#   cli           tests/cli/*.sh, each run as `bash SCRIPT /abs/path/svsmlab` (1 test each)
#   labs          labs/check: every lab's starter, reference and wrong answers
#                 graded (1 test per lab: its row of the table)
#
# A cmocka program counts as many tests as its "[  PASSED  ] N test(s).",
# "[  FAILED  ] N test(s), listed below:" and "[  SKIPPED ] N test(s)" lines
# say, summed over its groups; a failed group setup or teardown is one more
# failure. A program that does not build, or exits non-zero with no failure
# counted (a crash, a sanitizer report, a timeout), counts one failure.
# Failures show the program's output, cut to a few dozen lines; full logs
# stay in build/test-logs/.
#
# Programs run side by side, JOBS at a time, across the unit, cli and asan
# stages (make test builds first, so that the long cli scripts start early);
# a build, and labs/check, which grades its trees side by side itself, wait
# for the programs before them to end. Each program's line comes in the
# order it was started, with the seconds it took, whatever order they end in.
#
# Environment: MAKE (default make), SVSMLAB (default ./svsmlab),
# TEST_TIMEOUT (seconds per program, default 300), JOBS (programs at once,
# default the number of cores).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
MAKE=${MAKE:-make}
SVSMLAB=${SVSMLAB:-$PWD/svsmlab}
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 1)}
LOGS=build/test-logs
mkdir -p "$LOGS"

export CMOCKA_MESSAGE_OUTPUT=stdout
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0 failed=0 skipped=0

# show LOG: print a failing run's output, indented and cut to a modest size.
show() {
	local lines
	lines=$(wc -l <"$1")
	if [ "$lines" -le 60 ]; then
		sed 's/^/    /' "$1"
	else
		head -n 25 "$1" | sed 's/^/    /'
		echo "    ... ($((lines - 50)) lines cut; full log: $1)"
		tail -n 25 "$1" | sed 's/^/    /'
	fi
}

# pass NAME [DETAIL] / fail NAME DETAIL LOG: one line per program or stage.
pass() { echo "PASS $1${2:+ ($2)}"; }
fail() {
	echo "FAIL $1 ($2)"
	if [ -n "${3:-}" ]; then show "$3"; fi
}

# count LOG WORD: sum of the N in cmocka's "[  WORD  ] N test(s)" lines.
count() {
	grep -oE "\[ *$2 *\] [0-9]+ test\(s\)" "$1" | grep -oE '[0-9]+ ' |
		awk '{ n += $1 } END { print n + 0 }'
}

# run LOG CMD...: run CMD under the time limit, all output to LOG; status is
# CMD's. A timeout or a fatal signal is noted in LOG (and not by bash).
# While it runs, LOG.pid holds timeout's process id: timeout puts itself in
# a process group of its own, which a Ctrl-C at the terminal does not reach,
# so stop_all finds it there.
run() {
	local log=$1 rc
	shift
	timeout "$TEST_TIMEOUT" "$@" </dev/null >"$log" 2>&1 &
	echo $! >"$log.pid"
	{ wait $!; } 2>/dev/null
	rc=$?
	rm -f "$log.pid"
	if [ "$rc" -eq 124 ]; then
		echo "(timed out after ${TEST_TIMEOUT}s)" >>"$log"
	elif [ "$rc" -gt 128 ]; then
		echo "(killed by signal $((rc - 128)))" >>"$log"
	fi
	return "$rc"
}

# --- programs side by side ---------------------------------------------------
# start puts a program in the background and in the queue; drain reports the
# queue in order, waiting for each program's end, which its LOG.done marks
# with "STATUS SECONDS" (a stage that prints a line of its own drains first,
# so that the lines keep the order of the stages). A queue entry is "KIND
# NAME LOG": KIND is how its log is judged (tally_KIND), or why it never ran
# (nolib, nobuild).
queue=()

# start KIND NAME LOG CMD...: run CMD once fewer than JOBS programs run.
start() {
	local kind=$1 name=$2 log=$3
	shift 3
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
	rm -f "$log.done"
	(
		t0=$SECONDS
		run "$log" "$@"
		echo "$? $((SECONDS - t0))" >"$log.end" && mv "$log.end" "$log.done"
	) &
	queue+=("$kind $name $log")
}

# enqueue KIND NAME LOG: a program that did not run, reported in its turn.
enqueue() { queue+=("$1 $2 $3"); }

drain() {
	local entry kind name log rc secs
	for entry in "${queue[@]}"; do
		read -r kind name log <<<"$entry"
		case $kind in
		nolib)
			failed=$((failed + 1))
			fail "$name" "its library does not build"
			continue ;;
		nobuild)
			failed=$((failed + 1))
			fail "$name" "does not build" "$log"
			continue ;;
		esac
		until [ -e "$log.done" ]; do
			# Nothing left running and no mark: its shell died before writing it.
			if [ -z "$(jobs -rp)" ]; then echo "255 0" >"$log.done"; else wait -n; fi
		done
		read -r rc secs <"$log.done"
		rm -f "$log.done"
		"tally_$kind" "$name" "$log" "$rc" "$secs"
	done
	queue=()
}

# tally_cmocka NAME LOG STATUS SECONDS: a cmocka program counts its tests.
tally_cmocka() {
	local name=$1 log=$2 rc=$3 secs=$4 p f s skips=
	p=$(count "$log" PASSED)
	f=$(($(count "$log" FAILED) + $(group_failures "$log")))
	s=$(count "$log" SKIPPED)
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	[ "$s" -gt 0 ] && skips=", $s skipped"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	if [ "$f" -eq 0 ] && [ "$rc" -eq 0 ]; then
		pass "$name" "$p tests$skips, $secs s"
	else
		fail "$name" "$f failed, $p passed, exit $rc, $secs s" "$log"
	fi
}

# tally_one NAME LOG STATUS SECONDS: a program that is one test.
tally_one() {
	local name=$1 log=$2 rc=$3 secs=$4
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		pass "$name" "$secs s"
	else
		failed=$((failed + 1))
		fail "$name" "exit $rc, $secs s" "$log"
	fi
}

# stop_all: Ctrl-C or a kill stops the programs still running, then the run.
stop_all() {
	local f
	for f in "$LOGS"/*.pid; do
		[ -e "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null
	done
	echo "tests/run.sh: interrupted ($passed passed, $failed failed before the programs still to report)" >&2
	exit 130
}
trap stop_all INT TERM

# group_failures LOG: group setups and teardowns that failed (cmocka gives
# them no count line, so each counts as one failure).
group_failures() {
	grep -cE '\[  FAILED  \] GROUP (SETUP|TEARDOWN)' "$1"
}

# make_quiet TARGET... : build, output kept in a log; status is make's.
make_quiet() {
	$MAKE --no-print-directory "$@" >"$LOGS/make.log" 2>&1
}

stage_freestanding() {
	local log=$LOGS/freestanding.log
	drain
	if $MAKE --no-print-directory -k freestanding >"$log" 2>&1; then
		passed=$((passed + 1))
		pass "freestanding module"
	else
		failed=$((failed + 1))
		fail "freestanding module" "compile errors with only freestanding headers" "$log"
	fi
}

# built DIR: whether every unit test program of the variant in DIR is made
# and up to date (make -q on the programs themselves: the *-bins targets are
# phony, which make -q always finds out of date).
built() {
	local progs=() src
	for src in tests/unit/test_*.c; do
		[ -e "$src" ] && progs+=("$1/tests/$(basename "$src" .c)")
	done
	$MAKE --no-print-directory -q "${progs[@]}" >/dev/null 2>&1
}

# stage_build: both variants' unit test programs, before any test runs, so
# that the stages after it only run programs, side by side. Says nothing: a
# program that did not build is shown by its stage.
stage_build() {
	drain
	make_quiet -k unit-bins asan-bins
}

# stage_cmocka LABEL DIR TARGET: build every unit test of the variant in DIR
# (its library DIR/libsvsmlab.a, its programs DIR/tests/) and run it.
stage_cmocka() {
	local label=$1 dir=$2 target=$3 src name bin log nolib=
	# One parallel build of everything first (the build stage's, when it ran);
	# per-test builds below are then no-ops except for the tests that failed to
	# build, whose errors they show. A build waits for the programs running:
	# beside them (make -j uses every core) it would slow them toward their
	# time limit for nothing gained.
	if ! built "$dir"; then
		drain
		make_quiet -k "$target"
	fi
	# A library that does not build is shown once, not once per test.
	if ! make_quiet "$dir/libsvsmlab.a"; then
		drain
		nolib=$LOGS/${label//\//-}libsvsmlab.log
		cp "$LOGS/make.log" "$nolib"
		fail "$dir/libsvsmlab.a" "does not build" "$nolib"
	fi
	for src in tests/unit/test_*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		bin=$dir/tests/$name
		log=$LOGS/${label//\//-}$name.log
		if [ -n "$nolib" ]; then
			enqueue nolib "$label$name" "$log"
		elif ! make_quiet "$bin"; then
			cp "$LOGS/make.log" "$log"
			enqueue nobuild "$label$name" "$log"
		else
			start cmocka "$label$name" "$log" "$bin"
		fi
	done
}

stage_deps() {
	local log=$LOGS/deps.log
	drain
	if run "$log" tests/deps/covered.sh; then
		passed=$((passed + 1))
		pass "deps: the install list covers the build and the tests"
	else
		failed=$((failed + 1))
		fail "deps: the install list covers the build and the tests" "not covered" "$log"
	fi
}

stage_layers() {
	local log=$LOGS/layers.log
	drain
	if run "$log" python3 tests/deps/layers.py; then
		passed=$((passed + 1))
		pass "layers: every include goes down a layer, no cycle; the module includes only svsm/"
	else
		failed=$((failed + 1))
		fail "layers: every include goes down a layer, no cycle; the module includes only svsm/" \
			"$(head -n 1 "$log")" "$log"
	fi
}

stage_cli() {
	local script
	for script in tests/cli/*.sh; do
		[ -e "$script" ] || continue
		start one "cli/$(basename "$script")" "$LOGS/cli-$(basename "$script" .sh).log" \
			bash "$script" "$SVSMLAB"
	done
}

# stage_labs: labs/check, one lab at a time, so that each row counts.
stage_labs() {
	local dir lab log t0
	drain
	for dir in labs/[0-9][0-9]-*/; do
		[ -d "$dir" ] || continue
		lab=$(basename "$dir")
		log=$LOGS/labs-$lab.log
		t0=$SECONDS
		# labs/check's own limits are per test; the stage's is the whole lab.
		if TEST_TIMEOUT=$((TEST_TIMEOUT * 2)) run "$log" labs/check "$lab"; then
			passed=$((passed + 1))
			pass "labs/$lab" "$(tail -n 1 "$log" | sed 's/  */ /g'), $((SECONDS - t0)) s"
		else
			failed=$((failed + 1))
			fail "labs/$lab" "starter, reference or a wrong answer graded wrongly, $((SECONDS - t0)) s" "$log"
		fi
	done
}

[ $# -gt 0 ] || { echo "usage: $0 freestanding|deps|layers|build|unit|asan|cli|labs..." >&2; exit 2; }
for stage in "$@"; do
	case $stage in
	freestanding) stage_freestanding ;;
	build) stage_build ;;
	deps) stage_deps ;;
	layers) stage_layers ;;
	unit) stage_cmocka "" build unit-bins ;;
	asan) stage_cmocka "asan/" build/asan asan-bins ;;
	cli) stage_cli ;;
	labs) stage_labs ;;
	*) echo "$0: unknown stage '$stage'" >&2; exit 2 ;;
	esac
done
drain

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
