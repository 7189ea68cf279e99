#!/usr/bin/env bash
# Ctrl-C and the long commands. verify stops cleanly: the cases it finished
# keep their verdicts, the case under way and those after it get none, the
# summary says "interrupted", nothing is written of what the unfinished
# case found, and it exits 1 (not verified). demo (which drives verify)
# and check stop at once: they say "interrupted", give no verdict, and die
# of SIGINT, so the shell sees 130. Z3 must not take SIGINT for itself and
# cancel only the query it is in.
# timeout sends SIGINT after a few seconds, while the run is surely still
# going (each takes minutes); -k kills a run that ignored it, so that a
# broken handler fails this test instead of hanging it.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# interrupt SECONDS STATUS ARGS...: svsmlab ARGS, sent SIGINT after SECONDS, exits STATUS.
interrupt() {
	local after=$1 status=$2; shift 2
	out=$(timeout -s INT -k 60 --preserve-status "$after" "$bin" "$@" 2>&1); local rc=$?
	[ "$rc" -eq "$status" ] || fail "svsmlab $* after SIGINT exited $rc, expected $status: $out"
}

# The correct module on one vCPU: after 10 s some of its cases are done; the
# same on two worker processes, whose cases ahead of the one under way are
# not reported either.
for jobs in "" "-j 1" "-j 2"; do
interrupt 10 1 verify $jobs --quiet --out "$tmp/v.lua"
total=$(sed -n 's/^guest inputs: \([0-9]*\) cases .*/\1/p' <<<"$out")
[ -n "$total" ] || fail "verify does not say how many cases it has: $out"
done=$(grep -oE "^interrupted after [0-9]+ of $total cases: [0-9]+ ha(s|ve) no verdict\$" <<<"$out" |
	grep -oE '[0-9]+' | head -1)
[ -n "$done" ] && [ "$done" -gt 0 ] && [ "$done" -lt "$total" ] ||
	fail "verify $jobs does not say how many cases it finished before SIGINT: $out"
[ "$(grep -c '^  verified  ' <<<"$out")" -eq "$done" ] ||
	fail "verify $jobs reports other than the $done cases it finished: $out"
has "^$done cases, [0-9]* Z3 queries"
has "^verification results:: $done verified, 0 errors, interrupted$"
has "^svsmlab verify: interrupted after $done of $total cases: the others have no verdict$"
grep -q "not verified" <<<"$out" && fail "verify $jobs reported the unfinished case: $out"
done

# A bug whose counterexample takes minutes: SIGINT in the middle of its first
# case. No verdict, and no counterexample file, whole or in part.
for jobs in "" "-j 1" "-j 2"; do
interrupt 5 1 verify $jobs --bug delete-vcpu-inuse --vcpus 2 --json --quiet --out "$tmp/b.lua"
has '"interrupted": true'
has '"errors": 0'
grep -q '"verdict"' <<<"$out" && fail "verify $jobs gave the unfinished case a verdict: $out"
ls "$tmp"/b.* 2>/dev/null && fail "verify $jobs wrote a counterexample after SIGINT: $(ls "$tmp")"
done

interrupt 3 130 demo --out "$tmp/d.lua"
has "svsmlab demo: interrupted"
grep -q "did not verify" <<<"$out" && fail "demo gave a verdict after SIGINT: $out"

# Without state hashing this search runs for minutes.
interrupt 2 130 check scripts/check/create-vcpu-no-lock.lua --bug none --hv-actions 3 --no-por \
	--no-hashing --quiet --out "$tmp/c.lua"
has "svsmlab check: interrupted"
grep -q "no violation\|found:" <<<"$out" && fail "check gave a verdict after SIGINT: $out"
exit 0
