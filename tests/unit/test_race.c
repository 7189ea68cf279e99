/*
 * test_race.c: the data-race check (explorer/ghost/race.h).
 *
 * First the detector alone, fed crafted accesses: an unordered pair is
 * reported with both its sites, a pair the lock (or the end and start of
 * two calls) orders is not, nor two accesses of one vCPU, nor two reads,
 * nor two different bytes of one word. Then the module itself, whose
 * loads and stores reach the detector through the -fsanitize=thread
 * hooks: bug 4's CREATE_VCPU without the lock, stopped in the middle
 * while another vCPU's PVALIDATE runs, is a race between two lines of
 * svsm/; with the lock it is none. The ASan build leaves the module
 * uninstrumented (ThreadSanitizer's instrumentation and ASan cannot be
 * combined), and there those tests say so and skip.
 */
#include "sim_fixture.h"
#include "../../explorer/ghost/race.h"
#include "../../explorer/sched/sched.h"

#define SITE_A ((struct hal_site){ "svsm/core/a.c", 10, "read_guest(a)" })
#define SITE_B ((struct hal_site){ "svsm/core/b.c", 20, "write_guest(b)" })
#define GPA 0x9008ull

struct bench {
	struct record rec;
	struct svsm sv;
	struct race r;
};

static struct bench *bench_new(void)
{
	struct bench *b = calloc(1, sizeof(*b));
	assert_non_null(b);
	assert_int_equal(race_init(&b->r, &b->sv, &b->rec), 0);
	return b;
}

static void bench_free(struct bench *b)
{
	race_free(&b->r);
	free(b);
}

static unsigned races(const struct bench *b)
{
	return record_fired(&b->rec, "no-data-race");
}

static void an_unordered_pair_is_reported_with_both_sites(void **state)
{
	(void)state;
	struct bench *b = bench_new();
	race_guest_access(&b->r, 0, GPA, 8, true, SITE_A);
	race_guest_access(&b->r, 1, GPA, 8, false, SITE_B);
	assert_int_equal(races(b), 1);
	const struct violation *v = &b->rec.violations[0];
	assert_string_equal(v->site.file, "svsm/core/b.c");   /* the later access */
	assert_int_equal(v->site.line, 20);
	assert_int_equal(v->vcpu, 1);
	assert_non_null(strstr(v->message, "vCPU 1 reads guest GPA 0x9008 at svsm/core/b.c:20"));
	assert_non_null(strstr(v->message, "vCPU 0 wrote it at svsm/core/a.c:10"));
	/* A read then a write is a race too. */
	race_reset(&b->r);
	race_guest_access(&b->r, 1, GPA, 8, false, SITE_B);
	race_guest_access(&b->r, 0, GPA, 4, true, SITE_A);
	assert_int_equal(races(b), 2);
	assert_non_null(strstr(b->rec.violations[1].message, "vCPU 1 read it at svsm/core/b.c:20"));
	bench_free(b);
}

static void the_lock_orders_a_pair(void **state)
{
	(void)state;
	struct bench *b = bench_new();
	race_acquire(&b->r, 0, &b->sv.lock);
	race_guest_access(&b->r, 0, GPA, 8, true, SITE_A);
	race_release(&b->r, 0, &b->sv.lock);
	race_acquire(&b->r, 1, &b->sv.lock);
	race_guest_access(&b->r, 1, GPA, 8, true, SITE_B);
	race_release(&b->r, 1, &b->sv.lock);
	assert_int_equal(races(b), 0);
	/* vCPU 0 again, outside the lock: vCPU 1's write is not ordered before it. */
	race_guest_access(&b->r, 0, GPA, 8, false, SITE_A);
	assert_int_equal(races(b), 1);
	/* A call that ended comes before a call that begins after it. */
	race_reset(&b->r);
	race_guest_access(&b->r, 0, GPA, 8, true, SITE_A);
	race_call_end(&b->r, 0);
	race_call_begin(&b->r, 1);
	race_guest_access(&b->r, 1, GPA, 8, true, SITE_B);
	assert_int_equal(races(b), 1);   /* still only the one above */
	bench_free(b);
}

static void one_vcpu_two_reads_and_two_bytes_are_no_race(void **state)
{
	(void)state;
	struct bench *b = bench_new();
	race_guest_access(&b->r, 0, GPA, 8, true, SITE_A);
	race_guest_access(&b->r, 0, GPA, 8, false, SITE_B);
	race_guest_access(&b->r, 0, GPA, 8, true, SITE_B);
	assert_int_equal(races(b), 0);
	race_reset(&b->r);
	race_guest_access(&b->r, 0, GPA, 8, false, SITE_A);
	race_guest_access(&b->r, 1, GPA, 8, false, SITE_B);
	assert_int_equal(races(b), 0);
	race_reset(&b->r);
	race_guest_access(&b->r, 0, GPA, 1, true, SITE_A);   /* byte 0 */
	race_guest_access(&b->r, 1, GPA + 2, 1, true, SITE_B);   /* byte 2 of the same word */
	assert_int_equal(races(b), 0);
	race_guest_access(&b->r, 1, GPA, 2, false, SITE_B);   /* bytes 0 and 1: meets byte 0 */
	assert_int_equal(races(b), 1);
	bench_free(b);
}

#define PAGE_P 0x20000ull

/* How many whole writes the detector kept for their pages (the generation's). */
static unsigned kept_whole(const struct race *d)
{
	unsigned n = 0;
	for (unsigned i = 0; i < RACE_GUEST_PAGES; i++)
		if (d->guest_pages[i].gen == d->gen)
			n += d->guest_pages[i].whole;
	return n;
}

/*
 * A whole page written by a vCPU that every earlier access to it is
 * ordered before is kept once for the page (race.h, struct race_page),
 * not in its 512 cells: what comes after must see it as if each cell
 * held it.
 */
static void a_whole_page_write_is_kept_for_its_words(void **state)
{
	(void)state;
	struct bench *b = bench_new();
	/* vCPU 1 reads a word vCPU 0 wrote with the page: unordered. */
	race_guest_access(&b->r, 0, PAGE_P, PAGE_SIZE, true, SITE_A);
	race_guest_access(&b->r, 1, PAGE_P + 0x808, 8, false, SITE_B);
	assert_int_equal(races(b), 1);
	assert_non_null(strstr(b->rec.violations[0].message, "vCPU 0 wrote it at svsm/core/a.c:10"));
	/* A page another vCPU touched first: the whole write meets that read. */
	race_reset(&b->r);
	race_guest_access(&b->r, 1, PAGE_P + 16, 8, false, SITE_B);
	race_guest_access(&b->r, 0, PAGE_P, PAGE_SIZE, true, SITE_A);
	assert_int_equal(races(b), 2);
	/* Ordered by the lock: no race; a later write of vCPU 1 replaces vCPU 0's in that word. */
	race_reset(&b->r);
	race_guest_access(&b->r, 0, PAGE_P + 24, 8, true, SITE_A);
	race_guest_access(&b->r, 0, PAGE_P, PAGE_SIZE, true, SITE_A);
	race_release(&b->r, 0, &b->sv.lock);
	race_acquire(&b->r, 1, &b->sv.lock);
	race_guest_access(&b->r, 1, PAGE_P + 24, 8, true, SITE_B);
	assert_int_equal(races(b), 2);
	race_guest_access(&b->r, 0, PAGE_P + 24, 8, false, SITE_A);   /* not ordered after it */
	assert_int_equal(races(b), 3);
	assert_non_null(strstr(b->rec.violations[2].message, "vCPU 1 wrote it at svsm/core/b.c:20"));
	race_guest_access(&b->r, 0, PAGE_P + 32, 8, false, SITE_A);   /* vCPU 0's own write */
	assert_int_equal(races(b), 3);
	/* vCPU 1's read ordered before vCPU 0's whole write: kept for the page, and no race. */
	race_reset(&b->r);
	race_guest_access(&b->r, 1, PAGE_P + 40, 8, false, SITE_B);
	race_call_end(&b->r, 1);
	race_call_begin(&b->r, 0);
	race_guest_access(&b->r, 0, PAGE_P, PAGE_SIZE, true, SITE_A);
	assert_int_equal(kept_whole(&b->r), 1);
	assert_int_equal(races(b), 3);
	race_guest_access(&b->r, 1, PAGE_P + 40, 8, false, SITE_B);   /* but this one is not */
	assert_int_equal(races(b), 4);
	bench_free(b);
}

struct rng {
	uint64_t s;
};

static unsigned below(struct rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((r->s >> 33) % n);
}

/*
 * The same random accesses, locks and calls go to two detectors; in the
 * second, each whole page is written as eight pieces, which never counts
 * as a whole write: word by word, as every access was before pages were
 * kept. Both must report the same races, in the same words.
 */
static void a_whole_page_write_reports_what_its_words_would(void **state)
{
	(void)state;
	struct bench *whole = bench_new(), *pieces = bench_new();
	struct bench *both[2] = { whole, pieces };
	struct rng r = { 11 };
	unsigned reported = 0, kept = 0;
	for (unsigned op = 0; op < 20000; op++) {
		unsigned cpu = below(&r, 3), kind = below(&r, 20);
		uint64_t page = PAGE_P + (uint64_t)below(&r, 3) * PAGE_SIZE;
		uint64_t gpa = page + below(&r, PAGE_SIZE - 16);
		unsigned len = 1 + below(&r, 16);
		bool write = below(&r, 2);
		unsigned kept_before = kept_whole(&whole->r);
		for (unsigned k = 0; k < 2; k++) {
			struct race *d = &both[k]->r;
			if (kind == 0)
				race_reset(d);
			else if (kind < 3)
				race_acquire(d, cpu, &both[k]->sv.lock);
			else if (kind < 5)
				race_release(d, cpu, &both[k]->sv.lock);
			else if (kind < 6)
				race_call_begin(d, cpu);
			else if (kind < 7)
				race_call_end(d, cpu);
			else if (kind < 10 && k == 0)
				race_guest_access(d, cpu, page, PAGE_SIZE, true, SITE_A);
			else if (kind < 10)
				for (uint64_t piece = page; piece < page + PAGE_SIZE; piece += 512)
					race_guest_access(d, cpu, piece, 512, true, SITE_A);
			else
				race_guest_access(d, cpu, gpa, len, write, SITE_B);
		}
		if (kind != 0)
			kept += kept_whole(&whole->r) - kept_before;
		assert_int_equal(whole->rec.nviolations, pieces->rec.nviolations);
		for (unsigned i = 0; i < whole->rec.nviolations && i < RECORD_MAX_VIOLATIONS; i++)
			assert_string_equal(whole->rec.violations[i].message,
			                    pieces->rec.violations[i].message);
		reported += whole->rec.nviolations;
		whole->rec.nviolations = pieces->rec.nviolations = 0;
	}
	/* Races were met, and whole writes kept for their pages, or this proved little. */
	print_message("  %u races reported, %u whole-page writes kept for the page\n", reported,
	              kept);
	assert_true(reported > 500);
	assert_true(kept > 300);
	bench_free(whole);
	bench_free(pieces);
}

/* Held races are counted, not recorded (check and verify search so first). */
static void a_held_race_is_counted_only(void **state)
{
	(void)state;
	struct bench *b = bench_new();
	b->r.hold = true;
	race_guest_access(&b->r, 0, GPA, 8, true, SITE_A);
	race_guest_access(&b->r, 1, GPA, 8, true, SITE_B);
	assert_int_equal(races(b), 0);
	assert_int_equal(b->r.held, 1);
	bench_free(b);
}

/* An instruction's address becomes file:line; a field's offset its name. */
static void sites_and_fields_are_named(void **state)
{
	(void)state;
	struct race_site s = { .pc = (const char *)(uintptr_t)svsm_handle_request + 1 };
	const char *file;
	int line;
	assert_true(race_where(&s, &file, &line));
	assert_string_equal(file, "svsm/core/dispatch.c");
	assert_true(line > 0);
	char name[64];
	race_field_name(offsetof(struct svsm, vcpus[1].caa_gpa), name, sizeof(name));
	assert_string_equal(name, "sv->vcpus[1].caa_gpa");
	race_field_name(offsetof(struct svsm, validated) + 4, name, sizeof(name));
	assert_string_equal(name, "sv->validated[4]");
}

static bool module_instrumented(void)
{
	if (race_instrumented())
		return true;
	print_message("skipped: svsm/ is not built with -fsanitize=thread here (the ASan "
	              "build: ThreadSanitizer's instrumentation and ASan cannot be combined)\n");
	return false;
}

/*
 * vCPU 0's CREATE_VCPU of PAGE_A stops after its RMPADJUST, having read
 * sv->validated (is PAGE_A validated?); vCPU 1 rescinds PAGE_C, whose bit
 * shares that byte, and runs to its end. Without the lock (bug 4) that
 * write and that read meet unordered; with it, vCPU 1 waits.
 */
static void module_race(uint32_t bugs, bool race)
{
	struct sim *s = sim_new_with(bugs, 0, 2);
	struct sched sc;
	assert_int_equal(sched_init(&sc, s), 0);
	struct guest_args in = { .rcx = PAGE_A, .rdx = PAGE_B, .r8 = 2 };
	assert_int_equal(sched_start(&sc, 0, SVSM_PROTO_CORE, SVSM_CORE_CREATE_VCPU, &in), 0);
	while (sched_next(&sc, 0)->op != OP_RMPADJUST)
		assert_int_equal(sched_step(&sc, 0), SCHED_PAUSED);
	uint8_t req[16] = { 1 };   /* entries = 1, next = 0: rescind PAGE_C */
	uint64_t e = PVENTRY(PAGE_C, PSIZE_4K, false, false);
	memcpy(req + 8, &e, 8);
	assert_int_equal(guest_write(s, REQ_GPA, req, sizeof(req)).fault, FAULT_NONE);
	struct guest_args pv = { .rcx = REQ_GPA };
	assert_int_equal(sched_start(&sc, 1, SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE, &pv), 0);
	struct guest_result out;
	if (race) {
		assert_int_equal(sched_run_to_end(&sc, 1, &out), 0);
		assert_int_equal(sched_run_to_end(&sc, 0, &out), 0);
	} else {
		while (sched_step(&sc, 1) == SCHED_PAUSED)
			;
		assert_false(sched_runnable(&sc, 1));   /* waits for the lock */
		assert_int_equal(sched_run_to_end(&sc, 0, &out), 0);
		assert_int_equal(sched_run_to_end(&sc, 1, &out), 0);
	}
	if (!race) {
		assert_clean(s);
	} else {
		assert_true(violations_of(s, "no-data-race") >= 1);
		const struct violation *v = &s->rec.violations[0];
		assert_string_equal(v->clause, "no-data-race");
		assert_non_null(v->site.file);
		assert_int_equal(strncmp(v->site.file, "svsm/", 5), 0);
		assert_non_null(strstr(v->message, "vCPU 1 writes sv->validated[4] at svsm/"));
		assert_non_null(strstr(v->message, "vCPU 0 read it at svsm/"));
	}
	sched_free(&sc);
	sim_free(s);
}

static void the_module_without_its_lock_races(void **state)
{
	(void)state;
	if (!module_instrumented())
		skip();
	module_race(SVSM_BUG_BIT(BUG_CREATE_VCPU_NO_LOCK), true);
}

static void the_module_with_its_lock_does_not(void **state)
{
	(void)state;
	if (!module_instrumented())
		skip();
	module_race(0, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_unordered_pair_is_reported_with_both_sites),
		cmocka_unit_test(the_lock_orders_a_pair),
		cmocka_unit_test(one_vcpu_two_reads_and_two_bytes_are_no_race),
		cmocka_unit_test(a_whole_page_write_is_kept_for_its_words),
		cmocka_unit_test(a_whole_page_write_reports_what_its_words_would),
		cmocka_unit_test(a_held_race_is_counted_only),
		cmocka_unit_test(sites_and_fields_are_named),
		cmocka_unit_test(the_module_without_its_lock_races),
		cmocka_unit_test(the_module_with_its_lock_does_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
