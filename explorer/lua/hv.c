/*
 * hv.c: m:hv(), the untrusted hypervisor.
 *
 *   local hv = m:hv()
 *   hv:rmpupdate(0x1000, {assigned = true, asid = 1, gpa = 0x20000})
 *   hv:map(0x20000, 0x1000)
 *
 * Each method is one trace step. Instructions report their own input
 * errors (RMPUPDATE of a misaligned SPA returns FAIL_INPUT, as on the
 * hardware); only what a step could not express is refused here.
 */
#include <string.h>

#include "bindings.h"

int lhv_new(lua_State *L, int machine_idx)
{
	machine_idx = lua_absindex(L, machine_idx);
	lua_newuserdatauv(L, 1, 1);
	lua_pushvalue(L, machine_idx);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, HV_MT);
	return 1;
}

static struct lmachine *hv_arg(lua_State *L, int idx)
{
	if (!luaL_testudata(L, idx, HV_MT))
		bad_use(L, "expected the hypervisor (from m:hv()), got %s", luaL_typename(L, idx));
	return lmachine_arg(L, idx);
}

/* Carry out a hypervisor step; its outcome is the event it recorded. */
static const struct sim_event *hv_do(lua_State *L, struct lmachine *lm, const struct trace_step *st)
{
	lmachine_do(L, lm, st);
	return world_last(lm->w);
}

/* hv:rmpupdate(spa, {assigned=, asid=, gpa=, size=, immutable=}) -> return code */
static int h_rmpupdate(lua_State *L)
{
	static const char *const fields[] = { "assigned", "asid", "gpa", "size", "immutable", NULL };
	struct lmachine *lm = hv_arg(L, 1);
	struct trace_step st = { .action = T_RMPUPDATE };
	st.rmpupdate.spa = arg_u64(L, 2, "spa");
	if (lua_type(L, 3) != LUA_TTABLE)
		bad_use(L, "takes the new entry as a table {assigned=, asid=, gpa=, size=, "
		        "immutable=}, got %s", luaL_typename(L, 3));
	arg_fields(L, 3, fields, 0);
	parse_rmp_update(L, 3, &st.rmpupdate.u);
	lua_pushinteger(L, hv_do(L, lm, &st)->out.rc);
	return 1;
}

/* hv:psmash(spa) -> return code */
static int h_psmash(lua_State *L)
{
	struct lmachine *lm = hv_arg(L, 1);
	struct trace_step st = { .action = T_PSMASH, .map = { .spa = arg_u64(L, 2, "spa") } };
	lua_pushinteger(L, hv_do(L, lm, &st)->out.rc);
	return 1;
}

/* hv:map(gpa, spa): the NPT maps the GPA page to the SPA page (which may lie past memory). */
static int h_map(lua_State *L)
{
	struct lmachine *lm = hv_arg(L, 1);
	struct trace_step st = { .action = T_MAP,
	                         .map = { arg_u64(L, 2, "gpa"), arg_u64(L, 3, "spa") } };
	hv_do(L, lm, &st);
	return 0;
}

static int h_unmap(lua_State *L)
{
	struct lmachine *lm = hv_arg(L, 1);
	struct trace_step st = { .action = T_UNMAP, .map = { .gpa = arg_u64(L, 2, "gpa") } };
	hv_do(L, lm, &st);
	return 0;
}

/* hv:read(spa, n) -> the raw bytes: ciphertext where the page is private. */
static int h_read(lua_State *L)
{
	struct lmachine *lm = hv_arg(L, 1);
	uint64_t spa = arg_u64(L, 2, "spa");
	size_t len = (size_t)arg_range(L, 3, "length", 0, GPA_LIMIT);
	uint8_t *buf = lua_newuserdatauv(L, len ? len : 1, 0);   /* the bytes land here */
	struct trace_step st = { .action = T_HV_READ, .mem = { spa, buf, len } };
	hv_do(L, lm, &st);
	lua_pushlstring(L, (const char *)buf, len);
	lua_remove(L, -2);
	return 1;
}

/* hv:write(spa, bytes) -> true. The bytes are public: the hypervisor wrote them. */
static int h_write(lua_State *L)
{
	struct lmachine *lm = hv_arg(L, 1);
	uint64_t spa = arg_u64(L, 2, "spa");
	size_t len;
	const char *bytes = arg_bytes(L, 3, "bytes", &len);
	struct trace_step st = { .action = T_HV_WRITE, .mem = { spa, (uint8_t *)bytes, len } };
	hv_do(L, lm, &st);
	lua_pushboolean(L, world_last(lm->w)->out.rc == 0);   /* false: the RMP refused it */
	return 1;
}

void lhv_register(lua_State *L)
{
	static const luaL_Reg methods[] = {
		{ "rmpupdate", h_rmpupdate },
		{ "psmash", h_psmash },
		{ "map", h_map },
		{ "unmap", h_unmap },
		{ "read", h_read },
		{ "write", h_write },
		{ NULL, NULL },
	};
	luaL_newmetatable(L, HV_MT);
	lock_metatable(L);
	luaL_newlib(L, methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}
