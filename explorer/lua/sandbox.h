/*
 * sandbox.h: the Lua a scenario may use (docs/lua.md, "The sandbox").
 *
 * Course labs grade scripts that students write, and workshops run
 * scenarios people bring: `svsmlab run` gives a script the parts of the
 * standard library that compute, and none that reach the system. It may
 * not run programs, open, write or remove files, read the environment,
 * load native code or bytecode, or load Lua files outside its own
 * directory. Reaching for a removed function is a Lua error that names
 * it and `--unsafe`, which opens the whole standard library instead.
 */
#ifndef LUA_SANDBOX_H
#define LUA_SANDBOX_H

#include <stdbool.h>

#include <lua.h>

/*
 * Open the libraries of a script at path (whose directory require,
 * dofile and loadfile may read), or with unsafe every standard library.
 * Raises a Lua error if the directory cannot be found or out of memory.
 */
void sandbox_open(lua_State *L, const char *path, bool unsafe);

#endif
