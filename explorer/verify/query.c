/*
 * query.c: one step of a run of the module, as formulas.
 *
 * A run is a sequence of HAL calls, each preceded by a yield point where
 * the hypervisor may act. Its states are symbolic only where the
 * hypervisor can make them differ from run to run: the RMP entries and
 * labels of the scope's system pages and the NPT entries of the scope's
 * guest pages (struct symstate). Everything else is a concrete machine,
 * the base: outside the scope only the module changes the machine, and
 * what it does there is fixed by the path (its calls and their outcomes),
 * so the witness's machine is the base of every run of the same path.
 *
 * Each yield point gets fresh terms for the scope, tied to the ones before
 * by specs/adversary.smt2's relation on each page (query_adversary). Each
 * HAL call that reaches the scope gets the spec's relation for it
 * (query_call); a call that does not reach the scope is decided by the
 * witness. Where the call's address is a scope page, the instance is
 * split on the system page it maps to, so that every table index in it
 * is a number and the instance folds to a formula without quantifiers.
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

static Z3_context ctx(const struct vquery *vx)
{
	return vx->q->spec.ctx;
}

static struct spec *sp(const struct vquery *vx)
{
	return &vx->q->spec;
}

static Z3_ast keep(struct vquery *vx, Z3_ast a)
{
	return vq_keep(vx->q, a);
}

static Z3_ast num(struct vquery *vx, uint64_t v, Z3_sort s)
{
	return keep(vx, Z3_mk_unsigned_int64(ctx(vx), v, s));
}

static Z3_ast page_num(struct vquery *vx, uint64_t addr)
{
	return num(vx, addr >> PAGE_SHIFT, sp(vx)->page);
}

/* What enc_state reads of a machine, as bytes: the key of its terms in the memo. */
struct machine_key {
	uint32_t npages, asid;
	uint8_t vmpl;
	struct {
		uint8_t flags, page_size, perms[VMPL_COUNT];
		uint32_t asid;
		uint64_t gpa, npt;
		uint8_t label, running;
	} page[MACHINE_MAX_PAGES];
};

static void machine_key_of(const struct machine *m, struct machine_key *k)
{
	memset(k, 0, sizeof(*k));   /* the padding too: keys are compared as bytes */
	k->npages = m->npages;
	k->asid = m->asid;
	k->vmpl = m->guest_vmpl;
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++) {
		const struct rmp_entry *e = &m->rmp[i];
		k->page[i].flags = (uint8_t)(e->assigned | e->immutable << 1 | e->validated << 2 |
		                             e->vmsa << 3);
		k->page[i].page_size = e->page_size;
		memcpy(k->page[i].perms, e->perms, sizeof(e->perms));
		k->page[i].asid = e->asid;
		k->page[i].gpa = e->gpa;
		k->page[i].npt = m->npt[i];
		k->page[i].label = m->label[i];
		k->page[i].running = machine_vmsa_in_use(m, (uint64_t)i * PAGE_SIZE);
	}
}

/*
 * m with the scope's entries at their defaults: the RMP entry and label
 * of each scope system page, the NPT entry of each scope guest page. A
 * state over a base is always the symbolic state stored over those
 * (term_with), so what the base says there is never read; leaving it out
 * makes the machines of a case's paths, which differ mostly on the scope's
 * pages (the hypervisor's moves forced on the witness, the module's calls
 * on the scope), one base, and the instances over it one memo entry.
 */
static void holed(const struct vscope *sc, const struct machine *m, struct machine *h)
{
	static const struct rmp_entry zero;
	*h = *m;
	for (unsigned i = 0; i < sc->nspa; i++) {
		unsigned p = (unsigned)(sc->spa[i] >> PAGE_SHIFT);
		h->rmp[p] = zero;
		h->label[p] = LABEL_PUBLIC;
	}
	for (unsigned i = 0; i < sc->ngpa; i++)
		h->npt[sc->gpa[i] >> PAGE_SHIFT] = NPT_UNMAPPED;
}

/*
 * The n terms the memo holds for key, kept by the path too (the memo may
 * be emptied before the path is done with them); false if it holds none.
 */
static bool remembered_terms(struct vquery *vx, const void *key, size_t len, Z3_ast *const *out,
                             unsigned n)
{
	const Z3_ast *known = key ? vmemo_get(vx->q->memo, key, len) : NULL;
	for (unsigned i = 0; known && i < n; i++)
		*out[i] = keep(vx, known[i]);
	return known != NULL;
}

/* The n terms made for key (and kept by the path already), remembered; key NULL: not. */
static void remember_terms(struct vquery *vx, const void *key, size_t len, Z3_ast *const *out,
                           unsigned n)
{
	Z3_ast made[n];
	for (unsigned i = 0; i < n; i++)
		made[i] = *out[i];
	if (key)
		vmemo_put(vx->q->memo, key, len, made, n);
}

/*
 * A path's steps, and the paths of a case, stand on a few machines many
 * times over: each machine's terms are made once (memo.c).
 */
void base_encode(struct vquery *vx, const struct machine *m, struct base *b)
{
	struct spec *s = sp(vx);
	Z3_ast *f[] = { &b->npages, &b->asid, &b->vmpl, &b->rmp, &b->npt, &b->label, &b->running };
	enum { FIELDS = sizeof(f) / sizeof(f[0]) };
	/* Not on the stack: 42 and 32 KiB. */
	struct machine *h = malloc(sizeof(*h));
	struct machine_key *key = malloc(sizeof(*key));
	if (h && key) {
		holed(vx->sc, m, h);
		machine_key_of(h, key);
	} else {
		free(key);
		key = NULL;
	}
	if (!remembered_terms(vx, key, sizeof(*key), f, FIELDS)) {
		Z3_ast st = enc_state(s, h ? h : m);
		for (unsigned i = 0; i < FIELDS; i++)
			*f[i] = keep(vx, Z3_simplify(ctx(vx), enc_field(s, st, (enum state_field)i)));
		remember_terms(vx, key, sizeof(*key), f, FIELDS);
	}
	free(key);
	free(h);
	b->m = m;
}

void sym_start(struct vquery *vx, const struct machine *m, struct symstate *x)
{
	struct spec *s = sp(vx);
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		unsigned page = (unsigned)(vx->sc->spa[i] >> PAGE_SHIFT);
		x->entry[i] = keep(vx, enc_entry(s, &m->rmp[page]));
		x->label[i] = num(vx, m->label[page], s->bv8);
	}
	for (unsigned i = 0; i < vx->sc->ngpa; i++)
		x->npt[i] = num(vx, npt_lookup(m, vx->sc->gpa[i]), s->bv64);
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		x->vmpl[i] = num(vx, vmsa_get(m, vx->sc->spa[i], VMSA_VMPL, 1), s->bv8);
		x->svme[i] = keep(vx, (vmsa_get(m, vx->sc->spa[i], VMSA_EFER, 8) & EFER_SVME)
		                          ? Z3_mk_true(ctx(vx)) : Z3_mk_false(ctx(vx)));
	}
}

/* x's terms over b's tables, the NPT entry of scope page split (if any) replaced by npt. */
static Z3_ast term_with(struct vquery *vx, const struct base *b, const struct symstate *x,
                        int split, Z3_ast npt)
{
	Z3_context c = ctx(vx);
	Z3_ast rmp = b->rmp, label = b->label, table = b->npt;
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		Z3_ast p = page_num(vx, vx->sc->spa[i]);
		rmp = keep(vx, Z3_mk_store(c, rmp, p, x->entry[i]));
		label = keep(vx, Z3_mk_store(c, label, p, x->label[i]));
	}
	for (unsigned i = 0; i < vx->sc->ngpa; i++)
		table = keep(vx, Z3_mk_store(c, table, page_num(vx, vx->sc->gpa[i]),
		                             (int)i == split ? npt : x->npt[i]));
	Z3_func_decl mk = Z3_get_datatype_sort_constructor(c, sp(vx)->state, 0);
	Z3_ast f[] = { b->npages, b->asid, b->vmpl, rmp, table, label, b->running };
	return keep(vx, Z3_mk_app(c, mk, 7, f));
}

Z3_ast sym_term(struct vquery *vx, const struct base *b, const struct symstate *x)
{
	return term_with(vx, b, x, -1, NULL);
}

/* x with the path's constants renamed by sh (instance.c): the shape of x. */
static struct symstate shaped(struct vquery *vx, struct vshape *sh, const struct symstate *x)
{
	struct symstate y = *x;
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		y.entry[i] = vshape_term(vx->q, sh, x->entry[i]);
		y.label[i] = vshape_term(vx->q, sh, x->label[i]);
		y.vmpl[i] = vshape_term(vx->q, sh, x->vmpl[i]);
		y.svme[i] = vshape_term(vx->q, sh, x->svme[i]);
	}
	for (unsigned i = 0; i < vx->sc->ngpa; i++)
		y.npt[i] = vshape_term(vx->q, sh, x->npt[i]);
	return y;
}

/* An RMP entry of fresh fields, 4K: neither the hypervisor's moves in scope nor the module's change a size. */
static Z3_ast fresh_entry(struct vquery *vx)
{
	struct spec *s = sp(vx);
	struct vq *q = vx->q;
	Z3_ast f[] = {
		vq_fresh(q, "assigned", s->boolean), vq_fresh(q, "immutable", s->boolean),
		vq_fresh(q, "validated", s->boolean), vq_fresh(q, "vmsa", s->boolean),
		num(vx, PSIZE_4K, s->bv8), vq_fresh(q, "asid", s->bv32), vq_fresh(q, "gpa", s->bv64),
		vq_fresh(q, "perms1", s->bv4), vq_fresh(q, "perms2", s->bv4),
		vq_fresh(q, "perms3", s->bv4),
	};
	Z3_func_decl mk = Z3_get_datatype_sort_constructor(ctx(vx), s->entry, 0);
	return keep(vx, Z3_mk_app(ctx(vx), mk, 10, f));
}

Z3_ast query_outcome(struct vquery *vx)
{
	struct spec *s = sp(vx);
	struct vq *q = vx->q;
	Z3_context c = ctx(vx);
	Z3_func_decl mk = Z3_get_datatype_sort_constructor(c, s->outcome, 0);
	Z3_ast f[] = { vq_fresh(q, "rc", s->bv32), vq_fresh(q, "cf", s->boolean),
	               vq_fresh(q, "fault", s->fault), vq_fresh(q, "code", s->bv64) };
	return keep(vx, Z3_mk_app(c, mk, 4, f));
}

/* The values the NPT entry of a scope page may take: nowhere, or a scope system page. */
static Z3_ast npt_choice(struct vquery *vx, Z3_ast npt)
{
	Z3_context c = ctx(vx);
	Z3_ast any[VSCOPE_MAX + 1];
	unsigned n = 0;
	any[n++] = keep(vx, Z3_mk_eq(c, npt, num(vx, NPT_UNMAPPED, sp(vx)->bv64)));
	for (unsigned j = 0; j < vx->sc->nspa; j++)
		any[n++] = keep(vx, Z3_mk_eq(c, npt, num(vx, vx->sc->spa[j], sp(vx)->bv64)));
	return keep(vx, Z3_mk_or(c, n, any));
}

void query_adversary(struct vquery *vx, const struct base *b, const struct symstate *pre,
                     struct symstate *post)
{
	struct spec *s = sp(vx);
	/* The hypervisor's writes leave the guest's plaintext as it was (force.c). */
	*post = *pre;
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		post->entry[i] = fresh_entry(vx);
		post->label[i] = vq_fresh(vx->q, "label", s->bv8);
	}
	for (unsigned i = 0; i < vx->sc->ngpa; i++) {
		post->npt[i] = vq_fresh(vx->q, "npt", s->bv64);
		vq_assert(vx->q, npt_choice(vx, post->npt[i]));
	}
	struct vshape sh = { .n = 0 };
	struct symstate spre = shaped(vx, &sh, pre), spost = shaped(vx, &sh, post);
	Z3_ast from = sym_term(vx, b, &spre), to = sym_term(vx, b, &spost);
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		uint64_t spa = vx->sc->spa[i];
		Z3_ast vals[HV_COUNT] = {
			[HV_PRE] = from, [HV_POST] = to, [HV_OLD] = spre.entry[i], [HV_NEW] = spost.entry[i],
			[HV_PAGE] = page_num(vx, spa),
			[HV_RUNNING] = keep(vx, machine_vmsa_in_use(b->m, spa) ? Z3_mk_true(ctx(vx))
			                                                        : Z3_mk_false(ctx(vx))),
		};
		vq_assert(vx->q, vq_instance(vx->q, TPL_HV_PAGE, vals, &sh));
	}
}

/* The scope index of the guest page of gpa, or -1. */
static int scope_gpa(const struct vscope *sc, uint64_t gpa)
{
	for (unsigned i = 0; i < sc->ngpa; i++)
		if (sc->gpa[i] >> PAGE_SHIFT == gpa >> PAGE_SHIFT)
			return (int)i;
	return -1;
}

static bool scope_spa(const struct vscope *sc, uint64_t spa)
{
	for (unsigned i = 0; i < sc->nspa; i++)
		if (sc->spa[i] >> PAGE_SHIFT == spa >> PAGE_SHIFT)
			return true;
	return false;
}

/* How the machine model sees one HAL call: which relation, with which inputs. */
struct hal_access {
	enum tpl tpl;
	uint64_t addr, len, size, attrs;
	bool flag;
	bool writes;        /* may change the machine */
};

static struct hal_access access_of(const struct sim_event *ev)
{
	struct hal_access a = { .tpl = TPL_REFUSED, .addr = ev->args[0] };
	uint64_t off = ev->args[1];
	bool vmsa_ok = PAGE_ALIGNED(ev->args[0]) && off < PAGE_SIZE;
	switch (ev->op) {
	case OP_PVALIDATE:
		a = (struct hal_access){ TPL_PVALIDATE, ev->args[0], 0, ev->args[1], 0,
		                         ev->args[2] != 0, true };
		break;
	case OP_RMPADJUST:
		a = (struct hal_access){ TPL_RMPADJUST, ev->args[0], 0, ev->args[1], ev->args[2],
		                         false, true };
		break;
	case OP_READ_GUEST:
		a = (struct hal_access){ .tpl = TPL_READ, .addr = ev->args[0], .len = ev->args[1] };
		break;
	case OP_WRITE_GUEST:
		a = (struct hal_access){ .tpl = TPL_WRITE, .addr = ev->args[0], .len = ev->args[1],
		                         .writes = true };
		break;
	case OP_ZERO_PAGE:
		if (PAGE_ALIGNED(ev->args[0]))
			a = (struct hal_access){ .tpl = TPL_WRITE, .addr = ev->args[0], .len = PAGE_SIZE,
			                         .writes = true };
		break;
	case OP_VMSA_READ:
		if (vmsa_ok)
			a = (struct hal_access){ .tpl = TPL_READ, .addr = ev->args[0] + off,
			                         .len = ev->args[2] };
		break;
	case OP_VMSA_WRITE:
		if (vmsa_ok)
			a = (struct hal_access){ .tpl = TPL_WRITE, .addr = ev->args[0] + off,
			                         .len = ev->args[2], .writes = true };
		break;
	case OP_CAA_READ_PENDING:
		a = (struct hal_access){ .tpl = TPL_READ, .addr = ev->args[0] + CAA_CALL_PENDING,
		                         .len = 1 };
		break;
	case OP_CAA_CLEAR_PENDING:
		a = (struct hal_access){ .tpl = TPL_WRITE, .addr = ev->args[0] + CAA_CALL_PENDING,
		                         .len = 1, .writes = true };
		break;
	default:
		break;
	}
	return a;
}

static bool machine_op(enum sim_op op)
{
	return op == OP_PVALIDATE || op == OP_RMPADJUST || op == OP_READ_GUEST ||
	       op == OP_WRITE_GUEST || op == OP_ZERO_PAGE || op == OP_VMSA_READ ||
	       op == OP_VMSA_WRITE || op == OP_CAA_READ_PENDING || op == OP_CAA_CLEAR_PENDING;
}

enum step_kind query_classify(const struct vquery *vx, const struct machine *m,
                              const struct sim_event *ev)
{
	if (!machine_op(ev->op))
		return STEP_FREE;
	struct hal_access a = access_of(ev);
	if (a.tpl == TPL_REFUSED)
		return STEP_CONCRETE;   /* refused before the machine is asked */
	if (scope_gpa(vx->sc, a.addr) >= 0)
		return STEP_SYMBOLIC;
	uint64_t spa = npt_lookup(m, a.addr);
	return spa != NPT_UNMAPPED && scope_spa(vx->sc, spa) ? STEP_SYMBOLIC : STEP_CONCRETE;
}

uint64_t query_target(const struct machine *m, const struct sim_event *ev)
{
	if (!machine_op(ev->op))
		return NPT_UNMAPPED;
	struct hal_access a = access_of(ev);
	return a.tpl == TPL_REFUSED ? NPT_UNMAPPED : npt_lookup(m, a.addr);
}

/* The harness's inputs for a call: vmpl 0 (the module), and the access's operands. */
static void call_inputs(struct vquery *vx, const struct hal_access *a, Z3_ast vals[HV_COUNT])
{
	struct spec *s = sp(vx);
	vals[HV_VMPL] = num(vx, 0, s->bv32);
	vals[HV_ADDR] = num(vx, a->addr, s->bv64);
	vals[HV_SIZE] = num(vx, a->size, s->bv32);
	vals[HV_FLAG] = keep(vx, a->flag ? Z3_mk_true(ctx(vx)) : Z3_mk_false(ctx(vx)));
	vals[HV_ATTRS] = num(vx, a->attrs, s->bv64);
	vals[HV_LEN] = num(vx, a->len, s->bv64);
	vals[HV_LAB] = num(vx, LABEL_PUBLIC, s->bv8);   /* the module writes public data */
}

void query_call(struct vquery *vx, const struct base *b, const struct symstate *pre,
                struct symstate *post, const struct sim_event *ev, Z3_ast out)
{
	Z3_context c = ctx(vx);
	struct hal_access a = access_of(ev);
	*post = *pre;
	if (a.writes)
		for (unsigned i = 0; i < vx->sc->nspa; i++) {
			post->entry[i] = fresh_entry(vx);
			post->label[i] = vq_fresh(vx->q, "label", sp(vx)->bv8);
		}
	struct vshape sh = { .n = 0 };
	struct symstate spre = shaped(vx, &sh, pre), spost = shaped(vx, &sh, post);
	Z3_ast vals[HV_COUNT] = { [HV_OUT] = vshape_term(vx->q, &sh, out) };
	call_inputs(vx, &a, vals);
	int g = scope_gpa(vx->sc, a.addr);
	if (g < 0) {
		vals[HV_PRE] = sym_term(vx, b, &spre);
		vals[HV_POST] = sym_term(vx, b, &spost);
		vq_assert(vx->q, vq_instance(vx->q, a.tpl, vals, &sh));
		return;
	}
	/* One instance per system page the address may reach, each with numbers for indices. */
	for (unsigned j = 0; j <= vx->sc->nspa; j++) {
		uint64_t v = j == 0 ? NPT_UNMAPPED : vx->sc->spa[j - 1];
		Z3_ast value = num(vx, v, sp(vx)->bv64);
		vals[HV_PRE] = term_with(vx, b, &spre, g, value);
		vals[HV_POST] = term_with(vx, b, &spost, g, value);
		Z3_ast when = keep(vx, Z3_mk_eq(c, pre->npt[g], value));
		vq_assert(vx->q, keep(vx, Z3_mk_implies(c, when, vq_instance(vx->q, a.tpl, vals, &sh))));
	}
}

/*
 * What ghost_encode reads of a run, as bytes: the key of its terms in the
 * memo. A step's terms after it are the next step's before it, and a
 * 2M range's quarantine has 512 module pages to store in a table.
 */
struct ghost_key {
	uint32_t tag;   /* GHOST_KEY: an instance's key starts with its template (instance.c) */
	bool module[MACHINE_MAX_PAGES], svme[MACHINE_MAX_PAGES];
	uint8_t vmpl[MACHINE_MAX_PAGES];
};
#define GHOST_KEY 0xffffffffu
_Static_assert(sizeof(struct ghost_key) == 4 + 3 * MACHINE_MAX_PAGES,
               "no padding: the memo reads the key as bytes");

void ghost_encode(struct vquery *vx, const struct sim *s, struct ghost_terms *g)
{
	struct ghost_key key = { .tag = GHOST_KEY };
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
		key.module[i] = s->ghost.owner[i] == OWNER_MODULE;
	for (unsigned i = 0; i < s->m.npages; i++) {
		uint64_t spa = (uint64_t)i * PAGE_SIZE;
		key.vmpl[i] = (uint8_t)vmsa_get(&s->m, spa, VMSA_VMPL, 1);
		key.svme[i] = (vmsa_get(&s->m, spa, VMSA_EFER, 8) & EFER_SVME) != 0;
	}
	Z3_ast *f[] = { &g->module, &g->save_vmpl, &g->save_svme };
	enum { FIELDS = sizeof(f) / sizeof(f[0]) };
	if (remembered_terms(vx, &key, sizeof(key), f, FIELDS))
		return;
	g->module = keep(vx, enc_page_set(sp(vx), key.module));
	g->save_vmpl = keep(vx, enc_page_bytes(sp(vx), key.vmpl));
	g->save_svme = keep(vx, enc_page_set(sp(vx), key.svme));
	remember_terms(vx, &key, sizeof(key), f, FIELDS);
}

/* The witness's VMSA bytes of g with the scope's from x: save-vmpl and save-svme. */
static void contents_of(struct vquery *vx, const struct ghost_terms *g, const struct symstate *x,
                        Z3_ast vals[HV_COUNT])
{
	Z3_context c = ctx(vx);
	vals[HV_SAVE_VMPL] = g->save_vmpl;
	vals[HV_SAVE_SVME] = g->save_svme;
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		Z3_ast p = page_num(vx, vx->sc->spa[i]);
		vals[HV_SAVE_VMPL] = keep(vx, Z3_mk_store(c, vals[HV_SAVE_VMPL], p, x->vmpl[i]));
		vals[HV_SAVE_SVME] = keep(vx, Z3_mk_store(c, vals[HV_SAVE_SVME], p, x->svme[i]));
	}
}

/* Does a write of [off, off + len) within a page cover byte at? */
static bool covers_byte(uint64_t off, uint64_t len, unsigned at)
{
	return off <= at && at - off < len;
}

void query_contents(struct vquery *vx, const struct machine *after, const struct symstate *pre,
                    struct symstate *post, const struct sim_event *ev, struct hw_result out)
{
	Z3_context c = ctx(vx);
	struct hal_access a = access_of(ev);
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		post->vmpl[i] = pre->vmpl[i];
		post->svme[i] = pre->svme[i];
	}
	uint64_t off = a.addr & (PAGE_SIZE - 1);
	bool vmpl_byte = covers_byte(off, a.len, VMSA_VMPL);
	bool efer = covers_byte(off, a.len, VMSA_EFER + 1);   /* SVME is bit 12: byte 1 */
	if (a.tpl != TPL_WRITE || !hw_succeeded(out) || (!vmpl_byte && !efer))
		return;
	/*
	 * What the module wrote is fixed by its path; the witness shows it at
	 * the page the write reached there. Which page it reaches in another
	 * run is the NPT entry of the address: open for a scope page.
	 */
	uint64_t there = npt_lookup(after, a.addr);
	if (there == NPT_UNMAPPED || !machine_spa_valid(after, there))
		return;
	uint64_t vmpl = vmsa_get(after, there, VMSA_VMPL, 1);
	bool svme = (vmsa_get(after, there, VMSA_EFER, 8) & EFER_SVME) != 0;
	int g = scope_gpa(vx->sc, a.addr);
	for (unsigned i = 0; i < vx->sc->nspa; i++) {
		Z3_ast lands;
		if (g >= 0)
			lands = keep(vx, Z3_mk_eq(c, pre->npt[g], num(vx, vx->sc->spa[i], sp(vx)->bv64)));
		else if (there >> PAGE_SHIFT == vx->sc->spa[i] >> PAGE_SHIFT)
			lands = keep(vx, Z3_mk_true(c));
		else
			continue;
		if (vmpl_byte)
			post->vmpl[i] = keep(vx, Z3_mk_ite(c, lands, num(vx, vmpl, sp(vx)->bv8),
			                                   pre->vmpl[i]));
		if (efer)
			post->svme[i] = keep(vx, Z3_mk_ite(c, lands, keep(vx, svme ? Z3_mk_true(c)
			                                                           : Z3_mk_false(c)),
			                                   pre->svme[i]));
	}
}

/*
 * The pages where a state over b is open: the scope's system pages, the
 * system pages bound to a scope guest page (their NPT entry is open), and
 * the scope's guest pages with those that map to a scope system page.
 * A clause can differ from what the witness's run-time checks found only
 * at these (all indices of the spec's tables are pages: one list serves
 * the clauses over system pages and those over guest pages).
 */
static unsigned open_pages(const struct vquery *vx, const struct base *b, unsigned *pages)
{
	const struct vscope *sc = vx->sc;
	const struct machine *m = b->m;
	bool in[MACHINE_MAX_PAGES] = { false };
	for (unsigned i = 0; i < sc->nspa; i++)
		in[sc->spa[i] >> PAGE_SHIFT] = true;
	for (unsigned i = 0; i < sc->ngpa; i++)
		in[sc->gpa[i] >> PAGE_SHIFT] = true;
	for (unsigned p = 0; p < m->npages; p++) {
		uint64_t gpa = m->rmp[p].gpa, spa = npt_lookup(m, (uint64_t)p << PAGE_SHIFT);
		if (m->rmp[p].assigned && scope_gpa(sc, gpa) >= 0)
			in[p] = true;
		if (spa != NPT_UNMAPPED && scope_spa(sc, spa))
			in[p] = true;
	}
	unsigned n = 0;
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
		if (in[p])
			pages[n++] = p;
	return n;
}

/* Ask clause id, instantiated with vals, unless it cannot be broken. */
static void add_clause(struct vquery *vx, const struct base *b, struct vclauses *cl,
                       enum clause_id id, const Z3_ast vals[HV_COUNT], const struct vshape *sh)
{
	Z3_context c = ctx(vx);
	unsigned pages[MACHINE_MAX_PAGES], all[MACHINE_MAX_PAGES];
	unsigned n = open_pages(vx, b, pages);
	for (unsigned p = 0; p < b->m->npages; p++)
		all[p] = p;
	Z3_ast holds = vq_instance_at(vx->q, TPL_OF(id), vals, sh, pages, n, all, b->m->npages);
	if (Z3_get_bool_value(c, holds) == Z3_L_TRUE)
		return;
	cl->broken[id] = keep(vx, Z3_simplify(c, keep(vx, Z3_mk_not(c, holds))));
}

/* Is row a clause of this kind that the verifier asks (it has a template)? */
static bool asks(const struct clause *row, enum violation_kind kind)
{
	return row->kind == kind && row->verify;
}

void query_preconditions(struct vquery *vx, const struct base *b, const struct symstate *pre,
                         const struct sim_event *ev, struct hw_result out,
                         const struct ghost_terms *g, struct vclauses *cl)
{
	*cl = (struct vclauses){ 0 };
	/* Judged only when the instruction took effect (hal_sim.c: settle). */
	if (!hw_succeeded(out) || out.cf)
		return;
	struct hal_access a = access_of(ev);
	struct vshape sh = { .n = 0 };
	struct symstate x = shaped(vx, &sh, pre);
	Z3_ast vals[HV_COUNT] = { [HV_PRE] = sym_term(vx, b, &x) };
	contents_of(vx, g, &x, vals);
	call_inputs(vx, &a, vals);
	for (unsigned id = 0; id < CLAUSE_COUNT; id++) {
		const struct clause *row = clause_row((enum clause_id)id);
		if (asks(row, VIOLATION_PRECONDITION) && (row->ops & CLAUSE_OP(ev->op)))
			add_clause(vx, b, cl, (enum clause_id)id, vals, &sh);
	}
}

void query_invariants(struct vquery *vx, const struct base *b, const struct symstate *post,
                      const struct ghost_terms *g, struct vclauses *cl)
{
	*cl = (struct vclauses){ 0 };
	struct vshape sh = { .n = 0 };
	struct symstate x = shaped(vx, &sh, post);
	Z3_ast vals[HV_COUNT] = { [HV_POST] = sym_term(vx, b, &x), [HV_MODULE] = g->module };
	contents_of(vx, g, &x, vals);
	vals[HV_SAVE_SVME] = NULL;   /* no invariant reads it */
	/* Those with calls are the module's bookkeeping, judged after calls (query_contracts). */
	for (unsigned id = 0; id < CLAUSE_COUNT; id++) {
		const struct clause *row = clause_row((enum clause_id)id);
		if (asks(row, VIOLATION_INVARIANT) && !row->calls)
			add_clause(vx, b, cl, (enum clause_id)id, vals, &sh);
	}
}

/* A set of the module's bookkeeping as a term. */
static Z3_ast bookkeeping_term(struct vquery *vx, const uint64_t *set)
{
	uint8_t in[MACHINE_MAX_PAGES];
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
		in[p] = bookkeeping_has(set, p);
	return keep(vx, enc_page_runs(sp(vx), in, sp(vx)->boolean));
}

void query_contracts(struct vquery *vx, const struct base *b, const struct symstate *post,
                     const struct vanswer *a, struct vclauses *cl)
{
	*cl = (struct vclauses){ 0 };
	struct vshape sh = { .n = 0 };
	struct symstate x = shaped(vx, &sh, post);
	Z3_ast vals[HV_COUNT] = {
		[HV_POST] = sym_term(vx, b, &x), [HV_RCX] = num(vx, a->rcx, sp(vx)->bv64),
		[HV_RESULT] = num(vx, a->result, sp(vx)->bv32),
		[HV_OWNER] = keep(vx, enc_page_runs(sp(vx), a->owner, sp(vx)->bv8)),
		[HV_RDX] = num(vx, a->rdx, sp(vx)->bv64), [HV_RCX_OUT] = num(vx, a->rcx_out, sp(vx)->bv64),
	};
	if (a->sv) {
		struct bookkeeping bk;
		bookkeeping_of(a->sv, &bk);
		vals[HV_RAM] = bookkeeping_term(vx, bk.ram);
		vals[HV_BITMAP] = bookkeeping_term(vx, bk.bitmap);
	}
	for (unsigned id = 0; id < CLAUSE_COUNT; id++) {
		const struct clause *row = clause_row((enum clause_id)id);
		bool judges = a->call < 32 && (row->calls & CLAUSE_CALL(a->call));
		if (judges && ((a->answered && asks(row, VIOLATION_CONTRACT)) ||
		               (a->sv && asks(row, VIOLATION_INVARIANT))))
			add_clause(vx, b, cl, (enum clause_id)id, vals, &sh);
	}
}

bool vclauses_asked(const struct vclauses *cl)
{
	for (unsigned id = 0; id < CLAUSE_COUNT; id++)
		if (cl->broken[id])
			return true;
	return false;
}

Z3_ast vclauses_any(struct vquery *vx, const struct vclauses *cl)
{
	Z3_ast any[CLAUSE_COUNT];
	unsigned n = 0;
	for (unsigned id = 0; id < CLAUSE_COUNT; id++)
		if (cl->broken[id])
			any[n++] = cl->broken[id];
	return keep(vx, Z3_mk_or(ctx(vx), n, any));
}

int vclauses_which(struct vquery *vx, const struct vclauses *cl)
{
	for (unsigned id = 0; id < CLAUSE_COUNT; id++) {
		bool broken;
		if (cl->broken[id] && vq_get_bool(vx->q, cl->broken[id], &broken) && broken)
			return (int)id;
	}
	return -1;
}
