/*
 * answers.c: where a call's results go.
 *
 * The calling convention (SVSM specification 58019) gives a call's
 * results in the caller's RAX, RCX, RDX and R8, and says the call is
 * answered when call_pending goes back to 0. So every write of a result
 * register the call makes must reach the caller's own save area, and
 * come before call_pending is cleared: a guest that sees the call
 * answered reads its registers at once. Judged on the HAL events of the
 * call, the writes as the module made them.
 */
#include <inttypes.h>

#include "ghost.h"

bool clause_result_registers(uint64_t target, uint64_t caller, uint64_t off, bool answered)
{
	bool result = off == VMSA_RAX || off == VMSA_RCX || off == VMSA_RDX || off == VMSA_R8;
	return !result || (target == caller && !answered);
}

void answer_contract(struct ghost *gh, const struct sim_call *c)
{
	bool answered = false;
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		if (!ev || ev->vcpu != c->vcpu)
			continue;
		if (ev->op == OP_CAA_CLEAR_PENDING && ev->args[0] == c->caa_gpa &&
		    ev->out.fault == FAULT_NONE)
			answered = true;
		if (ev->op != OP_VMSA_WRITE ||
		    clause_result_registers(ev->args[0], c->vmsa_gpa, ev->args[1], answered))
			continue;
		report_clause(gh->rec, CLAUSE_RESULT_REGISTERS, ev->site, c->vcpu,
		              "a result register (VMSA offset 0x%" PRIx64 ") written into the save "
		              "area at GPA 0x%" PRIx64 "%s; the caller's is at 0x%" PRIx64,
		              ev->args[1], ev->args[0],
		              answered ? " after call_pending was cleared" : "", c->vmsa_gpa);
		return;
	}
}
