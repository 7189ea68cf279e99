#!/usr/bin/env bash
# `svsmlab verify` on every catalog bug, each on the case its counterexample
# is met in (docs/verify.md, "Figures"): the error names the bug's clause,
# its counterexample is proven by replay, and the same case of the correct
# module verifies. This is what a change to the verifier's speed (its
# solver, its order of queries) must leave as it is.
# The correct module is run on each 1-vCPU case and on bug 10's pair, not
# on the pair of bugs 4 and 6 (about three minutes of Z3: over the budget
# of one test; `make bench`'s verify rows compare it, old and new).
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# catch VCPUS BUG HANDLER CASE CLAUSE: the bug is found on CASE, proven, on CLAUSE.
catch() {
	local vcpus=$1 bug=$2 handler=$3 case=$4 clause=$5
	run 1 verify --quiet --vcpus "$vcpus" --bug "$bug" --handler "$handler" --input "$case" \
	    --out "$tmp/$bug.lua"
	has "^  ::: clause $clause\$"
	has "^   = case: $handler: $case"
	has "^   = proven counterexample: a fresh machine running $tmp/$bug.lua fails $clause\$"
	has "^verification results:: [0-9]* verified, 1 errors\$"
}

# holds VCPUS HANDLER CASE: the correct module verifies that case.
holds() {
	run 0 verify --quiet --vcpus "$1" --bug none --handler "$2" --input "$3"
	has "^verification results:: [1-9][0-9]* verified, 0 errors\$"
}

pair4="vCPU 0 creates a vCPU at 0x20000 (a bad VMSA) while vCPU 1 rescinds and validates 0x20000"
while IFS='|' read -r vcpus bug handler case clause; do
	catch "$vcpus" "$bug" "$handler" "$case" "$clause"
	[ "$case" = "$pair4" ] || holds "$vcpus" "$handler" "$case"
done <<EOF
1|no-zero-after-validate|pvalidate|validate 0x20000 (rescinded first)|page-public-to-vmpl
1|vmsa-bit-before-check|create_vcpu|a valid VMSA at 0x20000, CAA 0x21000|vmsa-revoked-first
1|caa-may-be-vmsa|create_vcpu|the CAA is the VMSA page|caa-from-guest-page
2|create-vcpu-no-lock|create_vcpu|$pair4|module-integrity
1|pvalidate-cf-lost|pvalidate|rescind 0x20000|pvalidate-reports-unchanged
2|pvalidate-double-fetch|create_vcpu|$pair4|guest-input-read-once
1|no-address-check|pvalidate|rescind 0x3000 (a module page)|rescind-only-guest-pages
1|reserved-bits-accepted|pvalidate|validate 0x20000 (rescinded first) with a reserved bit set|pvalidate-rejects-reserved
2|delete-vcpu-inuse|delete_vcpu|vCPU 0 deletes vCPU 1 while it runs|delete-vcpu-removes-vmsa
1|create-vcpu-any-vmpl|create_vcpu|a VMSA that says vmpl 0|vmsa-contents-checked
1|remap-ca-unchecked|remap_ca|a guest page not validated|caa-from-guest-page
EOF
echo "verify_catalog: ok"
