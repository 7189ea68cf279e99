/*
 * test_conformance_clauses.c: the clause registry (explorer/ghost/clauses.c)
 * against specs/, and the run-time checks against their define-funs.
 *
 *   - every clause define-fun of specs/contracts.smt2 and
 *     specs/invariants.smt2 is a row of the registry, and every row's
 *     define-fun is in the file the row names;
 *   - every row is judged twice: the verifier asks it of Z3 (the row has a
 *     template, which applies the row's own define-fun), or this file
 *     compares its define-fun with the C predicate the run-time check
 *     decides by (ghost.h: clause_*), on many concrete inputs: every
 *     combination where the domain is small (all owner pairs), edge and
 *     random values elsewhere. Z3 evaluates the define-fun; the two must
 *     agree on every input.
 *
 * A new clause therefore needs one row, one define-fun and one check, and
 * either a template or a comparison here (docs/specs.md: Adding a clause).
 */
#include "sim_fixture.h"

#include <time.h>

#include "../../explorer/verify/encode.h"
#include "../../explorer/verify/spec.h"

/* --- the registry against the files ------------------------------------- */

/* The spec files that hold clauses. */
static const char *const clause_files[] = { "contracts.smt2", "invariants.smt2" };
#define CLAUSE_FILES (sizeof(clause_files) / sizeof(clause_files[0]))

/* A define-fun of a spec file: its name, whether it is Bool, where its form lies. */
struct defun {
	char name[64];
	bool boolean;
	const char *start, *end;
};

#define MAX_DEFUNS 256

/* Past the form that opens at p (balanced parentheses; comments skipped). */
static const char *form_end(const char *p)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == ';') {
			while (*p && *p != '\n')
				p++;
			if (!*p)
				break;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return p + 1;
		}
	}
	return p;
}

static unsigned parse_defuns(const char *text, struct defun *d, unsigned n)
{
	static const char open[] = "(define-fun ";
	for (const char *p = text; (p = strstr(p, open)) != NULL;) {
		if (p != text && p[-1] != '\n') {   /* not at the top level */
			p++;
			continue;
		}
		assert_true(n < MAX_DEFUNS);
		struct defun *f = &d[n++];
		const char *name = p + strlen(open);
		size_t len = strcspn(name, " \t\n()");
		assert_true(len < sizeof(f->name));
		memcpy(f->name, name, len);
		f->name[len] = '\0';
		const char *args = name + len;
		while (*args == ' ' || *args == '\n' || *args == '\t')
			args++;
		const char *sort = form_end(args);
		while (*sort == ' ' || *sort == '\n' || *sort == '\t')
			sort++;
		f->boolean = strncmp(sort, "Bool", 4) == 0 && strchr(" \n\t", sort[4]);
		f->start = p;
		f->end = form_end(p);
		p = f->end;
	}
	return n;
}

/* Does the form [start, end) apply name? */
static bool applies(const char *start, const char *end, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = start; p + len + 1 < end; p++)
		if (p[0] == '(' && strncmp(p + 1, name, len) == 0 && strchr(" \n\t)", p[len + 1]))
			return true;
	return false;
}

/*
 * The conjunction "invariants" names the invariants all together: it is
 * not a clause, and its conjuncts stay clauses.
 */
static const char conjunction[] = "invariants";

static void every_clause_define_fun_is_a_row(void **state)
{
	(void)state;
	static struct defun d[MAX_DEFUNS];
	char *text[CLAUSE_FILES];
	unsigned n = 0, clauses = 0;
	for (unsigned i = 0; i < CLAUSE_FILES; i++) {
		char path[1024];
		text[i] = spec_file_text(clause_files[i], path, sizeof(path));
		assert_non_null(text[i]);
		n = parse_defuns(text[i], d, n);
	}
	for (unsigned i = 0; i < n; i++) {
		if (!d[i].boolean || strcmp(d[i].name, conjunction) == 0)
			continue;
		bool used = false;
		for (unsigned j = 0; j < n && !used; j++)
			used = j != i && strcmp(d[j].name, conjunction) != 0 &&
			       applies(d[j].start, d[j].end, d[i].name);
		if (used)
			continue;   /* a helper of the clauses */
		clauses++;
		if (!clause_find(d[i].name))
			fail_msg("(define-fun %s ...) is a clause but not a row of "
			         "explorer/ghost/clauses.c", d[i].name);
	}
	for (unsigned i = 0; i < CLAUSE_FILES; i++)
		free(text[i]);
	printf("  %u clause define-funs, %u rows\n", clauses, (unsigned)CLAUSE_COUNT);
	assert_int_equal(clauses, CLAUSE_COUNT);
}

static void every_row_has_its_define_fun(void **state)
{
	(void)state;
	for (unsigned id = 0; id < CLAUSE_COUNT; id++) {
		const struct clause *c = clause_row((enum clause_id)id);
		if (spec_line_of(c->file, c->name) == 0)
			fail_msg("clause %s: no (define-fun %s ...) in specs/%s", c->name, c->name, c->file);
		if (c->verify) {
			/* A template applies the row's own define-fun. */
			char head[80];
			snprintf(head, sizeof(head), "(%s ", c->name);
			assert_int_equal(strncmp(c->verify, head, strlen(head)), 0);
		}
	}
}

/* --- the define-funs against the C predicates -------------------------- */

/*
 * Under ASan and UBSan (make asan) every call into Z3 is several times
 * slower, and what that stage looks for, memory errors in our own code,
 * shows on any input: there a fifth of the random inputs (the edge values
 * come first, and all of them still run). The normal build runs them all.
 */
#ifdef __SANITIZE_ADDRESS__
#define SAMPLES(n) ((n) / 5)
#else
#define SAMPLES(n) (n)
#endif

static struct spec spec;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* One of the values in edge, or a random one (a third of the time). */
static uint64_t pick(const uint64_t *edge, unsigned n)
{
	unsigned i = (unsigned)(rnd() % (n + n / 2 + 1));
	return i < n ? edge[i] : rnd();
}

/* The constants a comparison gives values, as the harness declares them. */
static const char harness_consts[] =
	"(declare-const c-owner (Array Page Owner))\n"
	"(declare-const c-gpa Addr)\n"
	"(declare-const c-size (_ BitVec 32))\n"
	"(declare-const c-flag Bool)\n"
	"(declare-const c-attrs (_ BitVec 64))\n"
	"(declare-const c-len (_ BitVec 64))\n"
	"(declare-const c-earlier Addr)\n"
	"(declare-const c-earlier-len (_ BitVec 64))\n"
	"(declare-const c-from Owner)\n"
	"(declare-const c-to Owner)\n"
	"(declare-const c-holder (_ BitVec 32))\n"
	"(declare-const c-cpu (_ BitVec 32))\n"
	"(declare-const c-result Result)\n"
	"(declare-const c-entries Entries)\n"
	"(declare-const c-next (_ BitVec 16))\n"
	"(declare-const c-end (_ BitVec 16))\n"
	"(declare-const c-count (_ BitVec 16))\n"
	"(declare-const c-fit (_ BitVec 16))\n"
	"(declare-const c-after (_ BitVec 16))\n"
	"(declare-const c-access (_ BitVec 8))\n"
	"(declare-const c-access-after (_ BitVec 8))\n"
	"(declare-const c-flag2 Bool)\n"
	"(declare-const c-rc Rc)\n"
	"(declare-const c-earlier-cpu (_ BitVec 32))\n"
	"(declare-const c-apic (_ BitVec 32))\n"
	"(declare-const c-caller-apic (_ BitVec 32))\n"
	"(declare-const c-clock (_ BitVec 32))\n"
	"(declare-const c-seen (_ BitVec 32))\n"
	"(declare-const c-state State)\n"
	"(declare-const c-ram (Array Page Bool))\n"
	"(declare-const c-bitmap (Array Page Bool))\n"
	"(declare-const c-pool (Array Page Bool))\n"
	"(declare-const c-vmsas (Array Page Bool))\n"
	"(declare-const c-caas (Array Page Bool))\n";

static void compare_same_features(unsigned a);
static void compare_owner_after_call(unsigned a);
static void compare_answers(unsigned a);
static void compare_result_registers(unsigned a);
static void compare_error_changes_nothing(unsigned a);
static void compare_failure_holds_pages(unsigned a);
static void compare_busy_keeps_vcpu(unsigned a);
static void compare_rescind(unsigned a);
static void compare_grant(unsigned a);
static void compare_read_once(unsigned a);
static void compare_write_only(unsigned a);
static void compare_caa_registered(unsigned a);
static void compare_transfers(unsigned a);
static void compare_locks(unsigned a);
static void compare_no_data_race(unsigned a);
static void compare_bitmap_covers(unsigned a);
static void compare_bookkeeping_owners(unsigned a);
static void compare_guest_secrets(unsigned a);
static void compare_vcpus_idle(unsigned a);
static void compare_module_memory(unsigned a);
static void compare_result_code(unsigned a);
static void compare_takes_4k_pages(unsigned a);
static void compare_reports_count(unsigned a);
static void compare_returns_pages(unsigned a);
static void compare_leaves_the_rest(unsigned a);
static void compare_rejects_reserved(unsigned a);
static void compare_refuses_bad_list(unsigned a);
static void compare_reports_unchanged(unsigned a);
static void compare_reports_refusal(unsigned a);
static void compare_acts_on_entries(unsigned a);
static void compare_operands(unsigned a);
static void compare_own_cpu(unsigned a);
static void compare_own_vmsa(unsigned a);
static void compare_reports_progress(unsigned a);

/*
 * The clauses this file compares: the define-fun over the constants (the
 * harness asserts these in this order), and the comparison, given the
 * index of its assertion.
 */
static const struct judged {
	enum clause_id id;
	const char *smt;
	void (*compare)(unsigned assertion);
} judged[] = {
	{ CLAUSE_CREATE_VCPU_SAME_FEATURES, "(create-vcpu-same-features c-result c-attrs c-len)",
	  compare_same_features },
	{ CLAUSE_DELETE_VCPU_RETURNS_PAGE, "(delete-vcpu-returns-page c-owner c-gpa c-result)",
	  compare_owner_after_call },
	{ CLAUSE_REMAP_CA_INSTALLS_CAA, "(remap-ca-installs-caa c-owner c-gpa c-result)",
	  compare_owner_after_call },
	{ CLAUSE_QUERY_PROTOCOL_ANSWERS, "(query-protocol-answers c-gpa c-result c-attrs)",
	  compare_answers },
	{ CLAUSE_CONFIGURE_VTOM_ANSWERS, "(configure-vtom-answers c-gpa c-result c-attrs)",
	  compare_answers },
	{ CLAUSE_RESULT_REGISTERS, "(result-registers c-gpa c-earlier c-len c-flag)",
	  compare_result_registers },
	{ CLAUSE_ERROR_CHANGES_NOTHING,
	  "(error-changes-nothing c-result c-from c-to c-access c-access-after)",
	  compare_error_changes_nothing },
	{ CLAUSE_PVALIDATE_FAILURE_HOLDS_PAGES, "(pvalidate-failure-holds-pages c-result c-from c-to)",
	  compare_failure_holds_pages },
	{ CLAUSE_DELETE_VCPU_BUSY_KEEPS_VCPU, "(delete-vcpu-busy-keeps-vcpu c-result c-flag c-flag2)",
	  compare_busy_keeps_vcpu },
	{ CLAUSE_CREATE_VCPU_REFUSES_OWN_CPU,
	  "(create-vcpu-refuses-own-cpu c-apic c-caller-apic c-result)", compare_own_cpu },
	{ CLAUSE_DELETE_VCPU_REFUSES_OWN_VMSA, "(delete-vcpu-refuses-own-vmsa c-gpa c-earlier c-result)",
	  compare_own_vmsa },
	{ CLAUSE_RESCIND_ONLY_GUEST_PAGES, "(rescind-only-guest-pages c-owner c-gpa c-size c-flag)",
	  compare_rescind },
	{ CLAUSE_GRANT_ONLY_GUEST_PAGES, "(grant-only-guest-pages c-owner c-gpa c-size c-attrs)",
	  compare_grant },
	{ CLAUSE_GUEST_INPUT_READ_ONCE, "(guest-input-read-once c-gpa c-len c-earlier c-earlier-len)",
	  compare_read_once },
	{ CLAUSE_WRITE_ONLY_GUEST_PAGES, "(write-only-guest-pages c-owner c-gpa)",
	  compare_write_only },
	{ CLAUSE_CAA_IS_REGISTERED, "(caa-is-registered c-owner c-gpa c-earlier c-flag)",
	  compare_caa_registered },
	{ CLAUSE_CAA_FROM_GUEST_PAGE, "(caa-from-guest-page c-from c-to)", compare_transfers },
	{ CLAUSE_VMSA_FROM_GUEST_PAGE, "(vmsa-from-guest-page c-from c-to)", compare_transfers },
	{ CLAUSE_MODULE_TAKES_GUEST_PAGE, "(module-takes-guest-page c-from c-to)", compare_transfers },
	{ CLAUSE_OWNER_TRANSFER, "(owner-transfer c-gpa c-from c-to)", compare_transfers },
	{ CLAUSE_LOCK_NOT_HELD, "(lock-not-held c-holder c-cpu)", compare_locks },
	{ CLAUSE_UNLOCK_OWN_LOCK, "(unlock-own-lock c-holder c-cpu)", compare_locks },
	{ CLAUSE_NO_DATA_RACE, "(no-data-race c-earlier-cpu c-clock c-cpu c-seen c-flag)",
	  compare_no_data_race },
	{ CLAUSE_BITMAP_COVERS_VALIDATED, "(bitmap-covers-validated c-state c-ram c-bitmap)",
	  compare_bitmap_covers },
	{ CLAUSE_BOOKKEEPING_MATCHES_OWNERS,
	  "(bookkeeping-matches-owners c-state c-owner c-ram c-bitmap c-pool c-vmsas c-caas)",
	  compare_bookkeeping_owners },
	{ CLAUSE_GUEST_PAGES_HOLD_NO_SECRETS, "(guest-pages-hold-no-secrets c-state c-owner)",
	  compare_guest_secrets },
	{ CLAUSE_VCPUS_IDLE_BETWEEN_CALLS, "(vcpus-idle-between-calls c-access c-access-after)",
	  compare_vcpus_idle },
	{ CLAUSE_MODULE_MEMORY_NEVER_GUESTS, "(module-memory-never-guests c-state c-owner c-ram)",
	  compare_module_memory },
	{ CLAUSE_RESULT_CODE_DEFINED, "(result-code-defined c-result)", compare_result_code },
	{ CLAUSE_PVALIDATE_REJECTS_RESERVED,
	  "(pvalidate-rejects-reserved c-result c-entries c-next c-end)", compare_rejects_reserved },
	{ CLAUSE_PVALIDATE_REFUSES_BAD_LIST,
	  "(pvalidate-refuses-bad-list c-result c-count c-next c-fit c-flag)",
	  compare_refuses_bad_list },
	{ CLAUSE_PVALIDATE_REPORTS_UNCHANGED,
	  "(pvalidate-reports-unchanged c-result c-entries c-next c-end c-gpa c-flag)",
	  compare_reports_unchanged },
	{ CLAUSE_PVALIDATE_REPORTS_REFUSAL, "(pvalidate-reports-refusal c-result c-rc c-flag)",
	  compare_reports_refusal },
	{ CLAUSE_PAGE_OPERANDS_CHECKED, "(page-operands-checked c-gpa c-size)", compare_operands },
	{ CLAUSE_PVALIDATE_ACTS_ON_ENTRIES,
	  "(pvalidate-acts-on-entries c-entries c-next c-end c-gpa c-size c-flag c-flag2)",
	  compare_acts_on_entries },
	{ CLAUSE_DEPOSIT_MEM_TAKES_4K_PAGES,
	  "(deposit-mem-takes-4k-pages c-result c-entries c-next c-end)", compare_takes_4k_pages },
	{ CLAUSE_DEPOSIT_MEM_REPORTS_PROGRESS,
	  "(deposit-mem-reports-progress c-result c-count c-next c-fit c-after)",
	  compare_reports_progress },
	{ CLAUSE_WITHDRAW_MEM_REPORTS_COUNT,
	  "(withdraw-mem-reports-count c-count c-next c-fit c-after c-end)", compare_reports_count },
	{ CLAUSE_WITHDRAW_MEM_RETURNS_PAGES,
	  "(withdraw-mem-returns-pages c-to c-flag c-access)", compare_returns_pages },
	{ CLAUSE_DEPOSIT_MEM_LEAVES_THE_REST,
	  "(deposit-mem-leaves-the-rest c-result c-entries c-count c-next c-fit c-end c-after c-gpa)",
	  compare_leaves_the_rest },
	{ CLAUSE_PVALIDATE_LEAVES_THE_REST,
	  "(pvalidate-leaves-the-rest c-result c-entries c-count c-next c-fit c-end c-after c-gpa)",
	  compare_leaves_the_rest },
	{ CLAUSE_PVALIDATE_REPORTS_PROGRESS,
	  "(pvalidate-reports-progress c-result c-count c-next c-fit c-after)",
	  compare_reports_progress },
};
#define JUDGED (sizeof(judged) / sizeof(judged[0]))

static const struct judged *judged_of(enum clause_id id)
{
	for (unsigned i = 0; i < JUDGED; i++)
		if (judged[i].id == id)
			return &judged[i];
	return NULL;
}

static void every_row_is_asked_or_compared(void **state)
{
	(void)state;
	unsigned asked = 0, compared = 0;
	for (unsigned id = 0; id < CLAUSE_COUNT; id++) {
		const struct clause *c = clause_row((enum clause_id)id);
		bool cmp = judged_of((enum clause_id)id) != NULL;
		if (!c->verify && !cmp)
			fail_msg("clause %s is neither asked by the verifier (no template) nor "
			         "compared with its C check here", c->name);
		asked += c->verify != NULL;
		compared += cmp;
	}
	printf("  %u asked by the verifier, %u compared here\n", asked, compared);
}

static int open_specs(void **state)
{
	(void)state;
	char path[1024];
	char *contracts = spec_file_text("contracts.smt2", path, sizeof(path));
	if (!contracts)
		return -1;
	char *harness = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&harness, &len);
	if (!f)
		return -1;
	fprintf(f, "%s\n%s", contracts, harness_consts);
	for (unsigned i = 0; i < JUDGED; i++)
		fprintf(f, "(assert %s)\n", judged[i].smt);
	fclose(f);
	free(contracts);
	int rc = spec_open(&spec, SPEC_ADVERSARY | SPEC_INVARIANTS, harness);
	free(harness);
	if (rc != 0) {
		printf("cannot load the specs: %s\n", spec.error);
		return -1;
	}
	return 0;
}

static int close_specs(void **state)
{
	(void)state;
	spec_close(&spec);
	return 0;
}

/* A value of the constants, built up for one question. */
struct values {
	Z3_ast c[8], v[8];
	unsigned n;
};

static void set(struct values *q, const char *name, Z3_ast value)
{
	q->c[q->n] = spec_const(&spec, name, Z3_get_sort(spec.ctx, value));
	q->v[q->n++] = value;
}

static Z3_ast bv(uint64_t v, unsigned bits)
{
	return spec_keep(&spec, Z3_mk_unsigned_int64(spec.ctx, v, Z3_mk_bv_sort(spec.ctx, bits)));
}

static Z3_ast boolean(bool b)
{
	return spec_keep(&spec, b ? Z3_mk_true(spec.ctx) : Z3_mk_false(spec.ctx));
}

/* The define-fun of assertion a, on q's values, agrees with the C predicate's answer c. */
static void agree(unsigned a, struct values *q, bool c, const char *input)
{
	enum truth t = spec_eval(&spec, spec_assertion(&spec, a), q->n, q->c, q->v);
	spec_release(&spec);
	if (t == TRUTH_UNKNOWN)
		fail_msg("%s: Z3 cannot evaluate the define-fun on %s", clause_row(judged[a].id)->name,
		         input);
	if ((t == TRUTH_TRUE) != c)
		fail_msg("%s on %s: the define-fun says %s, the C check %s",
		         clause_row(judged[a].id)->name, input, t == TRUTH_TRUE ? "holds" : "broken",
		         c ? "holds" : "broken");
	q->n = 0;
}

/*
 * Ghost owners like a machine's: guest pages, the module's memory at the
 * start, pages of every owner here and there, a 2M span with one module
 * page at its end and a CAA just before it.
 */
static uint8_t owners[MACHINE_MAX_PAGES];

static void make_owners(void)
{
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
		owners[p] = p < 8 ? OWNER_MODULE : OWNER_GUEST;
	for (unsigned i = 0; i < 48; i++)
		owners[rnd() % 0x200] = (uint8_t)(rnd() % OWNER_COUNT);
	owners[0x3ff] = OWNER_MODULE;
	owners[0x1ff] = OWNER_CAA;
}

/*
 * The owners as a term: guest pages by default, the others stored (a
 * short chain, which Z3 evaluates quickly). Terms live until the
 * question's spec_release.
 */
static Z3_ast owner_term(void)
{
	Z3_context c = spec.ctx;
	Z3_ast a = spec_keep(&spec, Z3_mk_const_array(c, spec.page, bv(OWNER_GUEST, 8)));
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
		if (owners[p] != OWNER_GUEST)
			a = spec_keep(&spec, Z3_mk_store(c, a, bv(p, 10), bv(owners[p], 8)));
	return a;
}

/* Addresses around the edges of pages, 2M spans, the tables and the address space. */
static const uint64_t gpas[] = {
	0, 0xfff, 0x1000, 0x1001, 0x1ff000, 0x1fffff, 0x200000, 0x3ff000, 0x3fffff, 0x400000,
	0x401000, 0xfffffffffffff000ull, 0xffffffffffe01000ull, 0xffffffffffffffffull,
};
#define GPAS (sizeof(gpas) / sizeof(gpas[0]))

static uint64_t any_gpa(void)
{
	/* Mostly inside the tables, where the owners differ. */
	return rnd() % 2 ? (rnd() % 0x400000) : pick(gpas, GPAS);
}

static const uint64_t sizes[] = { PSIZE_4K, PSIZE_2M, 2, 0xffffffffull };

static void compare_rescind(unsigned a)
{
	make_owners();
	for (unsigned i = 0; i < SAMPLES(300); i++) {
		uint64_t gpa = i < GPAS * 2 ? gpas[i / 2] : any_gpa();
		unsigned size = (unsigned)sizes[rnd() % 4];
		bool validate = i < GPAS * 2 ? i % 2 : rnd() % 4 == 0;
		struct values q = { .n = 0 };
		set(&q, "c-owner", owner_term());
		set(&q, "c-gpa", bv(gpa, 64));
		set(&q, "c-size", bv(size, 32));
		set(&q, "c-flag", boolean(validate));
		char in[96];
		snprintf(in, sizeof(in), "gpa 0x%llx size %u validate %d", (unsigned long long)gpa,
		         size, validate);
		agree(a, &q, clause_rescind_only_guest_pages(owners, gpa, size, validate, NULL), in);
	}
}

static uint64_t any_attrs(void)
{
	static const uint64_t targets[] = { 0, 1, 2, 3, 4, 0xff };
	static const uint64_t perms[] = { 0, 1, 0xf };
	uint64_t high = rnd() % 2 ? 0 : rnd() & ~0xfffull;
	return high | perms[rnd() % 3] << 8 | targets[rnd() % 6] | (rnd() % 2 ? RMPADJUST_VMSA : 0);
}

static void compare_grant(unsigned a)
{
	make_owners();
	for (unsigned i = 0; i < SAMPLES(300); i++) {
		uint64_t gpa = i < GPAS ? gpas[i] : any_gpa();
		unsigned size = (unsigned)sizes[rnd() % 4];
		uint64_t attrs = i < GPAS ? 0x101 : any_attrs();
		struct values q = { .n = 0 };
		set(&q, "c-owner", owner_term());
		set(&q, "c-gpa", bv(gpa, 64));
		set(&q, "c-size", bv(size, 32));
		set(&q, "c-attrs", bv(attrs, 64));
		char in[96];
		snprintf(in, sizeof(in), "gpa 0x%llx size %u attrs 0x%llx", (unsigned long long)gpa,
		         size, (unsigned long long)attrs);
		agree(a, &q, clause_grant_only_guest_pages(owners, gpa, size, attrs, NULL), in);
	}
}

static void compare_read_once(unsigned a)
{
	static const uint64_t edge[] = { 0, 1, 8, 0xfff, 0x1000, 0x1008, 0xfffffffffffffff8ull,
	                                 0xffffffffffffffffull };
	for (unsigned i = 0; i < SAMPLES(2000); i++) {
		uint64_t gpa = pick(edge, 8), len = pick(edge, 8) % (i % 3 ? 0x2000 : UINT64_MAX);
		/* Half of the reads begin near the other: overlaps and touching ends. */
		uint64_t earlier = i % 2 ? gpa + (rnd() % 32) - 16 : pick(edge, 8);
		uint64_t earlier_len = i % 4 ? rnd() % 24 : pick(edge, 8);
		struct values q = { .n = 0 };
		set(&q, "c-gpa", bv(gpa, 64));
		set(&q, "c-len", bv(len, 64));
		set(&q, "c-earlier", bv(earlier, 64));
		set(&q, "c-earlier-len", bv(earlier_len, 64));
		char in[128];
		snprintf(in, sizeof(in), "read 0x%llx+0x%llx after 0x%llx+0x%llx",
		         (unsigned long long)gpa, (unsigned long long)len, (unsigned long long)earlier,
		         (unsigned long long)earlier_len);
		agree(a, &q, clause_guest_input_read_once(gpa, len, earlier, earlier_len), in);
	}
}

static void compare_write_only(unsigned a)
{
	make_owners();
	for (unsigned i = 0; i < SAMPLES(1000); i++) {
		uint64_t gpa = i < GPAS ? gpas[i] : any_gpa();
		struct values q = { .n = 0 };
		set(&q, "c-owner", owner_term());
		set(&q, "c-gpa", bv(gpa, 64));
		char in[64];
		snprintf(in, sizeof(in), "gpa 0x%llx", (unsigned long long)gpa);
		agree(a, &q, clause_write_only_guest_pages(owners, gpa), in);
	}
}

static void compare_caa_registered(unsigned a)
{
	make_owners();
	for (unsigned i = 0; i < SAMPLES(1000); i++) {
		uint64_t caa = i < GPAS ? gpas[i] : any_gpa();
		if (i % 5 == 0)
			caa = 0x1ff000 + (rnd() % 2 ? 8 : 0);   /* the CAA page, or inside it */
		uint64_t calling = rnd() % 2 ? caa : any_gpa();
		bool in_call = rnd() % 2;
		struct values q = { .n = 0 };
		set(&q, "c-owner", owner_term());
		set(&q, "c-gpa", bv(caa, 64));
		set(&q, "c-earlier", bv(calling, 64));
		set(&q, "c-flag", boolean(in_call));
		char in[96];
		snprintf(in, sizeof(in), "caa 0x%llx calling 0x%llx in_call %d", (unsigned long long)caa,
		         (unsigned long long)calling, in_call);
		agree(a, &q, clause_caa_is_registered(owners, caa, calling, in_call), in);
	}
}

/* All owner pairs (and numbers past the owners), for the four transfer clauses. */
static void compare_transfers(unsigned a)
{
	static const unsigned owner_values[] = { 0, 1, 2, 3, 4, 5, 6, 7, 0xff };
	for (unsigned g = 0; g <= GPAS; g++)
		for (unsigned f = 0; f < 9; f++)
			for (unsigned t = 0; t < 9; t++) {
				unsigned from = owner_values[f], to = owner_values[t];
				uint64_t gpa = g < GPAS ? gpas[g] : 0x20000;
				bool c = false;
				switch (judged[a].id) {
				case CLAUSE_CAA_FROM_GUEST_PAGE: c = clause_caa_from_guest_page(from, to); break;
				case CLAUSE_VMSA_FROM_GUEST_PAGE: c = clause_vmsa_from_guest_page(from, to); break;
				case CLAUSE_MODULE_TAKES_GUEST_PAGE:
					c = clause_module_takes_guest_page(from, to);
					break;
				default: c = clause_owner_transfer(gpa, from, to); break;
				}
				struct values q = { .n = 0 };
				set(&q, "c-gpa", bv(gpa, 64));
				set(&q, "c-from", bv(from, 8));
				set(&q, "c-to", bv(to, 8));
				char in[96];
				snprintf(in, sizeof(in), "gpa 0x%llx, %u -> %u", (unsigned long long)gpa, from, to);
				agree(a, &q, c, in);
			}
}

static void compare_locks(unsigned a)
{
	static const uint64_t edge[] = { 0, 1, 2, 3, 0xfffffffe, 0xffffffff };
	for (unsigned i = 0; i < 36 + 400; i++) {
		uint32_t holder = (uint32_t)(i < 36 ? edge[i / 6] : rnd());
		uint32_t cpu = (uint32_t)(i < 36 ? edge[i % 6] : i % 2 ? holder - 1 : rnd());
		bool c = judged[a].id == CLAUSE_LOCK_NOT_HELD ? clause_lock_not_held(holder, cpu)
		                                              : clause_unlock_own_lock(holder, cpu);
		struct values q = { .n = 0 };
		set(&q, "c-holder", bv(holder, 32));
		set(&q, "c-cpu", bv(cpu, 32));
		char in[64];
		snprintf(in, sizeof(in), "holder %u cpu %u", holder, cpu);
		agree(a, &q, c, in);
	}
}

/* Clocks at, around and far from what was seen; the same vCPU or another; reads or not. */
static void compare_no_data_race(unsigned a)
{
	static const uint32_t edge[] = { 0, 1, 2, 0x7fffffff, 0xfffffffe, 0xffffffff };
	for (unsigned i = 0; i < 36 * 4 + 400; i++) {
		bool both_read = i % 2;
		uint32_t earlier = i < 144 ? (i / 2) % 2 : (uint32_t)rnd() % 8;
		uint32_t cpu = i < 144 ? 1 : rnd() % 3 ? (uint32_t)rnd() % 8 : earlier;
		uint32_t clock = (uint32_t)(i < 144 ? edge[(i / 4) % 6] : rnd());
		uint32_t seen = (uint32_t)(i < 144 ? edge[(i / 24) % 6]
		                                   : rnd() % 2 ? clock + (uint32_t)(rnd() % 3) - 1u
		                                               : rnd());
		struct values q = { .n = 0 };
		set(&q, "c-earlier-cpu", bv(earlier, 32));
		set(&q, "c-clock", bv(clock, 32));
		set(&q, "c-cpu", bv(cpu, 32));
		set(&q, "c-seen", bv(seen, 32));
		set(&q, "c-flag", boolean(both_read));
		char in[96];
		snprintf(in, sizeof(in), "vCPU %u at %u, then vCPU %u having seen %u%s", earlier,
		         clock, cpu, seen, both_read ? ", both read" : "");
		agree(a, &q, clause_no_data_race(earlier, clock, cpu, seen, both_read), in);
	}
}

/* --- the module's bookkeeping -------------------------------------------- */

/* A set of pages as a term: its more common value by default, the others stored. */
static Z3_ast set_term(const uint64_t *set)
{
	Z3_context c = spec.ctx;
	unsigned in = 0;
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
		in += bookkeeping_has(set, p);
	bool common = in > MACHINE_MAX_PAGES / 2;
	Z3_ast a = spec_keep(&spec, Z3_mk_const_array(c, spec.page, boolean(common)));
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
		if (bookkeeping_has(set, p) != common)
			a = spec_keep(&spec, Z3_mk_store(c, a, bv(p, 10), boolean(!common)));
	return a;
}

static void flip(uint64_t *set, unsigned page)
{
	set[page / 64] ^= 1ull << (page % 64);
}

/*
 * Guest RAM from page 8 to the end of a machine of up to 64 pages, or to
 * the tables' end (short store chains either way: Z3 evaluates each
 * define-fun over all 1024 pages, through every chain).
 */
static void make_ram(struct bookkeeping *bk)
{
	memset(bk, 0, sizeof(*bk));
	unsigned end = rnd() % 4 ? 9 + (unsigned)(rnd() % 56) : MACHINE_MAX_PAGES;
	for (unsigned g = 8; g < end; g++)
		flip(bk->ram, g);
}

/*
 * Booted machines with their RMP entries and the module's bitmap poked:
 * validated or not, the guest's ASID or another, bound to a GPA in guest
 * RAM, past it, past the tables; bits cleared under validated pages.
 */
static void compare_bitmap_covers(unsigned a)
{
	static const uint64_t bound[] = { PAGE_A, PAGE_B, 0x8000, 0x7000, RAM_END - PAGE_SIZE,
	                                  RAM_END, 0x3ff000, 0x400000, 0xfffffffffffff000ull };
	struct sim *s = sim_new(0);
	struct bookkeeping booted;
	bookkeeping_of(&s->sv, &booted);
	for (unsigned i = 0; i < SAMPLES(30); i++) {
		struct machine m = s->m;   /* the tables are arrays in the struct: a copy */
		struct bookkeeping bk = booted;
		for (unsigned k = rnd() % 3; k > 0; k--) {
			struct rmp_entry *e = &m.rmp[rnd() % m.npages];
			e->validated = rnd() % 4 != 0;
			e->asid = rnd() % 4 ? m.asid : m.asid + 1;
			e->gpa = bound[rnd() % (sizeof(bound) / sizeof(bound[0]))];
		}
		for (unsigned k = rnd() % 3; k > 0; k--)
			flip(bk.bitmap, (unsigned)(rnd() % (RAM_END >> PAGE_SHIFT)));
		if (i % 4 == 0)
			make_ram(&bk);
		struct values q = { .n = 0 };
		set(&q, "c-state", enc_state(&spec, &m));
		set(&q, "c-ram", set_term(bk.ram));
		set(&q, "c-bitmap", set_term(bk.bitmap));
		char in[48];
		snprintf(in, sizeof(in), "poked machine %u", i);
		agree(a, &q, clause_bitmap_covers_validated(&m, &bk, NULL), in);
	}
	sim_free(s);
}

/*
 * Booted machines with labels, owners and RMP entries poked: secret and
 * public labels under validated pages bound to guest, shared, module
 * and VMSA pages, to GPAs past the tables, of another ASID.
 */
static void compare_guest_secrets(unsigned a)
{
	static const uint8_t labels[] = { LABEL_PUBLIC, LABEL_VMPL(0), LABEL_VMPL(1),
	                                  LABEL_VMPL(0) | LABEL_VMPL(2), LABEL_HV, 0 };
	static const uint64_t bound[] = { PAGE_A, PAGE_B, 0x3000, 0x3ff000, 0x400000 };
	struct sim *s = sim_new(0);
	for (unsigned i = 0; i < SAMPLES(30); i++) {
		struct machine m = s->m;
		memcpy(owners, s->ghost.owner, sizeof(owners));
		for (unsigned k = 1 + rnd() % 3; k > 0; k--) {
			unsigned p = (unsigned)(rnd() % m.npages);
			m.label[p] = labels[rnd() % (sizeof(labels) / sizeof(labels[0]))];
			m.rmp[p].validated = rnd() % 4 != 0;
			m.rmp[p].asid = rnd() % 4 ? m.asid : m.asid + 1;
			if (rnd() % 2)
				m.rmp[p].gpa = bound[rnd() % (sizeof(bound) / sizeof(bound[0]))];
			owners[(m.rmp[p].gpa >> PAGE_SHIFT) % MACHINE_MAX_PAGES] =
				(uint8_t)(rnd() % OWNER_COUNT);
		}
		struct values q = { .n = 0 };
		set(&q, "c-state", enc_state(&spec, &m));
		set(&q, "c-owner", owner_term());
		char in[48];
		snprintf(in, sizeof(in), "poked machine %u", i);
		agree(a, &q, clause_guest_pages_hold_no_secrets(&m, owners, NULL), in);
	}
	sim_free(s);
}

/*
 * Owners like a machine's (past its 64 pages too), tables that say the
 * same of the pages in memory, then a page or two of one set wrong, in
 * memory or past it.
 */
static void compare_bookkeeping_owners(unsigned a)
{
	struct sim *s = sim_new(0);
	for (unsigned i = 0; i < SAMPLES(30); i++) {
		make_owners();
		struct bookkeeping bk;
		make_ram(&bk);
		for (unsigned g = 0; g < s->m.npages; g++) {
			bool ram = bookkeeping_has(bk.ram, g);
			if (owners[g] == OWNER_VMSA)
				flip(bk.vmsas, g);
			if (owners[g] == OWNER_CAA)
				flip(bk.caas, g);
			if (ram && owners[g] == OWNER_MODULE)
				flip(bk.pool, g);
			if (ram && owners[g] != OWNER_SHARED)
				flip(bk.bitmap, g);
		}
		uint64_t *sets[] = { bk.vmsas, bk.caas, bk.pool, bk.bitmap, bk.ram };
		for (unsigned k = i % 3; k > 0; k--)
			flip(sets[rnd() % 5],
			     (unsigned)(rnd() % (rnd() % 2 ? s->m.npages : MACHINE_MAX_PAGES)));
		struct values q = { .n = 0 };
		set(&q, "c-state", enc_state(&spec, &s->m));
		set(&q, "c-owner", owner_term());
		set(&q, "c-ram", set_term(bk.ram));
		set(&q, "c-bitmap", set_term(bk.bitmap));
		set(&q, "c-pool", set_term(bk.pool));
		set(&q, "c-vmsas", set_term(bk.vmsas));
		set(&q, "c-caas", set_term(bk.caas));
		char in[48];
		snprintf(in, sizeof(in), "tables %u (%u pages changed)", i, i % 3);
		agree(a, &q, clause_bookkeeping_matches_owners(owners, s->m.npages, &bk, NULL), in);
	}
	sim_free(s);
}

/*
 * Owners like a machine's, module memory and guest RAM as booted (now
 * and then RAM ending early, or past memory): now and then a page of
 * memory made the guest's or shared. Pages past memory are the guest's
 * by default, which only the memory's end keeps out of module memory.
 */
static void compare_module_memory(unsigned a)
{
	static const uint8_t guests[] = { OWNER_GUEST, OWNER_SHARED };
	struct sim *s = sim_new(0);
	struct bookkeeping booted;
	bookkeeping_of(&s->sv, &booted);
	for (unsigned i = 0; i < SAMPLES(30); i++) {
		make_owners();
		for (unsigned p = 0; p < 8; p++)
			owners[p] = rnd() % 16 ? OWNER_MODULE : (uint8_t)(rnd() % OWNER_COUNT);
		struct bookkeeping bk = booted;
		if (i % 4 == 0)
			make_ram(&bk);
		if (rnd() % 2)
			owners[rnd() % s->m.npages] = guests[rnd() % 2];
		struct values q = { .n = 0 };
		set(&q, "c-state", enc_state(&spec, &s->m));
		set(&q, "c-owner", owner_term());
		set(&q, "c-ram", set_term(bk.ram));
		char in[48];
		snprintf(in, sizeof(in), "owners %u", i);
		agree(a, &q, clause_module_memory_never_guests(owners, s->m.npages, &bk, NULL), in);
	}
	sim_free(s);
}

/* Every set of busy vCPUs against a few sets of vCPUs in a call. */
static void compare_vcpus_idle(unsigned a)
{
	static const unsigned in_calls[] = { 0x00, 0x01, 0x02, 0x03, 0x80, 0xfe, 0xff };
	for (unsigned busy = 0; busy < 256; busy++)
		for (unsigned k = 0; k < sizeof(in_calls) / sizeof(in_calls[0]); k++) {
			struct values q = { .n = 0 };
			set(&q, "c-access", bv(busy, 8));
			set(&q, "c-access-after", bv(in_calls[k], 8));
			char in[48];
			snprintf(in, sizeof(in), "busy 0x%02x in call 0x%02x", busy, in_calls[k]);
			agree(a, &q, clause_vcpus_idle_between_calls((uint8_t)busy, (uint8_t)in_calls[k]),
			      in);
		}
}

static void compare_result_code(unsigned a)
{
	/* Every value near the defined codes, then random ones. */
	static const uint32_t from[] = { 0, 0x7ffffff0, 0x80000ff0 };
	for (unsigned r = 0; r < 3; r++)
		for (uint32_t v = from[r]; v < from[r] + 0x40; v++) {
			struct values q = { .n = 0 };
			set(&q, "c-result", bv(v, 32));
			char in[32];
			snprintf(in, sizeof(in), "result 0x%08x", v);
			agree(a, &q, clause_result_code_defined(v), in);
		}
	for (unsigned i = 0; i < SAMPLES(500); i++) {
		uint32_t v = i == 0 ? 0xffffffff : (uint32_t)rnd();
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(v, 32));
		char in[32];
		snprintf(in, sizeof(in), "result 0x%08x", v);
		agree(a, &q, clause_result_code_defined(v), in);
	}
}

/* A request as the guest might write it: header, room, entries; and the same as an Entries term. */
struct request {
	uint8_t bytes[PAGE_SIZE];
	struct pvalidate_list l;
	Z3_ast entries;
};

static void make_request(struct request *r)
{
	/*
	 * Room for at most 16 entries: the define-funs quantify over every
	 * 16-bit index, which Z3's solver decides quickly over a short store
	 * chain and not over 511; the C and the spec read next, end and the
	 * entries alike whatever the room.
	 */
	static const uint64_t fits[] = { 0, 1, 2, 5, 16 };
	static const uint64_t gfns[] = { 0x20, 0x21, 0x3ff, 0x400, 0xfffffffffffffull };
	unsigned fit = (unsigned)(rnd() % 3 ? fits[rnd() % 5] : rnd() % 17);
	uint64_t counts[] = { 0, 1, fit, fit + 1, 0xffff, rnd() % (fit + 2) };
	r->l.fit = fit;
	r->l.entries = (unsigned)(counts[rnd() % 6] & 0xffff);
	uint64_t nexts[] = { 0, r->l.entries ? r->l.entries - 1 : 0, r->l.entries, rnd() % (fit + 2) };
	r->l.next = (unsigned)(nexts[rnd() % 4] & 0xffff);
	r->l.end = r->l.entries < fit ? r->l.entries : fit;
	r->l.entry0 = r->bytes;
	Z3_sort idx = Z3_mk_bv_sort(spec.ctx, 16);
	r->entries = spec_keep(&spec, Z3_mk_const_array(spec.ctx, idx, bv(0, 64)));
	memset(r->bytes, 0, sizeof(r->bytes));
	for (unsigned i = 0; i < fit; i++) {
		uint64_t e = gfns[rnd() % 5] << PAGE_SHIFT | (rnd() % 4);   /* size bits */
		if (rnd() % 2)
			e |= PVENTRY_VALIDATE;
		if (rnd() % 3 == 0)
			e |= PVENTRY_IGNORE_CF;
		if (rnd() % 8 == 0)
			e |= (rnd() % 0xff + 1) << 4;   /* reserved bits 11:4 */
		for (unsigned b = 0; b < 8; b++)
			r->bytes[i * 8 + b] = (uint8_t)(e >> (8 * b));
		r->entries = spec_keep(&spec, Z3_mk_store(spec.ctx, r->entries, bv(i, 16), bv(e, 64)));
	}
}

static uint32_t any_result(void)
{
	static const uint64_t results[] = { SVSM_SUCCESS, SVSM_ERR_INVALID_PARAMETER,
	                                    SVSM_PVALIDATE_FAIL_UNCHANGED };
	return (uint32_t)(rnd() % 2 ? SVSM_SUCCESS : pick(results, 3));
}

static void list_text(char *in, size_t n, uint32_t result, const struct pvalidate_list *l)
{
	snprintf(in, n, "result 0x%08x entries %u next %u fit %u", result, l->entries, l->next,
	         l->fit);
}

/* A clause over a list's entries from next on: PVALIDATE's reserved bits, DEPOSIT_MEM's 4K pages. */
typedef bool entries_clause(uint32_t result, const struct pvalidate_list *l, unsigned *bad);

static void compare_entries_clause(unsigned a, entries_clause *clause)
{
	static struct request r;
	for (unsigned i = 0; i < SAMPLES(150); i++) {
		make_request(&r);
		uint32_t result = any_result();
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-entries", r.entries);
		set(&q, "c-next", bv(r.l.next, 16));
		set(&q, "c-end", bv(r.l.end, 16));
		char in[96];
		list_text(in, sizeof(in), result, &r.l);
		agree(a, &q, clause(result, &r.l, NULL), in);
	}
}

static void compare_rejects_reserved(unsigned a)
{
	compare_entries_clause(a, clause_pvalidate_rejects_reserved);
}

static void compare_refuses_bad_list(unsigned a)
{
	static struct request r;
	for (unsigned i = 0; i < SAMPLES(600); i++) {
		make_request(&r);
		uint32_t result = any_result();
		bool validated = rnd() % 2;
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-count", bv(r.l.entries, 16));
		set(&q, "c-next", bv(r.l.next, 16));
		set(&q, "c-fit", bv(r.l.fit, 16));
		set(&q, "c-flag", boolean(validated));
		char in[96];
		list_text(in, sizeof(in), result, &r.l);
		agree(a, &q, clause_pvalidate_refuses_bad_list(result, &r.l, validated), in);
	}
}

static void compare_reports_unchanged(unsigned a)
{
	static struct request r;
	for (unsigned i = 0; i < SAMPLES(150); i++) {
		make_request(&r);
		uint32_t result = any_result();
		bool cf = rnd() % 4 != 0;
		/* The GPA of one of the entries, mostly; sometimes not a page base. */
		uint64_t gpa = r.l.fit && rnd() % 4 ? pvalidate_list_entry(&r.l, (unsigned)(rnd() % r.l.fit))
		                                          & ~(uint64_t)(PAGE_SIZE - 1)
		                                    : any_gpa();
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-entries", r.entries);
		set(&q, "c-next", bv(r.l.next, 16));
		set(&q, "c-end", bv(r.l.end, 16));
		set(&q, "c-gpa", bv(gpa, 64));
		set(&q, "c-flag", boolean(cf));
		char in[128];
		list_text(in, sizeof(in), result, &r.l);
		snprintf(in + strlen(in), sizeof(in) - strlen(in), " gpa 0x%llx cf %d",
		         (unsigned long long)gpa, cf);
		agree(a, &q, clause_pvalidate_reports_unchanged(result, &r.l, gpa, cf), in);
	}
}

/* Every defined result code, and two undefined ones. */
static const uint32_t result_codes[] = {
	SVSM_SUCCESS, SVSM_ERR_INCOMPLETE, SVSM_ERR_UNSUPPORTED_PROTOCOL,
	SVSM_ERR_UNSUPPORTED_CALL, SVSM_ERR_INVALID_ADDRESS, SVSM_ERR_INVALID_FORMAT,
	SVSM_ERR_INVALID_PARAMETER, SVSM_ERR_INVALID_REQUEST, SVSM_ERR_BUSY,
	SVSM_PVALIDATE_FAIL_INPUT, SVSM_PVALIDATE_FAIL_SIZEMISMATCH,
	SVSM_PVALIDATE_FAIL_UNCHANGED, 0x80001000u, 0x00000006u,
};
#define RESULT_CODES (sizeof(result_codes) / sizeof(result_codes[0]))

/* Every result code, against every return code up to 7 and a large one, with and without a fault. */
static void compare_reports_refusal(unsigned a)
{
	for (unsigned i = 0; i < RESULT_CODES; i++)
		for (uint32_t rc = 0; rc <= 8; rc++)
			for (unsigned faulted = 0; faulted < 2; faulted++) {
				uint32_t code = rc == 8 ? 0x80000001u : rc;
				struct values q = { .n = 0 };
				set(&q, "c-result", bv(result_codes[i], 32));
				set(&q, "c-rc", bv(code, 32));
				set(&q, "c-flag", boolean(faulted));
				char in[64];
				snprintf(in, sizeof(in), "result 0x%08x rc %u fault %u", result_codes[i],
				         code, faulted);
				agree(a, &q, clause_pvalidate_reports_refusal(result_codes[i], code, faulted),
				      in);
			}
}

/* GPAs at the edges (pages, 2M spans, the tables, the address space) and random, sizes 0-3 and more. */
static void compare_operands(unsigned a)
{
	static const unsigned operand_sizes[] = { PSIZE_4K, PSIZE_2M, 2, 3, 0xffffffffu };
	for (unsigned i = 0; i < SAMPLES(300) + GPAS; i++) {
		uint64_t gpa = i < GPAS ? gpas[i] : any_gpa();
		if (i >= GPAS && i % 3 == 0)   /* 2M-aligned often, where size 1 may hold */
			gpa &= ~(uint64_t)(PAGE_SIZE_2M - 1);
		for (unsigned k = 0; k < sizeof(operand_sizes) / sizeof(operand_sizes[0]); k++) {
			unsigned size = operand_sizes[k];
			struct values q = { .n = 0 };
			set(&q, "c-gpa", bv(gpa, 64));
			set(&q, "c-size", bv(size, 32));
			char in[64];
			snprintf(in, sizeof(in), "gpa 0x%llx size %u", (unsigned long long)gpa, size);
			agree(a, &q, clause_page_operands_checked(gpa, size), in);
		}
	}
}

/* CREATE_VCPU: every result code, for the caller's own APIC ID and for others near it. */
static void compare_own_cpu(unsigned a)
{
	static const uint32_t apics[] = { 0, 1, 2, 7, 8, 0xff, 0x80000001u, 0xffffffffu };
	for (unsigned i = 0; i < RESULT_CODES; i++)
		for (unsigned c = 0; c < 3; c++)
			for (unsigned k = 0; k < sizeof(apics) / sizeof(apics[0]); k++) {
				uint32_t caller = apics[c], apic = apics[k];
				struct values q = { .n = 0 };
				set(&q, "c-apic", bv(apic, 32));
				set(&q, "c-caller-apic", bv(caller, 32));
				set(&q, "c-result", bv(result_codes[i], 32));
				char in[80];
				snprintf(in, sizeof(in), "APIC ID %u, the caller's %u, result 0x%08x",
				         apic, caller, result_codes[i]);
				agree(a, &q, clause_create_vcpu_refuses_own_cpu(apic, caller, result_codes[i]), in);
			}
}

/*
 * DELETE_VCPU: every result code, for RCX in the caller's VMSA page (at
 * its start, inside it, at its end) and just outside it, or anywhere.
 */
static void compare_own_vmsa(unsigned a)
{
	static const uint64_t offsets[] = { 0, 8, 0xfff, 0x1000, (uint64_t)-1, (uint64_t)-0x1000 };
	for (unsigned i = 0; i < SAMPLES(100); i++) {
		uint64_t own = (i < GPAS ? gpas[i] : any_gpa()) & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t rcx = i % 4 == 3 ? any_gpa() : own + offsets[rnd() % 6];
		for (unsigned k = 0; k < RESULT_CODES; k++) {
			struct values q = { .n = 0 };
			set(&q, "c-gpa", bv(rcx, 64));
			set(&q, "c-earlier", bv(own, 64));
			set(&q, "c-result", bv(result_codes[k], 32));
			char in[96];
			snprintf(in, sizeof(in), "RCX 0x%llx, the caller's VMSA 0x%llx, result 0x%08x",
			         (unsigned long long)rcx, (unsigned long long)own, result_codes[k]);
			agree(a, &q, clause_delete_vcpu_refuses_own_vmsa(rcx, own, result_codes[k]), in);
		}
	}
}

/*
 * One instruction against a request: mostly an entry's GPA with its size
 * and action or one of them changed, sometimes any GPA; sizes 0 to 3.
 */
static void compare_acts_on_entries(unsigned a)
{
	static struct request r;
	for (unsigned i = 0; i < SAMPLES(300); i++) {
		make_request(&r);
		uint64_t e = r.l.fit ? pvalidate_list_entry(&r.l, (unsigned)(rnd() % r.l.fit)) : 0;
		uint64_t gpa = rnd() % 5 ? (PVENTRY_GFN(e) << PAGE_SHIFT) : any_gpa();
		unsigned size = rnd() % 3 ? PVENTRY_SIZE(e) : (unsigned)(rnd() % 4);
		bool validate = rnd() % 3 ? (e & PVENTRY_VALIDATE) != 0 : rnd() % 2;
		bool is_pvalidate = rnd() % 2;
		struct values q = { .n = 0 };
		set(&q, "c-entries", r.entries);
		set(&q, "c-next", bv(r.l.next, 16));
		set(&q, "c-end", bv(r.l.end, 16));
		set(&q, "c-gpa", bv(gpa, 64));
		set(&q, "c-size", bv(size, 32));
		set(&q, "c-flag", boolean(is_pvalidate));
		set(&q, "c-flag2", boolean(validate));
		char in[160];
		list_text(in, sizeof(in), 0, &r.l);
		snprintf(in + strlen(in), sizeof(in) - strlen(in), " gpa 0x%llx size %u %s %d",
		         (unsigned long long)gpa, size, is_pvalidate ? "pvalidate" : "rmpadjust",
		         validate);
		agree(a, &q, clause_pvalidate_acts_on_entries(&r.l, gpa, size, is_pvalidate,
		                                             validate), in);
	}
}

/* DEPOSIT_MEM's entries: the requests' entries carry size, flag and reserved bits at random. */
static void compare_takes_4k_pages(unsigned a)
{
	compare_entries_clause(a, clause_deposit_mem_takes_4k_pages);
}

/*
 * WITHDRAW_MEM's next after the call, at, around and past the header's
 * numbers, and the pages it handed back: as many as next says, one more
 * or fewer, none, or any number.
 */
static void compare_reports_count(unsigned a)
{
	static struct request r;
	for (unsigned i = 0; i < SAMPLES(1000); i++) {
		make_request(&r);
		uint64_t afters[] = { r.l.entries, r.l.entries - 1u, r.l.entries + 1u, r.l.next,
		                      r.l.next - 1u, r.l.next + 1u, 0, 0xffff, rnd() };
		unsigned after = (unsigned)(afters[rnd() % 9] & 0xffff);
		uint64_t counts[] = { after - r.l.next, after - r.l.next + 1u, after - r.l.next - 1u, 0,
		                      rnd() };
		unsigned handed = (unsigned)(counts[rnd() % 5] & 0xffff);
		struct values q = { .n = 0 };
		set(&q, "c-count", bv(r.l.entries, 16));
		set(&q, "c-next", bv(r.l.next, 16));
		set(&q, "c-fit", bv(r.l.fit, 16));
		set(&q, "c-after", bv(after, 16));
		set(&q, "c-end", bv(handed, 16));
		char in[128];
		list_text(in, sizeof(in), SVSM_SUCCESS, &r.l);
		snprintf(in + strlen(in), sizeof(in) - strlen(in), " next after %u, %u handed back",
		         after, handed);
		agree(a, &q, clause_withdraw_mem_reports_count(&r.l, after, handed), in);
	}
}

/* A page WITHDRAW_MEM handed back: every owner (and one past them), zeroed or not, accesses. */
static void compare_returns_pages(unsigned a)
{
	static const unsigned accesses[] = { 0x2f, 0x0f, 0x3f, 0x2e, 0x21, 0x20, 0x00, 0xaf };
	for (unsigned owner = 0; owner <= OWNER_COUNT; owner++)
		for (unsigned k = 0; k < 2 * 8; k++) {
			bool zeroed = k & 1;
			unsigned access = accesses[k / 2];
			struct values q = { .n = 0 };
			set(&q, "c-to", bv(owner, 8));
			set(&q, "c-flag", boolean(zeroed));
			set(&q, "c-access", bv(access, 8));
			char in[64];
			snprintf(in, sizeof(in), "owner %u %s access 0x%02x", owner,
			         zeroed ? "zeroed" : "not zeroed", access);
			agree(a, &q, clause_withdraw_mem_returns_pages(owner, zeroed, access), in);
		}
}

/*
 * One PVALIDATE (or, for DEPOSIT_MEM, one change of a page) of an
 * erroring call: its GPA an entry's page mostly, so
 * that it falls before, at and after next; next at, around and past
 * where the call began and the list's end, for the cases the clause
 * leaves to pvalidate-reports-progress.
 */
static void compare_leaves_the_rest(unsigned a)
{
	static struct request r;
	for (unsigned i = 0; i < SAMPLES(300); i++) {
		make_request(&r);
		/* Mostly a right header and an error: else the clause holds whatever the GPAs. */
		if (r.l.fit && rnd() % 4) {
			r.l.entries = 1 + (unsigned)(rnd() % r.l.fit);
			r.l.next = (unsigned)(rnd() % r.l.entries);
			r.l.end = r.l.entries;
		}
		uint32_t result = rnd() % 4 ? SVSM_ERR_INVALID_ADDRESS : any_result();
		uint64_t gpa = r.l.fit && rnd() % 4 ? pvalidate_list_entry(&r.l, (unsigned)(rnd() % r.l.fit))
		                                          & ~(uint64_t)(PAGE_SIZE - 1)
		                                    : any_gpa();
		uint64_t afters[] = { r.l.next, r.l.next + 1u, r.l.entries - 1u, r.l.entries,
		                      r.l.next - 1u, rnd() % (r.l.fit + 1u), 0xffff };
		unsigned after = (unsigned)(afters[rnd() % 7] & 0xffff);
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-entries", r.entries);
		set(&q, "c-count", bv(r.l.entries, 16));
		set(&q, "c-next", bv(r.l.next, 16));
		set(&q, "c-fit", bv(r.l.fit, 16));
		set(&q, "c-end", bv(r.l.end, 16));
		set(&q, "c-after", bv(after, 16));
		set(&q, "c-gpa", bv(gpa, 64));
		char in[160];
		list_text(in, sizeof(in), result, &r.l);
		snprintf(in + strlen(in), sizeof(in) - strlen(in), " next after %u gpa 0x%llx", after,
		         (unsigned long long)gpa);
		bool c = judged[a].id == CLAUSE_DEPOSIT_MEM_LEAVES_THE_REST
		                 ? clause_deposit_mem_leaves_the_rest(result, &r.l, after, gpa)
		                 : clause_pvalidate_leaves_the_rest(result, &r.l, after, gpa);
		agree(a, &q, c, in);
	}
}

static void compare_reports_progress(unsigned a)
{
	static struct request r;
	for (unsigned i = 0; i < SAMPLES(1000); i++) {
		make_request(&r);
		uint32_t result = any_result();
		/* next when the call returns: at, around and past the header's numbers. */
		uint64_t afters[] = { r.l.entries, r.l.entries - 1u, r.l.entries + 1u, r.l.next,
		                      r.l.next - 1u, 0, 0xffff, rnd() };
		unsigned after = (unsigned)(afters[rnd() % 8] & 0xffff);
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-count", bv(r.l.entries, 16));
		set(&q, "c-next", bv(r.l.next, 16));
		set(&q, "c-fit", bv(r.l.fit, 16));
		set(&q, "c-after", bv(after, 16));
		char in[128];
		list_text(in, sizeof(in), result, &r.l);
		snprintf(in + strlen(in), sizeof(in) - strlen(in), " next after %u", after);
		bool c = judged[a].id == CLAUSE_DEPOSIT_MEM_REPORTS_PROGRESS
		                 ? clause_deposit_mem_reports_progress(result, &r.l, after)
		                 : clause_pvalidate_reports_progress(result, &r.l, after);
		agree(a, &q, c, in);
	}
}

/* --- the contracts of the other calls ------------------------------------- */

/* SUCCESS, the errors the calls return, and any other number. */
static uint32_t call_result(void)
{
	static const uint64_t results[] = { SVSM_SUCCESS, SVSM_ERR_INVALID_ADDRESS,
	                                    SVSM_ERR_INVALID_PARAMETER, SVSM_ERR_BUSY };
	return (uint32_t)pick(results, 4);
}

static void compare_same_features(unsigned a)
{
	static const uint64_t features[] = { 0, 1, 3, 0x8000000000000000ull, ~0ull };
	for (unsigned i = 0; i < SAMPLES(600); i++) {
		uint32_t result = call_result();
		uint64_t creator = pick(features, 5);
		uint64_t its = rnd() % 2 ? creator : pick(features, 5);
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-attrs", bv(its, 64));
		set(&q, "c-len", bv(creator, 64));
		char in[96];
		snprintf(in, sizeof(in), "result 0x%08x features 0x%llx, creator's 0x%llx", result,
		         (unsigned long long)its, (unsigned long long)creator);
		agree(a, &q, clause_create_vcpu_same_features(result, its, creator), in);
	}
}

/* REMAP_CA's and DELETE_VCPU's owner after the call: every owner, and pages past the tables. */
static void compare_owner_after_call(unsigned a)
{
	make_owners();
	for (unsigned i = 0; i < SAMPLES(1000); i++) {
		uint64_t gpa = i < GPAS ? gpas[i] : any_gpa();
		uint32_t result = call_result();
		bool c = judged[a].id == CLAUSE_REMAP_CA_INSTALLS_CAA
		                 ? clause_remap_ca_installs_caa(owners, gpa, result)
		                 : clause_delete_vcpu_returns_page(owners, gpa, result);
		struct values q = { .n = 0 };
		set(&q, "c-owner", owner_term());
		set(&q, "c-gpa", bv(gpa, 64));
		set(&q, "c-result", bv(result, 32));
		char in[64];
		snprintf(in, sizeof(in), "gpa 0x%llx result 0x%08x", (unsigned long long)gpa, result);
		agree(a, &q, c, in);
	}
}

/* QUERY_PROTOCOL's and CONFIGURE_VTOM's RCX in and out: the values they name, and near them. */
static void compare_answers(unsigned a)
{
	static const uint64_t rcxs[] = { 0, 1, 2, 0x100000001ull, 0x100000000ull, 0xffffffff00000001ull,
	                                 0x0000000100000000ull | 1, 3, ~0ull, ~1ull };
	for (unsigned i = 0; i < SAMPLES(1000); i++) {
		uint64_t rcx = pick(rcxs, 10);
		uint64_t out = pick(rcxs, 10);
		uint32_t result = call_result();
		bool c = judged[a].id == CLAUSE_QUERY_PROTOCOL_ANSWERS
		                 ? clause_query_protocol_answers(rcx, result, out)
		                 : clause_configure_vtom_answers(rcx, result, out);
		struct values q = { .n = 0 };
		set(&q, "c-gpa", bv(rcx, 64));
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-attrs", bv(out, 64));
		char in[96];
		snprintf(in, sizeof(in), "rcx 0x%llx result 0x%08x rcx out 0x%llx",
		         (unsigned long long)rcx, result, (unsigned long long)out);
		agree(a, &q, c, in);
	}
}

/* Every register offset of the calling convention and around it, to one save area or another. */
static void compare_result_registers(unsigned a)
{
	static const uint64_t offs[] = { VMSA_RAX, VMSA_RCX, VMSA_RDX, VMSA_R8, VMSA_R9,
	                                 VMSA_EFER, VMSA_RAX + 8, VMSA_RCX - 8, 0, 0xfff };
	static const uint64_t saves[] = { 0x20000, 0x21000, 0x3000 };
	for (unsigned i = 0; i < SAMPLES(800); i++) {
		uint64_t target = pick(saves, 3), caller = pick(saves, 3), off = pick(offs, 10);
		bool answered = rnd() % 2;
		struct values q = { .n = 0 };
		set(&q, "c-gpa", bv(target, 64));
		set(&q, "c-earlier", bv(caller, 64));
		set(&q, "c-len", bv(off, 64));
		set(&q, "c-flag", boolean(answered));
		char in[112];
		snprintf(in, sizeof(in), "write at 0x%llx of 0x%llx, caller's 0x%llx, %s",
		         (unsigned long long)off, (unsigned long long)target,
		         (unsigned long long)caller, answered ? "answered" : "not answered");
		agree(a, &q, clause_result_registers(target, caller, off, answered), in);
	}
}

/* A refused call's page: all owner pairs, access bytes alike, one bit apart or unrelated. */
static void compare_error_changes_nothing(unsigned a)
{
	for (unsigned i = 0; i < SAMPLES(1200); i++) {
		uint32_t result = call_result();
		unsigned from = (unsigned)(i % (OWNER_COUNT + 1)), to = (unsigned)(i / 7 % (OWNER_COUNT + 1));
		unsigned was = (unsigned)(rnd() & 0x3f);
		unsigned is = rnd() % 2 ? was : rnd() % 2 ? was ^ (1u << rnd() % 6) : (unsigned)(rnd() & 0xff);
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-from", bv(from, 8));
		set(&q, "c-to", bv(to, 8));
		set(&q, "c-access", bv(was, 8));
		set(&q, "c-access-after", bv(is, 8));
		char in[112];
		snprintf(in, sizeof(in), "result 0x%08x owner %u -> %u access 0x%02x -> 0x%02x", result,
		         from, to, was, is);
		agree(a, &q, clause_error_changes_nothing(result, from, to, was, is), in);
	}
}

/* A page of the entry a PVALIDATE call stopped at: every owner pair, after SUCCESS and errors. */
static void compare_failure_holds_pages(unsigned a)
{
	for (unsigned i = 0; i < SAMPLES(600); i++) {
		uint32_t result = call_result();
		unsigned from = (unsigned)(i % (OWNER_COUNT + 1)), to = (unsigned)(i / 7 % (OWNER_COUNT + 1));
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-from", bv(from, 8));
		set(&q, "c-to", bv(to, 8));
		char in[64];
		snprintf(in, sizeof(in), "result 0x%08x owner %u -> %u", result, from, to);
		agree(a, &q, clause_pvalidate_failure_holds_pages(result, from, to), in);
	}
}

/* DELETE_VCPU's BUSY: every result near BUSY, with the page a VMSA or not, SVME set or not. */
static void compare_busy_keeps_vcpu(unsigned a)
{
	static const uint32_t results[] = { SVSM_SUCCESS, SVSM_ERR_INVALID_PARAMETER,
	                                    SVSM_ERR_INVALID_REQUEST, SVSM_ERR_BUSY, SVSM_ERR_BUSY + 1 };
	for (unsigned i = 0; i < 5 * 4; i++) {
		uint32_t result = results[i / 4];
		bool still = i & 1, svme = i & 2;
		struct values q = { .n = 0 };
		set(&q, "c-result", bv(result, 32));
		set(&q, "c-flag", boolean(still));
		set(&q, "c-flag2", boolean(svme));
		char in[80];
		snprintf(in, sizeof(in), "result 0x%08x, %sa VMSA, SVME %s", result, still ? "" : "not ",
		         svme ? "set" : "clear");
		agree(a, &q, clause_delete_vcpu_busy_keeps_vcpu(result, still, svme), in);
	}
}

static void each_compared_define_fun_agrees_with_its_check(void **state)
{
	(void)state;
	assert_int_equal(spec_assertions(&spec), JUDGED);
	for (unsigned a = 0; a < JUDGED; a++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		judged[a].compare(a);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("  %-28s agrees (%.2f s)\n", clause_row(judged[a].id)->name,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_clause_define_fun_is_a_row),
		cmocka_unit_test(every_row_has_its_define_fun),
		cmocka_unit_test(every_row_is_asked_or_compared),
		cmocka_unit_test(each_compared_define_fun_agrees_with_its_check),
	};
	return cmocka_run_group_tests(tests, open_specs, close_specs);
}
