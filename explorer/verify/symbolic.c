/*
 * symbolic.c: the guest inputs Z3 chooses (`svsmlab verify --inputs
 * symbolic`), for every core call: registers (RCX; CREATE_VCPU's RCX, RDX
 * and R8), or RCX and the page list it points to (its header word, and for
 * PVALIDATE and DEPOSIT_MEM its pending entries, up to SYM_LIST_PENDING:
 * symbolic.h).
 *
 * Concolic search over the module's input checks. The handler runs plainly
 * on concrete registers, and every call it makes of a predicate of
 * svsm/core/input_checks.h, and every lookup of its state by an address,
 * is heard, in order, with its arguments and result: the run's path
 * condition over the registers (symbolic.h: how a call is attributed to a
 * register). For each prefix of that path, Z3 is asked for registers
 * that agree with the prefix and decide the next check the other way
 * (the predicates are specs/inputs.smt2's define-funs; a lookup is an
 * unknown function of the page, and for a list of what the entries before
 * did to it, held to every answer heard so far); each
 * answer is run in turn, and each new path condition is an input region.
 * The search is run once per tie pattern of the registers. When every
 * such question of every region is unsat, no registers take a path not
 * found: the regions are all there are (docs/verify.md: Symbolic inputs,
 * the argument and what it assumes). Each region's registers then become
 * a case, verified like any other, against every move of the hypervisor.
 */
#include <stdlib.h>
#include <string.h>

#include "case_builder.h"
#include "input_spec.h"
#include "symbolic.h"
#include "symbolic_list.h"
#include "../guest/guest.h"

#define SYM_MAX_REGIONS 256    /* regions of one handler: past this, not every input */
#define SYM_MAX_FACTS 2048     /* lookups learned (a lookup, a page, its history, the answer) */
#define SYM_MAX_RUNS 4096      /* plain runs of one handler's search */
#define SYM_MAX_TIES 5         /* tie patterns of three registers */

/*
 * The handlers searched: how many of RCX, RDX, R8 each takes; or, for a
 * list, how many of RCX, the header and the entries (WITHDRAW_MEM reads no
 * entry: it writes them).
 */
static const struct {
	uint32_t call;
	unsigned nregs;
	bool list;
} searched[] = {
	{ SVSM_CORE_QUERY_PROTOCOL, 1, false }, { SVSM_CORE_CONFIGURE_VTOM, 1, false },
	{ SVSM_CORE_REMAP_CA, 1, false }, { SVSM_CORE_CREATE_VCPU, SYM_MAX_REGS, false },
	{ SVSM_CORE_DELETE_VCPU, 1, false }, { SVSM_CORE_PVALIDATE, SYM_MAX_INPUTS, true },
	{ SVSM_CORE_DEPOSIT_MEM, SYM_MAX_INPUTS, true }, { SVSM_CORE_WITHDRAW_MEM, 2, true },
};
#define NSEARCHED (sizeof(searched) / sizeof(searched[0]))

/* A lookup heard, and what the entries of its list did to its page before (symbolic_list.h). */
struct fact {
	struct input_note n;
	uint64_t history;
};

struct search {
	struct input_spec is;
	unsigned nregs;
	bool list;                    /* RCX, the header, the entries (symbolic.h) */
	Z3_ast reg[SYM_MAX_TERMS];    /* the guest's inputs, symbolic; then a list's entry pages */
	/* Tie patterns: tie[t][r] is register r's class (registers of one class are equal). */
	uint8_t tie[SYM_MAX_TIES][SYM_MAX_REGS];
	unsigned nties;
	Z3_func_decl state;           /* (lookup, page, len, history) -> what the state answers */
	Z3_solver sol;                /* the facts learned, asserted once; each question pushed on them */
	unsigned nsaid;               /* fact[0..nsaid) asserted in sol */
	struct start st;              /* the booted machine, rewound before each run */
	uint64_t ram, past_ram;       /* guest RAM, where a list can be written */
	uint64_t pending;             /* the caller's call_pending byte, in its CAA */
	uint32_t call;
	struct sym_path region[SYM_MAX_REGIONS];
	unsigned nregions, runs, questions;
	struct fact fact[SYM_MAX_FACTS];   /* every lookup heard, once */
	unsigned nfacts;
	char why[200];                /* why the regions are not every input, or empty */
};

/*
 * Every way registers [r, nregs) can be equal or not, given the classes
 * of those before (restricted growth strings: a register joins a class
 * already used, or opens the next).
 */
static void tie_patterns(struct search *s, uint8_t *cls, unsigned r, unsigned classes)
{
	if (r == s->nregs) {
		memcpy(s->tie[s->nties++], cls, SYM_MAX_REGS);
		return;
	}
	for (unsigned k = 0; k <= classes && k < s->nregs; k++) {
		cls[r] = (uint8_t)k;
		tie_patterns(s, cls, r + 1, k == classes ? classes + 1 : classes);
	}
}

/* The same lookup, of the same page, length and history? (A lookup is a function of those.) */
static bool same_lookup(const struct fact *a, const struct fact *b)
{
	return a->n.which == b->n.which && a->n.arg[0] >> PAGE_SHIFT == b->n.arg[0] >> PAGE_SHIFT &&
	       a->n.arg[1] == b->n.arg[1] && a->history == b->history;
}

/* Lookup i of p as a fact: with a list's history of its page. */
static struct fact fact_of(const struct sym_path *p, unsigned i)
{
	struct fact f = { .n = p->n[i] };
	if (p->list)
		f.history = sym_list_history(p, p->about[i].entry, p->n[i].arg[0]);
	return f;
}

/*
 * p's lookups, each kept once. A lookup is taken to be a function of the
 * page (and history): one that answers otherwise on a page it answered
 * before breaks that, and the search stops (-1 with s->why).
 */
static int learn(struct search *s, const struct sym_path *p)
{
	for (unsigned i = 0; i < p->len; i++) {
		const struct input_note *n = &p->n[i];
		if (!n->lookup)
			continue;
		struct fact heard = fact_of(p, i);
		unsigned f = 0;
		while (f < s->nfacts && !same_lookup(&s->fact[f], &heard))
			f++;
		if (f < s->nfacts && s->fact[f].n.result != n->result) {
			snprintf(s->why, sizeof(s->why), "a lookup of page 0x%llx answered two ways",
			         (unsigned long long)(n->arg[0] & ~(uint64_t)(PAGE_SIZE - 1)));
			return -1;
		}
		if (f == s->nfacts) {
			if (s->nfacts == SYM_MAX_FACTS) {
				snprintf(s->why, sizeof(s->why), "more than %d lookups to learn (is a "
				         "decision on a register made outside the predicates?)",
				         SYM_MAX_FACTS);
				return -1;
			}
			s->fact[s->nfacts++] = heard;
		}
	}
	return 0;
}

/* A list handler that reads entries (PVALIDATE, DEPOSIT_MEM): RCX, the header, the entries. */
static bool reads_entry(const struct search *s)
{
	return s->list && s->nregs > SYM_ENTRY_WORD(0);
}

/* The handler on reg, from the booted machine, heard into p; its lookups learned. */
static int run_plainly(struct search *s, const uint64_t *reg, unsigned tie, struct sym_path *p)
{
	sym_path_start(p, reg, s->nregs, s->list, tie);
	if (++s->runs > SYM_MAX_RUNS) {
		snprintf(s->why, sizeof(s->why), "more than %d runs", SYM_MAX_RUNS);
		return -1;
	}
	start_rewind(&s->st);
	char regs[80];   /* for the reasons below only */
	sym_regs_text(reg, s->nregs, regs, sizeof(regs));
	struct sym_list_word w[SYM_MAX_INPUTS - 1];
	unsigned nw = s->list ? sym_list_words(reg, s->nregs, s->ram, s->past_ram, w) : 0;
	for (unsigned i = 0; i < nw; i++)
		if (guest_write(s->st.s, w[i].gpa, w[i].bytes, sizeof(w[i].bytes)).fault != FAULT_NONE) {
			snprintf(s->why, sizeof(s->why), "the guest could not write its list for %s", regs);
			return -1;
		}
	struct guest_args in = { .rcx = reg[0] };
	if (!s->list)
		in.rdx = reg[1], in.r8 = reg[2];
	struct guest_result out;
	input_checks_observe(sym_hear, p);
	int rc = guest_call(s->st.s, 0, SVSM_PROTO_CORE, s->call, &in, &out);
	p->asked = p->len;
	if (s->call == SVSM_CORE_PVALIDATE && p->entry >= 0)
		sym_list_ask_as_the_spec(p);
	input_checks_observe(NULL, NULL);
	if (rc != 0 || !out.served) {
		snprintf(s->why, sizeof(s->why), "the call on %s was not served", regs);
		return -1;
	}
	if (p->overflow) {
		snprintf(s->why, sizeof(s->why), "on %s the module made more than %d checks", regs,
		         SYM_MAX_NOTES);
		return -1;
	}
	if (s->list && !sym_list_read_as_written(p)) {
		snprintf(s->why, sizeof(s->why), "on %s the module read a list word other than the "
		         "one the guest wrote", regs);
		return -1;
	}
	return learn(s, p);
}

static Z3_ast bv(struct search *s, unsigned bits, uint64_t v)
{
	return Z3_mk_unsigned_int64(s->is.ctx, v, Z3_mk_bv_sort(s->is.ctx, bits));
}

/* What the state answers to lookup n, asked of the page of gpa, with that page's history. */
static Z3_ast state_at(struct search *s, const struct input_note *n, Z3_ast gpa, Z3_ast history)
{
	Z3_context c = s->is.ctx;
	Z3_ast args[4] = { bv(s, 8, n->which), Z3_mk_extract(c, 63, PAGE_SHIFT, gpa),
	                   bv(s, 64, n->arg[1]), history };
	return Z3_mk_app(c, s->state, 4, args);
}

/*
 * The i-th call of p decided as it was, or (flipped) otherwise: each
 * argument the register it is attributed to, or its own value.
 */
static Z3_ast decided(struct search *s, const struct sym_path *p, unsigned i, bool flipped)
{
	Z3_context c = s->is.ctx;
	const struct input_note *n = &p->n[i];
	Z3_ast args[INPUT_CHECK_ARGS];
	for (unsigned a = 0; a < INPUT_CHECK_ARGS; a++) {
		int r = sym_arg_reg(p, n, a);
		args[a] = r >= 0 ? s->reg[r] : bv(s, 64, n->arg[a]);
	}
	Z3_ast history = s->list ? sym_list_history_term(c, s->reg, p->about[i].entry, args[0])
	                         : bv(s, SYM_HISTORY_BITS, 0);
	Z3_ast holds = n->lookup ? Z3_mk_eq(c, state_at(s, n, args[0], history), bv(s, 8, n->result))
	                         : input_spec_apply(&s->is, n->which, args);
	bool agree = n->lookup ? !flipped : (n->result != 0) != flipped;
	return agree ? holds : Z3_mk_not(c, holds);
}

/* The registers as tie pattern t says: equal within a class, apart across; a list's, its own. */
static void assert_tie(struct search *s, Z3_solver sol, unsigned t)
{
	Z3_context c = s->is.ctx;
	if (s->list) {
		sym_list_assert(&s->is, sol, s->reg, s->nregs, s->pending);
		return;
	}
	for (unsigned i = 0; i < s->nregs; i++)
		for (unsigned j = i + 1; j < s->nregs; j++) {
			Z3_ast eq = Z3_mk_eq(c, s->reg[i], s->reg[j]);
			Z3_solver_assert(c, sol, s->tie[t][i] == s->tie[t][j] ? eq : Z3_mk_not(c, eq));
		}
}

/* A region whose path is p's. */
static bool known_path(const struct search *s, const struct sym_path *p)
{
	for (unsigned q = 0; q < s->nregions; q++)
		if (s->region[q].len == p->len && sym_same_prefix(&s->region[q], p, p->len))
			return true;
	return false;
}

/*
 * Registers whose path agrees with region r's first at calls and whose
 * call at answers as no region with that prefix does, in r's tie pattern,
 * as far as the lookups learned tell: 1 with reg[], 0 when none exist, -1
 * when Z3 cannot say.
 */
static int ask_flip(struct search *s, unsigned r, unsigned at, uint64_t *reg)
{
	Z3_context c = s->is.ctx;
	Z3_solver sol = s->sol;
	for (; s->nsaid < s->nfacts; s->nsaid++) {
		const struct fact *k = &s->fact[s->nsaid];
		Z3_ast at = state_at(s, &k->n, bv(s, 64, k->n.arg[0]), bv(s, SYM_HISTORY_BITS, k->history));
		Z3_solver_assert(c, sol, Z3_mk_eq(c, at, bv(s, 8, k->n.result)));
	}
	Z3_solver_push(c, sol);
	assert_tie(s, sol, s->region[r].tie);
	for (unsigned i = 0; i < at; i++)
		Z3_solver_assert(c, sol, decided(s, &s->region[r], i, false));
	for (unsigned q = 0; q < s->nregions; q++)
		if (s->region[q].len > at && sym_same_prefix(&s->region[q], &s->region[r], at))
			Z3_solver_assert(c, sol, decided(s, &s->region[q], at, true));
	int found = -1;
	s->questions++;
	switch (Z3_solver_check(c, sol)) {
	case Z3_L_TRUE: {
		Z3_model m = Z3_solver_get_model(c, sol);
		Z3_model_inc_ref(c, m);
		found = 1;
		for (unsigned i = 0; i < s->nregs && found == 1; i++) {
			Z3_ast v;
			uint64_t val;
			if (Z3_model_eval(c, m, s->reg[i], true, &v) && Z3_get_numeral_uint64(c, v, &val))
				reg[i] = val;
			else
				found = -1;
		}
		Z3_model_dec_ref(c, m);
		break;
	}
	case Z3_L_FALSE:
		found = 0;
		break;
	default:
		break;
	}
	Z3_solver_pop(c, sol, 1);
	return found;
}

/*
 * Region r's call at answered otherwise than every region with r's
 * prefix: ask until Z3 says no input can. Each answer is run: a new path is a new region; a known path must
 * have taught a lookup Z3 had guessed at, or else the run did not go where
 * the predicates said it would (a decision on a register outside them, or
 * C and specs/ disagree).
 */
static int take_flip(struct search *s, unsigned r, unsigned at)
{
	for (;;) {
		uint64_t reg[SYM_MAX_INPUTS] = { 0 };
		int found = ask_flip(s, r, at, reg);
		if (found < 0) {
			snprintf(s->why, sizeof(s->why), "Z3 could not decide a question");
			return -1;
		}
		if (found == 0)
			return 0;
		if (s->nregions == SYM_MAX_REGIONS) {
			snprintf(s->why, sizeof(s->why), "more than %d regions", SYM_MAX_REGIONS);
			return -1;
		}
		unsigned before = s->nfacts;
		struct sym_path *p = &s->region[s->nregions];
		if (run_plainly(s, reg, s->region[r].tie, p) != 0)
			return -1;
		if (!known_path(s, p))
			s->nregions++;
		else if (s->nfacts == before) {
			char regs[80];
			sym_regs_text(reg, s->nregs, regs, sizeof(regs));
			snprintf(s->why, sizeof(s->why), "%s did not take the path Z3 chose for it: a "
			         "decision on a register outside the predicates", regs);
			return -1;
		}
	}
}

/*
 * Every region of s->call, tie pattern by pattern: the pattern's seed
 * (each register its class's number: RCX 0, and R8 2 when the three are
 * apart), then each flip of each region found is taken or shown
 * impossible. 0 when the questions ran out (every input is in a region
 * found), else -1 with s->why saying where the search stopped.
 */
static int search_regions(struct search *s)
{
	for (unsigned t = 0; t < s->nties; t++) {
		unsigned first = s->nregions;
		uint64_t seed[SYM_MAX_INPUTS] = { 0 };
		for (unsigned r = 0; r < s->nregs && !s->list; r++)   /* a list's: all 0, no list at 0 */
			seed[r] = s->tie[t][r];
		if (s->nregions == SYM_MAX_REGIONS) {
			snprintf(s->why, sizeof(s->why), "more than %d regions", SYM_MAX_REGIONS);
			return -1;
		}
		if (run_plainly(s, seed, t, &s->region[s->nregions]) != 0)
			return -1;
		s->nregions++;
		for (unsigned r = first; r < s->nregions; r++)
			for (unsigned at = 0; at < s->region[r].len; at++)
				if (take_flip(s, r, at) != 0)
					return -1;
	}
	return 0;
}

/* Region r's inputs as case c: its call, the guest's list written first, the pages it names. */
static void region_case(struct builder *b, const struct search *s, const struct sym_path *p)
{
	const uint64_t *reg = p->reg;
	char title[VCASE_TITLE_MAX];
	sym_title(p, title, sizeof(title));
	struct vcase *c = add_case(b, s->call, 1, "%s", title);
	if (s->list) {
		struct sym_list_word w[SYM_MAX_INPUTS - 1];
		unsigned nw = sym_list_words(reg, s->nregs, s->ram, s->past_ram, w);
		for (unsigned i = 0; i < nw; i++)
			write_bytes(b, c, w[i].gpa, w[i].bytes, sizeof(w[i].bytes));
		add_call(c, 0, s->call, (struct guest_args){ .rcx = reg[0] });
		add_page(b, c, reg[0]);
		/* The first entry's page always (as with one entry), a later one's once it was checked. */
		for (int k = 0; reads_entry(s) && SYM_ENTRY_WORD(k) < (int)s->nregs; k++)
			if (k == 0 || k <= p->entry)
				add_page(b, c, reg[SYM_ENTRY_WORD(k)]);
		return;
	}
	add_call(c, 0, s->call, (struct guest_args){ .rcx = reg[0], .rdx = reg[1], .r8 = reg[2] });
	/* The pages the input names: REMAP_CA's and DELETE_VCPU's RCX, CREATE_VCPU's RCX and RDX. */
	if (s->call == SVSM_CORE_REMAP_CA || s->call == SVSM_CORE_DELETE_VCPU ||
	    s->call == SVSM_CORE_CREATE_VCPU)
		add_page(b, c, reg[0]);
	if (s->call == SVSM_CORE_CREATE_VCPU)
		add_page(b, c, reg[1]);
}

/* The search of one handler, its regions added to b's cases, what it covered to cover. */
static int search_handler(struct builder *b, uint32_t call, unsigned nregs, bool list,
                          struct input_coverage *cover, char *err, size_t errlen)
{
	struct search *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct trace t = { .cfg.bugs = b->o->bugs, .vcpus = 1 };
	if (input_spec_open(&s->is) != 0) {
		snprintf(err, errlen, "%s", s->is.error);
		free(s);
		return -1;
	}
	if (start_open(&s->st, &t, err, errlen) != 0) {
		input_spec_close(&s->is);
		free(s);
		return -1;
	}
	s->call = call;
	s->nregs = nregs;
	s->list = list;
	const struct svsm_params *lay = sim_layout(s->st.s);
	s->ram = lay->guest_base;
	s->past_ram = lay->guest_base + lay->guest_size;
	s->pending = lay->boot_caa_gpa + CAA_CALL_PENDING;
	uint8_t cls[SYM_MAX_REGS] = { 0 };
	if (list)
		s->nties = 1;   /* a list's relations are questions of its own (symbolic.h) */
	else
		tie_patterns(s, cls, 0, 0);
	Z3_context c = s->is.ctx;
	for (unsigned r = 0; r < nregs; r++)
		s->reg[r] = Z3_mk_const(c, Z3_mk_string_symbol(c, sym_reg_name(list, r)),
		                        Z3_mk_bv_sort(c, 64));
	for (int k = 0; reads_entry(s) && SYM_ENTRY_WORD(k) < (int)nregs; k++)
		s->reg[SYM_ENTRY_PAGE(k)] = Z3_mk_bvand(c, s->reg[SYM_ENTRY_WORD(k)],
		                                        bv(s, 64, ~(uint64_t)(PAGE_SIZE - 1)));
	Z3_sort dom[4] = { Z3_mk_bv_sort(c, 8), Z3_mk_bv_sort(c, 64 - PAGE_SHIFT),
	                   Z3_mk_bv_sort(c, 64), Z3_mk_bv_sort(c, SYM_HISTORY_BITS) };
	s->state = Z3_mk_func_decl(c, Z3_mk_string_symbol(c, "page-state"), 4, dom,
	                           Z3_mk_bv_sort(c, 8));
	s->sol = Z3_mk_solver(c);
	Z3_solver_inc_ref(c, s->sol);
	bool complete = search_regions(s) == 0;
	Z3_solver_dec_ref(c, s->sol);
	for (unsigned r = 0; r < s->nregions; r++)
		region_case(b, s, &s->region[r]);
	cover->searched = true;
	cover->regions = s->nregions;
	cover->every_input = complete;
	cover->runs = s->runs;
	cover->questions = s->questions;
	snprintf(cover->why, sizeof(cover->why), "%s", complete ? "" : s->why);
	if (reads_entry(s))
		snprintf(cover->bound, sizeof(cover->bound), "whose list has at most %u pending "
		         "entr%s", nregs - SYM_ENTRY_WORD(0), nregs - SYM_ENTRY_WORD(0) == 1 ? "y" : "ies");
	start_close(&s->st);
	input_spec_close(&s->is);
	free(s);
	return 0;
}

int symbolic_build(struct builder *b, char *err, size_t errlen)
{
	if (b->o->vcpus >= 2) {
		snprintf(err, errlen, "--inputs symbolic works with one vCPU only (--vcpus 1)");
		return -1;
	}
	for (unsigned i = 0; i < NSEARCHED; i++) {
		if (!handler_wanted(b->o, searched[i].call))
			continue;
		uint32_t call = searched[i].call;
		/*
		 * A list with entries gets an entry word for each of --batch's
		 * pending entries (verify_run holds --batch to 1 or 2).
		 */
		_Static_assert(SYM_LIST_PENDING == 2, "--batch's bound is the entry words'");
		unsigned nregs = searched[i].nregs == SYM_MAX_INPUTS ? SYM_ENTRY_WORD(0) + b->o->batch
		                                                     : searched[i].nregs;
		if (search_handler(b, call, nregs, searched[i].list, &b->cs->cover[call],
		                   err, errlen) != 0)
			return -1;
	}
	return 0;
}
