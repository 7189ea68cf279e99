/*
 * machine.c: svsm.machine{...}, booting it, and running its module.
 *
 *   local m = svsm.machine{pages = 64, vcpus = 2, bugs = {"create-vcpu-no-lock"}}
 *   m:boot()
 *   m:on_step(function(ev) ... end)      -- the script acts between two steps
 *   m:guest(0):start("core", "pvalidate", {rcx = 0x9000})
 *   while m:runnable(0) do m:step(0) end
 *
 * Every action is a trace step done by lmachine_do(). When a step leaves a
 * vCPU's module paused before a HAL call, the on_step function runs: there
 * the script may act as the hypervisor (or the guest), between two hardware
 * steps of the module.
 */
#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "../luadata/memory.h"
#include "../catalog/catalog.h"

const char *sched_state_name(enum sched_state state)
{
	static const char *const names[] = {
		[SCHED_IDLE] = "idle", [SCHED_PAUSED] = "paused",
		[SCHED_BLOCKED] = "blocked", [SCHED_DONE] = "done",
	};
	return names[state];
}

/*
 * The machine of a machine, guest or hv object (guests and hvs keep theirs
 * as user value 1). Its pointer is NULL once __gc freed it: a finalizer
 * that runs after the machine's own may still hold the object.
 */
static struct lmachine *any_machine(lua_State *L, int idx)
{
	struct lmachine **p = luaL_testudata(L, idx, MACHINE_MT);
	if (!p && (luaL_testudata(L, idx, GUEST_MT) || luaL_testudata(L, idx, HV_MT))) {
		lua_getiuservalue(L, idx, 1);
		p = lua_touserdata(L, -1);
		lua_pop(L, 1);   /* the object at idx keeps the machine alive */
	}
	if (!p)
		bad_use(L, "expected a machine (from svsm.machine), got %s", luaL_typename(L, idx));
	if (!*p)
		bad_use(L, "the machine was collected (a finalizer used it after the machine's "
		        "own finalizer had freed it)");
	return *p;
}

struct lmachine *lmachine_arg(lua_State *L, int idx)
{
	struct lmachine *lm = any_machine(L, idx);
	if (!lm->w->booted)
		bad_use(L, "machine #%d is not booted yet: call m:boot() first", (int)lm->id);
	return lm;
}

/* Push the machine's object (nil once it is being collected); true if it is there. */
static bool push_machine(lua_State *L, const struct lmachine *lm)
{
	lua_getfield(L, LUA_REGISTRYINDEX, MACHINES_KEY);
	lua_rawgeti(L, -1, lm->id);
	lua_remove(L, -2);
	return !lua_isnil(L, -1);
}

struct lmachine *lmachine_find(lua_State *L, unsigned id)
{
	lua_getfield(L, LUA_REGISTRYINDEX, MACHINES_KEY);
	lua_rawgeti(L, -1, id);
	struct lmachine **p = lua_touserdata(L, -1);
	lua_pop(L, 2);
	return p ? *p : NULL;
}

struct lmachine *lmachine_last_booted(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, LAST_KEY);
	struct lmachine **p = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return p ? *p : NULL;
}

/* A machine a check fired on stays alive to the end of the run, for its report. */
static void keep_if_fired(lua_State *L, struct lmachine *lm)
{
	if (lm->kept || !lm->w->booted || lm->w->s.rec.nviolations == 0)
		return;
	lua_getfield(L, LUA_REGISTRYINDEX, KEPT_KEY);
	if (push_machine(L, lm)) {
		lua_rawseti(L, -2, lm->id);
		lm->kept = true;
	} else {
		lua_pop(L, 1);   /* being collected: its __gc counts what it would have reported */
	}
	lua_pop(L, 1);
}

/* Charge the script's memory for the machine (before the bytes are taken). */
static void charge(lua_State *L, struct lmachine *lm, size_t n)
{
	char what[32];
	snprintf(what, sizeof(what), "machine #%u", lm->id);
	memory_charge(L, n, what);
	lm->charged += n;
}

/* Steps that run the module: not from inside on_step, where a vCPU is mid-step. */
static bool runs_module(enum trace_action a)
{
	return a == T_CALL || a == T_STEP || a == T_FINISH;
}

/*
 * The on_step function runs here, on the script's own stack. It is
 * called under lua_pcall so that hook_vcpu is reset whatever happens; its
 * error goes on with the traceback of the hook's own frames.
 */
static void run_hook(lua_State *L, struct lmachine *lm)
{
	int v = lm->w->paused;
	const struct sim_event *next = v >= 0 ? sched_next(&lm->w->sc, (unsigned)v) : NULL;
	if (!next)
		return;
	lua_pushcfunction(L, traceback_handler);
	/* The machine's user value: a function that holds its machine is no cycle the GC keeps. */
	if (!push_machine(L, lm) || lua_getiuservalue(L, -1, 1) != LUA_TFUNCTION) {
		lua_pop(L, 3);
		return;
	}
	lua_remove(L, -2);
	push_event(L, next);
	lm->hook_vcpu = v;
	int rc = lua_pcall(L, 1, 0, -3);
	lm->hook_vcpu = -1;
	if (rc != LUA_OK)
		lua_error(L);
	lua_pop(L, 1);
}

void lmachine_may_run_module(lua_State *L, const struct lmachine *lm)
{
	if (lm->hook_vcpu >= 0)
		bad_use(L, "cannot run the module from inside on_step (vCPU %d is between two "
		        "steps); act as the guest or the hypervisor there, and step vCPUs from "
		        "the script with g:start and m:step", lm->hook_vcpu);
}

void lmachine_do(lua_State *L, struct lmachine *lm, const struct trace_step *st)
{
	char why[160];
	if (runs_module(st->action))
		lmachine_may_run_module(L, lm);
	arg_step(L, st, &lm->w->s.m);
	charge(L, lm, sizeof(*st) + (has_bytes_field(st->action) ? st->mem.len : 0));
	if (world_do(lm->w, st, why, sizeof(why)) != 0)
		bad_use(L, "%s", why);
	keep_if_fired(L, lm);
	run_hook(L, lm);
}

/* --- svsm.machine{...} ----------------------------------------------------- */

int lmachine_new(lua_State *L)
{
	struct sim_config cfg;
	unsigned vcpus;
	if (lua_isnoneornil(L, 1))
		lua_newtable(L);
	parse_machine_config(L, 1, &cfg, &vcpus);

	/* User value 1 is the on_step function. */
	struct lmachine **p = lua_newuserdatauv(L, sizeof(*p), 1);
	*p = NULL;
	luaL_setmetatable(L, MACHINE_MT);
	struct svsm_run *run = lsvsm_run_of(L);
	struct lmachine made = { .id = run->machines + 1 };
	charge(L, &made, sizeof(made) + sizeof(*made.w));
	made.id = run->machines + 1;   /* a finalizer that ran while charging may have made one */
	struct lmachine *lm = malloc(sizeof(*lm));
	struct world *w = malloc(sizeof(*w));
	if (!lm || !w) {
		free(lm);
		free(w);
		memory_credit(L, made.charged);
		return luaL_error(L, "out of memory for a machine");
	}
	*lm = made;
	lm->w = w;
	world_init(w, &cfg, vcpus);
	w->echo = run->echo;
	lm->hook_vcpu = -1;
	*p = lm;

	/* The run knows every machine alive, to report on it when the script ends. */
	run->machines = lm->id;
	lua_getfield(L, LUA_REGISTRYINDEX, MACHINES_KEY);
	lua_pushvalue(L, -2);
	lua_rawseti(L, -2, lm->id);
	lua_pop(L, 1);
	return 1;
}

static int m_gc(lua_State *L)
{
	struct lmachine **p = luaL_checkudata(L, 1, MACHINE_MT);
	struct lmachine *lm = *p;
	if (!lm)
		return 0;
	/* Only a machine being finalized can lose a violation (it was not kept): count it. */
	lsvsm_run_of(L)->lost += lmachine_unexpected(lm);
	memory_credit(L, lm->charged);
	*p = NULL;
	world_free(lm->w);
	free(lm->w);
	free(lm);
	return 0;
}

const char *bugs_text(uint32_t bugs, char *buf, size_t len)
{
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	size_t at = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < n && at < len; i++)
		if (bugs & SVSM_BUG_BIT(all[i].id))
			at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? "," : "", all[i].name);
	return buf[0] ? buf : "none";
}

static int m_tostring(lua_State *L)
{
	struct lmachine **p = luaL_checkudata(L, 1, MACHINE_MT);
	struct lmachine *lm = *p;
	char bugs[256];
	if (!lm) {
		lua_pushliteral(L, "svsm.machine (collected)");
		return 1;
	}
	lua_pushfstring(L, "svsm.machine #%d (%d pages, %d vCPU(s), bugs: %s%s)", (int)lm->id,
	                (int)lm->w->t.cfg.machine.pages, (int)lm->w->t.vcpus,
	                bugs_text(lm->w->t.cfg.bugs, bugs, sizeof(bugs)),
	                lm->w->booted ? "" : ", not booted");
	return 1;
}

static int m_boot(lua_State *L)
{
	struct lmachine *lm = any_machine(L, 1);
	const char *why = NULL;
	if (lm->w->booted)
		bad_use(L, "machine #%d is already booted", (int)lm->id);
	/* Its memory and the scheduler's stacks, while it is booted. */
	size_t bytes = (size_t)lm->w->t.cfg.machine.pages * PAGE_SIZE +
	               (size_t)MACHINE_MAX_VCPUS * SCHED_STACK_SIZE;
	charge(L, lm, bytes);
	/* Charging may run a finalizer, which may have booted this very machine. */
	if (lm->w->booted || world_boot(lm->w, &why) != 0) {
		memory_credit(L, bytes);
		lm->charged -= bytes;
		bad_use(L, "machine #%d %s%s", (int)lm->id, why ? "cannot boot: " : "is already booted",
		        why ? why : "");
	}
	lua_pushvalue(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, LAST_KEY);
	keep_if_fired(L, lm);
	if (lm->w->echo) {
		luaL_tolstring(L, 1, NULL);
		fprintf(lm->w->echo, "----- %s booted; its trace:\n", lua_tostring(L, -1));
	}
	lua_settop(L, 1);
	return 1;
}

static int m_guest(lua_State *L)
{
	lmachine_arg(L, 1);
	return lguest_new(L, 1, lua_isnoneornil(L, 2) ? 0 : arg_vcpu(L, 2));
}

static int m_hv(lua_State *L)
{
	lmachine_arg(L, 1);
	return lhv_new(L, 1);
}

static int m_on_step(lua_State *L)
{
	any_machine(L, 1);
	if (!luaL_testudata(L, 1, MACHINE_MT))
		bad_use(L, "on_step is a method of the machine (m:on_step), got %s",
		        luaL_typename(L, 1));
	if (!lua_isnoneornil(L, 2) && lua_type(L, 2) != LUA_TFUNCTION)
		bad_use(L, "on_step takes a function (or nil to remove it), got %s",
		        luaL_typename(L, 2));
	lua_settop(L, 2);
	lua_setiuservalue(L, 1, 1);
	return 0;
}

/* --- stepping vCPUs one HAL call at a time --------------------------------- */

static int m_step(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	unsigned v = arg_vcpu(L, 2);
	const struct sched_vcpu *sv = &lm->w->sc.v[v];
	lmachine_may_run_module(L, lm);
	if (!sched_runnable(&lm->w->sc, v))
		bad_use(L, "vCPU %d cannot step: %s", (int)v,
		        sv->state == SCHED_IDLE ? "it has no call in flight (start one with g:start)"
		        : sv->state == SCHED_DONE ? "its call is done (collect it with g:finish)"
		        : "it waits for a lock another vCPU holds (step that one)");
	struct trace_step st = { .action = T_STEP, .vcpu = v };
	lmachine_do(L, lm, &st);
	lua_pushstring(L, sched_state_name(lm->w->sc.v[v].state));
	return 1;
}

static int m_next(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	const struct sim_event *next = sched_next(&lm->w->sc, arg_vcpu(L, 2));
	if (next)
		push_event(L, next);
	else
		lua_pushnil(L);
	return 1;
}

static int m_runnable(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	lua_pushboolean(L, sched_runnable(&lm->w->sc, arg_vcpu(L, 2)));
	return 1;
}

static int m_vcpu(lua_State *L)
{
	static const char *const modes[] = {
		[VCPU_OFF] = "off", [VCPU_GUEST] = "guest", [VCPU_MODULE] = "module",
	};
	struct lmachine *lm = lmachine_arg(L, 1);
	unsigned v = arg_vcpu(L, 2);
	const struct sim *s = &lm->w->s;
	lua_createtable(L, 0, 5);
	lua_pushstring(L, modes[s->m.vcpu[v].mode]);
	lua_setfield(L, -2, "mode");
	lua_pushstring(L, sched_state_name(lm->w->sc.v[v].state));
	lua_setfield(L, -2, "state");
	lua_pushinteger(L, (lua_Integer)s->guest.caa[v]);
	lua_setfield(L, -2, "caa");
	lua_pushinteger(L, (lua_Integer)s->m.vcpu[v].apic_id);
	lua_setfield(L, -2, "apic_id");
	/* The module's registry says which VMSA it serves on this CPU, and which it retired. */
	const struct svsm_vcpu *r = &s->sv.vcpus[v];
	if (r->used) {
		lua_pushinteger(L, (lua_Integer)r->vmsa_gpa);
		lua_setfield(L, -2, "vmsa");
	}
	if (r->has_retired) {
		lua_pushinteger(L, (lua_Integer)r->retired_vmsa_gpa);
		lua_setfield(L, -2, "retired_vmsa");
	}
	return 1;
}

/*
 * m:save(path [, "lua" | "json"]): this machine's trace so far, as a file
 * that replays to the same end: it expects the first violation, if any.
 */
static int m_save(lua_State *L)
{
	static const char *const formats[] = { "lua", "json", NULL };
	struct lmachine *lm = lmachine_arg(L, 1);
	if (!lsvsm_run_of(L)->unsafe)
		bad_use(L, "m:save writes files: not available in the sandbox (svsmlab run --save and "
		        "--json write the trace); run with --unsafe for full Lua");
	const char *path = luaL_checkstring(L, 2);
	int json = lua_isnoneornil(L, 3) ? 0 : arg_option(L, 3, "format", formats);
	lmachine_expect_what_happened(lm);
	if (trace_save(&lm->w->t, path, json) != 0)
		bad_use(L, "cannot write %s", path);
	return 0;
}

/* --- what run.c and expect.c ask about a machine ---------------------------- */

void lmachine_expect_what_happened(struct lmachine *lm)
{
	const struct sim *s = &lm->w->s;
	snprintf(lm->w->t.expect, sizeof(lm->w->t.expect), "%s",
	         s->rec.nviolations ? s->rec.violations[0].clause : "");
}

bool lmachine_expects(const struct lmachine *lm, const char *clause)
{
	for (unsigned i = 0; i < lm->nexpected; i++)
		if (strcmp(lm->expected[i], clause) == 0)
			return true;
	return false;
}

unsigned lmachine_fired(const struct lmachine *lm, const char *clause)
{
	return lm->w->booted ? record_fired(&lm->w->s.rec, clause) : 0;
}

unsigned lmachine_unexpected(const struct lmachine *lm)
{
	const struct sim *s = &lm->w->s;
	if (!lm->w->booted)
		return 0;
	unsigned kept = s->rec.nviolations < RECORD_MAX_VIOLATIONS ? s->rec.nviolations : RECORD_MAX_VIOLATIONS;
	unsigned n = s->rec.nviolations - kept;   /* not kept: cannot have been expected */
	for (unsigned i = 0; i < kept; i++)
		n += !lmachine_expects(lm, s->rec.violations[i].clause);
	return n;
}

void lmachine_register(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{ "__gc", m_gc },
		{ "__tostring", m_tostring },
		{ NULL, NULL },
	};
	static const luaL_Reg methods[] = {
		{ "boot", m_boot },
		{ "guest", m_guest },
		{ "hv", m_hv },
		{ "on_step", m_on_step },
		{ "step", m_step },
		{ "next", m_next },
		{ "runnable", m_runnable },
		{ "vcpu", m_vcpu },
		{ "save", m_save },
		{ "vmsa", lmachine_vmsa },
		{ NULL, NULL },
	};
	luaL_newmetatable(L, MACHINE_MT);
	luaL_setfuncs(L, meta, 0);
	lock_metatable(L);
	luaL_newlib(L, methods);
	inspect_register(L, lua_gettop(L));
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}
