/*
 * test_lua_limits.c: what bounds a Lua chunk svsmlab runs: the memory
 * allocator (explorer/luadata/memory.c), how `svsmlab run` tells a trace file
 * (data) from a script without running it (trace_is_data_file), and the
 * machine's limits as its messages state them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <lauxlib.h>
#include <lualib.h>

#include "../../explorer/luadata/memory.h"
#include "../../explorer/luadata/trace_load.h"
#include "../../explorer/machine/machine.h"

#define MIB ((size_t)1 << 20)

/* Run text in a state bounded to limit bytes; returns the status, the message in msg. */
static int run_bounded(struct memory *m, size_t limit, const char *text, char *msg, size_t len)
{
	lua_State *L = memory_newstate(m, limit, "--memory MB allows more");
	assert_non_null(L);
	luaL_openlibs(L);
	int status = luaL_loadstring(L, text);
	if (status == LUA_OK)
		status = lua_pcall(L, 0, 0, 0);
	char buf[160];
	const char *oom = memory_error(L, status, lua_tostring(L, -1), buf, sizeof(buf));
	snprintf(msg, len, "%s", oom ? oom : status ? lua_tostring(L, -1) : "");
	assert_true(m->used <= m->limit);
	lua_close(L);
	return status;
}

static void a_state_past_its_limit_fails_with_a_clear_message(void **state)
{
	(void)state;
	struct memory m;
	char msg[200];
	assert_int_equal(run_bounded(&m, 4 * MIB, "local s = string.rep('x', 8 << 20)", msg,
	                             sizeof(msg)), LUA_ERRMEM);
	assert_true(m.refused);
	assert_string_equal(msg, "out of memory: its Lua data reached the limit of 4 MiB "
	                         "(--memory MB allows more)");
	assert_int_equal(m.used, 0);   /* closing the state gave every byte back */
	/* Under the limit, the same work is no error. */
	assert_int_equal(run_bounded(&m, 32 * MIB, "local s = string.rep('x', 8 << 20)", msg,
	                             sizeof(msg)), LUA_OK);
	assert_false(m.refused);
	assert_int_equal(m.used, 0);
}

/* Another error is not said to be out of memory, even after a refusal. */
static void only_a_refused_allocation_is_out_of_memory(void **state)
{
	(void)state;
	struct memory m;
	char msg[200];
	assert_int_equal(run_bounded(&m, 4 * MIB,
	                             "pcall(string.rep, 'x', 8 << 20) error('not enough memory?')",
	                             msg, sizeof(msg)), LUA_ERRRUN);
	assert_true(m.refused);
	assert_non_null(strstr(msg, "not enough memory?"));
}

/* lua_pcall'd: charge the integer argument, named "machine #1". */
static int charge(lua_State *L)
{
	memory_charge(L, (size_t)lua_tointeger(L, 1), "machine #1");
	return 0;
}

/* Was n charged since before? (Lua's own blocks, a few KiB, come and go meanwhile.) */
static bool charged(const struct memory *m, size_t before, size_t n)
{
	return m->used >= before + n && m->used < before + n + 64 * 1024;
}

static void charges_count_against_the_limit(void **state)
{
	(void)state;
	struct memory m;
	lua_State *L = memory_newstate(&m, 8 * MIB, "--memory MB allows more");
	assert_non_null(L);
	size_t before = m.used;
	lua_pushcfunction(L, charge);
	lua_pushinteger(L, 4 * (lua_Integer)MIB);
	assert_int_equal(lua_pcall(L, 1, 0, 0), LUA_OK);
	assert_true(charged(&m, before, 4 * MIB));
	/* Past the limit: an error that says so, and nothing charged. */
	lua_pushcfunction(L, charge);
	lua_pushinteger(L, 5 * (lua_Integer)MIB);
	assert_int_equal(lua_pcall(L, 1, 0, 0), LUA_ERRRUN);
	assert_string_equal(lua_tostring(L, -1), "machine #1: out of memory: the script's Lua data "
	                    "and machines would take more than its limit of 8 MiB (--memory MB "
	                    "allows more)");
	lua_pop(L, 1);
	assert_true(charged(&m, before, 4 * MIB));
	/* Credited back, the room is there again. */
	memory_credit(L, 4 * MIB);
	lua_pushcfunction(L, charge);
	lua_pushinteger(L, 5 * (lua_Integer)MIB);
	assert_int_equal(lua_pcall(L, 1, 0, 0), LUA_OK);
	memory_credit(L, 5 * MIB);
	lua_close(L);
	assert_int_equal(m.used, 0);
}

/* Is text, as a file, a trace file by its shape? */
static bool is_data(const char *text)
{
	char path[] = "/tmp/svsmlab-shape-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	bool data = trace_is_data_file(path);
	unlink(path);
	return data;
}

static void a_trace_file_is_told_from_a_script_by_its_shape(void **state)
{
	(void)state;
	assert_true(is_data("return { format = \"svsmlab-trace/1\", steps = {} }\n"));
	assert_true(is_data("-- svsmlab trace: replay with `svsmlab run FILE`\nreturn {\n"));
	assert_true(is_data("--[==[ a long ]] comment ]=] still\n]==] return{}"));
	assert_true(is_data("#!/usr/bin/env svsmlab\n\n  -- c\n\treturn\n-- between\n{"));
	assert_true(is_data("\xef\xbb\xbfreturn {}"));
	assert_true(is_data("--[[]]return {}"));
	assert_false(is_data("os.execute('x') return { format = \"svsmlab-trace/1\", steps = {} }"));
	assert_false(is_data("local steps = {}\nreturn { steps = steps }"));
	assert_false(is_data("return setmetatable({}, {})"));
	assert_false(is_data("returns {}"));
	assert_false(is_data("-- return {\nprint(1)"));
	assert_false(is_data("--[[ unclosed comment return {"));
	assert_false(is_data("- 1"));
	assert_false(is_data(""));
	assert_false(trace_is_data_file("/nonexistent/trace.lua"));
}

/* The machine's limits, as numbers: not the names of macros. */
static void the_machine_states_its_limits_as_numbers(void **state)
{
	(void)state;
	struct machine *m = malloc(sizeof(*m));
	assert_non_null(m);
	const char *why = NULL;
	assert_int_equal(machine_init(m, &(struct machine_config){ .pages = 2000 }, &why), -1);
	assert_string_equal(why, "too many pages (at most 1024)");
	assert_int_equal(machine_init(m, &(struct machine_config){ .pages = 8 }, &why), -1);
	assert_string_equal(why, "too few pages (at least 16)");
	assert_int_equal(machine_init(m, &(struct machine_config){ .vcpus = 9 }, &why), -1);
	assert_string_equal(why, "too many vCPUs (at most 8)");
	machine_free(m);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_state_past_its_limit_fails_with_a_clear_message),
		cmocka_unit_test(only_a_refused_allocation_is_out_of_memory),
		cmocka_unit_test(charges_count_against_the_limit),
		cmocka_unit_test(a_trace_file_is_told_from_a_script_by_its_shape),
		cmocka_unit_test(the_machine_states_its_limits_as_numbers),
	};
	return cmocka_run_group_tests(tests, 0, NULL);
}
