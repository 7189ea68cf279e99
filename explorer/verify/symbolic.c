/*
 * symbolic.c: the guest inputs Z3 chooses (`svsmlab verify --inputs
 * symbolic`), for the handlers whose input is RCX alone.
 *
 * Concolic search over the module's input checks. The handler runs plainly
 * on a concrete RCX, and every call it makes of a predicate of
 * svsm/core/input_checks.h, and every lookup of its state by an address,
 * is heard, in order, with its arguments and result: the run's path
 * condition over RCX. For each prefix of that path, Z3 is asked for an RCX
 * that agrees with the prefix and decides the next check the other way
 * (the predicates are specs/inputs.smt2's define-funs; a lookup is an
 * unknown function of the page, held to every answer heard so far); each
 * answer is run in turn, and each new path condition is an input region. When every such
 * question of every region is unsat, no RCX takes a path not found: the
 * regions are all there are (docs/verify.md: Symbolic inputs, the
 * argument and what it assumes). Each region's RCX then becomes a case,
 * verified like any other, against every move of the hypervisor.
 */
#include <stdlib.h>
#include <string.h>

#include "case_builder.h"
#include "input_spec.h"
#include "../guest/guest.h"

#define SYM_MAX_NOTES 32       /* predicate calls and lookups of one run */
#define SYM_MAX_REGIONS 32     /* regions of one handler: past this, not every input */
#define SYM_MAX_FACTS 512      /* lookups learned (a lookup, a page, what it answered) */
#define SYM_MAX_RUNS 1024      /* plain runs of one handler's search */

static const uint32_t searched[] = {
	SVSM_CORE_QUERY_PROTOCOL, SVSM_CORE_CONFIGURE_VTOM, SVSM_CORE_REMAP_CA,
	SVSM_CORE_DELETE_VCPU,
};
#define NSEARCHED (sizeof(searched) / sizeof(searched[0]))

/*
 * One run's path condition: the predicate calls and lookups, in order.
 * A call whose first argument is RCX is about the input; one on another
 * value (the old CAA a remap gives up) is about the module's state, and
 * that value is part of the path: docs/verify.md says why it cannot come
 * from RCX.
 */
struct sym_path {
	struct input_note n[SYM_MAX_NOTES];
	unsigned len;
	uint64_t rcx;
	bool overflow;                /* more than SYM_MAX_NOTES */
};

/* Is n, of p's run, about RCX? */
static bool on_rcx(const struct sym_path *p, const struct input_note *n)
{
	return n->arg[0] == p->rcx;
}

struct search {
	struct input_spec is;
	Z3_ast rcx;                   /* the guest's RCX, symbolic */
	Z3_func_decl state;           /* (lookup, page, len) -> what the start state answers */
	struct start st;              /* the booted machine, rewound before each run */
	uint32_t call;
	struct sym_path region[SYM_MAX_REGIONS];
	unsigned nregions, runs, questions;
	struct input_note fact[SYM_MAX_FACTS];   /* every lookup heard, once */
	unsigned nfacts;
	char why[200];                /* why the regions are not every input, or empty */
};

static void hear(void *ctx, const struct input_note *n)
{
	struct sym_path *p = ctx;
	if (p->len == SYM_MAX_NOTES)
		p->overflow = true;
	else
		p->n[p->len++] = *n;
}

/* The same lookup, of the same page and length? (A lookup is taken to be a function of those.) */
static bool same_lookup(const struct input_note *a, const struct input_note *b)
{
	return a->which == b->which && a->arg[0] >> PAGE_SHIFT == b->arg[0] >> PAGE_SHIFT &&
	       a->arg[1] == b->arg[1];
}

/*
 * p's lookups, each kept once. A lookup is taken to be a function of the
 * page: one that answers otherwise on a page it answered before breaks
 * that, and the search stops (-1 with s->why).
 */
static int learn(struct search *s, const struct sym_path *p)
{
	for (unsigned i = 0; i < p->len; i++) {
		const struct input_note *n = &p->n[i];
		if (!n->lookup)
			continue;
		unsigned f = 0;
		while (f < s->nfacts && !same_lookup(&s->fact[f], n))
			f++;
		if (f < s->nfacts && s->fact[f].result != n->result) {
			snprintf(s->why, sizeof(s->why), "a lookup of page 0x%llx answered two ways",
			         (unsigned long long)(n->arg[0] & ~(uint64_t)(PAGE_SIZE - 1)));
			return -1;
		}
		if (f == s->nfacts) {
			if (s->nfacts == SYM_MAX_FACTS) {
				snprintf(s->why, sizeof(s->why), "more than %d lookups to learn",
				         SYM_MAX_FACTS);
				return -1;
			}
			s->fact[s->nfacts++] = *n;
		}
	}
	return 0;
}

/* The handler on rcx, from the booted machine, heard into p; its lookups learned. */
static int run_plainly(struct search *s, uint64_t rcx, struct sym_path *p)
{
	memset(p, 0, sizeof(*p));
	p->rcx = rcx;
	if (++s->runs > SYM_MAX_RUNS) {
		snprintf(s->why, sizeof(s->why), "more than %d runs", SYM_MAX_RUNS);
		return -1;
	}
	start_rewind(&s->st);
	struct guest_args in = { .rcx = rcx };
	struct guest_result out;
	input_checks_observe(hear, p);
	int rc = guest_call(s->st.s, 0, SVSM_PROTO_CORE, s->call, &in, &out);
	input_checks_observe(NULL, NULL);
	if (rc != 0 || !out.served) {
		snprintf(s->why, sizeof(s->why), "the call on RCX 0x%llx was not served",
		         (unsigned long long)rcx);
		return -1;
	}
	if (p->overflow) {
		snprintf(s->why, sizeof(s->why), "on RCX 0x%llx the module made more than %d checks",
		         (unsigned long long)rcx, SYM_MAX_NOTES);
		return -1;
	}
	return learn(s, p);
}

/* The i-th calls of p and q alike: the same question (RCX in both, or one value), one answer. */
static bool same_note(const struct sym_path *p, const struct sym_path *q, unsigned i)
{
	const struct input_note *a = &p->n[i], *b = &q->n[i];
	bool about_rcx = on_rcx(p, a);
	return a->lookup == b->lookup && a->which == b->which && a->result == b->result &&
	       about_rcx == on_rcx(q, b) && (about_rcx || a->arg[0] == b->arg[0]) &&
	       memcmp(a->arg + 1, b->arg + 1, sizeof(a->arg) - sizeof(a->arg[0])) == 0;
}

/* p's first n calls are q's. */
static bool same_prefix(const struct sym_path *p, const struct sym_path *q, unsigned n)
{
	if (p->len < n || q->len < n)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (!same_note(p, q, i))
			return false;
	return true;
}

static Z3_ast bv(struct search *s, unsigned bits, uint64_t v)
{
	return Z3_mk_unsigned_int64(s->is.ctx, v, Z3_mk_bv_sort(s->is.ctx, bits));
}

/* What the start state answers to lookup n, asked of the page of gpa. */
static Z3_ast state_at(struct search *s, const struct input_note *n, Z3_ast gpa)
{
	Z3_context c = s->is.ctx;
	Z3_ast args[3] = { bv(s, 8, n->which), Z3_mk_extract(c, 63, PAGE_SHIFT, gpa),
	                   bv(s, 64, n->arg[1]) };
	return Z3_mk_app(c, s->state, 3, args);
}

/* The i-th call of p decided as it was, or (flipped) otherwise: about RCX, or its own value. */
static Z3_ast decided(struct search *s, const struct sym_path *p, unsigned i, bool flipped)
{
	Z3_context c = s->is.ctx;
	const struct input_note *n = &p->n[i];
	Z3_ast value = on_rcx(p, n) ? s->rcx : bv(s, 64, n->arg[0]);
	Z3_ast holds = n->lookup ? Z3_mk_eq(c, state_at(s, n, value), bv(s, 8, n->result))
	                         : input_spec_apply(&s->is, n, value);
	bool agree = n->lookup ? !flipped : (n->result != 0) != flipped;
	return agree ? holds : Z3_mk_not(c, holds);
}

/* A region whose path is p's. */
static bool known_path(const struct search *s, const struct sym_path *p)
{
	for (unsigned q = 0; q < s->nregions; q++)
		if (s->region[q].len == p->len && same_prefix(&s->region[q], p, p->len))
			return true;
	return false;
}

/*
 * An RCX whose path agrees with region r's first at calls and whose call
 * at answers as no region with that prefix does, as far as the lookups
 * learned tell: 1 with *rcx, 0 when none exists, -1 when Z3 cannot say.
 */
static int ask_flip(struct search *s, unsigned r, unsigned at, uint64_t *rcx)
{
	Z3_context c = s->is.ctx;
	Z3_solver sol = Z3_mk_solver(c);
	Z3_solver_inc_ref(c, sol);
	for (unsigned i = 0; i < at; i++)
		Z3_solver_assert(c, sol, decided(s, &s->region[r], i, false));
	for (unsigned q = 0; q < s->nregions; q++)
		if (s->region[q].len > at && same_prefix(&s->region[q], &s->region[r], at))
			Z3_solver_assert(c, sol, decided(s, &s->region[q], at, true));
	for (unsigned f = 0; f < s->nfacts; f++) {
		const struct input_note *n = &s->fact[f];
		Z3_solver_assert(c, sol, Z3_mk_eq(c, state_at(s, n, bv(s, 64, n->arg[0])),
		                                  bv(s, 8, n->result)));
	}
	int found = -1;
	s->questions++;
	switch (Z3_solver_check(c, sol)) {
	case Z3_L_TRUE: {
		Z3_model m = Z3_solver_get_model(c, sol);
		Z3_model_inc_ref(c, m);
		Z3_ast v;
		uint64_t val;
		found = Z3_model_eval(c, m, s->rcx, true, &v) && Z3_get_numeral_uint64(c, v, &val)
		            ? 1 : -1;
		if (found == 1)
			*rcx = val;
		Z3_model_dec_ref(c, m);
		break;
	}
	case Z3_L_FALSE:
		found = 0;
		break;
	default:
		break;
	}
	Z3_solver_dec_ref(c, sol);
	return found;
}

/*
 * Region r's call at answered otherwise than every region with r's
 * prefix: ask until Z3 says no input can. Each answer is run: a new path
 * is a new region; a known path must have taught a lookup Z3 had guessed
 * at, or else the run did not go where the predicates said it would (a
 * decision on RCX outside them, or C and specs/ disagree).
 */
static int take_flip(struct search *s, unsigned r, unsigned at)
{
	for (;;) {
		uint64_t rcx;
		int found = ask_flip(s, r, at, &rcx);
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
		if (run_plainly(s, rcx, p) != 0)
			return -1;
		if (!known_path(s, p))
			s->nregions++;
		else if (s->nfacts == before) {
			snprintf(s->why, sizeof(s->why), "RCX 0x%llx did not take the path Z3 chose "
			         "for it: a decision on RCX outside the predicates",
			         (unsigned long long)rcx);
			return -1;
		}
	}
}

/*
 * Every region of s->call from seed: each flip of each region found is
 * taken or shown impossible. 0 when the questions ran out (every input is
 * in a region found), else -1 with s->why saying where the search stopped.
 */
static int search_regions(struct search *s, uint64_t seed)
{
	if (run_plainly(s, seed, &s->region[0]) != 0)
		return -1;
	s->nregions = 1;
	for (unsigned r = 0; r < s->nregions; r++)
		for (unsigned at = 0; at < s->region[r].len; at++)
			if (take_flip(s, r, at) != 0)
				return -1;
	return 0;
}

/* One call about RCX in words: "misaligned", "in 0x8000+0x38000", "!=page 0x2000". */
static void note_words(const struct input_note *n, char *buf, size_t len)
{
	static const char *const checks[INPUT_CHECK_COUNT][2] = {
		[INPUT_PAGE_ALIGNED] = { "misaligned", "aligned" },
		[INPUT_PROTOCOL_SUPPORTED] = { "not core v1", "core v1" },
		[INPUT_VTOM_QUERY] = { "not a query", "a query" },
	};
	static const char *const lookups[INPUT_LOOKUP_COUNT][3] = {
		[LOOKUP_VALIDATED] = { "not validated", "partly validated", "validated" },
		[LOOKUP_POOL] = { "unpooled", "pooled" },
	};
	if (!n->lookup && n->which == INPUT_WITHIN)
		snprintf(buf, len, "%sin 0x%llx+0x%llx", n->result ? "" : "not ",
		         (unsigned long long)n->arg[2], (unsigned long long)n->arg[3]);
	else if (!n->lookup && n->which == INPUT_SAME_PAGE)
		snprintf(buf, len, "%spage 0x%llx", n->result ? "=" : "!=",
		         (unsigned long long)n->arg[1]);
	else if (!n->lookup)
		snprintf(buf, len, "%s", checks[n->which][n->result != 0]);
	else if (n->which == LOOKUP_CAA_USERS)
		snprintf(buf, len, "CAA x%u", n->result);
	else
		snprintf(buf, len, "%s", lookups[n->which][n->result < 3 ? n->result : 0]);
}

/*
 * "0x1001: misaligned": the region as its case's title, RCX and what was
 * decided about it (the answers about the module's own values follow
 * from those, so they are left out).
 */
static void region_title(const struct sym_path *p, char *buf, size_t len)
{
	size_t at = (size_t)snprintf(buf, len, "0x%llx:", (unsigned long long)p->rcx);
	for (unsigned i = 0, said = 0; i < p->len && at < len; i++) {
		if (!on_rcx(p, &p->n[i]))
			continue;
		char words[64];
		note_words(&p->n[i], words, sizeof(words));
		at += (size_t)snprintf(buf + at, len - at, "%s %s", said++ ? "," : "", words);
	}
}

/* The search of one handler, its regions added to b's cases, what it covered to cover. */
static int search_handler(struct builder *b, uint32_t call, struct input_coverage *cover,
                          char *err, size_t errlen)
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
	Z3_context c = s->is.ctx;
	s->rcx = Z3_mk_const(c, Z3_mk_string_symbol(c, "rcx"), Z3_mk_bv_sort(c, 64));
	Z3_sort dom[3] = { Z3_mk_bv_sort(c, 8), Z3_mk_bv_sort(c, 64 - PAGE_SHIFT),
	                   Z3_mk_bv_sort(c, 64) };
	s->state = Z3_mk_func_decl(c, Z3_mk_string_symbol(c, "page-state"), 3, dom,
	                           Z3_mk_bv_sort(c, 8));
	bool complete = search_regions(s, 0) == 0;
	for (unsigned r = 0; r < s->nregions; r++) {
		char title[sizeof(((struct vcase *)0)->title)];
		region_title(&s->region[r], title, sizeof(title));
		struct vcase *c = add_case(b, call, 1, "%s", title);
		add_call(c, 0, call, (struct guest_args){ .rcx = s->region[r].rcx });
		if (call == SVSM_CORE_REMAP_CA || call == SVSM_CORE_DELETE_VCPU)
			add_page(b, c, s->region[r].rcx);
	}
	cover->searched = true;
	cover->regions = s->nregions;
	cover->every_input = complete;
	cover->runs = s->runs;
	cover->questions = s->questions;
	snprintf(cover->why, sizeof(cover->why), "%s", complete ? "" : s->why);
	start_close(&s->st);
	input_spec_close(&s->is);
	free(s);
	return 0;
}

int symbolic_build(struct builder *b, char *err, size_t errlen)
{
	if (b->o->vcpus >= 2) {
		snprintf(err, errlen, "--inputs symbolic takes one vCPU");
		return -1;
	}
	unsigned wanted = 0;
	for (unsigned i = 0; i < NSEARCHED; i++) {
		if (!handler_wanted(b->o, searched[i]))
			continue;
		wanted++;
		if (search_handler(b, searched[i], &b->cs->cover[searched[i]], err, errlen) != 0)
			return -1;
	}
	if (wanted == 0) {
		snprintf(err, errlen, "--inputs symbolic covers query_protocol, configure_vtom, "
		         "remap_ca and delete_vcpu so far, not '%s'", b->o->handler);
		return -1;
	}
	return 0;
}
