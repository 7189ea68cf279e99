/*
 * test_dot.c: the Graphviz output. A counterexample drawn as a sequence
 * diagram has a lane per actor and its violation in red; the state graph
 * of a search has the start and the counterexample's path in red; and
 * Graphviz's dot accepts both.
 */
#include <unistd.h>

#include "check_fixture.h"
#include "../../explorer/dot/dot.h"

/* The counterexample of bug 5: guest, module and hypervisor all act in it. */
static void cf_lost_counterexample(struct check_result *r, const struct check_options *o)
{
	struct trace t;
	load_scenario("pvalidate-cf-lost", true, &t);
	search(&t, o, r);
	trace_free(&t);
	assert_true(r->found);
}

/* Graphviz's dot lays text out as format into path; does it succeed? */
static bool graphviz(const char *text, const char *format, const char *path)
{
	char err[128];
	pid_t pid;
	FILE *pipe = dot_pipe_open(format, path, &pid, err, sizeof(err));
	if (!pipe)
		fail_msg("%s", err);
	fputs(text, pipe);
	return dot_pipe_close(pipe, pid, err, sizeof(err)) == 0;
}

/* Does Graphviz's dot read this DOT text without complaint? */
static bool graphviz_accepts(const char *text)
{
	return graphviz(text, "svg", "/dev/null");
}

static char *sequence_of(const struct trace *t)
{
	char *text = NULL, err[128];
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	assert_int_equal(dot_sequence(out, t, err, sizeof(err)), 0);
	fclose(out);
	return text;
}

static void a_counterexample_is_a_sequence_diagram(void **state)
{
	(void)state;
	struct check_options o = test_bounds();
	struct check_result r;
	cf_lost_counterexample(&r, &o);
	char *text = sequence_of(&r.counterexample);
	assert_non_null(strstr(text, "digraph trace"));
	assert_non_null(strstr(text, "label=\"guest vCPU 0\""));
	assert_non_null(strstr(text, "label=\"module CPU 0\""));
	assert_non_null(strstr(text, "label=\"hypervisor\""));
	assert_non_null(strstr(text, "rmpupdate"));                /* the hypervisor's move */
	assert_non_null(strstr(text, "color=red"));                /* the violation */
	assert_non_null(strstr(text, "pvalidate-reports-unchanged"));
	assert_non_null(strstr(text, "validate.c:"));              /* the module's call sites */
	assert_true(graphviz_accepts(text));
	free(text);
	check_result_free(&r);
}

/*
 * Laid out by Graphviz (`dot -Tplain`: "node NAME X Y ..."), every cell
 * of column C (an event, a note or a placeholder, named cCsK) sits at the
 * x of its column's head hC: no box drifts out of its lane. Returns how
 * many event cells were checked.
 */
static unsigned cells_under_heads(const char *text)
{
	char path[] = "/tmp/svsmlab-test-dot-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_true(graphviz(text, "plain", path));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	double head[64] = { 0 };
	struct cell { unsigned col; double x; } cell[4096];
	unsigned ncells = 0, col, step;
	char line[1024], name[64];
	double x;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "node %63s %lf", name, &x) == 2) {
			if (sscanf(name, "h%u", &col) == 1 && col < 64)
				head[col] = x;
			else if (sscanf(name, "c%us%u", &col, &step) == 2 && ncells < 4096)
				cell[ncells++] = (struct cell){ col, x };
		}
	fclose(f);
	unlink(path);
	for (unsigned i = 0; i < ncells; i++)
		if (cell[i].col >= 64 || head[cell[i].col] == 0 ||
		    cell[i].x < head[cell[i].col] - 0.01 || cell[i].x > head[cell[i].col] + 0.01)
			fail_msg("a cell of column %u is at x=%.2f, its head at x=%.2f", cell[i].col,
			         cell[i].x, cell[i].col < 64 ? head[cell[i].col] : -1.0);
	return ncells;
}

/* Bug 5's counterexample: guest, module, hypervisor and a note, each straight under its head. */
static void every_event_sits_under_its_lane(void **state)
{
	(void)state;
	struct check_options o = test_bounds();
	struct check_result r;
	cf_lost_counterexample(&r, &o);
	char *text = sequence_of(&r.counterexample);
	assert_non_null(strstr(text, "legend"));
	assert_non_null(strstr(text, "red box: an event on which a check failed"));
	assert_true(cells_under_heads(text) > 20);
	free(text);
	check_result_free(&r);
}

/* A trace without a violation is drawn without red. */
static void a_clean_run_has_no_red(void **state)
{
	(void)state;
	struct trace t;
	load_scenario("pvalidate-cf-lost", false, &t);
	/* The scenario's last step, the guest collecting its answer, needs the module's steps first. */
	assert_int_equal(t.steps[t.n - 1].action, T_FINISH);
	t.n--;
	char *text = sequence_of(&t);
	assert_null(strstr(text, "red"));          /* the legend too: no line about red */
	assert_null(strstr(text, "hypervisor"));   /* no lane for an actor that never acts */
	assert_non_null(strstr(text, "gray arrow: the next event"));
	assert_true(graphviz_accepts(text));
	free(text);
	trace_free(&t);
}

/*
 * A trace with a step that cannot happen does not replay (`svsmlab run`
 * refuses it): no diagram of its beginning is drawn, and the error names
 * the step.
 */
static void a_step_that_cannot_happen_draws_nothing(void **state)
{
	(void)state;
	struct trace t;
	load_scenario("pvalidate-cf-lost", false, &t);
	struct trace_step stray = { .action = T_STEP, .vcpu = 0 };   /* no call in flight after it */
	for (int i = 0; i < 64; i++)
		assert_int_equal(trace_push(&t, &stray), 0);
	char *text = NULL, err[128] = "";
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	assert_int_equal(dot_sequence(out, &t, err, sizeof(err)), -1);
	fclose(out);
	assert_int_equal(size, 0);
	assert_non_null(strstr(err, "cannot happen"));
	free(text);
	trace_free(&t);
}

/* The DOT text of bug 5's search, the graph keeping at most max_edges moves. */
static char *state_graph_of_search(size_t max_edges)
{
	struct state_graph *g = state_graph_new(max_edges);
	assert_non_null(g);
	struct check_options o = test_bounds();
	o.on_edge = state_graph_edge;
	o.edge_arg = g;
	struct check_result r;
	cf_lost_counterexample(&r, &o);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	state_graph_write(out, g, r.path, r.npath);
	fclose(out);
	check_result_free(&r);
	state_graph_free(g);
	return text;
}

static void the_state_graph_shows_the_path_to_the_violation(void **state)
{
	(void)state;
	char *text = state_graph_of_search(1000);
	assert_non_null(strstr(text, "digraph states"));
	assert_non_null(strstr(text, "label=\"start\""));
	assert_non_null(strstr(text, "[label=\"hv "));          /* edges: the hypervisor's moves */
	assert_non_null(strstr(text, "color=red"));
	assert_null(strstr(text, "(not kept)"));                 /* the whole path was kept */
	assert_true(graphviz_accepts(text));
	free(text);
}

/* Past its limit the graph counts what it drops, and still draws the path. */
static void a_full_graph_says_what_it_dropped(void **state)
{
	(void)state;
	char *text = state_graph_of_search(3);
	assert_non_null(strstr(text, "more moves not drawn"));
	assert_non_null(strstr(text, "(not kept)"));
	assert_true(graphviz_accepts(text));
	free(text);
}

static void graphviz_failures_are_reported(void **state)
{
	(void)state;
	assert_false(graphviz_accepts("this is not DOT {"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_counterexample_is_a_sequence_diagram),
		cmocka_unit_test(every_event_sits_under_its_lane),
		cmocka_unit_test(a_clean_run_has_no_red),
		cmocka_unit_test(a_step_that_cannot_happen_draws_nothing),
		cmocka_unit_test(the_state_graph_shows_the_path_to_the_violation),
		cmocka_unit_test(a_full_graph_says_what_it_dropped),
		cmocka_unit_test(graphviz_failures_are_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
