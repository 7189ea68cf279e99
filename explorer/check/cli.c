/*
 * cli.c: `svsmlab check FILE [options]`.
 *
 * Loads a scenario (a trace file of guest steps), searches it, and when a
 * check fails writes the execution as a trace file, loads that file back
 * and replays it on a fresh machine: the counterexample is reported as
 * found only together with whether the file really shows it.
 *
 * Exit status: 0 no violation within the bounds, 1 one was found, 2 a
 * usage error or a file that is not a scenario, 3 an output could not be
 * written (then no verdict is given on the counterexample).
 */
#include <errno.h>
#include <string.h>

#include "engine.h"
#include "../catalog/catalog.h"
#include "../cli/commands.h"
#include "../cli/interrupt.h"
#include "../cli/output.h"
#include "../dot/dot.h"
#include "../luadata/trace_load.h"

#define GRAPH_MAX_EDGES 20000

struct cli {
	const char *file, *out, *graph;
	bool json, quiet, bugs_given;
	uint32_t bugs;
	struct check_options o;
};

enum { DEPTH, HV_ACTIONS, PREEMPTIONS, BUG, PAGE, ALL, OUT, JSON, GRAPH, MAX_EXECUTIONS,
       NO_POR, NO_HASHING, QUIET };

static const struct cli_option options[] = {
	[DEPTH] = { "--depth", "N|unbounded", "steps per execution, of any actor (default 80)" },
	[HV_ACTIONS] = { "--hv-actions", "N|unbounded",
	                 "hypervisor moves per execution (default 1)" },
	[PREEMPTIONS] = { "--preemptions", "N|unbounded",
	                  "switches away from a vCPU that could go on (default unbounded)" },
	[BUG] = { "--bug", "NAME[,NAME...]|none",
	          "the catalog bugs to switch on instead of the file's", CLI_LIST, cli_bug_value },
	[PAGE] = { "--page", "GPA", "add a guest page to the hypervisor's scope (up to 8 times)" },
	[ALL] = { "--all", NULL,
	          "go on after a violation; count the executions that end on each clause" },
	[OUT] = { "--out", "FILE.lua",
	          "where the counterexample goes (default counterexample.lua)", CLI_FILE },
	[JSON] = { "--json", NULL, "also write it as JSON, beside it" },
	[GRAPH] = { "--graph", "FILE.dot", "write the explored state graph as DOT", CLI_FILE },
	[MAX_EXECUTIONS] = { "--max-executions", "N",
	                     "stop after N executions (the search is then incomplete)" },
	[NO_POR] = { "--no-por", NULL, "no partial-order reduction" },
	[NO_HASHING] = { "--no-hashing", NULL, "no state hashing" },
	[QUIET] = { "--quiet", NULL, "no progress line" },
	{ NULL },
};

/* A bound: a number, or "unbounded". */
static int parse_bound(const char *opt, const char *s, unsigned *bound)
{
	unsigned long long v = CHECK_UNBOUNDED;
	if (strcmp(s, "unbounded") != 0 && !cli_number(s, CHECK_UNBOUNDED, &v))
		return cli_usage("check", "%s takes a number or \"unbounded\", not '%s'", opt, s);
	*bound = (unsigned)v;
	return 0;
}

static int parse_option(struct cli *c, int argc, char **argv, int *i)
{
	struct check_options *o = &c->o;
	const char *val;
	unsigned long long n;
	int k = cli_next(&check_command, argc, argv, i, &val);
	switch (k) {
	case CLI_ERROR:
		return EXIT_USAGE;
	case CLI_OPERAND:
		if (c->file)
			return cli_usage("check", "one scenario at a time, not also '%s'", val);
		c->file = val;
		return 0;
	case DEPTH: return parse_bound(options[k].name, val, &o->depth);
	case HV_ACTIONS: return parse_bound(options[k].name, val, &o->hv_actions);
	case PREEMPTIONS: return parse_bound(options[k].name, val, &o->preemptions);
	case BUG:
		c->bugs_given = true;
		c->bugs = 0;
		return cli_bugs("check", val, &c->bugs);
	case PAGE:
		if (!cli_number(val, UINT64_MAX, &n) || o->nextra == CHECK_MAX_EXTRA_PAGES)
			return cli_usage("check",
			                 "--page takes a guest-physical address (at most 8), not '%s'", val);
		o->extra_pages[o->nextra++] = n;
		return 0;
	case ALL: o->all = true; return 0;
	case OUT: c->out = val; return 0;
	case JSON: c->json = true; return 0;
	case GRAPH: c->graph = val; return 0;
	case MAX_EXECUTIONS:
		if (!cli_number(val, ULONG_MAX, &n))
			return cli_usage("check", "--max-executions takes a number, not '%s'", val);
		o->max_executions = (unsigned long)n;
		return 0;
	case NO_POR: o->no_por = true; return 0;
	case NO_HASHING: o->no_hashing = true; return 0;
	case QUIET: c->quiet = true; return 0;
	}
	return 0;
}

const struct cli_command check_command = {
	.name = "check",
	.operands = "FILE",
	.operand = CLI_FILE,
	.summary = "search every interleaving of a guest-only scenario (docs/check.md)",
	.options = options,
	.notes = "Exit status: 0 no violation within the bounds, 1 one was found, 2 a usage\n"
	         "error or a file that is not a scenario, 3 an output could not be written,\n"
	         "130 interrupted (Ctrl-C).",
	.run = check_main,
};

static void describe_bound(FILE *out, const char *name, unsigned v)
{
	if (v == CHECK_UNBOUNDED)
		fprintf(out, "%s unbounded", name);
	else
		fprintf(out, "%s %u", name, v);
}

static void print_header(const struct cli *c, const struct trace *t)
{
	printf("check: %s, %u vCPU%s, ", c->file, t->vcpus ? t->vcpus : 1,
	       t->vcpus > 1 ? "s" : "");
	char names[256];
	catalog_names(t->cfg.bugs, names, sizeof(names));
	printf(t->cfg.bugs ? "bugs: %s" : "the correct module", names);
	fputs("\nbounds: ", stdout);
	describe_bound(stdout, "depth", c->o.depth);
	describe_bound(stdout, ", hv-actions", c->o.hv_actions);
	describe_bound(stdout, ", preemptions", c->o.preemptions);
	printf("%s%s\n", c->o.no_por ? ", no partial-order reduction" : "",
	       c->o.no_hashing ? ", no state hashing" : "");
}

static void print_summary(const struct check_result *r, bool all)
{
	printf("scope: %u guest page%s, %u hypervisor move%s\n", r->scope_pages,
	       r->scope_pages == 1 ? "" : "s", r->scope_moves, r->scope_moves == 1 ? "" : "s");
	printf("searched: %lu executions, %lu states, %.2f s (%.0f executions/s); cut: %lu states "
	       "seen before, %lu only reorderings\n", r->executions, r->states, r->seconds,
	       r->seconds > 0 ? (double)r->executions / r->seconds : 0.0, r->pruned_seen,
	       r->pruned_sleep);
	if (r->cut_depth)
		printf("note: %lu executions reached the depth bound; --depth N looks further\n",
		       r->cut_depth);
	if (r->stopped)
		printf("note: stopped after --max-executions: the search is not complete\n");
	for (unsigned i = 0; all && i < r->nclauses; i++)
		printf("  %-28s %lu executions\n", r->clauses[i].clause, r->clauses[i].executions);
}

static int write_trace(const char *path, const struct trace *t, bool json)
{
	if (trace_save(t, path, json) == 0)
		return 0;
	fprintf(stderr, "svsmlab check: cannot write %s: %s (the counterexample is not saved: "
	        "nothing to replay)\n", path, strerror(errno));
	return EXIT_IO;
}

static void count_steps(const struct trace *t, unsigned n[3])
{
	n[0] = n[1] = n[2] = 0;
	for (size_t i = 0; i < t->n; i++) {
		const char *actor = trace_actor(t->steps[i].action);
		n[strcmp(actor, "guest") == 0 ? 0 : strcmp(actor, "module") == 0 ? 1 : 2]++;
	}
}

/*
 * The search is depth first: the execution it stops at is the first it
 * met, not the shortest. The search is made again one move tighter
 * (check_shortest) until none fails the clause in fewer moves, and then
 * the shortest is shrunk by replay (check_shrink): a step it does not
 * need goes (half of a two-step move, say), and its moves' values are
 * made readable.
 */
static int shorten(const struct cli *c, const struct trace *scenario, struct check_result *r)
{
	struct check_deepening d;
	char err[256];
	if (check_shortest(scenario, &c->o, r, &d, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab check: %s: %s\n", c->file, err);
		return EXIT_USAGE;
	}
	if (d.searches)
		printf("shortest: %u -> %u search steps; %s within depth %u (%u search%s more, %lu "
		       "executions)\n", d.moves_before, d.moves_after,
		       d.shortest ? "none fails" : "not proven shortest: the last search was cut",
		       d.depth_without, d.searches, d.searches == 1 ? "" : "es", d.executions);
	struct shrink_stats st;
	if (check_shrink(&r->counterexample, SHRINK_STEPS, &st, err, sizeof(err)) != 0) {
		printf("not shrunk: %s\n", err);
		return 0;
	}
	shrink_print(stdout, "", &st);
	return 0;
}

static int report_found(const struct cli *c, const struct trace *scenario,
                        struct check_result *r)
{
	const char *out = c->out ? c->out : "counterexample.lua";
	printf("found: %s\n", r->clause);
	int status = shorten(c, scenario, r);
	if (status != 0)
		return status;
	putchar('\n');
	if (write_trace(out, &r->counterexample, false) != 0)
		return EXIT_IO;
	if (c->json) {
		char json[4096];
		trace_json_name(out, json, sizeof(json));
		if (write_trace(json, &r->counterexample, true) != 0)
			return EXIT_IO;
		printf("(also as JSON: %s)\n", json);
	}
	char why[256];
	bool proven = check_replay_file(out, stdout, NULL, why, sizeof(why));
	unsigned n[3];
	count_steps(&r->counterexample, n);
	printf("\ncounterexample: %s, %zu steps (guest %u, module %u, hypervisor %u)\n", out,
	       r->counterexample.n, n[0], n[1], n[2]);
	if (proven) {
		printf("proven by replay: a fresh machine running %s fails %s\n", out, r->clause);
	} else {
		printf("WARNING: NOT PROVEN: replaying %s does not show %s: %s\n", out, r->clause, why);
		fprintf(stderr, "svsmlab check: WARNING: the counterexample does not replay: %s\n",
		        why);
	}
	printf("replay it with: svsmlab run %s\n", out);
	return EXIT_FOUND;
}

static int write_graph(const struct cli *c, const struct state_graph *g,
                       const struct check_result *r)
{
	FILE *f = output_open(c->graph);
	if (f) {
		state_graph_write(f, g, r->path, r->npath);
		if (output_close(f) == 0) {
			printf("state graph: %s (draw it with: dot -Tsvg %s -o states.svg)\n", c->graph,
			       c->graph);
			return 0;
		}
	}
	fprintf(stderr, "svsmlab check: cannot write %s: %s\n", c->graph, strerror(errno));
	return EXIT_IO;
}

/* Before the search: the options, and the files it will write (output.h). */
static int check_outputs(const struct cli *c)
{
	char err[256];
	if (check_options_check(&c->o, err, sizeof(err)) != 0)
		return cli_usage("check", "%s", err);
	int rc = c->out ? trace_outputs_usable("check", c->out, c->json, false)
	                : trace_outputs_usable("check", "counterexample.lua", c->json, true);
	if (rc == 0)
		rc = output_not_input("check", c->out ? c->out : "counterexample.lua", c->file);
	if (rc == 0 && c->graph)
		rc = output_usable("check", c->graph);
	return rc;
}

int check_main(int argc, char **argv)
{
	struct cli c = { 0 };
	check_defaults(&c.o);
	for (int i = 0; i < argc; i++) {
		int rc = parse_option(&c, argc, argv, &i);
		if (rc != 0)
			return rc;
	}
	if (!c.file)
		return cli_usage("check", "a scenario FILE is needed");
	int status = check_outputs(&c);
	if (status != 0)
		return status;
	struct trace t;
	char err[256];
	if (trace_load(c.file, &t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab check: %s\n", err);
		return EXIT_USAGE;
	}
	if (c.bugs_given)
		t.cfg.bugs = c.bugs;
	interrupt_catch("check");
	c.o.progress = c.quiet ? NULL : stderr;
	struct state_graph *g = NULL;
	if (c.graph) {
		g = state_graph_new(GRAPH_MAX_EDGES);
		c.o.on_edge = g ? state_graph_edge : NULL;
		c.o.edge_arg = g;
	}
	print_header(&c, &t);
	fflush(stdout);
	struct check_result r;
	if (check_run(&t, &c.o, &r, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab check: %s: %s\n", c.file, err);
		status = EXIT_USAGE;
	} else {
		print_summary(&r, c.o.all);
		if (g)
			status = write_graph(&c, g, &r);
		if (status == 0 && r.found)
			status = report_found(&c, &t, &r);
		else if (status == 0)
			printf("no violation within the bounds\n");
	}
	check_result_free(&r);
	state_graph_free(g);
	trace_free(&t);
	return status;
}
