/*
 * memory.c: the bounded allocator of a script's Lua state.
 *
 * Lua asks its allocator for every block; this one counts the bytes in
 * use and refuses to go past the limit. Machines are malloc'd outside
 * Lua (they are large and kept out of the collector's way), so they are
 * charged here by hand, and credited back when the collector frees them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "memory.h"

#define MIB ((size_t)1 << 20)

/* Has the limit room for n more bytes? */
static bool room(const struct memory *m, size_t n)
{
	return m->used <= m->limit && n <= m->limit - m->used;
}

static void *bounded_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct memory *m = ud;
	size_t old = ptr ? osize : 0;   /* without ptr, osize says what kind of object */
	if (nsize == 0) {
		free(ptr);
		m->used -= old;
		return NULL;
	}
	/* Shrinking must not fail (Lua relies on it); growing must stay under the limit. */
	if (nsize > old && !room(m, nsize - old)) {
		m->refused = true;
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (p)
		m->used = m->used - old + nsize;
	return p;
}

lua_State *memory_newstate(struct memory *m, size_t limit, const char *hint)
{
	memset(m, 0, sizeof(*m));
	m->limit = limit;
	m->hint = hint;
	return lua_newstate(bounded_alloc, m);
}

struct memory *memory_of(lua_State *L)
{
	void *ud;
	lua_getallocf(L, &ud);
	return ud;
}

void memory_charge(lua_State *L, size_t n, const char *what)
{
	struct memory *m = memory_of(L);
	if (!room(m, n))
		lua_gc(L, LUA_GCCOLLECT, 0);   /* machines nobody can reach give their bytes back */
	if (!room(m, n)) {
		m->refused = true;
		luaL_error(L, "%s: out of memory: the script's Lua data and machines would take "
		           "more than its limit of %d MiB%s%s%s", what, (int)(m->limit / MIB),
		           m->hint ? " (" : "", m->hint ? m->hint : "", m->hint ? ")" : "");
	}
	m->used += n;
	/* Big charges tell the collector too: it runs sooner when scripts make machines. */
	if (n >= 64 * 1024)
		lua_gc(L, LUA_GCSTEP, (int)(n / 1024 < 1 << 20 ? n / 1024 : 1 << 20));
}

void memory_credit(lua_State *L, size_t n)
{
	struct memory *m = memory_of(L);
	m->used -= n < m->used ? n : m->used;
}

const char *memory_error(lua_State *L, int status, const char *msg, char *buf, size_t len)
{
	const struct memory *m = memory_of(L);
	/* A refused allocation is LUA_ERRMEM; an on_step hook rethrows it as a plain error. */
	bool oom = status == LUA_ERRMEM || (msg && strcmp(msg, "not enough memory") == 0);
	if (!oom || !m->refused)
		return NULL;
	snprintf(buf, len, "out of memory: its Lua data reached the limit of %d MiB%s%s%s",
	         (int)(m->limit / MIB), m->hint ? " (" : "", m->hint ? m->hint : "",
	         m->hint ? ")" : "");
	return buf;
}
