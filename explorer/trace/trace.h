/*
 * trace.h: a run, as a list of steps that replays exactly.
 *
 * One format serves every engine: a scenario written by hand, a
 * counterexample found by `svsmlab check`, a trace saved by the explorer.
 * On disk it is a Lua file returning a table (docs/traces.md), which
 * `svsmlab run` loads and replays through trace_apply(); trace_write_json()
 * gives the same steps to other tools.
 */
#ifndef TRACE_TRACE_H
#define TRACE_TRACE_H

#include <stdio.h>

#include "../sched/sched.h"

#define TRACE_FORMAT "svsmlab-trace/1"

enum trace_action {
	/* the guest */
	T_CALL,        /* vcpu starts an SVSM call: the module runs to its first HAL call */
	T_FINISH,      /* vcpu collects the answer of a call the module has finished */
	T_WRITE,       /* private write of bytes at a GPA */
	T_READ,        /* private read of len bytes at a GPA */
	T_PSC,         /* page-state change of a GPA through the GHCB */
	T_START_VCPU,  /* the hypervisor is asked to start vcpu on a VMSA */
	/* the module */
	T_STEP,        /* vcpu's pending HAL call takes effect; the module runs to its next */
	/* the hypervisor */
	T_RMPUPDATE, T_PSMASH, T_MAP, T_UNMAP, T_HV_WRITE, T_HV_READ,
	T_COUNT
};

struct trace_step {
	enum trace_action action;
	unsigned vcpu;
	union {
		struct { uint32_t protocol, call; struct guest_args args; } call;
		struct { uint64_t addr; uint8_t *bytes; size_t len; } mem;   /* gpa, or spa for hv */
		struct { uint64_t gpa; unsigned op; } psc;
		struct { uint64_t vmsa, caa; } start;
		struct { uint64_t spa; struct rmp_update u; } rmpupdate;
		struct { uint64_t gpa, spa; } map;                        /* unmap: gpa; psmash: spa */
	};
};

struct trace {
	struct sim_config cfg;
	unsigned vcpus;                  /* guest vCPUs brought up before the steps */
	struct trace_step *steps;
	size_t n, cap;
	char expect[48];                 /* the clause expected to fire, or "" for a clean run */
};

/* Append a step (its bytes are copied). 0, or -1 when out of memory. */
int trace_push(struct trace *t, const struct trace_step *st);
void trace_free(struct trace *t);
/* Does a step of this action carry bytes (mem.bytes, mem.len)? */
bool has_bytes_field(enum trace_action a);
/* The actor and action names the file format uses ("guest", "call"). */
const char *trace_actor(enum trace_action a);
const char *trace_action_name(enum trace_action a);
/* The action named (actor, action), or T_COUNT. */
enum trace_action trace_action_find(const char *actor, const char *action);

/* Carry out one step. 0, or -1 with a reason in why (the step could not happen). */
int trace_apply(struct sched *sc, const struct trace_step *st, char *why, size_t whylen);

/* The whole trace as a Lua file / as JSON. */
void trace_write_lua(FILE *out, const struct trace *t);
void trace_write_json(FILE *out, const struct trace *t);

#endif
