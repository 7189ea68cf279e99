/*
 * trace_load.h: reading a trace file (docs/traces.md).
 *
 * A trace file is a Lua chunk that returns
 *   { format = "svsmlab-trace/1", machine = {...}, steps = {...}, expect = {...} }
 * Every field is checked: an unknown actor or action, a missing or
 * mistyped field or a bad size is an error that names the step.
 */
#ifndef LUADATA_TRACE_LOAD_H
#define LUADATA_TRACE_LOAD_H

#include <lua.h>

#include "../trace/trace.h"

/*
 * Run the file (with no library at all: it is data; with bounded
 * instructions and memory) and convert what it returns. t is
 * overwritten. 0, or -1 with a message in err and t empty.
 */
int trace_load(const char *path, struct trace *t, char *err, size_t errlen);
/* The same for a table already on the stack at idx (`svsmlab run` of a trace file). */
int trace_from_lua(lua_State *L, int idx, struct trace *t, char *err, size_t errlen);
/* Is the value at idx a trace (a table with a `format` field)? Runs no metamethod. */
bool trace_is_table(lua_State *L, int idx);
/*
 * Is the file shaped like a trace file: after comments, `return {`? Every
 * trace svsmlab writes is. `svsmlab run` reads such a file as data with
 * trace_load(), and any other as a script. Reads only the file's head,
 * and only of a regular file (a pipe is read once, by the script loader).
 */
bool trace_is_data_file(const char *path);

#endif
