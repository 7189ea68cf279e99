/*
 * trace_load.c: a trace file (docs/traces.md) into a struct trace.
 *
 * The file's fields are read with the same checks the Lua API uses
 * (args.c), so a trace file accepts exactly what a script could have
 * done. The conversion runs under lua_pcall: the checks raise Lua errors,
 * and this file turns the first one into a message that names the step.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "trace_load.h"
#include "args.h"
#include "load_text.h"
#include "memory.h"
#include "../ghost/ghost.h"

/* What is being read, for the message of an error. */
struct load {
	struct trace *t;
	char where[80];
};

/* The fields each action may have, after its actor and action. */
static const char *const step_fields[T_COUNT][8] = {
	[T_CALL] = { "vcpu", "protocol", "call", "rcx", "rdx", "r8", "r9" },
	[T_FINISH] = { "vcpu" },
	[T_WRITE] = { "gpa", "bytes" },
	[T_READ] = { "gpa", "len" },
	[T_PSC] = { "vcpu", "gpa", "op" },
	[T_START_VCPU] = { "vcpu", "vmsa", "caa" },
	[T_STEP] = { "vcpu" },
	[T_RMPUPDATE] = { "spa", "assigned", "asid", "gpa", "size", "immutable" },
	[T_PSMASH] = { "spa" },
	[T_MAP] = { "gpa", "spa" },
	[T_UNMAP] = { "gpa" },
	[T_HV_WRITE] = { "spa", "bytes" },
	[T_HV_READ] = { "spa", "len" },
};

/* bytes = "..." of a write; the pointer stays valid while the step table lives. */
static void read_bytes(lua_State *L, int t, struct trace_step *st)
{
	char what[64];
	if (field_push(L, t, "bytes", what, sizeof(what)) == LUA_TNIL)
		bad_use(L, "%s is missing", what);
	st->mem.bytes = (uint8_t *)arg_bytes(L, -1, what, &st->mem.len);
	lua_pop(L, 1);
}

/* protocol = and call = of a call: numbers, or names as g:call takes them. */
static void read_call(lua_State *L, int t, struct trace_step *st)
{
	char what[64];
	if (field_push(L, t, "protocol", what, sizeof(what)) == LUA_TNIL)
		bad_use(L, "%s is missing", what);
	st->call.protocol = arg_protocol(L, -1, what);
	lua_pop(L, 1);
	if (field_push(L, t, "call", what, sizeof(what)) == LUA_TNIL)
		bad_use(L, "%s is missing", what);
	st->call.call = arg_call(L, -1, what, st->call.protocol);
	lua_pop(L, 1);
	st->call.args.rcx = field_u64(L, t, "rcx", false, 0);
	st->call.args.rdx = field_u64(L, t, "rdx", false, 0);
	st->call.args.r8 = field_u64(L, t, "r8", false, 0);
	st->call.args.r9 = field_u64(L, t, "r9", false, 0);
}

static void read_fields(lua_State *L, int t, struct trace_step *st)
{
	switch (st->action) {
	case T_CALL:
		read_call(L, t, st);
		break;
	case T_FINISH:
	case T_STEP:
		break;
	case T_WRITE:
		st->mem.addr = field_u64(L, t, "gpa", true, 0);
		read_bytes(L, t, st);
		break;
	case T_READ:
		st->mem.addr = field_u64(L, t, "gpa", true, 0);
		st->mem.len = (size_t)field_range(L, t, "len", true, 0, 0, GPA_LIMIT);
		break;
	case T_PSC:
		st->psc.gpa = field_u64(L, t, "gpa", true, 0);
		st->psc.op = field_psc_op(L, t, "op");
		break;
	case T_START_VCPU:
		st->start.vmsa = field_u64(L, t, "vmsa", true, 0);
		st->start.caa = field_u64(L, t, "caa", true, 0);
		break;
	case T_RMPUPDATE:
		st->rmpupdate.spa = field_u64(L, t, "spa", true, 0);
		parse_rmp_update(L, t, &st->rmpupdate.u);
		break;
	case T_PSMASH:
		st->map.spa = field_u64(L, t, "spa", true, 0);
		break;
	case T_MAP:
		st->map.gpa = field_u64(L, t, "gpa", true, 0);
		st->map.spa = field_u64(L, t, "spa", true, 0);
		break;
	case T_UNMAP:
		st->map.gpa = field_u64(L, t, "gpa", true, 0);
		break;
	case T_HV_WRITE:
		st->mem.addr = field_u64(L, t, "spa", true, 0);
		read_bytes(L, t, st);
		break;
	case T_HV_READ:
		st->mem.addr = field_u64(L, t, "spa", true, 0);
		st->mem.len = (size_t)field_range(L, t, "len", true, 0, 0, GPA_LIMIT);
		break;
	case T_COUNT:
		break;
	}
}

/*
 * Trace data is plain tables. A script may return one with a metatable,
 * whose __index or __len would run code while it is read, or make the
 * list of steps look empty.
 */
static void arg_plain(lua_State *L, int t)
{
	if (lua_getmetatable(L, t))
		bad_use(L, "must be a plain table (trace data has no metatables)");
}

/* Step i of the list, the table at t: { "actor", "action", field = value, ... }. */
static void read_step(lua_State *L, int t, lua_Integer i, struct load *ld)
{
	snprintf(ld->where, sizeof(ld->where), "step %lld", (long long)i);
	if (lua_type(L, t) != LUA_TTABLE)
		bad_use(L, "must be a table { \"actor\", \"action\", field = value, ... }, got %s",
		        luaL_typename(L, t));
	arg_plain(L, t);
	lua_rawgeti(L, t, 1);
	lua_rawgeti(L, t, 2);
	const char *actor = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
	const char *action = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	if (!actor || !action)
		bad_use(L, "must begin with its actor and action, e.g. { \"guest\", \"call\", ... }");
	enum trace_action a = trace_action_find(actor, action);
	if (a == T_COUNT) {
		if (strcmp(actor, "guest") && strcmp(actor, "module") && strcmp(actor, "hv"))
			bad_use(L, "unknown actor '%s' (guest, module or hv)", actor);
		bad_use(L, "unknown action '%s %s' (docs/traces.md lists the actions)", actor, action);
	}
	snprintf(ld->where, sizeof(ld->where), "step %lld (%s %s)", (long long)i, actor, action);
	lua_pop(L, 2);

	arg_fields(L, t, step_fields[a], 2);
	struct trace_step st = { .action = a };
	st.vcpu = (unsigned)field_range(L, t, "vcpu", a == T_START_VCPU, 0, 0, MACHINE_MAX_VCPUS - 1);
	read_fields(L, t, &st);
	arg_step(L, &st, NULL);
	if (trace_push(ld->t, &st) != 0)
		luaL_error(L, "out of memory");
}

static void read_expect(lua_State *L, int t, struct trace *tr)
{
	static const char *const fields[] = { "violation", NULL };
	if (lua_type(L, t) != LUA_TTABLE)
		bad_use(L, "must be a table { violation = \"clause\" }, got %s", luaL_typename(L, t));
	arg_plain(L, t);
	arg_fields(L, t, fields, 0);
	char what[64];
	if (field_push(L, t, "violation", what, sizeof(what)) != LUA_TNIL) {
		size_t len;
		const char *name = arg_bytes(L, -1, what, &len);
		if (!clause_find(name))
			bad_use(L, "unknown clause '%s' (svsmlab clauses lists them)", name);
		snprintf(tr->expect, sizeof(tr->expect), "%s", name);
	}
	lua_pop(L, 1);
}

/*
 * The explorer's watches: a list of plain strings, kept as they are (the
 * explorer reads them; the writer writes them back without escaping).
 */
static void read_watches(lua_State *L, int t, struct trace *tr)
{
	if (lua_type(L, t) != LUA_TTABLE)
		bad_use(L, "must be a list of strings, got %s", luaL_typename(L, t));
	arg_plain(L, t);
	lua_Integer n = arg_list(L, t, (const char *const[]){ NULL });
	if (n > TRACE_WATCHES_MAX)
		bad_use(L, "at most %d watches, not %d", TRACE_WATCHES_MAX, (int)n);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, t, i);
		if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) >= TRACE_WATCH_MAX)
			bad_use(L, "watch %d must be a string of at most %d characters, %s",
			        (int)i, TRACE_WATCH_MAX - 1, got(L, -1));
		const char *w = lua_tostring(L, -1);
		for (const char *c = w; *c; c++)
			if (*c < ' ' || *c > '~' || *c == '"' || *c == '\\')
				bad_use(L, "watch %d: only printable characters, no quotes or backslashes",
				        (int)i);
		snprintf(tr->watches[i - 1], TRACE_WATCH_MAX, "%s", w);
		lua_pop(L, 1);
	}
	tr->nwatches = (unsigned)n;
}

/* lua_pcall'd with the table and the struct load. */
static int convert(lua_State *L)
{
	static const char *const fields[] = { "format", "machine", "steps", "expect", "watches",
	                                      NULL };
	struct load *ld = lua_touserdata(L, 2);
	struct trace *t = ld->t;
	snprintf(ld->where, sizeof(ld->where), "the trace");
	if (lua_type(L, 1) != LUA_TTABLE)
		bad_use(L, "must be a table, got %s", luaL_typename(L, 1));
	arg_plain(L, 1);
	arg_fields(L, 1, fields, 0);
	lua_getfield(L, 1, "format");
	if (lua_type(L, -1) != LUA_TSTRING || strcmp(lua_tostring(L, -1), TRACE_FORMAT) != 0)
		bad_use(L, "format must be \"%s\", %s", TRACE_FORMAT, got(L, -1));

	snprintf(ld->where, sizeof(ld->where), "machine");
	if (lua_getfield(L, 1, "machine") == LUA_TNIL)
		lua_newtable(L);   /* the defaults */
	if (lua_type(L, -1) == LUA_TTABLE)
		arg_plain(L, lua_gettop(L));
	parse_machine_config(L, -1, &t->cfg, &t->vcpus);

	snprintf(ld->where, sizeof(ld->where), "expect");
	if (lua_getfield(L, 1, "expect") != LUA_TNIL)
		read_expect(L, lua_gettop(L), t);

	snprintf(ld->where, sizeof(ld->where), "watches");
	if (lua_getfield(L, 1, "watches") != LUA_TNIL)
		read_watches(L, lua_gettop(L), t);

	snprintf(ld->where, sizeof(ld->where), "steps");
	if (lua_getfield(L, 1, "steps") != LUA_TTABLE)
		bad_use(L, "must be a list of steps, got %s", luaL_typename(L, -1));
	int steps = lua_gettop(L);
	arg_plain(L, steps);
	lua_Integer n = arg_list(L, steps, (const char *const[]){ NULL });
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, steps, i);
		read_step(L, lua_gettop(L), i, ld);
		lua_pop(L, 1);
	}
	return 0;
}

bool trace_is_table(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return false;
	/* Raw: asking must not run the table's code (an __index that raises, or loops). */
	int t = lua_absindex(L, idx);
	lua_pushliteral(L, "format");
	bool is = lua_rawget(L, t) != LUA_TNIL;
	lua_pop(L, 1);
	return is;
}

int trace_from_lua(lua_State *L, int idx, struct trace *t, char *err, size_t errlen)
{
	struct load ld = { .t = t };
	idx = lua_absindex(L, idx);
	memset(t, 0, sizeof(*t));
	lua_pushcfunction(L, convert);
	lua_pushvalue(L, idx);
	lua_pushlightuserdata(L, &ld);
	if (lua_pcall(L, 2, 0, 0) == LUA_OK)
		return 0;
	snprintf(err, errlen, "%s: %s", ld.where, lua_tostring(L, -1));
	lua_pop(L, 1);
	trace_free(t);
	return -1;
}

/* A trace file is data: one that runs on and on is stopped. */
static void too_long(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	luaL_error(L, "the trace file runs too long for a table of steps");
}

/* What trace_load() does in its own state, under lua_pcall: upvalue-free, args path and t. */
static int load_data(lua_State *L)
{
	const char *path = lua_touserdata(L, 1);
	struct trace *t = lua_touserdata(L, 2);
	char msg[400];
	if (load_text(L, path) != LUA_OK)
		return lua_error(L);
	/* No globals at all: its _ENV (the chunk's one upvalue) is an empty table. */
	lua_newtable(L);
	lua_setupvalue(L, -2, 1);
	lua_sethook(L, too_long, LUA_MASKCOUNT, 100000000);
	lua_call(L, 0, 1);
	lua_sethook(L, NULL, 0, 0);
	if (trace_from_lua(L, -1, t, msg, sizeof(msg)) != 0)
		return luaL_error(L, "%s: %s", path, msg);
	return 0;
}

int trace_load(const char *path, struct trace *t, char *err, size_t errlen)
{
	struct memory mem;
	memset(t, 0, sizeof(*t));
	lua_State *L = memory_newstate(&mem, (size_t)MEMORY_DEFAULT_MB << 20, NULL);
	if (!L) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	lua_pushcfunction(L, load_data);
	lua_pushlightuserdata(L, (void *)path);
	lua_pushlightuserdata(L, t);
	int status = lua_pcall(L, 2, 0, 0);
	if (status != LUA_OK) {
		char buf[120];
		const char *msg = lua_tostring(L, -1);
		const char *oom = memory_error(L, status, msg, buf, sizeof(buf));
		snprintf(err, errlen, "%s%s%s", oom ? path : "", oom ? ": " : "",
		         oom ? oom : msg ? msg : "error object is not a string");
		trace_free(t);
	}
	lua_close(L);
	return status == LUA_OK ? 0 : -1;
}

/* --- telling a trace file from a script, without running either -------------- */

/* After "[==[" of a long comment (level: the number of '='): skip to its "]==]". */
static void skip_long_comment(FILE *f, int level)
{
	int c = getc(f);
	while (c != EOF) {
		if (c != ']') {
			c = getc(f);
			continue;
		}
		int n = 0;
		while ((c = getc(f)) == '=')
			n++;
		if (c == ']' && n == level)
			return;
	}
}

/* After "--": skip the comment, short or long. */
static void skip_comment(FILE *f)
{
	int c = getc(f);
	if (c == '[') {
		int level = 0;
		while ((c = getc(f)) == '=')
			level++;
		if (c == '[') {
			skip_long_comment(f, level);
			return;
		}
	}
	while (c != '\n' && c != EOF)
		c = getc(f);
}

/* The first character that is not blank or in a comment (EOF for a lone '-'). */
static int skip_blanks(FILE *f)
{
	for (;;) {
		int c = getc(f);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			continue;
		if (c != '-')
			return c;
		if (getc(f) != '-')
			return EOF;
		skip_comment(f);
	}
}

static bool name_char(int c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool trace_is_data_file(const char *path)
{
	/* Only a regular file can be read twice: a pipe's head would be lost to the script. */
	struct stat st;
	FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? fopen(path, "r") : NULL;
	if (!f)
		return false;
	int c = getc(f);
	if (c == 0xef && getc(f) == 0xbb && getc(f) == 0xbf)   /* a UTF-8 mark, as Lua skips it */
		c = getc(f);
	if (c == '#')   /* a first line "#!...", as Lua skips it */
		while (c != '\n' && c != EOF)
			c = getc(f);
	else
		ungetc(c, f);
	char word[8];
	size_t n = 0;
	for (c = skip_blanks(f); name_char(c) && n < sizeof(word); c = getc(f))
		word[n++] = (char)c;
	ungetc(c, f);
	bool data = n == 6 && memcmp(word, "return", 6) == 0 && skip_blanks(f) == '{';
	fclose(f);
	return data;
}
