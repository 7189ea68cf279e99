/*
 * test_shrink.c: counterexamples cut down to what their failure needs.
 *
 * First trace_shrink() (explorer/trace/shrink.c) on hand-built traces,
 * judged by predicates written here, so that which step and which value
 * matters is known: a needed move stays, an unneeded one goes, a value is
 * made readable only as far as the trace still fails, the bound on
 * replays holds, and two runs agree. Then check_shrink() on the real
 * machine: bug 1's counterexample from scripts/check/, with moves added
 * that leave the attack alone, comes back without them and still replays
 * onto the same clause. Last check_shortest(), which searches again for
 * a shorter counterexample than the one met first.
 */
#include "check_fixture.h"
#include "../../explorer/trace/shrink.h"

static void push(struct trace *t, struct trace_step st)
{
	assert_int_equal(trace_push(t, &st), 0);
}

static struct trace_step query_call(void)
{
	struct trace_step st = { .action = T_CALL };
	st.call.protocol = SVSM_PROTO_CORE;
	st.call.call = SVSM_CORE_QUERY_PROTOCOL;
	return st;
}

static struct trace_step rmpupdate(uint64_t spa, uint32_t asid, uint64_t gpa)
{
	struct trace_step st = { .action = T_RMPUPDATE };
	st.rmpupdate.spa = spa;
	st.rmpupdate.u = (struct rmp_update){ .assigned = true, .asid = asid, .gpa = gpa };
	return st;
}

static struct trace_step map(uint64_t gpa, uint64_t spa)
{
	struct trace_step st = { .action = T_MAP };
	st.map.gpa = gpa;
	st.map.spa = spa;
	return st;
}

/* The step of t with action a and the first address addr (spa, or gpa for a map), or NULL. */
static const struct trace_step *find(const struct trace *t, enum trace_action a, uint64_t addr)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct trace_step *st = &t->steps[i];
		if (st->action == a && (a == T_MAP ? st->map.gpa : st->rmpupdate.spa) == addr)
			return st;
	}
	return NULL;
}

/*
 * The failure the predicates stand for: the guest's call, after a map of
 * GPA 0x20000 to SPA 0x1000 (exactly), and an RMPUPDATE that assigns SPA
 * 0x1000 to any GPA at or above 0x21000, in an ASID that is not 0.
 */
static bool fails(void *arg, const struct trace *t)
{
	unsigned *calls = arg;
	(*calls)++;
	bool call = false;
	for (size_t i = 0; i < t->n; i++)
		call = call || t->steps[i].action == T_CALL;
	const struct trace_step *m = find(t, T_MAP, 0x20000);
	const struct trace_step *u = find(t, T_RMPUPDATE, 0x1000);
	return call && m && m->map.spa == 0x1000 && u && u->rmpupdate.u.assigned &&
	       u->rmpupdate.u.gpa >= 0x21000 && u->rmpupdate.u.asid != 0;
}

/* The call, the two moves the failure needs, and three it does not, in between. */
static void attack(struct trace *t)
{
	*t = (struct trace){ .vcpus = 1 };
	push(t, query_call());
	push(t, rmpupdate(0x20000, 3718893699u, 0x3000));      /* not needed */
	push(t, rmpupdate(0x1000, 3718893699u, 0x21234));      /* needed; its values are not */
	push(t, map(0x30000, 0x5000));                         /* not needed */
	push(t, map(0x20000, 0x1000));                         /* needed, exactly */
	push(t, rmpupdate(0x20000, 1, 0x3000));                /* not needed */
	push(t, (struct trace_step){ .action = T_STEP });
}

static struct shrink_options options(enum shrink_what what)
{
	return (struct shrink_options){ .what = what, .asid = 1, .max_replays = SHRINK_MAX_REPLAYS };
}

/* The attack, shrunk with what may go; *calls counts the predicate's calls. */
static struct shrink_stats shrunk_attack(struct trace *t, enum shrink_what what, unsigned *calls)
{
	attack(t);
	*calls = 0;
	struct shrink_options o = options(what);
	struct shrink_stats st;
	assert_int_equal(trace_shrink(t, &o, fails, calls, &st), 0);
	return st;
}

static void needed_moves_stay_the_rest_go(void **state)
{
	(void)state;
	struct trace t;
	unsigned calls;
	struct shrink_stats st = shrunk_attack(&t, SHRINK_MOVES, &calls);
	assert_true(fails(&calls, &t));
	assert_int_equal(t.n, 4);   /* the call, the two moves, the step */
	assert_int_equal(t.steps[0].action, T_CALL);
	assert_non_null(find(&t, T_MAP, 0x20000));
	assert_non_null(find(&t, T_RMPUPDATE, 0x1000));
	assert_int_equal(t.steps[3].action, T_STEP);   /* not a move: kept, though not needed */
	assert_int_equal(st.steps_before, 7);
	assert_int_equal(st.steps_after, 4);
	assert_int_equal(st.moves_before, 5);
	assert_int_equal(st.moves_after, 2);
	assert_int_equal(st.replays, calls - 1);   /* the check above was one more */
	assert_false(st.capped);
	trace_free(&t);
}

static void values_rounded_only_while_it_fails(void **state)
{
	(void)state;
	struct trace t;
	unsigned calls;
	struct shrink_stats st = shrunk_attack(&t, SHRINK_MOVES, &calls);
	const struct trace_step *u = find(&t, T_RMPUPDATE, 0x1000);
	assert_non_null(u);
	assert_int_equal(u->rmpupdate.u.asid, 1);        /* 0 would not fail: the guest's ASID */
	assert_int_equal(u->rmpupdate.u.gpa, 0x21000);   /* 0x20000 would not fail */
	assert_true(u->rmpupdate.u.assigned);            /* false would not fail */
	const struct trace_step *m = find(&t, T_MAP, 0x20000);
	assert_non_null(m);
	assert_int_equal(m->map.spa, 0x1000);            /* already as round as it may be */
	assert_int_equal(st.values, 2);
	trace_free(&t);
}

/* Any step may go: the module's step, not needed, goes too; the call stays. */
static void every_step_may_go(void **state)
{
	(void)state;
	struct trace t;
	unsigned calls;
	struct shrink_stats st = shrunk_attack(&t, SHRINK_STEPS, &calls);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.steps[0].action, T_CALL);
	assert_int_equal(st.moves_after, 2);
	trace_free(&t);
}

static void deterministic_and_bounded(void **state)
{
	(void)state;
	struct trace a, b;
	unsigned calls;
	struct shrink_stats sa = shrunk_attack(&a, SHRINK_MOVES, &calls);
	struct shrink_stats sb = shrunk_attack(&b, SHRINK_MOVES, &calls);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.steps, b.steps, a.n * sizeof(*a.steps));
	assert_int_equal(sa.replays, sb.replays);
	trace_free(&a);
	trace_free(&b);

	/* Three replays: some unneeded move is left, the trace still fails, and it says so. */
	attack(&a);
	struct shrink_options o = options(SHRINK_MOVES);
	o.max_replays = 3;
	calls = 0;
	assert_int_equal(trace_shrink(&a, &o, fails, &calls, &sa), 0);
	assert_int_equal(calls, 3);
	assert_int_equal(sa.replays, 3);
	assert_true(sa.capped);
	assert_true(a.n > 4);
	assert_true(fails(&calls, &a));
	trace_free(&a);
}

/*
 * Bug 1's counterexample as check finds it, with three moves added that
 * leave the attack alone (two RMPUPDATEs of a page nobody uses, in an
 * ASID the guest has not, and a map of a GPA nobody reads): check_shrink
 * takes them out, and the trace replays onto the same clause.
 */
static void real_attack_loses_the_moves_it_does_not_need(void **state)
{
	(void)state;
	struct trace scenario;
	load_scenario("no-zero-after-validate", true, &scenario);
	struct check_options o = test_bounds();
	struct check_result r;
	search(&scenario, &o, &r);
	trace_free(&scenario);
	assert_true(r.found);
	SKIP_IF_REFUSED_GRANT(&r);
	struct trace t = { .cfg = r.counterexample.cfg, .vcpus = r.counterexample.vcpus };
	snprintf(t.expect, sizeof(t.expect), "%s", r.counterexample.expect);
	push(&t, rmpupdate(0x30000, 3718893699u, 0x3000));
	for (size_t i = 0; i < r.counterexample.n; i++) {
		push(&t, r.counterexample.steps[i]);
		if (i == 2) {
			push(&t, map(0x31000, 0x31000));
			push(&t, rmpupdate(0x30000, 1, 0x2f000));
		}
	}
	char why[256];
	assert_true(check_replay(&t, NULL, NULL, why, sizeof(why)));
	struct shrink_stats st;
	assert_int_equal(check_shrink(&t, SHRINK_MOVES, &st, why, sizeof(why)), 0);
	assert_int_equal(st.moves_before, trace_moves(&r.counterexample) + 3);
	assert_int_equal(st.moves_after, trace_moves(&r.counterexample));
	assert_int_equal(t.n, r.counterexample.n);
	assert_null(find(&t, T_RMPUPDATE, 0x30000));
	assert_null(find(&t, T_MAP, 0x31000));
	if (!check_replay(&t, NULL, NULL, why, sizeof(why)))
		fail_msg("the shrunk trace does not replay: %s", why);
	assert_string_equal(t.expect, r.clause);
	trace_free(&t);
	check_result_free(&r);
}

/* A trace that does not fail is not shrunk: it is left as it was, with the reason. */
static void a_trace_that_does_not_fail_is_left_alone(void **state)
{
	(void)state;
	struct trace t = { .vcpus = 1 };
	push(&t, rmpupdate(0x30000, 3718893699u, 0x3000));
	snprintf(t.expect, sizeof(t.expect), "confidentiality");
	struct shrink_stats st;
	char why[256];
	assert_int_equal(check_shrink(&t, SHRINK_MOVES, &st, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "does not fail confidentiality"));
	assert_int_equal(t.n, 1);
	assert_int_equal(t.steps[0].rmpupdate.u.asid, 3718893699u);
	trace_free(&t);
}

/*
 * Searching again one move tighter: with `svsmlab check`'s bounds, bug 4's
 * race is first met after more steps than it needs (another interleaving is shorter, so no deletion
 * from the first finds it); check_shortest finds the shorter one, which
 * fails the same clause on replay, and shows none is shorter still.
 * Bug 1's first counterexample is already the shortest.
 */
static void searching_again_finds_the_shortest(void **state)
{
	(void)state;
	static const struct { const char *bug; bool shorter; } cases[] = {
		{ "create-vcpu-no-lock", true }, { "no-zero-after-validate", false },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct trace scenario;
		load_scenario(cases[i].bug, true, &scenario);
		struct check_options o;
		check_defaults(&o);   /* any number of preemptions: the race is met late */
		struct check_result r;
		search(&scenario, &o, &r);
		assert_true(r.found);
		char clause[48], why[256];
		snprintf(clause, sizeof(clause), "%s", r.clause);
		struct check_deepening d;
		assert_int_equal(check_shortest(&scenario, &o, &r, &d, why, sizeof(why)), 0);
		assert_true(d.shortest);
		if (cases[i].shorter)
			assert_true(d.moves_after < d.moves_before);
		else
			assert_int_equal(d.moves_after, d.moves_before);
		assert_int_equal(r.npath - 1, d.moves_after);
		assert_int_equal(d.depth_without, d.moves_after - 1);
		/*
		 * Nothing within that depth fails a clause: searched here once
		 * more, to be sure. (Without its lock, bug 4's CREATE_VCPU is a
		 * data race at any depth: check_run would go on to search for it.)
		 */
		o.depth = d.depth_without;
		o.clauses_only = true;
		struct check_result none;
		search(&scenario, &o, &none);
		assert_false(none.found);
		check_result_free(&none);
		assert_string_equal(r.counterexample.expect, clause);
		if (!check_replay(&r.counterexample, NULL, NULL, why, sizeof(why)))
			fail_msg("%s: the shortest does not replay: %s", cases[i].bug, why);
		check_result_free(&r);
		trace_free(&scenario);
	}
}

/* The line says what was taken out, or that nothing was tried: never "26 -> 26 (0 replays)". */
static void the_line_says_what_was_done(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	struct shrink_stats done = { .steps_before = 46, .steps_after = 44, .moves_before = 4,
	                             .moves_after = 2, .replays = 14 };
	struct shrink_stats untried = { .steps_before = 26, .steps_after = 26 };
	shrink_print(f, "= ", &done);
	shrink_print(f, "= ", &untried);
	fclose(f);
	assert_string_equal(text, "= shrunk by replay: 46 -> 44 steps, 4 -> 2 hypervisor moves, "
	                          "0 values made readable (14 replays)\n"
	                          "= shrunk by replay: nothing to take out (26 steps, 0 hypervisor "
	                          "moves)\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(needed_moves_stay_the_rest_go),
		cmocka_unit_test(values_rounded_only_while_it_fails),
		cmocka_unit_test(every_step_may_go),
		cmocka_unit_test(deterministic_and_bounded),
		cmocka_unit_test(real_attack_loses_the_moves_it_does_not_need),
		cmocka_unit_test(a_trace_that_does_not_fail_is_left_alone),
		cmocka_unit_test(searching_again_finds_the_shortest),
		cmocka_unit_test(the_line_says_what_was_done),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
