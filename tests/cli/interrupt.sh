#!/usr/bin/env bash
# Ctrl-C stops the long commands at once: verify (Z3 must not take SIGINT
# for itself and cancel only the query it is in), demo (which drives
# verify) and check. The command says "interrupted", gives no verdict, and
# dies of SIGINT: the shell sees 130.
# timeout sends SIGINT after a few seconds, while the run is surely still
# going (each takes minutes); -k kills a run that ignored it, so that a
# broken handler fails this test instead of hanging it.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

interrupt() {
	local after=$1; shift
	out=$(timeout -s INT -k 60 --preserve-status "$after" "$bin" "$@" 2>&1); local rc=$?
	[ "$rc" -eq 130 ] || fail "svsmlab $* after SIGINT exited $rc, expected 130: $out"
	has "svsmlab $1: interrupted"
}

interrupt 3 verify --vcpus 2 --quiet --out "$tmp/v.lua"
grep -q "verification results::" <<<"$out" && fail "verify gave a verdict after SIGINT: $out"
grep -q "not verified" <<<"$out" && fail "verify reported a case after SIGINT: $out"

interrupt 3 demo --out "$tmp/d.lua"
grep -q "did not verify" <<<"$out" && fail "demo gave a verdict after SIGINT: $out"

# Without state hashing this search runs for minutes.
interrupt 2 check scripts/check/create-vcpu-no-lock.lua --bug none --hv-actions 3 --no-por \
	--no-hashing --quiet --out "$tmp/c.lua"
grep -q "no violation\|found:" <<<"$out" && fail "check gave a verdict after SIGINT: $out"
exit 0
