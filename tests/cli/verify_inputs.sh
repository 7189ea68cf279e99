#!/usr/bin/env bash
# `svsmlab verify --inputs symbolic`: the input regions Z3 finds from the
# module's input checks (specs/inputs.smt2), each verified as a case.
# The regions of each handler are compared with the list the predicates
# give (svsm/core/input_checks.c, the start state of a booted machine), so
# a search that stops finding one fails here, and each region's RCX is
# checked to lie in the region its title names.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# The class list stays the default.
run 0 verify --handler query_protocol --quiet
has "^guest inputs: 3 cases (GPA classes"

# The value-only calls: one predicate each, both answers, every input.
run 0 verify --inputs symbolic --handler query_protocol --quiet
has "^guest inputs: 2 cases, one per input region Z3 found"
has "^  verified  query_protocol 0x1: core v1 "
has "^  verified  query_protocol 0x[0-9a-f]*: not core v1 "
has "^query_protocol: verified for every input: 2 input regions, 2 paths "
run 0 verify --inputs symbolic --handler configure_vtom --quiet
has "^  verified  configure_vtom 0x[0-9a-f]*[13579bdf]: a query "
has "^  verified  configure_vtom 0x[0-9a-f]*[02468ace]: not a query "
has "^configure_vtom: verified for every input: 2 input regions, 2 paths "

# The regions of handler $1, one per line, sorted: what its cases' titles
# say after the RCX.
regions() {
	sed -n "s/^  verified  $1 *0x[0-9a-f]*: \(.*[^ ]\)  *[0-9]* paths .*/\1/p" <<<"$out" | sort
}

# REMAP_CA from the booted machine (one vCPU, its VMSA the boot VMSA at
# 0x2000, guest RAM 0x8000+0x38000 all validated, the pool empty, vCPU 0's
# CAA at 0x8000): a GPA is misaligned; or outside guest RAM; or a free
# guest page; or the caller's own CAA. Not validated, the VMSA and pooled
# are no guest page's state there.
run 0 verify --inputs symbolic --handler remap_ca --quiet
want=$(sort <<'LIST'
misaligned
aligned, not in 0x8000+0x38000
aligned, in 0x8000+0x38000, validated, !=page 0x2000, unpooled, !=page 0x8000, CAA x1
aligned, in 0x8000+0x38000, validated, !=page 0x2000, unpooled, =page 0x8000
LIST
)
[ "$(regions remap_ca)" = "$want" ] || fail "remap_ca's regions are not the predicates' list:
$(regions remap_ca)"
has "^remap_ca: verified for every input: 4 input regions, [0-9]* paths "
# Each region's RCX lies in it.
while read -r rcx words; do
	v=$((rcx))
	case $words in
	misaligned) [ $((v & 0xfff)) -ne 0 ] ;;
	"aligned, not in"*) [ $((v & 0xfff)) -eq 0 ] && { [ "$v" -lt $((0x8000)) ] ||
	                                                  [ "$v" -ge $((0x40000)) ]; } ;;
	*"=page 0x8000") [ $((v >> 12)) -eq 8 ] ;;
	*"!=page 0x8000"*) [ $((v & 0xfff)) -eq 0 ] && [ "$v" -gt $((0x8000)) ] &&
	                   [ "$v" -lt $((0x40000)) ] ;;
	*) false ;;
	esac || fail "RCX $rcx is not in the region it stands for: $words"
done < <(sed -n 's/^  verified  remap_ca *\(0x[0-9a-f]*\): \(.*[^ ]\)  *[0-9]* paths .*/\1 \2/p' <<<"$out")

# DELETE_VCPU from the booted machine: the one VMSA is the caller's own, the
# boot VMSA at 0x2000; a GPA is in its page or not, aligned or not.
run 0 verify --inputs symbolic --handler delete_vcpu --quiet
want=$(sort <<'LIST'
!=page 0x2000, aligned
!=page 0x2000, misaligned
=page 0x2000, aligned
=page 0x2000, misaligned
LIST
)
[ "$(regions delete_vcpu)" = "$want" ] || fail "delete_vcpu's regions are not the predicates' list:
$(regions delete_vcpu)"
has "^delete_vcpu: verified for every input: 4 input regions, [0-9]* paths "

# A module that decides on RCX outside the predicates (bug 12 checks only
# 8-byte alignment, with its own mask) is caught, and not said to be
# verified for every input.
run 1 verify --inputs symbolic --handler remap_ca --bug remap-ca-unchecked --out "$tmp/c.lua" --quiet
has "^  ::: clause caa-from-guest-page$"
has "^remap_ca: [0-9]* of [0-9]* input regions verified (.*), not every input: "

# --json carries the same coverage as the report's last lines: per
# handler, every input or not, its regions, verified and paths.
coverage_json() {
	python3 -c '
import json, sys
for c in json.load(sys.stdin)["coverage"]:
    if c["every_input"]:
        print("%s: verified for every input: %d input regions, %d paths"
              % (c["handler"], c["regions"], c["paths"]))
    else:
        print("%s: %d of %d input regions verified (%d paths), not every input: %s"
              % (c["handler"], c["verified"], c["regions"], c["paths"], c["why"]))'
}
coverage_text() { sed -n 's/^\([a-z_]*: .*\) (search: .*/\1/p' <<<"$out"; }
for args in "--handler delete_vcpu" \
            "--handler remap_ca --bug remap-ca-unchecked --out $tmp/j.lua"; do
	# shellcheck disable=SC2086
	json=$("$bin" verify --inputs symbolic $args --json --quiet 2>/dev/null)
	# shellcheck disable=SC2086
	out=$("$bin" verify --inputs symbolic $args --quiet 2>&1)
	[ -n "$(coverage_text)" ] || fail "no coverage line for $args: $out"
	[ "$(coverage_json <<<"$json")" = "$(coverage_text)" ] ||
		fail "--json's coverage is not the report's for $args: $json"
done
json=$("$bin" verify --inputs classes --handler query_protocol --json --quiet 2>/dev/null)
python3 -c 'import json, sys; sys.exit("coverage" in json.load(sys.stdin))' <<<"$json" ||
	fail "--json of the class list has a coverage: $json"

# What it does not cover is refused, saying so.
expect 2 "covers query_protocol, configure_vtom, remap_ca and delete_vcpu so far, not 'pvalidate'" \
	verify --inputs symbolic --handler pvalidate --quiet
expect 2 "takes one vCPU" verify --inputs symbolic --vcpus 2 --quiet
expect 2 "takes classes or symbolic, not 'all'" verify --inputs all --quiet
echo "verify_inputs.sh: ok"
