/*
 * run.c: `svsmlab run FILE.lua [options]` (the options: run_command below).
 *
 * FILE is a trace file or a script. A trace file (after its comments it
 * says `return {`, as every trace svsmlab writes) is data: it is read
 * with no library at all (trace_load), never run as a script. Anything
 * else is a script: it runs in the sandbox (sandbox.c) with bounded
 * instructions and memory, and every call into Lua, the script's and
 * ours, is under lua_pcall. A script may still return a trace table
 * (one it generated), which is replayed like a trace file. A trace is
 * replayed on a fresh machine, and what it expects is checked.
 *
 * Exit status: 0 every expectation held and no check fired that the
 * script did not expect (for a trace: its expected violation fired, or
 * none was expected and none fired); 1 a check fired unexpectedly or an
 * expectation failed; 2 a usage error, or an error in the script (with
 * its traceback), or a trace that is malformed or does not replay.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

#include "run.h"
#include "bindings.h"
#include "../luadata/memory.h"
#include "sandbox.h"
#include "../luadata/load_text.h"
#include "../luadata/trace_load.h"
#include "../cli/commands.h"
#include "../ghost/ghost.h"

#define EXIT_CHECK 1

#define DEFAULT_BUDGET 10000000LL
/* The budget is counted in slices of this many instructions (one hook call each). */
#define SLICE 1000

/* --memory's largest value, in MiB (1 TiB): past it, the limit means nothing. */
#define MEMORY_MAX_MB (1 << 20)

struct options {
	const char *file;
	bool trace;
	const char *json, *save;
	long long budget;
	long long memory;        /* MiB */
	bool unsafe;
};

enum { TRACE, JSON, SAVE, BUDGET, MEMORY, UNSAFE };

static const struct cli_option options[] = {
	[TRACE] = { "--trace", NULL, "print every event as it happens, one line each" },
	[JSON] = { "--json", "OUT", "write the run's trace as JSON", CLI_FILE },
	[SAVE] = { "--save", "OUT.lua",
	           "write the run's trace as a trace file that replays it", CLI_FILE },
	[BUDGET] = { "--budget", "N", "Lua instructions the script may run (default 10000000)" },
	[MEMORY] = { "--memory", "MB", "MiB of memory the script may use, machines included (default 512)" },
	[UNSAFE] = { "--unsafe", NULL, "lift the sandbox: full Lua, files and programs (docs/lua.md)" },
	{ NULL },
};

const struct cli_command run_command = {
	.name = "run",
	.operands = "FILE.lua",
	.operand = CLI_FILE,
	.summary = "run a Lua scenario, or replay a trace file (docs/lua.md)",
	.options = options,
	.notes = "Exit status: 0 every expectation held, 1 a check fired unexpectedly or an\n"
	         "expectation failed, 2 a usage error, a script error, or a trace that does\n"
	         "not replay, 3 an output could not be written.",
	.run = cmd_run,
};

static int parse_options(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->budget = DEFAULT_BUDGET;
	o->memory = MEMORY_DEFAULT_MB;
	for (int i = 0; i < argc; i++) {
		const char *val;
		unsigned long long n;
		switch (cli_next(&run_command, argc, argv, &i, &val)) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_OPERAND:
			if (o->file)
				return cli_usage("run", "one file at a time, not also '%s'", val);
			o->file = val;
			break;
		case TRACE:
			o->trace = true;
			break;
		case JSON:
			o->json = val;
			break;
		case SAVE:
			o->save = val;
			break;
		case BUDGET:
			if (!cli_number(val, LLONG_MAX, &n) || n == 0)
				return cli_usage("run", "--budget takes a positive number of instructions, "
				                 "not '%s'", val);
			o->budget = (long long)n;
			break;
		case MEMORY:
			if (!cli_number(val, MEMORY_MAX_MB, &n) || n == 0)
				return cli_usage("run", "--memory takes a number of MiB from 1 to %d, not '%s'",
				                 MEMORY_MAX_MB, val);
			o->memory = (long long)n;
			break;
		case UNSAFE:
			o->unsafe = true;
			break;
		}
	}
	if (!o->file)
		return cli_usage("run", "a FILE.lua is needed");
	return 0;
}

/* --- the instruction budget -------------------------------------------------- */

static const char budget_key = 'b';

struct budget {
	long long limit, used;
	int slice;               /* the count hook runs every slice instructions */
};

/*
 * Once spent, the budget stays spent: the hook then fires at every
 * instruction, so a script that catches the error with pcall is stopped
 * again at once.
 */
static void count(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &budget_key);
	struct budget *b = lua_touserdata(L, -1);
	lua_pop(L, 1);
	b->used += b->slice;
	if (b->used < b->limit)
		return;
	b->slice = 1;
	lua_sethook(L, count, LUA_MASKCOUNT, 1);
	luaL_error(L, "the script ran out of its instruction budget (%I Lua instructions): "
	           "a runaway loop? (--budget N allows more)", (lua_Integer)b->limit);
}

static void set_budget(lua_State *L, struct budget *b, long long limit)
{
	b->limit = limit;
	b->used = 0;
	b->slice = limit < SLICE ? (int)limit : SLICE;
	lua_pushlightuserdata(L, b);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &budget_key);
	lua_sethook(L, count, LUA_MASKCOUNT, b->slice);
}

/* --- writing the trace out --------------------------------------------------- */

static int write_file(const char *path, const struct trace *t, bool json)
{
	if (trace_save(t, path, json) == 0)
		return 0;
	fprintf(stderr, "svsmlab run: cannot write %s: %s\n", path, strerror(errno));
	return -1;
}

static int write_outputs(const struct options *o, const struct trace *t)
{
	if (o->json && write_file(o->json, t, true) != 0)
		return -1;
	if (o->save && write_file(o->save, t, false) != 0)
		return -1;
	return 0;
}

/* --- a trace file ---------------------------------------------------------- */

static int replay(const struct options *o, struct trace *t)
{
	struct world *w = malloc(sizeof(*w));
	if (!w) {
		fprintf(stderr, "svsmlab run: out of memory\n");
		return EXIT_USAGE;
	}
	world_init(w, &t->cfg, t->vcpus);
	w->echo = o->trace ? stdout : NULL;
	memcpy(w->t.expect, t->expect, sizeof(w->t.expect));
	const char *why = NULL;
	int rc = EXIT_USAGE;
	if (world_boot(w, &why) != 0) {
		fprintf(stderr, "svsmlab run: %s: the trace's machine cannot boot: %s\n", o->file, why);
		goto out;
	}
	if (w->echo)
		fprintf(w->echo, "----- replaying %s: %zu steps\n", o->file, t->n);
	for (size_t i = 0; i < t->n; i++) {
		char msg[160];
		if (world_do(w, &t->steps[i], msg, sizeof(msg)) != 0) {
			fprintf(stderr, "svsmlab run: %s: step %zu (%s %s) does not replay: %s\n", o->file,
			        i + 1, trace_actor(t->steps[i].action),
			        trace_action_name(t->steps[i].action), msg);
			goto out;
		}
	}
	const struct sim *s = &w->s;
	unsigned fired = record_fired(&s->rec, t->expect);
	if (s->rec.nviolations) {
		printf("\n");
		report_all(stdout, &s->rec);
	}
	if (write_outputs(o, &w->t) != 0)
		goto out;
	if (t->expect[0] && fired) {
		printf("result: ok: %zu steps replayed; the expected violation %s fired\n", t->n,
		       t->expect);
		rc = 0;
	} else if (t->expect[0]) {
		printf("result: FAILED: %zu steps replayed; the expected violation %s did not fire\n",
		       t->n, t->expect);
		rc = EXIT_CHECK;
	} else {
		printf("result: %s: %zu steps replayed; %u check(s) fired\n",
		       s->rec.nviolations ? "FAILED" : "ok", t->n, s->rec.nviolations);
		rc = s->rec.nviolations ? EXIT_CHECK : 0;
	}
out:
	world_free(w);
	free(w);
	return rc;
}

/* --- a script -------------------------------------------------------------- */

/*
 * The machine whose trace --save and --json write: the first one a check
 * fired on, else the last one booted.
 */
static struct lmachine *machine_to_save(lua_State *L, const struct svsm_run *run)
{
	for (unsigned id = 1; id <= run->machines; id++) {
		struct lmachine *lm = lmachine_find(L, id);
		if (lm && lm->w->booted && lm->w->s.rec.nviolations)
			return lm;
	}
	return lmachine_last_booted(L);
}

/*
 * Report every machine's violations; returns how many the script did not
 * expect. Machines collected during the run had none (those a check fired
 * on are kept), except one a finalizer drove: run->lost counts those.
 */
static unsigned report_machines(lua_State *L, const struct svsm_run *run)
{
	unsigned unexpected = run->lost;
	for (unsigned id = 1; id <= run->machines; id++) {
		struct lmachine *lm = lmachine_find(L, id);
		if (!lm || !lm->w->booted || lm->w->s.rec.nviolations == 0)
			continue;
		char bugs[256];
		unsigned u = lmachine_unexpected(lm);
		printf("\n=== machine #%u (bugs: %s): %u violation(s), %u of them expected ===\n\n",
		       lm->id, bugs_text(lm->w->t.cfg.bugs, bugs, sizeof(bugs)), lm->w->s.rec.nviolations,
		       lm->w->s.rec.nviolations - u);
		report_all(stdout, &lm->w->s.rec);
		unexpected += u;
	}
	return unexpected;
}

static int finish_script(lua_State *L, const struct options *o, const struct svsm_run *run)
{
	unsigned unexpected = report_machines(L, run);
	if (o->json || o->save) {
		struct lmachine *lm = machine_to_save(L, run);
		if (!lm) {
			fprintf(stderr, "svsmlab run: %s booted no machine: no trace to write\n", o->file);
			return EXIT_USAGE;
		}
		lmachine_expect_what_happened(lm);   /* it replays to the same violation */
		if (write_outputs(o, &lm->w->t) != 0)
			return EXIT_USAGE;
	}
	bool ok = run->failed == 0 && unexpected == 0;
	printf("result: %s: %u of %u expectation(s) held; %u unexpected violation(s)\n",
	       ok ? "ok" : "FAILED", run->expectations - run->failed, run->expectations, unexpected);
	return ok ? 0 : EXIT_CHECK;
}

/* An error's text: out of memory said as such, and an error object that is no string. */
static const char *error_text(lua_State *L, int status, char *buf, size_t len)
{
	const char *msg = lua_tostring(L, -1);
	const char *oom = memory_error(L, status, msg, buf, len);
	return oom ? oom : msg ? msg : "(the error object is not a string)";
}

/* What run_script() needs, and its exit status. */
struct job {
	const struct options *o;
	struct svsm_run run;
	struct budget budget;
	int rc;
};

/* The whole run of a script, lua_pcall'd with the job: no call into Lua goes unprotected. */
static int run_script(lua_State *L)
{
	struct job *j = lua_touserdata(L, 1);
	const struct options *o = j->o;
	char buf[160];
	lua_pushcfunction(L, traceback_handler);
	if (load_text(L, o->file) != LUA_OK) {
		fprintf(stderr, "svsmlab run: %s\n", error_text(L, LUA_OK, buf, sizeof(buf)));
		return 0;
	}
	/* The chunk's _ENV is the table of globals, which these fill. */
	sandbox_open(L, o->file, o->unsafe);
	lsvsm_open(L, &j->run);
	set_budget(L, &j->budget, o->budget);
	int status = lua_pcall(L, 0, 1, -2);
	if (status != LUA_OK) {
		fflush(stdout);
		fprintf(stderr, "svsmlab run: error: %s\n", error_text(L, status, buf, sizeof(buf)));
		return 0;
	}
	if (!trace_is_table(L, -1)) {
		j->rc = finish_script(L, o, &j->run);
		return 0;
	}
	struct trace t;
	char err[400];
	if (trace_from_lua(L, -1, &t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab run: %s: %s\n", o->file, err);
		return 0;
	}
	j->rc = replay(o, &t);
	trace_free(&t);
	return 0;
}

static int script(const struct options *o)
{
	struct memory mem;
	lua_State *L = memory_newstate(&mem, (size_t)o->memory << 20, "--memory MB allows more");
	if (!L) {
		fprintf(stderr, "svsmlab run: out of memory\n");
		return EXIT_USAGE;
	}
	struct job j = { .o = o, .rc = EXIT_USAGE };
	j.run.echo = o->trace ? stdout : NULL;
	j.run.unsafe = o->unsafe;
	lua_pushcfunction(L, run_script);
	lua_pushlightuserdata(L, &j);
	int status = lua_pcall(L, 1, 0, 0);
	if (status != LUA_OK) {
		char buf[160];
		fflush(stdout);
		fprintf(stderr, "svsmlab run: %s: %s\n", o->file, error_text(L, status, buf, sizeof(buf)));
		j.rc = EXIT_USAGE;
	}
	lua_close(L);
	return j.rc;
}

/* A trace file is data: read with no library, as dot, explore and check read it. */
static int trace_file(const struct options *o)
{
	struct trace t;
	char err[400];
	if (trace_load(o->file, &t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab run: %s\n", err);
		return EXIT_USAGE;
	}
	int rc = replay(o, &t);
	trace_free(&t);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, &o) != 0)
		return EXIT_USAGE;
	return trace_is_data_file(o.file) ? trace_file(&o) : script(&o);
}
