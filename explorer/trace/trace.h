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
		/* gpa, or spa for hv. Writes: the bytes. Reads: where the bytes go (may be NULL). */
		struct { uint64_t addr; uint8_t *bytes; size_t len; } mem;
		struct { uint64_t gpa; unsigned op; } psc;
		struct { uint64_t vmsa, caa; } start;
		struct { uint64_t spa; struct rmp_update u; } rmpupdate;
		struct { uint64_t gpa, spa; } map;                        /* unmap: gpa; psmash: spa */
	};
};

#define TRACE_WATCHES_MAX 8
#define TRACE_WATCH_MAX 64

struct trace {
	struct sim_config cfg;
	unsigned vcpus;                  /* guest vCPUs brought up before the steps */
	struct trace_step *steps;
	size_t n, cap;
	char expect[48];                 /* the clause expected to fire, or "" for a clean run */
	/* What the explorer watched in it (explorer/model/watch.c): kept, not replayed. */
	char watches[TRACE_WATCHES_MAX][TRACE_WATCH_MAX];
	unsigned nwatches;
};

/* Append a step (its bytes are copied). 0, or -1 when out of memory. */
int trace_push(struct trace *t, const struct trace_step *st);
/* dst becomes a copy of src, bytes and all. 0, or -1 when out of memory (dst is then empty). */
int trace_copy(struct trace *dst, const struct trace *src);
void trace_free(struct trace *t);
/* Does a step of this action carry bytes (mem.bytes, mem.len)? */
bool has_bytes_field(enum trace_action a);
/* The actor and action names the file format uses ("guest", "call"). */
const char *trace_actor(enum trace_action a);
const char *trace_action_name(enum trace_action a);
/* The action named (actor, action), or T_COUNT. */
enum trace_action trace_action_find(const char *actor, const char *action);

/* Would a hypervisor step change the machine now? (Other steps: always true.) */
bool trace_step_changes(const struct sim *s, const struct trace_step *st);

/* Carry out one step. 0, or -1 with a reason in why (the step could not happen). */
int trace_apply(struct sched *sc, const struct trace_step *st, char *why, size_t whylen);

/* The whole trace as a Lua file / as JSON. */
void trace_write_lua(FILE *out, const struct trace *t);
void trace_write_json(FILE *out, const struct trace *t);
/* ... into the file at path. 0, or -1 with errno set (and no file left written in part). */
int trace_save(const struct trace *t, const char *path, bool json);
/* Where a trace file's JSON twin goes: FILE.lua -> FILE.json, another name + ".json". */
void trace_json_name(const char *lua, char *out, size_t n);
/*
 * Before a run, output_usable (explorer/cli/output.h) for a trace file
 * and, with json, for the .json beside it. With existing, only the files
 * that exist are looked at: the default name of a command given no --out
 * (a run that finds nothing writes nothing, so a directory it cannot
 * write to is no error until it must write there).
 */
int trace_outputs_usable(const char *command, const char *path, bool json, bool existing);

/* --- a run's events as people read them (print.c) --- */

/*
 * One line per event: step, actor, vCPU, operation, arguments, outcome and,
 * for the module, its source file:line. E.g.
 *    42 module vcpu0 rmpadjust  gpa=0x20000 size=4k attrs=0x0f01 -> ok   svsm/core/validate.c:109
 */
void trace_print_event(FILE *out, const struct sim_event *ev);
/* The outcome alone: "ok", "cf", "#VC 0x404", "#NPF 0x...", "rc=N", "served"... */
const char *trace_outcome(const struct sim_event *ev, char *buf, size_t len);

/* How an event's arguments are named and shown (args[i] of struct sim_event). */
enum trace_arg_kind {
	ARG_HEX, ARG_DEC, ARG_ATTRS, ARG_SIZE, ARG_BOOL, ARG_OWNER, ARG_PSC_OP,
	ARG_HOLDER, ARG_CALL, ARG_RESULT, ARG_RMP_FLAGS,
};
struct trace_arg {
	const char *name;          /* NULL past the op's last argument */
	enum trace_arg_kind kind;
};
/* The three argument slots of an op. */
const struct trace_arg *trace_event_args(enum sim_op op);

/* Names of SVSM numbers: protocols, core calls, result codes. NULL when unnamed. */
struct trace_name {
	uint32_t value;
	const char *name;
};
const char *trace_protocol_name(uint32_t protocol);
const char *trace_call_name(uint32_t protocol, uint32_t call);
const char *trace_result_name(uint32_t rc);
const struct trace_name *trace_result_names(unsigned *count);

#endif
