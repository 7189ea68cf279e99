/*
 * test_conformance.c: the C machine model (explorer/machine/) against its
 * SMT specification (specs/machine.smt2), one transition at a time.
 *
 * Each transition the C model makes here is handed to Z3 with the spec's
 * relation for that instruction: the relation must hold of (pre-state,
 * inputs, outcome, post-state) and allow no other outcome or post-state.
 * The transitions are
 *   - random ones from a seeded generator (at least 100,000 on a small
 *     machine, a few thousand on a big one with 2M pages), and
 *   - every combination of a small scope: one page's RMP fields, its NPT
 *     mapping, and the instruction's inputs (tests/unit/test_conformance_scope.h).
 * The hypervisor's instructions are also checked to be moves of
 * specs/adversary.smt2, and mutation tests show that a wrong outcome or
 * post-state is reported (the checker can fail).
 *
 * Environment: SVSMLAB_SEED sets the seed (default fixed, always printed);
 * SVSMLAB_CONFORM_RANDOM sets the number of random small-machine
 * transitions (default and least 100,000).
 *
 * Under ASan and UBSan (make asan) every call into Z3 is several times
 * slower, and what that stage looks for, memory errors in our code, shows
 * on any transition: there the default is 15,000 random transitions (any
 * number may be asked for), 400 on the machine with 2M pages, and each
 * small scope is sampled, one combination in 7 (7 shares no factor with
 * any dimension, so every value of every dimension still comes up).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "test_conformance_scope.h"

static struct conform conform;   /* one Z3 context for all the tests */

/* --- checking transitions ------------------------------------------------- */

/* Mismatches printed in full; the rest are only counted. */
#define REPORTED 5
/* Every ADVERSARY_EVERY-th hypervisor transition is also checked against the adversary. */
#define ADVERSARY_EVERY 100

struct tally {
	unsigned long by_op[CONFORM_OPS];
	unsigned long checked, hv, adversary;
	unsigned failures;
	struct timespec start;
};

static void tally_start(struct tally *t)
{
	memset(t, 0, sizeof(*t));
	clock_gettime(CLOCK_MONOTONIC, &t->start);
}

static void tally_report(const struct tally *t, const char *what)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double s = (double)(now.tv_sec - t->start.tv_sec) +
	           (double)(now.tv_nsec - t->start.tv_nsec) * 1e-9;
	printf("%s: %lu transitions in %.1f s (%.0f/s), %lu checked against the adversary,"
	       " %u mismatches\n   ", what, t->checked, s, (double)t->checked / s, t->adversary,
	       t->failures);
	for (unsigned op = 0; op < CONFORM_OPS; op++)
		if (t->by_op[op])
			printf(" %s %lu", conform_op_name(op), t->by_op[op]);
	printf("; spelled out over pages so far: %lu, left to the solver: %lu\n",
	       conform.spec.expanded, conform.spec.solver_evals);
	fflush(stdout);
}

static bool hypervisor_op(enum conform_op op)
{
	return op == CONFORM_RMPUPDATE || op == CONFORM_PSMASH;
}

static void mismatch(struct tally *t, const char *why, const struct machine *pre,
                     const struct conform_in *in, const struct conform_out *out,
                     const struct machine *post)
{
	if (t->failures++ >= REPORTED)
		return;
	printf("MISMATCH (%s)\n", why);
	conform_explain(&conform, stdout, pre, in, out, post);
	fflush(stdout);
}

/* Runs in on the bench's machine and checks the transition. */
static void step(struct bench *b, const struct conform_in *in, struct tally *t)
{
	struct machine *m = b->m, *pre = b->pre;
	*pre = *m;
	struct conform_out out = conform_run(m, in);
	struct conform_verdict v = conform_check(&conform, pre, in, &out, m);
	t->checked++;
	t->by_op[in->op]++;
	if (v.holds != TRUTH_TRUE)
		mismatch(t, v.holds == TRUTH_FALSE ? "the spec does not allow this transition"
		                                   : "Z3 cannot tell whether the spec allows it",
		         pre, in, &out, m);
	else if (v.unique != TRUTH_TRUE)
		mismatch(t, "the spec allows another outcome too", pre, in, &out, m);
	if (hypervisor_op(in->op) && t->hv++ % ADVERSARY_EVERY == 0) {
		t->adversary++;
		if (conform_adversary(&conform, pre, m) != TRUTH_TRUE)
			mismatch(t, "the hypervisor's move is outside specs/adversary.smt2", pre, in,
			         &out, m);
	}
}

/* --- random transitions --------------------------------------------------- */

static uint64_t seed(void)
{
	const char *s = getenv("SVSMLAB_SEED");
	return s && *s ? strtoull(s, NULL, 0) : 0x5e75e7c0ffeeull;
}

#ifdef __SANITIZE_ADDRESS__
#define RANDOM_DEFAULT 15000ul
#define RANDOM_LEAST 1ul
#define BIG_RANDOM 400ul
#define SCOPE_STRIDE 7ul
#else
#define RANDOM_DEFAULT 100000ul
#define RANDOM_LEAST 100000ul
#define BIG_RANDOM 2000ul     /* on the machine with 2M pages, where a check is slower */
#define SCOPE_STRIDE 1ul
#endif

static unsigned long random_count(void)
{
	const char *s = getenv("SVSMLAB_CONFORM_RANDOM");
	unsigned long n = s && *s ? strtoul(s, NULL, 0) : RANDOM_DEFAULT;
	return n < RANDOM_LEAST ? RANDOM_LEAST : n;
}

/* Restart from a fresh machine this often, so walks do not drift into one corner. */
#define WALK 400

/*
 * A big machine's walk starts, half the time, the way a guest with 2M
 * pages does: the hypervisor assigns a 2M page, the guest validates it
 * (both checked like any other transition).
 */
static void start_2m(struct rng *r, struct bench *b, struct tally *t)
{
	if (rng_chance(r, 50))
		return;
	struct conform_in assign = {
		.op = CONFORM_RMPUPDATE, .addr = SECOND_2M,
		.update = { .assigned = true, .page_size = PSIZE_2M, .asid = b->m->asid, .gpa = SECOND_2M },
	};
	struct conform_in validate = { .op = CONFORM_PVALIDATE, .addr = SECOND_2M, .size = PSIZE_2M,
	                               .validate = true };
	step(b, &assign, t);
	step(b, &validate, t);
}

static void random_walk(struct rng *r, unsigned pages, unsigned long n, struct tally *t)
{
	struct bench b;
	bench_open(&b, pages, pages > SMALL_PAGES ? NPT_WINDOWS : NPT_ALL);
	for (unsigned long i = 0; i < n; i++) {
		if (i % WALK == 0) {
			bench_reset(&b);
			if (pages > SMALL_PAGES)
				start_2m(r, &b, t);
		}
		if (rng_below(r, 8) == 0)
			scramble(r, b.m);
		struct conform_in in;
		random_input(r, b.m, &in);
		step(&b, &in, t);
	}
	bench_close(&b);
}

static void random_transitions_agree_with_the_spec(void **state)
{
	(void)state;
	uint64_t s = seed();
	struct rng r = { s };
	struct tally t;
	printf("seed 0x%llx (SVSMLAB_SEED=0x%llx repeats this run)\n", (unsigned long long)s,
	       (unsigned long long)s);
	tally_start(&t);
	random_walk(&r, SMALL_PAGES, random_count(), &t);
	tally_report(&t, "random, small machine");
	assert_int_equal(t.failures, 0);
}

static void random_2m_transitions_agree_with_the_spec(void **state)
{
	(void)state;
	uint64_t s = seed() ^ 0x2000002ull;
	struct rng r = { s };
	struct tally t;
	printf("seed 0x%llx\n", (unsigned long long)s);
	tally_start(&t);
	random_walk(&r, MACHINE_MAX_PAGES, BIG_RANDOM, &t);
	tally_report(&t, "random, machine with 2M pages");
	assert_int_equal(t.failures, 0);
}

/* --- the small scope, exhaustively ------------------------------------------ */

/* Every combination of scope sc (every SCOPE_STRIDE-th), each set up and checked. */
static void enumerate(const struct scope *sc, struct tally *t)
{
	struct bench b;
	bench_open(&b, MACHINE_MAX_PAGES, NPT_NOTHING);
	unsigned digit[SCOPE_DIMS] = { 0 };
	unsigned long i = 0;
	do {
		if (i++ % SCOPE_STRIDE != 0)
			continue;
		struct conform_in in;
		bench_reset(&b);
		sc->setup(b.m, digit, &in);
		step(&b, &in, t);
	} while (scope_next(sc, digit));
	bench_close(&b);
}

static void check_scope(const struct scope *sc)
{
	struct tally t;
	tally_start(&t);
	enumerate(sc, &t);
	tally_report(&t, sc->name);
	assert_int_equal(t.checked, (scope_size(sc) + SCOPE_STRIDE - 1) / SCOPE_STRIDE);
	assert_int_equal(t.failures, 0);
}

static void every_pvalidate_of_one_page_agrees(void **state)
{
	(void)state;
	check_scope(&pvalidate_scope);
}

static void every_rmpadjust_of_one_page_agrees(void **state)
{
	(void)state;
	check_scope(&rmpadjust_scope);
}

static void every_rmpadjust_permission_combination_agrees(void **state)
{
	(void)state;
	check_scope(&rmpadjust_perms_scope);
}

static void every_rmpupdate_and_psmash_of_one_page_agrees(void **state)
{
	(void)state;
	check_scope(&rmpupdate_scope);
	check_scope(&psmash_scope);
}

/*
 * The moves verify makes on its 2M range (explorer/verify/paths.c,
 * range_moves), on a range validated and granted as one 2M page: one 2M
 * RMPUPDATE that takes it back (unassigned) or gives it back to the guest
 * as it was bound (assigned, nothing validated or granted); or a PSMASH,
 * then the same RMPUPDATEs of one 4K page of it. Each transition agrees
 * with specs/machine.smt2, each hypervisor move is checked against
 * specs/adversary.smt2 (all of them, not one in ADVERSARY_EVERY), and
 * the RMPUPDATE leaves its pages not validated, assigned only if given
 * back.
 */
static void verify_moves_on_a_2m_range_agree(void **state)
{
	(void)state;
	struct bench b;
	bench_open(&b, MACHINE_MAX_PAGES, NPT_WINDOWS);
	struct tally t;
	tally_start(&t);
	struct machine *m = b.m;
	const struct conform_in assign = {
		.op = CONFORM_RMPUPDATE, .addr = SECOND_2M,
		.update = { .assigned = true, .page_size = PSIZE_2M, .asid = m->asid, .gpa = SECOND_2M },
	};
	const struct conform_in validate = { .op = CONFORM_PVALIDATE, .addr = SECOND_2M,
	                                     .size = PSIZE_2M, .validate = true };
	const struct conform_in grant = { .op = CONFORM_RMPADJUST, .addr = SECOND_2M, .size = PSIZE_2M,
	                                  .attrs = RMPADJUST_ATTRS(m->guest_vmpl, PERM_ALL) };
	const struct conform_in smash = { .op = CONFORM_PSMASH, .addr = SECOND_2M };
	const uint64_t first = SECOND_2M >> PAGE_SHIFT;
	for (unsigned k = 0; k < 4; k++) {
		bool smashed = k & 1, give = k & 2;
		uint64_t at = smashed ? SECOND_2M + PAGE_SIZE : SECOND_2M;
		struct conform_in update = { .op = CONFORM_RMPUPDATE, .addr = at };
		update.update = (struct rmp_update){ .assigned = give,
		                                     .page_size = smashed ? PSIZE_4K : PSIZE_2M,
		                                     .asid = give ? m->asid : 0, .gpa = give ? at : 0 };
		bench_reset(&b);
		step(&b, &assign, &t);
		step(&b, &validate, &t);
		step(&b, &grant, &t);
		assert_true(m->rmp[first + 1].validated);
		assert_int_equal(m->rmp[first + 1].perms[m->guest_vmpl], PERM_ALL);
		if (smashed) {
			step(&b, &smash, &t);
			assert_int_equal(conform_adversary(&conform, b.pre, m), TRUTH_TRUE);
		}
		step(&b, &update, &t);
		assert_int_equal(conform_adversary(&conform, b.pre, m), TRUTH_TRUE);
		for (unsigned i = 0; i < PAGES_PER_2M; i++) {
			const struct rmp_entry *e = &m->rmp[first + i];
			bool moved = !smashed || i == 1;
			assert_int_equal(e->assigned, !moved || give);
			assert_int_equal(e->validated, !moved);
			assert_int_equal(e->perms[m->guest_vmpl], moved ? 0 : PERM_ALL);
		}
	}
	tally_report(&t, "verify's moves on a 2M range");
	assert_int_equal(t.failures, 0);
	bench_close(&b);
}

static void every_access_of_one_page_agrees(void **state)
{
	(void)state;
	check_scope(&translate_scope);
	check_scope(&read_write_scope);
}

/* --- the checker can fail --------------------------------------------------- */

/* The ways to get a transition's outcome or post-state wrong. */
enum mutation { FLIP_CF, BUMP_RC, OTHER_FAULT, FLIP_CODE_BIT, OTHER_REASON, OTHER_SPA,
                FLIP_VALIDATED, OTHER_LABEL, OTHER_NPT, MUTATIONS };

/* Applies mutation k where it is visible for in's operation; false where it is not. */
static bool mutate(enum mutation k, const struct conform_in *in, struct conform_out *out,
                   struct machine *post)
{
	bool guest = !hypervisor_op(in->op);
	bool state = in->op != CONFORM_TRANSLATE && in->op != CONFORM_READ;
	uint64_t page = (in->addr >> PAGE_SHIFT) % MACHINE_MAX_PAGES;
	switch (k) {
	case FLIP_CF: out->r.cf ^= 1; return guest;
	case BUMP_RC: out->r.rc++; out->rc++; return true;
	case OTHER_FAULT: out->r.fault = (uint8_t)((out->r.fault + 1) % 4); return guest;
	case FLIP_CODE_BIT: out->r.code ^= NPF_CODE_WRITE; return guest;
	case OTHER_REASON: out->why = (enum npf_reason)((out->why + 1) % NPF_REASONS);
		return in->op == CONFORM_TRANSLATE;
	case OTHER_SPA: out->spa ^= PAGE_SIZE; return in->op == CONFORM_TRANSLATE;
	case FLIP_VALIDATED: post->rmp[page].validated ^= 1; return state;
	case OTHER_LABEL: post->label[page] ^= LABEL_VMPL(2); return state;
	case OTHER_NPT: post->npt[page] ^= PAGE_SIZE; return state;
	case MUTATIONS: break;
	}
	return false;
}

static void a_wrong_outcome_or_post_state_is_reported(void **state)
{
	(void)state;
	struct rng r = { seed() ^ 0xbadull };
	struct bench b;
	bench_open(&b, SMALL_PAGES, NPT_ALL);
	struct machine *m = b.m, *pre = b.pre, *wrong = malloc(sizeof(*wrong));
	assert_non_null(wrong);
	unsigned caught[MUTATIONS] = { 0 };
	for (unsigned i = 0; i < 300; i++) {
		struct conform_in in;
		random_input(&r, m, &in);
		*pre = *m;
		struct conform_out out = conform_run(m, &in);
		for (unsigned k = 0; k < MUTATIONS; k++) {
			struct conform_out bad = out;
			*wrong = *m;
			if (!mutate(k, &in, &bad, wrong))
				continue;
			assert_int_equal(conform_check(&conform, pre, &in, &bad, wrong).holds, TRUTH_FALSE);
			caught[k]++;
		}
	}
	for (unsigned k = 0; k < MUTATIONS; k++)
		assert_true(caught[k] > 0);

	/* And the report says what the spec allows instead. */
	struct conform_in in = { .op = CONFORM_PVALIDATE, .addr = 0x3000, .validate = true };
	*pre = *m;
	struct conform_out out = conform_run(m, &in);
	out.r.cf ^= 1;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	conform_explain(&conform, f, pre, &in, &out, m);
	fclose(f);
	assert_non_null(strstr(text, "spec:"));
	assert_non_null(strstr(text, "transition: pvalidate"));
	free(text);
	free(wrong);
	bench_close(&b);
}

static void a_move_the_hypervisor_cannot_make_is_outside_the_adversary(void **state)
{
	(void)state;
	struct bench b;
	bench_open(&b, SMALL_PAGES, NPT_ALL);
	struct machine *m = b.m, *after = b.pre;
	struct rmp_update u = { .assigned = true, .asid = m->asid, .gpa = 0x5000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), RMPUPDATE_OK);
	*after = *m;
	assert_int_equal(conform_adversary(&conform, m, after), TRUTH_TRUE);
	after->rmp[5].validated = true;   /* only PVALIDATE can do this */
	assert_int_equal(conform_adversary(&conform, m, after), TRUTH_FALSE);
	*after = *m;
	after->rmp[5].perms[1] = PERM_R;  /* only RMPADJUST can do this */
	assert_int_equal(conform_adversary(&conform, m, after), TRUTH_FALSE);
	bench_close(&b);
}

static int open_spec(void **state)
{
	(void)state;
	if (conform_open(&conform) != 0) {
		printf("cannot load the specs: %s\n", conform.spec.error);
		return -1;
	}
	return 0;
}

static int close_spec(void **state)
{
	(void)state;
	conform_close(&conform);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_wrong_outcome_or_post_state_is_reported),
		cmocka_unit_test(a_move_the_hypervisor_cannot_make_is_outside_the_adversary),
		cmocka_unit_test(every_pvalidate_of_one_page_agrees),
		cmocka_unit_test(every_rmpadjust_of_one_page_agrees),
		cmocka_unit_test(every_rmpadjust_permission_combination_agrees),
		cmocka_unit_test(every_rmpupdate_and_psmash_of_one_page_agrees),
		cmocka_unit_test(verify_moves_on_a_2m_range_agree),
		cmocka_unit_test(every_access_of_one_page_agrees),
		cmocka_unit_test(random_transitions_agree_with_the_spec),
		cmocka_unit_test(random_2m_transitions_agree_with_the_spec),
	};
	return cmocka_run_group_tests(tests, open_spec, close_spec);
}
