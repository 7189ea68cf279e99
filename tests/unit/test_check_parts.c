/*
 * test_check_parts.c: the parts of the search, each on its own: what a
 * scenario may say, when two moves commute, which revisits are pruned,
 * the incremental state fingerprint, and that the reductions save work
 * without changing what the search finds.
 */
#include "check_fixture.h"
#include "../../explorer/check/engine.h"

#define REQ 0x9000ull
#define PAGE_A 0x20000ull

static int scenario_error(const struct trace_step *steps, size_t n, unsigned vcpus,
                          char *err, size_t errlen)
{
	struct trace t = { .vcpus = vcpus };
	for (size_t i = 0; i < n; i++)
		assert_int_equal(trace_push(&t, &steps[i]), 0);
	struct check_options o = test_bounds();
	struct check_result r;
	int rc = check_run(&t, &o, &r, err, errlen);
	check_result_free(&r);
	trace_free(&t);
	return rc;
}

static void a_scenario_says_only_what_the_guest_does(void **state)
{
	(void)state;
	char err[256];
	struct trace_step module = { .action = T_STEP, .vcpu = 0 };
	assert_int_equal(scenario_error(&module, 1, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "only what the guest does"));
	struct trace_step hv = { .action = T_UNMAP, .map = { .gpa = PAGE_A } };
	assert_int_equal(scenario_error(&hv, 1, 1, err, sizeof(err)), -1);
	struct trace_step other = { .action = T_FINISH, .vcpu = 1 };
	assert_int_equal(scenario_error(&other, 1, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "vCPU 1"));
	assert_int_equal(scenario_error(&other, 1, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "has not made"));
}

/* A call the scenario does not finish is finished for it. */
static void calls_are_finished_before_the_next_step(void **state)
{
	(void)state;
	struct trace t = { .vcpus = 1 };
	struct trace_step query = { .action = T_CALL, .vcpu = 0, .call = {
		.protocol = SVSM_PROTO_CORE, .call = SVSM_CORE_QUERY_PROTOCOL,
		.args = { .rcx = (uint64_t)SVSM_PROTO_CORE << 32 | 1 } } };
	assert_int_equal(trace_push(&t, &query), 0);
	assert_int_equal(trace_push(&t, &query), 0);
	struct scenario sn;
	char err[128];
	assert_int_equal(scenario_build(&sn, &t, err, sizeof(err)), 0);
	assert_int_equal(sn.prog[0].n, 4);
	assert_int_equal(sn.prog[0].steps[1]->action, T_FINISH);
	assert_int_equal(sn.prog[0].steps[3]->action, T_FINISH);
	scenario_free(&sn);
	struct check_options o = test_bounds();
	struct check_result r;
	search(&t, &o, &r);
	assert_false(r.found);
	assert_int_equal(r.cut_depth, 0);
	check_result_free(&r);
	trace_free(&t);
}

static struct footprint fp(unsigned flags, uint32_t k0, uint32_t k1)
{
	struct footprint f = { .flags = flags };
	if (k0)
		f.key[f.n++] = k0;
	if (k1)
		f.key[f.n++] = k1;
	return f;
}

static void moves_on_different_pages_commute(void **state)
{
	(void)state;
	struct footprint a = fp(FP_READS_SVSM, 1, 2), b = fp(FP_READS_SVSM, 3, 4);
	assert_false(footprint_dependent(&a, &b));
	struct footprint c = fp(0, 4, 0);
	assert_true(footprint_dependent(&b, &c));              /* a page in common */
	struct footprint lock1 = fp(FP_LOCK | FP_READS_SVSM, 7, 0);
	struct footprint lock2 = fp(FP_LOCK | FP_READS_SVSM, 8, 0);
	assert_true(footprint_dependent(&lock1, &lock2));      /* the lock */
	struct footprint writer = fp(FP_WRITES_SVSM | FP_READS_SVSM, 9, 0);
	assert_true(footprint_dependent(&writer, &a));         /* module data */
	struct footprint hv = fp(0, 10, 0);
	assert_false(footprint_dependent(&writer, &hv));       /* the hypervisor never reads it */
	struct footprint all = fp(FP_EVERYTHING, 0, 0);
	assert_true(footprint_dependent(&all, &hv));
}

/*
 * Sleep sets: what was explored and commutes with the move taken sleeps
 * after it; a move the visited states woke (asleep cleared) does not; a
 * state keeps at most SLEEP_MAX moves, and one past them never sleeps.
 */
static void what_commutes_sleeps_up_to_sleep_max(void **state)
{
	(void)state;
	struct sleep_set n, child, grandchild;
	sleep_clear(&n);
	struct footprint on1 = fp(0, 1, 0), on2 = fp(0, 2, 0), on3 = fp(0, 3, 0);
	sleep_explored(&n, MOVE_HV(0), &on1);
	sleep_explored(&n, MOVE_HV(1), &on2);
	sleep_after(&n, MOVE_HV(2), &on1, &child);       /* commutes with HV(1) only */
	assert_true(child.asleep == MOVE_BIT(MOVE_HV(1)));
	child.asleep = 0;                                 /* woken (visited.c) */
	sleep_after(&child, MOVE_HV(3), &on3, &grandchild);
	assert_true(grandchild.asleep == 0);
	sleep_clear(&n);
	struct footprint own[SLEEP_MAX + 2];
	for (unsigned k = 0; k < SLEEP_MAX + 2; k++) {
		own[k] = fp(0, 100 + k, 0);
		sleep_explored(&n, MOVE_HV(k), &own[k]);
	}
	sleep_after(&n, MOVE_MODULE(0), &on1, &child);
	assert_int_equal(__builtin_popcountll(child.asleep), SLEEP_MAX);
	assert_false(child.asleep & MOVE_BIT(MOVE_HV(SLEEP_MAX)));
	assert_false(child.asleep & MOVE_BIT(MOVE_HV(SLEEP_MAX + 1)));
}

/* A hypervisor move on page A depends on a module step on A, not on one on the request page. */
static void footprints_come_from_the_state(void **state)
{
	(void)state;
	struct trace t = { .vcpus = 1 };
	struct start st;
	char err[128];
	assert_int_equal(start_open(&st, &t, err, sizeof(err)), 0);
	struct trace_step unmap = { .action = T_UNMAP, .map = { .gpa = PAGE_A } };
	struct footprint hv, on_a, on_req;
	footprint_before(&hv, st.s, st.sc, MOVE_HV(0), &unmap, 1);
	struct trace_step write_a = { .action = T_WRITE, .mem = { PAGE_A + 8, (uint8_t *)"x", 1 } };
	struct trace_step write_req = { .action = T_WRITE, .mem = { REQ, (uint8_t *)"x", 1 } };
	footprint_before(&on_a, st.s, st.sc, MOVE_GUEST(0), &write_a, 1);
	footprint_before(&on_req, st.s, st.sc, MOVE_GUEST(0), &write_req, 1);
	assert_true(footprint_dependent(&hv, &on_a));
	assert_false(footprint_dependent(&hv, &on_req));
	start_close(&st);
}

static void revisits_with_less_budget_and_no_more_asleep_are_pruned(void **state)
{
	(void)state;
	struct visited v = { 0 };
	struct budget big = { 10, 1, 2 }, small = { 5, 1, 2 }, more_hv = { 5, 2, 2 };
	moveset sleep = 0x3;
	assert_int_equal(visited_check(&v, 42, big, &sleep), VISIT_NEW);
	moveset z = 0x3;
	assert_int_equal(visited_check(&v, 42, small, &z), VISIT_PRUNE);
	z = 0x7;                                   /* more asleep: still covered */
	assert_int_equal(visited_check(&v, 42, small, &z), VISIT_PRUNE);
	z = 0x1;                                   /* move 1 awake now: explore again */
	assert_int_equal(visited_check(&v, 42, small, &z), VISIT_AGAIN);
	assert_int_equal(z, 0x1);
	z = 0x1;
	assert_int_equal(visited_check(&v, 42, more_hv, &z), VISIT_AGAIN);   /* more budget */
	assert_int_equal(visited_check(&v, 43, small, &z), VISIT_NEW);
	assert_int_equal(v.n, 2);
	for (uint64_t k = 100; k < 100000; k++)    /* the table grows */
		assert_int_equal(visited_check(&v, k * 0x9e3779b97f4a7c15ull, big, &z), VISIT_NEW);
	z = 0x1;
	assert_int_equal(visited_check(&v, 43, small, &z), VISIT_PRUNE);
	visited_free(&v);
}

/* The incremental fingerprint is the one a fresh start computes, and sees every change. */
static void the_fingerprint_follows_the_state(void **state)
{
	(void)state;
	struct trace t = { .vcpus = 1 };
	struct start st;
	char err[128];
	assert_int_equal(start_open(&st, &t, err, sizeof(err)), 0);
	struct fingerprint running;
	fingerprint_init(&running, st.s);
	uint64_t before = fingerprint_sim(&running, st.s);
	guest_write(st.s, PAGE_A + 100, "changed", 7);
	uint64_t after = fingerprint_sim(&running, st.s);
	assert_true(after != before);
	struct fingerprint fresh;
	fingerprint_init(&fresh, st.s);
	assert_true(fingerprint_sim(&fresh, st.s) == after);
	start_rewind(&st);
	assert_true(fingerprint_sim(&running, st.s) == before);
	st.s->sv.lock.holder = 1;                  /* the module's state counts too */
	assert_true(fingerprint_sim(&running, st.s) != before);
	fingerprint_free(&running);
	fingerprint_free(&fresh);
	start_close(&st);
}

static void search_cf_lost(bool bug, bool por, bool hashing, struct check_result *r)
{
	struct trace t;
	load_scenario("pvalidate-cf-lost", bug, &t);
	struct check_options o = test_bounds();
	o.hv_actions = 2;
	o.no_por = !por;
	o.no_hashing = !hashing;
	search(&t, &o, r);
	trace_free(&t);
}

/* Partial-order reduction and state hashing save executions, never a verdict. */
static void reductions_save_work_not_verdicts(void **state)
{
	(void)state;
	unsigned long executions[4];
	for (int k = 0; k < 4; k++) {
		struct check_result r;
		search_cf_lost(false, k & 1, k & 2, &r);
		assert_false(r.found);
		executions[k] = r.executions;
		check_result_free(&r);
		search_cf_lost(true, k & 1, k & 2, &r);
		assert_true(r.found);
		assert_string_equal(r.clause, "pvalidate-reports-unchanged");
		check_result_free(&r);
	}
	/* Each saves on its own; together they need not beat the better one alone. */
	assert_true(executions[1] < executions[0]);   /* POR */
	assert_true(executions[2] < executions[0]);   /* hashing */
	assert_true(executions[3] < executions[0]);   /* both */
}

static void max_executions_stops_the_search(void **state)
{
	(void)state;
	struct trace t;
	load_scenario("pvalidate-cf-lost", false, &t);
	struct check_options o = test_bounds();
	o.max_executions = 5;
	struct check_result r;
	search(&t, &o, &r);
	assert_true(r.stopped);
	assert_int_equal(r.executions, 5);
	check_result_free(&r);
	trace_free(&t);
}

struct edges {
	unsigned n, violations;
	uint64_t first_from;
};

static void count_edge(void *arg, uint64_t from, uint64_t to, const char *label, bool violation)
{
	struct edges *e = arg;
	(void)to;
	if (e->n++ == 0)
		e->first_from = from;
	e->violations += violation;
	assert_true(label[0] != '\0');
}

/* Every move carried out is reported, from the start state on; the path ends at the violation. */
static void the_search_reports_its_moves(void **state)
{
	(void)state;
	struct trace t;
	load_scenario("pvalidate-cf-lost", true, &t);
	struct check_options o = test_bounds();
	struct edges e = { 0 };
	o.on_edge = count_edge;
	o.edge_arg = &e;
	struct check_result r;
	search(&t, &o, &r);
	assert_true(r.found);
	assert_int_equal(e.n, r.moves);
	assert_int_equal(e.violations, 1);
	assert_true(r.npath >= 2);
	assert_true(r.path[0] == e.first_from);
	check_result_free(&r);
	trace_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_scenario_says_only_what_the_guest_does),
		cmocka_unit_test(calls_are_finished_before_the_next_step),
		cmocka_unit_test(moves_on_different_pages_commute),
		cmocka_unit_test(what_commutes_sleeps_up_to_sleep_max),
		cmocka_unit_test(footprints_come_from_the_state),
		cmocka_unit_test(revisits_with_less_budget_and_no_more_asleep_are_pruned),
		cmocka_unit_test(the_fingerprint_follows_the_state),
		cmocka_unit_test(reductions_save_work_not_verdicts),
		cmocka_unit_test(max_executions_stops_the_search),
		cmocka_unit_test(the_search_reports_its_moves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
