#!/usr/bin/env bash
# What the commands write, and what they do when they cannot: an --out that
# is not a file (a device, a pipe, "-", the command's own standard output)
# is refused before the run; one that cannot be made is an I/O error (exit
# 3, the system's reason), never a verdict or a replay command; a write
# error on standard output or a file is said and exits 3; dot draws
# nothing for a trace that does not replay.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

scenario=scripts/check/pvalidate-cf-lost.lua
bug=(--bug no-zero-after-validate --handler pvalidate --input "validate 0x20000 (rescinded first)")
no_replay() {
	grep -q "NOT PROVEN\|spurious\|replay it with\|proven by replay" <<<"$out" &&
		fail "a verdict on a counterexample that was not written, or its replay command: $out"
	return 0
}
no_verdict() {   # refused before the run: nothing found, nothing verified
	no_replay
	grep -q "verification results\|found:\|no violation" <<<"$out" &&
		fail "a run after its output was refused: $out"
	return 0
}

# Outputs that are not files: refused before the run (exit 2).
for cmd in "check $scenario" "verify ${bug[*]@Q}"; do
	eval "set -- $cmd"
	run 2 "$@" --out /dev/null --quiet
	has "/dev/null is not a regular file"
	no_verdict
	run 2 "$@" --out - --quiet
	has "'-': this output is a file"
	out=$("$bin" "$@" --out /dev/stdout --quiet 2>&1 | cat); has "/dev/stdout is not a regular file"
	"$bin" "$@" --out "$tmp/same.lua" --quiet >"$tmp/same.lua" 2>"$tmp/err"
	[ $? -eq 2 ] || fail "svsmlab $* --out FILE >FILE did not exit 2"
	grep -q "is the standard output" "$tmp/err" || fail "no 'is the standard output': $(cat "$tmp/err")"
done
run 2 check "$scenario" --graph /dev/null --quiet
# The default counterexample.lua (and .json) is not the standard output either.
mkdir "$tmp/here"
(cd "$tmp/here" && "$bin" verify "${bug[@]}" --json --quiet >counterexample.json 2>"$tmp/err")
[ $? -eq 2 ] || fail "verify >counterexample.json did not exit 2"
grep -q "counterexample.json is the standard output" "$tmp/err" || fail "no refusal: $(cat "$tmp/err")"
(cd "$tmp/here" && "$bin" check "$OLDPWD/$scenario" --quiet >counterexample.lua 2>"$tmp/err")
[ $? -eq 2 ] || fail "check >counterexample.lua did not exit 2"
grep -q "counterexample.lua is the standard output" "$tmp/err" || fail "no refusal: $(cat "$tmp/err")"
cp "$scenario" "$tmp/scenario.lua"
run 2 check "$tmp/scenario.lua" --out "$tmp/scenario.lua" --quiet
has "is the input $tmp/scenario.lua: the output would overwrite it"
cmp -s "$scenario" "$tmp/scenario.lua" || fail "check overwrote its scenario"

# Outputs that cannot be made: an I/O error before the run (exit 3).
run 3 verify "${bug[@]}" --out /nonexistent/x.lua --quiet
has "cannot write /nonexistent/x.lua: No such file or directory"
no_verdict
run 3 check "$scenario" --out /nonexistent/x.lua --quiet
has "cannot write /nonexistent/x.lua: No such file or directory"
no_verdict
run 3 check "$scenario" --graph /nonexistent/g.dot --quiet
has "cannot write /nonexistent/g.dot"
no_verdict
run 3 demo --out /nonexistent/x.lua
has "cannot write /nonexistent/x.lua"
grep -q "===" <<<"$out" && fail "demo began its story before refusing --out: $out"

# A write that fails during the run (here: past a file-size limit of 1 KiB,
# with SIGXFSZ ignored so that the write fails with EFBIG): an I/O error,
# not a verdict, and the file written in part is removed.
limited() { (cd "$tmp/full" && trap '' XFSZ && ulimit -f 1 && "$bin" "$@" 2>&1); }
mkdir "$tmp/full"
out=$(limited verify "${bug[@]}" --out big.lua --quiet); rc=$?
[ $rc -eq 3 ] || fail "verify past the file-size limit exited $rc: $out"
has "could not be written: cannot write big.lua: File too large"
has "an I/O error, not a verdict"
no_replay
[ -e "$tmp/full/big.lua" ] && fail "verify left a counterexample written in part"
out=$(limited check "$PWD/$scenario" --out big.lua --quiet); rc=$?
[ $rc -eq 3 ] || fail "check past the file-size limit exited $rc: $out"
has "cannot write big.lua: File too large"
no_replay
[ -e "$tmp/full/big.lua" ] && fail "check left a counterexample written in part"

# Standard output that cannot be written: said, and exit 3.
run 1 check "$scenario" --out "$tmp/cex.lua" --quiet
full() {
	"$bin" "$@" >/dev/full 2>"$tmp/err"; local rc=$?
	[ $rc -eq 3 ] || fail "svsmlab $* >/dev/full exited $rc"
	grep -q "^svsmlab $1: write error: No space left on device$" "$tmp/err" ||
		fail "svsmlab $* >/dev/full said: $(cat "$tmp/err")"
}
full bugs
full clauses
full help
full dot "$tmp/cex.lua"
full run "$tmp/cex.lua"
full explore --text "$tmp/cex.lua"
full check "$scenario" --out "$tmp/cex2.lua" --quiet
full verify --handler pvalidate --input "rescind 0x20000 (rescinded first)" --json --quiet
run 3 dot "$tmp/cex.lua" -o /dev/full
has "cannot write /dev/full: No space left on device"
[ -c /dev/full ] || fail "/dev/full is no longer a device"
# A counterexample's JSON given where its .lua belongs: said so, in each command.
printf '\n{ "format": "svsmlab-trace/1", "steps": [] }\n' >"$tmp/cex.json"
for c in run dot check gdb; do
	expect 2 "cex.json is JSON, not a Lua file: .* give svsmlab the .lua beside it" "$c" "$tmp/cex.json"
done
expect 2 "cex.json is JSON, not a Lua file" explore --text "$tmp/cex.json"
# A picture that cannot be written is an output error (3), not Graphviz's failure (1).
run 3 dot "$tmp/cex.lua" -T svg -o /nonexistent/x.svg
has "svsmlab dot: cannot write /nonexistent/x.svg: No such file or directory"

# dot on a trace whose step cannot happen: exit 2, no file, as run refuses it.
sed 's/{ "guest", "write", gpa = 0x9000/{ "module", "step", vcpu = 0 },\n&/' "$tmp/cex.lua" >"$tmp/bad.lua"
run 2 run "$tmp/bad.lua"
run 2 dot "$tmp/bad.lua" -o "$tmp/bad.dot"
has "step 1 cannot happen"
[ -e "$tmp/bad.dot" ] && fail "dot left a diagram of a trace that does not replay"
run 2 dot "$tmp/bad.lua"
grep -q "digraph" <<<"$out" && fail "dot drew a trace that does not replay: $out"
run 2 dot "$tmp/bad.lua" -T svg -o "$tmp/bad.svg"
[ -e "$tmp/bad.svg" ] && fail "dot left a picture of a trace that does not replay"
exit 0
