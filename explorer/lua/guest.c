/*
 * guest.c: m:guest(i), the guest operating system on vCPU i.
 *
 *   local g = m:guest(0)
 *   local rc, out = g:call("core", "query_protocol", {rcx = 1})
 *   local rc, next = g:pvalidate{ {gpa = 0x20000, validate = false} }
 *   local bytes, fault = g:read(0x20000, 32)
 *
 * Each method is one or more trace steps. A synchronous call is the step
 * "call" (the module runs to its first HAL call), "module step" until the
 * module has answered, and "finish"; the on_step function runs at every
 * pause in between. g:start and g:finish are the two ends, for scripts
 * that step vCPUs themselves.
 */
#include <string.h>

#include "bindings.h"
#include "../../svsm/lib/mem.h"

struct lguest {
	unsigned vcpu;
};

int lguest_new(lua_State *L, int machine_idx, unsigned vcpu)
{
	machine_idx = lua_absindex(L, machine_idx);
	struct lguest *g = lua_newuserdatauv(L, sizeof(*g), 1);
	g->vcpu = vcpu;
	lua_pushvalue(L, machine_idx);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, GUEST_MT);
	return 1;
}

/* The guest at idx: its vCPU, and its machine (booted) in *lm. */
static unsigned guest_arg(lua_State *L, int idx, struct lmachine **lm)
{
	struct lguest *g = luaL_testudata(L, idx, GUEST_MT);
	if (!g)
		bad_use(L, "expected a guest (from m:guest(i)), got %s", luaL_typename(L, idx));
	*lm = lmachine_arg(L, idx);
	return g->vcpu;
}

/* --- calls ----------------------------------------------------------------- */

static void parse_regs(lua_State *L, int idx, struct guest_args *a)
{
	static const char *const regs[] = { "rcx", "rdx", "r8", "r9", NULL };
	memset(a, 0, sizeof(*a));
	if (lua_isnoneornil(L, idx))
		return;
	if (lua_type(L, idx) != LUA_TTABLE)
		bad_use(L, "registers must be a table {rcx=, rdx=, r8=, r9=}, got %s",
		        luaL_typename(L, idx));
	arg_fields(L, idx, regs, 0);
	a->rcx = field_u64(L, idx, "rcx", false, 0);
	a->rdx = field_u64(L, idx, "rdx", false, 0);
	a->r8 = field_u64(L, idx, "r8", false, 0);
	a->r9 = field_u64(L, idx, "r9", false, 0);
}

/* The call step g:call and g:start describe with (protocol, call, registers). */
static struct trace_step call_step(lua_State *L, unsigned v, int first_arg)
{
	struct trace_step st = { .action = T_CALL, .vcpu = v };
	st.call.protocol = arg_protocol(L, first_arg, "protocol");
	st.call.call = arg_call(L, first_arg + 1, "call", st.call.protocol);
	parse_regs(L, first_arg + 2, &st.call.args);
	return st;
}

/* The guest makes the call; the module runs to its first HAL call. */
static void start_call(lua_State *L, struct lmachine *lm, const struct trace_step *st)
{
	unsigned v = st->vcpu;
	enum sched_state state = lm->w->sc.v[v].state;
	lmachine_may_run_module(L, lm);
	if (state != SCHED_IDLE)
		bad_use(L, "vCPU %d already has a call in flight (%s): %s", (int)v,
		        sched_state_name(state), state == SCHED_DONE ? "collect it with g:finish()" : "step it to its end first");
	if (lm->w->s.m.vcpu[v].mode != VCPU_GUEST)
		bad_use(L, "vCPU %d is not running its guest (the machine brought up %d vCPU(s); "
		        "create one with create_vcpu and g:start_vcpu)", (int)v, (int)lm->w->t.vcpus);
	lmachine_do(L, lm, st);
}

/* The guest collects the module's answer: rc, {rcx=, rdx=, r8=, served=}. */
static int finish_call(lua_State *L, struct lmachine *lm, unsigned v)
{
	struct trace_step st = { .action = T_FINISH, .vcpu = v };
	enum sched_state state = lm->w->sc.v[v].state;
	lmachine_may_run_module(L, lm);
	if (state != SCHED_DONE)
		bad_use(L, "vCPU %d has no finished call to collect (it is %s)", (int)v,
		        sched_state_name(state));
	lmachine_do(L, lm, &st);
	/* The result event has RAX, RCX, RDX; R8 is still in the VMSA it was read from. */
	const struct sim_event *ev = world_last(lm->w);
	const struct machine *m = &lm->w->s.m;
	lua_pushinteger(L, (lua_Integer)ev->args[0]);
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, (lua_Integer)ev->args[1]);
	lua_setfield(L, -2, "rcx");
	lua_pushinteger(L, (lua_Integer)ev->args[2]);
	lua_setfield(L, -2, "rdx");
	lua_pushinteger(L, (lua_Integer)vmsa_get(m, m->vcpu[v].vmsa_spa, VMSA_R8, 8));
	lua_setfield(L, -2, "r8");
	lua_pushboolean(L, ev->out.rc != 0);
	lua_setfield(L, -2, "served");
	return 2;
}

/* start, step the module to its answer (on_step runs at every pause), finish. */
static int call_sync(lua_State *L, struct lmachine *lm, const struct trace_step *call)
{
	unsigned v = call->vcpu;
	struct sched *sc = &lm->w->sc;
	start_call(L, lm, call);
	while (sc->v[v].state != SCHED_DONE) {
		/* Only a finalizer (it runs whenever Lua allocates) can have taken the call over. */
		if (sc->v[v].state == SCHED_IDLE)
			bad_use(L, "vCPU %d's call was finished by other code while it ran (a finalizer?)",
			        (int)v);
		if (!sched_runnable(sc, v))
			bad_use(L, "vCPU %d waits for a lock that vCPU %d holds: a synchronous call "
			        "cannot wait; make these calls with g:start and m:step", (int)v,
			        (int)sc->v[v].waiting->holder - 1);
		struct trace_step st = { .action = T_STEP, .vcpu = v };
		lmachine_do(L, lm, &st);
	}
	return finish_call(L, lm, v);
}

static int g_call(lua_State *L)
{
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	struct trace_step st = call_step(L, v, 2);
	return call_sync(L, lm, &st);
}

static int g_start(lua_State *L)
{
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	struct trace_step st = call_step(L, v, 2);
	start_call(L, lm, &st);
	lua_pushstring(L, sched_state_name(lm->w->sc.v[v].state));
	return 1;
}

static int g_finish(lua_State *L)
{
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	return finish_call(L, lm, v);
}

/* --- memory ---------------------------------------------------------------- */

/* Did the step just done fault? Then push nil and the fault, as reads and writes return. */
static bool faulted(lua_State *L, struct lmachine *lm)
{
	const struct sim_event *ev = world_last(lm->w);
	if (ev->out.fault == FAULT_NONE && ev->out.rc == HW_OK)
		return false;
	char buf[40];
	lua_pushnil(L);
	lua_pushstring(L, trace_outcome(ev, buf, sizeof(buf)));
	return true;
}

/* A guest read step; pushes the bytes, or nil and the fault. */
static int read_step(lua_State *L, struct lmachine *lm, unsigned v, uint64_t gpa, size_t len)
{
	uint8_t *buf = lua_newuserdatauv(L, len ? len : 1, 0);   /* the bytes land here */
	int box = lua_gettop(L);
	struct trace_step st = { .action = T_READ, .vcpu = v, .mem = { gpa, buf, len } };
	lmachine_do(L, lm, &st);
	int results = faulted(L, lm) ? 2 : (lua_pushlstring(L, (const char *)buf, len), 1);
	lua_remove(L, box);
	return results;
}

static int g_read(lua_State *L)
{
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	uint64_t gpa = arg_u64(L, 2, "gpa");
	size_t len = (size_t)arg_range(L, 3, "length", 0, GPA_LIMIT);
	return read_step(L, lm, v, gpa, len);
}

/* A guest write step; pushes true, or nil and the fault. */
static int write_step(lua_State *L, struct lmachine *lm, unsigned v, uint64_t gpa,
                      const void *bytes, size_t len)
{
	struct trace_step st = { .action = T_WRITE, .vcpu = v,
	                         .mem = { gpa, (uint8_t *)bytes, len } };
	lmachine_do(L, lm, &st);
	if (faulted(L, lm))
		return 2;
	lua_pushboolean(L, 1);
	return 1;
}

static int g_write(lua_State *L)
{
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	uint64_t gpa = arg_u64(L, 2, "gpa");
	size_t len;
	const char *bytes = arg_bytes(L, 3, "bytes", &len);
	return write_step(L, lm, v, gpa, bytes, len);
}

/* --- PVALIDATE requests, built the way Linux builds them ---------------------- */

/* One entry {gpa=, size=, validate=, ignore_cf=, reserved=}, as a pushed integer. */
static int parse_entry(lua_State *L)
{
	static const char *const entry_fields[] = {
		"gpa", "size", "validate", "ignore_cf", "reserved", NULL,
	};
	if (lua_type(L, 1) != LUA_TTABLE)
		bad_use(L, "must be a table {gpa=, size=, validate=, ignore_cf=}, got %s",
		        luaL_typename(L, 1));
	arg_fields(L, 1, entry_fields, 0);
	uint64_t gpa = field_u64(L, 1, "gpa", true, 0);
	arg_aligned(L, gpa, "gpa");   /* the entry holds a frame number: no offset */
	unsigned size = field_size(L, 1, "size");
	bool validate = field_bool(L, 1, "validate", false, true);
	bool ignore_cf = field_bool(L, 1, "ignore_cf", false, false);
	uint64_t reserved = field_u64(L, 1, "reserved", false, 0);
	if (reserved & ~PVENTRY_RESERVED)
		bad_use(L, "field 'reserved' may set only bits 11:4 (mask 0xff0)");
	lua_pushinteger(L, (lua_Integer)(PVENTRY(gpa, size, validate, ignore_cf) | reserved));
	return 1;
}

/*
 * The bytes of a request from the list at idx, the way Linux lays it out:
 * the header (entries, next = 0, reserved 0), then the entries. The
 * list's entries= and next= override the header, for malformed requests.
 * fields: the named fields the list may have. Pushes a string.
 */
static void push_request(lua_State *L, int idx, const char *const fields[])
{
	if (lua_type(L, idx) != LUA_TTABLE)
		bad_use(L, "takes a list of entries {gpa=, size=, validate=, ignore_cf=}, got %s",
		        luaL_typename(L, idx));
	lua_Integer n = arg_list(L, idx, fields);
	if (n > 0xffff)
		bad_use(L, "%I entries do not fit the header's 16-bit count", n);
	size_t len = PVREQ_HEADER_SIZE + (size_t)n * PVREQ_ENTRY_SIZE;
	uint8_t *req = lua_newuserdatauv(L, len, 0);   /* scratch: the GC frees it after an error */
	memset(req, 0, len);
	store_le16(req + PVREQ_ENTRIES, (uint16_t)field_range(L, idx, "entries", false,
	                                                      (uint64_t)n, 0, 0xffff));
	store_le16(req + PVREQ_NEXT, (uint16_t)field_range(L, idx, "next", false, 0, 0, 0xffff));
	for (lua_Integer i = 1; i <= n; i++) {
		/* Under pcall, to say which entry a bad field is in. */
		lua_pushcfunction(L, parse_entry);
		lua_rawgeti(L, idx, i);
		if (lua_pcall(L, 1, 1, 0) != LUA_OK)
			bad_use(L, "entry %I: %s", i, lua_tostring(L, -1));
		store_le64(req + PVREQ_HEADER_SIZE + (size_t)(i - 1) * PVREQ_ENTRY_SIZE,
		           (uint64_t)lua_tointeger(L, -1));
		lua_pop(L, 1);
	}
	lua_pushlstring(L, (const char *)req, len);
	lua_remove(L, -2);
}

/* svsm.pvalidate_request{ {gpa=, ...}, ..., entries=, next= } -> the request's bytes */
int lsvsm_pvalidate_request(lua_State *L)
{
	static const char *const fields[] = { "entries", "next", NULL };
	push_request(L, 1, fields);
	return 1;
}

/*
 * g:pvalidate{ {gpa=, ...}, ..., at=, entries=, next= }: the guest writes
 * the request at `at` and calls PVALIDATE. Returns rc and the request's
 * `next` afterwards (nil if the guest cannot read it), or nil and the
 * fault if the request cannot be written.
 */
static int g_pvalidate(lua_State *L)
{
	static const char *const fields[] = { "at", "entries", "next", NULL };
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	push_request(L, 2, fields);
	uint64_t at = field_u64(L, 2, "at", false, sim_layout(&lm->w->s)->guest_base + PAGE_SIZE);
	size_t len;
	const char *req = lua_tolstring(L, -1, &len);
	if (write_step(L, lm, v, at, req, len) == 2)
		return 2;
	struct trace_step call = { .action = T_CALL, .vcpu = v,
	                           .call = { SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE, { .rcx = at } } };
	call_sync(L, lm, &call);
	lua_pop(L, 1);   /* the registers: PVALIDATE answers in RAX and in the request */
	int rc = lua_gettop(L);
	read_step(L, lm, v, at + PVREQ_NEXT, 2);
	if (lua_type(L, rc + 1) == LUA_TSTRING)
		lua_pushinteger(L, load_le16((const uint8_t *)lua_tostring(L, rc + 1)));
	else
		lua_pushnil(L);
	lua_replace(L, rc + 1);
	lua_settop(L, rc + 1);
	return 2;
}

/* --- page-state changes, starting vCPUs ------------------------------------- */

static int g_psc(lua_State *L)
{
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	uint64_t gpa = arg_u64(L, 2, "gpa");
	struct trace_step st = { .action = T_PSC, .vcpu = v,
	                         .psc = { gpa, arg_psc_op(L, 3, "operation") } };
	lmachine_do(L, lm, &st);
	lua_pushinteger(L, world_last(lm->w)->out.rc);
	return 1;
}

/* g:start_vcpu(vmsa, caa): the hypervisor is asked to run this vCPU on a VMSA. */
static int g_start_vcpu(lua_State *L)
{
	struct lmachine *lm;
	unsigned v = guest_arg(L, 1, &lm);
	uint64_t vmsa = arg_u64(L, 2, "vmsa"), caa = arg_u64(L, 3, "caa");
	struct trace_step st = { .action = T_START_VCPU, .vcpu = v, .start = { vmsa, caa } };
	lmachine_do(L, lm, &st);
	lua_pushboolean(L, world_last(lm->w)->out.rc == 0);
	return 1;
}

static int g_tostring(lua_State *L)
{
	struct lguest *g = luaL_checkudata(L, 1, GUEST_MT);
	lua_getiuservalue(L, 1, 1);
	lua_pushfstring(L, "svsm.guest vCPU %d of %s", (int)g->vcpu, luaL_tolstring(L, -1, NULL));
	return 1;
}

/* --- VMSA pages ------------------------------------------------------------ */

/* A VMSA page from {vmpl=, efer=, sev_features=, rip=}; vmpl_dflt < 0: vmpl required. */
static int push_vmsa(lua_State *L, int t, int vmpl_dflt, uint64_t sev_features, uint64_t rip)
{
	static const char *const fields[] = { "vmpl", "efer", "sev_features", "rip", NULL };
	if (lua_isnoneornil(L, t)) {
		lua_newtable(L);
		lua_replace(L, t);
	}
	if (lua_type(L, t) != LUA_TTABLE)
		bad_use(L, "takes a table {vmpl=, efer=, sev_features=, rip=}, got %s",
		        luaL_typename(L, t));
	arg_fields(L, t, fields, 0);
	unsigned vmpl = (unsigned)field_range(L, t, "vmpl", vmpl_dflt < 0, (uint64_t)vmpl_dflt,
	                                      0, 255);
	uint64_t efer = field_u64(L, t, "efer", false, EFER_SVME);
	sev_features = field_u64(L, t, "sev_features", false, sev_features);
	rip = field_u64(L, t, "rip", false, rip);
	luaL_Buffer b;
	uint8_t *page = (uint8_t *)luaL_buffinitsize(L, &b, PAGE_SIZE);
	guest_build_vmsa(page, vmpl, efer, sev_features, rip);
	luaL_pushresultsize(&b, PAGE_SIZE);
	return 1;
}

/* svsm.vmsa{vmpl=, ...}: efer defaults to EFER.SVME, sev_features and rip to 0. */
int lsvsm_vmsa(lua_State *L)
{
	lua_settop(L, 1);
	return push_vmsa(L, 1, -1, 0, 0);
}

/* m:vmsa{...}: the defaults make a save area this machine's module accepts. */
int lmachine_vmsa(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	const struct svsm_params *p = sim_layout(&lm->w->s);
	lua_settop(L, 2);
	return push_vmsa(L, 2, p->guest_vmpl, p->sev_features, p->guest_rip);
}

void lguest_register(lua_State *L)
{
	static const luaL_Reg methods[] = {
		{ "call", g_call },
		{ "start", g_start },
		{ "finish", g_finish },
		{ "pvalidate", g_pvalidate },
		{ "read", g_read },
		{ "write", g_write },
		{ "psc", g_psc },
		{ "start_vcpu", g_start_vcpu },
		{ NULL, NULL },
	};
	luaL_newmetatable(L, GUEST_MT);
	lock_metatable(L);
	lua_pushcfunction(L, g_tostring);
	lua_setfield(L, -2, "__tostring");
	luaL_newlib(L, methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}
