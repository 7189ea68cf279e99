/*
 * config.c: a machine's description and an RMPUPDATE's new entry, read
 * from a Lua table: svsm.machine{...} and hv:rmpupdate in a script, the
 * `machine` field and the rmpupdate steps of a trace file.
 */
#include <string.h>

#include "args.h"
#include "../catalog/catalog.h"

static void parse_bugs(lua_State *L, int idx, uint32_t *bits)
{
	char bad[64];
	if (lua_type(L, idx) == LUA_TSTRING) {
		if (catalog_parse(lua_tostring(L, idx), bits, bad, sizeof(bad)) != 0)
			bad_use(L, "unknown bug '%s' (svsmlab bugs lists them)", bad);
		return;
	}
	if (lua_type(L, idx) != LUA_TTABLE)
		bad_use(L, "field 'bugs' must be a list of bug names, got %s", luaL_typename(L, idx));
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, idx, i);
		const char *name = lua_tostring(L, -1);
		const struct bug_info *b = lua_type(L, -1) == LUA_TSTRING ? catalog_find(name) : NULL;
		if (!b)
			bad_use(L, "bugs[%I]: unknown bug '%s' (svsmlab bugs lists them)", i,
			        name ? name : luaL_typename(L, -1));
		*bits |= SVSM_BUG_BIT(b->id);
		lua_pop(L, 1);
	}
}

void parse_machine_config(lua_State *L, int t, struct sim_config *cfg, unsigned *vcpus)
{
	static const char *const fields[] = { "pages", "vcpus", "guest_vmpl", "bugs", NULL };
	t = lua_absindex(L, t);
	if (lua_type(L, t) != LUA_TTABLE)
		bad_use(L, "a machine is described by a table {pages=, vcpus=, guest_vmpl=, bugs=}, "
		        "got %s", luaL_typename(L, t));
	arg_fields(L, t, fields, 0);
	memset(cfg, 0, sizeof(*cfg));
	cfg->machine.pages = (unsigned)field_range(L, t, "pages", false, 64, MACHINE_MIN_PAGES,
	                                           MACHINE_MAX_PAGES);
	*vcpus = (unsigned)field_range(L, t, "vcpus", false, 1, 1, MACHINE_MAX_VCPUS);
	cfg->machine.vcpus = *vcpus;
	cfg->machine.guest_vmpl = (uint8_t)field_range(L, t, "guest_vmpl", false, 1, 1, 3);
	if (lua_getfield(L, t, "bugs") != LUA_TNIL)
		parse_bugs(L, lua_gettop(L), &cfg->bugs);
	lua_pop(L, 1);
}

void parse_rmp_update(lua_State *L, int t, struct rmp_update *u)
{
	memset(u, 0, sizeof(*u));
	u->assigned = field_bool(L, t, "assigned", true, false);
	/* An assigned page belongs to a guest at a GPA: say which, never by default. */
	u->asid = (uint32_t)field_range(L, t, "asid", u->assigned, 0, 0, UINT32_MAX);
	u->gpa = field_u64(L, t, "gpa", u->assigned, 0);
	u->page_size = (uint8_t)field_size(L, t, "size");
	u->immutable = field_bool(L, t, "immutable", false, false);
}
