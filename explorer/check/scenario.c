/*
 * scenario.c: a scenario's guest steps as one program per vCPU.
 *
 * A scenario is a trace that says only what the guest does. Each guest
 * vCPU runs its own steps in order; the search decides how the programs
 * of different vCPUs interleave with each other, with the module's steps
 * and with the hypervisor's moves. The module's steps and the hypervisor's
 * moves are the search's to find, so a scenario that names them is
 * refused rather than half obeyed.
 *
 * A step belongs to the vCPU its `vcpu` field names (writes and reads
 * without one are vCPU 0's), except start_vcpu, which is the boot vCPU's
 * job whatever vCPU it starts. A call the scenario does not finish
 * explicitly is finished before the vCPU's next step: a guest vCPU waits
 * for the module's answer before it does anything else.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static bool is_guest_step(enum trace_action a)
{
	return a == T_CALL || a == T_FINISH || a == T_WRITE || a == T_READ || a == T_PSC ||
	       a == T_START_VCPU;
}

static unsigned owner_of(const struct trace_step *st)
{
	return st->action == T_START_VCPU ? 0 : st->vcpu;
}

static int push(struct program *p, const struct trace_step *st)
{
	const struct trace_step **steps = realloc(p->steps, (p->n + 1) * sizeof(*steps));
	if (!steps)
		return -1;
	p->steps = steps;
	p->steps[p->n++] = st;
	return 0;
}

/* Is the program's last step a call still waiting for its finish? */
static bool call_open(const struct program *p)
{
	return p->n > 0 && p->steps[p->n - 1]->action == T_CALL;
}

int scenario_build(struct scenario *sn, const struct trace *t, char *err, size_t errlen)
{
	memset(sn, 0, sizeof(*sn));
	sn->t = t;
	sn->vcpus = t->vcpus ? t->vcpus : 1;
	if (sn->vcpus > MACHINE_MAX_VCPUS) {
		snprintf(err, errlen, "%u vCPUs: the machine has at most %u", sn->vcpus,
		         MACHINE_MAX_VCPUS);
		return -1;
	}
	for (unsigned v = 0; v < MACHINE_MAX_VCPUS; v++)
		sn->finish[v] = (struct trace_step){ .action = T_FINISH, .vcpu = v };
	for (size_t i = 0; i < t->n; i++) {
		const struct trace_step *st = &t->steps[i];
		if (!is_guest_step(st->action)) {
			snprintf(err, errlen, "step %zu is the %s's (%s): a scenario says only what "
			         "the guest does; the search finds the module's steps and the "
			         "hypervisor's moves", i + 1, trace_actor(st->action),
			         trace_action_name(st->action));
			goto fail;
		}
		unsigned v = owner_of(st);
		if (v >= sn->vcpus) {
			snprintf(err, errlen, "step %zu is for vCPU %u, but the scenario has %u",
			         i + 1, v, sn->vcpus);
			goto fail;
		}
		struct program *p = &sn->prog[v];
		if (st->action == T_FINISH && !call_open(p)) {
			snprintf(err, errlen, "step %zu finishes a call vCPU %u has not made", i + 1, v);
			goto fail;
		}
		if (st->action != T_FINISH && call_open(p) && push(p, &sn->finish[v]) != 0)
			goto oom;
		if (push(p, st) != 0)
			goto oom;
	}
	for (unsigned v = 0; v < sn->vcpus; v++)
		if (call_open(&sn->prog[v]) && push(&sn->prog[v], &sn->finish[v]) != 0)
			goto oom;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	scenario_free(sn);
	return -1;
}

void scenario_free(struct scenario *sn)
{
	for (unsigned v = 0; v < MACHINE_MAX_VCPUS; v++) {
		free(sn->prog[v].steps);
		sn->prog[v].steps = NULL;
		sn->prog[v].n = 0;
	}
}
