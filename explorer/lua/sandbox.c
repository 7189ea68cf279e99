/*
 * sandbox.c: what a script may use of the standard library.
 *
 * An allow-list, not a deny-list: a library is opened whole only when
 * nothing in it reaches outside the Lua state (coroutine, math, table,
 * utf8); of the others, the functions listed in `kept` stay and every
 * other name the library has is removed. A removed name is remembered,
 * so that reaching for it raises an error naming it and --unsafe rather
 * than "attempt to call a nil value". Loading code is replaced by
 * versions that read text chunks only (bytecode is unchecked and can
 * crash the VM) and only from the script's own directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "../luadata/memory.h"
#include "sandbox.h"

#define UNSAFE_HINT "run with --unsafe for full Lua"

/* A library of which only some names stay. */
struct partial {
	const char *name;
	lua_CFunction open;
	const char *const *kept;
};

static const struct partial partial_libs[] = {
	{ LUA_STRLIBNAME, luaopen_string, (const char *const[]){
		"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
		"pack", "packsize", "rep", "reverse", "sub", "unpack", "upper", NULL } },
	{ LUA_OSLIBNAME, luaopen_os, (const char *const[]){
		"clock", "date", "difftime", "time", NULL } },
	{ LUA_IOLIBNAME, luaopen_io, (const char *const[]){ "flush", NULL } },   /* io.write is ours */
	{ LUA_DBLIBNAME, luaopen_debug, (const char *const[]){ "traceback", NULL } },
	{ LUA_LOADLIBNAME, luaopen_package, (const char *const[]){ "loaded", "preload", NULL } },
};

static const struct {
	const char *name;
	lua_CFunction open;
} whole_libs[] = {
	{ LUA_GNAME, luaopen_base },
	{ LUA_COLIBNAME, luaopen_coroutine },
	{ LUA_TABLIBNAME, luaopen_table },
	{ LUA_MATHLIBNAME, luaopen_math },
	{ LUA_UTF8LIBNAME, luaopen_utf8 },
};

/* --- removed names -------------------------------------------------------- */

/* __index of a partial library: upvalue 1 its name, upvalue 2 the set of removed names. */
static int removed_index(lua_State *L)
{
	lua_settop(L, 2);
	lua_pushvalue(L, 2);
	if (lua_type(L, 2) != LUA_TSTRING || lua_rawget(L, lua_upvalueindex(2)) == LUA_TNIL)
		return 0;   /* a name the library never had: nil, as in full Lua */
	return luaL_error(L, "%s.%s is not available in the sandbox; " UNSAFE_HINT,
	                  lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, 2));
}

static bool is_kept(const char *const *kept, const char *name)
{
	for (; *kept; kept++)
		if (strcmp(*kept, name) == 0)
			return true;
	return false;
}

/* Cut the library table on top of the stack down to lib->kept. */
static void cut(lua_State *L, const struct partial *lib)
{
	int t = lua_gettop(L);
	lua_newtable(L);   /* the removed names */
	int removed = t + 1;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TSTRING && !is_kept(lib->kept, lua_tostring(L, -1))) {
			lua_pushvalue(L, -1);
			lua_pushboolean(L, 1);
			lua_rawset(L, removed);
			lua_pushvalue(L, -1);
			lua_pushnil(L);
			lua_rawset(L, t);   /* clearing a field during lua_next is allowed */
		}
	}
	lua_createtable(L, 0, 1);
	lua_pushstring(L, lib->name);
	lua_pushvalue(L, removed);
	lua_pushcclosure(L, removed_index, 2);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, t);
	lua_pop(L, 1);   /* the removed names */
}

/* --- loading code from the script's directory ------------------------------- */

/* Upvalue 1 of the loaders below: the script's directory, resolved. */
#define SCRIPT_DIR lua_upvalueindex(1)

/*
 * Push the resolved path of name, which must lie inside the script's
 * directory (symbolic links followed). NULL, and the message pushed,
 * when it does not or cannot be resolved.
 */
static const char *script_file(lua_State *L, const char *fn, const char *name)
{
	const char *dir = lua_tostring(L, SCRIPT_DIR);
	if (name[0] == '/')
		lua_pushstring(L, name);
	else
		lua_pushfstring(L, "%s/%s", dir, name);
	char *real = realpath(lua_tostring(L, -1), NULL);
	lua_pop(L, 1);
	if (!real) {
		lua_pushfstring(L, "cannot open %s", name);
		return NULL;
	}
	size_t n = strlen(dir);
	bool inside = strncmp(real, dir, n) == 0 && (real[n] == '/' || dir[n - 1] == '/');
	const char *path = inside ? lua_pushstring(L, real)
	                          : lua_pushfstring(L, "%s: %s is outside the script's directory "
	                                            "(%s); " UNSAFE_HINT, fn, name, dir);
	free(real);
	return inside ? path : NULL;
}

/* Text chunks only: a mode other than "t" asks for bytecode. */
static void check_mode(lua_State *L, int idx, const char *fn)
{
	const char *mode = luaL_optstring(L, idx, "t");
	if (strcmp(mode, "t") != 0)
		luaL_error(L, "%s: binary chunks (mode \"%s\") are not available in the sandbox; "
		           UNSAFE_HINT, fn, mode);
}

/* Load the script-directory file name as a text chunk: pushes the function, or nil and why. */
static int load_script_file(lua_State *L, const char *fn, const char *name)
{
	if (!script_file(L, fn, name)) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (luaL_loadfilex(L, lua_tostring(L, -1), "t") != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	return 1;
}

static const char *file_arg(lua_State *L, const char *fn)
{
	if (lua_isnoneornil(L, 1))
		luaL_error(L, "%s: reading standard input is not available in the sandbox; "
		           UNSAFE_HINT, fn);
	return luaL_checkstring(L, 1);
}

/* loadfile(name [, mode [, env]]) */
static int sandbox_loadfile(lua_State *L)
{
	const char *name = file_arg(L, "loadfile");
	check_mode(L, 2, "loadfile");
	int env = lua_isnone(L, 3) ? 0 : 3;
	if (load_script_file(L, "loadfile", name) != 1)
		return 2;
	if (env) {   /* as the standard loadfile: env becomes the chunk's _ENV */
		lua_pushvalue(L, env);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

/* dofile(name) */
static int sandbox_dofile(lua_State *L)
{
	const char *name = file_arg(L, "dofile");
	lua_settop(L, 1);
	if (load_script_file(L, "dofile", name) != 1)
		return lua_error(L);
	lua_call(L, 0, LUA_MULTRET);
	return lua_gettop(L) - 2;   /* above the name and the path */
}

/* load(chunk [, chunkname [, mode [, env]]]): the standard load (upvalue 1), text only. */
static int sandbox_load(lua_State *L)
{
	check_mode(L, 3, "load");
	int n = lua_gettop(L) < 4 ? 3 : 4;   /* an env given as nil is an env */
	lua_settop(L, n);
	lua_pushliteral(L, "t");
	lua_replace(L, 3);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* A module name: letters, digits, '_' and the dots that separate directories. */
static bool module_name(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s == '.' && s[1] != '.' && s[1])))
			return false;
	return true;
}

/*
 * require(name): a module loaded already (svsm, the libraries), one in
 * package.preload, or NAME.lua (dots are directories) in the script's
 * directory. package.path and package.cpath are not consulted.
 */
static int sandbox_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_settop(L, 1);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);   /* 2 */
	if (lua_getfield(L, 2, name) != LUA_TNIL && lua_toboolean(L, -1))
		return 1;
	lua_pop(L, 1);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);  /* 3 */
	if (lua_getfield(L, 3, name) == LUA_TFUNCTION) {            /* 4 */
		lua_pushliteral(L, ":preload:");
	} else {
		if (!module_name(name))
			return luaL_error(L, "require: module '%s' not found (the sandbox's require takes "
			                  "NAME or DIR.NAME, a file NAME.lua in the script's directory)",
			                  name);
		lua_pop(L, 1);
		luaL_gsub(L, name, ".", "/");
		lua_pushliteral(L, ".lua");
		lua_concat(L, 2);                                   /* 4: the relative path */
		if (load_script_file(L, "require", lua_tostring(L, 4)) != 1)
			return luaL_error(L, "require: module '%s' not found: %s (the sandbox's require "
			                  "looks only in the script's directory; " UNSAFE_HINT ")",
			                  name, lua_tostring(L, -1));
		lua_replace(L, 4);                                  /* 4: the chunk, 5: its path */
	}
	lua_pushvalue(L, 1);
	lua_insert(L, 5);
	lua_call(L, 2, 1);   /* loader(name, where) */
	if (!lua_isnil(L, -1))
		lua_setfield(L, 2, name);
	else
		lua_pop(L, 1);
	if (lua_getfield(L, 2, name) == LUA_TNIL) {   /* a module that returns nothing */
		lua_pushboolean(L, 1);
		lua_copy(L, -1, -2);
		lua_setfield(L, 2, name);
	}
	return 1;
}

/* io.write(...): strings and numbers to standard output, the only file a script writes. */
static int sandbox_write(lua_State *L)
{
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_checklstring(L, i, &len);
		if (fwrite(s, 1, len, stdout) != len)
			return luaL_error(L, "io.write: cannot write to standard output");
	}
	return 0;
}

/*
 * table.move(a1, f, e, t [, a2]): the standard one (upvalue 1), but not
 * over more elements than the script's memory could hold. Its loop is C,
 * which the instruction budget does not see: moving 10^15 nils would
 * never end.
 */
static int sandbox_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
	size_t most = memory_of(L)->limit / 16;   /* a value takes 16 bytes at least */
	if (e >= f && (lua_Unsigned)e - (lua_Unsigned)f >= most)
		return luaL_error(L, "table.move: %I elements are more than the script's memory "
		                  "could hold", (lua_Integer)((lua_Unsigned)e - (lua_Unsigned)f + 1));
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* --- opening ----------------------------------------------------------- */

static void set_loader(lua_State *L, const char *name, lua_CFunction fn)
{
	lua_pushvalue(L, -1);   /* the script's directory */
	lua_pushcclosure(L, fn, 1);
	lua_setglobal(L, name);
}

void sandbox_open(lua_State *L, const char *path, bool unsafe)
{
	if (unsafe) {
		luaL_openlibs(L);
		return;
	}
	for (size_t i = 0; i < sizeof(whole_libs) / sizeof(whole_libs[0]); i++) {
		luaL_requiref(L, whole_libs[i].name, whole_libs[i].open, 1);
		lua_pop(L, 1);
	}
	lua_getglobal(L, LUA_TABLIBNAME);
	lua_getfield(L, -1, "move");
	lua_pushcclosure(L, sandbox_move, 1);
	lua_setfield(L, -2, "move");
	lua_pop(L, 1);
	for (size_t i = 0; i < sizeof(partial_libs) / sizeof(partial_libs[0]); i++) {
		const struct partial *lib = &partial_libs[i];
		luaL_requiref(L, lib->name, lib->open, 1);
		cut(L, lib);
		if (lib->open == luaopen_io) {
			lua_pushcfunction(L, sandbox_write);
			lua_setfield(L, -2, "write");
		}
		lua_pop(L, 1);
	}

	/* The script's directory, resolved, for the loaders. */
	const char *slash = strrchr(path, '/');
	const char *dir = slash ? lua_pushlstring(L, path, slash == path ? 1 : (size_t)(slash - path))
	                        : lua_pushliteral(L, ".");
	char *real = realpath(dir, NULL);
	if (!real)
		luaL_error(L, "cannot find the directory of %s", path);
	lua_pushstring(L, real);
	free(real);
	set_loader(L, "loadfile", sandbox_loadfile);
	set_loader(L, "dofile", sandbox_dofile);
	set_loader(L, "require", sandbox_require);
	lua_getglobal(L, "load");
	lua_pushcclosure(L, sandbox_load, 1);
	lua_setglobal(L, "load");
	lua_pop(L, 2);
}
