/*
 * load_text.c: a Lua text chunk from a file, with a word about JSON.
 */
#include <ctype.h>
#include <stdio.h>

#include <lauxlib.h>

#include "load_text.h"

/* Whether the file's first character other than white space is '{'. */
static int begins_with_brace(const char *path)
{
	FILE *f = fopen(path, "r");
	int c = EOF;
	if (!f)
		return 0;
	do
		c = getc(f);
	while (c != EOF && isspace(c));
	fclose(f);
	return c == '{';
}

int load_text(lua_State *L, const char *path)
{
	int status = luaL_loadfilex(L, path, "t");
	if (status == LUA_ERRSYNTAX && begins_with_brace(path)) {
		lua_pop(L, 1);
		lua_pushfstring(L, "%s is JSON, not a Lua file: a counterexample's .json is for "
		                   "other tools; give svsmlab the .lua beside it", path);
	}
	return status;
}
