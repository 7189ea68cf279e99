/*
 * test_conformance_inputs.c: the pure predicates of svsm/core/input_checks.c
 * against their define-funs in specs/inputs.smt2.
 *
 * Each predicate is called in C and its define-fun evaluated by Z3 on the
 * same arguments: every boundary of each (the values on both sides of
 * each edge, 0 and 2^64-1, the wrap of gpa + len), then random values.
 * The two must agree everywhere; a predicate with no define-fun, or one
 * Z3 cannot decide, fails too. The C call is heard through the observer,
 * which must report the arguments and the result it returned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "../../explorer/verify/input_spec.h"

#define RANDOM_VALUES 4000

static struct input_spec spec;
static struct input_note heard;
static unsigned nheard, compared, seen_true[INPUT_CHECK_COUNT], seen_false[INPUT_CHECK_COUNT];

static void hear(void *ctx, const struct input_note *n)
{
	(void)ctx;
	heard = *n;
	nheard++;
}

/* Call check in C on a, compare with Z3 on the define-fun. */
static void compare(enum input_check check, const uint64_t a[INPUT_CHECK_ARGS])
{
	bool c;
	nheard = 0;
	switch (check) {
	case INPUT_PAGE_ALIGNED:
		c = input_page_aligned(a[0]);
		break;
	case INPUT_WITHIN:
		c = input_within(a[0], a[1], a[2], a[3]);
		break;
	case INPUT_PROTOCOL_SUPPORTED:
		c = input_protocol_supported(a[0]);
		break;
	case INPUT_VTOM_QUERY:
		c = input_vtom_query(a[0]);
		break;
	case INPUT_SAME_PAGE:
		c = input_same_page(a[0], a[1]);
		break;
	case INPUT_2M_ALIGNED:
		c = input_2m_aligned(a[0]);
		break;
	case INPUT_APIC_ID_IS:
		c = input_apic_id_is(a[0], (uint32_t)a[1]);
		break;
	case INPUT_8_ALIGNED:
		c = input_8_aligned(a[0]);
		break;
	case INPUT_LIST_COUNTS_OK:
		c = input_list_counts_ok(a[0], a[1]);
		break;
	case INPUT_LIST_PENDING:
		c = input_list_pending(a[0], a[1]);
		break;
	case INPUT_ENTRY_RESERVED_CLEAR:
		c = input_entry_reserved_clear(a[0]);
		break;
	case INPUT_ENTRY_SIZE_IS:
		c = input_entry_size_is(a[0], a[1]);
		break;
	case INPUT_ENTRY_FLAG:
		c = input_entry_flag(a[0], a[1]);
		break;
	case INPUT_ENTRY_PLAIN_4K:
		c = input_entry_plain_4k(a[0]);
		break;
	default:
		fail_msg("predicate %d has no comparison here", check);
		return;
	}
	assert_int_equal(nheard, 1);
	assert_false(heard.lookup);
	assert_int_equal(heard.which, check);
	assert_int_equal(heard.result, c);
	for (unsigned i = 0; i < INPUT_CHECK_ARGS; i++)
		assert_int_equal(heard.arg[i], i < input_spec_arity(check) ? a[i] : 0);
	int z = input_spec_eval(&spec, &heard);
	if (z != (int)c)
		fail_msg("%s(0x%llx, 0x%llx, 0x%llx, 0x%llx): C says %d, specs/inputs.smt2 says %d",
		         input_spec_name(check), (unsigned long long)a[0], (unsigned long long)a[1],
		         (unsigned long long)a[2], (unsigned long long)a[3], c, z);
	compared++;
	(c ? seen_true : seen_false)[check]++;
}

static uint64_t rand64(void)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < 4; i++)
		v = v << 16 | (uint64_t)(rand() & 0xffff);
	return v;
}

/* The edges of one-value predicates: around 0, each bit, each 4K and 2M boundary, the top. */
static void edges_of_one(enum input_check check)
{
	static const uint64_t base[] = { 0, 1, 2, 0xfff, 0x1000, 0x1001, 0x200000, 0x201000,
	                                 0x400000, 0xffffffffull,
	                                 0x100000000ull, 0x100000001ull, 0x100000002ull,
	                                 0x200000001ull, 0xffffffff00000001ull, UINT64_MAX };
	for (unsigned i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		for (int d = -1; d <= 1; d++)
			compare(check, (uint64_t[INPUT_CHECK_ARGS]){ base[i] + (uint64_t)d });
	for (unsigned bit = 0; bit < 64; bit++) {
		compare(check, (uint64_t[INPUT_CHECK_ARGS]){ 1ull << bit });
		compare(check, (uint64_t[INPUT_CHECK_ARGS]){ (1ull << bit) | 1 });
		compare(check, (uint64_t[INPUT_CHECK_ARGS]){ ~(1ull << bit) });
	}
	for (unsigned i = 0; i < RANDOM_VALUES; i++)
		compare(check, (uint64_t[INPUT_CHECK_ARGS]){ rand64() });
}

static void one_value_predicates_agree_with_their_define_funs(void **state)
{
	(void)state;
	const enum input_check one[] = { INPUT_PAGE_ALIGNED, INPUT_PROTOCOL_SUPPORTED,
	                                 INPUT_VTOM_QUERY, INPUT_2M_ALIGNED, INPUT_8_ALIGNED,
	                                 INPUT_ENTRY_RESERVED_CLEAR, INPUT_ENTRY_PLAIN_4K };
	for (unsigned i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		edges_of_one(one[i]);
		/* Both answers met: a comparison that saw only one proves little. */
		assert_true(seen_true[one[i]] > 0 && seen_false[one[i]] > 0);
	}
}

/*
 * input_within at every edge of regions like the module's (guest RAM,
 * module memory), of a region ending at 2^64, and of an empty one: gpa
 * below, at and past each end, lengths 0, a page, the rest, one more,
 * and lengths that make gpa + len wrap.
 */
static void within_agrees_with_its_define_fun(void **state)
{
	(void)state;
	static const uint64_t regions[][2] = {
		{ 0x8000, 0x38000 }, { 0, 0x8000 }, { 0xfffffffffffff000ull, 0x1000 },
		{ 0x1000, 0 }, { 0, UINT64_MAX },
	};
	for (unsigned r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
		uint64_t base = regions[r][0], size = regions[r][1];
		const uint64_t gpas[] = { 0, base - 0x1000, base - 1, base, base + 1, base + 0x1000,
		                          base + size - 0x1000, base + size - 1, base + size,
		                          base + size + 1, base + size + 0x1000, UINT64_MAX,
		                          UINT64_MAX - 0xfff };
		for (unsigned g = 0; g < sizeof(gpas) / sizeof(gpas[0]); g++) {
			uint64_t off = gpas[g] - base;
			const uint64_t lens[] = { 0, 1, 0x1000, 0x200000, size - off, size - off + 1,
			                          size - off - 1, UINT64_MAX, UINT64_MAX - gpas[g] + 1,
			                          UINT64_MAX - gpas[g] };
			for (unsigned l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
				compare(INPUT_WITHIN, (uint64_t[INPUT_CHECK_ARGS]){ gpas[g], lens[l], base,
				                                                    size });
		}
	}
	for (unsigned i = 0; i < RANDOM_VALUES; i++) {
		uint64_t base = rand64() & 0xfffffffff000ull, size = rand64() & 0xffffff000ull;
		uint64_t gpa = (i & 1) ? base + (rand64() % (size + 0x2000)) - 0x1000 : rand64();
		compare(INPUT_WITHIN, (uint64_t[INPUT_CHECK_ARGS]){ gpa, rand64() % 0x400000, base,
		                                                    size });
	}
	assert_true(seen_true[INPUT_WITHIN] > 0 && seen_false[INPUT_WITHIN] > 0);
}

/* input_same_page on both sides of each page edge of a few pages, and random pairs. */
static void same_page_agrees_with_its_define_fun(void **state)
{
	(void)state;
	static const uint64_t pages[] = { 0, 0x8000, 0x3f000, 0xfffffffffffff000ull };
	static const int64_t offs[] = { -0x1001, -0x1000, -1, 0, 1, 0xfff, 0x1000, 0x1001 };
	for (unsigned p = 0; p < sizeof(pages) / sizeof(pages[0]); p++)
		for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
			for (unsigned j = 0; j < sizeof(offs) / sizeof(offs[0]); j++)
				compare(INPUT_SAME_PAGE, (uint64_t[INPUT_CHECK_ARGS]){
				        pages[p] + (uint64_t)offs[i], pages[p] + (uint64_t)offs[j] });
	for (unsigned i = 0; i < RANDOM_VALUES; i++) {
		uint64_t a = rand64();
		compare(INPUT_SAME_PAGE, (uint64_t[INPUT_CHECK_ARGS]){ a, (i & 1) ? rand64()
		                                                              : a ^ (rand64() & 0x1fff) });
	}
	assert_true(seen_true[INPUT_SAME_PAGE] > 0 && seen_false[INPUT_SAME_PAGE] > 0);
}

/*
 * input_apic_id_is: R8 equal to the ID, one off, the ID with each bit
 * flipped (in the low half: another ID; in the upper: ignored), for IDs
 * at the edges of 32 bits; random.
 */
static void apic_id_agrees_with_its_define_fun(void **state)
{
	(void)state;
	static const uint32_t ids[] = { 0, 1, 2, 7, 0x7fffffff, 0x80000000, 0xffffffff };
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		uint64_t id = ids[i];
		for (int d = -1; d <= 1; d++)
			compare(INPUT_APIC_ID_IS, (uint64_t[INPUT_CHECK_ARGS]){ id + (uint64_t)d, id });
		for (unsigned bit = 0; bit < 64; bit++)
			compare(INPUT_APIC_ID_IS, (uint64_t[INPUT_CHECK_ARGS]){ id ^ 1ull << bit, id });
		compare(INPUT_APIC_ID_IS, (uint64_t[INPUT_CHECK_ARGS]){ ~id, id });
	}
	for (unsigned i = 0; i < RANDOM_VALUES; i++) {
		uint64_t id = rand64() & 0xffffffffu;
		uint64_t r8 = (i & 1) ? rand64() : (rand64() & ~0xffffffffull) | id;
		compare(INPUT_APIC_ID_IS, (uint64_t[INPUT_CHECK_ARGS]){ r8, id });
	}
	assert_true(seen_true[INPUT_APIC_ID_IS] > 0 && seen_false[INPUT_APIC_ID_IS] > 0);
}

/* A header word of entries and next, its reserved half set or not. */
static uint64_t header_of(uint64_t entries, uint64_t next, uint64_t reserved)
{
	return (entries & 0xffff) | (next & 0xffff) << 16 | reserved << 32;
}

/*
 * The list predicates: entries and next at 0, 1, each other, one apart,
 * the room of every offset an 8-aligned list can start at (and the
 * misaligned ones, where room wraps), the top of 16 bits; k from 0 past
 * the count, and 2^64-1 (where next + k wraps); random words.
 */
static void list_predicates_agree_with_their_define_funs(void **state)
{
	(void)state;
	static const uint64_t counts[] = { 0, 1, 2, 3, 0x1fe, 0x1ff, 0x200, 0xfffe, 0xffff };
	static const uint64_t offs[] = { 0, 8, 0x10, 0xfe8, 0xff0, 0xff4, 0xff8, 0xffc, 0xfff };
	static const uint64_t ks[] = { 0, 1, 2, 0xffff, 0x10000, UINT64_MAX };
	for (unsigned e = 0; e < sizeof(counts) / sizeof(counts[0]); e++)
		for (unsigned n = 0; n < sizeof(counts) / sizeof(counts[0]); n++)
			for (uint64_t rsv = 0; rsv < 2; rsv++) {
				uint64_t h = header_of(counts[e], counts[n], rsv ? 0xffffffffull : 0);
				for (unsigned o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
					compare(INPUT_LIST_COUNTS_OK, (uint64_t[INPUT_CHECK_ARGS]){
					        h, 0x9000 + offs[o] });
				for (unsigned k = 0; k < sizeof(ks) / sizeof(ks[0]); k++)
					compare(INPUT_LIST_PENDING, (uint64_t[INPUT_CHECK_ARGS]){ h, ks[k] });
			}
	/* Each count against every room an 8-aligned offset gives. */
	for (uint64_t off = 0; off < 0x1000; off += 8)
		for (uint64_t entries = 0; entries <= 0x200; entries += 0x1ff)
			for (int d = -1; d <= 1; d++)
				compare(INPUT_LIST_COUNTS_OK, (uint64_t[INPUT_CHECK_ARGS]){
				        header_of((0xff8 - off) / 8 + entries + (uint64_t)d, 0, 0),
				        0x20000 + off });
	for (unsigned i = 0; i < RANDOM_VALUES; i++) {
		uint64_t h = (i & 1) ? rand64() : header_of(rand64() % 4, rand64() % 4, rand64());
		compare(INPUT_LIST_COUNTS_OK, (uint64_t[INPUT_CHECK_ARGS]){ h, rand64() });
		compare(INPUT_LIST_PENDING, (uint64_t[INPUT_CHECK_ARGS]){ h, rand64() % 4 });
	}
	assert_true(seen_true[INPUT_LIST_COUNTS_OK] > 0 && seen_false[INPUT_LIST_COUNTS_OK] > 0);
	assert_true(seen_true[INPUT_LIST_PENDING] > 0 && seen_false[INPUT_LIST_PENDING] > 0);
}

/*
 * The entry predicates with a second argument: each size 0 to 3 (and
 * sizes no entry has: 4, 2^64-1) against entries of each size; each flag
 * bit, and masks of several bits, against entries with it set or clear.
 */
static void entry_predicates_agree_with_their_define_funs(void **state)
{
	(void)state;
	static const uint64_t sizes[] = { 0, 1, 2, 3, 4, 0x100000001ull, UINT64_MAX };
	static const uint64_t flags[] = { 0, 1ull << 2, 1ull << 3, 0xc, 1ull << 63, UINT64_MAX };
	for (uint64_t low = 0; low < 0x20; low++) {
		uint64_t entries[] = { low, 0x20000 | low, 0xfffffffffffff000ull | low };
		for (unsigned e = 0; e < 3; e++) {
			for (unsigned z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
				compare(INPUT_ENTRY_SIZE_IS, (uint64_t[INPUT_CHECK_ARGS]){ entries[e],
				                                                           sizes[z] });
			for (unsigned f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
				compare(INPUT_ENTRY_FLAG, (uint64_t[INPUT_CHECK_ARGS]){ entries[e],
				                                                        flags[f] });
		}
	}
	for (unsigned i = 0; i < RANDOM_VALUES; i++) {
		uint64_t e = rand64();
		compare(INPUT_ENTRY_SIZE_IS, (uint64_t[INPUT_CHECK_ARGS]){ e, rand64() % 4 });
		compare(INPUT_ENTRY_FLAG, (uint64_t[INPUT_CHECK_ARGS]){ e, 1ull << (rand64() % 64) });
	}
	assert_true(seen_true[INPUT_ENTRY_SIZE_IS] > 0 && seen_false[INPUT_ENTRY_SIZE_IS] > 0);
	assert_true(seen_true[INPUT_ENTRY_FLAG] > 0 && seen_false[INPUT_ENTRY_FLAG] > 0);
}

/* Every predicate of the enum met a comparison above (a new one needs its edges here). */
static void every_predicate_is_compared(void **state)
{
	(void)state;
	for (unsigned c = 0; c < INPUT_CHECK_COUNT; c++)
		if (seen_true[c] + seen_false[c] == 0)
			fail_msg("%s is compared with its C predicate nowhere", input_spec_name(c));
	printf("# %u comparisons of C with specs/inputs.smt2\n", compared);
}

static int open_spec(void **state)
{
	(void)state;
	srand(12);
	input_checks_observe(hear, NULL);
	if (input_spec_open(&spec) != 0) {
		fprintf(stderr, "%s\n", spec.error);
		return -1;
	}
	return 0;
}

static int close_spec(void **state)
{
	(void)state;
	input_checks_observe(NULL, NULL);
	input_spec_close(&spec);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_value_predicates_agree_with_their_define_funs),
		cmocka_unit_test(within_agrees_with_its_define_fun),
		cmocka_unit_test(same_page_agrees_with_its_define_fun),
		cmocka_unit_test(apic_id_agrees_with_its_define_fun),
		cmocka_unit_test(list_predicates_agree_with_their_define_funs),
		cmocka_unit_test(entry_predicates_agree_with_their_define_funs),
		cmocka_unit_test(every_predicate_is_compared),
	};
	return cmocka_run_group_tests(tests, open_spec, close_spec);
}
