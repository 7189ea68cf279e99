#!/usr/bin/env bash
# The labs' grader itself (labs/grade), on a lab made up for the test:
# each verdict (pass, partial, no), and a test that hangs, one that floods,
# one that crashes and one that leaves a process behind cost only their own
# points; subtotals, Score, the exit status, the JSON; usage errors. Lab
# 01's grader on a student's mistakes (a Lua error, a computed or
# misspelled prediction). Then labs/check's table and status, and `make
# handout`: what a student's tree has and lacks, and that it is the last
# commit's.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh
kit=$PWD

# A tree of the grader alone, with the made-up lab 99.
mkdir -p "$tmp/tree/labs/99-selftest"
cp -r labs/grade labs/lib "$tmp/tree/labs/"
ln -s "$bin" "$tmp/tree/svsmlab"
cat >"$tmp/tree/labs/99-selftest/grade.sh" <<'EOF'
good() { pass; }
half() { partial 5 "half of it"; }
bad() { no "wrong, look at X"; }
hangs() { sleep 600; pass; }
floods() { yes flood; }
crashes() { kill -SEGV $$; }
leaves() { sleep 600 & echo $! >"$GRADE_TREE/left.pid"; pass; }
lua() {
	lua_grader "print('grade-fake', 'right') say('said', 'right')"
	[ "$lua_out" = "said	right" ] || no "lua_out: $lua_out"
	grep -q said "$WORK/lua.log" && no "lua.log has the grader's say line"
	grep -q grade-fake "$WORK/lua.log" || no "lua.log lacks what the chunk printed"
	pass
}
section "First"
graded "good" 10 good 5
graded "half" 10 half 5
graded "bad" 10 bad 5
section "Second"
graded "hangs" 10 hangs 1
graded "floods" 10 floods 30
graded "crashes" 10 crashes 5
graded "leaves a process" 10 leaves 5
graded "lua" 10 lua 10
EOF

# grade CODE ARGS...: the grader of the made-up tree must exit CODE.
grade() {
	local code=$1; shift
	out=$(cd "$tmp/tree" && GRADE_SCALE=1 timeout 120 labs/grade "$@" 2>&1); local rc=$?
	[ "$rc" -eq "$code" ] || fail "labs/grade $* exited $rc, expected $code: $out"
}

start=$(date +%s)
grade 1 --json "$tmp/out.json" 99
[ $(($(date +%s) - start)) -lt 60 ] || fail "the grader waited for a hung or lingering test: $out"
has "^First$"
has "  good: OK (10/10)"
has "  half: FAIL (5/10): half of it"
has "  bad: FAIL (0/10): wrong, look at X"
has "  -- First: 15/30"
has "  hangs: FAIL (0/10): timed out after 1s"
has "  floods: FAIL (0/10): printed more than 64 MiB"
has "  crashes: FAIL (0/10): stopped without a verdict (exit 139)"
has "  leaves a process: OK (10/10)"
has "  lua: OK (10/10)"
has "  -- Second: 20/50"
has "^Score: 35/80$"
[ -s "$tmp/tree/left.pid" ] || fail "the test that leaves a process did not run"
# Killed, it may stay a zombie until its new parent reaps it.
stat=$(ps -o stat= -p "$(cat "$tmp/tree/left.pid")")
[ -z "$stat" ] || [[ $stat == Z* ]] || fail "a test's process outlived it ($stat)"
python3 - "$tmp/out.json" <<'EOF' || fail "the JSON is not what the grader printed: $(cat "$tmp/out.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["lab"] == "99-selftest" and r["score"] == 35 and r["max"] == 80, r
t = {x["name"]: x for x in r["tests"]}
assert t["half"]["points"] == 5 and t["half"]["reason"] == "half of it" and not t["half"]["ok"]
assert t["good"]["ok"] and t["good"]["max"] == 10
assert len(r["tests"]) == 8
EOF

# The lab the tree is set to, and usage errors.
grade 2
has "this tree is set to no lab .*: make grade LAB=NN, NN one of: 99$"
echo 99 >"$tmp/tree/labs/LAB"
grade 1
has "^Score: 35/80$"
grade 2 42
has "no lab 42"
grade 2 --frob
has "usage: labs/grade"
out=$(cd "$tmp/tree" && labs/grade --calibrate)
[[ $out =~ ^[0-9]+$ ]] && [ "$out" -ge 1 ] || fail "--calibrate printed '$out', not a factor"

# A full score exits 0.
cat >"$tmp/tree/labs/99-selftest/grade.sh" <<'EOF'
good() { pass; }
graded "good" 10 good 5
EOF
grade 0 99
has "^Score: 10/10$"

# Lab 01's grader (with the instructor's hidden tests) as a student meets
# it, in a tree set to lab 01 with the kit's program: what it says of a
# Lua error, of a computed prediction and of a misspelled result name.
l1=$tmp/lab01
mkdir -p "$l1/labs"
cp -r labs/grade labs/lib labs/01-rmp-vmpl "$l1/labs/" && ln -s "$bin" "$l1/svsmlab" && echo 01 >"$l1/labs/LAB"
exp=$l1/labs/01-rmp-vmpl/experiments.lua pred=$l1/labs/01-rmp-vmpl/predictions.lua
cp "$exp" "$tmp/experiments.lua"
grade1() { out=$(cd "$l1" && GRADE_SCALE=1 timeout 300 labs/grade 2>&1); }
# The Lua message and its line, not the grader's own verdict line.
echo 'svsm.expect.eq(1, 1, "x" ' >>"$exp"
grade1
has "experiments.lua stopped with an error: experiments.lua:[0-9]*: ')' expected"
grep -q 'grade[0-9]' <<<"$out" && fail "the grader's own line shown to the student: $out"
# The error, not a line the student printed that happens to say FAIL; the
# file named as the student's, though the grader's copy is in a directory
# whose path Lua cuts short ("...").
cp "$tmp/experiments.lua" "$exp"
printf 'print("PVALIDATE_FAIL_UNCHANGED")\nlocal x = nil\nprint(x.y)\n' >>"$exp"
long=$tmp/a-scratch-directory-whose-name-is-longer-than-a-lua-message-shows
mkdir "$long"
TMPDIR=$long grade1
has "experiments.lua stopped with an error: experiments.lua:[0-9]*: attempt to index a nil value (local 'x')"
# A computed prediction: the file is data, loaded with no libraries.
sed -i 's/perms_guest_page = "?"/perms_guest_page = string.format("rwus")/' "$pred"
grade1
has "answers all twelve: FAIL (0/10): predictions.lua does not load: it must be plain data (.*no function calls): .*predictions.lua:[0-9]*: attempt to index a nil value (global 'string')"
# A result's name misspelled: told as a spelling, with the names that exist,
# by the test the student sees and by the hidden test of that prediction.
sed 's/"PVALIDATE_FAIL_UNCHANGED"/"ERR_PVALIDATE_FAIL_UNCHANGED"/' labs/01-rmp-vmpl/solution/predictions.lua >"$pred"
grade1
has 'answers all twelve: FAIL (9/10): validate_twice = "ERR_PVALIDATE_FAIL_UNCHANGED" is not a result name (.*SUCCESS, .*, PVALIDATE_FAIL_UNCHANGED)$'
has '^  validate_twice: FAIL (0/5): validate_twice = "ERR_PVALIDATE_FAIL_UNCHANGED" is not a result name'
has '^  validate_secrets_gpa: OK (5/5)$'

# labs/check on a made-up lab 98 in a repository of its own: the starter
# scores below full, the reference full, and a fixture whose patch does not
# apply has no score, which is WRONG (exit 1), not an empty cell.
ck=$tmp/checktree
mkdir -p "$ck/labs/98-check/solution" "$ck/labs/98-check/fixtures/broken"
cp -r labs/check labs/grade labs/lib "$ck/labs/" && ln -s "$bin" "$ck/svsmlab"
cat >"$ck/labs/98-check/grade.sh" <<'EOF'
answered() { [ -f "$LAB/answer" ] && pass; no "no answer"; }
free() { pass; }
graded "answered" 5 answered 5
graded "free" 5 free 5
EOF
echo right >"$ck/labs/98-check/solution/answer"
printf -- '--- a/labs/98-check/grade.sh\n+++ b/labs/98-check/grade.sh\n@@ -1 +1 @@\n-not here\n+nor here\n' \
	>"$ck/labs/98-check/fixtures/broken/tree.patch"
(cd "$ck" && git init -q && git add -A) || fail "cannot make the lab's repository"
out=$(cd "$ck" && GRADE_SCALE=1 timeout 120 labs/check 98 2>&1); rc=$?
[ "$rc" -eq 1 ] || fail "labs/check with a fixture that cannot be made exited $rc, expected 1: $out"
has "^98-check  *| 5/10 ok  *| 10/10 ok  *| broken none WRONG$"

# make handout, in a repository of its own: the kit's files as they are
# here, committed (a handout is the last commit's files).
hk=$tmp/handoutkit
mkdir -p "$hk" && git ls-files -z --cached --others --exclude-standard |
	tar --null -T - -cf - | tar -C "$hk" -xf - || fail "cannot copy the kit"
(cd "$hk" && git init -q && git add -A &&
	git -c user.name=labs -c user.email=labs@localhost -c commit.gpgsign=false commit -qm kit) ||
	fail "cannot make the kit's repository"
handout() { out=$(make -C "$hk" --no-print-directory -s handout "$@" 2>&1); }
# The instructor's own answers to lab 01, not committed: not handed out.
echo 'return { read_validated = "ok" }' >"$hk/labs/01-rmp-vmpl/predictions.lua"
handout LAB=01 OUT="$tmp/h01" && fail "make handout handed out a file that differs from HEAD: $out"
has "^  labs/01-rmp-vmpl/predictions.lua$"
has "commit them, or set them aside"
[ ! -e "$tmp/h01" ] || fail "make handout refused, but wrote $tmp/h01"
# Nor a starter.patch that is not committed (the handout is made with it).
echo >>"$hk/labs/03-fix-a-handler/starter.patch"
handout LAB=03 OUT="$tmp/handout" && fail "make handout used a starter.patch that differs from HEAD: $out"
has "^  labs/03-fix-a-handler/starter.patch$"
(cd "$hk" && git checkout -q labs/03-fix-a-handler/starter.patch) || fail "cannot restore lab 03's starter.patch"
# make handout: lab 03's starter, without what would give it away (lab
# 01's change above is no part of it, so does not stop it).
handout LAB=03 OUT="$tmp/handout" || fail "make handout failed: $out"
h=$tmp/handout
[ "$(cat "$h/labs/LAB")" = 03 ] || fail "the handout is not set to lab 03"
[ -f "$h/labs/03-fix-a-handler/README.md" ] && [ -x "$h/labs/grade" ] || fail "the handout lacks the lab or its grader"
for gone in labs/03-fix-a-handler/solution labs/03-fix-a-handler/starter.patch \
	labs/03-fix-a-handler/fixtures labs/01-rmp-vmpl labs/check labs/README.md; do
	[ ! -e "$h/$gone" ] || fail "the handout has $gone"
done
cmp -s "$h/svsm/core/vcpu.c" "$kit/svsm/core/vcpu.c" && fail "the handout's vcpu.c is the solution, not the starter"
[ -f "$h.tar.gz" ] || fail "no tarball beside the handout"
handout LAB=03 OUT="$tmp/handout" && fail "make handout overwrote a tree"
exit 0
