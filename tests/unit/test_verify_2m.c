/*
 * test_verify_2m.c: the cases of `svsmlab verify` on the large machine
 * (explorer/verify/cases_2m.c) set up what their titles say.
 *
 * A setup step the machine refuses (a hypervisor RMPUPDATE the RMP does
 * not allow, say) is no error in a trace, so a case whose setup went
 * wrong would verify something else without a word. Here each 2M case is
 * run plainly on its large machine, its setup's calls and its own call to
 * their ends: the setup's calls succeed, the RMP holds the 2M entry (or
 * the 4K entries) the title names, and the call does to the 512 pages
 * what the module should, with the answer it should give. The hypervisor
 * may PSMASH the range, take it back or give it back bare in the middle
 * of the call exactly in the cases where it is a 2M entry; three such
 * runs of a 2M validate, made plainly, check the quarantine each leads
 * to. And the correct module verifies every case, Z3 asked, with the
 * paths that show the moves are made.
 */
#include "verify_fixture.h"
#include "../../explorer/verify/verifier.h"
#include "../../svsm/core/pages.h"

#define RANGE 0x200000ull
#define FIRST_PAGE (RANGE >> PAGE_SHIFT)
#define INNER (RANGE + PAGE_SIZE)

/* What the RMP holds for the range after the call. */
enum shape { ENTRY_2M, ENTRIES_4K };
enum valid { NONE_VALID, ALL_VALID, ALL_BUT_INNER };

struct expect {
	const char *title;
	uint32_t rax;
	enum shape shape;
	enum valid valid;
};

static const struct expect cases[] = {
	{ "validate the 2M range as a 2M page (a 2M entry, rescinded first)", SVSM_SUCCESS,
	  ENTRY_2M, ALL_VALID },
	{ "validate the 2M range as a 2M page (a 2M entry, validated)",
	  SVSM_PVALIDATE_FAIL_UNCHANGED, ENTRY_2M, ALL_VALID },
	{ "rescind the 2M range as a 2M page (a 2M entry, validated)", SVSM_SUCCESS, ENTRY_2M,
	  NONE_VALID },
	{ "rescind the 2M range as a 2M page holding the CAA (a 2M entry)",
	  SVSM_ERR_INVALID_ADDRESS, ENTRY_2M, ALL_VALID },
	{ "validate a 4K page in a 2M entry (rescinded first)", SVSM_ERR_INVALID_ADDRESS,
	  ENTRY_2M, NONE_VALID },
	{ "rescind a 4K page in a 2M entry (validated)", SVSM_ERR_INVALID_ADDRESS, ENTRY_2M,
	  ALL_VALID },
	{ "rescind a 2M page at a GPA not 2M-aligned (from the page before the 2M range)",
	  SVSM_ERR_INVALID_ADDRESS, ENTRIES_4K, ALL_VALID },
	{ "validate the 2M range as a 2M page over 4K entries (rescinded first)",
	  SVSM_PVALIDATE_FAIL_SIZEMISMATCH, ENTRIES_4K, NONE_VALID },
	{ "rescind the 2M range as a 2M page over 4K entries (validated)",
	  SVSM_PVALIDATE_FAIL_SIZEMISMATCH, ENTRIES_4K, ALL_VALID },
	{ "rescind a 4K page of a validated 2M entry after a PSMASH", SVSM_SUCCESS, ENTRIES_4K,
	  ALL_BUT_INNER },
	{ "validate the 2M range as a 2M page after a PSMASH (rescinded first)",
	  SVSM_PVALIDATE_FAIL_SIZEMISMATCH, ENTRIES_4K, NONE_VALID },
	/* CREATE_VCPU: refused (AMD's erratum), the range untouched. */
	{ "a valid VMSA at the 2M range's first page (2M-aligned)", SVSM_ERR_INVALID_PARAMETER,
	  ENTRIES_4K, ALL_VALID },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* The module runs vcpu's call to its end and answers it. */
static struct guest_result finish(struct start *st, unsigned vcpu)
{
	struct trace_step step = { .action = T_STEP, .vcpu = vcpu };
	char why[128];
	while (sched_runnable(st->sc, vcpu))
		if (trace_apply(st->sc, &step, why, sizeof(why)) != 0)
			fail_msg("a step of the module: %s", why);
	struct guest_result out;
	assert_int_equal(sched_finish(st->sc, vcpu, &out), 0);
	return out;
}

/*
 * The guest's own data in every page of the range first (it is validated
 * at boot), so that a page the call should have zeroed and did not shows;
 * then the setup, each of its calls answered SUCCESS, then the case's
 * call, made: the module stands before its first HAL call.
 */
static void start_case(struct start *st, const struct vcase *c)
{
	char why[128];
	static const char mark[] = "the guest's data";
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		assert_true(hw_succeeded(guest_write(st->s, RANGE + (uint64_t)i * PAGE_SIZE, mark,
		                                     sizeof(mark))));
	for (size_t i = 0; i < c->setup.n; i++) {
		const struct trace_step *s = &c->setup.steps[i];
		if (s->action == T_FINISH)
			continue;   /* collected by finish() */
		if (trace_apply(st->sc, s, why, sizeof(why)) != 0)
			fail_msg("%s: setup step %zu: %s", c->title, i, why);
		if (s->action == T_CALL && finish(st, s->vcpu).rax != SVSM_SUCCESS)
			fail_msg("%s: setup call at step %zu failed", c->title, i);
	}
	assert_int_equal(c->ncalls, 1);
	struct trace_step call = { .action = T_CALL, .vcpu = c->call[0].vcpu };
	call.call.protocol = SVSM_PROTO_CORE;
	call.call.call = c->call[0].call;
	call.call.args = c->call[0].args;
	if (trace_apply(st->sc, &call, why, sizeof(why)) != 0)
		fail_msg("%s: the call: %s", c->title, why);
}

/* The case of that title among cs, or a failure. */
static const struct vcase *case_titled(const struct vcases *cs, const char *title)
{
	for (unsigned i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].title, title) == 0)
			return &cs->c[i];
	fail_msg("no case '%s'", title);
	return NULL;
}

/* Every entry of the range as the shape says, bound to its GPA and validated as valid says. */
static void check_range(const struct machine *m, const struct expect *x)
{
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		const struct rmp_entry *e = &m->rmp[FIRST_PAGE + i];
		uint64_t gpa = RANGE + (uint64_t)i * PAGE_SIZE;
		bool valid = x->valid == ALL_VALID || (x->valid == ALL_BUT_INNER && gpa != INNER);
		if (!e->assigned || e->asid != m->asid || e->gpa != gpa || e->validated != valid ||
		    e->page_size != (x->shape == ENTRY_2M ? PSIZE_2M : PSIZE_4K))
			fail_msg("%s: the entry of 0x%llx is not as expected", x->title,
			         (unsigned long long)gpa);
	}
}

/* A 2M page the guest was given holds zeros, and its VMPL may read and write all of it. */
static void check_granted(struct sim *s, const struct expect *x)
{
	static uint8_t page[PAGE_SIZE], zero[PAGE_SIZE];
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		uint64_t gpa = RANGE + (uint64_t)i * PAGE_SIZE;
		assert_true(hw_succeeded(guest_peek(s, gpa, page, sizeof(page))));
		if (memcmp(page, zero, sizeof(page)) != 0)
			fail_msg("%s: page 0x%llx is not zero", x->title, (unsigned long long)gpa);
		assert_int_equal(s->m.rmp[FIRST_PAGE + i].perms[s->m.guest_vmpl], PERM_ALL);
	}
}

static void each_2m_case_sets_up_what_it_says(void **state)
{
	(void)state;
	struct verify_options o;
	verify_defaults(&o);   /* every handler's cases */
	struct vcases cs;
	char err[256];
	if (inputs_build(&cs, &o, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	unsigned large = 0;
	for (unsigned i = 0; i < cs.n; i++)
		large += cs.c[i].setup.cfg.machine.pages == MACHINE_MAX_PAGES;
	assert_int_equal(large, NCASES);   /* no 2M case here is left untested */
	for (unsigned k = 0; k < NCASES; k++) {
		const struct vcase *c = case_titled(&cs, cases[k].title);
		assert_int_equal(c->setup.cfg.machine.pages, MACHINE_MAX_PAGES);
		struct start st;
		if (start_open(&st, &c->setup, err, sizeof(err)) != 0)
			fail_msg("%s: %s", c->title, err);
		start_case(&st, c);
		/* The hypervisor may move the range mid-call exactly when it is a 2M entry then. */
		bool is_2m = st.s->m.rmp[FIRST_PAGE].page_size == PSIZE_2M;
		if ((c->range_2m == RANGE) != is_2m || (c->range_2m != RANGE && c->range_2m))
			fail_msg("%s: the range's moves %s made, the range %s a 2M entry", c->title,
			         c->range_2m ? "are" : "are not", is_2m ? "is" : "is not");
		uint32_t rax = finish(&st, c->call[0].vcpu).rax;
		if (rax != cases[k].rax)
			fail_msg("%s: answered 0x%x, not 0x%x", c->title, rax, cases[k].rax);
		check_range(&st.s->m, &cases[k]);
		if (c->call[0].call == SVSM_CORE_PVALIDATE && cases[k].rax == SVSM_SUCCESS &&
		    cases[k].valid == ALL_VALID)
			check_granted(st.s, &cases[k]);
		start_close(&st);
	}
	inputs_free(&cs);
}

/*
 * After a 2M validate that failed once its PVALIDATE took effect: every
 * page of the range is the module's, in its pool (the quarantine), the
 * guest was given access to none, and no run-time check objected.
 */
static void check_quarantined(const struct start *st)
{
	assert_int_equal(st->s->sv.pool_count, PAGES_PER_2M);
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		const struct rmp_entry *e = &st->s->m.rmp[FIRST_PAGE + i];
		uint64_t gpa = RANGE + (uint64_t)i * PAGE_SIZE;
		if (st->s->ghost.owner[FIRST_PAGE + i] != OWNER_MODULE || !in_pool(&st->s->sv, gpa) ||
		    e->perms[st->s->m.guest_vmpl] != 0)
			fail_msg("page 0x%llx is not a page of the module's pool", (unsigned long long)gpa);
	}
	assert_int_equal(st->s->rec.nviolations, 0);
}

/*
 * The 2M validate of the range (a 2M entry, rescinded first), made
 * plainly, with the hypervisor's move mv just before vCPU 0's nth HAL
 * call of op (counting from 1), as verify makes it (paths.c): the call
 * answers rax and the range is quarantined. *st is left open for the
 * caller's own checks; its cases are kept in *cs.
 */
static void validate_2m_with(struct vcases *cs, struct start *st, enum sim_op op, unsigned nth,
                             const struct trace_step *mv, uint32_t rax)
{
	struct verify_options o;
	verify_defaults(&o);
	char err[256];
	if (inputs_build(cs, &o, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	const struct vcase *c =
		case_titled(cs, "validate the 2M range as a 2M page (a 2M entry, rescinded first)");
	assert_int_equal(c->range_2m, RANGE);   /* verify may move it mid-call */
	if (start_open(st, &c->setup, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	start_case(st, c);
	struct trace_step step = { .action = T_STEP, .vcpu = 0 };
	const struct sim_event *ev;
	unsigned seen = 0;
	while ((ev = sched_next(st->sc, 0)) && (ev->op != op || ++seen < nth))
		assert_int_equal(trace_apply(st->sc, &step, err, sizeof(err)), 0);
	assert_non_null(ev);
	assert_int_equal(trace_apply(st->sc, mv, err, sizeof(err)), 0);
	assert_int_equal(finish(st, 0).rax, rax);
	check_quarantined(st);
}

/*
 * The hypervisor's PSMASH in the middle of a 2M validate: after the
 * PVALIDATE and the 512 zeroes, just before the grant. The 2M RMPADJUST
 * then fails (FAIL_SIZEMISMATCH) and the module must keep every page of
 * the range, validated by it, in its pool: the guest gets none of them,
 * and no page is left validated behind the guest's back with no one
 * owning it.
 */
static void psmash_before_the_grant_sends_all_512_pages_to_the_pool(void **state)
{
	(void)state;
	struct vcases cs;
	struct start st;
	struct trace_step smash = { .action = T_PSMASH };
	smash.map.spa = RANGE;
	validate_2m_with(&cs, &st, OP_RMPADJUST, 1, &smash, SVSM_PVALIDATE_FAIL_SIZEMISMATCH);
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		const struct rmp_entry *e = &st.s->m.rmp[FIRST_PAGE + i];
		if (e->page_size != PSIZE_4K || !e->validated)
			fail_msg("entry %u is not a validated 4K entry", i);
	}
	start_close(&st);
	inputs_free(&cs);
}

/*
 * The hypervisor RMPUPDATEs the range between the 100th and the 101st of
 * the 512 zeroes of a 2M validate, as verify does (paths.c, range_moves):
 * takes it back (unassigned) or gives it back to the guest as it was
 * bound, with nothing validated. The next zero faults, so the call fails
 * where without the move it succeeds, and the 512 pages, which the
 * PVALIDATE made the guest's, must all go to the pool: the quarantine
 * that the mutant pv2m-quarantine-first-page cuts to the first page.
 */
static void rmpupdates_between_the_zeroes_send_all_512_pages_to_the_pool(void **state)
{
	(void)state;
	for (unsigned give = 0; give < 2; give++) {
		struct vcases cs;
		struct start st;
		struct trace_step mv = { .action = T_RMPUPDATE };
		mv.rmpupdate.spa = RANGE;
		mv.rmpupdate.u = (struct rmp_update){ .assigned = give, .page_size = PSIZE_2M,
		                                      .asid = give ? 1 : 0,   /* the guest's (the default) */
		                                      .gpa = give ? RANGE : 0 };
		validate_2m_with(&cs, &st, OP_ZERO_PAGE, 101, &mv, SVSM_ERR_INVALID_ADDRESS);
		for (unsigned i = 0; i < PAGES_PER_2M; i++) {
			const struct rmp_entry *e = &st.s->m.rmp[FIRST_PAGE + i];
			if (e->assigned != give || e->validated)
				fail_msg("entry %u is not %s", i, give ? "given back" : "taken back");
		}
		start_close(&st);
		inputs_free(&cs);
	}
}

/* The paths of the case of that title in a report's text. */
static unsigned long paths_of(const char *text, const char *title)
{
	const char *line = strstr(text, title);
	unsigned long paths;
	if (!line || sscanf(line + strlen(title), " %lu paths", &paths) != 1)
		fail_msg("no paths for '%s' in:\n%s", title, text);
	return paths;
}

static void correct_module_verifies_every_2m_case(void **state)
{
	(void)state;
	struct verify_options o;
	verify_defaults(&o);
	o.input = "2M";
	struct outcome r;
	run_ok(&o, false, &r);
	if (r.sum.errors || r.sum.unknown || r.sum.verified != r.sum.cases)
		fail_msg("the 2M cases, correct module:\n%s", r.text);
	assert_true(r.sum.cases >= NCASES);
	assert_true(r.sum.queries > 0);
	for (unsigned k = 0; k < NCASES; k++)
		if (!strstr(r.text, cases[k].title))
			fail_msg("no line for '%s' in:\n%s", cases[k].title, r.text);
	/* The lines say which cases the hypervisor may move the range in. */
	if (!strstr(r.text, "(a 2M entry, validated)") ||
	    !strstr(r.text, "+ psmash, rmpupdate 0x200000]"))
		fail_msg("no case with the range's moves in its scope:\n%s", r.text);
	/*
	 * The moves are made. The 2M validate's paths: the honest one; a
	 * PSMASH before the PVALIDATE, before the grant and before the answer
	 * (the call's last HAL call); the range taken back before the
	 * PVALIDATE, before the first zero and before the grant; the range
	 * given back before the first zero and before the grant, each also
	 * with a PSMASH before the answer (it stays one 2M entry): 11, and 4
	 * without the RMPUPDATEs. The 4K validate of 0x201000 in the 2M
	 * entry: the honest one (#NPF); a PSMASH before its PVALIDATE, and
	 * after it the call as it stands or with the 4K page taken back or
	 * given back before the zero or before the grant; a PSMASH before the
	 * answer; the range taken back before the PVALIDATE (given back there
	 * it would be as it is): 8, and 3 without.
	 */
	assert_int_equal(paths_of(r.text, cases[0].title), 11);
	assert_int_equal(paths_of(r.text, cases[4].title), 8);
	free(r.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_2m_case_sets_up_what_it_says),
		cmocka_unit_test(psmash_before_the_grant_sends_all_512_pages_to_the_pool),
		cmocka_unit_test(rmpupdates_between_the_zeroes_send_all_512_pages_to_the_pool),
		cmocka_unit_test(correct_module_verifies_every_2m_case),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
