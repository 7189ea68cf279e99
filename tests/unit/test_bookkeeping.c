/*
 * test_bookkeeping.c: the module's bookkeeping clauses (explorer/ghost/
 * bookkeeping.c) on real machines: they hold on a booted machine and
 * after the correct module's calls, and each part, broken in the state a
 * call leaves, is reported as its clause, once, and only at rest.
 */
#include "sim_fixture.h"

/* What the simulator runs after a call: the bookkeeping clauses, now. */
static void judge(struct sim *s)
{
	ghost_bookkeeping(GHOST(s), 0);
}

/* The clause fired exactly once, and nothing else did. */
static void assert_only(const struct sim *s, const char *clause)
{
	if (s->rec.nviolations != 1 || violations_of(s, clause) != 1) {
		report_all(stdout, &s->rec);
		fail_msg("expected one violation of %s, got %u", clause, s->rec.nviolations);
	}
}

static void booted_machine_keeps_its_books(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct bookkeeping bk;
	bookkeeping_of(&s->sv, &bk);
	assert_true(clause_bitmap_covers_validated(&s->m, &bk, NULL));
	assert_true(clause_bookkeeping_matches_owners(s->ghost.owner, s->m.npages, &bk, NULL));
	assert_true(clause_vcpus_idle_between_calls(bk.busy, 0));
	assert_true(clause_module_memory_never_guests(s->ghost.owner, s->m.npages, &bk, NULL));
	/* What the booted module lists: vCPU 0's VMSA and CAA, all guest RAM validated. */
	const struct svsm_params *p = sim_layout(s);
	assert_true(bookkeeping_has(bk.vmsas, (unsigned)(p->boot_vmsa_gpa >> PAGE_SHIFT)));
	assert_true(bookkeeping_has(bk.caas, (unsigned)(p->boot_caa_gpa >> PAGE_SHIFT)));
	assert_true(bookkeeping_has(bk.bitmap, (unsigned)(PAGE_A >> PAGE_SHIFT)));
	assert_false(bookkeeping_has(bk.bitmap, (unsigned)(MODULE_PAGE >> PAGE_SHIFT)));
	assert_true(bookkeeping_has(bk.ram, (unsigned)((RAM_END >> PAGE_SHIFT) - 1)));
	assert_false(bookkeeping_has(bk.ram, (unsigned)(RAM_END >> PAGE_SHIFT)));
	assert_clean(s);
	sim_free(s);
}

/* Every call that changes the tables, on the correct module: the clauses hold after each. */
static void correct_module_keeps_its_books(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);   /* rescind */
	assert_int_equal(pvalidate_page(s, PAGE_A, true, false), SVSM_SUCCESS);    /* validate */
	put_vmsa(s, PAGE_A, sim_layout(s)->guest_vmpl, EFER_SVME, sim_layout(s)->sev_features);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B, 1, NULL),
	                 SVSM_SUCCESS);
	uint64_t page = PAGE_C;
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, &page, 1), SVSM_SUCCESS);
	assert_int_equal(owner_at(s, PAGE_C), OWNER_MODULE);
	assert_int_equal(list_call(s, SVSM_CORE_WITHDRAW_MEM, REQ_GPA, &page, 1), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_REMAP_CA, PAGE_D, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_A, 0, 0, NULL), SVSM_SUCCESS);
	assert_clean(s);
	sim_free(s);
}

/* A validated guest page whose bit is clear: the owners say SHARED too, so only the machine disagrees. */
static void bit_clear_over_a_validated_page(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	unsigned g = (unsigned)(PAGE_A >> PAGE_SHIFT);
	s->sv.validated[g / 8] &= (uint8_t)~(1u << (g % 8));
	ghost_set_owner(&s->ghost, g, OWNER_SHARED);
	assert_true(rmp_of(s, PAGE_A)->validated);
	judge(s);
	assert_only(s, "bitmap-covers-validated");
	sim_free(s);
}

/* Each table of the module against the owners, one page made wrong at a time. */
static void tables_that_disagree_with_the_owners(void **state)
{
	(void)state;
	enum { VMSA_UNLISTED, VMSA_LISTED, CAA_UNOWNED, POOL_UNOWNED, MODULE_UNPOOLED, BIT_OF_SHARED,
	       CASES };
	for (unsigned k = 0; k < CASES; k++) {
		struct sim *s = sim_new(0);
		unsigned a = (unsigned)(PAGE_A >> PAGE_SHIFT);
		switch (k) {
		case VMSA_UNLISTED:    /* a page the owners call a VMSA, in no slot */
			ghost_set_owner(&s->ghost, a, OWNER_VMSA);
			break;
		case VMSA_LISTED:      /* a slot's VMSA that the owners call the guest's */
			s->sv.vcpus[1] = (struct svsm_vcpu){ .used = true, .vmsa_gpa = PAGE_A,
			                                     .caa_gpa = sim_layout(s)->boot_caa_gpa };
			break;
		case CAA_UNOWNED:      /* vCPU 0's CAA given back behind the registry's back */
			ghost_set_owner(&s->ghost, sim_layout(s)->boot_caa_gpa >> PAGE_SHIFT, OWNER_GUEST);
			break;
		case POOL_UNOWNED:     /* a pool page the guest owns */
			s->sv.pool[a / 8] |= (uint8_t)(1u << (a % 8));
			s->sv.pool_count++;
			break;
		case MODULE_UNPOOLED:  /* a guest page the module holds, not in the pool */
			ghost_set_owner(&s->ghost, a, OWNER_MODULE);
			break;
		case BIT_OF_SHARED:    /* a bit set for a page that is not validated any more */
			ghost_set_owner(&s->ghost, a, OWNER_SHARED);
			break;
		}
		judge(s);
		assert_only(s, "bookkeeping-matches-owners");
		sim_free(s);
	}
}

/* A page of the guest holding what only the module may read; the same page in the pool is fine. */
static void guest_page_with_secret_contents(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t spa = npt_lookup(&s->m, PAGE_A);
	s->m.label[spa >> PAGE_SHIFT] = LABEL_VMPL(0);
	judge(s);
	assert_only(s, "guest-pages-hold-no-secrets");
	sim_free(s);

	s = sim_new(0);
	unsigned a = (unsigned)(PAGE_A >> PAGE_SHIFT);
	s->m.label[spa >> PAGE_SHIFT] = LABEL_VMPL(0);
	ghost_set_owner(&s->ghost, a, OWNER_MODULE);   /* quarantined: the module's */
	s->sv.pool[a / 8] |= (uint8_t)(1u << (a % 8));
	s->sv.pool_count++;
	judge(s);
	assert_clean(s);
	sim_free(s);
}

/*
 * A page of module memory the owners call the guest's or shared: a spare
 * module page, its first and its last, holding public data (as the boot
 * VMSA does, which the mutant dv-boot-vmsa-check hands over; a page with
 * the module's secrets would break guest-pages-hold-no-secrets too).
 * Guest RAM that is the guest's, and a page past the machine's end, are
 * fine.
 */
static void module_memory_given_to_the_guest(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++)
		for (uint8_t o = OWNER_GUEST; o <= OWNER_SHARED; o++) {
			struct sim *s = sim_new(0);
			const struct svsm_params *l = sim_layout(s);
			const uint64_t pages[] = { MODULE_PAGE, l->svsm_base,
			                           l->svsm_base + l->svsm_size - PAGE_SIZE };
			ghost_set_owner(&s->ghost, pages[i] >> PAGE_SHIFT, o);
			s->m.label[npt_lookup(&s->m, pages[i]) >> PAGE_SHIFT] = LABEL_PUBLIC;
			judge(s);
			assert_only(s, "module-memory-never-guests");
			sim_free(s);
		}
	struct sim *s = sim_new(0);
	struct bookkeeping bk;
	bookkeeping_of(&s->sv, &bk);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_GUEST);
	assert_true(clause_module_memory_never_guests(s->ghost.owner, s->m.npages, &bk, NULL));
	uint8_t owner[MACHINE_MAX_PAGES];
	memcpy(owner, s->ghost.owner, sizeof(owner));
	owner[s->m.npages] = OWNER_GUEST;   /* past memory: no page, nobody's to give */
	assert_true(clause_module_memory_never_guests(owner, s->m.npages, &bk, NULL));
	sim_free(s);
}

static void activity_left_busy(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	s->sv.vcpus[0].activity = VCPU_DELETING;
	judge(s);
	assert_only(s, "vcpus-idle-between-calls");
	sim_free(s);
}

/* A call under way is not at rest; a breach is reported when it appears, again once healed and back. */
static void judged_at_rest_and_once(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	s->sv.vcpus[0].activity = VCPU_SERVING;
	s->calls[0].active = true;
	judge(s);   /* vCPU 0's own call: serving is right */
	s->calls[0].active = false;
	s->calls[1].active = true;
	judge(s);   /* another call under way: not judged at all */
	assert_clean(s);
	s->calls[1].active = false;
	judge(s);
	judge(s);
	assert_only(s, "vcpus-idle-between-calls");
	s->sv.vcpus[0].activity = VCPU_IDLE;
	judge(s);
	s->sv.vcpus[0].activity = VCPU_REPLACING;
	judge(s);
	assert_int_equal(violations_of(s, "vcpus-idle-between-calls"), 2);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(booted_machine_keeps_its_books),
		cmocka_unit_test(correct_module_keeps_its_books),
		cmocka_unit_test(bit_clear_over_a_validated_page),
		cmocka_unit_test(tables_that_disagree_with_the_owners),
		cmocka_unit_test(guest_page_with_secret_contents),
		cmocka_unit_test(module_memory_given_to_the_guest),
		cmocka_unit_test(activity_left_busy),
		cmocka_unit_test(judged_at_rest_and_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
