# labs/03-fix-a-handler/grade.sh: CREATE_VCPU (svsm/core/vcpu.c) against
# its unit tests and against svsmlab verify, one verify case per check the
# starter lost, and the valid case, which a module that refuses everything
# fails.

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="svsm/core/vcpu.c"

STARTER_CREDIT=1
GRADE_BUILD_TARGETS=build/tests/test_core_vcpu
setup grade_build 600

unit() { unit_tests test_core_vcpu 20; }
case_valid() { verify_case create_vcpu "a valid VMSA at"; }
case_vmpl0() { verify_case create_vcpu "a VMSA that says vmpl 0"; }
case_vmpl2() { verify_case create_vcpu "a VMSA that says vmpl 2"; }
case_caa() { verify_case create_vcpu "the CAA is the VMSA page"; }
case_module() { verify_case create_vcpu "the VMSA is a module page"; }
case_secrets() { verify_case create_vcpu "the VMSA is the secrets page"; }
case_is_caa() { verify_case create_vcpu "the VMSA is the CAA"; }

section "Unit tests (tests/unit/test_core_vcpu.c)"
graded "test_core_vcpu" 20 unit 60
section "svsmlab verify --handler create_vcpu"
graded "a valid VMSA still becomes a vCPU" 10 case_valid 60
graded "a VMSA that says vmpl 0" 10 case_vmpl0 60
graded "a VMSA that says vmpl 2" 5 case_vmpl2 60
graded "the CAA is the VMSA page" 10 case_caa 60
graded "the VMSA is the CAA of a vCPU" 5 case_is_caa 60
graded "the VMSA is a module page" 5 case_module 60
graded "the VMSA is the secrets page" 5 case_secrets 60
