/*
 * expect.c: svsm.expect.*, what a script says should have happened.
 *
 *   svsm.expect.eq(rc, svsm.SUCCESS, "rc of the rescind")
 *   svsm.expect.bytes(g:read(0x20020, 6), string.rep("\0", 6), "the page")
 *   svsm.expect.violation(m, "page-public-to-vmpl")
 *   svsm.expect.clean(m)
 *
 * A failed expectation is not a Lua error: it is printed with the script
 * line and counted, and the script goes on, so that one run shows every
 * expectation that failed. `svsmlab run` then exits 1. Each function
 * returns whether the expectation held.
 *
 * Expecting a violation also tells the run that the clause firing on
 * that machine is the point of the script, not a failure (machine.c).
 */
#include <string.h>

#include "bindings.h"
#include "../ghost/ghost.h"

/* Count one expectation; print it if it failed (the message is on top of the stack). */
static int record(lua_State *L, bool held)
{
	struct svsm_run *run = lsvsm_run_of(L);
	run->expectations++;
	if (!held) {
		run->failed++;
		luaL_where(L, 1);   /* the script line that called svsm.expect.* */
		printf("FAIL %sexpectation failed: %s\n", lua_tostring(L, -1), lua_tostring(L, -2));
		fflush(stdout);
	}
	lua_pushboolean(L, held);
	return 1;
}

static const char *what_arg(lua_State *L, int idx)
{
	return lua_isnoneornil(L, idx) ? "value" : luaL_tolstring(L, idx, NULL);
}

/* Up to 16 bytes from off, as hex. */
static const char *hex_window(lua_State *L, const char *s, size_t len, size_t off)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = off; i < len && i < off + 16; i++) {
		char x[4];
		snprintf(x, sizeof(x), "%s%02x", i > off ? " " : "", (unsigned char)s[i]);
		luaL_addstring(&b, x);
	}
	if (off >= len)
		luaL_addstring(&b, "(nothing)");
	luaL_pushresult(&b);
	return lua_tostring(L, -1);
}

/* A value in a message: result codes by name, integers also in hex, strings quoted. */
static const char *describe(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_isinteger(L, idx)) {
		lua_Integer v = lua_tointeger(L, idx);
		const char *name = v ? trace_result_name((uint32_t)v) : NULL;
		char buf[64];
		if (name && (uint64_t)v <= UINT32_MAX)
			snprintf(buf, sizeof(buf), "0x%llx (%s)", (unsigned long long)v, name);
		else if (v > 9 || v < 0)
			snprintf(buf, sizeof(buf), "%lld (0x%llx)", (long long)v, (unsigned long long)v);
		else
			snprintf(buf, sizeof(buf), "%lld", (long long)v);
		return lua_pushstring(L, buf);
	}
	if (lua_type(L, idx) == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		bool text = true;
		for (size_t i = 0; i < len; i++)
			text = text && s[i] >= 0x20 && s[i] < 0x7f;
		if (text)
			return lua_pushfstring(L, "\"%s\"", s);
		return lua_pushfstring(L, "%d bytes %s%s", (int)len, hex_window(L, s, len, 0),
		                       len > 16 ? " ..." : "");
	}
	return luaL_tolstring(L, idx, NULL);
}

/* svsm.expect.eq(got, want [, what]) */
static int expect_eq(lua_State *L)
{
	lua_settop(L, 3);
	bool held = lua_compare(L, 1, 2, LUA_OPEQ);
	lua_pushfstring(L, "%s: got %s, want %s", what_arg(L, 3), describe(L, 1), describe(L, 2));
	return record(L, held);
}

/* svsm.expect.ne(got, unwanted [, what]) */
static int expect_ne(lua_State *L)
{
	lua_settop(L, 3);
	bool held = !lua_compare(L, 1, 2, LUA_OPEQ);
	lua_pushfstring(L, "%s: got %s, which it must not be", what_arg(L, 3), describe(L, 1));
	return record(L, held);
}

/* svsm.expect.that(condition [, what]) */
static int expect_that(lua_State *L)
{
	lua_settop(L, 2);
	bool held = lua_toboolean(L, 1);
	lua_pushfstring(L, "%s does not hold (got %s)", what_arg(L, 2), describe(L, 1));
	return record(L, held);
}

/*
 * svsm.expect.bytes(got, want [, what]). got may be nil (g:read returns
 * nil and the fault when the read faults): that fails, naming the fault.
 */
static int expect_bytes(lua_State *L)
{
	size_t glen, wlen;
	const char *want = arg_bytes(L, 2, "want", &wlen);
	const char *what = lua_isnoneornil(L, 3) ? "bytes" : luaL_tolstring(L, 3, NULL);
	if (lua_isnil(L, 1)) {
		lua_pushfstring(L, "%s: got nil (did the read fault?), want %d bytes", what, (int)wlen);
		return record(L, false);
	}
	const char *got = arg_bytes(L, 1, "got", &glen);
	size_t off = 0;
	while (off < glen && off < wlen && got[off] == want[off])
		off++;
	if (off == glen && off == wlen) {
		lua_pushliteral(L, "");
		return record(L, true);
	}
	lua_pushfstring(L, "%s differ at byte %d (got %d bytes, want %d): got %s, want %s", what,
	                (int)off, (int)glen, (int)wlen, hex_window(L, got, glen, off),
	                hex_window(L, want, wlen, off));
	return record(L, false);
}

/* "clause (step N), ..." of the violations on a machine, or "none". */
static const char *fired(lua_State *L, const struct lmachine *lm)
{
	const struct sim *s = &lm->w->s;
	unsigned kept = s->rec.nviolations < RECORD_MAX_VIOLATIONS ? s->rec.nviolations : RECORD_MAX_VIOLATIONS;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (unsigned i = 0; i < kept; i++) {
		lua_pushfstring(L, "%s%s (step %d)", i ? ", " : "", s->rec.violations[i].clause,
		                (int)s->rec.violations[i].step);
		luaL_addvalue(&b);
	}
	if (kept == 0)
		luaL_addstring(&b, "none");
	luaL_pushresult(&b);
	return lua_tostring(L, -1);
}

static const char *clause_arg(lua_State *L, int idx)
{
	size_t len;
	const char *name = arg_bytes(L, idx, "clause", &len);
	const struct clause *c = clause_find(name);
	if (!c)
		bad_use(L, "unknown clause '%s' (svsmlab clauses lists them)", name);
	return c->name;
}

/* svsm.expect.violation(m, clause): the clause fired on m, and that is the point. */
static int expect_violation(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	const char *clause = clause_arg(L, 2);
	if (!lmachine_expects(lm, clause)) {
		if (lm->nexpected == MAX_EXPECTED)
			bad_use(L, "too many different clauses expected on one machine");
		lm->expected[lm->nexpected++] = clause;
	}
	lua_pushfstring(L, "machine #%d: %s did not fire; what fired: %s", (int)lm->id, clause,
	                fired(L, lm));
	return record(L, lmachine_fired(lm, clause) > 0);
}

/* svsm.expect.no_violation(m, clause): this clause did not fire on m. */
static int expect_no_violation(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	const char *clause = clause_arg(L, 2);
	lua_pushfstring(L, "machine #%d: %s fired; what fired: %s", (int)lm->id, clause,
	                fired(L, lm));
	return record(L, lmachine_fired(lm, clause) == 0);
}

/* svsm.expect.clean(m): no check fired on m. */
static int expect_clean(lua_State *L)
{
	struct lmachine *lm = lmachine_arg(L, 1);
	lua_pushfstring(L, "machine #%d: checks fired: %s", (int)lm->id, fired(L, lm));
	return record(L, lm->w->s.rec.nviolations == 0);
}

/* svsm.expect.error(pattern, fn, ...): fn(...) raises an error containing pattern. */
static int expect_error(lua_State *L)
{
	size_t len;
	const char *pattern = arg_bytes(L, 1, "pattern", &len);
	if (lua_type(L, 2) != LUA_TFUNCTION)
		bad_use(L, "takes a pattern and a function, got %s", luaL_typename(L, 2));
	int nargs = lua_gettop(L) - 2;
	if (lua_pcall(L, nargs, 0, 0) == LUA_OK) {
		lua_pushfstring(L, "expected an error containing '%s', but there was none", pattern);
		return record(L, false);
	}
	const char *msg = lua_tostring(L, -1);
	bool held = msg && strstr(msg, pattern);
	lua_pushfstring(L, "expected an error containing '%s', got: %s", pattern,
	                msg ? msg : luaL_typename(L, -1));
	return record(L, held);
}

void expect_register(lua_State *L, int module)
{
	static const luaL_Reg fns[] = {
		{ "eq", expect_eq },
		{ "ne", expect_ne },
		{ "that", expect_that },
		{ "bytes", expect_bytes },
		{ "violation", expect_violation },
		{ "no_violation", expect_no_violation },
		{ "clean", expect_clean },
		{ "error", expect_error },
		{ NULL, NULL },
	};
	luaL_newlib(L, fns);
	lua_setfield(L, module, "expect");
}
