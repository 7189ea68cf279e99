/*
 * bindings.h: what the files of the Lua module `svsm` share.
 *
 *   svsm.c      the module table, its constants, and how a lua_State gets it
 *   machine.c   svsm.machine{...}: boot, vCPU stepping, the on_step hook
 *   guest.c     m:guest(i): calls, page lists, memory, page-state changes
 *   hv.c        m:hv(): RMPUPDATE, PSMASH, the NPT, raw memory
 *   inspect.c   reading state: layout, RMP, NPT, owners, labels, violations
 *   expect.c    svsm.expect.*: recorded expectations
 *
 * What scripts pass is checked by explorer/luadata/ (args.h), with the
 * same rules trace files are read by.
 *
 * Every action a script takes is a trace step carried out by lmachine_do()
 * (world.h), so a script's run is a trace that replays.
 */
#ifndef LUA_BINDINGS_H
#define LUA_BINDINGS_H

#include <lauxlib.h>
#include <lua.h>

#include "../luadata/args.h"
#include "../trace/world.h"

#define MACHINE_MT "svsm.machine"
#define GUEST_MT   "svsm.guest"
#define HV_MT      "svsm.hv"
/*
 * Registry keys of the machines a script made. A machine nobody can reach
 * is collected (its __gc frees it), unless the end of the run needs it:
 * those a check fired on (the report) and the last one booted (--save).
 */
#define MACHINES_KEY "svsmlab.machines"   /* id -> machine, weak: every one alive */
#define KEPT_KEY     "svsmlab.kept"       /* id -> machine: those a check fired on */
#define LAST_KEY     "svsmlab.last"       /* the machine booted last */

/* What one run of a script shares across its machines (owned by the caller). */
struct svsm_run {
	FILE *echo;                  /* --trace: print events as they happen, or NULL */
	bool unsafe;                 /* --unsafe: m:save may write files */
	unsigned expectations;       /* svsm.expect.* calls */
	unsigned failed;             /* of which failed */
	unsigned machines;           /* made so far; their ids are 1 to machines */
	unsigned lost;               /* unexpected violations of machines collected early */
};

#define MAX_EXPECTED 32

struct lmachine {
	struct world *w;             /* malloc'd: large, and kept out of the GC's way */
	unsigned id;                 /* 1, 2, ... in the order the script made them */
	int hook_vcpu;               /* the vCPU paused while on_step runs, else -1 */
	size_t charged;              /* bytes charged to the script's memory limit */
	bool kept;                   /* in KEPT_KEY: a check fired on it */
	/* Clauses the script expected to fire (svsm.expect.violation). */
	const char *expected[MAX_EXPECTED];
	unsigned nexpected;
};

/* --- svsm.c --- */
/* Preload `svsm` (require "svsm") and set the global svsm; run must outlive L. */
void lsvsm_open(lua_State *L, struct svsm_run *run);
struct svsm_run *lsvsm_run_of(lua_State *L);
int luaopen_svsm(lua_State *L);
/* Give the metatable on top a __metatable: scripts cannot reach it (nor call its __gc). */
void lock_metatable(lua_State *L);

/* --- machine.c --- */
void lmachine_register(lua_State *L);
int lmachine_new(lua_State *L);
/* The machine at idx (a machine, guest or hv object), which must be booted. */
struct lmachine *lmachine_arg(lua_State *L, int idx);
/* The machine with this id if it is still alive, else NULL; the machine booted last. */
struct lmachine *lmachine_find(lua_State *L, unsigned id);
struct lmachine *lmachine_last_booted(lua_State *L);
/* Raise an error from inside on_step, where the module must not be stepped. */
void lmachine_may_run_module(lua_State *L, const struct lmachine *lm);
/* Carry out a step on a booted machine; a step that cannot happen is an error. */
void lmachine_do(lua_State *L, struct lmachine *lm, const struct trace_step *st);
/* Is the clause expected on this machine? Did it fire on it? */
bool lmachine_expects(const struct lmachine *lm, const char *clause);
unsigned lmachine_fired(const struct lmachine *lm, const char *clause);
/* Make the trace expect what happened: the first violation, or a clean run. */
void lmachine_expect_what_happened(struct lmachine *lm);
/* Violations on this machine that the script did not expect. */
unsigned lmachine_unexpected(const struct lmachine *lm);
/* "idle", "paused", "blocked", "done". */
const char *sched_state_name(enum sched_state state);
/* "no-zero-after-validate,..." or "none", for headings. */
const char *bugs_text(uint32_t bugs, char *buf, size_t len);

/* --- guest.c --- */
void lguest_register(lua_State *L);
int lguest_new(lua_State *L, int machine_idx, unsigned vcpu);
int lsvsm_vmsa(lua_State *L);
int lsvsm_pvalidate_request(lua_State *L);   /* the bytes g:pvalidate writes */        /* svsm.vmsa{...} */
int lmachine_vmsa(lua_State *L);    /* m:vmsa{...}: with the machine's defaults */

/* --- hv.c --- */
void lhv_register(lua_State *L);
int lhv_new(lua_State *L, int machine_idx);

/* --- inspect.c --- */
void inspect_register(lua_State *L, int methods);
/* A module event as a table {step, vcpu, actor, op, args, file, line, text}. */
void push_event(lua_State *L, const struct sim_event *ev);

/* --- expect.c --- */
void expect_register(lua_State *L, int module);

#endif
