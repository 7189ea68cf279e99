# labs/05-spec-clause/grade.sh: the clause page-public-to-vmpl
# (specs/contracts.smt2), written by the student, must catch the lab's
# mutant (catalog bug 1, no-zero-after-validate: PVALIDATE grants the
# guest a page it did not zero) at the grant, and let the correct module
# verify. Without the clause verify still stops the mutant, later, on
# confidentiality (the guest can read a secret page): that is how a
# missing or too weak clause shows.

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="specs/contracts.smt2"

setup grade_build 600

loads() {
	needs_build
	svsmlab verify --handler query_protocol --quiet --out "$WORK/cex.lua" >"$WORK/verify.log" 2>&1
	[ $? -ne 2 ] && pass
	no "the specs do not load: $(first_error "$WORK/verify.log")"
}

catches() {
	needs_build
	local clause
	svsmlab verify --handler pvalidate --bug no-zero-after-validate --quiet \
		--out "$WORK/cex.lua" >"$WORK/verify.log" 2>&1
	case $? in
	0) no "verify finds nothing wrong with the mutant" ;;
	2) no "the specs do not load: $(first_error "$WORK/verify.log")" ;;
	esac
	clause=$(sed -n 's/^  ::: clause //p' "$WORK/verify.log" | head -n 1)
	[ "$clause" = page-public-to-vmpl ] ||
		no "verify stops the mutant only on $clause, after the grant: your clause lets the module grant the guest a page whose contents it may not read (which page's label is that: the GPA's, or the system page's behind it?)"
	grep -q 'proven counterexample' "$WORK/verify.log" && pass
	partial 10 "your clause fails the mutant, but its counterexample does not replay onto the same failure: is it stronger than the property?"
}

pvalidate_ok() { verify_case pvalidate ""; }
create_ok() { verify_case create_vcpu "a VMSA that says vmpl 0"; }

section "The specs"
graded "specs/ loads into Z3" 5 loads 60
section "The mutant (no-zero-after-validate)"
graded "verify catches it at the grant, with page-public-to-vmpl" 15 catches 60
section "The correct module"
graded "verify --handler pvalidate: every case" 10 pvalidate_ok 150
graded "verify --handler create_vcpu: its error path gives a page back" 5 create_ok 60
