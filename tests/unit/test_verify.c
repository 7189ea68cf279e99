/*
 * test_verify.c: `svsmlab verify` (explorer/verify/) as its users meet it.
 * The correct module verifies a few cheap cases, Z3 asked along the way;
 * each catalog bug that shows on one vCPU, and two of the two-vCPU ones
 * on their handler pairs, is caught with the clause the catalog names, and the counterexample file, loaded and replayed
 * here on a fresh machine (not by the verifier), fires that clause, while
 * the same case verifies with the bug off; the report's text and JSON
 * say so; bad options are refused. The caller is told of each case as it
 * ends, and can stop the run: the cases not finished get no verdict; so
 * on worker processes too.
 *
 * The inputs are picked so that each run takes a second or a few: the
 * whole of `svsmlab verify` takes minutes (docs/verify.md).
 */
#include "verify_fixture.h"
#include "../../explorer/verify/verifier.h"
#include "../../explorer/cli/clock.h"
#include "../../explorer/luadata/trace_load.h"
#include "../../explorer/trace/world.h"

/*
 * The options each test's runs start from, its cmocka state: the defaults
 * on one vCPU, or on two for the tests of handler pairs. Each test gets
 * its own copy, so none depends on what another set.
 */
static int options_on(void **state, unsigned vcpus)
{
	struct verify_options *base = malloc(sizeof(*base));
	if (!base)
		return -1;
	verify_defaults(base);
	base->vcpus = vcpus;
	*state = base;
	return 0;
}

static int one_vcpu(void **state)
{
	return options_on(state, 1);
}

static int two_vcpus(void **state)
{
	return options_on(state, 2);
}

static int free_options(void **state)
{
	free(*state);
	return 0;
}

/* The options of one run: base, with bugs, on the cases of handler whose title has input. */
static struct verify_options scope(const struct verify_options *base, const char *bugs,
                                   const char *handler, const char *input)
{
	struct verify_options o = *base;
	char bad[64];
	if (bugs && catalog_parse(bugs, &o.bugs, bad, sizeof(bad)) != 0)
		fail_msg("unknown bug %s", bad);
	o.handler = handler;
	o.input = input;
	return o;
}

static void has(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("no '%s' in:\n%s", what, text);
}

/* Every case of the scope verified, none undecided; Z3 was asked at least once if asks_z3. */
static void verifies(const struct verify_options *base, const char *handler, const char *input,
                     bool asks_z3)
{
	struct verify_options o = scope(base, NULL, handler, input);
	struct outcome r;
	run_ok(&o, false, &r);
	if (r.sum.errors || r.sum.unknown || r.sum.verified != r.sum.cases)
		fail_msg("%s '%s', correct module:\n%s", handler, input, r.text);
	assert_true(r.sum.cases > 0);
	if (asks_z3)
		assert_true(r.sum.queries > 0);
	char line[96];
	snprintf(line, sizeof(line), "verification results:: %u verified, 0 errors", r.sum.cases);
	has(r.text, line);
	free(r.text);
}

/* The first check that fired in a replay. */
struct fired {
	char clause[48];
	enum violation_kind kind;
	char file[128];          /* the module's call site, or "" (a contract is judged at return) */
	int line;
};

/*
 * Load the counterexample file and replay it on a fresh machine, as
 * `svsmlab run` does; f is the first check that fires.
 */
static void replay(const char *path, uint32_t bugs, struct fired *f)
{
	struct trace t;
	char err[256];
	if (trace_load(path, &t, err, sizeof(err)) != 0)
		fail_msg("%s: %s", path, err);
	assert_int_equal(t.cfg.bugs, bugs);
	struct world *w = malloc(sizeof(*w));
	assert_non_null(w);
	world_init(w, &t.cfg, t.vcpus);
	const char *why = NULL;
	if (world_boot(w, &why) != 0)
		fail_msg("%s: the machine does not boot: %s", path, why);
	for (size_t i = 0; i < t.n; i++)
		if (world_do(w, &t.steps[i], err, sizeof(err)) != 0)
			fail_msg("%s: step %zu cannot happen: %s", path, i + 1, err);
	if (w->s.rec.nviolations == 0)
		fail_msg("%s: no check fired; the file expects %s", path, t.expect);
	const struct violation *v = &w->s.rec.violations[0];
	snprintf(f->clause, sizeof(f->clause), "%s", v->clause);
	f->kind = v->kind;
	snprintf(f->file, sizeof(f->file), "%s", v->site.file ? v->site.file : "");
	f->line = v->site.line;
	assert_string_equal(t.expect, f->clause);
	world_free(w);
	free(w);
	trace_free(&t);
}

/* The report's headline and call site are those of the replay's violation. */
static void report_matches_replay(const char *text, const struct fired *f)
{
	static const char *const headline[] = {
		[VIOLATION_PRECONDITION] = "\nerror: precondition not satisfied\n",
		[VIOLATION_INVARIANT] = "\nerror: invariant broken\n",
		[VIOLATION_CONTRACT] = "\nerror: contract not met\n",
	};
	has(text, headline[f->kind]);
	if (f->kind != VIOLATION_PRECONDITION)
		return;
	assert_memory_equal(f->file, "svsm/", 5);   /* the module's HAL call, not the machine's */
	char site[160];
	snprintf(site, sizeof(site), "\n  --> %s:%d\n", f->file, f->line);
	has(text, site);
}

static bool file_exists(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f)
		fclose(f);
	return f != NULL;
}

/*
 * The first case of handler whose title starts with input is an error on
 * clause, with a proven counterexample that replays on it here too; the
 * report says so in the Verus style.
 */
static void caught(const struct verify_options *base, const char *bug, const char *handler,
                   const char *input, const char *clause)
{
	struct verify_options o = scope(base, bug, handler, input);
	char lua[512], json[512];
	cex_paths(bug, lua, json, sizeof(lua));
	o.out = lua;
	struct outcome r;
	run_ok(&o, false, &r);
	if (r.sum.errors != 1)
		fail_msg("%s on %s '%s': %u errors:\n%s", bug, handler, input, r.sum.errors, r.text);
	assert_int_equal(r.sum.unknown, 0);
	assert_int_equal(r.sum.verified, r.sum.cases - 1);   /* it stops at the error */
	if (o.vcpus == 1)
		assert_true(r.sum.first_error_queries > 0);   /* Z3 found it */
	assert_string_equal(r.sum.first.clause, clause);
	assert_true(r.sum.first.proven);
	assert_string_equal(r.sum.first.counterexample, lua);

	char line[640];
	snprintf(line, sizeof(line), "\n  ::: clause %s\n", clause);
	has(r.text, line);
	has(r.text, "\n  ::: specs/");
	snprintf(line, sizeof(line), "   = case: %s: %s", handler, input);
	has(r.text, line);
	snprintf(line, sizeof(line), "= proven counterexample: a fresh machine running %s fails %s\n",
	         lua, clause);
	has(r.text, line);
	snprintf(line, sizeof(line), "replay it with: svsmlab run %s\n", lua);
	has(r.text, line);
	snprintf(line, sizeof(line), "verification results:: %u verified, 1 errors\n",
	         r.sum.verified);
	has(r.text, line);
	assert_true(file_exists(json));

	struct fired f;
	replay(lua, o.bugs, &f);
	assert_string_equal(f.clause, clause);
	report_matches_replay(r.text, &f);
	free(r.text);
}

static void correct_module_verifies_cheap_cases_asking_z3(void **state)
{
	const struct verify_options *base = *state;
	verifies(base, "pvalidate", "rescind 0x20000 (rescinded first)", true);
	verifies(base, "create_vcpu", "the VMSA is the CAA", true);
	verifies(base, "remap_ca", "a validated guest page", true);
	verifies(base, "deposit_mem", "a validated guest page", true);
	verifies(base, "withdraw_mem", "one page from a pool of one", true);
	verifies(base, "query_protocol", "core protocol", false);  /* no HAL call: nothing to ask */
}

/* The bug is caught on the case, and the same case verifies with the bug off. */
#define CAUGHT_TEST(fn, bug, handler, input, clause)                       \
	static void verify_catches_##fn(void **state)                      \
	{                                                                  \
		caught(*state, bug, handler, input, clause);               \
		verifies(*state, handler, input, false);                   \
	}

CAUGHT_TEST(no_zero_after_validate, "no-zero-after-validate", "pvalidate",
            "validate 0x20000 (rescinded first)", "page-public-to-vmpl")
CAUGHT_TEST(pvalidate_cf_lost, "pvalidate-cf-lost", "pvalidate", "rescind 0x20000",
            "pvalidate-reports-unchanged")
CAUGHT_TEST(reserved_bits_accepted, "reserved-bits-accepted", "pvalidate",
            "validate 0x20000 (rescinded first) with a reserved bit set",
            "pvalidate-rejects-reserved")
CAUGHT_TEST(no_address_check, "no-address-check", "pvalidate", "rescind 0x3000 (a module page)",
            "rescind-only-guest-pages")
CAUGHT_TEST(remap_ca_unchecked, "remap-ca-unchecked", "remap_ca", "a guest page not validated",
            "caa-from-guest-page")
CAUGHT_TEST(caa_may_be_vmsa, "caa-may-be-vmsa", "create_vcpu", "the CAA is the VMSA page",
            "caa-from-guest-page")

/*
 * One case shows two bugs: a VMSA bit set before the check, and a check
 * that lets vmpl 0 pass. Its correct run is the dearest of this file
 * (about a hundred Z3 queries), so it is made once for both.
 */
static void verify_catches_vmsa_bit_before_check_and_create_vcpu_any_vmpl(void **state)
{
	const struct verify_options *base = *state;
	const char *input = "a VMSA that says vmpl 0";
	caught(base, "vmsa-bit-before-check", "create_vcpu", input, "vmsa-revoked-first");
	caught(base, "create-vcpu-any-vmpl", "create_vcpu", input, "vmsa-contents-checked");
	verifies(base, "create_vcpu", input, true);
}

/*
 * Two vCPUs. A DELETE_VCPU of a vCPU that runs meets FAIL_INUSE, which the
 * bug ignores; the double fetch is seen whether or not the guest's racing
 * write to the request comes before the second read. Z3 need not be
 * asked: the run-time checks of the lower layer (the interleavings) fire.
 * A CREATE_VCPU that does not check the VMSA's vmpl is caught on a valid
 * VMSA only through the guest's racing write of vmpl 0 into it: the race
 * must be taken at the points that matter, whatever the sleep sets prune.
 */
static void verify_catches_two_vcpu_bugs_on_their_pairs(void **state)
{
	const struct verify_options *base = *state;
	caught(base, "delete-vcpu-inuse", "delete_vcpu", "vCPU 0 deletes vCPU 1 while it runs",
	       "delete-vcpu-removes-vmsa");
	verifies(base, "delete_vcpu", "vCPU 0 deletes vCPU 1 while it runs", true);
	caught(base, "pvalidate-double-fetch", "pvalidate", "vCPU 0 rescinds 0x20000 and 0x21000 "
	       "while vCPU 1 rewrites", "guest-input-read-once");
	caught(base, "create-vcpu-any-vmpl", "create_vcpu", "vCPU 0 creates a vCPU at 0x20000 "
	       "while vCPU 1 writes vmpl 0", "vmsa-contents-checked");
}

/*
 * Bug 4: without the lock, CREATE_VCPU's error path re-grants the guest
 * the page that PVALIDATE on the other vCPU has just validated and taken
 * for the module to zero. Z3 is asked along the interleavings (the
 * default bound of one changed outcome per run with two vCPUs).
 */
static void verify_catches_create_vcpu_no_lock_race(void **state)
{
	caught(*state, "create-vcpu-no-lock", "create_vcpu",
	       "vCPU 0 creates a vCPU at 0x20000 (a bad VMSA)", "module-integrity");
}

/*
 * Pairs whose calls each succeed alone: the success paths interleaved.
 * (The deposit against the withdrawal is the dearest, and tests/cli/races.sh
 * verifies every pair with no changed outcome.)
 */
static void correct_module_verifies_pairs_of_successes(void **state)
{
	const struct verify_options *base = *state;
	verifies(base, "create_vcpu", "creates a vCPU from a valid VMSA at 0x20000", true);
	verifies(base, "remap_ca", "vCPU 1 moves its CAA to 0x21000 while vCPU 0 deletes vCPU 1",
	         true);
}

/* verify_run itself refuses options out of range, not only the command line. */
static void options_out_of_range_are_refused(void **state)
{
	struct verify_options bad[5];
	for (unsigned i = 0; i < 5; i++)
		bad[i] = scope(*state, NULL, "pvalidate", "rescind 0x20000 (rescinded first)");
	bad[0].vcpus = 3;
	bad[1].batch = 0;
	bad[2].timeout_ms = 0;
	bad[3].nextra = VERIFY_MAX_EXTRA_PAGES + 1;
	bad[4].jobs = VERIFY_MAX_JOBS + 1;
	for (unsigned i = 0; i < 5; i++) {
		struct outcome r;
		run(&bad[i], false, &r);
		assert_int_equal(r.rc, -1);
		has(r.err, "options out of range");
		assert_string_equal(r.text, "");
		free(r.text);
	}
}

/* JSON: one object per case, the error's clause and counterexample named, and no text report. */
static void json_report_names_clause_and_counterexample(void **state)
{
	struct verify_options o = scope(*state, "no-zero-after-validate", "pvalidate",
	                                "validate 0x20000 (rescinded first)");
	char lua[512], json[512];
	cex_paths("json-report", lua, json, sizeof(lua));
	o.out = lua;
	struct outcome r;
	run_ok(&o, true, &r);
	assert_int_equal(r.sum.errors, 1);
	char field[600];
	has(r.text, "{\n  \"cases\": [\n    { \"handler\": \"pvalidate\", \"input\": "
	            "\"validate 0x20000 (rescinded first)\", \"verdict\": \"error\"");
	has(r.text, "\"clause\": \"page-public-to-vmpl\", \"spec\": \"specs/contracts.smt2:");
	snprintf(field, sizeof(field), "\"proven\": true, \"counterexample\": \"%s\"", lua);
	has(r.text, field);
	has(r.text, "\"verified\": 0, \"errors\": 1, \"unknown\": 0");
	assert_null(strstr(r.text, "error: "));
	assert_null(strstr(r.text, "verification results::"));
	assert_int_equal(r.text[strlen(r.text) - 2], '}');
	assert_true(file_exists(lua) && file_exists(json));
	free(r.text);
}

/* What a run told its callbacks. */
struct told {
	unsigned ncases;                 /* on_case calls */
	struct verify_progress at[8];    /* their progress (no title kept) */
	char title[8][160];
	unsigned nasked;                 /* cancelled calls */
	unsigned cancel_after_cases;     /* cancelled says true once this many are done */
	unsigned cancel_at_ask;          /* or at this call (1: the first), 0: never */
};

static void on_case(void *arg, const struct verify_progress *p)
{
	struct told *t = arg;
	if (t->ncases < 8) {
		t->at[t->ncases] = *p;
		snprintf(t->title[t->ncases], sizeof(t->title[0]), "%s", p->title);
	}
	t->ncases++;
}

static bool cancelled(void *arg, const struct verify_progress *p)
{
	struct told *t = arg;
	t->nasked++;
	assert_int_equal(p->done, t->ncases);   /* asked with how far the run is */
	return (t->cancel_after_cases && p->done >= t->cancel_after_cases) ||
	       t->nasked == t->cancel_at_ask;
}

static struct verify_options told_by(struct verify_options o, struct told *t)
{
	o.on_case = on_case;
	o.cancelled = cancelled;
	o.arg = t;
	return o;
}

/* on_case is called once per case, done counting up to the total, in the report's order. */
static void progress_is_told_once_per_case(void **state)
{
	struct told t = { 0 };
	struct verify_options o = told_by(scope(*state, NULL, "query_protocol", NULL), &t);
	struct outcome r;
	run_ok(&o, false, &r);
	assert_int_equal(r.sum.cases, 3);
	assert_int_equal(r.sum.total, 3);
	assert_false(r.sum.interrupted);
	assert_int_equal(t.ncases, 3);
	assert_true(t.nasked >= 3);   /* before each case at least */
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(t.at[i].done, i + 1);
		assert_int_equal(t.at[i].total, 3);
		assert_true(i == 0 || t.at[i].seconds >= t.at[i - 1].seconds);
		has(t.title[i], "query_protocol: ");
	}
	has(t.title[0], "query_protocol: core protocol, version 1");
	has(t.title[2], "query_protocol: the attestation protocol");
	assert_null(strstr(r.text, "interrupted"));
	free(r.text);
}

/* Cancelled after the first case: that case is reported, the others have no verdict. */
static void cancel_after_the_first_case(void **state)
{
	struct told t = { .cancel_after_cases = 1 };
	struct verify_options o = told_by(scope(*state, NULL, "query_protocol", NULL), &t);
	struct outcome r;
	run_ok(&o, false, &r);
	assert_int_equal(t.ncases, 1);
	assert_true(r.sum.interrupted);
	assert_int_equal(r.sum.cases, 1);
	assert_int_equal(r.sum.verified, 1);
	assert_int_equal(r.sum.total, 3);
	has(r.text, "  verified  query_protocol core protocol, version 1 ");
	assert_null(strstr(r.text, "version 2"));
	has(r.text, "\ninterrupted after 1 of 3 cases: 2 have no verdict\n");
	has(r.text, "\nverification results:: 1 verified, 0 errors, interrupted\n");
	free(r.text);
	t = (struct told){ .cancel_after_cases = 1 };
	run_ok(&o, true, &r);
	has(r.text, "\"verified\": 1, \"errors\": 0, \"unknown\": 0");
	has(r.text, "\"interrupted\": true, \"total\": 3\n}\n");
	free(r.text);
}

/*
 * Cancelled in the middle of a case that has an error (the first of the
 * three cases of its input; at the first ask in its search): no verdict,
 * no error, and no counterexample file. The same case, not cancelled,
 * writes one (json_report_names_clause_and_counterexample).
 */
static void cancel_in_a_case_leaves_no_verdict(void **state)
{
	struct told t = { .cancel_at_ask = 2 };
	struct verify_options o = told_by(scope(*state, "no-zero-after-validate", "pvalidate",
	                                        "validate 0x20000 (rescinded first)"), &t);
	char lua[512], json[512];
	cex_paths("cancelled", lua, json, sizeof(lua));
	o.out = lua;
	struct outcome r;
	run_ok(&o, false, &r);
	assert_true(r.sum.interrupted);
	assert_int_equal(r.sum.cases, 0);
	assert_int_equal(r.sum.errors + r.sum.verified + r.sum.unknown, 0);
	assert_int_equal(t.ncases, 0);
	assert_null(strstr(r.text, "error: "));
	assert_null(strstr(r.text, "  verified  "));
	has(r.text, "\nverification results:: 0 verified, 0 errors, interrupted\n");
	assert_int_equal(t.nasked, 2);   /* before the case, then in its search */
	has(r.text, "\ninterrupted after 0 of 3 cases: 3 have no verdict\n");
	assert_false(file_exists(lua) || file_exists(json));
	free(r.text);
}

/* The report without its times ("0.01 s (z3 0.00)", "0.03 s (0.00 s in Z3)"): they differ. */
static void untimed(char *text)
{
	char *p;
	while ((p = strstr(text, " s ("))) {
		char *from = p, *to = strchr(p, ')');
		while (from > text && ((from[-1] >= '0' && from[-1] <= '9') || from[-1] == '.'))
			from--;
		assert_non_null(to);
		memmove(from, to + 1, strlen(to + 1) + 1);
	}
}

/*
 * On two worker processes (workers.c) the caller is told of the cases in
 * the report's order, with the report one process prints; stopped before
 * the first case, no case is started. (query_protocol's cases ask Z3
 * nothing: this process has asked it before, and a worker's Z3 time-outs
 * would need timer threads the fork did not copy. tests/cli/verify_jobs.sh
 * runs workers that ask, from the command.)
 */
static void workers_tell_the_caller_in_order(void **state)
{
	struct told t = { 0 };
	struct verify_options o = told_by(scope(*state, NULL, "query_protocol", NULL), &t);
	struct outcome one, two;
	run_ok(&o, false, &one);
	o.jobs = 2;
	t = (struct told){ 0 };
	run_ok(&o, false, &two);
	assert_int_equal(two.sum.cases, 3);
	assert_int_equal(two.sum.verified, 3);
	assert_int_equal(t.ncases, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(t.at[i].done, i + 1);
	has(t.title[0], "query_protocol: core protocol, version 1");
	has(t.title[2], "query_protocol: the attestation protocol");
	untimed(one.text);
	untimed(two.text);
	assert_string_equal(one.text, two.text);
	free(one.text);
	free(two.text);
	t = (struct told){ .cancel_at_ask = 1 };
	run_ok(&o, false, &two);
	assert_true(two.sum.interrupted);
	assert_int_equal(two.sum.cases, 0);
	assert_int_equal(t.ncases, 0);
	has(two.text, "\ninterrupted after 0 of 3 cases: 3 have no verdict\n");
	free(two.text);
}

static void progress_text_guesses_the_time_left(void **state)
{
	(void)state;
	char buf[64];
	verify_progress_text(&(struct verify_progress){ 0, 82, 3.0, NULL }, buf, sizeof(buf));
	assert_string_equal(buf, "0/82 cases");
	verify_progress_text(&(struct verify_progress){ 1, 3, 10.0, NULL }, buf, sizeof(buf));
	assert_string_equal(buf, "1/3 cases, about 20 s left");
	verify_progress_text(&(struct verify_progress){ 2, 82, 60.0, NULL }, buf, sizeof(buf));
	assert_string_equal(buf, "2/82 cases, about 40 min left");
	verify_progress_text(&(struct verify_progress){ 3, 3, 30.0, NULL }, buf, sizeof(buf));
	assert_string_equal(buf, "3/3 cases");
}

/*
 * A log's progress line about the case under way counts that case's
 * queries, as its result line will, not the run's: the solver's count
 * goes on from case to case (here 500 asked before the case, 12 in it).
 */
static void progress_line_counts_the_case_alone(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *log = open_memstream(&text, &len);
	assert_non_null(log);
	struct verify_options o;
	verify_defaults(&o);
	o.progress = log;
	struct vq q = { .queries = 512 };
	struct vrun run;
	progress_start(&run, &o, &q, 2);
	struct paths_result res = { .paths = 3 };
	struct vengine e = { .o = &o, .q = &q, .title = "pvalidate: a case", .run = &run,
	                     .res = &res, .queries_before = 500, .started = cli_clock() };
	assert_false(progress_poll(&e));
	fclose(log);
	assert_string_equal(text, "verify: pvalidate: a case: 3 paths, 12 queries, 0 s\n");
	free(text);
}

/* verify_run refuses what names no case, with a reason, and prints nothing. */
static void refused(const struct verify_options *base, const char *handler, const char *input,
                    const char *reason)
{
	struct verify_options o = scope(base, NULL, handler, input);
	struct outcome r;
	run(&o, false, &r);
	assert_int_equal(r.rc, -1);
	has(r.err, reason);
	assert_string_equal(r.text, "");
	assert_int_equal(r.sum.cases, 0);
	free(r.text);
}

static void unknown_handler_is_refused(void **state)
{
	refused(*state, "nonsense", NULL, "unknown handler 'nonsense'");
	refused(*state, "", NULL, "unknown handler ''");
}

static void input_matching_no_case_is_refused(void **state)
{
	refused(*state, NULL, "no case has this title",
	        "no case matches --input no case has this title");
	refused(*state, "remap_ca", "rescind 0x20000", "no case matches --input rescind 0x20000");
}

#define ONE(f) cmocka_unit_test_setup_teardown(f, one_vcpu, free_options)
#define TWO(f) cmocka_unit_test_setup_teardown(f, two_vcpus, free_options)

int main(void)
{
	const struct CMUnitTest tests[] = {
		ONE(correct_module_verifies_cheap_cases_asking_z3),
		ONE(verify_catches_no_zero_after_validate),
		ONE(verify_catches_pvalidate_cf_lost),
		ONE(verify_catches_reserved_bits_accepted),
		ONE(verify_catches_no_address_check),
		ONE(verify_catches_remap_ca_unchecked),
		ONE(verify_catches_caa_may_be_vmsa),
		ONE(verify_catches_vmsa_bit_before_check_and_create_vcpu_any_vmpl),
		TWO(verify_catches_two_vcpu_bugs_on_their_pairs),
		TWO(correct_module_verifies_pairs_of_successes),
		TWO(verify_catches_create_vcpu_no_lock_race),
		ONE(options_out_of_range_are_refused),
		ONE(json_report_names_clause_and_counterexample),
		ONE(unknown_handler_is_refused),
		ONE(input_matching_no_case_is_refused),
		ONE(progress_is_told_once_per_case),
		cmocka_unit_test(progress_line_counts_the_case_alone),
		ONE(cancel_after_the_first_case),
		ONE(cancel_in_a_case_leaves_no_verdict),
		ONE(workers_tell_the_caller_in_order),
		ONE(progress_text_guesses_the_time_left),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
