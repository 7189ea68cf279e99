/*
 * memory.h: a Lua state whose memory is bounded.
 *
 * A script (or a trace file) must not take the whole machine: every
 * allocation of its Lua state goes through an allocator with a limit,
 * and what the script makes outside Lua (machines, their traces) is
 * charged to the same limit. An allocation past the limit fails, which
 * Lua reports as "not enough memory"; a charge past it is a Lua error
 * that says so.
 */
#ifndef LUADATA_MEMORY_H
#define LUADATA_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

#include <lua.h>

/* --memory's default, in MiB: room for a few hundred machines. */
#define MEMORY_DEFAULT_MB 512

struct memory {
	size_t limit, used;        /* bytes */
	bool refused;              /* an allocation failed because of the limit */
	const char *hint;          /* how to allow more, for the messages, or NULL */
};

/* A new state whose memory m (which must outlive it) bounds to limit bytes; NULL if none. */
lua_State *memory_newstate(struct memory *m, size_t limit, const char *hint);
/* The state's bounds. */
struct memory *memory_of(lua_State *L);
/*
 * n bytes are about to be allocated outside Lua on the script's behalf
 * (what names them in the error). Past the limit, a full collection may
 * free unreachable machines; if it does not, this raises an error and
 * charges nothing. Collecting may run finalizers: charge before acting.
 */
void memory_charge(lua_State *L, size_t n, const char *what);
void memory_credit(lua_State *L, size_t n);
/* "the script ran out of memory ..." for an error a refused allocation caused, else NULL. */
const char *memory_error(lua_State *L, int status, const char *msg, char *buf, size_t len);

#endif
