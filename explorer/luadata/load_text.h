/*
 * load_text.h: loading a script or a trace file as Lua text.
 *
 * Both are Lua chunks, and both sit beside files that are not: a
 * counterexample's .json, written for other tools next to the .lua that
 * svsmlab reads. Given the .json by mistake, Lua's own message ("unexpected
 * symbol near '{'") does not say what went wrong; this one does.
 */
#ifndef LUADATA_LOAD_TEXT_H
#define LUADATA_LOAD_TEXT_H

#include <lua.h>

/* luaL_loadfilex(L, path, "t"): the chunk, or the error message, pushed; Lua's status. */
int load_text(lua_State *L, const char *path);

#endif
