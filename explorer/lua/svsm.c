/*
 * svsm.c: the Lua module `svsm`, and how a lua_State gets it.
 *
 *   svsm.machine{...}    a machine (machine.c)
 *   svsm.vmsa{...}       a VMSA page as a guest prepares one (guest.c)
 *   svsm.pvalidate_request{...}   a PVALIDATE request's bytes (guest.c)
 *   svsm.expect.*        expectations (expect.c)
 *   svsm.bugs()          the catalog of injectable bugs
 *   svsm.result_name(rc) "ERR_INVALID_PARAMETER" etc.
 *   svsm.SUCCESS, svsm.ERR_INVALID_ADDRESS, ...   the SVSM result codes
 *   svsm.PAGE_SIZE
 */
#include "bindings.h"
#include "../catalog/catalog.h"

/* The run lives in the registry, for expect.c to count into and machine.c to echo to. */
static const char run_key = 'r';

struct svsm_run *lsvsm_run_of(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &run_key);
	struct svsm_run *run = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return run;
}

void lock_metatable(lua_State *L)
{
	lua_getfield(L, -1, "__name");
	lua_setfield(L, -2, "__metatable");   /* getmetatable(m) gives "svsm.machine" */
}

static int svsm_bugs(lua_State *L)
{
	unsigned n;
	const struct bug_info *b = catalog_all(&n);
	lua_createtable(L, (int)n, 0);
	for (unsigned i = 0; i < n; i++) {
		lua_createtable(L, 0, 5);
		lua_pushstring(L, b[i].name);
		lua_setfield(L, -2, "name");
		lua_pushinteger(L, b[i].number);
		lua_setfield(L, -2, "number");
		lua_pushstring(L, b[i].title);
		lua_setfield(L, -2, "title");
		lua_pushstring(L, b[i].caught_by);
		lua_setfield(L, -2, "caught_by");
		lua_pushboolean(L, b[i].verify.vcpus > 1);
		lua_setfield(L, -2, "needs_interleaving");
		lua_createtable(L, 0, 2);
		lua_pushstring(L, b[i].verify.handler);
		lua_setfield(L, -2, "handler");
		lua_pushinteger(L, b[i].verify.vcpus);
		lua_setfield(L, -2, "vcpus");
		lua_setfield(L, -2, "verify");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static int svsm_result_name(lua_State *L)
{
	const char *name = trace_result_name((uint32_t)arg_range(L, 1, "rc", 0, UINT32_MAX));
	if (name)
		lua_pushstring(L, name);
	else
		lua_pushnil(L);
	return 1;
}

int luaopen_svsm(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "machine", lmachine_new },
		{ "vmsa", lsvsm_vmsa },
		{ "pvalidate_request", lsvsm_pvalidate_request },
		{ "bugs", svsm_bugs },
		{ "result_name", svsm_result_name },
		{ NULL, NULL },
	};
	lmachine_register(L);
	lguest_register(L);
	lhv_register(L);
	luaL_newlib(L, fns);
	expect_register(L, lua_gettop(L));
	unsigned n;
	const struct trace_name *rc = trace_result_names(&n);
	for (unsigned i = 0; i < n; i++) {
		lua_pushinteger(L, rc[i].value);
		lua_setfield(L, -2, rc[i].name);
	}
	lua_pushinteger(L, PAGE_SIZE);
	lua_setfield(L, -2, "PAGE_SIZE");
	return 1;
}

void lsvsm_open(lua_State *L, struct svsm_run *run)
{
	lua_pushlightuserdata(L, run);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &run_key);
	lua_newtable(L);   /* weak values: the list does not keep machines alive */
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "v");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, MACHINES_KEY);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, KEPT_KEY);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, luaopen_svsm);
	lua_setfield(L, -2, "svsm");
	lua_pop(L, 1);
	/* Scripts may `require "svsm"`, or just use the global. */
	luaL_requiref(L, "svsm", luaopen_svsm, 1);
	lua_pop(L, 1);
}
