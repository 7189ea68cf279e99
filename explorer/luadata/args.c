/*
 * args.c: checking what a script passes, before anything touches the machine.
 *
 * Bad use (a wrong type, an unknown name, an address outside memory, a
 * misaligned page address) is a Lua error whose message names the
 * script line and the function, never a crash and never a half-done
 * step. The same checks read the fields of trace files, where
 * trace_load.c adds the step number to the message.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "args.h"

int bad_use(lua_State *L, const char *fmt, ...)
{
	lua_Debug ar;
	const char *fn = NULL;
	if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar))
		fn = ar.name;
	luaL_where(L, 1);
	if (fn)
		lua_pushfstring(L, "%s: ", fn);
	else
		lua_pushliteral(L, "");
	va_list ap;
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_concat(L, 3);
	return lua_error(L);
}

/*
 * An error raised in the on_step hook already carries the traceback of
 * the whole stack (machine.c adds it where the hook is called): keep it.
 */
int traceback_handler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	if (strstr(msg, "\nstack traceback:"))
		return 1;
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* Runs no metamethod: a value's __tostring is code, and trace data must not run any. */
const char *got(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) == LUA_TSTRING)
		return lua_pushfstring(L, "got \"%s\"", lua_tostring(L, idx));
	if (lua_type(L, idx) == LUA_TNUMBER)
		return lua_pushfstring(L, "got %s", luaL_tolstring(L, idx, NULL));
	return lua_pushfstring(L, "got %s", luaL_typename(L, idx));
}

uint64_t arg_u64(lua_State *L, int idx, const char *what)
{
	int isint = 0;
	lua_Integer v = lua_type(L, idx) == LUA_TNUMBER ? lua_tointegerx(L, idx, &isint) : 0;
	if (!isint)
		bad_use(L, "%s must be an integer, %s", what, got(L, idx));
	return (uint64_t)v;
}

uint64_t arg_range(lua_State *L, int idx, const char *what, uint64_t min, uint64_t max)
{
	int isint = 0;
	lua_Integer v = lua_type(L, idx) == LUA_TNUMBER ? lua_tointegerx(L, idx, &isint) : 0;
	if (!isint || v < 0 || (uint64_t)v < min || (uint64_t)v > max)
		bad_use(L, "%s must be an integer from %I to %I, %s", what, (lua_Integer)min,
		        (lua_Integer)max, got(L, idx));
	return (uint64_t)v;
}

bool arg_bool(lua_State *L, int idx, const char *what)
{
	if (lua_type(L, idx) != LUA_TBOOLEAN)
		bad_use(L, "%s must be true or false, %s", what, got(L, idx));
	return lua_toboolean(L, idx);
}

const char *arg_bytes(lua_State *L, int idx, const char *what, size_t *len)
{
	if (lua_type(L, idx) != LUA_TSTRING)
		bad_use(L, "%s must be a string of bytes, %s", what, got(L, idx));
	return lua_tolstring(L, idx, len);
}

int arg_option(lua_State *L, int idx, const char *what, const char *const names[])
{
	idx = lua_absindex(L, idx);
	const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx) : NULL;
	for (int i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 0; names[i]; i++) {
		luaL_addstring(&b, i ? (names[i + 1] ? ", \"" : " or \"") : "\"");
		luaL_addstring(&b, names[i]);
		luaL_addchar(&b, '"');
	}
	luaL_pushresult(&b);
	const char *choices = lua_tostring(L, -1);
	return bad_use(L, "%s must be %s, %s", what, choices, got(L, idx));
}

/* The words for page sizes and page-state operations, in the order of their values. */
static const char *const size_names[] = { "4k", "2m", NULL };           /* PSIZE_4K + i */
static const char *const psc_op_names[] = { "private", "shared", NULL }; /* GHCB_PSC_PRIVATE + i */

unsigned arg_psc_op(lua_State *L, int idx, const char *what)
{
	return (unsigned)arg_option(L, idx, what, psc_op_names) + GHCB_PSC_PRIVATE;
}

uint32_t arg_protocol(lua_State *L, int idx, const char *what)
{
	if (lua_type(L, idx) == LUA_TSTRING) {
		const char *s = lua_tostring(L, idx), *name;
		for (uint32_t p = 0; (name = trace_protocol_name(p)) != NULL; p++)
			if (strcmp(name, s) == 0)
				return p;
		bad_use(L, "%s: unknown protocol '%s' (core, attest, vtpm, or a number)", what, s);
	}
	return (uint32_t)arg_range(L, idx, what, 0, UINT32_MAX);
}

uint32_t arg_call(lua_State *L, int idx, const char *what, uint32_t protocol)
{
	if (lua_type(L, idx) == LUA_TSTRING) {
		const char *s = lua_tostring(L, idx), *name;
		for (uint32_t c = 0; (name = trace_call_name(protocol, c)) != NULL; c++)
			if (strcmp(name, s) == 0)
				return c;
		bad_use(L, "%s: unknown call '%s' of protocol %d (the core calls are remap_ca, "
		        "pvalidate, create_vcpu, delete_vcpu, deposit_mem, withdraw_mem, "
		        "query_protocol, configure_vtom; or give a number)", what, s, (int)protocol);
	}
	return (uint32_t)arg_range(L, idx, what, 0, UINT32_MAX);
}

/* The vCPU is the only argument of its kind in every function: the message need not name it. */
unsigned arg_vcpu(lua_State *L, int idx)
{
	int isint = 0;
	lua_Integer v = lua_type(L, idx) == LUA_TNUMBER ? lua_tointegerx(L, idx, &isint) : 0;
	if (!isint || v < 0 || v >= MACHINE_MAX_VCPUS)
		bad_use(L, "no such vCPU (%s; the machine model has vCPUs 0 to %d)", got(L, idx),
		        MACHINE_MAX_VCPUS - 1);
	return (unsigned)v;
}

/* --- fields of a table -------------------------------------------------- */

int field_push(lua_State *L, int t, const char *name, char *what, size_t whatlen)
{
	snprintf(what, whatlen, "field '%s'", name);
	return lua_getfield(L, t, name);
}

/* Pushes the field; false (and nothing pushed) when it is absent and optional. */
static bool field(lua_State *L, int t, const char *name, bool required, char *what, size_t n)
{
	if (field_push(L, t, name, what, n) != LUA_TNIL)
		return true;
	lua_pop(L, 1);
	if (required)
		bad_use(L, "%s is missing", what);
	return false;
}

uint64_t field_u64(lua_State *L, int t, const char *name, bool required, uint64_t dflt)
{
	char what[64];
	t = lua_absindex(L, t);
	if (!field(L, t, name, required, what, sizeof(what)))
		return dflt;
	uint64_t v = arg_u64(L, -1, what);
	lua_pop(L, 1);
	return v;
}

uint64_t field_range(lua_State *L, int t, const char *name, bool required, uint64_t dflt,
                     uint64_t min, uint64_t max)
{
	char what[64];
	t = lua_absindex(L, t);
	if (!field(L, t, name, required, what, sizeof(what)))
		return dflt;
	uint64_t v = arg_range(L, -1, what, min, max);
	lua_pop(L, 1);
	return v;
}

bool field_bool(lua_State *L, int t, const char *name, bool required, bool dflt)
{
	char what[64];
	t = lua_absindex(L, t);
	if (!field(L, t, name, required, what, sizeof(what)))
		return dflt;
	bool v = arg_bool(L, -1, what);
	lua_pop(L, 1);
	return v;
}

/* An option by name, as its index in names; dflt < 0 makes it required. */
static int field_option(lua_State *L, int t, const char *name, const char *const names[], int dflt)
{
	char what[64];
	t = lua_absindex(L, t);
	if (!field(L, t, name, dflt < 0, what, sizeof(what)))
		return dflt;
	int v = arg_option(L, -1, what, names);
	lua_pop(L, 1);
	return v;
}

unsigned field_size(lua_State *L, int t, const char *name)
{
	return (unsigned)field_option(L, t, name, size_names, PSIZE_4K);
}

unsigned field_psc_op(lua_State *L, int t, const char *name)
{
	return (unsigned)field_option(L, t, name, psc_op_names, -1) + GHCB_PSC_PRIVATE;
}

/* The key on top is not one the table may have: say which, and what it may have. */
static void bad_key(lua_State *L, const char *const allowed[], lua_Integer positional, bool list)
{
	int key = lua_gettop(L);
	if (list && lua_isinteger(L, key) && lua_tointeger(L, key) > positional)
		bad_use(L, "entry %I is missing: a list has no holes, yet there is an entry %I",
		        positional + 1, lua_tointeger(L, key));
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 0; allowed[i]; i++) {
		luaL_addstring(&b, i ? ", " : "");
		luaL_addstring(&b, allowed[i]);
	}
	luaL_pushresult(&b);
	const char *names = lua_tostring(L, -1);
	const char *what = lua_type(L, key) == LUA_TSTRING
	                   ? lua_pushfstring(L, "field '%s'", lua_tostring(L, key))
	                   : lua_pushfstring(L, "key (%s)", got(L, key));
	if (!allowed[0])
		bad_use(L, "unknown %s (a list has only entries 1, 2, ...)", what);
	bad_use(L, "unknown %s (the fields are: %s)", what, names);
}

static void check_keys(lua_State *L, int t, const char *const allowed[], lua_Integer positional,
                       bool list)
{
	t = lua_absindex(L, t);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);   /* the value */
		bool ok = false;
		if (lua_type(L, -1) == LUA_TSTRING) {
			const char *key = lua_tostring(L, -1);
			for (int i = 0; !ok && allowed[i]; i++)
				ok = strcmp(allowed[i], key) == 0;
		} else if (lua_isinteger(L, -1)) {
			lua_Integer k = lua_tointeger(L, -1);
			ok = k >= 1 && k <= positional;
		}
		if (!ok)
			bad_key(L, allowed, positional, list);
	}
}

void arg_fields(lua_State *L, int t, const char *const allowed[], lua_Integer positional)
{
	check_keys(L, t, allowed, positional, false);
}

lua_Integer arg_list(lua_State *L, int t, const char *const allowed[])
{
	/* The raw length: a __len metamethod must not decide how many entries there are. */
	lua_Integer n = (lua_Integer)lua_rawlen(L, t);
	check_keys(L, t, allowed, n, true);
	return n;
}

/* --- addresses ------------------------------------------------------------- */

/* "0x1f000" on the Lua stack (lua_pushfstring has no hexadecimal). */
static const char *hex(lua_State *L, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return lua_pushstring(L, buf);
}

void arg_gpa(lua_State *L, uint64_t gpa, uint64_t len, const char *what)
{
	if (gpa >= GPA_LIMIT || len > GPA_LIMIT - gpa)
		bad_use(L, "%s %s%s is outside the guest-physical space (0x0-%s)", what, hex(L, gpa),
		        len > 1 ? lua_pushfstring(L, " (+%I bytes)", (lua_Integer)len) : "",
		        hex(L, GPA_LIMIT - 1));
}

void arg_spa(lua_State *L, const struct machine *m, uint64_t spa, uint64_t len, const char *what)
{
	uint64_t size = (uint64_t)m->npages * PAGE_SIZE;
	if (spa >= size || len > size - spa)
		bad_use(L, "%s %s%s is outside system memory (0x0-%s)", what, hex(L, spa),
		        len > 1 ? lua_pushfstring(L, " (+%I bytes)", (lua_Integer)len) : "",
		        hex(L, size - 1));
}

void arg_aligned(lua_State *L, uint64_t addr, const char *what)
{
	if (!PAGE_ALIGNED(addr))
		bad_use(L, "%s %s must be page-aligned (a multiple of 0x1000)", what, hex(L, addr));
}

/* --- whole steps --------------------------------------------------------- */

void arg_page_gpa(lua_State *L, uint64_t gpa, const char *what)
{
	arg_gpa(L, gpa, 1, what);
	arg_aligned(L, gpa, what);
}

void arg_step(lua_State *L, const struct trace_step *st, const struct machine *m)
{
	switch (st->action) {
	case T_CALL:
	case T_FINISH:
	case T_STEP:
	case T_PSC:
	case T_START_VCPU:
		if (st->vcpu >= MACHINE_MAX_VCPUS)
			bad_use(L, "no such vCPU: %d (the machine model has vCPUs 0 to %d)",
			        (int)st->vcpu, MACHINE_MAX_VCPUS - 1);
		break;
	default:
		break;
	}
	switch (st->action) {
	case T_WRITE:
	case T_READ:
		arg_gpa(L, st->mem.addr, st->mem.len, "gpa");
		break;
	case T_PSC:
		arg_page_gpa(L, st->psc.gpa, "gpa");   /* the GHCB carries a frame number */
		break;
	case T_START_VCPU:
		arg_page_gpa(L, st->start.vmsa, "vmsa");
		arg_page_gpa(L, st->start.caa, "caa");
		break;
	case T_MAP:   /* then the GPA, as for unmap */
		arg_aligned(L, st->map.spa, "spa");
		if (st->map.spa == NPT_UNMAPPED)
			bad_use(L, "spa: to remove a mapping, unmap it");
		/* fall through */
	case T_UNMAP:
		arg_page_gpa(L, st->map.gpa, "gpa");   /* the NPT maps whole pages */
		break;
	case T_HV_WRITE:
	case T_HV_READ:
		if (m)
			arg_spa(L, m, st->mem.addr, st->mem.len, "spa");
		else if (st->mem.len > GPA_LIMIT)
			bad_use(L, "%d bytes is more than any machine's memory", (int)st->mem.len);
		break;
	default:
		/* RMPUPDATE and PSMASH check their own operands, as the hardware does. */
		break;
	}
}
