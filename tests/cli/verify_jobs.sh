#!/usr/bin/env bash
# `svsmlab verify -j N`: the cases on N worker processes give the report one
# worker gives, byte for byte once the times are taken out: the header, each
# case's line and error report, the summary, --json, standard error, the
# exit status and the counterexample files (names and contents). With a bug
# and no --all the run stops where one worker stops, at the first error in
# case order, and writes no file of the cases after it. Bad values of -j
# are usage errors.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")   # the runs below cd elsewhere
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# The times of the report and of --json, which differ from run to run.
untimed() {
	sed -E 's/ +[0-9]+\.[0-9]+ s \(z3 [0-9]+\.[0-9]+\)/ TIME/;
	        s/, [0-9]+\.[0-9]+ s \([0-9]+\.[0-9]+ s in Z3(, summed over the workers)?\)$/, TIME/;
	        s/"seconds": [0-9]+\.[0-9]+/"seconds": TIME/g' "$1"
}

# same NAME ARGS...: svsmlab verify ARGS with -j 1 and with -j 2, each in a
# directory of its own (the counterexamples go to cex.lua there), must agree.
same() {
	local name=$1; shift
	local j rc1=
	for j in 1 2; do
		mkdir -p "$tmp/$name/$j"
		(cd "$tmp/$name/$j" && "$bin" verify -j "$j" --quiet --out cex.lua "$@" \
			>stdout 2>stderr; echo $? >status)
	done
	local a=$tmp/$name/1 b=$tmp/$name/2
	for f in stdout stderr; do
		diff <(untimed "$a/$f") <(untimed "$b/$f") >"$tmp/diff" ||
			fail "$name: -j 2's $f differs from -j 1's: $(cat "$tmp/diff")"
	done
	cmp -s "$a/status" "$b/status" ||
		fail "$name: -j 1 exited $(cat "$a/status"), -j 2 $(cat "$b/status")"
	[ "$(cd "$a" && ls)" = "$(cd "$b" && ls)" ] ||
		fail "$name: -j 1 wrote $(cd "$a" && ls | xargs), -j 2 $(cd "$b" && ls | xargs)"
	for f in "$a"/cex*; do
		[ -e "$f" ] || continue
		cmp -s "$f" "$b/${f##*/}" || fail "$name: the counterexample ${f##*/} differs"
	done
	out=$(cat "$a/stdout")
}

# A handler's cases, all verified.
same handler --handler delete_vcpu
has "^verification results:: 7 verified, 0 errors$"
[ "$(cat "$tmp/handler/1/status")" -eq 0 ] || fail "delete_vcpu's cases do not verify: $out"

# An input matched by cases of several handlers, as JSON.
same input --input 0x7000 --json
python3 -m json.tool "$tmp/input/2/stdout" >/dev/null || fail "-j 2's JSON does not parse"
has '"verified": [1-9][0-9]*, "errors": 0'

# Bug 1 with --all: three errors, written to cex.lua, cex-2.lua and cex-3.lua
# in case order, whichever worker found them first.
same all --bug no-zero-after-validate --handler pvalidate --input "0x20000" --all
has "^verification results:: [0-9]* verified, 3 errors$"
for f in cex.lua cex-2.lua cex-3.lua; do
	[ -s "$tmp/all/2/$f" ] || fail "-j 2 --all did not write $f: $(ls "$tmp/all/2")"
done
run 0 run "$tmp/all/2/cex-3.lua"   # proven: its replay fires the clause
has "the expected violation page-public-to-vmpl fired"

# Bug 5 without --all: the first error (not the first case: some verify
# before it, on both workers) ends the run; the workers ahead of it are
# stopped, and the cases they were on are not reported.
same first --bug pvalidate-cf-lost --handler pvalidate --input "0x20000"
has "^verification results:: [1-9][0-9]* verified, 1 errors$"
[ "$(grep -c '^  error ' <<<"$out")" -eq 1 ] || fail "more than the first error reported: $out"
[ "$(tail -n 1 <<<"$(grep '^  [a-z]* ' <<<"$out")" | cut -c3-9)" = "error  " ] ||
	fail "cases reported after the first error: $out"
[ ! -e "$tmp/first/2/cex-2.lua" ] || fail "-j 2 wrote a second counterexample"

# Two vCPUs: a pair verified, and bug 10's pair.
same pair --vcpus 2 --input "rescinds that page"
has "^verification results:: 1 verified, 0 errors$"
same pair-bug --vcpus 2 --bug delete-vcpu-inuse --input "while it runs"
has "^  ::: clause delete-vcpu-removes-vmsa$"

# -j takes 1 to 64 workers.
for j in 0 x 65 1000 -1 ""; do
	expect 2 "takes a number of worker processes from 1 to 64, not '$j'" verify -j "$j"
done
expect 2 "--jobs takes a number of worker processes from 1 to 64, not '0'" verify --jobs 0
expect 2 "--jobs takes a number of worker processes from 1 to 64, not '0'" verify --jobs=0
expect 2 "-j takes a number of worker processes from 1 to 64, not '0'" verify -j0
# -j2, as make takes it: the same as -j 2.
expect 0 " s in Z3, summed over the workers)$" verify --handler remap_ca --quiet -j2
expect 2 "-j needs a value" verify --handler pvalidate -j
# The workers' seconds in Z3 add up, and may pass the run's: the summary says they are a sum.
expect 0 " s in Z3, summed over the workers)$" verify --handler remap_ca --quiet -j 2
run 0 verify --handler remap_ca --quiet
grep -q "summed" <<<"$out" && fail "one process's summary says it sums workers: $out"
exit 0
